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
// a 64-byte header with its capacity, so weft_free knows its size.

#include "Allocation.h"

#include "weft/runtime/weft_runtime.h"

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

struct Header {
    uint64_t capacity; // bytes usable after the header
};
static_assert(sizeof(Header) <= alignment);

struct Block {
    void *base; // what aligned_alloc returned (the header)
    uint64_t capacity;
};

class BlockCache {
public:
    /// A cached block of at least `bytes` (and at most twice that), or nullptr.
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
        void *base = blocks_[best].base;
        bytes_ -= blocks_[best].capacity;
        blocks_[best] = blocks_.back();
        blocks_.pop_back();
        return base;
    }

    /// Keeps `base` (a block of `capacity` bytes); false when the cache is full.
    bool keep(void *base, uint64_t capacity) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (blocks_.size() >= cache_max_blocks || bytes_ + capacity > cache_max_bytes) {
            return false;
        }
        blocks_.push_back({base, capacity});
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
            std::free(b.base);
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

void *user_pointer(void *base) { return static_cast<char *>(base) + alignment; }

void *base_of(void *user) { return static_cast<char *>(user) - alignment; }

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
    // aligned_alloc wants a multiple of the alignment; never ask for zero bytes.
    const uint64_t rounded =
        bytes == 0 ? alignment : (bytes + alignment - 1) / alignment * alignment;
    if (rounded >= cache_min_bytes) {
        if (void *base = block_cache().take(rounded)) {
            return user_pointer(base);
        }
    }
    void *base = std::aligned_alloc(alignment, rounded + alignment);
    if (!base) {
        weft_error_out_of_memory(user_context, nullptr, bytes);
        return nullptr;
    }
    static_cast<Header *>(base)->capacity = rounded;
    return user_pointer(base);
}

void weft_free(void *user_context, void *ptr) {
    (void)user_context;
    if (!ptr) {
        return;
    }
    void *base = base_of(ptr);
    const uint64_t capacity = static_cast<Header *>(base)->capacity;
    if (capacity >= cache_min_bytes && block_cache().keep(base, capacity)) {
        return;
    }
    std::free(base);
}

} // extern "C"
