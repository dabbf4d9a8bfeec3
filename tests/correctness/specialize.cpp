// Func::specialize / Stage::specialize / specialize_fail: a specialization runs its own
// schedule when its condition holds at run time; results equal the unspecialized ones
// and plain C++; the lowered Stmt shows the branches (and the Param folded inside a
// p == 3 branch); constant conditions lose their dead branch; nested specializations;
// buffer-stride specializations; update stages; bounds taken over every branch.

#include "test_util.h"

#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;
using weft_test::lowered_text;

namespace {

/// How often `what` occurs in `text`.
int count_of(const std::string &text, const std::string &what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        n++;
    }
    return n;
}

} // namespace

TEST_CASE("specialize on a Param: each branch gives the same result", "[specialize]") {
    const int N = 100;
    Buffer<int32_t> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 1, -1000, 1000);
    Func I = weft_test::input_func(in);
    Param<int> p("p");
    Var x("x");
    Func f("f");
    f(x) = I(x) * p + 7;
    f.specialize(p == 3).vectorize(x, 8);
    f.specialize(p == 4).parallel(x);
    f.split(x, x, Var("xi"), 4);

    std::string text = lowered_text(f);
    INFO(text);
    // Two conditions, three nests; the p == 3 branch (vectorized) multiplies the input by
    // the constant 3.
    CHECK(text.find("(p == 3)") != std::string::npos);
    CHECK(text.find("(p == 4)") != std::string::npos);
    CHECK(text.find("* x8(3)) + x8(7))") != std::string::npos);
    CHECK(text.find("* p)") != std::string::npos); // the fallback still reads p
    CHECK(text.find("ramp(") != std::string::npos);
    CHECK(text.find("parallel (f.s0.x") != std::string::npos);
    CHECK(text.find("for (f.s0.xi, 0, 4)") != std::string::npos);

    for (int pv : {3, 4, 5, -2}) {
        p.set(pv);
        Buffer<int32_t> out = f.realize({N});
        check_buffer(out, [&](int xx) { return in(xx) * pv + 7; });
    }
}

TEST_CASE("specialize: a constant condition keeps only the branch taken", "[specialize]") {
    Var x("x");
    Func f("f_true"), g("g_false"), h0("h_plain"), h1("h_vectorized");
    f(x) = x * 2;
    f.specialize(Expr(true)).vectorize(x, 4);
    g(x) = x * 3;
    g.specialize(Expr(false)).vectorize(x, 4);
    h0(x) = x * 4;
    h1(x) = x * 4;
    h1.vectorize(x, 4);
    std::string tf = lowered_text(f), tg = lowered_text(g);
    // No branch is left beyond those of the same schedule without specializations.
    CHECK(count_of(tf, "if (") == count_of(lowered_text(h1), "if ("));
    CHECK(count_of(tg, "if (") == count_of(lowered_text(h0), "if ("));
    CHECK(tf.find("ramp(") != std::string::npos);
    CHECK(tg.find("ramp(") == std::string::npos);
    check_buffer(Buffer<int32_t>(f.realize({37})), [](int xx) { return xx * 2; });
    check_buffer(Buffer<int32_t>(g.realize({37})), [](int xx) { return xx * 3; });
}

TEST_CASE("specialize on a buffer's stride", "[specialize]") {
    const int N = 64;
    ImageParam in(Int(32), 1, "in");
    Var x("x");
    Func f("f");
    f(x) = in(x) + 1;
    f.specialize(in.dim(0).stride() == 1).vectorize(x, 8);
    std::string text = lowered_text(f);
    CHECK(text.find("in.stride.0 == 1") != std::string::npos);

    std::vector<int32_t> data(2 * N);
    for (int i = 0; i < 2 * N; i++) {
        data[i] = i * 5 - 40;
    }
    // Dense: the specialized branch.
    Buffer<int32_t> dense(data.data(), {N});
    in.set(dense);
    check_buffer(Buffer<int32_t>(f.realize({N})), [&](int xx) { return data[xx] + 1; });
    // Every other element: the fallback.
    weft_dimension_t shape[1] = {{0, N, 2, 0}};
    Buffer<int32_t> strided(data.data(), 1, shape);
    in.set(strided);
    check_buffer(Buffer<int32_t>(f.realize({N})), [&](int xx) { return data[2 * xx] + 1; });
}

TEST_CASE("specialize: nested specializations and width conditions", "[specialize]") {
    const int W = 50, H = 7;
    ImageParam in(Float(32), 2, "img");
    Param<bool> fast("fast");
    Var x("x"), y("y"), xi("xi");
    Func f("f");
    f(x, y) = in(x, y) * 0.5f + in(x, (y + 1) % H);
    Stage wide = f.specialize(in.width() >= 32);
    wide.vectorize(x, 8);
    wide.specialize(fast).parallel(y).unroll(Var("x_vi"));
    std::string text = lowered_text(f);
    CHECK(count_of(text, "if (") >= 2);

    Buffer<float> b(W, H);
    weft_test::fill_uniform(b, 3, -2, 2);
    in.set(b);
    auto ref = [&](int xx, int yy) { return b(xx, yy) * 0.5f + b(xx, (yy + 1) % H); };
    for (bool fv : {true, false}) {
        fast.set(fv);
        for (int w : {W, 20}) {
            Buffer<float> out = f.realize({w, H});
            check_buffer(out, ref, 1e-6);
        }
        // A narrow input takes the fallback.
        Buffer<float> narrow = b.cropped(0, 0, 20);
        in.set(narrow);
        check_buffer(Buffer<float>(f.realize({20, H})), ref, 1e-6);
        in.set(b);
    }
}

TEST_CASE("specialize: bounds cover every branch of a consumer", "[specialize]") {
    // The consumer reads its producer over a different region in each branch (a
    // ShiftInwards split of a producer computed at root grows it); the producer must be
    // computed over the union.
    const int N = 45;
    Param<int> k("k");
    Var x("x"), xi("xi");
    Func g("g"), f("f");
    g(x) = x * x - 3;
    f(x) = g(x - 1) + g(x + 1) * k;
    g.compute_root();
    f.specialize(k == 2).split(x, x, xi, 8);
    f.specialize(k == 5).vectorize(x, 16);
    for (int kv : {2, 5, 1}) {
        k.set(kv);
        Buffer<int32_t> out = f.realize({N});
        check_buffer(out, [&](int xx) {
            auto gg = [](int v) { return v * v - 3; };
            return gg(xx - 1) + gg(xx + 1) * kv;
        });
    }
}

TEST_CASE("specialize an update stage", "[specialize]") {
    const int N = 40, R = 13;
    Param<int> scale("scale");
    Var x("x");
    RDom r(0, R, "r");
    Func f("f");
    f(x) = x;
    f(x) += (x + r) * scale;
    f.update().specialize(scale == 1).vectorize(x, 8);
    for (int s : {1, 3}) {
        scale.set(s);
        Buffer<int32_t> out = f.realize({N});
        check_buffer(out, [&](int xx) {
            int t = xx;
            for (int i = 0; i < R; i++) {
                t += (xx + i) * s;
            }
            return t;
        });
    }
}

TEST_CASE("specialize_fail: no condition holds", "[specialize]") {
    Param<int> p("p");
    Var x("x");
    Func f("f");
    f(x) = x + p;
    f.specialize(p > 0).vectorize(x, 4);
    f.specialize_fail("p must be positive");
    p.set(2);
    check_buffer(Buffer<int32_t>(f.realize({16})), [](int xx) { return xx + 2; });
    p.set(-1);
    REQUIRE_THROWS_AS(f.realize({16}), RuntimeError);
    REQUIRE_THROWS_WITH(f.realize({16}), Catch::Contains("p must be positive"));
}

TEST_CASE("specialize: the compile cache sees a new specialization", "[specialize]") {
    Param<int> p("p");
    Var x("x");
    Func f("f");
    f(x) = x * p;
    p.set(3);
    check_buffer(Buffer<int32_t>(f.realize({20})), [](int xx) { return xx * 3; });
    f.specialize(p == 3).vectorize(x, 4);
    CHECK(f.loop_nest_string().find("vectorized") != std::string::npos);
    check_buffer(Buffer<int32_t>(f.realize({20})), [](int xx) { return xx * 3; });
    // Scheduling the specialization afterwards also recompiles.
    f.specialize(p == 3).parallel(x);
    check_buffer(Buffer<int32_t>(f.realize({20})), [](int xx) { return xx * 3; });
}
