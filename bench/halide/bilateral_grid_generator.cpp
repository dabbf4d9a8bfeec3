// Halide 14 generator of apps/bilateral_grid (bilateral_grid_algorithm.h written again,
// term for term, in Halide: the same grid, splat order, taps, lerp form and edge
// handling), with the best CPU schedule found for this 2-core AVX-512 machine.
//
// Schedule (the one of Halide's own bilateral_grid app, adapted to 16 lanes): the
// histogram computed per grid row inside blurz (rows in parallel), its splat with c
// unrolled; blurz, blurx and blury at root, vectorized along x with c unrolled, blurz
// parallel over y, blurx and blury over z; the slice (output) in parallel strips of rows,
// vectorized.

#include "Halide.h"

#include <cmath>

namespace {

using namespace Halide;

class BilateralGrid : public Generator<BilateralGrid> {
public:
    GeneratorParam<int> s_sigma{"s_sigma", 8};
    GeneratorParam<float> r_sigma{"r_sigma", 0.1f};
    Input<Buffer<float>> input{"input", 2};
    Output<Buffer<float>> output{"output", 2};

    void generate() {
        Var x("x"), y("y"), z("z"), c("c");
        const int s = s_sigma;
        const int nz = int(std::ceil(1.0f / float(r_sigma)));
        const float inv_r = 1.0f / float(r_sigma);
        Func clamped = BoundaryConditions::repeat_edge(input);
        Func histogram("histogram"), blurz("blurz"), blurx("blurx"), blury("blury");
        Func interpolated("interpolated");

        RDom r(0, s, 0, s, "r");
        Expr val = clamp(clamped(x * s + r.x - s / 2, y * s + r.y - s / 2), 0.0f, 1.0f);
        Expr zi = clamp(cast<int>(val * inv_r + 0.5f), 0, nz);
        histogram(x, y, z, c) = 0.0f;
        histogram(x, y, zi, c) += select(c == 0, val, 1.0f);

        auto taps = [](Expr a, Expr b, Expr m, Expr d, Expr e) {
            return (a + e) + 4.0f * (b + d) + 6.0f * m;
        };
        const Func &h = histogram;
        blurz(x, y, z, c) = taps(h(x, y, z - 2, c), h(x, y, z - 1, c), h(x, y, z, c),
                                 h(x, y, z + 1, c), h(x, y, z + 2, c));
        blurx(x, y, z, c) = taps(blurz(x - 2, y, z, c), blurz(x - 1, y, z, c), blurz(x, y, z, c),
                                 blurz(x + 1, y, z, c), blurz(x + 2, y, z, c));
        blury(x, y, z, c) = taps(blurx(x, y - 2, z, c), blurx(x, y - 1, z, c), blurx(x, y, z, c),
                                 blurx(x, y + 1, z, c), blurx(x, y + 2, z, c));

        // weft's lerp: a + (b - a) w.
        auto lerp_ = [](Expr a, Expr b, Expr w) { return a + (b - a) * w; };
        Expr v = clamp(clamped(x, y), 0.0f, 1.0f);
        Expr zv = v * inv_r;
        Expr zc = clamp(cast<int>(zv), 0, nz - 1);
        Expr zf = zv - cast<float>(zc);
        Expr xc = x / s, yc = y / s;
        Expr xf = cast<float>(x % s) * (1.0f / s), yf = cast<float>(y % s) * (1.0f / s);
        const Func &g = blury;
        auto along_x = [&](Expr yy, Expr zz) {
            return lerp_(g(xc, yy, zz, c), g(xc + 1, yy, zz, c), xf);
        };
        auto along_xy = [&](Expr zz) { return lerp_(along_x(yc, zz), along_x(yc + 1, zz), yf); };
        interpolated(x, y, c) = lerp_(along_xy(zc), along_xy(zc + 1), zf);
        output(x, y) = interpolated(x, y, 0) / interpolated(x, y, 1);

        const int vec = natural_vector_size<float>();
        Var yo("yo"), yi("yi");
        blurz.compute_root().reorder(c, z, x, y).parallel(y).vectorize(x, vec).unroll(c);
        histogram.compute_at(blurz, y);
        histogram.update().reorder(c, r.x, r.y, x, y).unroll(c);
        blurx.compute_root().reorder(c, x, y, z).parallel(z).vectorize(x, vec).unroll(c);
        blury.compute_root().reorder(c, x, y, z).parallel(z).vectorize(x, vec).unroll(c);
        output.split(y, yo, yi, 16).parallel(yo).vectorize(x, vec);
    }
};

} // namespace

HALIDE_REGISTER_GENERATOR(BilateralGrid, bilateral_grid)
