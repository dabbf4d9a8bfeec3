// Stage::rfactor: sums, products, maxima, minima, && and || over 1-D and 2-D RDoms, with
// the intermediate Func vectorized and parallelized, rfactor of a split RVar, RDom
// predicates, updates at fixed coordinates and histograms. Integer results are
// bit-exact; float results within a tolerance (the order of additions changes).

#include "test_util.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

TEST_CASE("rfactor a 1-D sum, intermediate vectorized", "[rfactor]") {
    const int N = 1000;
    Buffer<int32_t> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 11, -1000, 1000);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    Var x("x"), u("u");
    RVar ro("ro"), ri("ri");
    Func f("f");
    f() = 0;
    f() += I(r);
    f.update().split(r, ro, ri, 8);
    Func intm = f.update().rfactor(ri, u);
    CHECK(intm.name() == "f_intm");
    CHECK(intm.dimensions() == 1);
    intm.compute_root().vectorize(u, 8);
    intm.update().vectorize(u, 8);
    Buffer<int32_t> out = f.realize({});
    int32_t want = 0;
    for (int i = 0; i < N; i++) {
        want += in(i);
    }
    CHECK(out() == want);
}

TEST_CASE("rfactor a split RVar whose extent the factor does not divide", "[rfactor]") {
    const int N = 203;
    Buffer<float> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 12, -1, 1);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    Var u("u");
    RVar ro("ro"), ri("ri");
    Func f("f");
    f() = 0.0f;
    f() += I(r) * I(r);
    f.update().split(r, ro, ri, 16);
    Func intm = f.update().rfactor(ri, u);
    intm.compute_root().vectorize(u, 8);
    intm.update().vectorize(u, 8);
    Buffer<float> out = f.realize({});
    double want = 0;
    for (int i = 0; i < N; i++) {
        want += double(in(i)) * in(i);
    }
    CHECK(out() == Approx(want).epsilon(1e-5));
}

TEST_CASE("rfactor of a 2-D RDom: sum, product, max and min per column", "[rfactor]") {
    const int W = 37, H = 29;
    Buffer<int32_t> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 13, -100, 100);
    Buffer<float> pin(W, H);
    pin.set_name("pin");
    weft_test::fill_uniform(pin, 14, 0.9, 1.1);
    Func I = weft_test::input_func(in), P = weft_test::input_func(pin);
    Var x("x"), v("v");

    // Per output x: reduce over the 2-D domain (r.x across a window of x, r.y down the
    // column), preserving r.y so that the intermediate holds one partial result per row.
    RDom r(0, 3, 0, H, "r");
    auto col = [&](const Expr &xx) { return clamp(xx + r.x - 1, 0, W - 1); };
    Func s("s"), p("p"), mx("mx"), mn("mn");
    s(x) = 0;
    s(x) += I(col(x), r.y);
    p(x) = 1.0f;
    p(x) = p(x) * P(col(x), r.y);
    mx(x) = std::numeric_limits<int32_t>::min();
    mx(x) = max(mx(x), I(col(x), r.y));
    mn(x) = std::numeric_limits<int32_t>::max();
    mn(x) = min(I(col(x), r.y), mn(x)); // self-call second

    Func si = s.update().rfactor(r.y, v);
    si.compute_root().parallel(v).vectorize(x, 8);
    si.update().parallel(v).vectorize(x, 8);
    Func pi = p.update().rfactor(r.y, v);
    pi.compute_root().vectorize(x, 8);
    pi.update().parallel(v);
    Func mxi = mx.update().rfactor({{r.y, v}});
    mxi.compute_root();
    mxi.update().parallel(v).vectorize(x, 4);
    Func mni = mn.update().rfactor(r.x, v); // preserve the inner RVar instead
    mni.compute_root();
    mni.update().vectorize(x, 8);

    auto reduce = [&](int xx, auto init, auto op) {
        auto acc = init;
        for (int yy = 0; yy < H; yy++) {
            for (int k = 0; k < 3; k++) {
                acc = op(acc, std::clamp(xx + k - 1, 0, W - 1), yy);
            }
        }
        return acc;
    };
    check_buffer(Buffer<int32_t>(s.realize({W})), [&](int xx) {
        return reduce(xx, int32_t(0), [&](int32_t a, int c, int yy) { return a + in(c, yy); });
    });
    check_buffer(
        Buffer<float>(p.realize({W})),
        [&](int xx) {
            return reduce(xx, 1.0, [&](double a, int c, int yy) { return a * pin(c, yy); });
        },
        1e-4);
    check_buffer(Buffer<int32_t>(mx.realize({W})), [&](int xx) {
        return reduce(xx, std::numeric_limits<int32_t>::min(),
                      [&](int32_t a, int c, int yy) { return std::max(a, in(c, yy)); });
    });
    check_buffer(Buffer<int32_t>(mn.realize({W})), [&](int xx) {
        return reduce(xx, std::numeric_limits<int32_t>::max(),
                      [&](int32_t a, int c, int yy) { return std::min(a, in(c, yy)); });
    });
}

TEST_CASE("rfactor of float max and min: the identity is infinity", "[rfactor]") {
    const int N = 300;
    Buffer<float> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 15, -3e38, 3e38);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    Var u("u");
    RVar ro("ro"), ri("ri");
    Func mx("mx"), mn("mn");
    mx() = -std::numeric_limits<float>::infinity();
    mx() = max(mx(), I(r));
    mn() = std::numeric_limits<float>::infinity();
    mn() = min(mn(), I(r));
    mx.update().split(r, ro, ri, 8);
    mx.update().rfactor(ri, u).compute_root().vectorize(u, 8).update().vectorize(u, 8);
    mn.update().split(r, ro, ri, 32);
    mn.update().rfactor(ro, u).compute_root().parallel(u);
    float want_max = -std::numeric_limits<float>::infinity(), want_min = -want_max;
    for (int i = 0; i < N; i++) {
        want_max = std::max(want_max, in(i));
        want_min = std::min(want_min, in(i));
    }
    CHECK(Buffer<float>(mx.realize({}))() == want_max);
    CHECK(Buffer<float>(mn.realize({}))() == want_min);
}

TEST_CASE("rfactor of -=, && and || updates", "[rfactor]") {
    const int N = 120;
    Buffer<int32_t> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 16, -50, 50);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    Var u("u");
    RVar ro("ro"), ri("ri");
    Func d("d"), all("all"), any("any");
    d() = 1000;
    d() -= I(r);
    all() = Expr(true);
    all() = all() && I(r) > -60;
    any() = Expr(false);
    any() = I(r) == 49 || any();
    d.update().split(r, ro, ri, 4);
    d.update().rfactor(ri, u).compute_root().vectorize(u, 4);
    all.update().split(r, ro, ri, 10);
    all.update().rfactor(ro, u).compute_root();
    any.update().split(r, ro, ri, 10);
    any.update().rfactor(ri, u).compute_root();
    int32_t want_d = 1000;
    bool want_any = false;
    for (int i = 0; i < N; i++) {
        want_d -= in(i);
        want_any = want_any || in(i) == 49;
    }
    CHECK(Buffer<int32_t>(d.realize({}))() == want_d);
    Func all_out("all_out"), any_out("any_out");
    all_out() = select(all(), 1, 0);
    any_out() = select(any(), 1, 0);
    CHECK(Buffer<int32_t>(all_out.realize({}))() == 1);
    CHECK(Buffer<int32_t>(any_out.realize({}))() == (want_any ? 1 : 0));
}

TEST_CASE("rfactor with an RDom predicate", "[rfactor]") {
    const int N = 64;
    Buffer<int32_t> in(N, N);
    in.set_name("in");
    weft_test::fill_uniform(in, 17, -9, 9);
    Func I = weft_test::input_func(in);
    RDom r(0, N, 0, N, "r");
    r.where(r.x < r.y); // strictly lower triangle
    Var v("v");
    Func f("f");
    f() = 0;
    f() += I(r.x, r.y);
    Func intm = f.update().rfactor(r.y, v);
    intm.compute_root().parallel(v);
    // Preserving every RVar leaves the intermediate's update without an RDom.
    Func g("g");
    RDom t(0, N, 0, N, "t");
    t.where(t.x < t.y);
    g() = 0;
    g() += I(t.x, t.y);
    Var a("a"), b("b");
    g.update().rfactor({{t.x, a}, {t.y, b}}).compute_root().vectorize(a, 8);
    int32_t want = 0;
    for (int y = 0; y < N; y++) {
        for (int x = 0; x < y; x++) {
            want += in(x, y);
        }
    }
    CHECK(Buffer<int32_t>(f.realize({}))() == want);
    CHECK(Buffer<int32_t>(g.realize({}))() == want);
}

TEST_CASE("rfactor of a histogram and of an update at a fixed coordinate", "[rfactor]") {
    const int W = 200, H = 50, B = 16;
    Buffer<uint8_t> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 18, 0, 255);
    Func I = weft_test::input_func(in);
    RDom r(0, W, 0, H, "r");
    Var x("x"), v("v");
    Func hist("hist");
    hist(x) = 0;
    hist(clamp(cast<int>(I(r.x, r.y)) / B, 0, B - 1)) += 1;
    Func hi = hist.update().rfactor(r.y, v);
    hi.compute_root().parallel(v);
    hi.update().parallel(v);

    Func f("f");
    f(x) = x;
    f(2) = f(2) + cast<int>(I(r.x, r.y)); // only f(2) changes
    f.update().rfactor(r.x, v).compute_root();

    std::vector<int> want(B, 0);
    int64_t total = 2;
    for (int y = 0; y < H; y++) {
        for (int xx = 0; xx < W; xx++) {
            want[std::min(in(xx, y) / B, B - 1)]++;
            total += in(xx, y);
        }
    }
    check_buffer(Buffer<int32_t>(hist.realize({B})), [&](int b) { return want[b]; });
    check_buffer(Buffer<int32_t>(f.realize({5})),
                 [&](int xx) { return xx == 2 ? int32_t(total) : xx; });
}

TEST_CASE("rfactor of two updates of one Func", "[rfactor]") {
    const int N = 96;
    Buffer<int32_t> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 19, -20, 20);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r"), s(0, N / 2, "s");
    Var u("u");
    RVar ro("ro"), ri("ri");
    Func f("f");
    f() = 5;
    f() += I(r);
    f() = max(f(), I(2 * s) * 3);
    f.update(0).split(r, ro, ri, 8);
    Func a = f.update(0).rfactor(ri, u);
    Func b = f.update(1).rfactor(s, u);
    CHECK(a.name() == "f_intm");
    CHECK(b.name() == "f_intm2");
    a.compute_root().vectorize(u, 8);
    b.compute_root().vectorize(u, 8);
    int32_t want = 5;
    for (int i = 0; i < N; i++) {
        want += in(i);
    }
    for (int i = 0; i < N / 2; i++) {
        want = std::max(want, in(2 * i) * 3);
    }
    CHECK(Buffer<int32_t>(f.realize({}))() == want);
}

// A combination the random schedules of schedule_equivalence.cpp draw: the outer RVar of
// a split whose factor does not divide the extent is preserved, and the intermediate is
// computed inside the rfactored update's loop over a pure Var, its update parallel over
// the new Var.
TEST_CASE("rfactor of an outer split RVar, intermediate computed at the update's loop",
          "[rfactor]") {
    const int N = 203, W = 9;
    Buffer<int32_t> in(N, W);
    in.set_name("in");
    weft_test::fill_uniform(in, 21, -1000, 1000);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    Var x("x"), u("u");
    RVar ro("ro"), ri("ri");
    Func f("f");
    f(x) = x;
    f(x) += I(r, x) * (r % 3 + 1);
    f.update().split(r, ro, ri, 8);
    Func intm = f.update().rfactor({{ro, u}});
    CHECK(intm.dimensions() == 2);
    intm.compute_at(LoopLevel(f, x, 1)).vectorize(u, 4);
    intm.update().parallel(u);
    check_buffer(Buffer<int32_t>(f.realize({W})), [&](int xx) {
        int32_t want = xx;
        for (int i = 0; i < N; i++) {
            want += in(i, xx) * (i % 3 + 1);
        }
        return want;
    });
}
