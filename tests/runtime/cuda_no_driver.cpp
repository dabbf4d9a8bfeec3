// The CUDA runtime without a CUDA driver: every call that needs the driver reports
// weft_error_code_no_cuda with "no CUDA driver found (...)" (C ABI) or throws it as a
// RuntimeError (Buffer API); nothing crashes, and CPU pipelines work unchanged.

#include "cuda_test_support.h"

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using weft_test::DriverOverride;
using weft_test::ErrorCatcher;

namespace {

constexpr const char *missing_driver = "/nonexistent/weft/libcuda.so.1";

/// Checks that `code` is no_cuda and the message names the missing library.
void check_no_driver(int code, ErrorCatcher &e) {
    CHECK(code == weft_error_code_no_cuda);
    CHECK(e.error_code == weft_error_code_no_cuda);
    CHECK_THAT(e.error_message,
               StartsWith(std::string("no CUDA driver found (") + missing_driver + ": "));
    CHECK_THAT(e.error_message, Contains("No such file"));
}

} // namespace

TEST_CASE("cuda without a driver: the C functions report no_cuda", "[runtime][cuda]") {
    DriverOverride no_driver(missing_driver);
    CHECK(weft_cuda_available() == 0);

    {
        ErrorCatcher e;
        check_no_driver(weft_cuda_initialize(e.uc()), e);
    }
    float host[12] = {};
    weft_dimension_t dim[1] = {{0, 12, 1, 0}};
    weft_buffer_t buf{};
    buf.host = reinterpret_cast<uint8_t *>(host);
    buf.type = {weft_type_float, 32, 1};
    buf.dimensions = 1;
    buf.dim = dim;
    {
        ErrorCatcher e;
        check_no_driver(weft_cuda_copy_to_device(e.uc(), &buf), e);
    }
    {
        ErrorCatcher e;
        check_no_driver(weft_cuda_device_malloc(e.uc(), &buf), e);
    }
    {
        ErrorCatcher e;
        uint64_t address = 123;
        check_no_driver(weft_cuda_malloc(e.uc(), 256, &address), e);
        CHECK(address == 123); // Untouched: nothing was allocated.
    }
    {
        ErrorCatcher e;
        void *module_state = nullptr;
        const char ptx[] = ".version 8.0\n.target sm_90\n";
        check_no_driver(weft_cuda_load_module(e.uc(), &module_state, ptx, sizeof(ptx)), e);
        CHECK(module_state == nullptr);
    }
    {
        ErrorCatcher e;
        int dummy = 0;
        check_no_driver(weft_cuda_launch(e.uc(), &dummy, "kernel", 1, 1, 1, 32, 1, 1, 0, nullptr),
                        e);
    }
    {
        ErrorCatcher e;
        int32_t major = -1, minor = -1;
        check_no_driver(weft_cuda_compute_capability(e.uc(), &major, &minor), e);
        CHECK(major == -1);
    }
    // Copying back needs the driver only when the device copy is newer.
    {
        ErrorCatcher e;
        CHECK(weft_cuda_copy_to_host(e.uc(), &buf) == 0);
        CHECK(e.error_code == 0);
        buf.device = 0x1000;
        weft_buffer_set_device_dirty(&buf, 1);
        check_no_driver(weft_cuda_copy_to_host(e.uc(), &buf), e);
        buf.device = 0;
        weft_buffer_set_device_dirty(&buf, 0);
    }
    // Nothing to free is not an error; weft's own context can always be restored.
    {
        ErrorCatcher e;
        CHECK(weft_cuda_device_free(e.uc(), &buf) == 0);
        CHECK(weft_cuda_free(e.uc(), 0) == 0);
        CHECK(e.error_code == 0);
        CHECK(weft_cuda_set_context(nullptr, nullptr) == 0);
    }
    weft_cuda_release_unused();
    CHECK(buf.device == 0);
    CHECK(buf.device_interface == nullptr);
}

TEST_CASE("cuda without a driver: Buffer's device methods throw RuntimeError", "[runtime][cuda]") {
    DriverOverride no_driver(missing_driver);
    weft::Buffer<float> b(16, 8);
    b(3, 2) = 7.0f;

    CHECK_FALSE(weft::cuda_available());
    CHECK_THROWS_WITH(b.copy_to_device(), StartsWith("no CUDA driver found"));
    CHECK_THROWS_WITH(b.device_malloc(), StartsWith("no CUDA driver found"));
    CHECK_THROWS_WITH(b.device_wrap_native(weft::DeviceAPI::CUDA, 0x1000),
                      StartsWith("no CUDA driver found"));
    CHECK_THROWS_AS(b.copy_to_device(), weft::RuntimeError);
    CHECK_THROWS_WITH(weft::cuda_set_context(&b), StartsWith("no CUDA driver found"));
    CHECK_THROWS_WITH(weft::cuda_compute_capability(), StartsWith("no CUDA driver found"));
    // The message says which call on which buffer failed.
    weft::Buffer<float> named({4}, "weights");
    CHECK_THROWS_WITH(named.copy_to_device(),
                      Contains("(in copy_to_device of Buffer \"weights\")"));

    // Nothing was allocated or marked; the host data is intact and usable.
    CHECK_FALSE(b.has_device_allocation());
    CHECK(b.device_ptr() == 0);
    CHECK_FALSE(b.host_dirty());
    CHECK_FALSE(b.device_dirty());
    CHECK_NOTHROW(b.copy_to_host());
    CHECK_NOTHROW(b.device_free());
    CHECK_NOTHROW(weft::cuda_set_context(nullptr));
    CHECK(b(3, 2) == 7.0f);
    b.fill(1.0f);
    CHECK(b(15, 7) == 1.0f);
    CHECK_FALSE(b.host_dirty()); // No device allocation: nothing to mark.
}

TEST_CASE("cuda without a driver: the default library is libcuda.so.1", "[runtime][cuda]") {
    DriverOverride default_driver(nullptr);
    if (void *real = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL)) {
        dlclose(real);
        std::printf("SKIP: this machine has libcuda.so.1; the missing-driver message cannot "
                    "be checked here\n");
        std::fflush(stdout);
        std::_Exit(77);
    }
    ErrorCatcher e;
    CHECK(weft_cuda_initialize(e.uc()) == weft_error_code_no_cuda);
    CHECK_THAT(e.error_message, StartsWith("no CUDA driver found (libcuda.so.1: "));
    CHECK(weft_cuda_available() == 0);
}

TEST_CASE("cuda: a library that is not a CUDA driver is refused", "[runtime][cuda]") {
    DriverOverride not_a_driver("libm.so.6");
    ErrorCatcher e;
    CHECK(weft_cuda_initialize(e.uc()) == weft_error_code_no_cuda);
    CHECK_THAT(e.error_message, StartsWith("no CUDA driver found (libm.so.6 has no cuInit"));
    CHECK(weft_cuda_available() == 0);
}

TEST_CASE("cuda without a driver: CPU pipelines realize unchanged", "[runtime][cuda]") {
    DriverOverride no_driver(missing_driver);
    weft::Func f("f");
    weft::Var x("x"), y("y");
    f(x, y) = x * 3 + y;
    weft::Buffer<int> out = f.realize({20, 10});
    for (int j = 0; j < 10; j++) {
        for (int i = 0; i < 20; i++) {
            REQUIRE(out(i, j) == i * 3 + j);
        }
    }
    CHECK_FALSE(out.has_device_allocation());
    CHECK_NOTHROW(out.copy_to_host());
}
