#ifndef WEFT_APPS_SOFTMAX_GPU_SCHEDULES_H
#define WEFT_APPS_SOFTMAX_GPU_SCHEDULES_H

// The GPU schedule of the softmax in softmax_algorithm.h (issue 5, item 8), for a
// Target with cuda ("host-cuda"); on a host target the same loops run serially.
//
// One block of `threads` threads per row. Both reductions are rfactor'ed across the
// threads: the reduction domain is split by `threads` and rfactor turns the inner RVar
// into a Var u of an intermediate Func (row_max_intm(u, y), row_sum_intm(u, y)), which
// is computed per block (shared memory, `threads` floats) by `threads` threads, thread u
// combining the elements u, u + threads, ... of the row (consecutive threads read
// consecutive floats: coalesced). A second rfactor combines those `threads` partial
// results in partial_threads threads (thread v: partials v, v + partial_threads, ...:
// no bank conflicts), and one thread combines the last partial_threads values into
// row_max (row_sum): 16 + 16 serial steps instead of 256. All in shared memory, between
// barriers. e is inlined (it is
// recomputed in the sum and in the output: two fast_exp per element, cheaper than
// storing a row whose length is known only at run time), inv is computed once per block.
// The output is written by the same threads, element u, u + threads, ... of the row.
// So a row is read three times (max, sum, output), from L2/L1 after the first.
//
// Sizes: any width and height (the splits of the row guard their last piece).

#include "softmax_algorithm.h"

#include <weft/weft.h>

#include <string>

namespace softmax {

struct GpuTuning {
    int threads = 256;        ///< threads per block (one row each)
    int partial_threads = 16; ///< threads combining the partial results (divides threads)
};

/// Applies the GPU schedule to the Funcs of make_softmax (once per SoftmaxFuncs).
inline void schedule_softmax_gpu(SoftmaxFuncs &f, const GpuTuning &t = GpuTuning{}) {
    using namespace weft;
    const Var &x = f.x, &y = f.y;
    Var xo("xo"), xt("xt");
    f.softmax.split(x, xo, xt, t.threads, TailStrategy::GuardWithIf)
        .reorder(xo, xt, y)
        .gpu_blocks(y)
        .gpu_threads(xt);

    // Each reduction in three steps: `threads` threads over the row (coalesced),
    // partial_threads threads over those partial results, one thread over the rest.
    auto rfactor_in_threads = [&](Func &total, const RDom &r, const std::string &name) {
        RVar ro(name + "_ro"), ri(name + "_ri"), pro(name + "_pro"), pri(name + "_pri");
        Var u(name + "_u"), v(name + "_v");
        total.compute_at(f.softmax, y);
        total.update().split(r, ro, ri, t.threads);
        Func over_row = total.update().rfactor(ri, u);
        over_row.compute_at(f.softmax, y).gpu_threads(u);
        over_row.update().reorder(ro, u).gpu_threads(u);
        total.update().split(ri, pro, pri, t.partial_threads);
        Func over_partials = total.update().rfactor(pri, v);
        over_partials.compute_at(f.softmax, y).gpu_threads(v);
        over_partials.update().reorder(pro, v).gpu_threads(v);
    };
    rfactor_in_threads(f.row_max, f.r_max, "max");
    rfactor_in_threads(f.row_sum, f.r_sum, "sum");

    f.inv.compute_at(f.softmax, y);
}

} // namespace softmax

#endif
