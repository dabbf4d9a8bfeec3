// Interleaves and up-sampling reads vectorized over x (x / 2, x % 2, x / 4, x % 4,
// x / 2 - 1 + 2 (x % 2) under a clamp), which dense_lane_shuffles
// (src/lower/DenseLaneShuffles.h) turns into residue versions with dense loads and
// shuffles, checked against plain C++: output mins 0..3 and negative ones, odd widths,
// widths below the vector width (GuardWithIf), 1 and 2 threads. Inputs are Buffers of
// exactly the extent the pipeline needs, placed just before an inaccessible page, so a
// read past the last element would crash.

#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

using namespace weft;

namespace {

int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int floor_mod(int a, int b) { return a - b * floor_div(a, b); }

/// Vectorizes f's x by `lanes`: ShiftInwards when the width allows, else GuardWithIf.
void vectorize_for(Func &f, const Var &x, int lanes, int width) {
    f.vectorize(x, lanes, width >= lanes ? TailStrategy::ShiftInwards : TailStrategy::GuardWithIf);
}

struct ThreadCount {
    explicit ThreadCount(int n) { set_num_threads(n); }
    ~ThreadCount() { set_num_threads(0); }
};

} // namespace

TEST_CASE("an interleave of two half-resolution inputs from every output min",
          "[dense_lane_shuffles][correctness]") {
    for (int lanes : {16, 32}) {
        for (int width : {5, 16, 17, 31, 64, 99}) {
            for (int out_min : {0, 1, 2, 3, -5, -6}) {
                CAPTURE(lanes, width, out_min);
                // Half-resolution inputs over exactly [floor(min / 2), floor(max / 2)].
                const int h_min = floor_div(out_min, 2);
                const int h_n = floor_div(out_min + width - 1, 2) - h_min + 1;
                weft_test::PageEndArray<int16_t> ea(h_n, 1), oa(h_n, 2);
                Buffer<int16_t> even(ea.data(), h_n), odd(oa.data(), h_n);
                even.set_min(h_min);
                odd.set_min(h_min);
                Func inter("interleave");
                Var x("x");
                inter(x) = select(x % 2 == 0, even(x / 2), odd(x / 2) * 3);
                vectorize_for(inter, x, lanes, width);
                Buffer<int16_t> out(width);
                out.set_min(out_min);
                inter.realize(out);
                for (int i = out_min; i < out_min + width; i++) {
                    const int h = floor_div(i, 2) - h_min;
                    const int16_t want =
                        floor_mod(i, 2) == 0 ? ea.data()[h] : int16_t(oa.data()[h] * 3);
                    REQUIRE(out(i) == want);
                }
            }
        }
    }
}

TEST_CASE("an interleave of four phases (x / 4, x % 4) from every output min",
          "[dense_lane_shuffles][correctness]") {
    for (int width : {3, 16, 21, 50}) {
        for (int out_min : {0, 1, 2, 3, -7}) {
            CAPTURE(width, out_min);
            const int q_min = floor_div(out_min, 4);
            const int q_n = floor_div(out_min + width - 1, 4) - q_min + 1;
            std::vector<std::unique_ptr<weft_test::PageEndArray<int32_t>>> arrays;
            std::vector<Buffer<int32_t>> phase;
            for (int p = 0; p < 4; p++) {
                arrays.push_back(std::make_unique<weft_test::PageEndArray<int32_t>>(q_n, p + 3));
                phase.emplace_back(arrays.back()->data(), q_n);
                phase.back().set_min(q_min);
            }
            Func f("four_phases");
            Var x("x");
            Expr q = x / 4, r = x % 4;
            f(x) = select(r == 0, phase[0](q),
                          select(r == 1, phase[1](q), select(r == 2, phase[2](q), phase[3](q)))) *
                       10 +
                   r;
            vectorize_for(f, x, 16, width);
            Buffer<int32_t> out(width);
            out.set_min(out_min);
            f.realize(out);
            for (int i = out_min; i < out_min + width; i++) {
                const int p = floor_mod(i, 4);
                REQUIRE(out(i) == arrays[size_t(p)]->data()[floor_div(i, 4) - q_min] * 10 + p);
            }
        }
    }
}

TEST_CASE("interpolate's clamped expand index x / 2 - 1 + 2 (x % 2) reads only its input",
          "[dense_lane_shuffles][correctness]") {
    for (int n : {1, 2, 7, 8, 9, 20, 33}) {
        for (int out_min : {0, 1, 2, 3}) {
            const int width = 2 * n + 3;
            CAPTURE(n, out_min, width);
            weft_test::PageEndArray<float> a(n, 5);
            Buffer<float> in(a.data(), n);
            Func up("expand");
            Var x("x");
            Expr i1 = clamp(x / 2, 0, n - 1);
            Expr i2 = clamp(x / 2 - 1 + 2 * (x % 2), 0, n - 1);
            up(x) = 0.75f * in(i1) + 0.25f * in(i2);
            vectorize_for(up, x, 16, width);
            Buffer<float> out(width);
            out.set_min(out_min);
            up.realize(out);
            for (int i = out_min; i < out_min + width; i++) {
                const int j1 = std::clamp(floor_div(i, 2), 0, n - 1);
                const int j2 = std::clamp(floor_div(i, 2) - 1 + 2 * floor_mod(i, 2), 0, n - 1);
                REQUIRE(out(i) == 0.75f * a.data()[j1] + 0.25f * a.data()[j2]);
            }
        }
    }
}

TEST_CASE("a 2-D Bayer-style interleave of four computed phases, on 1 and 2 threads",
          "[dense_lane_shuffles][correctness]") {
    for (int threads : {1, 2}) {
        ThreadCount tc(threads);
        for (int out_min : {0, 1, 2, 3}) {
            const int w = 77, h = 13;
            CAPTURE(threads, out_min);
            Func ee("ee"), oe("oe"), eo("eo"), oo("oo"), full("full");
            Var x("x"), y("y");
            ee(x, y) = x * 7 + y;
            oe(x, y) = x * 5 - y * 3;
            eo(x, y) = x - y * 11;
            oo(x, y) = x * x + y;
            Expr hx = x / 2, hy = y / 2, x_even = x % 2 == 0;
            full(x, y) = select(y % 2 == 0, select(x_even, ee(hx, hy), oe(hx, hy)),
                                select(x_even, eo(hx, hy), oo(hx, hy)));
            for (Func *p : {&ee, &oe, &eo, &oo}) {
                p->compute_at(full, y).vectorize(x, 16);
            }
            full.vectorize(x, 32).parallel(y);
            Buffer<int32_t> out(w, h);
            out.set_min({out_min, out_min + 1});
            full.realize(out);
            for (int j = out_min + 1; j < out_min + 1 + h; j++) {
                for (int i = out_min; i < out_min + w; i++) {
                    const int a = floor_div(i, 2), b = floor_div(j, 2);
                    int want;
                    if (floor_mod(j, 2) == 0) {
                        want = floor_mod(i, 2) == 0 ? a * 7 + b : a * 5 - b * 3;
                    } else {
                        want = floor_mod(i, 2) == 0 ? a - b * 11 : a * a + b;
                    }
                    REQUIRE(out(i, j) == want);
                }
            }
        }
    }
}

TEST_CASE("x / 2, x % 2, (x + 1) / 2 and x / 3 used as values, not indices",
          "[dense_lane_shuffles][correctness]") {
    for (int width : {4, 16, 45}) {
        for (int out_min : {0, 1, 2, 3, -9}) {
            CAPTURE(width, out_min);
            Func f("values"), g("thirds");
            Var x("x");
            f(x) = (x / 2) * 100 + (x % 2) * 10 + (x + 1) / 2 + select(x % 2 == 1, 7, -7);
            g(x) = x / 3 + (x % 3) * 1000;
            vectorize_for(f, x, 16, width);
            vectorize_for(g, x, 16, width);
            Buffer<int32_t> out(width), out3(width);
            out.set_min(out_min);
            out3.set_min(out_min);
            f.realize(out);
            g.realize(out3);
            for (int i = out_min; i < out_min + width; i++) {
                REQUIRE(out(i) == floor_div(i, 2) * 100 + floor_mod(i, 2) * 10 +
                                      floor_div(i + 1, 2) + (floor_mod(i, 2) == 1 ? 7 : -7));
                REQUIRE(out3(i) == floor_div(i, 3) + floor_mod(i, 3) * 1000);
            }
        }
    }
}
