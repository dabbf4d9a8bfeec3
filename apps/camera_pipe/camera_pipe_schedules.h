#ifndef WEFT_APPS_CAMERA_PIPE_SCHEDULES_H
#define WEFT_APPS_CAMERA_PIPE_SCHEDULES_H

// Manual schedules of camera_pipe_algorithm.h, the best one first. vw is the target's
// natural vector width for int16 (32 with AVX-512 BW, 16 with AVX2).
//
//  - Strips: the output in strips of 64 rows spanning the whole width, strips in
//    parallel, the three channels inside the strip. Every stage but the sharpening's
//    blur (inlined into the output) is computed per strip into a buffer of the strip's
//    rows (plus the few rows of halo each stage needs), vectorized: denoised, the four
//    deinterleaved phases, all eight demosaic phases (half resolution), the interleaved
//    r, g, b and the curved (colour-corrected, tone-mapped) image. Whole-width rows
//    compute no column twice: narrower tiles recompute their halo columns and, where
//    the tile width does not divide the image's, most of the last tile (at 2592x1968,
//    1 thread, CPU time: 256 x 32 tiles 79 ms, 256 x 64 tiles 73 ms, two 1296 x 64
//    tiles per row 60 ms, strips of 64 rows 61 ms; strips of 32 rows 66 ms). Lowering
//    and compiling take ~2.7 s here (tiles: ~1.1 s).
//  - Tiled: the output in tiles of 256 x 32 pixels, rows of tiles in parallel, the
//    three channels inside the tile, the same stages as Strips computed per tile (with
//    the six phases at the green, red and blue sites inlined instead: 103 ms).
//  - Root: the stages of Strips but the six demosaic phases at the green, red and blue
//    sites (inlined) computed over the whole image, parallel over rows, vectorized.
//
// All three compute the tone curve's table once (root). Strips shifts the last strip
// upwards and needs height >= 64 (and width >= 64, so that every half-resolution row
// holds a whole vector); Tiled shifts the last tile inwards and needs a whole tile
// (width >= 256, height >= 32); CameraPipe below runs smaller images with Root.

#include "camera_pipe_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

namespace camera_pipe {

enum class Schedule { Strips, Tiled, Root };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Strips:
        return "strips";
    case Schedule::Tiled:
        return "tiled";
    case Schedule::Root:
        return "root";
    }
    return "?";
}

constexpr int tile_w = 256, tile_h = 32;
constexpr int strip_h = 64, strip_min_w = 64;

inline bool fits(Schedule s, int width, int height) {
    switch (s) {
    case Schedule::Strips:
        return width >= strip_min_w && height >= strip_h;
    case Schedule::Tiled:
        return width >= tile_w && height >= tile_h;
    case Schedule::Root:
        return true;
    }
    return false;
}

inline void schedule_camera_pipe(CameraPipeFuncs &f, Schedule s,
                                 const weft::Target &t = weft::get_jit_target_from_environment()) {
    using namespace weft;
    const int vw = t.natural_vector_size<int16_t>();
    const Var &x = f.x, &y = f.y, &c = f.c, &v = f.v;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f.curve.compute_root().vectorize(v, t.natural_vector_size<float>());
    f.matrix_fixed.compute_root();
    // Every stage from the denoised mosaic to the tone-mapped image.
    Func *const demosaiced[] = {&f.curved, &f.r_full, &f.g_full, &f.b_full, &f.g_r,
                                &f.g_b,    &f.r_gr,   &f.b_gr,   &f.r_gb,   &f.b_gb,
                                &f.b_r,    &f.r_b,    &f.G_gr,   &f.R_r,    &f.B_b,
                                &f.G_gb,   &f.denoised};
    switch (s) {
    case Schedule::Strips:
        f.output.split(y, yo, yi, strip_h)
            .reorder(x, yi, c, yo)
            .vectorize(x, vw)
            .parallel(yo);
        for (Func *p : demosaiced) {
            p->compute_at(f.output, yo);
            // curved's table lookups are 32-bit gathers: vectors of int32 width
            // (~3% faster than int16 width here).
            p->vectorize(x, p == &f.curved ? t.natural_vector_size<int32_t>() : vw);
        }
        return;
    case Schedule::Tiled:
        f.output.tile(x, y, xo, yo, xi, yi, tile_w, tile_h)
            .reorder(xi, yi, c, xo, yo)
            .vectorize(xi, vw)
            .parallel(yo);
        for (Func *p : demosaiced) {
            p->compute_at(f.output, xo).vectorize(x, vw);
        }
        return;
    case Schedule::Root:
        // The six phases at the red, blue and green sites stay inlined into the
        // interleave here: whole images of them would only add memory traffic.
        for (Func *p : {&f.curved, &f.r_full, &f.g_full, &f.b_full, &f.g_r, &f.g_b, &f.G_gr, &f.R_r,
                        &f.B_b, &f.G_gb, &f.denoised}) {
            p->compute_root().parallel(y).vectorize(x, vw);
        }
        // GuardWithIf: the fallback also runs images narrower than one vector.
        f.output.parallel(y).vectorize(x, vw, TailStrategy::GuardWithIf);
        return;
    }
}

/// The pipeline's settings (camera_pipe_algorithm.h).
struct Settings {
    uint16_t black_level = 25, white_level = 1023;
    float gamma = 2.0f, contrast = 50.0f, sharpen_strength = 1.0f;
    /// Colour correction, row-major 3 x 4 (row c: channel c from r, g, b, offset).
    float matrix[3][4] = {{1.6f, -0.45f, -0.15f, -20.0f},
                          {-0.25f, 1.45f, -0.2f, -10.0f},
                          {-0.1f, -0.5f, 1.6f, -15.0f}};
};

/// A compiled camera pipeline for any even-sized raw image: schedule s where its tiles
/// fit, Root for smaller images (each compiled at first use). An odd width or height is
/// a RuntimeError naming the raw input.
///
///   camera_pipe::CameraPipe cam(camera_pipe::Schedule::Strips);
///   cam(raw, out);   // raw: Buffer<uint16_t>(W, H), out: Buffer<uint8_t>(W, H, 3)
class CameraPipe {
public:
    explicit CameraPipe(Schedule s, const Settings &settings = Settings())
        : schedule_(s), settings_(settings) {}

    void operator()(const weft::Buffer<uint16_t> &raw, weft::Buffer<uint8_t> &out) {
        if (raw.dimensions() != 2 || raw.width() % 2 != 0 || raw.height() % 2 != 0) {
            throw weft::RuntimeError("camera_pipe: the raw input \"" + raw.name() +
                                     "\" must be a 2-D Bayer mosaic of "
                                     "even width and height; it is " +
                                     std::to_string(raw.width()) + " x " +
                                     std::to_string(raw.height()) + " with " +
                                     std::to_string(raw.dimensions()) + " dimensions");
        }
        const bool big = fits(schedule_, out.width(), out.height());
        Compiled &p = big ? main_ : small_;
        if (!p.funcs) {
            const Schedule s = big ? schedule_ : Schedule::Root;
            p.funcs = std::make_unique<CameraPipeFuncs>(
                make_camera_pipe(p.raw, p.matrix, std::string("camera_pipe_") + to_string(s)));
            schedule_camera_pipe(*p.funcs, s);
        }
        weft::Buffer<float> m(4, 3);
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                m(col, row) = settings_.matrix[row][col];
            }
        }
        CameraPipeFuncs &f = *p.funcs;
        p.raw.set(raw);
        p.matrix.set(m);
        f.black_level.set(settings_.black_level);
        f.white_level.set(settings_.white_level);
        f.gamma.set(settings_.gamma);
        f.contrast.set(settings_.contrast);
        f.sharpen_strength.set(settings_.sharpen_strength);
        f.output.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam raw{weft::UInt(16), 2, "raw"};
        weft::ImageParam matrix{weft::Float(32), 2, "matrix"};
        std::unique_ptr<CameraPipeFuncs> funcs;
    };
    Schedule schedule_;
    Settings settings_;
    Compiled main_, small_;
};

} // namespace camera_pipe

#endif
