#ifndef WEFT_APPS_INTERPOLATE_SCHEDULES_H
#define WEFT_APPS_INTERPOLATE_SCHEDULES_H

// Manual schedules of the multi-scale interpolation (interpolate_algorithm.h), the best
// one first.
//
//  - Parallel: every level of both pyramids (down, interp) but the finest ones, and
//    expand's x pass (up_x: half the rows of its level), at root; down[0] (the
//    premultiplied input) inlined, interp[0] computed per output row; reduce's y pass
//    (down_y) computed per row of its consumer (exactly the one row it needs);
//    expand's y pass inlined into interp. Root Funcs are vectorized over x at the
//    natural width and parallel over rows and channels fused, down to level 3 (levels
//    4 and coarser, at most 1/256 of the pixels each, run serially). The output is
//    computed per row of 4 channels (interp[0]'s alpha shared).
//  - Vectorized: the same placement on one thread.
//  - Root: the same Funcs at root, scalar and serial.
//
// Sizes: every level's reads are clamped to its extent in the algorithm, and each root
// level is bound() to it (which also keeps bounds inference from nesting the clamps of
// all finer levels: without it, lowering a deep pyramid did not finish). Level 0 is
// computed exactly over the image, its last vector shifted inwards, so the vectorized
// schedules need a width of at least one vector (else a RuntimeError naming the
// output); coarser levels are computed over their width rounded up to whole vectors,
// so they may be narrower than one. Root (scalar) runs any size.

#include "interpolate_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace interpolate {

enum class Schedule { Parallel, Vectorized, Root };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Parallel:
        return "parallel";
    case Schedule::Vectorized:
        return "vectorized";
    case Schedule::Root:
        return "root";
    }
    return "?";
}

/// Float lanes of the natural vector: 16 with AVX-512, else 8.
inline int natural_float_lanes(const weft::Target &t = weft::get_host_target()) {
    return t.has_feature(weft::Target::AVX512) ? 16 : 8;
}

namespace detail {

/// Bounds f (a Func of pyramid level l, computed at root) to the level: x to its width
/// (rounded up to whole vectors above level 0, where the extra columns read clamped
/// values, so levels narrower than a vector work; level 0 reads the input unclamped, so
/// it is exact and shifts its last vector inwards), y to its height, c to [0, 4). The
/// regions its consumers ask for lie inside, and bounds inference stops at f instead of
/// carrying the nested clamps of every finer level along.
inline void bound_to_level(weft::Func &f, Funcs &p, int l, int lanes) {
    using namespace weft;
    const Expr width = l == 0 ? p.w[0] : (p.w[l] + (lanes - 1)) / lanes * lanes;
    f.bound(p.x, 0, width).bound(p.y, 0, p.h[l]).bound(p.c, 0, 4);
}

} // namespace detail

/// Applies schedule `s` to the Funcs of make_interpolate (once per Funcs), with vectors
/// of `lanes` floats.
inline void schedule(Funcs &p, Schedule s, int lanes = natural_float_lanes()) {
    using namespace weft;
    const int L = p.pyramid_levels;
    if (s == Schedule::Root) {
        for (int l = 0; l < L; l++) {
            detail::bound_to_level(p.down[l], p, l, 1);
            p.down[l].compute_root();
            detail::bound_to_level(p.interp[l], p, l, 1);
            p.interp[l].compute_root();
            if (l > 0) {
                p.down_y[l].compute_root();
            }
            if (l < L - 1) {
                p.up_x[l].compute_root();
            }
        }
        return;
    }
    const bool threads = s == Schedule::Parallel;
    // Returns the Var of f's row loop: y, or y and c fused.
    auto root = [&](Func &f, bool par) {
        f.compute_root().vectorize(p.x, lanes);
        if (!par) {
            return p.y;
        }
        Var yc("yc");
        f.fuse(p.y, p.c, yc).parallel(yc);
        return yc;
    };
    for (int l = 0; l < L; l++) {
        const bool par = threads && l < 4;
        // down[0] (the premultiplied input, 4 W H floats) is inlined into its two
        // consumers, reduce's first y pass and interp[0]: a multiply is cheaper than
        // writing and reading it (1536x2560, 1 thread: CPU time 156 ms at root, ~105
        // inlined).
        Var down_row = p.y;
        if (l > 0) {
            detail::bound_to_level(p.down[l], p, l, lanes);
            down_row = root(p.down[l], par);
        }
        // interp[0] is consumed by the output row by row: computed per output row.
        if (l > 0) {
            detail::bound_to_level(p.interp[l], p, l, lanes);
            root(p.interp[l], par);
            // down_y[l] covers columns [0, w_(l-1)) of level l-1, read unclamped in x:
            // from level 0 (exact, at least a vector wide) its last vector shifts
            // inwards; from coarser levels (rounded up to whole vectors) it rounds up.
            p.down_y[l]
                .compute_at(p.down[l], down_row)
                .vectorize(p.x, lanes, l == 1 ? TailStrategy::ShiftInwards : TailStrategy::RoundUp);
        }
        if (l < L - 1) {
            root(p.up_x[l], par);
        }
    }
    p.interp[0].compute_at(p.output, p.y).vectorize(p.x, lanes);
    p.output.reorder(p.x, p.c, p.y).bound(p.c, 0, 4).vectorize(p.x, lanes);
    if (threads) {
        p.output.parallel(p.y);
    }
}

/// A compiled interpolation with schedule `s` (compiled at first use).
///
///   interpolate::Interpolate ip(interpolate::Schedule::Parallel);
///   ip(in, out);   // in, out: Buffer<float>(W, H, 4)
class Interpolate {
public:
    explicit Interpolate(Schedule s, int pyramid_levels = 10, int lanes = natural_float_lanes())
        : schedule_(s), pyramid_levels_(pyramid_levels), lanes_(lanes) {}

    /// Interpolates `in` into `out`. RuntimeError unless both are W x H x 4.
    void operator()(const weft::Buffer<float> &in, weft::Buffer<float> &out) {
        if (in.dimensions() != 3 || in.channels() != 4 || out.dimensions() != 3 ||
            out.channels() != 4 || out.width() != in.width() || out.height() != in.height()) {
            throw weft::RuntimeError(
                "interpolate: input \"" + in.name() + "\" and output \"" + out.name() +
                "\" must both be W x H x 4 (RGBA, planar) of the same W and H");
        }
        if (!funcs_) {
            funcs_ = std::make_unique<Funcs>(make_interpolate(
                input_, pyramid_levels_, std::string("interp_") + to_string(schedule_)));
            schedule(*funcs_, schedule_, lanes_);
        }
        input_.set(in);
        funcs_->output.realize(out);
    }

    /// The pipeline (built and scheduled at first call; nullptr before).
    Funcs *funcs() { return funcs_.get(); }

private:
    Schedule schedule_;
    int pyramid_levels_, lanes_;
    weft::ImageParam input_{weft::Float(32), 3, "input"};
    std::unique_ptr<Funcs> funcs_;
};

} // namespace interpolate

#endif
