#ifndef WEFT_APPS_HARRIS_SCHEDULES_H
#define WEFT_APPS_HARRIS_SCHEDULES_H

// Manual schedules of harris_algorithm.h, the best one first. vw is the target's
// natural vector width for float.
//
//  - Sliding: strips of 64 rows in parallel; gray, Ix and Iy stored per strip and
//    computed one new row per output row (sliding window); the products, both box sums
//    and the response inlined into the output (9 reads each of Ix and Iy per pixel,
//    from rows in L1). Computing the vertical sums per row instead (into 3 more
//    buffers) measured 9.35 ms against 6.4 at 2560x1536, 1 thread; 64-row strips 6.4
//    against 6.8 for 32 (less recomputation of the strip's first rows).
//  - Tiled: output in 256 x 32 tiles, rows of tiles in parallel; per tile gray, Ix, Iy
//    and the three vertical box sums (the products Ixx, Iyy, Ixy inlined into them)
//    are computed into buffers that stay in L2, all vectorized; the horizontal sums and
//    the response are inlined into the output.
//  - Root: each stage over the whole image, parallel over rows and vectorized.
//
// The tiled schedules shift the last tile or strip inwards and need a whole one (Tiled:
// width >= 256, height >= 32; Sliding: width >= 256, height >= 64); Harris below runs
// smaller images with Root.

#include "harris_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace harris {

enum class Schedule { Sliding, Tiled, Root };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Tiled:
        return "tiled";
    case Schedule::Sliding:
        return "sliding";
    case Schedule::Root:
        return "root";
    }
    return "?";
}

constexpr int tile_w = 256, tile_h = 32, strip_h = 64;

inline bool fits(Schedule s, int width, int height) {
    switch (s) {
    case Schedule::Tiled:
        return width >= tile_w && height >= tile_h;
    case Schedule::Sliding:
        return width >= tile_w && height >= strip_h;
    case Schedule::Root:
        return true;
    }
    return true;
}

inline void schedule_harris(HarrisFuncs &f, Schedule s,
                            const weft::Target &t = weft::get_jit_target_from_environment()) {
    using namespace weft;
    const int vw = t.natural_vector_size<float>();
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    const Var &x = f.x, &y = f.y;
    switch (s) {
    case Schedule::Tiled:
        f.output.tile(x, y, xo, yo, xi, yi, tile_w, tile_h).vectorize(xi, vw).parallel(yo);
        for (Func *p : {&f.gray, &f.Ix, &f.Iy, &f.Sxx_y, &f.Syy_y, &f.Sxy_y}) {
            p->compute_at(f.output, xo).vectorize(x, vw);
        }
        return;
    case Schedule::Sliding:
        f.output.split(y, yo, yi, strip_h).vectorize(x, vw).parallel(yo);
        for (Func *p : {&f.gray, &f.Ix, &f.Iy}) {
            p->store_at(f.output, yo).compute_at(f.output, yi).vectorize(x, vw);
        }
        return;
    case Schedule::Root:
        for (Func *p : {&f.gray, &f.Ix, &f.Iy, &f.Sxx_y, &f.Syy_y, &f.Sxy_y}) {
            p->compute_root().parallel(y).vectorize(x, vw);
        }
        // GuardWithIf: the fallback also runs images narrower than one vector.
        f.output.parallel(y).vectorize(x, vw, TailStrategy::GuardWithIf);
        return;
    }
}

/// A compiled Harris response for any image: schedule s where its tiles fit, Root for
/// smaller images (each compiled at first use).
///
///   harris::Harris h(harris::Schedule::Tiled);
///   h(in, out);   // in: Buffer<float>(W, H, 3), out: Buffer<float>(W, H)
class Harris {
public:
    explicit Harris(Schedule s) : schedule_(s) {}

    void operator()(const weft::Buffer<float> &in, weft::Buffer<float> &out, float k = 0.04f) {
        const bool big = fits(schedule_, out.width(), out.height());
        Compiled &p = big ? main_ : small_;
        if (!p.funcs) {
            const Schedule s = big ? schedule_ : Schedule::Root;
            p.funcs = std::make_unique<HarrisFuncs>(
                make_harris(p.input, p.k, std::string("harris_") + to_string(s)));
            schedule_harris(*p.funcs, s);
        }
        p.input.set(in);
        p.k.set(k);
        p.funcs->output.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam input{weft::Float(32), 3, "input"};
        weft::Param<float> k{"k", 0.04f};
        std::unique_ptr<HarrisFuncs> funcs;
    };
    Schedule schedule_;
    Compiled main_, small_;
};

} // namespace harris

#endif
