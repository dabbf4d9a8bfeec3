#ifndef WEFT_APPS_SOFTMAX_SCHEDULES_H
#define WEFT_APPS_SOFTMAX_SCHEDULES_H

// Manual schedules of the softmax in softmax_algorithm.h, the best one first.
//
//  - Rows: row by row, blocks of rows spread over threads. Per row, e is computed once
//    into a row buffer (W floats, in L1; allocated once per block of rows) and every
//    stage is vectorized on x. The two row reductions (max and sum) are split by
//    rfactor into `lanes` partial results per row, computed with `lanes / vector_width`
//    independent vector accumulators (so the adds and maxes are not one dependency
//    chain); those are reduced to one value by an atomic() vectorized update (a
//    horizontal reduction in registers, log2(lanes) steps: the 16-step scalar chain it
//    replaced was ~120 cycles per row, of ~600). Blocks of 64 rows: at 16 rows per
//    block the 4096x1024 softmax took 2.38 ms against 1.86 ms at 1 thread (bench/softmax,
//    one run). The output is written with streaming stores (store_nontemporal): no read
//    of each output line before it is written, and the 16 MB output does not evict the
//    input from L3. 4096 rows of 1024, 1 thread, in one process alternating the two:
//    1.65 ms against 1.90 ms with ordinary stores (Eigen 1.70).
//  - RowsScalarReductions: the same without rfactor: the max and the sum are scalar
//    loops over the row.
//  - Naive: every stage at root, serial and scalar.
//
// Tails: the output shifts its last vector inwards (TailStrategy::ShiftInwards: no
// masks), so it needs W >= vector_width; e, the reductions and the blocks of rows guard
// their tails (GuardWithIf), which loop partitioning (src/lower/PartitionLoops.h) peels
// into an epilogue loop: their steady loops have no masks, clamps or guards, and the
// output's steady loop no ShiftInwards clamp. Softmax (below) runs the naive schedule
// for rows narrower than a vector.

#include "softmax_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace softmax {

enum class Schedule { Rows, RowsScalarReductions, Naive };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Rows:
        return "rows";
    case Schedule::RowsScalarReductions:
        return "rows_scalar_reductions";
    case Schedule::Naive:
        return "naive";
    }
    return "?";
}

struct Tuning {
    int vector_width = 16;  ///< lanes of one vector
    int lanes = 64;         ///< partial results per row in the rfactored reductions
    int rows_per_task = 64; ///< rows of one parallel task
};

namespace detail {

/// rfactors the update of `reduction` (over `r`) into `t.lanes` partial results per
/// row, computed at `consumer`'s row loop `row` with vector accumulators, and those
/// to one value by a horizontal reduction. (The partial results are stored row-major,
/// partial(y, u): computed where the row loop has one iteration of known extent, their
/// rows are dense vectors; the row_max, consumed by e, is computed at e's own row loop
/// so that this extent is a literal 1.)
inline void vector_reduction(weft::Func reduction, const weft::RDom &r, weft::Func consumer,
                             const weft::Var &row, const Tuning &t) {
    using namespace weft;
    RVar ro("ro"), ri("ri");
    Var u("u");
    reduction.compute_at(consumer, row);
    reduction.update().split(r, ro, ri, t.lanes, TailStrategy::GuardWithIf);
    Func partial = reduction.update().rfactor(ri, u);
    partial.compute_at(consumer, row).vectorize(u, t.vector_width).unroll(u);
    partial.update().vectorize(u, t.vector_width).unroll(u);
    // The lanes partial results to one: a horizontal reduction, in registers.
    reduction.update().atomic().vectorize(ri);
}

} // namespace detail

/// True when schedule `s` can run rows of `width` floats (the vectorized schedules need
/// a whole vector).
inline bool fits(int width, Schedule s, const Tuning &t = Tuning{}) {
    return s == Schedule::Naive || width >= t.vector_width;
}

inline void schedule_softmax(SoftmaxFuncs &f, Schedule s, const Tuning &t = Tuning{}) {
    using namespace weft;
    if (s == Schedule::Naive) {
        f.row_max.compute_root();
        f.e.compute_root();
        f.row_sum.compute_root();
        f.inv.compute_root();
        return;
    }
    Var yo("yo"), yi("yi");
    f.softmax.split(f.y, yo, yi, t.rows_per_task, TailStrategy::GuardWithIf)
        .parallel(yo)
        .vectorize(f.x, t.vector_width);
    if (s == Schedule::Rows) {
        f.softmax.store_nontemporal();
    }
    f.e.store_at(f.softmax, yo)
        .compute_at(f.softmax, yi)
        .vectorize(f.x, t.vector_width, TailStrategy::GuardWithIf);
    f.inv.compute_at(f.softmax, yi);
    if (s == Schedule::Rows) {
        detail::vector_reduction(f.row_max, f.r_max, f.e, f.y, t);
        detail::vector_reduction(f.row_sum, f.r_sum, f.softmax, yi, t);
        return;
    }
    f.row_max.compute_at(f.softmax, yi);
    f.row_sum.compute_at(f.softmax, yi);
}

/// A compiled softmax for any W, H >= 1: schedule `s` where it fits, the naive schedule
/// for rows narrower than a vector (each compiled at first use).
///
///   softmax::Softmax sm(softmax::Schedule::Rows);
///   sm(in, out);   // in, out: Buffer<float>(W, H)
class Softmax {
public:
    explicit Softmax(Schedule s, const Tuning &t = Tuning{}) : schedule_(s), tuning_(t) {}

    void operator()(const weft::Buffer<float> &in, weft::Buffer<float> &out) {
        const bool wide = fits(out.width(), schedule_, tuning_);
        Compiled &p = wide ? fast_ : narrow_;
        const Schedule s = wide ? schedule_ : Schedule::Naive;
        if (!p.funcs) {
            p.funcs = std::make_unique<SoftmaxFuncs>(
                make_softmax(p.in, std::string("softmax_") + to_string(s)));
            schedule_softmax(*p.funcs, s, tuning_);
        }
        p.in.set(in);
        p.funcs->softmax.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam in{weft::Float(32), 2, "in"};
        std::unique_ptr<SoftmaxFuncs> funcs;
    };
    Schedule schedule_;
    Tuning tuning_;
    Compiled fast_, narrow_;
};

} // namespace softmax

#endif
