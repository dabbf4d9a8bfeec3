// Loop partitioning (src/lower/PartitionLoops.h) never changes results: pipelines whose
// innermost loops are split into prologue / steady state / epilogue (GuardWithIf tails,
// vectorized or not, boundary conditions on every side, rfactored reductions) checked
// against plain C++ at awkward sizes: extents smaller than the split factor, steady
// ranges of zero width, negative and shifted mins, outputs reaching far outside.
// ShiftInwards vector loops (every vector but the shifted last one in the steady loop)
// at widths around multiples of the vector width, and mirror_image / mirror_interior
// (marked likely where the coordinate is inside) on inputs smaller than the stencil,
// held in memory surrounded by poison so that a read outside them shows.

#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;
using weft_test::fill_with;

namespace {

int clamp_to(int c, int lo, int n) { return std::min(std::max(c, lo), lo + n - 1); }

int emod(int a, int b) { return ((a % b) + b) % b; }

int mirror_interior_ref(int c, int m, int n) {
    if (n == 1) {
        return m;
    }
    int t = emod(c - m, 2 * (n - 1));
    return m + (t <= n - 1 ? t : 2 * (n - 1) - t);
}

/// A w x h input at (min_x, min_y) inside a larger allocation whose other elements are
/// poison: a read outside the input changes the result.
struct PoisonedInput {
    static constexpr int pad = 64;
    static constexpr int32_t poison = -1000000;
    std::vector<int32_t> memory;
    Buffer<int32_t> buffer;

    PoisonedInput(int w, int h, int min_x, int min_y)
        : memory(size_t(w + 2 * pad) * size_t(h + 2 * pad), poison) {
        const int stride = w + 2 * pad;
        weft_dimension_t shape[2] = {{min_x, w, 1, 0}, {min_y, h, stride, 0}};
        buffer = Buffer<int32_t>(memory.data() + size_t(pad) * stride + pad, 2, shape, "input");
        fill_with(buffer, [](int x, int y) { return int32_t(1000 * y + 7 * x + 3); });
    }
};

int mirror_image_ref(int c, int m, int n) {
    int t = emod(c - m, 2 * n);
    return m + (t < n ? t : 2 * n - 1 - t);
}

Buffer<int32_t> make_input(int w, int h, int min_x, int min_y) {
    Buffer<int32_t> in(w, h);
    in.set_name("input");
    in.set_min({min_x, min_y});
    fill_with(in, [](int x, int y) { return int32_t(1000 * y + 7 * x + 3); });
    return in;
}

} // namespace

TEST_CASE("partitioned GuardWithIf vector tails with a repeat_edge stencil are exact",
          "[partition][correctness]") {
    // out(x) = in(x - 3) + 2 in(x + 3), over [out_min, out_min + out_w): the clamps bind
    // on both sides, the vector tail is guarded. Widths below, at and above the factor;
    // inputs narrower than the stencil (no steady iteration at all).
    struct Case {
        int in_w, in_min, out_w, out_min;
    };
    const Case cases[] = {{1, 0, 1, 0},    {3, 0, 3, 0},     {7, 0, 7, 0},    {8, 0, 8, 0},
                          {9, 0, 9, 0},    {17, 0, 17, 0},   {100, 0, 100, 0}, {100, -37, 100, -37},
                          {5, -2, 40, -20}, {64, 10, 90, -3}, {33, -50, 33, -50}};
    for (int factor : {4, 8, 16}) {
        for (const Case &c : cases) {
            CAPTURE(factor, c.in_w, c.in_min, c.out_w, c.out_min);
            Buffer<int32_t> in = make_input(c.in_w, 1, c.in_min, 0);
            Buffer<int32_t> in1(c.in_w);
            in1.set_min({c.in_min});
            fill_with(in1, [&](int x) { return in(x, 0); });
            Func clamped = BoundaryConditions::repeat_edge(in1);
            Func f("f");
            Var x("x"), xo("xo"), xi("xi");
            f(x) = clamped(x - 3) + 2 * clamped(x + 3);
            f.split(x, xo, xi, factor, TailStrategy::GuardWithIf).vectorize(xi);
            Buffer<int32_t> out(c.out_w);
            out.set_min({c.out_min});
            f.realize(out);
            check_buffer(out, [&](int xx) {
                return in1(clamp_to(xx - 3, c.in_min, c.in_w)) +
                       2 * in1(clamp_to(xx + 3, c.in_min, c.in_w));
            });
        }
    }
}

TEST_CASE("partitioned 2-D tiles with boundary conditions on all sides are exact",
          "[partition][correctness]") {
    struct Shape {
        int w, h, min_x, min_y, margin;
    };
    const Shape shapes[] = {{1, 1, 0, 0, 3},   {2, 3, -1, 5, 9},   {13, 7, 0, 0, 4},
                            {16, 16, -8, -8, 1}, {31, 9, 3, -4, 12}, {40, 21, 0, 0, 0}};
    for (const Shape &s : shapes) {
        CAPTURE(s.w, s.h, s.min_x, s.min_y, s.margin);
        Buffer<int32_t> in = make_input(s.w, s.h, s.min_x, s.min_y);
        const int ow = s.w + 2 * s.margin, oh = s.h + 2 * s.margin;
        const int ox = s.min_x - s.margin, oy = s.min_y - s.margin;
        Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
        auto realize = [&](Func bounded, bool vectorize) {
            Func f("f");
            f(x, y) = bounded(x - 1, y) + bounded(x + 1, y + 1) * 3 - bounded(x, y - 2);
            f.tile(x, y, xo, yo, xi, yi, 8, 4, TailStrategy::GuardWithIf);
            if (vectorize) {
                f.vectorize(xi);
            }
            Buffer<int32_t> out(ow, oh);
            out.set_min({ox, oy});
            f.realize(out);
            return out;
        };
        auto stencil = [](const std::function<int32_t(int, int)> &v) {
            return [v](int xx, int yy) {
                return v(xx - 1, yy) + v(xx + 1, yy + 1) * 3 - v(xx, yy - 2);
            };
        };
        auto repeat = [&](int xx, int yy) {
            return in(clamp_to(xx, s.min_x, s.w), clamp_to(yy, s.min_y, s.h));
        };
        auto exterior = [&](int xx, int yy) { return in.contains(xx, yy) ? in(xx, yy) : -5; };
        auto mirror = [&](int xx, int yy) {
            return in(mirror_image_ref(xx, s.min_x, s.w), mirror_image_ref(yy, s.min_y, s.h));
        };
        for (bool vec : {false, true}) {
            CAPTURE(vec);
            check_buffer(realize(BoundaryConditions::repeat_edge(in), vec), stencil(repeat));
            check_buffer(realize(BoundaryConditions::constant_exterior(in, -5), vec),
                         stencil(exterior));
            check_buffer(realize(BoundaryConditions::mirror_image(in), vec), stencil(mirror));
        }
    }
}

TEST_CASE("a partitioned rfactored reduction sums every element once",
          "[partition][correctness]") {
    // Row sums with the reduction split by 16 (GuardWithIf) and rfactored into a vector
    // of partial sums: the steady loop runs whole vectors, the epilogue the tail.
    for (int w : {1, 5, 15, 16, 17, 31, 32, 33, 64, 65, 200}) {
        CAPTURE(w);
        Buffer<int32_t> in = make_input(w, 3, 0, 0);
        Func total("total");
        Var y("y"), u("u");
        RDom r(0, w, "r");
        RVar ro("ro"), ri("ri");
        total(y) = 0;
        total(y) += in(r, y);
        total.update().split(r, ro, ri, 16, TailStrategy::GuardWithIf);
        Func partial = total.update().rfactor(ri, u);
        partial.compute_at(total, y).vectorize(u);
        partial.update().vectorize(u);
        Buffer<int32_t> out = total.realize({3});
        check_buffer(out, [&](int yy) {
            int32_t sum = 0;
            for (int xx = 0; xx < w; xx++) {
                sum += in(xx, yy);
            }
            return sum;
        });
    }
}

TEST_CASE("a partitioned scalar GuardWithIf split over a Param-sized domain is exact",
          "[partition][correctness]") {
    // The guard's bound is only known at run time; the same compiled pipeline runs every
    // size, including ones where the steady range is empty.
    Buffer<int32_t> in = make_input(300, 1, 0, 0);
    Param<int> n("n");
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = in(min(x * 2, n), 0) + x;
    f.split(x, xo, xi, 7, TailStrategy::GuardWithIf);
    for (int size : {1, 6, 7, 8, 13, 14, 15, 100}) {
        CAPTURE(size);
        n.set(size);
        Buffer<int32_t> out = f.realize({size});
        check_buffer(out, [&](int xx) { return in(std::min(xx * 2, size), 0) + xx; });
    }
}

TEST_CASE("a partitioned streaming-store output at every row alignment is exact",
          "[partition][correctness]") {
    // store_nontemporal() shifts the vectors of a row onto aligned addresses; the loop
    // must be partitioned after that shift (the steady body drops the repeat_edge clamps,
    // so it is only valid on its own range of vectors).
    const int w = 100, h = 6;
    Buffer<float> in(w, h);
    fill_with(in, [](int x, int y) { return float(x + 1000 * y); });
    std::vector<float> memory(size_t(w) * h + 64);
    for (int offset = 0; offset < 16; offset++) {
        CAPTURE(offset);
        float *p = memory.data();
        while (reinterpret_cast<uintptr_t>(p) % 64 != 0) {
            p++;
        }
        Buffer<float> out(p + offset, w, h);
        Func clamped = BoundaryConditions::repeat_edge(in);
        Func f("f");
        Var x("x"), y("y");
        f(x, y) = clamped(x + 3, y) + clamped(x - 3, y + 1);
        f.vectorize(x, 16).store_nontemporal();
        f.realize(out);
        check_buffer(out, [&](int xx, int yy) {
            return in(clamp_to(xx + 3, 0, w), yy) + in(clamp_to(xx - 3, 0, w), clamp_to(yy + 1, 0, h));
        });
    }
}

TEST_CASE("partitioned ShiftInwards vector loops are exact around multiples of the width",
          "[partition][correctness]") {
    // One compiled pipeline per vector width, run on outputs of widths L - 1 (too narrow:
    // a RuntimeError, as without partitioning), L, L + 1, 2L - 1, 2L, 3L + 5, at even and
    // odd mins, on 1 and 2 threads. The steady loop stores whole unshifted vectors, the
    // epilogue the one shifted inwards.
    for (int lanes : {4, 8, 16}) {
        ImageParam in(Int(32), 2, "in");
        Func f("f");
        Var x("x"), y("y"), yo("yo"), yi("yi");
        f(x, y) = in(x + 1, y) * 3 + in(x, y) + x;
        f.vectorize(x, lanes).split(y, yo, yi, 2, TailStrategy::GuardWithIf).parallel(yo);
        for (int threads : {1, 2}) {
            set_num_threads(threads);
            for (int w : {lanes - 1, lanes, lanes + 1, 2 * lanes - 1, 2 * lanes, 3 * lanes + 5}) {
                for (int min_x : {0, 3, -5}) {
                    CAPTURE(lanes, threads, w, min_x);
                    PoisonedInput input(w + 1, 5, min_x, 0);
                    in.set(input.buffer);
                    Buffer<int32_t> out(w, 5);
                    out.set_min({min_x, 0});
                    if (w < lanes) {
                        CHECK_THROWS_AS(f.realize(out), RuntimeError);
                        continue;
                    }
                    f.realize(out);
                    check_buffer(out, [&](int xx, int yy) {
                        return input.buffer(xx + 1, yy) * 3 + input.buffer(xx, yy) + xx;
                    });
                }
            }
        }
        set_num_threads(0);
    }
}

TEST_CASE("partitioned mirrors on inputs smaller than the stencil read only the input",
          "[partition][correctness]") {
    // out(x, y) = sum of mirrored reads from x - 3 to x + 4 (and y - 1, y + 2), over an
    // output reaching far outside inputs of 1 to 17 columns; vectorized (ShiftInwards
    // and GuardWithIf tails), rows in parallel. The input sits in poisoned memory.
    struct Shape {
        int w, h, min_x, min_y;
    };
    const Shape shapes[] = {{1, 1, 0, 0}, {2, 3, -1, 4}, {3, 2, 5, 0},
                            {5, 4, 0, -3}, {8, 3, 0, 0}, {17, 5, -9, 1}};
    for (bool interior : {false, true}) {
        for (TailStrategy tail : {TailStrategy::ShiftInwards, TailStrategy::GuardWithIf}) {
            ImageParam in(Int(32), 2, "in");
            Func m = interior ? BoundaryConditions::mirror_interior(in)
                              : BoundaryConditions::mirror_image(in);
            Func f("f");
            Var x("x"), y("y");
            f(x, y) = m(x - 3, y) + 2 * m(x + 4, y - 1) - m(x, y + 2) + 5 * m(x + 1, y);
            f.vectorize(x, 8, tail).parallel(y);
            auto mirror = [&](int c, int lo, int n) {
                return interior ? mirror_interior_ref(c, lo, n) : mirror_image_ref(c, lo, n);
            };
            for (int threads : {1, 2}) {
                set_num_threads(threads);
                for (const Shape &sh : shapes) {
                    for (int margin : {0, 7, 20}) {
                        CAPTURE(interior, int(tail), threads, sh.w, sh.h, sh.min_x, sh.min_y,
                                margin);
                        PoisonedInput input(sh.w, sh.h, sh.min_x, sh.min_y);
                        in.set(input.buffer);
                        const int ow = std::max(sh.w + 2 * margin, 8);
                        Buffer<int32_t> out(ow, sh.h + 2);
                        out.set_min({sh.min_x - margin, sh.min_y - 1});
                        f.realize(out);
                        auto at = [&](int xx, int yy) {
                            return input.buffer(mirror(xx, sh.min_x, sh.w),
                                                mirror(yy, sh.min_y, sh.h));
                        };
                        check_buffer(out, [&](int xx, int yy) {
                            return at(xx - 3, yy) + 2 * at(xx + 4, yy - 1) - at(xx, yy + 2) +
                                   5 * at(xx + 1, yy);
                        });
                    }
                }
            }
            set_num_threads(0);
        }
    }
}
