// Matrix multiply on the GPU, tiled 16x16 per block with shared-memory stages: the
// accumulator tile `prod` lives in shared memory (computed at the block loop), the K
// loop is split by 16 and, for each chunk, 16x16 tiles of A and B are staged into
// shared memory by the block's threads before the threads accumulate from them.
// Barriers separate the stages and end each chunk. Checked: the lowered nest (three
// shared allocations of constant size, four barriers), the PTX for every capability
// through ptxas, the host run against plain C++, and the device run where there is one.

#include "gpu_test_util.h"

#include <cmath>

using namespace weft;
using namespace weft_gpu_test;

namespace {

constexpr int N = 80, M = 48, K = 64; // out is N x M (x, y); K divisible by 16

struct Matmul {
    Buffer<float> A{K, M}, B{N, K};
    Func A_shared{"A_shared"}, B_shared{"B_shared"}, prod{"prod"}, out{"matmul"};
    Var x{"x"}, y{"y"}, xo{"xo"}, yo{"yo"}, xi{"xi"}, yi{"yi"};
    RDom r{0, K, "r"};
    RVar ro{"ro"}, ri{"ri"};

    Matmul() {
        for (int yy = 0; yy < A.height(); yy++) {
            for (int xx = 0; xx < A.width(); xx++) {
                A(xx, yy) = float((xx * 3 + yy * 5) % 11) - 5.0f;
            }
        }
        for (int yy = 0; yy < B.height(); yy++) {
            for (int xx = 0; xx < B.width(); xx++) {
                B(xx, yy) = float((xx * 7 + yy * 2) % 13) * 0.5f - 3.0f;
            }
        }
        A_shared(x, y) = A(x, y);
        B_shared(x, y) = B(x, y);
        prod(x, y) = 0.0f;
        prod(x, y) += A_shared(r, y) * B_shared(x, r);
        out(x, y) = prod(x, y);

        out.gpu_tile(x, y, xo, yo, xi, yi, 16, 16);
        prod.compute_at(out, xo).gpu_threads(x, y);
        prod.update().split(r, ro, ri, 16).reorder(ri, x, y, ro).gpu_threads(x, y);
        A_shared.compute_at(prod, ro).gpu_threads(x, y);
        B_shared.compute_at(prod, ro).gpu_threads(x, y);
    }

    void check(const Buffer<float> &c) const { require_matmul_result(A, B, c, M, N, K); }
};

} // namespace

TEST_CASE("gpu: tiled matmul with shared-memory stages", "[gpu][ptx]") {
    Matmul m;
    require_staged_matmul(m.out, "A_shared", "B_shared");
}

TEST_CASE("gpu: tiled matmul runs on the host target", "[gpu][host]") {
    Matmul m;
    m.check(m.out.realize({N, M}, get_host_target()));
}

TEST_CASE("gpu: tiled matmul runs on the device", "[gpu][device]") {
    require_device();
    Matmul m;
    m.check(m.out.realize({N, M}, Target("host-cuda")));
}
