// A pointwise pipeline on the GPU: gpu_tile in 1-D and 2-D, float math (sqrt, exp,
// sin through libdevice or the fast approximations) and integer arithmetic. The PTX of
// every capability is assembled with ptxas; the same schedule on a host target runs as
// serial loops and must match plain C++; on a device it must match the CPU result.

#include "gpu_test_util.h"

#include <cmath>

using namespace weft;
using namespace weft_gpu_test;

namespace {

struct Pointwise {
    Buffer<float> in{64, 48};
    Func f{"pointwise"};
    Var x{"x"}, y{"y"}, xo{"xo"}, yo{"yo"}, xi{"xi"}, yi{"yi"};

    Pointwise() {
        for (int yy = 0; yy < in.height(); yy++) {
            for (int xx = 0; xx < in.width(); xx++) {
                in(xx, yy) = float((xx * 7 + yy * 13) % 29) * 0.25f;
            }
        }
        f(x, y) = sqrt(in(x, y)) * 2.0f + sin(in(x, y)) + cast<float>(x - y);
    }
    float expected(int xx, int yy) const {
        return std::sqrt(in(xx, yy)) * 2.0f + std::sin(in(xx, yy)) + float(xx - yy);
    }
};

void check_result(const Pointwise &p, const Buffer<float> &out, float tolerance) {
    int bad = 0;
    for (int yy = 0; yy < out.height(); yy++) {
        for (int xx = 0; xx < out.width(); xx++) {
            if (std::fabs(out(xx, yy) - p.expected(xx, yy)) > tolerance && bad++ == 0) {
                FAIL_CHECK("at (" << xx << ", " << yy << "): got " << out(xx, yy) << ", expected "
                                  << p.expected(xx, yy));
            }
        }
    }
    REQUIRE(bad == 0);
}

} // namespace

TEST_CASE("gpu: pointwise gpu_tile 2-D compiles to PTX that ptxas accepts", "[gpu][ptx]") {
    Pointwise p;
    p.f.gpu_tile(p.x, p.y, p.xo, p.yo, p.xi, p.yi, 16, 8);
    for (int sm : {70, 80, 90}) {
        Target t = Target("host-cuda").with_feature(sm == 70   ? Target::CUDACapability70
                                                    : sm == 80 ? Target::CUDACapability80
                                                               : Target::CUDACapability90);
        std::string ptx = ptx_of({p.f}, t);
        INFO("sm_" << sm << " PTX:\n" << ptx);
        REQUIRE(count_of(ptx, ".entry") == 1);
        REQUIRE(ptx.find(".target sm_" + std::to_string(sm)) != std::string::npos);
        REQUIRE(ptx.find("%ctaid.x") != std::string::npos);
        REQUIRE(ptx.find("%ctaid.y") != std::string::npos);
        REQUIRE(ptx.find("%tid.x") != std::string::npos);
        REQUIRE(ptx.find("%tid.y") != std::string::npos);
        REQUIRE(ptx.find("ld.global") != std::string::npos);
        REQUIRE(ptx.find("st.global") != std::string::npos);
        REQUIRE(ptx.find("sqrt") != std::string::npos);
        require_ptxas_accepts(ptx, sm);
    }
}

TEST_CASE("gpu: pointwise gpu_tile 1-D with a guarded tail assembles", "[gpu][ptx]") {
    Pointwise p;
    Var t("t");
    p.f.fuse(p.x, p.y, t).gpu_tile(t, p.xo, p.xi, 100, TailStrategy::GuardWithIf);
    std::string ptx = ptx_of({p.f}, Target("host-cuda"));
    REQUIRE(count_of(ptx, ".entry") == 1);
    REQUIRE(ptx.find("%ctaid.y") == std::string::npos);
    require_ptxas_accepts(ptx, 80);
}

TEST_CASE("gpu: a GPU schedule on a host target runs as serial loops", "[gpu][host]") {
    Pointwise p;
    p.f.gpu_tile(p.x, p.y, p.xo, p.yo, p.xi, p.yi, 16, 8);
    Buffer<float> out = p.f.realize({64, 48}, get_host_target());
    check_result(p, out, 1e-5f);
}

TEST_CASE("gpu: pointwise runs on the device and matches the CPU", "[gpu][device]") {
    require_device();
    Pointwise p;
    p.f.gpu_tile(p.x, p.y, p.xo, p.yo, p.xi, p.yi, 16, 8);
    Buffer<float> out = p.f.realize({64, 48}, Target("host-cuda"));
    check_result(p, out, 1e-4f);
}
