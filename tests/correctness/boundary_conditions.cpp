// BoundaryConditions: reading a 2-D input outside its range on every side, under the
// four rules, compared with a C++ implementation of each rule. The realized region
// reaches several input widths beyond each edge, so the mirror rules wrap more than
// once.
//
// For an input covering [m, m + n) in one dimension, coordinate c reads:
//   repeat_edge:        clamp(c, m, m + n - 1)
//   constant_exterior:  the input inside, a given value outside
//   mirror_image:       ... 2 1 0 | 0 1 2 ... n-1 | n-1 n-2 ...   (edge repeated)
//   mirror_interior:    ... 2 1 | 0 1 2 ... n-1 | n-2 ...         (edge not repeated)

#include "test_util.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>

using namespace weft;
using weft_test::check_buffer;

namespace {

/// Euclidean remainder (never negative) for the references.
int emod(int a, int b) {
    int r = a % b;
    return r < 0 ? r + b : r;
}

int ref_repeat_edge(int c, int m, int n) {
    return std::clamp(c, m, m + n - 1);
}

int ref_mirror_image(int c, int m, int n) {
    int t = emod(c - m, 2 * n);
    return m + (t < n ? t : 2 * n - 1 - t);
}

int ref_mirror_interior(int c, int m, int n) {
    if (n == 1) {
        return m;
    }
    int t = emod(c - m, 2 * n - 2);
    return m + (t < n ? t : 2 * n - 2 - t);
}

/// A small input with distinct values and the given mins.
Buffer<int16_t> make_input(int w, int h, int min_x, int min_y) {
    Buffer<int16_t> in(w, h);
    in.set_name("input");
    in.set_min({min_x, min_y});
    weft_test::fill_with(in, [](int x, int y) { return int16_t(100 * y + x + 1000); });
    return in;
}

/// Realizes `bounded` over the input's range grown by `margin` on every side, into an
/// output Buffer with those (negative) mins, and compares with `rule` applied per
/// dimension.
void check_rule(const std::string &what, Func bounded, const Buffer<int16_t> &in, int margin,
                const std::function<int16_t(int, int)> &reference) {
    INFO(what << ", input at (" << in.dim(0).min() << ", " << in.dim(1).min() << ") size "
              << in.width() << " x " << in.height());
    Var x("x"), y("y");
    Func out("out");
    out(x, y) = bounded(x, y);
    Buffer<int16_t> result(in.width() + 2 * margin, in.height() + 2 * margin);
    result.set_name("result");
    result.set_min({in.dim(0).min() - margin, in.dim(1).min() - margin});
    out.realize(result);
    check_buffer(result, reference);
}

} // namespace

TEST_CASE("boundary conditions extend a Buffer on every side", "[boundary_conditions]") {
    // Sizes include a 1-wide dimension (every mirror degenerates to a repeat) and mins
    // away from zero.
    struct Shape {
        int w, h, min_x, min_y;
    };
    const Shape shapes[] = {{5, 4, 0, 0}, {7, 3, 2, -5}, {1, 6, -3, 4}, {2, 2, 10, 10}};
    for (const Shape &s : shapes) {
        Buffer<int16_t> in = make_input(s.w, s.h, s.min_x, s.min_y);
        const int mx = s.min_x, my = s.min_y, w = s.w, h = s.h;
        const int margin = 2 * std::max(w, h) + 3;

        check_rule(
            "repeat_edge", BoundaryConditions::repeat_edge(in), in, margin,
            [&](int x, int y) { return in(ref_repeat_edge(x, mx, w), ref_repeat_edge(y, my, h)); });
        check_rule("constant_exterior", BoundaryConditions::constant_exterior(in, int16_t(-7)), in,
                   margin,
                   [&](int x, int y) { return in.contains(x, y) ? in(x, y) : int16_t(-7); });
        check_rule("mirror_image", BoundaryConditions::mirror_image(in), in, margin,
                   [&](int x, int y) {
                       return in(ref_mirror_image(x, mx, w), ref_mirror_image(y, my, h));
                   });
        check_rule("mirror_interior", BoundaryConditions::mirror_interior(in), in, margin,
                   [&](int x, int y) {
                       return in(ref_mirror_interior(x, mx, w), ref_mirror_interior(y, my, h));
                   });
    }
}

TEST_CASE("the mirror references behave as documented", "[boundary_conditions]") {
    // The references themselves, on a width-4 row starting at 0.
    const int image[] = {3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0};
    for (int c = -4; c <= 8; c++) {
        CHECK(ref_mirror_image(c, 0, 4) == image[c + 4]);
    }
    const int interior[] = {2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2};
    for (int c = -4; c <= 8; c++) {
        CHECK(ref_mirror_interior(c, 0, 4) == interior[c + 4]);
    }
}

TEST_CASE("boundary conditions read through shifted coordinates", "[boundary_conditions]") {
    // The other way to read outside: a consumer over [0, W) reading x - 3 and x + 3
    // of a clamped input of width W, realized with ordinary zero mins.
    Buffer<int16_t> in = make_input(9, 6, 0, 0);
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func mirrored = BoundaryConditions::mirror_image(in);
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = clamped(x - 3, y + 2) - clamped(x + 3, y - 2) + mirrored(x - 4, y - 5);
    Buffer<int16_t> out = f.realize({in.width(), in.height()});
    check_buffer(out, [&](int x, int y) {
        return int16_t(in(ref_repeat_edge(x - 3, 0, 9), ref_repeat_edge(y + 2, 0, 6)) -
                       in(ref_repeat_edge(x + 3, 0, 9), ref_repeat_edge(y - 2, 0, 6)) +
                       in(ref_mirror_image(x - 4, 0, 9), ref_mirror_image(y - 5, 0, 6)));
    });
}

TEST_CASE("constant_exterior on floats with a scheduled consumer", "[boundary_conditions]") {
    // A 3x3 box blur over a float input padded with zeros, with the padded input
    // computed as its own stage.
    Buffer<float> in(12, 8);
    weft_test::fill_uniform(in, 77, -1, 1);
    Func padded = BoundaryConditions::constant_exterior(in, 0.0f);
    padded.compute_root();
    Var x("x"), y("y");
    Func blur("blur");
    Expr s = 0.0f;
    for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
            s = s + padded(x + dx, y + dy);
        }
    }
    blur(x, y) = s / 9.0f;
    Buffer<float> out = blur.realize({12, 8});
    check_buffer(
        out,
        [&](int x, int y) {
            double sum = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    sum += in.contains(x + dx, y + dy) ? in(x + dx, y + dy) : 0.0f;
                }
            }
            return sum / 9.0;
        },
        1e-5);
}

TEST_CASE("boundary conditions of a Func with explicit bounds and of an ImageParam",
          "[boundary_conditions]") {
    // A Func is defined everywhere; the bounds say which part of it counts as the
    // image. Here a formula, bounded to [2, 8) x [-1, 4).
    Var x("x"), y("y");
    Func source("source");
    source(x, y) = x * 10 + y;
    const int mx = 2, w = 6, my = -1, h = 5;
    BoundaryConditions::Bounds bounds = {{mx, w}, {my, h}};
    Func re = BoundaryConditions::repeat_edge(source, bounds);
    Func ce = BoundaryConditions::constant_exterior(source, -100, bounds);
    Func mi = BoundaryConditions::mirror_image(source, bounds);
    Func mn = BoundaryConditions::mirror_interior(source, bounds);
    Func all("all");
    // Four results packed into one int32 Func (distinct offsets keep them apart).
    all(x, y) = re(x, y) + 1000 * ce(x, y) + 1000000 * mi(x, y) + 100000000 * (mn(x, y) % 10);
    Buffer<int32_t> out(30, 20);
    out.set_min({-10, -8});
    all.realize(out);
    auto src = [](int i, int j) { return i * 10 + j; };
    check_buffer(out, [&](int i, int j) {
        bool inside = i >= mx && i < mx + w && j >= my && j < my + h;
        int r = src(ref_repeat_edge(i, mx, w), ref_repeat_edge(j, my, h));
        int c = inside ? src(i, j) : -100;
        int m = src(ref_mirror_image(i, mx, w), ref_mirror_image(j, my, h));
        int n = src(ref_mirror_interior(i, mx, w), ref_mirror_interior(j, my, h));
        return int32_t(uint32_t(r) + 1000u * uint32_t(c) + 1000000u * uint32_t(m) +
                       100000000u * uint32_t(emod(n, 10)));
    });

    // An ImageParam: the bounds are those of the buffer bound when the pipeline runs,
    // so one compiled pipeline serves inputs of different sizes.
    ImageParam in(Int(16), 2, "in");
    Func clamped = BoundaryConditions::mirror_interior(in);
    Func g("g");
    g(x, y) = clamped(x - 2, y + 1);
    for (int size : {3, 6}) {
        INFO("input " << size << " x " << size + 1);
        Buffer<int16_t> img = make_input(size, size + 1, 0, 0);
        in.set(img);
        Buffer<int16_t> res = g.realize({size + 4, size + 3});
        check_buffer(res, [&](int i, int j) {
            return img(ref_mirror_interior(i - 2, 0, size),
                       ref_mirror_interior(j + 1, 0, size + 1));
        });
    }
}
