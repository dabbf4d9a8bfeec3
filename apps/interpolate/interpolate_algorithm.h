#ifndef WEFT_APPS_INTERPOLATE_ALGORITHM_H
#define WEFT_APPS_INTERPOLATE_ALGORITHM_H

// Multi-scale interpolation (push-pull) of an RGBA image: pixels with alpha < 1 are
// filled from coarser levels of a premultiplied-alpha pyramid, so holes (alpha 0) get
// a smooth blend of the colours around them. The algorithm only;
// interpolate_schedules.h schedules it.
//
// Input: fp32 RGBA in(x, y, c), planar, c in [0, 4), alpha in [0, 1]. Output: fp32 RGBA
// of the same shape. The pyramid has L levels (compile-time, 10 by default); level l is
// w_l x h_l = ((W - 1) / 2^l + 1) x ((H - 1) / 2^l + 1).
//
//   down[0](x, y, c)   = in(x, y, c) * in(x, y, 3) for colours, in(x, y, 3) for alpha
//   down[l]            = reduce(down[l - 1])       (premultiplied: weights by coverage)
//   interp[L-1]        = down[L-1]
//   interp[l](x, y, c) = down[l](x, y, c) + (1 - down[l](x, y, 3)) expand(interp[l+1])
//   out(x, y, c)       = interp[0](x, y, c) / interp[0](x, y, 3) for c < 3 (0 where that
//                        alpha is 0: an image with no opaque pixel at all), and
//                        min(interp[0](x, y, 3), 1) for the alpha channel
//
// reduce() filters with [1 2 1] / 4 in y, then in x, taking every other sample;
// expand() is bilinear: output 2i reads 3/4 of s(i) and 1/4 of s(i - 1), output 2i+1
// 3/4 of s(i) and 1/4 of s(i + 1) -- in x (at the coarse level's rows), then in y.
// Every read of a level is clamped to its extent (repeat-edge at every level), so every
// level is needed over exactly [0, w_l) x [0, h_l) x [0, 4).
//
// Funcs (L = 10: 48 of them): down[l], down_y[l] (l >= 1: reduce's y pass),
// interp[l], up_x[l], up_y[l] (l < L-1: expand's passes), output.
//
//   interpolate::Funcs f = interpolate::make_interpolate(in);   // ImageParam Float(32), 3-D
//   interpolate::schedule(f, interpolate::Schedule::Parallel);
//   f.output.realize(out);   // out: Buffer<float>(W, H, 4)

#include <weft/weft.h>

#include <string>
#include <vector>

namespace interpolate {

/// The Funcs and Vars of one interpolation pipeline (see the file comment).
struct Funcs {
    weft::ImageParam input;
    int pyramid_levels = 0;
    weft::Var x{"x"}, y{"y"}, c{"c"};
    std::vector<weft::Func> down, down_y, interp, up_x, up_y;
    weft::Func output;
    /// The extents of pyramid level l.
    std::vector<weft::Expr> w, h;
};

/// Builds the pipeline over `input` (Float(32), 3 dimensions, 4 channels) with
/// `pyramid_levels` (>= 1) levels. `prefix` names the Funcs.
inline Funcs make_interpolate(const weft::ImageParam &input, int pyramid_levels = 10,
                              const std::string &prefix = "interp") {
    using namespace weft;
    Funcs p;
    p.input = input;
    p.pyramid_levels = pyramid_levels;
    const int L = pyramid_levels;
    const Expr x = p.x, y = p.y, c = p.c;
    for (int l = 0; l < L; l++) {
        p.w.push_back((input.width() - 1) / (1 << l) + 1);
        p.h.push_back((input.height() - 1) / (1 << l) + 1);
    }
    auto make = [&](std::vector<Func> &v, const std::string &n, int from, int to) {
        v.resize(L);
        for (int l = from; l < to; l++) {
            v[l] = Func(prefix + "_" + n + "_" + std::to_string(l));
        }
    };
    make(p.down, "down", 0, L);
    make(p.down_y, "down_y", 1, L);
    make(p.interp, "interp", 0, L);
    make(p.up_x, "up_x", 0, L - 1);
    make(p.up_y, "up_y", 0, L - 1);
    p.output = Func(prefix + "_output");

    auto cw = [&](const Expr &v, int l) { return clamp(v, 0, p.w[l] - 1); };
    auto ch = [&](const Expr &v, int l) { return clamp(v, 0, p.h[l] - 1); };

    const Expr alpha = input(x, y, 3);
    p.down[0](x, y, c) = select(c < 3, input(x, y, c) * alpha, alpha);
    for (int l = 1; l < L; l++) {
        const Func &f = p.down[l - 1];
        p.down_y[l](x, y, c) = (f(x, ch(2 * y - 1, l - 1), c) + f(x, ch(2 * y + 1, l - 1), c) +
                                2.0f * f(x, ch(2 * y, l - 1), c)) *
                               0.25f;
        const Func &d = p.down_y[l];
        p.down[l](x, y, c) = (d(cw(2 * x - 1, l - 1), y, c) + d(cw(2 * x + 1, l - 1), y, c) +
                              2.0f * d(cw(2 * x, l - 1), y, c)) *
                             0.25f;
    }

    p.interp[L - 1](x, y, c) = p.down[L - 1](x, y, c);
    for (int l = L - 2; l >= 0; l--) {
        // The neighbour expand() blends in: i - 1 for even outputs, i + 1 for odd ones.
        const Func &s = p.interp[l + 1];
        p.up_x[l](x, y, c) =
            0.75f * s(cw(x / 2, l + 1), y, c) + 0.25f * s(cw(x / 2 - 1 + 2 * (x % 2), l + 1), y, c);
        const Func &u = p.up_x[l];
        p.up_y[l](x, y, c) =
            0.75f * u(x, ch(y / 2, l + 1), c) + 0.25f * u(x, ch(y / 2 - 1 + 2 * (y % 2), l + 1), c);
        p.interp[l](x, y, c) =
            p.down[l](x, y, c) + (1.0f - p.down[l](x, y, 3)) * p.up_y[l](x, y, c);
    }

    const Expr a = p.interp[0](x, y, 3);
    p.output(x, y, c) =
        select(c < 3, select(a > 0.0f, p.interp[0](x, y, c) / a, 0.0f), min(a, 1.0f));
    return p;
}

} // namespace interpolate

#endif
