#ifndef WEFT_APPS_CAMERA_PIPE_ALGORITHM_H
#define WEFT_APPS_CAMERA_PIPE_ALGORITHM_H

// A camera's raw-to-RGB pipeline, the algorithm only (camera_pipe_schedules.h schedules
// it). The input is a Bayer mosaic of 10-bit values in uint16, GRBG:
//
//      x even  x odd
//      G       R       y even   (the "gr" green: on red rows)
//      B       G       y odd    (the "gb" green: on blue rows)
//
// The stages (integer arithmetic is exact and wraps nowhere; camera_pipe_reference.cpp
// does the same operations in the same types, so the results are bit-exact):
//
//  1. raw: the input mirrored at its edges without repeating them (mirror_interior),
//     which keeps the Bayer phase. Width and height must be even.
//  2. denoised: hot- and cold-pixel suppression: each value clamped to the range of
//     its four same-colour neighbours (x +- 2, y +- 2).
//  3. deinterleave, at half resolution, as int16: G_gr(x, y) = denoised(2x, 2y),
//     R_r = (2x + 1, 2y), B_b = (2x, 2y + 1), G_gb = (2x + 1, 2y + 1).
//  4. demosaic (edge-directed, at half resolution): green at red and blue pixels
//     interpolated along the direction (horizontal or vertical) with the smaller
//     gradient; red and blue at green pixels as the green plus the mean colour
//     difference of the two neighbours; blue at red and red at blue pixels as the
//     green plus the mean colour difference along the diagonal with the smaller
//     gradient. avg(a, b) = (a + b) >> 1 (rounds down).
//  5. interleave: r, g, b at full resolution from the four half-resolution phases.
//  6. colour correction: a 3x4 matrix (Buffer<float>(4, 3): row c gives channel c as
//     m(0) r + m(1) g + m(2) b + m(3)) in 8.8 fixed point, rounded, in int32, >> 8.
//  7. tone curve: a 1024-entry lookup table Func (values 0..255) applying black and white
//     levels, the gamma 1 / gamma and an S-shaped contrast curve; indexed by the
//     corrected value clamped to [0, 1023].
//  8. sharpen: curved + (strength * 32 (int) * (curved - blur3x3(curved))) >> 5, the
//     blur the [1 2 1] x [1 2 1] / 16 kernel rounded, saturated to uint8.
//
// The output is Buffer<uint8_t>(W, H, 3) (planar RGB), the same size as the input.

#include <weft/weft.h>

#include <string>

namespace camera_pipe {

/// The Funcs, Vars and parameters of one camera pipeline.
struct CameraPipeFuncs {
    weft::ImageParam raw_input, matrix;
    weft::Param<uint16_t> black_level{"black_level", 25}, white_level{"white_level", 1023};
    weft::Param<float> gamma{"gamma", 2.0f}, contrast{"contrast", 50.0f},
        sharpen_strength{"sharpen_strength", 1.0f};
    weft::Func raw, denoised;
    weft::Func G_gr, R_r, B_b, G_gb;   // deinterleaved (half resolution)
    weft::Func g_r, g_b;               // green at red and blue pixels
    weft::Func r_gr, b_gr, r_gb, b_gb; // red and blue at green pixels
    weft::Func b_r, r_b;               // blue at red, red at blue
    weft::Func r_full, g_full, b_full; // interleaved (full resolution)
    weft::Func matrix_fixed, corrected, curve, curved, blur_y, output;
    weft::Var x, y, c, v;
};

/// Builds the pipeline over raw_input (UInt(16), 2 dimensions) and matrix (Float(32),
/// 2 dimensions, 4 x 3).
inline CameraPipeFuncs make_camera_pipe(const weft::ImageParam &raw_input,
                                        const weft::ImageParam &matrix,
                                        const std::string &prefix = "camera_pipe") {
    using namespace weft;
    CameraPipeFuncs f;
    f.raw_input = raw_input;
    f.matrix = matrix;
    f.x = Var("x");
    f.y = Var("y");
    f.c = Var("c");
    f.v = Var("v");
    const Var &x = f.x, &y = f.y, &c = f.c, &v = f.v;
    auto named = [&](const char *n) { return Func(prefix + "_" + n); };

    // 1-2. Mirror, then hot/cold pixel suppression.
    f.raw = BoundaryConditions::mirror_interior(raw_input);
    f.denoised = named("denoised");
    {
        const Func &r = f.raw;
        Expr lo = min(r(x - 2, y), r(x + 2, y), r(x, y - 2), r(x, y + 2));
        Expr hi = max(r(x - 2, y), r(x + 2, y), r(x, y - 2), r(x, y + 2));
        f.denoised(x, y) = clamp(r(x, y), lo, hi);
    }

    // 3. Deinterleave.
    f.G_gr = named("G_gr");
    f.R_r = named("R_r");
    f.B_b = named("B_b");
    f.G_gb = named("G_gb");
    const Func &d = f.denoised;
    f.G_gr(x, y) = cast<int16_t>(d(2 * x, 2 * y));
    f.R_r(x, y) = cast<int16_t>(d(2 * x + 1, 2 * y));
    f.B_b(x, y) = cast<int16_t>(d(2 * x, 2 * y + 1));
    f.G_gb(x, y) = cast<int16_t>(d(2 * x + 1, 2 * y + 1));

    // 4. Demosaic.
    auto avg = [](const Expr &a, const Expr &b) { return (a + b) >> 1; };
    const Func &Ggr = f.G_gr, &Rr = f.R_r, &Bb = f.B_b, &Ggb = f.G_gb;
    f.g_r = named("g_r");
    f.g_b = named("g_b");
    // Green at red (2x + 1, 2y): left G_gr(x), right G_gr(x + 1), up G_gb(y - 1), down G_gb(y).
    f.g_r(x, y) = select(absd(Ggr(x, y), Ggr(x + 1, y)) < absd(Ggb(x, y - 1), Ggb(x, y)),
                         avg(Ggr(x, y), Ggr(x + 1, y)), avg(Ggb(x, y - 1), Ggb(x, y)));
    // Green at blue (2x, 2y + 1): left G_gb(x - 1), right G_gb(x), up G_gr(y), down G_gr(y + 1).
    f.g_b(x, y) = select(absd(Ggb(x - 1, y), Ggb(x, y)) < absd(Ggr(x, y), Ggr(x, y + 1)),
                         avg(Ggb(x - 1, y), Ggb(x, y)), avg(Ggr(x, y), Ggr(x, y + 1)));
    const Func &gr = f.g_r, &gb = f.g_b;
    // Colour differences at the red and blue sites.
    auto dr = [&](const Expr &xx, const Expr &yy) { return Rr(xx, yy) - gr(xx, yy); };
    auto db = [&](const Expr &xx, const Expr &yy) { return Bb(xx, yy) - gb(xx, yy); };
    f.r_gr = named("r_gr");
    f.b_gr = named("b_gr");
    f.r_gb = named("r_gb");
    f.b_gb = named("b_gb");
    // At (2x, 2y): red left and right, blue up and down.
    f.r_gr(x, y) = Ggr(x, y) + avg(dr(x - 1, y), dr(x, y));
    f.b_gr(x, y) = Ggr(x, y) + avg(db(x, y - 1), db(x, y));
    // At (2x + 1, 2y + 1): red up and down, blue left and right.
    f.r_gb(x, y) = Ggb(x, y) + avg(dr(x, y), dr(x, y + 1));
    f.b_gb(x, y) = Ggb(x, y) + avg(db(x, y), db(x + 1, y));
    f.b_r = named("b_r");
    f.r_b = named("r_b");
    // Blue at red (2x + 1, 2y): blues at (x, y - 1) up-left, (x + 1, y - 1) up-right,
    // (x, y) down-left, (x + 1, y) down-right (half-resolution coordinates of B_b).
    f.b_r(x, y) =
        gr(x, y) + select(absd(Bb(x + 1, y - 1), Bb(x, y)) < absd(Bb(x, y - 1), Bb(x + 1, y)),
                          avg(db(x + 1, y - 1), db(x, y)), avg(db(x, y - 1), db(x + 1, y)));
    // Red at blue (2x, 2y + 1): reds at (x - 1, y) up-left, (x, y) up-right,
    // (x - 1, y + 1) down-left, (x, y + 1) down-right.
    f.r_b(x, y) =
        gb(x, y) + select(absd(Rr(x, y), Rr(x - 1, y + 1)) < absd(Rr(x - 1, y), Rr(x, y + 1)),
                          avg(dr(x, y), dr(x - 1, y + 1)), avg(dr(x - 1, y), dr(x, y + 1)));

    // 5. Interleave the four phases into full-resolution channels.
    auto interleave = [&](const Func &even_even, const Func &odd_even, const Func &even_odd,
                          const Func &odd_odd) {
        Expr hx = x / 2, hy = y / 2;
        Expr x_even = x % 2 == 0;
        return select(y % 2 == 0, select(x_even, even_even(hx, hy), odd_even(hx, hy)),
                      select(x_even, even_odd(hx, hy), odd_odd(hx, hy)));
    };
    f.r_full = named("r_full");
    f.g_full = named("g_full");
    f.b_full = named("b_full");
    f.r_full(x, y) = interleave(f.r_gr, f.R_r, f.r_b, f.r_gb);
    f.g_full(x, y) = interleave(f.G_gr, f.g_r, f.g_b, f.G_gb);
    f.b_full(x, y) = interleave(f.b_gr, f.b_r, f.B_b, f.b_gb);

    // 6. Colour correction in 8.8 fixed point.
    f.matrix_fixed = named("matrix_fixed");
    f.matrix_fixed(x, y) = cast<int32_t>(floor(matrix(x, y) * 256.0f + 0.5f));
    f.corrected = named("corrected");
    {
        const Func &m = f.matrix_fixed;
        Expr r = cast<int32_t>(f.r_full(x, y)), g = cast<int32_t>(f.g_full(x, y)),
             b = cast<int32_t>(f.b_full(x, y));
        f.corrected(x, y, c) =
            cast<int16_t>((m(3, c) + m(0, c) * r + m(1, c) * g + m(2, c) * b) >> 8);
    }

    // 7. Tone curve through a lookup table.
    f.curve = named("curve");
    {
        Expr range = max(cast<float>(f.white_level) - cast<float>(f.black_level), 1.0f);
        Expr xf = clamp((cast<float>(v) - cast<float>(f.black_level)) / range, 0.0f, 1.0f);
        Expr g = pow(xf, 1.0f / f.gamma);
        Expr b = 2.0f - pow(2.0f, f.contrast / 100.0f);
        Expr a = 2.0f - 2.0f * b;
        Expr h = 1.0f - g;
        Expr val = select(g > 0.5f, 1.0f - (a * h * h + b * h), a * g * g + b * g);
        // Held as int32 (values 0..255): the lookups are then 32-bit hardware gathers
        // rather than byte loads one lane at a time.
        f.curve(v) = cast<int32_t>(cast<uint8_t>(clamp(val * 256.0f, 0.0f, 255.0f)));
    }
    f.curved = named("curved");
    f.curved(x, y, c) = cast<uint8_t>(f.curve(cast<int32_t>(clamp(f.corrected(x, y, c), 0, 1023))));

    // 8. Sharpen.
    f.blur_y = named("blur_y");
    {
        auto u16 = [](const Expr &e) { return cast<uint16_t>(e); };
        const Func &k = f.curved;
        f.blur_y(x, y, c) = u16(k(x, y - 1, c)) + 2 * u16(k(x, y, c)) + u16(k(x, y + 1, c));
        const Func &by = f.blur_y;
        Expr blurred = (by(x - 1, y, c) + 2 * by(x, y, c) + by(x + 1, y, c) + 8) >> 4;
        Expr center = cast<int32_t>(k(x, y, c));
        Expr mask = center - cast<int32_t>(blurred);
        Expr strength = cast<int32_t>(f.sharpen_strength * 32.0f);
        f.output = named("output");
        f.output(x, y, c) = saturating_cast<uint8_t>(center + ((mask * strength) >> 5));
    }
    return f;
}

} // namespace camera_pipe

#endif
