// weft_malloc / weft_free (src/runtime/Allocation.h): 64-byte alignment at every size,
// large freed blocks reused by the next request they fit (so a pipeline called again
// does not fault its buffers' pages in again), small ones and misfits not, a small
// block freed and asked for again handed back at the same address (still in cache), and
// a cache that never holds more than its limit however much is freed.

#include "runtime/Allocation.h"
#include "weft/runtime/weft_runtime.h"
#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace weft;

namespace {

constexpr uint64_t MiB = uint64_t(1) << 20;

bool aligned64(const void *p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

} // namespace

TEST_CASE("weft_malloc is 64-byte aligned at every size", "[runtime][alloc]") {
    internal::release_cached_allocations();
    for (uint64_t bytes : {uint64_t(0), uint64_t(1), uint64_t(63), uint64_t(65), uint64_t(4096),
                           uint64_t(300) << 10, 3 * MiB + 5}) {
        void *p = weft_malloc(nullptr, bytes);
        REQUIRE(p != nullptr);
        CHECK(aligned64(p));
        std::memset(p, 0xab, bytes);
        weft_free(nullptr, p);
    }
    weft_free(nullptr, nullptr);
    internal::release_cached_allocations();
    CHECK(internal::cached_allocation_bytes() == 0);
}

TEST_CASE("a small block freed and asked for again comes back at the same address",
          "[runtime][alloc]") {
    // A parallel task that allocates a row buffer, fills it and frees it, again and
    // again: each task must find its buffer where the last one left it (in L1), not at a
    // new address further along the heap (aligned_alloc's behaviour with glibc).
    for (uint64_t bytes : {uint64_t(4096), uint64_t(4160), uint64_t(20000), uint64_t(100000)}) {
        void *first = weft_malloc(nullptr, bytes);
        REQUIRE(first != nullptr);
        std::memset(first, 1, bytes);
        weft_free(nullptr, first);
        for (int i = 0; i < 8; i++) {
            void *p = weft_malloc(nullptr, bytes);
            CHECK(p == first);
            CHECK(aligned64(p));
            std::memset(p, 2, bytes);
            weft_free(nullptr, p);
        }
    }
}

TEST_CASE("a large freed block is reused by the next request it fits", "[runtime][alloc]") {
    internal::release_cached_allocations();
    void *a = weft_malloc(nullptr, 4 * MiB);
    REQUIRE(a != nullptr);
    std::memset(a, 1, 4 * MiB);
    weft_free(nullptr, a);
    CHECK(internal::cached_allocation_bytes() == 4 * MiB);
    // A slightly smaller request gets the same block; the cache is then empty.
    void *b = weft_malloc(nullptr, 3 * MiB);
    CHECK(b == a);
    CHECK(internal::cached_allocation_bytes() == 0);
    weft_free(nullptr, b);
    // Larger than the block, or less than half of it: a new block.
    void *c = weft_malloc(nullptr, 5 * MiB);
    CHECK(c != a);
    void *d = weft_malloc(nullptr, 1 * MiB);
    CHECK(d != a);
    weft_free(nullptr, c);
    weft_free(nullptr, d);
    internal::release_cached_allocations();
}

TEST_CASE("small blocks are not cached and the cache stays bounded", "[runtime][alloc]") {
    internal::release_cached_allocations();
    void *small = weft_malloc(nullptr, 1000);
    weft_free(nullptr, small);
    CHECK(internal::cached_allocation_bytes() == 0);
    std::vector<void *> blocks;
    for (int i = 0; i < 40; i++) {
        blocks.push_back(weft_malloc(nullptr, 64 * MiB));
        REQUIRE(blocks.back() != nullptr);
    }
    for (void *p : blocks) {
        weft_free(nullptr, p);
    }
    const uint64_t held = internal::cached_allocation_bytes();
    CHECK(held > 0);
    CHECK(held <= 512 * MiB);
    internal::release_cached_allocations();
    CHECK(internal::cached_allocation_bytes() == 0);
}

TEST_CASE("a pipeline called twice reuses its intermediate buffer", "[runtime][alloc]") {
    internal::release_cached_allocations();
    Buffer<float> in(1024, 1024);
    for (int y = 0; y < 1024; y++) {
        for (int x = 0; x < 1024; x++) {
            in(x, y) = float(x ^ y);
        }
    }
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 2.0f;
    g(x, y) = f(x, y) + f(x, y);
    f.compute_root();
    Buffer<float> out = g.realize({1024, 1024});
    // f's 4 MiB buffer was freed into the cache at the end of the call...
    CHECK(internal::cached_allocation_bytes() >= 4 * MiB);
    Buffer<float> again = g.realize({1024, 1024});
    CHECK(internal::cached_allocation_bytes() >= 4 * MiB);
    for (int yy = 0; yy < 1024; yy += 97) {
        for (int xx = 0; xx < 1024; xx += 89) {
            CHECK(again(xx, yy) == float(xx ^ yy) * 4.0f);
            CHECK(out(xx, yy) == again(xx, yy));
        }
    }
    internal::release_cached_allocations();
}
