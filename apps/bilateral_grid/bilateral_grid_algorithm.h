#ifndef WEFT_APPS_BILATERAL_GRID_ALGORITHM_H
#define WEFT_APPS_BILATERAL_GRID_ALGORITHM_H

// The bilateral filter of an fp32 grey image through a bilateral grid (Chen, Paris and
// Durand 2007), the algorithm only (bilateral_grid_schedules.h schedules it).
//
// The grid has one cell per s x s pixels (s = s_sigma) and one per r_sigma of
// intensity, and two channels: the sum of the intensities splatted into a cell (c = 0)
// and their count (c = 1). s_sigma and r_sigma are fixed when the pipeline is built
// (as Halide's app fixes s_sigma): the grid's depth nz = ceil(1 / r_sigma) is then a
// constant, so bounds inference sizes the histogram, whose z is data-dependent. (With
// r_sigma a Param, weft cannot bound the clamped data-dependent z by the
// Param-dependent nz; see the report of issue 4.)
//
//   val(x, y)             = clamp(input(x, y), 0, 1)        (edges repeated outwards)
//   histogram(x, y, z, c) = 0, then for each (i, j) in [0, s)^2 the pixel
//                           p = (x s + i - s/2, y s + j - s/2) adds (val(p), 1) at
//                           z = clamp(int(val(p) / r_sigma + 1/2), 0, nz)
//                           with nz = ceil(1 / r_sigma) (grid cells z in [0, nz])
//   blurz, blurx, blury   = the 5-tap [1 4 6 4 1] filter along z, then x, then y
//   interpolated(x, y, c) = blury trilinearly interpolated at (x / s, y / s,
//                           val(x, y) / r_sigma), cell (i, j, k) at pixel (i s, j s)
//   output(x, y)          = interpolated(x, y, 0) / interpolated(x, y, 1)
//
// The splat visits (i, j) with i innermost; bilateral_grid_reference.cpp sums in the
// same order. Cells outside the image are splatted from the repeated edges.

#include <weft/weft.h>

#include <cmath>
#include <string>

namespace bilateral_grid {

/// The Funcs and Vars of one bilateral-grid pipeline.
struct BilateralGridFuncs {
    weft::ImageParam input;
    int s_sigma = 8;
    float r_sigma = 0.1f;
    weft::Func clamped, histogram, blurz, blurx, blury, interpolated, output;
    weft::Var x, y, z, c;
    weft::RDom r;
};

/// The number of z cells past the first: ceil(1 / r_sigma).
inline int grid_depth(float r_sigma) {
    return int(std::ceil(1.0f / r_sigma));
}

/// Builds the filter of `input` (Float(32), 2 dimensions); s_sigma >= 1, r_sigma in
/// (0, 1] (CompileError otherwise).
inline BilateralGridFuncs make_bilateral_grid(const weft::ImageParam &input, int s_sigma = 8,
                                              float r_sigma = 0.1f,
                                              const std::string &prefix = "bilateral_grid") {
    using namespace weft;
    if (!(s_sigma >= 1 && r_sigma > 0.0f && r_sigma <= 1.0f)) {
        throw CompileError("bilateral_grid \"" + prefix +
                           "\": s_sigma must be >= 1 and r_sigma in (0, 1]; got s_sigma " +
                           std::to_string(s_sigma) + ", r_sigma " + std::to_string(r_sigma));
    }
    BilateralGridFuncs f{input, s_sigma, r_sigma};
    f.x = Var("x");
    f.y = Var("y");
    f.z = Var("z");
    f.c = Var("c");
    const Var &x = f.x, &y = f.y, &z = f.z, &c = f.c;
    const int s = s_sigma;
    auto named = [&](const char *n) { return Func(prefix + "_" + n); };
    f.clamped = BoundaryConditions::repeat_edge(input);
    f.histogram = named("histogram");
    f.blurz = named("blurz");
    f.blurx = named("blurx");
    f.blury = named("blury");
    f.interpolated = named("interpolated");
    f.output = named("output");
    const int nz = grid_depth(r_sigma);
    const float inv_r = 1.0f / r_sigma;

    // Splat.
    f.r = RDom(0, s, 0, s, "r");
    const RDom &r = f.r;
    Expr val = clamp(f.clamped(x * s + r.x - s / 2, y * s + r.y - s / 2), 0.0f, 1.0f);
    Expr zi = clamp(cast<int>(val * inv_r + 0.5f), 0, nz);
    f.histogram(x, y, z, c) = 0.0f;
    f.histogram(x, y, zi, c) += select(c == 0, val, 1.0f);

    // Blur the grid.
    auto taps = [](const Expr &a, const Expr &b, const Expr &m, const Expr &d, const Expr &e) {
        return (a + e) + 4.0f * (b + d) + 6.0f * m;
    };
    const Func &h = f.histogram;
    f.blurz(x, y, z, c) = taps(h(x, y, z - 2, c), h(x, y, z - 1, c), h(x, y, z, c),
                               h(x, y, z + 1, c), h(x, y, z + 2, c));
    const Func &bz = f.blurz;
    f.blurx(x, y, z, c) = taps(bz(x - 2, y, z, c), bz(x - 1, y, z, c), bz(x, y, z, c),
                               bz(x + 1, y, z, c), bz(x + 2, y, z, c));
    const Func &bx = f.blurx;
    f.blury(x, y, z, c) = taps(bx(x, y - 2, z, c), bx(x, y - 1, z, c), bx(x, y, z, c),
                               bx(x, y + 1, z, c), bx(x, y + 2, z, c));

    // Slice: trilinear interpolation of the grid at each pixel.
    Expr v = clamp(f.clamped(x, y), 0.0f, 1.0f);
    Expr zv = v * inv_r;
    Expr zc = clamp(cast<int>(zv), 0, nz - 1);
    Expr zf = zv - cast<float>(zc);
    Expr xc = x / s, yc = y / s;
    Expr xf = cast<float>(x % s) * (1.0f / s), yf = cast<float>(y % s) * (1.0f / s);
    const Func &g = f.blury;
    auto along_x = [&](const Expr &yy, const Expr &zz) {
        return lerp(g(xc, yy, zz, c), g(xc + 1, yy, zz, c), xf);
    };
    auto along_xy = [&](const Expr &zz) { return lerp(along_x(yc, zz), along_x(yc + 1, zz), yf); };
    f.interpolated(x, y, c) = lerp(along_xy(zc), along_xy(zc + 1), zf);

    f.output(x, y) = f.interpolated(x, y, 0) / f.interpolated(x, y, 1);
    return f;
}

} // namespace bilateral_grid

#endif
