// A sum reduction on the GPU through rfactor: the RDom is split by 256 and rfactor
// turns the inner RVar into a Var u of an intermediate Func "total_intm"(u), whose 256
// partial sums are computed by 256 threads (4 blocks of 64), each summing its strided
// slice serially; the final sum of the partials runs in a single GPU thread
// (gpu_single_thread). Two kernels; total_intm lives only in device memory.
// Checked: the lowered nest and PTX, the host run and the device run.

#include "gpu_test_util.h"

#include <cmath>

using namespace weft;
using namespace weft_gpu_test;

namespace {

constexpr int size = 256 * 37;

struct Sum {
    Buffer<float> in{size};
    Func total{"total"}, intm;
    Var u{"u"}, ub{"ub"}, ut{"ut"};
    RDom r{0, size, "r"};
    RVar ro{"ro"}, ri{"ri"};

    Sum() {
        for (int i = 0; i < size; i++) {
            in(i) = float((i * 31) % 17) * 0.125f - 1.0f;
        }
        total() = 0.0f;
        total() += in(r);
        total.update().split(r, ro, ri, 256);
        intm = total.update().rfactor(ri, u);
        intm.compute_root().gpu_tile(u, ub, ut, 64);
        intm.update().gpu_tile(u, ub, ut, 64);
        total.gpu_single_thread();
        total.update().gpu_single_thread();
    }

    void check(const Buffer<float> &out) const {
        double e = 0;
        for (int i = 0; i < size; i++) {
            e += in(i);
        }
        INFO("got " << out() << ", expected " << e);
        REQUIRE(std::fabs(out() - e) <= 1e-3 * (1 + std::fabs(e)));
    }
};

} // namespace

TEST_CASE("gpu: rfactor reduction as two kernels", "[gpu][ptx]") {
    Sum s;
    std::string stmt = lowered_of({s.total}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(count_of(stmt, "gpu_block (") >= 3);
    std::string ptx = require_valid_ptx({s.total}, 4);
    INFO(ptx);
    REQUIRE(ptx.find("add.f32") != std::string::npos);
    skip_if_no_ptxas();
}

TEST_CASE("gpu: rfactor reduction runs on the host target", "[gpu][host]") {
    Sum s;
    s.check(s.total.realize({}, get_host_target()));
}

TEST_CASE("gpu: rfactor reduction runs on the device", "[gpu][device]") {
    require_device();
    Sum s;
    s.check(s.total.realize({}, Target("host-cuda")));
}
