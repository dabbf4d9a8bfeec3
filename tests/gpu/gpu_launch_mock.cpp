// The host side of GPU pipelines, end to end on the mock CUDA driver
// (tests/runtime/mock_cuda: device memory is host memory, launches are recorded, not
// run). realize() with Target("host-cuda") must load the PTX once, copy the input to
// the device, allocate the output there, launch each kernel with the grid and block the
// schedule implies and the arguments its PTX declares, copy the output back, and turn
// a driver failure into a RuntimeError.

#include "gpu_test_util.h"
#include "runtime/cuda_test_support.h"

using namespace weft;
using namespace weft_gpu_test;

TEST_CASE("gpu mock: one kernel: module, copies, grid, block and arguments", "[gpu][mock]") {
    weft_test::MockCuda mock;
    Buffer<int32_t> in(70, 45);
    for (int y = 0; y < 45; y++) {
        for (int x = 0; x < 70; x++) {
            in(x, y) = x + y;
        }
    }
    Func f("f");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f(x, y) = in(x, y) * 2 + 1;
    f.gpu_tile(x, y, xo, yo, xi, yi, 16, 8);
    Buffer<int32_t> out = f.realize({70, 45}, Target("host-cuda"));

    const mock_cuda_counters_t &c = mock.counters();
    CHECK(c.module_loads == 1);
    CHECK(c.launches == 1);
    CHECK(c.h2d_copies == 1); // the input; the output is only allocated
    CHECK(c.h2d_bytes == 70 * 45 * 4);
    CHECK(c.d2h_copies == 1); // the output, back to the host at the end
    CHECK(c.d2h_bytes == 70 * 45 * 4);
    CHECK(c.bad_device_ranges == 0);
    const mock_cuda_launch_t &l = mock.last_launch();
    CHECK(std::string(l.kernel).rfind("weft_f_k0_", 0) == 0);
    CHECK(l.grid[0] == 5); // ceil(70 / 16)
    CHECK(l.grid[1] == 6); // ceil(45 / 8)
    CHECK(l.grid[2] == 1);
    CHECK(l.block[0] == 16);
    CHECK(l.block[1] == 8);
    CHECK(l.block[2] == 1);
    CHECK(l.shared_bytes == 0);
    // The module weft loaded is the PTX compile_to_ptx gives, and the launch passed as
    // many arguments as its kernel declares (two device addresses among them).
    CHECK(mock.last_ptx() == ptx_of({f}, Target("host-cuda")));
    REQUIRE(l.num_args >= 2);
    int addresses = 0;
    for (int i = 0; i < l.num_args; i++) {
        addresses += l.arg_bytes[i] == 8 && l.args[i] != 0;
    }
    CHECK(addresses == 2);

    // Again: the module is cached, the kernel launched once more.
    f.realize(out, Target("host-cuda"));
    CHECK(mock.counters().module_loads == 1);
    CHECK(mock.counters().launches == 2);
}

TEST_CASE("gpu mock: a root stage on the device is a second kernel with device scratch",
          "[gpu][mock]") {
    weft_test::MockCuda mock;
    Buffer<float> in(64, 32);
    Func a("a"), b("b");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    a(x, y) = in(x, y) + 1.0f;
    b(x, y) = a(x, y) * a(x, y);
    b.gpu_tile(x, y, xo, yo, xi, yi, 32, 4);
    a.compute_root().gpu_tile(x, y, xo, yo, xi, yi, 64, 2);
    b.realize({64, 32}, Target("host-cuda"));
    const mock_cuda_counters_t &c = mock.counters();
    CHECK(c.launches == 2);
    CHECK(c.module_loads == 1);
    CHECK(c.h2d_copies == 1);  // the input only: `a` never leaves the device
    CHECK(c.d2h_copies == 1);  // the output only
    CHECK(c.bad_device_ranges == 0);
    const mock_cuda_launch_t &l = mock.last_launch();
    CHECK(std::string(l.kernel).rfind("weft_b_k1_", 0) == 0);
    CHECK(l.grid[0] == 2);
    CHECK(l.grid[1] == 8);
    CHECK(l.block[0] == 32);
    CHECK(l.block[1] == 4);
}

TEST_CASE("gpu mock: a failed launch is a RuntimeError", "[gpu][mock]") {
    weft_test::MockCuda mock;
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = x * 3;
    f.gpu_tile(x, xo, xi, 64);
    mock.fail_next("cuLaunchKernel", 700);
    REQUIRE_THROWS_AS(f.realize({256}, Target("host-cuda")), RuntimeError);
    CHECK(mock.counters().launches == 0);
}

TEST_CASE("gpu mock: a host update after a GPU stage copies the output back first",
          "[gpu][mock]") {
    weft_test::MockCuda mock;
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = x * 3;
    f(x) += 1; // runs on the host
    f.gpu_tile(x, xo, xi, 64);
    std::string stmt = lowered_of({f}, Target("host-cuda"));
    INFO(stmt);
    const size_t copy = stmt.find("weft_cuda_copy_to_host(__user_context, f.buffer)");
    const size_t dirty = stmt.find("weft_buffer_set_host_dirty(f.buffer, 1)");
    REQUIRE(copy != std::string::npos);
    REQUIRE(dirty != std::string::npos);
    REQUIRE(copy < dirty);
    f.realize({256}, Target("host-cuda"));
    CHECK(mock.counters().launches == 1);
    CHECK(mock.counters().d2h_copies == 1); // before the host update; not again at the end
    CHECK(mock.counters().bad_device_ranges == 0);
}

TEST_CASE("gpu: realize on a CUDA target without a driver is a RuntimeError", "[gpu][mock]") {
    weft_test::DriverOverride no_driver("/nonexistent/libcuda.so.1");
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = x * 3;
    f.gpu_tile(x, xo, xi, 64);
    REQUIRE_THROWS_AS(f.realize({256}, Target("host-cuda")), RuntimeError);
    REQUIRE_THROWS_WITH(f.realize({256}, Target("host-cuda")), Catch::Contains("CUDA"));
}
