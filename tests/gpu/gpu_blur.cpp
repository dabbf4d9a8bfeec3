// The 3x3 box blur on the GPU with blur_x staged in shared memory: blur_y is tiled
// into 16x16 blocks of threads; blur_x is computed per block (compute_at the block
// loop) by its own thread loops into a 16x18 shared tile, then a barrier, then blur_y's
// threads read it. Checked: the lowered loop nest (shared allocation, one barrier), the
// PTX (.shared, bar.sync) for every capability through ptxas, the host run of the same
// schedule against plain C++, and the device run where there is one.

#include "gpu_test_util.h"

using namespace weft;
using namespace weft_gpu_test;

namespace {

struct Blur {
    Buffer<uint16_t> in{70, 45};
    Func blur_x{"blur_x"}, blur_y{"blur_y"};
    Var x{"x"}, y{"y"}, xo{"xo"}, yo{"yo"}, xi{"xi"}, yi{"yi"};

    Blur() {
        for (int yy = 0; yy < in.height(); yy++) {
            for (int xx = 0; xx < in.width(); xx++) {
                in(xx, yy) = uint16_t((xx * 37 + yy * 101) % 1000);
            }
        }
        Func c = BoundaryConditions::repeat_edge(in);
        blur_x(x, y) = (c(x - 1, y) + c(x, y) + c(x + 1, y)) / 3;
        blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 3;
        blur_y.gpu_tile(x, y, xo, yo, xi, yi, 16, 16);
        blur_x.compute_at(blur_y, xo).gpu_threads(x, y);
    }

    uint16_t at(int xx, int yy) const {
        auto clampi = [](int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; };
        auto bx = [&](int u, int v) {
            v = clampi(v, 0, in.height() - 1);
            int s = 0;
            for (int d = -1; d <= 1; d++) {
                s += in(clampi(u + d, 0, in.width() - 1), v);
            }
            return uint16_t(s / 3);
        };
        return uint16_t((bx(xx, yy - 1) + bx(xx, yy) + bx(xx, yy + 1)) / 3);
    }

    void check(const Buffer<uint16_t> &out) const {
        int bad = 0;
        for (int yy = 0; yy < out.height(); yy++) {
            for (int xx = 0; xx < out.width(); xx++) {
                if (out(xx, yy) != at(xx, yy) && bad++ == 0) {
                    FAIL_CHECK("at (" << xx << ", " << yy << "): got " << out(xx, yy)
                                      << ", expected " << at(xx, yy));
                }
            }
        }
        REQUIRE(bad == 0);
    }
};

} // namespace

TEST_CASE("gpu: blur stages blur_x in shared memory with a barrier", "[gpu][ptx]") {
    Blur b;
    std::string stmt = lowered_of({b.blur_y}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(stmt.find("allocate blur_x[uint16 * 16 * 18] in MemoryType::GPUShared") !=
            std::string::npos);
    REQUIRE(count_of(stmt, "weft_gpu_thread_barrier()") == 1);
    REQUIRE(count_of(stmt, "gpu_thread (") == 4);
    REQUIRE(stmt.find("weft_cuda_copy_to_host(__user_context, blur_y.buffer)") != std::string::npos);

    std::string ptx = require_valid_ptx({b.blur_y}, 1);
    INFO(ptx);
    REQUIRE(ptx.find(".shared .align 16 .b8") != std::string::npos);
    REQUIRE(ptx.find("[576]") != std::string::npos); // 16 * 18 uint16
    REQUIRE(count_of(ptx, "bar.sync") == 1);
    REQUIRE(ptx.find("ld.shared.u16") != std::string::npos);
    REQUIRE(ptx.find("st.shared.u16") != std::string::npos);
    skip_if_no_ptxas();
}

TEST_CASE("gpu: blur with a shared stage runs on the host target", "[gpu][host]") {
    Blur b;
    b.check(b.blur_y.realize({70, 45}, get_host_target()));
}

TEST_CASE("gpu: blur with a shared stage runs on the device", "[gpu][device]") {
    require_device();
    Blur b;
    b.check(b.blur_y.realize({70, 45}, Target("host-cuda")));
}
