#ifndef WEFT_APPS_UNSHARP_ALGORITHM_H
#define WEFT_APPS_UNSHARP_ALGORITHM_H

// Unsharp masking of an fp32 RGB image, the algorithm only (unsharp_schedules.h
// schedules it). The detail that a Gaussian blur removes from the luminance is added
// back, scaled by `amount`, to every channel:
//
//   gray(x, y)      = 0.299 R + 0.587 G + 0.114 B          (edges repeated outwards)
//   blur_y(x, y)    = sum_{i=-R..R} w[i] gray(x, y + i)     separable Gaussian, vertical
//   blur_x(x, y)    = sum_{i=-R..R} w[i] blur_y(x + i, y)   then horizontal
//   detail(x, y)    = gray(x, y) - blur_x(x, y)
//   output(x, y, c) = input(x, y, c) + amount * detail(x, y)
//
// w is the Gaussian of standard deviation `sigma` sampled at the integers -R..R with
// R = ceil(2 * sigma), normalized to sum 1; symmetric taps are added before they are
// weighted (w[i] * (a + b)). Images are planar (x, y, c) as load_image makes them, any
// number of channels >= 3 (channels past the third are sharpened the same way).
// unsharp_reference.cpp computes the same thing in plain C++.

#include <weft/weft.h>

#include <cmath>
#include <string>
#include <vector>

namespace unsharp {

/// The normalized Gaussian taps w[0..R] (w[i] weighs offsets +i and -i).
inline std::vector<float> gaussian_taps(float sigma) {
    const int radius = int(std::ceil(2.0f * sigma));
    std::vector<float> w(size_t(radius) + 1);
    double total = 0;
    for (int i = 0; i <= radius; i++) {
        w[size_t(i)] = float(std::exp(-double(i) * i / (2.0 * double(sigma) * sigma)));
        total += (i == 0 ? 1.0 : 2.0) * w[size_t(i)];
    }
    for (float &v : w) {
        v = float(v / total);
    }
    return w;
}

/// The Funcs and Vars of one unsharp pipeline.
struct UnsharpFuncs {
    weft::ImageParam input;
    weft::Param<float> amount;
    weft::Func clamped, gray, blur_y, blur_x, detail, output;
    weft::Var x, y, c;
};

/// Builds the pipeline over `input` (Float(32), 3 dimensions) with the blur of
/// standard deviation `sigma` (fixed when the pipeline is built) and the strength
/// `amount` (a Param: changing it does not recompile).
inline UnsharpFuncs make_unsharp(const weft::ImageParam &input, const weft::Param<float> &amount,
                                 float sigma = 1.5f, const std::string &prefix = "unsharp") {
    using namespace weft;
    UnsharpFuncs f{input, amount};
    f.x = Var("x");
    f.y = Var("y");
    f.c = Var("c");
    const Var &x = f.x, &y = f.y, &c = f.c;
    // Edges repeat outwards in x and y only: reading a channel the input lacks stays a
    // RuntimeError naming the input.
    Func source(prefix + "_source");
    source(x, y, c) = input(x, y, c);
    f.clamped =
        BoundaryConditions::repeat_edge(source, {{input.dim(0).min(), input.dim(0).extent()},
                                                 {input.dim(1).min(), input.dim(1).extent()}});
    f.gray = Func(prefix + "_gray");
    f.blur_y = Func(prefix + "_blur_y");
    f.blur_x = Func(prefix + "_blur_x");
    f.detail = Func(prefix + "_detail");
    f.output = Func(prefix + "_output");

    const std::vector<float> w = gaussian_taps(sigma);
    const int radius = int(w.size()) - 1;
    f.gray(x, y) =
        0.299f * f.clamped(x, y, 0) + 0.587f * f.clamped(x, y, 1) + 0.114f * f.clamped(x, y, 2);
    Expr by = w[0] * f.gray(x, y);
    for (int i = 1; i <= radius; i++) {
        by = by + w[size_t(i)] * (f.gray(x, y - i) + f.gray(x, y + i));
    }
    f.blur_y(x, y) = by;
    Expr bx = w[0] * f.blur_y(x, y);
    for (int i = 1; i <= radius; i++) {
        bx = bx + w[size_t(i)] * (f.blur_y(x - i, y) + f.blur_y(x + i, y));
    }
    f.blur_x(x, y) = bx;
    f.detail(x, y) = f.gray(x, y) - f.blur_x(x, y);
    f.output(x, y, c) = input(x, y, c) + amount * f.detail(x, y);
    return f;
}

} // namespace unsharp

#endif
