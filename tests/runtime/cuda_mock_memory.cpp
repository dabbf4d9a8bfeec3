// Device allocations on the mock driver: the cache (reuse, buckets, out-of-memory retry,
// release, threads), Buffer ownership, and wrapping device memory the user owns.

#include "cuda_test_support.h"

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

using Catch::Matchers::Contains;
using weft_test::ErrorCatcher;
using weft_test::MockCuda;

namespace {

uint64_t cuda_malloc(uint64_t bytes) {
    ErrorCatcher e;
    uint64_t address = 0;
    REQUIRE(weft_cuda_malloc(e.uc(), bytes, &address) == 0);
    REQUIRE(address != 0);
    return address;
}

void cuda_free(uint64_t address) {
    ErrorCatcher e;
    REQUIRE(weft_cuda_free(e.uc(), address) == 0);
}

} // namespace

TEST_CASE("cuda mock: freed allocations are reused from the cache", "[runtime][cuda]") {
    MockCuda mock;
    uint64_t a = cuda_malloc(1000);
    cuda_free(a);
    CHECK(cuda_malloc(1000) == a); // Same size: the cached allocation.
    CHECK(mock.counters().allocs == 1);
    uint64_t b = cuda_malloc(1000); // `a` is in use: a new one.
    CHECK(b != a);
    CHECK(mock.counters().allocs == 2);
    cuda_free(b);
    CHECK(cuda_malloc(1010) == b);  // Same bucket (1024 bytes).
    uint64_t c = cuda_malloc(1100); // Next bucket (1280 bytes).
    CHECK(c != a);
    CHECK(c != b);
    CHECK(mock.counters().allocs == 3);

    // A second free of the same address is refused.
    cuda_free(c);
    ErrorCatcher e;
    CHECK(weft_cuda_free(e.uc(), c) == weft_error_code_device_buffer);
    CHECK_THAT(e.error_message,
               Contains("was not allocated by weft_cuda_malloc, or is already free"));

    // release_unused returns the cached allocations to the driver, not the live ones.
    weft_cuda_release_unused();
    CHECK(mock.counters().frees == 1);
    cuda_free(a);
    cuda_free(b);
    weft_cuda_release_unused();
    CHECK(mock.counters().frees == 3);
    CHECK(mock.counters().live_allocations == 0);
    CHECK(mock.counters().context_depth == 0);
}

TEST_CASE("cuda mock: out of device memory empties the cache and retries", "[runtime][cuda]") {
    MockCuda mock;
    uint64_t a = cuda_malloc(4096);
    cuda_free(a);
    mock.fail_next("cuMemAlloc", 2); // CUDA_ERROR_OUT_OF_MEMORY, once
    uint64_t b = cuda_malloc(1 << 20);
    CHECK(mock.counters().frees == 1); // `a` went back to the driver before the retry.
    cuda_free(b);

    // Out of memory twice is an error naming the size.
    mock.fail_next("cuMemAlloc", 2, 2);
    ErrorCatcher e;
    uint64_t address = 0;
    CHECK(weft_cuda_malloc(e.uc(), 3 << 20, &address) == weft_error_code_cuda_failed);
    CHECK_THAT(e.error_message,
               Contains("CUDA error in cuMemAlloc (allocating 3145728 bytes of device memory for "
                        "a device scratch buffer): CUDA_ERROR_OUT_OF_MEMORY (out of memory)"));
    CHECK(address == 0);
    ErrorCatcher huge;
    CHECK(weft_cuda_malloc(huge.uc(), uint64_t(1) << 50, &address) ==
          weft_error_code_out_of_memory);
    CHECK(address == 0);
}

TEST_CASE("cuda mock: allocation from many threads", "[runtime][cuda]") {
    MockCuda mock;
    constexpr int threads = 8, rounds = 300;
    std::vector<std::thread> pool;
    std::vector<int> failures(threads, 0);
    for (int t = 0; t < threads; t++) {
        pool.emplace_back([t, &failures] {
            for (int i = 0; i < rounds; i++) {
                uint64_t bytes = 64 + uint64_t((i * 7 + t) % 5) * 300;
                uint64_t address = 0;
                if (weft_cuda_malloc(nullptr, bytes, &address) != 0) {
                    failures[t]++;
                    continue;
                }
                // Mock device memory is host memory: a shared allocation would show here.
                auto *p = reinterpret_cast<volatile int *>(static_cast<uintptr_t>(address));
                p[0] = t;
                std::this_thread::yield();
                if (p[0] != t || weft_cuda_free(nullptr, address) != 0) {
                    failures[t]++;
                }
            }
        });
    }
    for (std::thread &th : pool) {
        th.join();
    }
    for (int t = 0; t < threads; t++) {
        CHECK(failures[t] == 0);
    }
    // Five sizes in five buckets; each thread holds one allocation at a time, so
    // without reuse there would be threads * rounds allocations.
    CHECK(mock.counters().allocs <= threads * 5);
    weft_cuda_release_unused();
    CHECK(mock.counters().live_allocations == 0);
}

TEST_CASE("cuda mock: a Buffer frees its device allocation with its last copy", "[runtime][cuda]") {
    MockCuda mock;
    uint64_t address = 0;
    {
        weft::Buffer<float> a(300, 200);
        a.copy_to_device();
        address = a.device_ptr();
        weft::Buffer<float> copy = a;
        a = weft::Buffer<float>();
        CHECK(copy.device_ptr() == address); // Still owned by the remaining copy.
        // A view made from the C description never owns the device memory.
        weft::Buffer<float> raw_view(*copy.raw_buffer());
        CHECK(raw_view.device_ptr() == address);
    }
    CHECK(mock.counters().allocs == 1);
    // Back in the cache: a buffer of the same size gets the same memory.
    weft::Buffer<float> b(300, 200);
    b.copy_to_device();
    CHECK(b.device_ptr() == address);
    CHECK(mock.counters().allocs == 1);

    // device_free returns it at once and clears the device state.
    b.set_device_dirty();
    b.device_free();
    CHECK_FALSE(b.has_device_allocation());
    CHECK_FALSE(b.device_dirty());
    CHECK(cuda_malloc(300 * 200 * sizeof(float)) == address);
    CHECK(mock.counters().allocs == 1);
    cuda_free(address);
    weft_cuda_release_unused();
    CHECK(mock.counters().live_allocations == 0);
}

TEST_CASE("cuda mock: wrapping device memory the user owns", "[runtime][cuda]") {
    MockCuda mock;
    const uint64_t mine = cuda_malloc(64 * sizeof(int)); // stands for the user's cudaMalloc
    {
        weft::Buffer<int> b(64);
        b.for_each_value([](int &v) { v = 5; });
        b.device_wrap_native(weft::DeviceAPI::CUDA, mine);
        CHECK(b.device_ptr() == mine);
        CHECK(b.raw_buffer()->device_interface == weft_cuda_wrapped_device_interface());
        // Wrapped memory holds the user's data: no copy unless the host is newer.
        b.copy_to_device();
        CHECK(mock.counters().h2d_copies == 0);
        b.set_host_dirty();
        b.copy_to_device();
        CHECK(mock.counters().h2d_copies == 1);
        CHECK(reinterpret_cast<int *>(static_cast<uintptr_t>(mine))[63] == 5);

        CHECK_THROWS_WITH(b.device_wrap_native(weft::DeviceAPI::CUDA, mine),
                          Contains("already has a device allocation"));
        CHECK_THROWS_WITH(b.device_wrap_native(weft::DeviceAPI::Host, mine),
                          Contains("the only device API is DeviceAPI::CUDA"));
        b.device_detach_native();
        CHECK(b.device_ptr() == 0);
        CHECK_THROWS_WITH(b.device_detach_native(), Contains("does not wrap a device address"));
        b.device_wrap_native(weft::DeviceAPI::CUDA, mine);
    } // Destroyed while wrapping: weft must not free or cache `mine`.
    CHECK(mock.counters().frees == 0);
    uint64_t other = cuda_malloc(64 * sizeof(int));
    CHECK(other != mine); // `mine` never went to the cache...
    cuda_free(mine);      // ...and is still the user's to free.
    cuda_free(other);
}

TEST_CASE("cuda mock: no device", "[runtime][cuda]") {
    MockCuda mock;
    mock.set_device_count(0);
    CHECK(weft_cuda_available() == 0);
    ErrorCatcher e;
    CHECK(weft_cuda_initialize(e.uc()) == weft_error_code_no_cuda);
    CHECK_THAT(e.error_message, Catch::Matchers::StartsWith("no CUDA device found ("));
    CHECK_THAT(e.error_message, Contains("reports 0 devices"));
}
