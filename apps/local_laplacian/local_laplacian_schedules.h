#ifndef WEFT_APPS_LOCAL_LAPLACIAN_SCHEDULES_H
#define WEFT_APPS_LOCAL_LAPLACIAN_SCHEDULES_H

// Manual schedules of the local Laplacian filter (local_laplacian_algorithm.h), the best
// one first.
//
//  - Parallel: every pyramid level (g, in_g, out_g) but g[0] (inlined: cheaper to
//    recompute than to store K full-size planes), the coarsest Laplacian level l[J-1]
//    (the finer ones are inlined into out_l, which reads them at two data-dependent
//    intensity levels per pixel: cheaper than K planes per level) and the x passes of up()
//    (l_up_x, out_up_x: half the rows of their level) computed at root; the y passes of
//    down() (g_down_y, in_down_y) computed per row of their consumer (one row each: no
//    recomputation); up's y passes, out_l and the final colour inlined into their
//    consumers. Each root Func is vectorized over x at the natural width and parallel
//    over rows (the 3-D ones over rows and intensity levels fused); levels 4 and coarser
//    (at most 1/256 of the pixels each) run serially: too little work to share. gray
//    and the remapping table are at root.
//  - Vectorized: the same placement, one thread.
//  - Root: every Func at root except the inlined pointwise ones, scalar and serial.
//
// Sizes: every level's reads are clamped to its extent in the algorithm, and each root
// level is bound() to it (which also keeps bounds inference from nesting the clamps of
// all finer levels: without it, lowering 8 levels did not finish). Level 0 is computed
// exactly over the image, its last vector shifted inwards, so the vectorized schedules
// need a width of at least one vector (else a RuntimeError naming the output); coarser
// levels are computed over their width rounded up to whole vectors, so they may be
// narrower than one. Root (scalar) runs any size.

#include "local_laplacian_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace local_laplacian {

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

/// Bounds f (a Func of pyramid level j, computed at root) to the level: x to its width
/// (rounded up to whole vectors above level 0, where the extra columns read clamped
/// values: levels narrower than a vector work; level 0 reads gray and the input
/// unclamped, so it is exact and shifts its last vector inwards), y to its height and
/// k, if f has it, to the intensity levels. The regions its
/// consumers ask for (clamped to the level) lie inside, and bounds inference stops at
/// f instead of carrying the nested clamps of every finer level along (which makes
/// the bounds expressions of a deep pyramid grow without end).
inline void bound_to_level(weft::Func &f, Funcs &p, int j, int lanes) {
    using namespace weft;
    const Expr width = j == 0 ? p.w[0] : (p.w[j] + (lanes - 1)) / lanes * lanes;
    f.bound(p.x, 0, width).bound(p.y, 0, p.h[j]);
    if (f.dimensions() == 3) {
        f.bound(p.k, 0, p.levels);
    }
}

/// Root over level j, vectorized over x, parallel over the rows (fused with k for 3-D
/// Funcs). Returns the Var of the row loop (y, or y and k fused).
inline weft::Var root_level(weft::Func &f, Funcs &p, int j, int lanes, bool parallel) {
    bound_to_level(f, p, j, lanes);
    f.compute_root().vectorize(p.x, lanes);
    if (!parallel) {
        return p.y;
    }
    if (f.dimensions() == 2) {
        f.parallel(p.y);
        return p.y;
    }
    weft::Var yk("yk");
    f.fuse(p.y, p.k, yk).parallel(yk);
    return yk;
}

} // namespace detail

/// Applies schedule `s` to the Funcs of make_local_laplacian (once per Funcs), with
/// vectors of `lanes` floats.
inline void schedule(Funcs &p, Schedule s, int lanes = natural_float_lanes()) {
    using namespace weft;
    const int J = p.pyramid_levels;
    p.remap.compute_root();
    if (s == Schedule::Root) {
        auto root = [&](Func &f, int j) {
            detail::bound_to_level(f, p, j, 1);
            f.compute_root();
        };
        root(p.gray, 0);
        for (int j = 0; j < J; j++) {
            root(p.g[j], j);
            root(p.l[j], j);
            root(p.in_g[j], j);
            root(p.out_g[j], j);
            if (j > 0) {
                p.g_down_y[j].compute_root();
                p.in_down_y[j].compute_root();
            }
            if (j < J - 1) {
                p.l_up_x[j].compute_root();
                p.out_up_x[j].compute_root();
            }
        }
        return;
    }
    const bool threads = s == Schedule::Parallel;
    detail::root_level(p.gray, p, 0, lanes, threads);
    for (int j = 0; j < J; j++) {
        // Levels 0-3 hold at least 1/64 of the pixels: worth sharing between threads.
        const bool par = threads && j < 4;
        // Level 0 of g and l (K full-size float planes each) are inlined: g[0] into the
        // y pass of down() and into l[0], l[0] into out_l[0], which reads it at two
        // data-dependent levels per pixel. Recomputing (a table lookup; 3 rows of
        // l_up_x) costs less than writing and reading 2 x 4 W H K bytes: at 2560x1536,
        // 1 thread, CPU time 385 ms with both at root, 289 with l[0] inlined, 247 with
        // both.
        // The finer Laplacian levels l[1..J-2] are inlined into out_l too, for the same
        // reason (1 thread, 2560x1536: CPU time 174 ms with them at root, 149 inlined);
        // the coarsest, l[J-1] = g[J-1], stays at root.
        Var g_row = p.y;
        if (j > 0) {
            g_row = detail::root_level(p.g[j], p, j, lanes, par);
            if (j == J - 1) {
                detail::root_level(p.l[j], p, j, lanes, par);
            }
        }
        const Var in_row = detail::root_level(p.in_g[j], p, j, lanes, par);
        detail::root_level(p.out_g[j], p, j, lanes, par);
        if (j > 0) {
            // The y passes cover columns [0, w_(j-1)) of level j-1, read unclamped in x:
            // from level 0 (exact, at least a vector wide) their last vector shifts
            // inwards; from coarser levels (rounded up to whole vectors) they round up.
            const TailStrategy tail = j == 1 ? TailStrategy::ShiftInwards : TailStrategy::RoundUp;
            p.g_down_y[j].compute_at(p.g[j], g_row).vectorize(p.x, lanes, tail);
            p.in_down_y[j].compute_at(p.in_g[j], in_row).vectorize(p.x, lanes, tail);
        }
        if (j < J - 1) {
            // Level j's columns at level j+1's rows.
            p.l_up_x[j].compute_root().vectorize(p.x, lanes);
            p.out_up_x[j].compute_root().vectorize(p.x, lanes);
            if (par) {
                Var yk("yk");
                p.l_up_x[j].fuse(p.y, p.k, yk).parallel(yk);
                p.out_up_x[j].parallel(p.y);
            }
        }
    }
    p.output.vectorize(p.x, lanes);
    if (threads) {
        Var yc("yc");
        p.output.fuse(p.y, p.c, yc).parallel(yc);
    }
}

/// A compiled local Laplacian filter with schedule `s` (compiled at first use).
///
///   local_laplacian::LocalLaplacian llf(local_laplacian::Schedule::Parallel);
///   llf(in, out, 8, 1.0f, 1.0f);   // in, out: Buffer<uint16_t>(W, H, 3)
class LocalLaplacian {
public:
    explicit LocalLaplacian(Schedule s, int pyramid_levels = 8, int lanes = natural_float_lanes())
        : schedule_(s), pyramid_levels_(pyramid_levels), lanes_(lanes) {}

    /// Filters `in` into `out` with K = `levels` intensity levels. RuntimeError for
    /// levels < 2, or an input or output that is not uint16 W x H x 3.
    void operator()(const weft::Buffer<uint16_t> &in, weft::Buffer<uint16_t> &out, int levels,
                    float alpha, float beta) {
        if (levels < 2) {
            throw weft::RuntimeError("local_laplacian: levels is " + std::to_string(levels) +
                                     "; it needs at least 2 intensity levels");
        }
        if (in.dimensions() != 3 || in.channels() != 3 || out.dimensions() != 3 ||
            out.channels() != 3 || out.width() != in.width() || out.height() != in.height()) {
            throw weft::RuntimeError("local_laplacian: input \"" + in.name() + "\" and output \"" +
                                     out.name() +
                                     "\" must both be W x H x 3 (RGB, planar) of the same W and H");
        }
        if (!funcs_) {
            funcs_ = std::make_unique<Funcs>(
                make_local_laplacian(input_, levels_, alpha_, beta_, pyramid_levels_,
                                     std::string("llf_") + to_string(schedule_)));
            schedule(*funcs_, schedule_, lanes_);
        }
        input_.set(in);
        levels_.set(levels);
        alpha_.set(alpha);
        beta_.set(beta);
        funcs_->output.realize(out);
    }

    /// The pipeline (built and scheduled at first call; nullptr before).
    Funcs *funcs() { return funcs_.get(); }

private:
    Schedule schedule_;
    int pyramid_levels_, lanes_;
    weft::ImageParam input_{weft::UInt(16), 3, "input"};
    weft::Param<int> levels_{"levels"};
    weft::Param<float> alpha_{"alpha"}, beta_{"beta"};
    std::unique_ptr<Funcs> funcs_;
};

} // namespace local_laplacian

#endif
