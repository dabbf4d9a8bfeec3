// The entry checks of add_buffer_checks for schedules whose touched region is easy to
// over-estimate: a producer computed inside an outer loop and split twice with
// GuardWithIf (its stage min and max move together with the outer loop), and a consumer
// whose guarded splits keep their clamp only under the enclosing `if`. Each schedule
// must run with buffers exactly as large as what it reads and writes, and must still be
// refused (RuntimeError) with an input one element too small in either dimension.

#include "test_util.h"

#include <cstdint>

using namespace weft;

namespace {

Buffer<int32_t> make_input(int w, int h) {
    Buffer<int32_t> in(w, h);
    in.set_name("checks_input");
    weft_test::fill_uniform(in, 77, 0, 999);
    return in;
}

/// g computed at out's xo, g split twice with GuardWithIf; out = g.
Func producer_at_outer_split(const Buffer<int32_t> &in) {
    Func g("g"), out("out");
    Var x("x"), y("y"), xo("xo"), xi("xi"), xa("xa"), xb("xb");
    g(x, y) = in(x, y) * 3;
    out(x, y) = g(x, y) + 1;
    out.split(x, xo, xi, 4);
    g.compute_at(out, xo)
        .split(x, x, xa, 8, TailStrategy::GuardWithIf)
        .split(x, x, xb, 4, TailStrategy::GuardWithIf);
    return out;
}

/// out2 = in, with y split ShiftInwards and then twice GuardWithIf.
Func guarded_splits_of_y(const Buffer<int32_t> &in) {
    Func out2("out2");
    Var x("x"), y("y"), a("a"), b("b"), c("c");
    out2(x, y) = in(x, y) - 5;
    out2.split(y, y, a, 3, TailStrategy::ShiftInwards)
        .split(a, a, b, 4, TailStrategy::GuardWithIf)
        .split(a, a, c, 4, TailStrategy::GuardWithIf);
    return out2;
}

/// A 1-D blur computed at an outer split of its consumer, guarded twice.
Func blur_at_outer_split(const Buffer<int32_t> &in) {
    Func bx("bx"), out("out3");
    Var x("x"), y("y"), xo("xo"), xi("xi"), xa("xa"), xb("xb");
    bx(x, y) = in(x, y) + in(x + 1, y) + in(x + 2, y);
    out(x, y) = bx(x, y) * 2;
    out.split(x, xo, xi, 5);
    bx.compute_at(out, xo)
        .split(x, x, xa, 3, TailStrategy::GuardWithIf)
        .split(x, x, xb, 2, TailStrategy::GuardWithIf);
    return out;
}

} // namespace

TEST_CASE("buffer checks: producer at an outer split, split twice with GuardWithIf",
          "[buffer_checks]") {
    const int W = 29, H = 17;
    Buffer<int32_t> in = make_input(W, H);
    Buffer<int32_t> out = producer_at_outer_split(in).realize({W, H});
    weft_test::check_buffer(out, [&](int x, int y) { return in(x, y) * 3 + 1; });

    REQUIRE_THROWS_AS(producer_at_outer_split(make_input(W - 1, H)).realize({W, H}),
                      RuntimeError);
    REQUIRE_THROWS_AS(producer_at_outer_split(make_input(W, H - 1)).realize({W, H}),
                      RuntimeError);
}

TEST_CASE("buffer checks: output split ShiftInwards then twice GuardWithIf",
          "[buffer_checks]") {
    const int W = 17, H = 29;
    Buffer<int32_t> in = make_input(W, H);
    Buffer<int32_t> out = guarded_splits_of_y(in).realize({W, H});
    weft_test::check_buffer(out, [&](int x, int y) { return in(x, y) - 5; });

    REQUIRE_THROWS_AS(guarded_splits_of_y(make_input(W, H - 1)).realize({W, H}), RuntimeError);
    REQUIRE_THROWS_AS(guarded_splits_of_y(make_input(W - 1, H)).realize({W, H}), RuntimeError);
}

TEST_CASE("buffer checks: stencil producer at an outer split, guarded twice",
          "[buffer_checks]") {
    const int W = 23, H = 6;
    Buffer<int32_t> in = make_input(W + 2, H);
    Buffer<int32_t> out = blur_at_outer_split(in).realize({W, H});
    weft_test::check_buffer(out, [&](int x, int y) {
        return (in(x, y) + in(x + 1, y) + in(x + 2, y)) * 2;
    });

    REQUIRE_THROWS_AS(blur_at_outer_split(make_input(W + 1, H)).realize({W, H}), RuntimeError);
    REQUIRE_THROWS_AS(blur_at_outer_split(make_input(W + 2, H - 1)).realize({W, H}),
                      RuntimeError);
}
