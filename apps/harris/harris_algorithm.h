#ifndef WEFT_APPS_HARRIS_ALGORITHM_H
#define WEFT_APPS_HARRIS_ALGORITHM_H

// The Harris corner response of an fp32 RGB image, the algorithm only
// (harris_schedules.h schedules it):
//
//   gray(x, y)   = 0.299 R + 0.587 G + 0.114 B               (edges repeated outwards)
//   Ix(x, y)     = Sobel x derivative of gray / 12:
//                  (g(x+1, y-1) - g(x-1, y-1)) + 2 (g(x+1, y) - g(x-1, y))
//                  + (g(x+1, y+1) - g(x-1, y+1)), times 1/12
//   Iy(x, y)     = the same across y
//   Sxx(x, y)    = sum over the 3x3 box around (x, y) of Ix^2 (Syy of Iy^2, Sxy of Ix Iy)
//   output(x, y) = det - k trace^2,  det = Sxx Syy - Sxy^2,  trace = Sxx + Syy
//
// k is a Param (0.04 by default). The box sums are written as two passes (a vertical
// sum of three rows, then a horizontal sum of three columns), which is how one would
// compute them anyway; harris_reference.cpp computes the same sums in the same order.
// Images are planar (x, y, c), 3 or more channels (the first three are used).

#include <weft/weft.h>

#include <string>

namespace harris {

/// The Funcs and Vars of one Harris pipeline.
struct HarrisFuncs {
    weft::ImageParam input;
    weft::Param<float> k;
    weft::Func clamped, gray, Ix, Iy, Ixx, Iyy, Ixy, Sxx_y, Syy_y, Sxy_y, output;
    weft::Var x, y;
};

inline HarrisFuncs make_harris(const weft::ImageParam &input, const weft::Param<float> &k,
                               const std::string &prefix = "harris") {
    using namespace weft;
    HarrisFuncs f{input, k};
    f.x = Var("x");
    f.y = Var("y");
    const Var &x = f.x, &y = f.y;
    const Var c("c");
    auto named = [&](const char *n) { return Func(prefix + "_" + n); };
    // Edges repeat outwards in x and y only: reading a channel the input lacks stays a
    // RuntimeError naming the input.
    Func source(prefix + "_source");
    source(x, y, c) = input(x, y, c);
    f.clamped =
        BoundaryConditions::repeat_edge(source, {{input.dim(0).min(), input.dim(0).extent()},
                                                 {input.dim(1).min(), input.dim(1).extent()}});
    f.gray = named("gray");
    f.Ix = named("Ix");
    f.Iy = named("Iy");
    f.Ixx = named("Ixx");
    f.Iyy = named("Iyy");
    f.Ixy = named("Ixy");
    f.Sxx_y = named("Sxx_y");
    f.Syy_y = named("Syy_y");
    f.Sxy_y = named("Sxy_y");
    f.output = named("output");

    f.gray(x, y) =
        0.299f * f.clamped(x, y, 0) + 0.587f * f.clamped(x, y, 1) + 0.114f * f.clamped(x, y, 2);
    const Func &g = f.gray;
    f.Ix(x, y) = ((g(x + 1, y - 1) - g(x - 1, y - 1)) + 2.0f * (g(x + 1, y) - g(x - 1, y)) +
                  (g(x + 1, y + 1) - g(x - 1, y + 1))) *
                 (1.0f / 12.0f);
    f.Iy(x, y) = ((g(x - 1, y + 1) - g(x - 1, y - 1)) + 2.0f * (g(x, y + 1) - g(x, y - 1)) +
                  (g(x + 1, y + 1) - g(x + 1, y - 1))) *
                 (1.0f / 12.0f);
    f.Ixx(x, y) = f.Ix(x, y) * f.Ix(x, y);
    f.Iyy(x, y) = f.Iy(x, y) * f.Iy(x, y);
    f.Ixy(x, y) = f.Ix(x, y) * f.Iy(x, y);
    f.Sxx_y(x, y) = f.Ixx(x, y - 1) + f.Ixx(x, y) + f.Ixx(x, y + 1);
    f.Syy_y(x, y) = f.Iyy(x, y - 1) + f.Iyy(x, y) + f.Iyy(x, y + 1);
    f.Sxy_y(x, y) = f.Ixy(x, y - 1) + f.Ixy(x, y) + f.Ixy(x, y + 1);
    Expr sxx = f.Sxx_y(x - 1, y) + f.Sxx_y(x, y) + f.Sxx_y(x + 1, y);
    Expr syy = f.Syy_y(x - 1, y) + f.Syy_y(x, y) + f.Syy_y(x + 1, y);
    Expr sxy = f.Sxy_y(x - 1, y) + f.Sxy_y(x, y) + f.Sxy_y(x + 1, y);
    Expr det = sxx * syy - sxy * sxy;
    Expr trace = sxx + syy;
    f.output(x, y) = det - k * trace * trace;
    return f;
}

} // namespace harris

#endif
