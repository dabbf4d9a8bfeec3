// Bounds inference must not inflate a producer's region when its consumer's loops move
// with an outer loop: a root Func read by a stage computed per tile and split there
// (ShiftInwards, whose clamp is built as `min + extent - factor`) needs exactly the
// columns the tiles read. The input buffers below are exactly as large as the pipeline
// reads, so any over-approximation is a RuntimeError ("is accessed at ... but the
// buffer covers only ...").

#include "test_util.h"

#include <weft/weft.h>

using namespace weft;
using weft_test::check_buffer;

TEST_CASE("a split stage computed per tile needs only its tile's columns of a root producer",
          "[bounds]") {
    const int W = 64, H = 32;
    // g reads fw at x..x+4, fw reads f at x..x+1, f reads b0 at x: W + 5 columns.
    Buffer<float> b0(W + 5, H);
    b0.set_name("b0");
    weft_test::fill_uniform(b0, 9, -1, 1);
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi"), xo2("xo2"), xi2("xi2");
    Func f("f"), fw("fw"), g("g");
    f(x, y) = b0(x, y) * 2.0f;
    fw(x, y) = f(x, y) + f(x + 1, y);
    g(x, y) = fw(x, y) + fw(x + 4, y);
    f.compute_root();
    g.tile(x, y, xo, yo, xi, yi, 16, 8);
    fw.compute_at(g, xo).split(x, xo2, xi2, 8); // 20 columns per tile: 3 shifted pieces
    Buffer<float> out = g.realize({W, H});
    CHECK(check_buffer(out, [&](int xx, int yy) {
        auto fv = [&](int c) { return b0(c, yy) * 2.0f; };
        return (fv(xx) + fv(xx + 1)) + (fv(xx + 4) + fv(xx + 5));
    }));
    // The same with the split vectorized.
    Func f2("f2"), fw2("fw2"), g2("g2");
    f2(x, y) = b0(x, y) * 2.0f;
    fw2(x, y) = f2(x, y) + f2(x + 1, y);
    g2(x, y) = fw2(x, y) + fw2(x + 4, y);
    f2.compute_root();
    g2.tile(x, y, xo, yo, xi, yi, 16, 8);
    fw2.compute_at(g2, xo).vectorize(x, 8);
    Buffer<float> out2 = g2.realize({W, H});
    CHECK(check_buffer(out2, [&](int xx, int yy) { return out(xx, yy); }));
}

TEST_CASE("a producer computed per group of shifted tiles needs only those tiles' columns",
          "[bounds]") {
    // The sgemm schedule's shape (apps/matmul): c's tiles are shifted inwards, their
    // column index is split in groups of 2 (guarded), b_in is computed per group and
    // prod per tile. prod's tile is [base, base + 15], base moving with the tile; its
    // bounds must not come apart when b_in's region is taken over the group (they once
    // gave b columns -720 to 1943 for a width of 1000).
    const int W = 100, H = 12;
    Buffer<float> b(W, H);
    b.set_name("b");
    weft_test::fill_uniform(b, 3, -1, 1);
    Var x("x"), y("y"), xi("xi"), yi("yi"), xo("xo"), xp("xp");
    Func b_in("b_in"), prod("prod"), c("c");
    b_in(x, y) = b(x, y) * 2.0f;
    prod(x, y) = b_in(x, y) + 1.0f;
    c(x, y) = prod(x, y) * 3.0f;
    c.tile(x, y, xi, yi, 16, 4)
        .split(x, xo, xp, 2, TailStrategy::GuardWithIf)
        .reorder(xi, yi, xp, y, xo)
        .vectorize(xi, 8);
    prod.compute_at(c, xp).vectorize(x, 8, TailStrategy::RoundUp);
    b_in.compute_at(c, xo).vectorize(x, 8);
    Buffer<float> out = c.realize({W, H});
    CHECK(check_buffer(out, [&](int xx, int yy) { return (b(xx, yy) * 2.0f + 1.0f) * 3.0f; }));
}
