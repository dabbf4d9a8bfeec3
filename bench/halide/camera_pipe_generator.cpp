// Halide 14 generator of apps/camera_pipe (camera_pipe_algorithm.h written again, term
// for term, in Halide: the same stages, integer types, rounding and edge handling, so the
// output is bit-exact with weft's and the C++ reference's), with the best CPU schedule
// found for this 2-core AVX-512 machine.
//
// Schedule: the output in tiles of 256 x 32 pixels, rows of tiles in parallel, the three
// channels inside the tile; per tile the denoised image, the four deinterleaved phases,
// green at red and blue, the interleaved r, g, b and the curved image are computed into
// small buffers, all vectorized (int16 lanes); the other demosaic phases are inlined
// into the interleave and the sharpening into the output. The tone curve's table and the
// fixed-point matrix are computed once (root).

#include "Halide.h"

namespace {

using namespace Halide;

class CameraPipe : public Generator<CameraPipe> {
public:
    Input<Buffer<uint16_t>> raw_input{"raw_input", 2};
    Input<Buffer<float>> matrix{"matrix", 2};
    Input<uint16_t> black_level{"black_level"};
    Input<uint16_t> white_level{"white_level"};
    Input<float> gamma{"gamma"};
    Input<float> contrast{"contrast"};
    Input<float> sharpen_strength{"sharpen_strength"};
    Output<Buffer<uint8_t>> output{"output", 3};

    void generate() {
        Var x("x"), y("y"), c("c"), v("v");
        // 1-2. Mirror, then hot/cold pixel suppression.
        Func raw = BoundaryConditions::mirror_interior(raw_input);
        Func denoised("denoised");
        {
            const Func &r = raw;
            Expr lo = min(min(min(r(x - 2, y), r(x + 2, y)), r(x, y - 2)), r(x, y + 2));
            Expr hi = max(max(max(r(x - 2, y), r(x + 2, y)), r(x, y - 2)), r(x, y + 2));
            denoised(x, y) = clamp(r(x, y), lo, hi);
        }
        // 3. Deinterleave.
        Func G_gr("G_gr"), R_r("R_r"), B_b("B_b"), G_gb("G_gb");
        const Func &d = denoised;
        G_gr(x, y) = cast<int16_t>(d(2 * x, 2 * y));
        R_r(x, y) = cast<int16_t>(d(2 * x + 1, 2 * y));
        B_b(x, y) = cast<int16_t>(d(2 * x, 2 * y + 1));
        G_gb(x, y) = cast<int16_t>(d(2 * x + 1, 2 * y + 1));

        // 4. Demosaic.
        auto avg = [](Expr a, Expr b) { return (a + b) >> 1; };
        const Func &Ggr = G_gr, &Rr = R_r, &Bb = B_b, &Ggb = G_gb;
        Func g_r("g_r"), g_b("g_b");
        g_r(x, y) = select(absd(Ggr(x, y), Ggr(x + 1, y)) < absd(Ggb(x, y - 1), Ggb(x, y)),
                           avg(Ggr(x, y), Ggr(x + 1, y)), avg(Ggb(x, y - 1), Ggb(x, y)));
        g_b(x, y) = select(absd(Ggb(x - 1, y), Ggb(x, y)) < absd(Ggr(x, y), Ggr(x, y + 1)),
                           avg(Ggb(x - 1, y), Ggb(x, y)), avg(Ggr(x, y), Ggr(x, y + 1)));
        const Func &gr = g_r, &gb = g_b;
        auto dr = [&](Expr xx, Expr yy) { return Rr(xx, yy) - gr(xx, yy); };
        auto db = [&](Expr xx, Expr yy) { return Bb(xx, yy) - gb(xx, yy); };
        Func r_gr("r_gr"), b_gr("b_gr"), r_gb("r_gb"), b_gb("b_gb");
        r_gr(x, y) = Ggr(x, y) + avg(dr(x - 1, y), dr(x, y));
        b_gr(x, y) = Ggr(x, y) + avg(db(x, y - 1), db(x, y));
        r_gb(x, y) = Ggb(x, y) + avg(dr(x, y), dr(x, y + 1));
        b_gb(x, y) = Ggb(x, y) + avg(db(x, y), db(x + 1, y));
        Func b_r("b_r"), r_b("r_b");
        b_r(x, y) =
            gr(x, y) + select(absd(Bb(x + 1, y - 1), Bb(x, y)) < absd(Bb(x, y - 1), Bb(x + 1, y)),
                              avg(db(x + 1, y - 1), db(x, y)), avg(db(x, y - 1), db(x + 1, y)));
        r_b(x, y) =
            gb(x, y) + select(absd(Rr(x, y), Rr(x - 1, y + 1)) < absd(Rr(x - 1, y), Rr(x, y + 1)),
                              avg(dr(x, y), dr(x - 1, y + 1)), avg(dr(x - 1, y), dr(x, y + 1)));

        // 5. Interleave.
        auto interleave = [&](const Func &ee, const Func &oe, const Func &eo, const Func &oo) {
            Expr hx = x / 2, hy = y / 2;
            Expr x_even = x % 2 == 0;
            return select(y % 2 == 0, select(x_even, ee(hx, hy), oe(hx, hy)),
                          select(x_even, eo(hx, hy), oo(hx, hy)));
        };
        Func r_full("r_full"), g_full("g_full"), b_full("b_full");
        r_full(x, y) = interleave(r_gr, R_r, r_b, r_gb);
        g_full(x, y) = interleave(G_gr, g_r, g_b, G_gb);
        b_full(x, y) = interleave(b_gr, b_r, B_b, b_gb);

        // 6. Colour correction in 8.8 fixed point.
        Func matrix_fixed("matrix_fixed"), corrected("corrected");
        matrix_fixed(x, y) = cast<int32_t>(floor(matrix(x, y) * 256.0f + 0.5f));
        {
            const Func &m = matrix_fixed;
            Expr r = cast<int32_t>(r_full(x, y)), g = cast<int32_t>(g_full(x, y)),
                 b = cast<int32_t>(b_full(x, y));
            corrected(x, y, c) =
                cast<int16_t>((m(3, c) + m(0, c) * r + m(1, c) * g + m(2, c) * b) >> 8);
        }

        // 7. Tone curve.
        Func curve("curve"), curved("curved");
        {
            Expr range = max(cast<float>(white_level) - cast<float>(black_level), 1.0f);
            Expr xf = clamp((cast<float>(v) - cast<float>(black_level)) / range, 0.0f, 1.0f);
            Expr g = pow(xf, 1.0f / gamma);
            Expr b = 2.0f - pow(2.0f, contrast / 100.0f);
            Expr a = 2.0f - 2.0f * b;
            Expr h = 1.0f - g;
            Expr val = select(g > 0.5f, 1.0f - (a * h * h + b * h), a * g * g + b * g);
            curve(v) = cast<int32_t>(cast<uint8_t>(clamp(val * 256.0f, 0.0f, 255.0f)));
        }
        curved(x, y, c) = cast<uint8_t>(curve(cast<int32_t>(clamp(corrected(x, y, c), 0, 1023))));

        // 8. Sharpen.
        Func blur_y("blur_y");
        {
            auto u16 = [](Expr e) { return cast<uint16_t>(e); };
            const Func &k = curved;
            blur_y(x, y, c) = u16(k(x, y - 1, c)) + 2 * u16(k(x, y, c)) + u16(k(x, y + 1, c));
            Expr blurred = (blur_y(x - 1, y, c) + 2 * blur_y(x, y, c) + blur_y(x + 1, y, c) + 8) >> 4;
            Expr center = cast<int32_t>(k(x, y, c));
            Expr mask = center - cast<int32_t>(blurred);
            Expr strength = cast<int32_t>(sharpen_strength * 32.0f);
            output(x, y, c) = saturating_cast<uint8_t>(center + ((mask * strength) >> 5));
        }

        // Schedule.
        const int vec = natural_vector_size<int16_t>();
        Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
        curve.compute_root().vectorize(v, natural_vector_size<float>());
        matrix_fixed.compute_root();
        output.tile(x, y, xo, yo, xi, yi, 256, 32)
            .reorder(xi, yi, c, xo, yo)
            .vectorize(xi, vec)
            .parallel(yo);
        curved.compute_at(output, xo).vectorize(x, vec);
        for (Func *f : {&r_full, &g_full, &b_full, &g_r, &g_b, &G_gr, &R_r, &B_b, &G_gb,
                        &denoised}) {
            f->compute_at(output, xo).vectorize(x, vec);
        }
    }
};

} // namespace

HALIDE_REGISTER_GENERATOR(CameraPipe, camera_pipe)
