#ifndef WEFT_APPS_BILATERAL_GRID_SCHEDULES_H
#define WEFT_APPS_BILATERAL_GRID_SCHEDULES_H

// Manual schedules of bilateral_grid_algorithm.h, the best one first. vw is the
// target's natural vector width for float.
//
//  - Grid: the grid stages computed at root (the grid is small: 321 x 193 x 11 x 2 cells
//    for 2560 x 1536 pixels, s = 8, r_sigma = 0.1). The histogram is computed per grid
//    row inside blurz's row loop (rows in parallel), its splat visiting s x s pixels per
//    cell with both channels unrolled (one z computation for the pair); blurz, blurx and
//    blury are vectorized along x with c unrolled innermost, blurx and blury parallel
//    over z. The output (slicing: 8 data-dependent grid reads per channel per pixel)
//    runs strips of 16 rows in parallel, vectorized: its grid reads are AVX-512
//    gathers. (They were slower than scalar code while codegen tested every gather for
//    dense lane patterns at run time; indices read from memory skip those tests now:
//    2560x1536, 1 thread, 40.6 ms scalar -> 34.0 ms vectorized.)
//  - Root: every stage at root, parallel over its outermost pure dimension and
//    vectorized along x, the histogram's splat parallel over grid rows.
//
// Any image size works: the output's row strips (and Root's vector loop) guard their
// tails (GuardWithIf).

#include "bilateral_grid_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace bilateral_grid {

enum class Schedule { Grid, Root };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Grid:
        return "grid";
    case Schedule::Root:
        return "root";
    }
    return "?";
}

inline void
schedule_bilateral_grid(BilateralGridFuncs &f, Schedule s,
                        const weft::Target &t = weft::get_jit_target_from_environment()) {
    using namespace weft;
    const int vw = t.natural_vector_size<float>();
    const Var &x = f.x, &y = f.y, &z = f.z, &c = f.c;
    const RDom &r = f.r;
    Var yo("yo"), yi("yi");
    switch (s) {
    case Schedule::Grid:
        f.blurz.compute_root().reorder(c, z, x, y).parallel(y).vectorize(x, vw).unroll(c);
        f.histogram.compute_at(f.blurz, y);
        f.histogram.update().reorder(c, r.x, r.y, x, y).unroll(c);
        f.blurx.compute_root().reorder(c, x, y, z).parallel(z).vectorize(x, vw).unroll(c);
        f.blury.compute_root().reorder(c, x, y, z).parallel(z).vectorize(x, vw).unroll(c);
        f.output.split(y, yo, yi, 16, TailStrategy::GuardWithIf)
            .parallel(yo)
            .vectorize(x, vw, TailStrategy::GuardWithIf);
        return;
    case Schedule::Root:
        f.histogram.compute_root().parallel(y);
        f.histogram.update().reorder(c, r.x, r.y, x, y).parallel(y);
        for (Func *p : {&f.blurz, &f.blurx, &f.blury}) {
            p->compute_root().parallel(c).parallel(z).vectorize(x, vw);
        }
        f.output.parallel(y).vectorize(x, vw, TailStrategy::GuardWithIf);
        return;
    }
}

/// A compiled bilateral filter (compiled at first use).
///
///   bilateral_grid::BilateralGrid bg(bilateral_grid::Schedule::Grid, 8, 0.1f);
///   bg(in, out);   // in, out: Buffer<float>(W, H)
class BilateralGrid {
public:
    explicit BilateralGrid(Schedule s, int s_sigma = 8, float r_sigma = 0.1f)
        : funcs_(make_bilateral_grid(input_, s_sigma, r_sigma,
                                     std::string("bilateral_grid_") + to_string(s))) {
        schedule_bilateral_grid(funcs_, s);
    }

    void operator()(const weft::Buffer<float> &in, weft::Buffer<float> &out) {
        input_.set(in);
        funcs_.output.realize(out);
    }

private:
    weft::ImageParam input_{weft::Float(32), 2, "input"};
    BilateralGridFuncs funcs_;
};

} // namespace bilateral_grid

#endif
