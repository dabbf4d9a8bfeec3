// Halide 14 generator of apps/local_laplacian (local_laplacian_algorithm.h written
// again, term for term, in Halide: the same Funcs, level sizes, per-level edge clamps,
// constants and order of operations), with CPU schedules for this 2-core AVX-512
// machine. GeneratorParam `schedule`:
//
//  - "levels" (the best here: 1 thread, 2560x1536, 3-14% faster than "sliding"):
//    weft's Parallel placement (apps/local_laplacian/local_laplacian_schedules.h)
//    written in Halide: every level of g, l, in_g and out_g (but g[0], l[0]) and the x
//    passes of up() at root, vectorized, levels 0-3 parallel over rows (and k); the y
//    passes of down() per row of their consumer; the output parallel over rows and
//    channels fused.
//  - "sliding" (the idea of Halide's own local_laplacian app): the finest levels'
//    collapse (out_g[0..3] and the x passes of their up()) computed in strips of 32
//    output rows, one new row per row
//    (sliding windows stored per strip), the strips in parallel; the Gaussian pyramids
//    g[1..] and in_g[..], and l[j]'s up() x pass at root (parallel over rows and k,
//    vectorized); l[j] and out_l[j] inlined into their consumers, g[0] and l[0] too;
//    coarse levels (4 and up) at root, serial.

#include "Halide.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace Halide;

class LocalLaplacian : public Generator<LocalLaplacian> {
public:
    GeneratorParam<int> pyramid_levels{"pyramid_levels", 8};
    GeneratorParam<std::string> schedule{"schedule", "levels"};
    Input<Buffer<uint16_t>> input{"input", 3};
    Input<int> levels{"levels"};
    Input<float> alpha{"alpha"};
    Input<float> beta{"beta"};
    Output<Buffer<uint16_t>> output{"output", 3};

    Var x{"x"}, y{"y"}, c{"c"}, k{"k"}, i{"i"};
    std::vector<Expr> w, h;

    std::vector<Expr> at(Expr a, Expr b, const std::vector<Var> &rest) {
        std::vector<Expr> args = {a, b};
        args.insert(args.end(), rest.begin(), rest.end());
        return args;
    }
    static Expr binomial5(Expr a, Expr b, Expr c, Expr d, Expr e) {
        return ((a + e) + 4.0f * (b + d) + 6.0f * c) * 0.0625f;
    }
    static Expr expand(Expr v, Expr prev, Expr at, Expr next) {
        return select(v % 2 == 0, ((prev + next) + 6.0f * at) * 0.125f, (at + next) * 0.5f);
    }
    void define_down(Func &down_y, Func &out, const Func &f, int j, const std::vector<Var> &rest) {
        auto fy = [&](int t) { return f(at(x, clamp(2 * y + t, 0, h[j - 1] - 1), rest)); };
        down_y(at(x, y, rest)) = binomial5(fy(-2), fy(-1), fy(0), fy(1), fy(2));
        auto dx = [&](int t) { return down_y(at(clamp(2 * x + t, 0, w[j - 1] - 1), y, rest)); };
        out(at(x, y, rest)) = binomial5(dx(-2), dx(-1), dx(0), dx(1), dx(2));
    }
    void define_up(Func &up_x, Func &up_y, const Func &f, int j, const std::vector<Var> &rest) {
        auto fx = [&](int t) { return f(at(clamp(x / 2 + t, 0, w[j + 1] - 1), y, rest)); };
        up_x(at(x, y, rest)) = expand(x, fx(-1), fx(0), fx(1));
        auto uy = [&](int t) { return up_x(at(x, clamp(y / 2 + t, 0, h[j + 1] - 1), rest)); };
        up_y(at(x, y, rest)) = expand(y, uy(-1), uy(0), uy(1));
    }

    void generate() {
        const int J = pyramid_levels;
        for (int j = 0; j < J; j++) {
            w.push_back((input.width() - 1) / (1 << j) + 1);
            h.push_back((input.height() - 1) / (1 << j) + 1);
        }
        auto make = [&](const std::string &n) {
            std::vector<Func> v;
            for (int j = 0; j < J; j++) {
                v.emplace_back(n + "_" + std::to_string(j));
            }
            return v;
        };
        std::vector<Func> g = make("g"), g_down_y = make("g_down_y"), l = make("l"),
                          l_up_x = make("l_up_x"), l_up_y = make("l_up_y"), in_g = make("in_g"),
                          in_down_y = make("in_down_y"), out_l = make("out_l"),
                          out_g = make("out_g"), out_up_x = make("out_up_x"),
                          out_up_y = make("out_up_y");
        Func gray("gray"), remap("remap");

        Expr K1 = cast<float>(levels - 1);
        const float inv = 1.0f / 65535.0f;
        auto channel = [&](Expr ch) { return cast<float>(input(x, y, ch)) * inv; };
        gray(x, y) = 0.299f * channel(0) + 0.587f * channel(1) + 0.114f * channel(2);
        Expr t = cast<float>(i) * (1.0f / 256.0f);
        remap(i) = alpha * (t / K1) * exp(-(t * t) * 0.5f);

        Expr g_level = cast<float>(k) / K1;
        Expr idx = clamp(cast<int>(gray(x, y) * K1 * 256.0f + 0.5f), 0, (levels - 1) * 256);
        g[0](x, y, k) = g_level + beta * (gray(x, y) - g_level) + remap(idx - 256 * k);
        in_g[0](x, y) = gray(x, y);
        for (int j = 1; j < J; j++) {
            define_down(g_down_y[j], g[j], g[j - 1], j, {k});
            define_down(in_down_y[j], in_g[j], in_g[j - 1], j, {});
        }
        l[J - 1](x, y, k) = g[J - 1](x, y, k);
        for (int j = 0; j < J - 1; j++) {
            define_up(l_up_x[j], l_up_y[j], g[j + 1], j, {k});
            l[j](x, y, k) = g[j](x, y, k) - l_up_y[j](x, y, k);
        }
        for (int j = 0; j < J; j++) {
            Expr v = in_g[j](x, y) * K1;
            Expr li = clamp(cast<int>(v), 0, levels - 2);
            Expr lf = v - cast<float>(li);
            out_l[j](x, y) = (1.0f - lf) * l[j](x, y, li) + lf * l[j](x, y, li + 1);
        }
        out_g[J - 1](x, y) = out_l[J - 1](x, y);
        for (int j = J - 2; j >= 0; j--) {
            define_up(out_up_x[j], out_up_y[j], out_g[j + 1], j, {});
            out_g[j](x, y) = out_up_y[j](x, y) + out_l[j](x, y);
        }
        Expr ratio = (channel(c) + 0.01f) / (gray(x, y) + 0.01f);
        output(x, y, c) = cast<uint16_t>(clamp(out_g[0](x, y) * ratio, 0.0f, 1.0f) * 65535.0f + 0.5f);

        // Schedules.
        const int vec = natural_vector_size<float>();
        remap.compute_root();
        gray.compute_root().parallel(y, 16).vectorize(x, vec);
        Var yk("yk"), yo("yo"), yi("yi");
        auto root = [&](Func &f, bool par) {
            f.compute_root().vectorize(x, vec);
            if (par) {
                if (f.dimensions() == 3) {
                    f.fuse(y, k, yk).parallel(yk);
                } else {
                    f.parallel(y, 8);
                }
            }
        };
        const std::string s = schedule;
        if (s == "levels") {
            for (int j = 0; j < J; j++) {
                const bool par = j < 4;
                if (j > 0) {
                    root(g[j], par);
                    root(l[j], par);
                    g_down_y[j].compute_at(g[j], par ? yk : y).vectorize(x, vec);
                    in_down_y[j].compute_at(in_g[j], y).vectorize(x, vec);
                    root(in_g[j], par);
                }
                root(out_g[j], par);
                if (j < J - 1) {
                    root(l_up_x[j], par);
                    root(out_up_x[j], par);
                }
            }
            output.vectorize(x, vec).fuse(y, c, yo).parallel(yo);
        } else if (s == "sliding") {
            const int fine = 4; // levels [0, fine) collapse in strips
            output.split(y, yo, yi, 32).reorder(x, c, yi, yo).vectorize(x, vec).parallel(yo);
            for (int j = 1; j < J; j++) {
                const bool par = j < fine;
                root(g[j], par);
                g_down_y[j].compute_at(g[j], par ? yk : y).vectorize(x, vec);
                root(in_g[j], par);
                in_down_y[j].compute_at(in_g[j], y).vectorize(x, vec);
                if (j >= fine) {
                    root(l[j], false);
                    root(out_g[j], false);
                }
            }
            for (int j = 0; j < J - 1; j++) {
                root(l_up_x[j], j + 1 < fine);
                if (j + 1 >= fine) {
                    root(out_up_x[j], false);
                }
            }
            for (int j = 0; j < fine; j++) {
                out_g[j].store_at(output, yo).compute_at(output, yi).vectorize(x, vec);
                if (j + 1 < fine) {
                    out_up_x[j].store_at(output, yo).compute_at(output, yi).vectorize(x, vec);
                }
            }
        } else {
            std::abort();
        }
    }
};

} // namespace

HALIDE_REGISTER_GENERATOR(LocalLaplacian, local_laplacian)
