// Reductions: inline reductions (sum product maximum minimum argmax argmin), update
// definitions over RDoms (a histogram with data-dependent indices, a matrix multiply,
// a 5x5 convolution), RDom::where, several updates of one Func and updates at fixed
// coordinates. Each is compared with the same computation as plain C++ loops.

#include "test_util.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

TEST_CASE("inline sum product maximum minimum", "[reductions]") {
    // Each output column x reduces the 6 values of column x of a 6-row input.
    const int W = 40, H = 6;
    Buffer<int32_t> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 5, -50, 50);
    Buffer<float> inf(W, H);
    inf.set_name("inf");
    weft_test::fill_uniform(inf, 6, 0.5, 1.5);
    Func I = weft_test::input_func(in), F = weft_test::input_func(inf);
    Var x("x");
    RDom r(0, H, "r");

    Func s("s"), p("p"), mx("mx"), mn("mn"), sx("sx");
    s(x) = sum(I(x, r));
    p(x) = product(F(x, r));
    mx(x) = maximum(I(x, r));
    mn(x) = minimum(I(x, r));
    // An inline reduction inside a larger expression, over a window of x.
    RDom w(-2, 5, "w");
    sx(x) = 3 * sum(I(clamp(x + w, 0, W - 1), 0)) + 1;
    CHECK(s.value().type() == Int(32));

    Buffer<int32_t> so = s.realize({W}), mxo = mx.realize({W}), mno = mn.realize({W}),
                    sxo = sx.realize({W});
    Buffer<float> po = p.realize({W});
    check_buffer(so, [&](int x) {
        int32_t t = 0;
        for (int y = 0; y < H; y++) {
            t += in(x, y);
        }
        return t;
    });
    check_buffer(
        po,
        [&](int x) {
            double t = 1;
            for (int y = 0; y < H; y++) {
                t *= inf(x, y);
            }
            return t;
        },
        1e-5);
    check_buffer(mxo, [&](int x) {
        int32_t t = std::numeric_limits<int32_t>::min();
        for (int y = 0; y < H; y++) {
            t = std::max(t, in(x, y));
        }
        return t;
    });
    check_buffer(mno, [&](int x) {
        int32_t t = std::numeric_limits<int32_t>::max();
        for (int y = 0; y < H; y++) {
            t = std::min(t, in(x, y));
        }
        return t;
    });
    check_buffer(sxo, [&](int x) {
        int32_t t = 0;
        for (int k = -2; k <= 2; k++) {
            t += in(std::clamp(x + k, 0, W - 1), 0);
        }
        return 3 * t + 1;
    });
}

TEST_CASE("inline reductions over a 2-D RDom and of narrow types", "[reductions]") {
    // sum of uint8 values accumulates in uint8 (as in Halide): it wraps. Summing a
    // widened value does not.
    const int W = 16, H = 16;
    Buffer<uint8_t> in(W, H);
    weft_test::fill_random(in, 9);
    Func I = weft_test::input_func(in);
    RDom r(0, W, 0, H, "r");
    Func narrow("narrow"), wide("wide"), biggest("biggest");
    narrow() = sum(I(r.x, r.y));
    wide() = sum(cast<uint32_t>(I(r.x, r.y)));
    biggest() = maximum(I(r.x, r.y));
    CHECK(narrow.value().type() == UInt(8));
    Buffer<uint8_t> n = narrow.realize();
    Buffer<uint32_t> w = wide.realize();
    Buffer<uint8_t> b = biggest.realize();
    uint32_t total = 0;
    uint8_t largest = 0;
    in.for_each_value([&](uint8_t &v) {
        total += v;
        largest = std::max(largest, v);
    });
    CHECK(uint32_t(n()) == (total & 0xff));
    CHECK(w() == total);
    CHECK(b() == largest);
}

TEST_CASE("argmax and argmin give the first extreme position", "[reductions]") {
    // For each row y, the x of the largest (smallest) value, ties resolved to the
    // first such x in iteration order. (weft's argmax returns the coordinate only:
    // there are no Tuples yet; maximum() gives the value.)
    const int W = 30, H = 12;
    Buffer<int16_t> in(W, H);
    weft_test::fill_uniform(in, 17, -20, 20); // a narrow range: many ties
    Func I = weft_test::input_func(in);
    Var y("y");
    RDom r(0, W, "r");
    Func amax("amax"), amin("amin"), vmax("vmax");
    amax(y) = argmax(I(r, y));
    amin(y) = argmin(I(r, y));
    vmax(y) = maximum(I(r, y));
    CHECK(amax.value().type() == Int(32));
    Buffer<int32_t> max_at = amax.realize({H});
    Buffer<int32_t> min_at = amin.realize({H});
    Buffer<int16_t> max_val = vmax.realize({H});
    auto first_extreme = [&](int yy, bool largest) {
        int best = 0;
        for (int xx = 1; xx < W; xx++) {
            if (largest ? in(xx, yy) > in(best, yy) : in(xx, yy) < in(best, yy)) {
                best = xx;
            }
        }
        return best;
    };
    check_buffer(max_at, [&](int yy) { return first_extreme(yy, true); });
    check_buffer(min_at, [&](int yy) { return first_extreme(yy, false); });
    check_buffer(max_val, [&](int yy) { return in(first_extreme(yy, true), yy); });
}

TEST_CASE("argmax over a 2-D domain and over a shifted domain", "[reductions]") {
    const int W = 9, H = 7;
    Buffer<float> in(W, H);
    weft_test::fill_uniform(in, 18, -5, 5);
    in(6, 4) = 10.0f; // the largest value
    in(2, 5) = 10.0f; // equal, but later in iteration order (r.x innermost, row 5 > 4)
    in(3, 1) = -10.0f;
    Func I = weft_test::input_func(in);
    RDom r(0, W, 0, H, "r");
    std::vector<Expr> at = argmax_coords(I(r.x, r.y));
    REQUIRE(at.size() == 2);
    std::vector<Expr> low = argmin_coords(r, I(r.x, r.y));
    Func f("f");
    Var i("i");
    f(i) = select(i == 0, at[0], i == 1, at[1], i == 2, low[0], low[1]);
    Buffer<int32_t> out = f.realize({4});
    const int32_t expected[] = {6, 4, 3, 1};
    check_buffer(out, [&](int k) { return expected[k]; });

    // A domain that does not start at 0 reports coordinates, not offsets.
    RDom s(3, 5, "s");
    Func g("g");
    g() = argmin(I(s, 1));
    Buffer<int32_t> go = g.realize();
    CHECK(go() == 3);
}

TEST_CASE("histogram with a data-dependent index", "[reductions]") {
    const int W = 97, H = 61;
    Buffer<uint8_t> in(W, H);
    in.set_name("in");
    weft_test::fill_random(in, 2024);
    Var x("x");
    RDom r(0, W, 0, H, "r");
    Func hist("hist");
    hist(x) = 0;
    // The Buffer read directly with Expr coordinates, as Halide writes it.
    hist(clamp(cast<int32_t>(in(r.x, r.y)), 0, 255)) += 1;
    Buffer<int32_t> out = hist.realize({256});

    std::vector<int32_t> expected(256, 0);
    in.for_each_value([&](uint8_t &v) { expected[v]++; });
    check_buffer(out, [&](int v) { return expected[v]; });
    int32_t total = 0;
    for (int v = 0; v < 256; v++) {
        total += out(v);
    }
    CHECK(total == W * H);
}

TEST_CASE("matrix multiply through an RDom", "[reductions]") {
    // C(i, j) = sum_k A(k, j) * B(i, k): A is M rows of K, B is K rows of N, C is M
    // rows of N; dimension 0 (x) is the column. Non-square on purpose.
    const int M = 13, K = 21, N = 17;
    Buffer<float> a(K, M), b(N, K);
    a.set_name("A");
    b.set_name("B");
    weft_test::fill_uniform(a, 100, -1, 1);
    weft_test::fill_uniform(b, 101, -1, 1);
    Func A = weft_test::input_func(a), B = weft_test::input_func(b);
    Var i("i"), j("j");
    RDom k(0, K, "k");
    Func C("C");
    C(i, j) = 0.0f;
    C(i, j) += A(k, j) * B(i, k);
    // 0: the default loop nest (k innermost in the update); 1: k outside i, i
    // vectorized (N = 17 leaves a tail), rows in parallel.
    const int schedule = GENERATE(0, 1);
    INFO("schedule " << schedule);
    if (schedule == 1) {
        C.vectorize(i, 8).parallel(j);
        C.update().reorder(i, k, j).vectorize(i, 8).parallel(j);
    }
    Buffer<float> c = C.realize({N, M});
    weft_test::check_shape(c, {0, 0}, {N, M});
    check_buffer(
        c,
        [&](int col, int row) {
            double t = 0;
            for (int kk = 0; kk < K; kk++) {
                t += double(a(kk, row)) * b(col, kk);
            }
            return t;
        },
        1e-5);
}

TEST_CASE("2-D convolution with a 5x5 kernel", "[reductions]") {
    const int W = 37, H = 29;
    Buffer<int32_t> in(W, H), kernel(5, 5);
    in.set_name("in");
    kernel.set_name("kernel");
    weft_test::fill_uniform(in, 300, -100, 100);
    weft_test::fill_uniform(kernel, 301, -3, 3);
    Func I = weft_test::input_func(in), Kf = weft_test::input_func(kernel);
    Func clamped = BoundaryConditions::repeat_edge(in);
    Var x("x"), y("y");
    RDom r(-2, 5, -2, 5, "r");
    Func conv("conv");
    conv(x, y) = 0;
    conv(x, y) += Kf(r.x + 2, r.y + 2) * clamped(x + r.x, y + r.y);
    // 0: default; 1: the clamped input computed first, both stages vectorized over x
    // (W = 37 leaves a tail) and the update's kernel loops unrolled.
    const int schedule = GENERATE(0, 1);
    INFO("schedule " << schedule);
    if (schedule == 1) {
        clamped.compute_root();
        conv.vectorize(x, 8);
        conv.update().reorder(x, r.x, r.y, y).vectorize(x, 8).unroll(r.x);
    }
    Buffer<int32_t> out = conv.realize({W, H});
    check_buffer(out, [&](int x, int y) {
        int32_t t = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                t += kernel(dx + 2, dy + 2) *
                     in(std::clamp(x + dx, 0, W - 1), std::clamp(y + dy, 0, H - 1));
            }
        }
        return t;
    });
}

TEST_CASE("RDom::where restricts a reduction to a triangle", "[reductions]") {
    // Row sums of the lower triangle (r.x <= r.y) of a matrix, and the number of
    // points of the triangle each row sees.
    const int S = 23;
    Buffer<int32_t> m(S, S);
    weft_test::fill_uniform(m, 400, -9, 9);
    Func Mf = weft_test::input_func(m);
    Var y("y");
    RDom r(0, S, 0, S, "r");
    r.where(r.x <= r.y);
    Func rows("rows"), count("count");
    rows(y) = 0;
    rows(r.y) += Mf(r.x, r.y);
    count(y) = 0;
    count(r.y) += 1;
    Buffer<int32_t> ro = rows.realize({S}), co = count.realize({S});
    check_buffer(ro, [&](int yy) {
        int32_t t = 0;
        for (int xx = 0; xx <= yy; xx++) {
            t += m(xx, yy);
        }
        return t;
    });
    check_buffer(co, [&](int yy) { return yy + 1; });

    // A where clause with an inline reduction and a condition on input data.
    RDom q(0, S, "q");
    q.where(Mf(q, 0) > 0);
    Func pos("pos");
    pos() = sum(Mf(q, 0));
    Buffer<int32_t> po = pos.realize();
    int32_t expected = 0;
    for (int xx = 0; xx < S; xx++) {
        expected += m(xx, 0) > 0 ? m(xx, 0) : 0;
    }
    CHECK(po() == expected);
}

TEST_CASE("several update definitions apply in order", "[reductions]") {
    const int N = 50;
    Var x("x");
    RDom r(1, N - 1, "r");
    Func f("f");
    f(x) = x;               // 0 1 2 3 ...
    f(x) = f(x) * 3;        // pure update over the whole domain
    f(x) += 7;              // another
    f(r) = f(r) + f(r - 1); // prefix sum: a recurrence along r, in order
    f(0) = -1;              // a single point
    Buffer<int32_t> out = f.realize({N});
    std::vector<int32_t> ref(N);
    for (int i = 0; i < N; i++) {
        ref[i] = i * 3 + 7;
    }
    for (int i = 1; i < N; i++) {
        ref[i] += ref[i - 1];
    }
    ref[0] = -1;
    check_buffer(out, [&](int i) { return ref[i]; });
}

TEST_CASE("updates at fixed coordinates", "[reductions]") {
    // Each update writes one element and reads others written before it.
    Var x("x");
    Func f("f");
    f(x) = 0;
    f(0) = 1;
    f(1) = f(0) + 1;           // 2
    f(2) = f(1) * 3;           // 6
    f(3) = f(2) * 2;           // 12
    f(4) = f(3) - f(0) + f(7); // 12 - 1 + 0 = 11
    f(7) = 100;
    Buffer<int32_t> out = f.realize({8});
    const int32_t expected[] = {1, 2, 6, 12, 11, 0, 0, 100};
    check_buffer(out, [&](int i) { return expected[i]; });
}
