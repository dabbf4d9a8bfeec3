// Matrix multiply on the GPU with its input tiles staged into shared memory through
// ImageParam::in(), as a Halide user writes it: the algorithm reads A and B directly,
// and the schedule adds A.in(prod) and B.in(prod) computed at the K-chunk loop with
// gpu_threads copy loops, stored in MemoryType::GPUShared. Checked: the lowered nest
// (the wrappers' shared allocations, the barriers), the PTX for every capability
// through ptxas, the host run against plain C++, and the device run where there is one.

#include "gpu_test_util.h"

#include <cmath>

using namespace weft;
using namespace weft_gpu_test;

namespace {

constexpr int N = 80, M = 48, K = 64; // out is N x M (x, y); K divisible by 16

struct StagedMatmul {
    ImageParam A{Float(32), 2, "A"}, B{Float(32), 2, "B"};
    Buffer<float> a{K, M}, b{N, K};
    Func prod{"prod"}, out{"matmul"};
    Var x{"x"}, y{"y"}, xo{"xo"}, yo{"yo"}, xi{"xi"}, yi{"yi"};
    RDom r{0, K, "r"};
    RVar ro{"ro"}, ri{"ri"};

    StagedMatmul() {
        for (int yy = 0; yy < a.height(); yy++) {
            for (int xx = 0; xx < a.width(); xx++) {
                a(xx, yy) = float((xx * 3 + yy * 5) % 11) - 5.0f;
            }
        }
        for (int yy = 0; yy < b.height(); yy++) {
            for (int xx = 0; xx < b.width(); xx++) {
                b(xx, yy) = float((xx * 7 + yy * 2) % 13) * 0.5f - 3.0f;
            }
        }
        A.set(a);
        B.set(b);
        // The algorithm: no staging in it.
        prod(x, y) = 0.0f;
        prod(x, y) += A(r, y) * B(x, r);
        out(x, y) = prod(x, y);

        // The schedule: 16x16 tiles per block, the K loop in chunks of 16, and for each
        // chunk a 16x16 tile of A and of B copied into shared memory by the block's
        // threads (one element each) before they accumulate from it.
        out.gpu_tile(x, y, xo, yo, xi, yi, 16, 16);
        prod.compute_at(out, xo).gpu_threads(x, y);
        prod.update().split(r, ro, ri, 16).reorder(ri, x, y, ro).gpu_threads(x, y);
        for (ImageParam *in : {&A, &B}) {
            Func staged = in->in(prod);
            std::vector<Var> v = staged.args();
            staged.compute_at(prod, ro).gpu_threads(v[0], v[1]).store_in(MemoryType::GPUShared);
        }
    }

    void check(const Buffer<float> &c) const { require_matmul_result(a, b, c, M, N, K); }
};

} // namespace

TEST_CASE("gpu: matmul with A.in() and B.in() staged in shared memory", "[gpu][ptx]") {
    StagedMatmul m;
    std::string nest = m.out.loop_nest_string();
    INFO(nest);
    REQUIRE(nest.find("produce A_in_prod") != std::string::npos);
    REQUIRE(nest.find("produce B_in_prod") != std::string::npos);

    require_staged_matmul(m.out, "A_in_prod", "B_in_prod");
}

TEST_CASE("gpu: matmul with staged inputs runs on the host target", "[gpu][host]") {
    StagedMatmul m;
    m.check(m.out.realize({N, M}, get_host_target()));
}

TEST_CASE("gpu: matmul with staged inputs runs on the device", "[gpu][device]") {
    require_device();
    StagedMatmul m;
    m.check(m.out.realize({N, M}, Target("host-cuda")));
}
