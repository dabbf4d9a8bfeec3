#ifndef WEFT_APPS_LOCAL_LAPLACIAN_ALGORITHM_H
#define WEFT_APPS_LOCAL_LAPLACIAN_ALGORITHM_H

// The local Laplacian filter (Paris, Hasinoff and Kautz, "Local Laplacian Filters:
// Edge-aware Image Processing with a Laplacian Pyramid", SIGGRAPH 2011), in the fast
// form that samples the remapping at a few discrete intensity levels (Aubry et al.
// 2014): the algorithm only; local_laplacian_schedules.h schedules it.
//
// Input: an RGB uint16 image in(x, y, c), planar, c in [0, 3). Output: the same shape.
// Parameters: `levels` (K >= 2) discrete intensity levels g_k = k / (K - 1), `alpha`
// (detail: > 0 enhances, < 0 smooths), `beta` (large-scale contrast: < 1 compresses).
// The pyramid has J levels (compile-time, 8 by default); level j is
// w_j x h_j = ((W - 1) / 2^j + 1) x ((H - 1) / 2^j + 1).
//
//   gray(x, y)        = 0.299 r + 0.587 g + 0.114 b of in / 65535     (float)
//   remap(i)          = alpha d exp(-t^2 / 2), t = i / 256, d = t / (K - 1): the detail
//                       curve, tabulated at 256 steps per level spacing
//   g[0](x, y, k)     = g_k + beta (gray - g_k) + remap(idx(gray) - 256 k), where
//                       idx(v) = clamp(int(v (K - 1) 256 + 0.5), 0, 256 (K - 1))
//   g[j]              = down(g[j - 1])       the Gaussian pyramid of each remapped image
//   l[J-1] = g[J-1],  l[j] = g[j] - up(g[j + 1])      their Laplacian pyramids
//   in_g[0] = gray,   in_g[j] = down(in_g[j - 1])     the input's Gaussian pyramid
//   out_l[j](x, y)    = lerp of l[j](x, y, i) and l[j](x, y, i + 1) at
//                       v = in_g[j](x, y) (K - 1), i = clamp(int(v), 0, K - 2)
//   out_g[J-1] = out_l[J-1],  out_g[j] = up(out_g[j + 1]) + out_l[j]   (collapse)
//   out(x, y, c)      = u16(clamp(out_g[0] (in_c / 65535 + 0.01) / (gray + 0.01), 0, 1)
//                       65535 + 0.5)                        (restores the colour)
//
// down() filters with the 5-tap binomial [1 4 6 4 1] / 16 in y then in x, taking every
// other sample; up() is its transpose (Burt and Adelson's expand): even outputs
// (1 6 1) / 8, odd outputs (1 1) / 2 of the coarser level, in x then in y. Every read
// of a level is clamped to that level's extent (repeat-edge at every level), so each
// level is needed exactly over [0, w_j) x [0, h_j) and the input is read only where
// the output is. The orders (y before x going down, x before y going up) put the
// stride-2 and half-rate accesses in x on the smaller of the two intermediate images.
//
// The Funcs (J = 8: 85 of them):
//   gray, remap, g[j], g_down_y[j] (j >= 1: the y pass of down), l[j], l_up_x[j]
//   (j < J-1: up's x pass at level j+1's rows), l_up_y[j] (its y pass), in_g[j],
//   in_down_y[j], out_l[j], out_g[j], out_up_x[j], out_up_y[j], output.
//
//   local_laplacian::Funcs f = local_laplacian::make_local_laplacian(in, levels, alpha, beta);
//   local_laplacian::schedule(f, local_laplacian::Schedule::Parallel);
//   f.output.realize(out);   // out: Buffer<uint16_t>(W, H, 3), W, H as in's

#include <weft/weft.h>

#include <string>
#include <vector>

namespace local_laplacian {

/// The Funcs and Vars of one local Laplacian pipeline (see the file comment).
struct Funcs {
    weft::ImageParam input;
    weft::Param<int> levels;
    weft::Param<float> alpha, beta;
    int pyramid_levels = 0;
    weft::Var x{"x"}, y{"y"}, c{"c"}, k{"k"}, i{"i"};
    weft::Func gray, remap, output;
    std::vector<weft::Func> g, g_down_y, l, l_up_x, l_up_y;
    std::vector<weft::Func> in_g, in_down_y, out_l, out_g, out_up_x, out_up_y;
    /// The extents of pyramid level j.
    std::vector<weft::Expr> w, h;
};

namespace detail {

inline weft::Expr clamp_to(const weft::Expr &v, const weft::Expr &extent) {
    return weft::clamp(v, 0, extent - 1);
}

/// args with the first two replaced by (a, b): f(a, b, rest...).
inline std::vector<weft::Expr> with_xy(const weft::Expr &a, const weft::Expr &b,
                                       const std::vector<weft::Var> &rest) {
    std::vector<weft::Expr> args = {a, b};
    for (const weft::Var &v : rest) {
        args.push_back(v);
    }
    return args;
}

/// The binomial taps [1 4 6 4 1] / 16 of five values centred on c.
inline weft::Expr binomial5(const weft::Expr &a, const weft::Expr &b, const weft::Expr &c,
                            const weft::Expr &d, const weft::Expr &e) {
    return ((a + e) + 4.0f * (b + d) + 6.0f * c) * 0.0625f;
}

/// Expand's two phases at output coordinate v over a coarse signal s(i): even v = 2i:
/// (s(i-1) + 6 s(i) + s(i+1)) / 8, odd v = 2i+1: (s(i) + s(i+1)) / 2.
inline weft::Expr expand(const weft::Expr &v, const weft::Expr &prev, const weft::Expr &at,
                         const weft::Expr &next) {
    return weft::select(v % 2 == 0, ((prev + next) + 6.0f * at) * 0.125f, (at + next) * 0.5f);
}

/// down(): f at level j - 1 to level j, through the y pass `down_y` (level j-1's
/// columns, level j's rows) and the x pass `out`. `rest` are the Vars after x and y.
inline void define_down(weft::Func &down_y, weft::Func &out, const weft::Func &f, const Funcs &p,
                        int j, const std::vector<weft::Var> &rest) {
    using namespace weft;
    const Expr x = p.x, y = p.y;
    auto fy = [&](int t) { return f(with_xy(x, clamp_to(2 * y + t, p.h[j - 1]), rest)); };
    down_y(with_xy(x, y, rest)) = binomial5(fy(-2), fy(-1), fy(0), fy(1), fy(2));
    auto dx = [&](int t) { return down_y(with_xy(clamp_to(2 * x + t, p.w[j - 1]), y, rest)); };
    out(with_xy(x, y, rest)) = binomial5(dx(-2), dx(-1), dx(0), dx(1), dx(2));
}

/// up(): f at level j + 1 to level j, through the x pass `up_x` (level j's columns,
/// level j+1's rows) and the y pass `up_y`.
inline void define_up(weft::Func &up_x, weft::Func &up_y, const weft::Func &f, const Funcs &p,
                      int j, const std::vector<weft::Var> &rest) {
    using namespace weft;
    const Expr x = p.x, y = p.y;
    auto fx = [&](int t) { return f(with_xy(clamp_to(x / 2 + t, p.w[j + 1]), y, rest)); };
    up_x(with_xy(x, y, rest)) = expand(x, fx(-1), fx(0), fx(1));
    auto uy = [&](int t) { return up_x(with_xy(x, clamp_to(y / 2 + t, p.h[j + 1]), rest)); };
    up_y(with_xy(x, y, rest)) = expand(y, uy(-1), uy(0), uy(1));
}

} // namespace detail

/// Builds the pipeline over `input` (uint16, 3 dimensions, at least 3 channels) with
/// `pyramid_levels` (>= 1) levels. `prefix` names the Funcs.
inline Funcs make_local_laplacian(const weft::ImageParam &input, const weft::Param<int> &levels,
                                  const weft::Param<float> &alpha, const weft::Param<float> &beta,
                                  int pyramid_levels = 8, const std::string &prefix = "llf") {
    using namespace weft;
    Funcs p;
    p.input = input;
    p.levels = levels;
    p.alpha = alpha;
    p.beta = beta;
    p.pyramid_levels = pyramid_levels;
    const int J = pyramid_levels;
    const Expr x = p.x, y = p.y, c = p.c, k = p.k;
    for (int j = 0; j < J; j++) {
        p.w.push_back((input.width() - 1) / (1 << j) + 1);
        p.h.push_back((input.height() - 1) / (1 << j) + 1);
    }
    auto name = [&](const std::string &n, int j) {
        return prefix + "_" + n + "_" + std::to_string(j);
    };
    auto make = [&](std::vector<Func> &v, const std::string &n, int from, int to) {
        v.resize(J);
        for (int j = from; j < to; j++) {
            v[j] = Func(name(n, j));
        }
    };
    make(p.g, "g", 0, J);
    make(p.g_down_y, "g_down_y", 1, J);
    make(p.l, "l", 0, J);
    make(p.l_up_x, "l_up_x", 0, J - 1);
    make(p.l_up_y, "l_up_y", 0, J - 1);
    make(p.in_g, "in_g", 0, J);
    make(p.in_down_y, "in_down_y", 1, J);
    make(p.out_l, "out_l", 0, J);
    make(p.out_g, "out_g", 0, J);
    make(p.out_up_x, "out_up_x", 0, J - 1);
    make(p.out_up_y, "out_up_y", 0, J - 1);
    p.gray = Func(prefix + "_gray");
    p.remap = Func(prefix + "_remap");
    p.output = Func(prefix + "_output");

    const Expr K1 = cast<float>(levels - 1);
    const float inv = 1.0f / 65535.0f;
    auto channel = [&](const Expr &ch) { return cast<float>(input(x, y, ch)) * inv; };
    p.gray(x, y) = 0.299f * channel(0) + 0.587f * channel(1) + 0.114f * channel(2);

    const Expr t = cast<float>(p.i) * (1.0f / 256.0f);
    p.remap(p.i) = alpha * (t / K1) * exp(-(t * t) * 0.5f);

    const Expr g_level = cast<float>(k) / K1;
    const Expr idx = clamp(cast<int>(p.gray(x, y) * K1 * 256.0f + 0.5f), 0, (levels - 1) * 256);
    p.g[0](x, y, k) = g_level + beta * (p.gray(x, y) - g_level) + p.remap(idx - 256 * k);
    p.in_g[0](x, y) = p.gray(x, y);
    for (int j = 1; j < J; j++) {
        detail::define_down(p.g_down_y[j], p.g[j], p.g[j - 1], p, j, {p.k});
        detail::define_down(p.in_down_y[j], p.in_g[j], p.in_g[j - 1], p, j, {});
    }

    p.l[J - 1](x, y, k) = p.g[J - 1](x, y, k);
    for (int j = 0; j < J - 1; j++) {
        detail::define_up(p.l_up_x[j], p.l_up_y[j], p.g[j + 1], p, j, {p.k});
        p.l[j](x, y, k) = p.g[j](x, y, k) - p.l_up_y[j](x, y, k);
    }

    for (int j = 0; j < J; j++) {
        const Expr v = p.in_g[j](x, y) * K1;
        const Expr li = clamp(cast<int>(v), 0, levels - 2);
        const Expr lf = v - cast<float>(li);
        p.out_l[j](x, y) = (1.0f - lf) * p.l[j](x, y, li) + lf * p.l[j](x, y, li + 1);
    }

    p.out_g[J - 1](x, y) = p.out_l[J - 1](x, y);
    for (int j = J - 2; j >= 0; j--) {
        detail::define_up(p.out_up_x[j], p.out_up_y[j], p.out_g[j + 1], p, j, {});
        p.out_g[j](x, y) = p.out_up_y[j](x, y) + p.out_l[j](x, y);
    }

    const Expr ratio = (channel(c) + 0.01f) / (p.gray(x, y) + 0.01f);
    p.output(x, y, c) =
        cast<uint16_t>(clamp(p.out_g[0](x, y) * ratio, 0.0f, 1.0f) * 65535.0f + 0.5f);
    return p;
}

} // namespace local_laplacian

#endif
