#ifndef WEFT_TESTS_RUNTIME_CUDA_TEST_SUPPORT_H
#define WEFT_TESTS_RUNTIME_CUDA_TEST_SUPPORT_H

// Helpers of the CUDA runtime tests (tests/runtime/cuda_*.cpp).
//
// ctest runs every TEST_CASE in its own process; run by hand, one process runs them all,
// so each helper below resets weft's driver state (reset_cuda_for_tests) on entry and
// exit: a test sees exactly the driver it asked for.

#include "mock_cuda/mock_cuda.h"
#include "runtime/CudaDriver.h"
#include "runtime/UserContext.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace weft_test {

/// Points weft at the driver library `path` (WEFT_CUDA_DRIVER) for one test.
class DriverOverride {
public:
    explicit DriverOverride(const char *path) {
        if (path) {
            setenv("WEFT_CUDA_DRIVER", path, 1);
        } else {
            unsetenv("WEFT_CUDA_DRIVER");
        }
        weft::internal::reset_cuda_for_tests();
    }
    ~DriverOverride() {
        weft::internal::reset_cuda_for_tests();
        unsetenv("WEFT_CUDA_DRIVER");
    }
    DriverOverride(const DriverOverride &) = delete;
    DriverOverride &operator=(const DriverOverride &) = delete;
};

/// The mock driver of tests/runtime/mock_cuda, in use by weft for one test, with
/// access to what it recorded. Declare it before the Buffers of the test.
class MockCuda {
public:
    MockCuda() : override_(WEFT_MOCK_CUDA_LIBRARY) {
        handle_ = dlopen(WEFT_MOCK_CUDA_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        REQUIRE(handle_ != nullptr);
        counters_ = symbol<decltype(counters_)>("mock_cuda_counters");
        last_launch_ = symbol<decltype(last_launch_)>("mock_cuda_last_launch");
        last_ptx_ = symbol<decltype(last_ptx_)>("mock_cuda_last_ptx");
        reset_counters_ = symbol<decltype(reset_counters_)>("mock_cuda_reset_counters");
        fail_next_ = symbol<decltype(fail_next_)>("mock_cuda_fail_next");
        set_device_count_ = symbol<decltype(set_device_count_)>("mock_cuda_set_device_count");
        fail_next_("", 0, 0);
        set_device_count_(1);
        reset_counters_();
    }
    ~MockCuda() { dlclose(handle_); }
    MockCuda(const MockCuda &) = delete;
    MockCuda &operator=(const MockCuda &) = delete;

    const mock_cuda_counters_t &counters() const { return *counters_(); }
    const mock_cuda_launch_t &last_launch() const { return *last_launch_(); }
    std::string last_ptx() const { return last_ptx_(); }
    void fail_next(const char *function, int result, int times = 1) {
        fail_next_(function, result, times);
    }
    void set_device_count(int n) { set_device_count_(n); }

private:
    template<typename Fn> Fn symbol(const char *name) {
        void *p = dlsym(handle_, name);
        REQUIRE(p != nullptr);
        return reinterpret_cast<Fn>(p);
    }

    DriverOverride override_;
    void *handle_ = nullptr;
    const mock_cuda_counters_t *(*counters_)() = nullptr;
    const mock_cuda_launch_t *(*last_launch_)() = nullptr;
    const char *(*last_ptx_)() = nullptr;
    void (*reset_counters_)() = nullptr;
    void (*fail_next_)(const char *, int, int) = nullptr;
    void (*set_device_count_)(int) = nullptr;
};

/// A user context that collects the runtime's error, as realize() uses.
struct ErrorCatcher : weft::internal::JITUserContext {
    void *uc() { return this; }
};

} // namespace weft_test

#endif
