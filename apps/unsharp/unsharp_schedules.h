#ifndef WEFT_APPS_UNSHARP_SCHEDULES_H
#define WEFT_APPS_UNSHARP_SCHEDULES_H

// Manual schedules of unsharp_algorithm.h, the best one first. vw is the target's
// natural vector width for float (16 with AVX-512, 8 with AVX2).
//
//  - Sliding: output in strips of 32 rows in parallel; gray and blur_y stored per strip
//    and computed one new row per output row (sliding window); detail (and blur_x)
//    inlined into the output, which recomputes it for each channel from rows in L1:
//    8.8 ms against 9.2 with detail computed per row (2560x1536, 1 thread).
//  - Tiled: output in 256 x 32 tiles, rows of tiles in parallel, the channels inside
//    the tile; gray, blur_y and detail (blur_x inlined into it) computed per tile into
//    small buffers that stay in L2 (gray 262 x 38 floats), all vectorized.
//  - Root: every stage computed over the whole image before the next, each parallel
//    over rows and vectorized (the data leaves the caches between stages).
//
// The tiled schedules shift the last tile inwards, so any size works that holds one
// tile (width >= 256, height >= 32); Unsharp below
// runs smaller images with Root.

#include "unsharp_algorithm.h"

#include <weft/weft.h>

#include <memory>

namespace unsharp {

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

constexpr int tile_w = 256, tile_h = 32;

/// True when schedule s can run a width x height output.
inline bool fits(Schedule s, int width, int height) {
    switch (s) {
    case Schedule::Tiled:
        return width >= tile_w && height >= tile_h;
    case Schedule::Sliding:
        return width >= tile_w && height >= tile_h;
    case Schedule::Root:
        return true;
    }
    return true;
}

/// Applies schedule s (once per UnsharpFuncs).
inline void schedule_unsharp(UnsharpFuncs &f, Schedule s,
                             const weft::Target &t = weft::get_jit_target_from_environment()) {
    using namespace weft;
    const int vw = t.natural_vector_size<float>();
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    const Var &x = f.x, &y = f.y, &c = f.c;
    switch (s) {
    case Schedule::Tiled:
        f.output.tile(x, y, xo, yo, xi, yi, tile_w, tile_h)
            .reorder(xi, yi, c, xo, yo)
            .vectorize(xi, vw)
            .parallel(yo);
        f.gray.compute_at(f.output, xo).vectorize(x, vw);
        f.blur_y.compute_at(f.output, xo).vectorize(x, vw);
        f.detail.compute_at(f.output, xo).vectorize(x, vw);
        return;
    case Schedule::Sliding:
        f.output.split(y, yo, yi, tile_h).reorder(x, c, yi, yo).vectorize(x, vw).parallel(yo);
        f.gray.store_at(f.output, yo).compute_at(f.output, yi).vectorize(x, vw);
        f.blur_y.store_at(f.output, yo).compute_at(f.output, yi).vectorize(x, vw);
        return;
    case Schedule::Root:
        f.gray.compute_root().parallel(y).vectorize(x, vw);
        f.blur_y.compute_root().parallel(y).vectorize(x, vw);
        f.detail.compute_root().parallel(y).vectorize(x, vw);
        // GuardWithIf: the fallback also runs images narrower than one vector.
        f.output.parallel(y).vectorize(x, vw, TailStrategy::GuardWithIf);
        return;
    }
}

/// A compiled unsharp mask for any image of at least 3 channels: schedule s where its
/// tiles fit, Root for smaller images (each compiled at first use).
///
///   unsharp::Unsharp u(unsharp::Schedule::Tiled);
///   u(in, out, 1.0f);   // in, out: Buffer<float>(W, H, 3)
class Unsharp {
public:
    explicit Unsharp(Schedule s, float sigma = 1.5f) : schedule_(s), sigma_(sigma) {}

    void operator()(const weft::Buffer<float> &in, weft::Buffer<float> &out, float amount) {
        const bool big = fits(schedule_, out.width(), out.height());
        Compiled &p = big ? main_ : small_;
        if (!p.funcs) {
            const Schedule s = big ? schedule_ : Schedule::Root;
            p.funcs = std::make_unique<UnsharpFuncs>(
                make_unsharp(p.input, p.amount, sigma_, std::string("unsharp_") + to_string(s)));
            schedule_unsharp(*p.funcs, s);
        }
        p.input.set(in);
        p.amount.set(amount);
        p.funcs->output.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam input{weft::Float(32), 3, "input"};
        weft::Param<float> amount{"amount", 1.0f};
        std::unique_ptr<UnsharpFuncs> funcs;
    };
    Schedule schedule_;
    float sigma_;
    Compiled main_, small_;
};

} // namespace unsharp

#endif
