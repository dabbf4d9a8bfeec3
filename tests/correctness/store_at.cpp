// store_root / store_at with compute_at: the storage of a producer hoisted out of its
// compute loop, where sliding_window computes only the new rows each iteration and
// storage_folding keeps them in a small circular buffer. Every schedule is checked
// against plain C++, including the ones where sliding or folding must not happen
// (a parallel loop between store and compute, a producer with an update).

#include "test_util.h"

#include <algorithm>
#include <cstdint>
#include <string>

using namespace weft;
using weft_test::check_buffer;

namespace {

const int W = 45, H = 37; // no multiple of the split and vector factors below

Buffer<int32_t> make_input() {
    Buffer<int32_t> in(W, H);
    in.set_name("input");
    weft_test::fill_uniform(in, 4242, 0, 999);
    return in;
}

int32_t at(const Buffer<int32_t> &in, int x, int y) {
    return in(std::clamp(x, 0, W - 1), std::clamp(y, 0, H - 1));
}

/// The 3x3 blur of the clamped input, as blur_x then blur_y below.
int32_t ref_blur_x(const Buffer<int32_t> &in, int x, int y) {
    return at(in, x - 1, y) + 2 * at(in, x, y) + at(in, x + 1, y);
}
int32_t ref_blur_3x3(const Buffer<int32_t> &in, int x, int y) {
    return ref_blur_x(in, x, y - 1) + 3 * ref_blur_x(in, x, y) - ref_blur_x(in, x, y + 1);
}

/// blur_x(x, y) = horizontal 3-tap; blur_y(x, y) = vertical 3-tap of blur_x.
struct Blur {
    Func clamped, blur_x{"blur_x"}, blur_y{"blur_y"};
    Var x{"x"}, y{"y"}, xi{"xi"}, yo{"yo"}, yi{"yi"};
    explicit Blur(const Buffer<int32_t> &in) {
        clamped = BoundaryConditions::repeat_edge(in);
        blur_x(x, y) = clamped(x - 1, y) + 2 * clamped(x, y) + clamped(x + 1, y);
        blur_y(x, y) = blur_x(x, y - 1) + 3 * blur_x(x, y) - blur_x(x, y + 1);
    }
    bool matches(const Buffer<int32_t> &in) {
        Buffer<int32_t> out = blur_y.realize({W, H});
        return check_buffer(out, [&](int x, int y) { return ref_blur_3x3(in, x, y); });
    }
};

bool has(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("3x3 blur: store_root, compute_at the rows of the consumer", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_x.store_root().compute_at(b.blur_y, b.y);
    std::string nest = b.blur_y.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "store blur_x (sliding over y, folded y: 4)"));
    CHECK(b.matches(in));
}

TEST_CASE("3x3 blur: store_at an outer split loop, compute_at the inner one", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_y.split(b.y, b.yo, b.yi, 8);
    b.blur_x.store_at(b.blur_y, b.yo).compute_at(b.blur_y, b.yi);
    std::string nest = b.blur_y.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "store blur_x (sliding over yi, folded y: 4)"));
    CHECK(b.matches(in));
}

TEST_CASE("3x3 blur: store_root, compute_at the inner loop of a split", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_y.split(b.y, b.yo, b.yi, 8);
    b.blur_x.store_root().compute_at(b.blur_y, b.yi);
    CHECK(has(b.blur_y.loop_nest_string(), "sliding over yi"));
    CHECK(b.matches(in));
}

TEST_CASE("3x3 blur: store_root, compute_at the tiles of the consumer", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    Var xo("xo"), yi("yi");
    b.blur_y.tile(b.x, b.y, xo, b.yo, b.xi, yi, 16, 8);
    b.blur_x.store_root().compute_at(b.blur_y, xo);
    std::string nest = b.blur_y.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "sliding over"));
    CHECK(b.matches(in));
}

TEST_CASE("3x3 blur: parallel strips that slide within each strip, vectorized", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_y.split(b.y, b.yo, b.yi, 8).parallel(b.yo).vectorize(b.x, 8);
    b.blur_x.store_at(b.blur_y, b.yo).compute_at(b.blur_y, b.yi).vectorize(b.x, 8);
    CHECK(has(b.blur_y.loop_nest_string(), "sliding over yi"));
    CHECK(b.matches(in));
}

TEST_CASE("3x3 blur: the consumer vectorized", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_y.vectorize(b.x, 8);
    b.blur_x.store_root().compute_at(b.blur_y, b.y);
    CHECK(has(b.blur_y.loop_nest_string(), "sliding over y"));
    CHECK(b.matches(in));
}

TEST_CASE("5-tap vertical stencil slides and folds to 8 rows", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func row("row"), col("col");
    Var x("x"), y("y");
    row(x, y) = clamped(x, y) * 3 + clamped(x + 1, y);
    col(x, y) = row(x, y - 2) + 2 * row(x, y - 1) + 5 * row(x, y) - row(x, y + 1) + row(x, y + 2);
    row.store_root().compute_at(col, y);
    std::string nest = col.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "store row (sliding over y, folded y: 8)"));
    auto r = [&](int x, int y) { return at(in, x, y) * 3 + at(in, x + 1, y); };
    Buffer<int32_t> out = col.realize({W, H});
    CHECK(check_buffer(out, [&](int x, int y) {
        return r(x, y - 2) + 2 * r(x, y - 1) + 5 * r(x, y) - r(x, y + 1) + r(x, y + 2);
    }));
}

TEST_CASE("a three-stage chain slides both producers over the same loop", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func a("a"), b("b"), c("c");
    Var x("x"), y("y");
    a(x, y) = clamped(x, y) + clamped(x, y + 1) * 2;
    b(x, y) = a(x, y - 1) - a(x, y + 1) + x;
    c(x, y) = b(x, y) + b(x, y + 1) * 7 + b(x + 1, y - 1);
    a.store_root().compute_at(c, y);
    b.store_root().compute_at(c, y);
    std::string nest = c.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "store a (sliding over y"));
    CHECK(has(nest, "store b (sliding over y"));
    auto ra = [&](int x, int y) { return at(in, x, y) + at(in, x, y + 1) * 2; };
    auto rb = [&](int x, int y) { return ra(x, y - 1) - ra(x, y + 1) + x; };
    Buffer<int32_t> out = c.realize({W, H});
    CHECK(check_buffer(
        out, [&](int x, int y) { return rb(x, y) + rb(x, y + 1) * 7 + rb(x + 1, y - 1); }));
}

TEST_CASE("sliding in x: compute_at the innermost loop of the consumer", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = clamped(x, y) * 5 - clamped(x, y - 1);
    g(x, y) = f(x - 1, y) + f(x, y) * 2 + f(x + 1, y);
    SECTION("stored at root") {
        f.store_root().compute_at(g, x);
    }
    SECTION("stored per row") {
        f.store_at(g, y).compute_at(g, x);
    }
    std::string nest = g.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "sliding over x"));
    CHECK(has(nest, "folded x: 4"));
    auto rf = [&](int x, int y) { return at(in, x, y) * 5 - at(in, x, y - 1); };
    Buffer<int32_t> out = g.realize({W, H});
    CHECK(check_buffer(out,
                       [&](int x, int y) { return rf(x - 1, y) + rf(x, y) * 2 + rf(x + 1, y); }));
}

TEST_CASE("sliding in x by whole vectors: the folded dimension is the vector one", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func f("f"), g("g");
    Var x("x"), y("y"), xo("xo"), xi("xi");
    f(x, y) = clamped(x, y) * 5 - clamped(x, y - 1);
    g(x, y) = f(x - 1, y) + f(x, y) * 2 + f(x + 1, y);
    g.split(x, xo, xi, 8).vectorize(xi);
    f.store_root().compute_at(g, xo);
    std::string nest = g.loop_nest_string();
    INFO(nest);
    CHECK(has(nest, "sliding over xo"));
    CHECK(has(nest, "folded x: 16"));
    auto rf = [&](int x, int y) { return at(in, x, y) * 5 - at(in, x, y - 1); };
    Buffer<int32_t> out = g.realize({W, H});
    CHECK(check_buffer(out,
                       [&](int x, int y) { return rf(x - 1, y) + rf(x, y) * 2 + rf(x + 1, y); }));
}

TEST_CASE("no sliding over a parallel loop between store and compute", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_y.parallel(b.y);
    // Storage shared by the parallel iterations is refused outright (as in Halide)...
    b.blur_x.store_root().compute_at(b.blur_y, b.y);
    CHECK_THROWS_AS(b.blur_y.loop_nest_string(), CompileError);
    // ...while storage per parallel iteration is fine, and has nothing to slide over.
    b.blur_x.store_at(b.blur_y, b.y);
    std::string nest = b.blur_y.loop_nest_string();
    INFO(nest);
    CHECK_FALSE(has(nest, "sliding"));
    CHECK_FALSE(has(nest, "folded"));
    CHECK(b.matches(in));
}

TEST_CASE("no sliding for a producer with an update definition", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_x(b.x, b.y) += b.y; // every point, so every row must be recomputed in full
    b.blur_x.store_root().compute_at(b.blur_y, b.y);
    std::string nest = b.blur_y.loop_nest_string();
    INFO(nest);
    CHECK_FALSE(has(nest, "sliding"));
    auto rbx = [&](int x, int y) { return ref_blur_x(in, x, y) + y; };
    Buffer<int32_t> out = b.blur_y.realize({W, H});
    CHECK(check_buffer(
        out, [&](int x, int y) { return rbx(x, y - 1) + 3 * rbx(x, y) - rbx(x, y + 1); }));
}

TEST_CASE("store_at with output mins away from zero", "[store_at]") {
    Buffer<int32_t> in = make_input();
    Blur b(in);
    b.blur_x.store_root().compute_at(b.blur_y, b.y);
    Buffer<int32_t> out(20, 15);
    out.set_min({-7, 9});
    b.blur_y.realize(out);
    CHECK(check_buffer(out, [&](int x, int y) { return ref_blur_3x3(in, x, y); }));
}
