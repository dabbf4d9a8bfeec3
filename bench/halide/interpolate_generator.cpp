// Halide 14 generator of apps/interpolate (interpolate_algorithm.h written again, term
// for term, in Halide: the same Funcs, level sizes, per-level edge clamps and order of
// operations), with CPU schedules for this 2-core AVX-512 machine. GeneratorParam
// `schedule`:
//
//  - "levels" (the best here: 1 thread, 1536x2560, about 1.5x faster than "unrolled"):
//    weft's Parallel placement (apps/interpolate/interpolate_schedules.h) written in
//    Halide: down[l] and interp[l] (l >= 1) and expand's x pass at root, vectorized,
//    levels 0-3 parallel over rows and channels fused; reduce's y pass per row of its
//    consumer; interp[0] per output row; the output parallel over rows.
//  - "unrolled" (the idea of Halide's own interpolate app): down[l] and
//    interp[l] (l >= 1) at root, parallel over rows, vectorized; interp[l] and the output
//    unrolled by 2 in x and y with the vectors across every other x, so the parity of x
//    and y is a constant in each unrolled copy (expand()'s selects disappear and its
//    reads of the coarser level are dense); expand's passes and interp[0] inlined; the
//    output's four channels unrolled innermost (interp[0]'s alpha shared).

#include "Halide.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace Halide;

class Interpolate : public Generator<Interpolate> {
public:
    GeneratorParam<int> pyramid_levels{"pyramid_levels", 10};
    GeneratorParam<std::string> schedule{"schedule", "levels"};
    Input<Buffer<float>> input{"input", 3};
    Output<Buffer<float>> output{"output", 3};

    void generate() {
        Var x("x"), y("y"), c("c");
        const int L = pyramid_levels;
        std::vector<Expr> w, h;
        for (int l = 0; l < L; l++) {
            w.push_back((input.width() - 1) / (1 << l) + 1);
            h.push_back((input.height() - 1) / (1 << l) + 1);
        }
        auto make = [&](const std::string &n) {
            std::vector<Func> v;
            for (int l = 0; l < L; l++) {
                v.emplace_back(n + "_" + std::to_string(l));
            }
            return v;
        };
        std::vector<Func> down = make("down"), down_y = make("down_y"), interp = make("interp"),
                          up_x = make("up_x"), up_y = make("up_y");
        auto cw = [&](Expr v, int l) { return clamp(v, 0, w[l] - 1); };
        auto ch = [&](Expr v, int l) { return clamp(v, 0, h[l] - 1); };

        Expr alpha = input(x, y, 3);
        down[0](x, y, c) = select(c < 3, input(x, y, c) * alpha, alpha);
        for (int l = 1; l < L; l++) {
            const Func &f = down[l - 1];
            down_y[l](x, y, c) = (f(x, ch(2 * y - 1, l - 1), c) + f(x, ch(2 * y + 1, l - 1), c) +
                                  2.0f * f(x, ch(2 * y, l - 1), c)) *
                                 0.25f;
            const Func &d = down_y[l];
            down[l](x, y, c) = (d(cw(2 * x - 1, l - 1), y, c) + d(cw(2 * x + 1, l - 1), y, c) +
                                2.0f * d(cw(2 * x, l - 1), y, c)) *
                               0.25f;
        }
        interp[L - 1](x, y, c) = down[L - 1](x, y, c);
        for (int l = L - 2; l >= 0; l--) {
            const Func &s = interp[l + 1];
            up_x[l](x, y, c) = 0.75f * s(cw(x / 2, l + 1), y, c) +
                               0.25f * s(cw(x / 2 - 1 + 2 * (x % 2), l + 1), y, c);
            const Func &u = up_x[l];
            up_y[l](x, y, c) = 0.75f * u(x, ch(y / 2, l + 1), c) +
                               0.25f * u(x, ch(y / 2 - 1 + 2 * (y % 2), l + 1), c);
            interp[l](x, y, c) = down[l](x, y, c) + (1.0f - down[l](x, y, 3)) * up_y[l](x, y, c);
        }
        Expr a = interp[0](x, y, 3);
        output(x, y, c) = select(c < 3, select(a > 0.0f, interp[0](x, y, c) / a, 0.0f), min(a, 1.0f));

        const int vec = natural_vector_size<float>();
        const std::string s = schedule;
        Var yc("yc"), xi("xi"), yi("yi");
        if (s == "levels") {
            for (int l = 0; l < L; l++) {
                const bool par = l < 4;
                auto root = [&](Func &f) -> Var {
                    f.compute_root().vectorize(x, vec);
                    if (!par) {
                        return y;
                    }
                    f.fuse(y, c, yc).parallel(yc);
                    return yc;
                };
                if (l > 0) {
                    Var row = root(down[l]);
                    root(interp[l]);
                    down_y[l].compute_at(down[l], row).vectorize(x, vec);
                }
                if (l < L - 1) {
                    root(up_x[l]);
                }
            }
            interp[0].compute_at(output, y).vectorize(x, vec);
            output.reorder(x, c, y).bound(c, 0, 4).vectorize(x, vec).parallel(y);
        } else if (s == "unrolled") {
            for (int l = 1; l < L; l++) {
                const bool par = l < 4;
                down[l].compute_root().vectorize(x, vec);
                down_y[l].compute_at(down[l], y).vectorize(x, vec);
                interp[l].compute_root().unroll(x, 2).unroll(y, 2).vectorize(x, vec);
                if (par) {
                    down[l].parallel(y, 8);
                    interp[l].parallel(y, 4);
                }
            }
            output.reorder(c, x, y)
                .bound(c, 0, 4)
                .unroll(c)
                .tile(x, y, xi, yi, 2, 2)
                .unroll(xi)
                .unroll(yi)
                .vectorize(x, vec)
                .parallel(y, 8);
        } else {
            std::abort();
        }
    }
};

} // namespace

HALIDE_REGISTER_GENERATOR(Interpolate, interpolate)
