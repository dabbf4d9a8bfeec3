// The CUDA runtime on a real driver and GPU: allocation, copies both ways (dense and
// cropped), a hand-written PTX kernel run through weft_cuda_load_module/_launch, and
// the cache. Without a driver or device the test reports a skip (exit code 77).

#include "cuda_test_support.h"

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using weft_test::DriverOverride;
using weft_test::ErrorCatcher;

namespace {

/// Skips the test (exit code 77, registered as SKIP) unless a real GPU is present.
void require_gpu() {
    ErrorCatcher e;
    if (weft_cuda_initialize(e.uc()) != 0) {
        std::printf("SKIP: no usable CUDA GPU: %s\n", e.error_message.c_str());
        std::fflush(stdout);
        std::_Exit(77);
    }
}

// out[i] += 1.0f for i < n, one thread per element (checked with ptxas -arch=sm_90).
const char add_one_ptx[] = R"(.version 7.0
.target sm_75
.address_size 64

.visible .entry add_one(
	.param .u64 add_one_param_0,
	.param .u32 add_one_param_1
)
{
	.reg .pred 	%p<2>;
	.reg .b32 	%r<6>;
	.reg .f32 	%f<3>;
	.reg .b64 	%rd<5>;

	ld.param.u64 	%rd1, [add_one_param_0];
	ld.param.u32 	%r1, [add_one_param_1];
	mov.u32 	%r2, %ctaid.x;
	mov.u32 	%r3, %ntid.x;
	mov.u32 	%r4, %tid.x;
	mad.lo.s32 	%r5, %r2, %r3, %r4;
	setp.ge.s32 	%p1, %r5, %r1;
	@%p1 bra 	$L__done;
	cvta.to.global.u64 	%rd2, %rd1;
	mul.wide.s32 	%rd3, %r5, 4;
	add.s64 	%rd4, %rd2, %rd3;
	ld.global.f32 	%f1, [%rd4];
	add.f32 	%f2, %f1, 0f3F800000;
	st.global.f32 	[%rd4], %f2;
$L__done:
	ret;
}
)";

} // namespace

TEST_CASE("cuda device: copies to and from real device memory", "[runtime][cuda][gpu]") {
    DriverOverride real_driver(nullptr);
    require_gpu();
    CHECK(weft::cuda_available());
    CHECK(weft::cuda_compute_capability() >= 30);

    weft::Buffer<float> a(1023, 517);
    a.for_each_element([&](int x, int y) { a(x, y) = float(x) - 0.25f * float(y); });
    a.copy_to_device();
    REQUIRE(a.has_device_allocation());

    // Wipe the host copy behind weft's back, then bring the device copy back.
    std::memset(a.data(), 0, a.number_of_elements() * sizeof(float));
    a.set_device_dirty();
    a.copy_to_host();
    a.for_each_element([&](int x, int y) { REQUIRE(a(x, y) == float(x) - 0.25f * float(y)); });

    // A crop goes over without its parent's other elements, and comes back into place.
    weft::Buffer<float> parent(300, 200);
    parent.fill(-1.0f);
    weft::Buffer<float> crop = parent.cropped(0, 17, 101).cropped(1, 33, 45);
    crop.fill(4.0f);
    crop.copy_to_device();
    crop.fill(0.0f); // Host now differs; the device still holds 4.
    crop.set_host_dirty(false);
    crop.set_device_dirty();
    crop.copy_to_host();
    parent.for_each_element([&](int x, int y) {
        bool inside = x >= 17 && x < 118 && y >= 33 && y < 78;
        REQUIRE(parent(x, y) == (inside ? 4.0f : -1.0f));
    });
}

TEST_CASE("cuda device: a PTX kernel runs on weft's buffers", "[runtime][cuda][gpu]") {
    DriverOverride real_driver(nullptr);
    require_gpu();
    const int n = 100000;
    weft::Buffer<float> v(n);
    v.for_each_element([&](int i) { v(i) = float(i); });
    v.copy_to_device();

    void *module_state = nullptr;
    ErrorCatcher e;
    REQUIRE(weft_cuda_load_module(e.uc(), &module_state, add_one_ptx, sizeof(add_one_ptx)) == 0);
    uint64_t pointer = v.device_ptr();
    int32_t count = n;
    void *args[] = {&pointer, &count};
    const int threads = 256, blocks = (n + threads - 1) / threads;
    INFO(e.error_message);
    REQUIRE(weft_cuda_launch(e.uc(), module_state, "add_one", blocks, 1, 1, threads, 1, 1, 0,
                             args) == 0);
    REQUIRE(weft_cuda_launch(e.uc(), module_state, "add_one", blocks, 1, 1, threads, 1, 1, 0,
                             args) == 0);
    v.set_device_dirty();
    v.copy_to_host();
    v.for_each_element([&](int i) { REQUIRE(v(i) == float(i) + 2.0f); });

    // A bad kernel name is reported, not crashed on.
    ErrorCatcher bad;
    CHECK(weft_cuda_launch(bad.uc(), module_state, "no_such_kernel", 1, 1, 1, 1, 1, 1, 0, args) ==
          weft_error_code_cuda_failed);
    CHECK_THAT(bad.error_message, Catch::Matchers::Contains("CUDA_ERROR_NOT_FOUND"));
    weft_cuda_unload_module(&module_state);
    CHECK(module_state == nullptr);

    // Scratch memory comes back from the cache.
    uint64_t scratch = 0;
    REQUIRE(weft_cuda_malloc(e.uc(), 1 << 20, &scratch) == 0);
    REQUIRE(weft_cuda_free(e.uc(), scratch) == 0);
    uint64_t again = 0;
    REQUIRE(weft_cuda_malloc(e.uc(), 1 << 20, &again) == 0);
    CHECK(again == scratch);
    REQUIRE(weft_cuda_free(e.uc(), again) == 0);
    weft::cuda_release_unused();
}
