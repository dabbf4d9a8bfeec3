// weft_malloc / weft_free (weft_runtime.h): 64-byte aligned heap memory for the
// buffers a pipeline allocates, with a sanity limit on the size, and a small cache of
// large freed blocks.
//
// A pipeline allocates its large intermediate buffers on every call and frees them
// before it returns. glibc serves such sizes with mmap (or grows and trims the heap
// top), so each call would page-fault every page of every buffer in again: for the
// imaging apps that was up to a third of the run time (interpolate: ~80 ms with the
// faults, ~47 ms without). Freed blocks of at least cache_min_bytes are therefore kept
// (at most cache_max_blocks of them and cache_max_bytes in all) and handed out again to
// a request they fit without wasting more than half of the block. Every block carries
// a header with its capacity and the address malloc returned, so weft_free knows both.
//
// Blocks come from plain malloc, aligned by hand, not from aligned_alloc: glibc's
// aligned_alloc splits off the misaligned head of each chunk, so a block freed and
// asked for again lands at a new address each time, walking through the heap. A
// parallel task that allocates a small row buffer (softmax's 4 KB row of exponentials)
// then wrote into cold memory on every task: 1.3 us per task (4096x1024 softmax,
// 256 tasks: 2.05 ms at 16 rows per task against 1.75 ms at 256). malloc hands the
// same chunk back, still in L1.

#include "Allocation.h"

#include "weft/runtime/weft_runtime.h"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace {

constexpr uint64_t alignment = 64;
/// Larger requests are certainly a bug (a negative size cast to unsigned, an overflow).
constexpr uint64_t max_allocation_bytes = uint64_t(1) << 47;

constexpr uint64_t cache_min_bytes = uint64_t(256) << 10;
constexpr uint64_t cache_max_bytes = uint64_t(512) << 20;
constexpr size_t cache_max_blocks = 16;

/// Stored just below the pointer weft_malloc returns.
struct Header {
    void *base;        // what malloc returned
    uint64_t capacity; // bytes usable at the returned pointer
};
static_assert(sizeof(Header) <= alignment);

/// Bytes to ask malloc for so that `capacity` aligned bytes and a Header fit.
constexpr uint64_t raw_bytes(uint64_t capacity) { return capacity + 2 * alignment; }

Header *header_of(void *user) { return static_cast<Header *>(user) - 1; }

struct Block {
    void *user; // the aligned pointer weft_malloc returned
    uint64_t capacity;
};

class BlockCache {
public:
    /// A cached block (its aligned pointer) of at least `bytes` (and at most twice
    /// that), or nullptr.
    void *take(uint64_t bytes) {
        std::lock_guard<std::mutex> lock(mutex_);
        size_t best = blocks_.size();
        for (size_t i = 0; i < blocks_.size(); i++) {
            const uint64_t c = blocks_[i].capacity;
            if (c >= bytes && c / 2 <= bytes &&
                (best == blocks_.size() || c < blocks_[best].capacity)) {
                best = i;
            }
        }
        if (best == blocks_.size()) {
            return nullptr;
        }
        void *user = blocks_[best].user;
        bytes_ -= blocks_[best].capacity;
        blocks_[best] = blocks_.back();
        blocks_.pop_back();
        return user;
    }

    /// Keeps `user` (a block of `capacity` bytes); false when the cache is full.
    bool keep(void *user, uint64_t capacity) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (blocks_.size() >= cache_max_blocks || bytes_ + capacity > cache_max_bytes) {
            return false;
        }
        blocks_.push_back({user, capacity});
        bytes_ += capacity;
        return true;
    }

    uint64_t bytes() {
        std::lock_guard<std::mutex> lock(mutex_);
        return bytes_;
    }

    void release() {
        std::vector<Block> blocks;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            blocks.swap(blocks_);
            bytes_ = 0;
        }
        for (const Block &b : blocks) {
            std::free(header_of(b.user)->base);
        }
    }

private:
    std::mutex mutex_;
    std::vector<Block> blocks_;
    uint64_t bytes_ = 0;
};

BlockCache &block_cache() {
    // Never destroyed: a pipeline may still free a block while the process exits.
    static BlockCache *cache = new BlockCache;
    return *cache;
}

} // namespace

namespace weft::internal {

uint64_t cached_allocation_bytes() { return block_cache().bytes(); }

void release_cached_allocations() { block_cache().release(); }

} // namespace weft::internal

extern "C" {

void *weft_malloc(void *user_context, uint64_t bytes) {
    if (bytes > max_allocation_bytes) {
        weft_error_out_of_memory(user_context, nullptr, bytes);
        return nullptr;
    }
    // Whole cache lines (vector loops may read up to the end of the last one); never
    // zero bytes.
    const uint64_t rounded =
        bytes == 0 ? alignment : (bytes + alignment - 1) / alignment * alignment;
    if (rounded >= cache_min_bytes) {
        if (void *user = block_cache().take(rounded)) {
            return user;
        }
    }
    void *base = std::malloc(raw_bytes(rounded));
    if (!base) {
        weft_error_out_of_memory(user_context, nullptr, bytes);
        return nullptr;
    }
    // The first aligned address with room for the Header below it.
    const uintptr_t first = reinterpret_cast<uintptr_t>(base) + sizeof(Header);
    void *user = reinterpret_cast<void *>((first + alignment - 1) / alignment * alignment);
    *header_of(user) = Header{base, rounded};
    return user;
}

void weft_free(void *user_context, void *ptr) {
    (void)user_context;
    if (!ptr) {
        return;
    }
    const Header h = *header_of(ptr);
    if (h.capacity >= cache_min_bytes && block_cache().keep(ptr, h.capacity)) {
        return;
    }
    std::free(h.base);
}

} // extern "C"
