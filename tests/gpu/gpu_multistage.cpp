// A multi-stage pipeline on the GPU with stages at every level:
//  - `scaled` is computed at the root by its own kernel (device memory only);
//  - `smoothed` is computed per block (compute_at the block loop) into shared memory;
//  - `squared` is computed per thread (compute_at the innermost thread loop) into
//    registers;
//  - `out` is tiled 8x8 per block.
// Checked: the memory of each stage in the lowered nest, the PTX (two kernels) through
// ptxas, the host run against plain C++ and the device run where there is one.

#include "gpu_test_util.h"

using namespace weft;
using namespace weft_gpu_test;

namespace {

struct MultiStage {
    Buffer<int32_t> in{50, 30};
    Func scaled{"scaled"}, smoothed{"smoothed"}, squared{"squared"}, out{"out"};
    Var x{"x"}, y{"y"}, xo{"xo"}, yo{"yo"}, xi{"xi"}, yi{"yi"};

    MultiStage() {
        for (int yy = 0; yy < in.height(); yy++) {
            for (int xx = 0; xx < in.width(); xx++) {
                in(xx, yy) = (xx * 13 + yy * 7) % 23 - 11;
            }
        }
        Func c = BoundaryConditions::repeat_edge(in);
        scaled(x, y) = c(x, y) * 3 + 1;
        smoothed(x, y) = scaled(x - 1, y) + scaled(x, y) + scaled(x + 1, y + 1);
        squared(x, y) = smoothed(x, y) * smoothed(x, y);
        out(x, y) = squared(x, y) - smoothed(x + 1, y);

        out.gpu_tile(x, y, xo, yo, xi, yi, 8, 8);
        smoothed.compute_at(out, xo).gpu_threads(x, y);
        squared.compute_at(out, xi);
        scaled.compute_root().gpu_tile(x, y, xo, yo, xi, yi, 16, 4);
    }

    int at(int xx, int yy) const {
        auto cl = [](int v, int hi) { return v < 0 ? 0 : v > hi ? hi : v; };
        auto sc = [&](int u, int v) { return in(cl(u, 49), cl(v, 29)) * 3 + 1; };
        auto sm = [&](int u, int v) { return sc(u - 1, v) + sc(u, v) + sc(u + 1, v + 1); };
        return sm(xx, yy) * sm(xx, yy) - sm(xx + 1, yy);
    }

    void check(const Buffer<int32_t> &o) const {
        int bad = 0;
        for (int yy = 0; yy < o.height(); yy++) {
            for (int xx = 0; xx < o.width(); xx++) {
                if (o(xx, yy) != at(xx, yy) && bad++ == 0) {
                    FAIL_CHECK("at (" << xx << ", " << yy << "): got " << o(xx, yy)
                                      << ", expected " << at(xx, yy));
                }
            }
        }
        REQUIRE(bad == 0);
    }
};

} // namespace

TEST_CASE("gpu: multi-stage pipeline with root, block and thread stages", "[gpu][ptx]") {
    MultiStage m;
    std::string stmt = lowered_of({m.out}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(stmt.find("allocate smoothed[") != std::string::npos);
    REQUIRE(stmt.find("in MemoryType::GPUShared") != std::string::npos);
    REQUIRE(stmt.find("allocate squared[int32 * 1 * 1] in MemoryType::Register") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({m.out}, 2);
    INFO(ptx);
    REQUIRE(ptx.find(".shared") != std::string::npos);
    REQUIRE(count_of(ptx, "bar.sync") == 1);
    skip_if_no_ptxas();
}

TEST_CASE("gpu: multi-stage pipeline runs on the host target", "[gpu][host]") {
    MultiStage m;
    m.check(m.out.realize({50, 30}, get_host_target()));
}

TEST_CASE("gpu: multi-stage pipeline runs on the device", "[gpu][device]") {
    require_device();
    MultiStage m;
    m.check(m.out.realize({50, 30}, Target("host-cuda")));
}
