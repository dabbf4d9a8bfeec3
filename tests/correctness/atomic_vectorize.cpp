// Stage::atomic() + vectorize of an RVar absent from the left-hand side: a horizontal
// reduction (src/lower/VectorizeReductions.h). Sums, products, minima, maxima and
// differences of ints (bit-exact) and floats (within a tolerance: the order of
// additions changes), a guarded tail of the vectorized RVar, a pure var guarded by
// GuardWithIf around the reduction, RDom predicates, 2 threads, and the lowered code:
// the vectorized loop stores dense vectors of terms and the site is updated by one
// vector_reduce.

#include "test_util.h"

#include "weft/Pipeline.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

TEST_CASE("atomic vectorized row sums of ints are exact", "[atomic]") {
    const int W = 64, H = 37;
    Buffer<int32_t> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 3, -1000, 1000);
    Func I = weft_test::input_func(in);
    Var y("y");
    RDom r(0, W, "r");
    RVar ro("ro"), ri("ri");
    Func s("s");
    s(y) = 0;
    s(y) += I(r, y);
    s.update().split(r, ro, ri, 16).atomic().vectorize(ri);
    Buffer<int32_t> out = s.realize({H});
    CHECK(check_buffer(out, [&](int yy) {
        int32_t want = 0;
        for (int x = 0; x < W; x++) {
            want += in(x, yy);
        }
        return want;
    }));
    const std::string stmt = weft_test::lowered_text(s);
    CHECK(stmt.find("vector_reduce") != std::string::npos);
    CHECK(stmt.find("s.s1.ri.terms[ramp(") != std::string::npos);
}

TEST_CASE("atomic vectorized min, max, product and difference", "[atomic]") {
    const int N = 32;
    Buffer<int32_t> in(N, 5);
    in.set_name("in");
    weft_test::fill_uniform(in, 4, -50, 50);
    Func I = weft_test::input_func(in);
    Var y("y");
    RDom r(0, N, "r");
    Func mn("mn"), mx("mx"), prod("prod"), diff("diff");
    mn(y) = std::numeric_limits<int32_t>::max();
    mn(y) = min(mn(y), I(r, y));
    mx(y) = std::numeric_limits<int32_t>::min();
    mx(y) = max(I(r, y), mx(y)); // the self-reference second
    prod(y) = 1;
    prod(y) *= select(I(r, y) > 40, 2, 1); // a few factors of 2: no overflow
    diff(y) = 1000;
    diff(y) -= I(r, y);
    for (Func *f : {&mn, &mx, &prod, &diff}) {
        f->update().atomic().vectorize(r.x, 8);
    }
    Buffer<int32_t> a = mn.realize({5}), b = mx.realize({5}), c = prod.realize({5}),
                    d = diff.realize({5});
    for (int yy = 0; yy < 5; yy++) {
        int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
        int32_t p = 1, dd = 1000;
        for (int x = 0; x < N; x++) {
            const int32_t v = in(x, yy);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            p *= v > 40 ? 2 : 1;
            dd -= v;
        }
        CHECK(a(yy) == lo);
        CHECK(b(yy) == hi);
        CHECK(c(yy) == p);
        CHECK(d(yy) == dd);
    }
}

TEST_CASE("atomic vectorized float max and sum, guarded tail, 2 threads", "[atomic]") {
    const int W = 203, H = 29; // 203 = 12 * 16 + 11: the last vector is guarded
    Buffer<float> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 5, -3, 3);
    Func I = weft_test::input_func(in);
    Var y("y"), yo("yo"), yi("yi");
    RDom r(0, W, "r");
    RVar ro("ro"), ri("ri");
    Func m("m"), s("s"), out("out");
    m(y) = -std::numeric_limits<float>::infinity();
    m(y) = max(m(y), I(r, y));
    s(y) = 0.0f;
    s(y) += I(r, y) * I(r, y);
    out(y) = m(y) + s(y);
    out.split(y, yo, yi, 4, TailStrategy::GuardWithIf).parallel(yo);
    m.compute_at(out, yi);
    s.compute_at(out, yi);
    m.update().split(r, ro, ri, 16, TailStrategy::GuardWithIf).atomic().vectorize(ri);
    s.update().split(r, ro, ri, 16, TailStrategy::GuardWithIf).atomic().vectorize(ri);
    for (int threads : {1, 2}) {
        set_num_threads(threads);
        Buffer<float> o = out.realize({H});
        CHECK(check_buffer(
            o,
            [&](int yy) {
                float hi = -std::numeric_limits<float>::infinity();
                double sum = 0;
                for (int x = 0; x < W; x++) {
                    hi = std::max(hi, in(x, yy));
                    sum += double(in(x, yy)) * in(x, yy);
                }
                return float(hi + sum);
            },
            1e-3));
    }
    set_num_threads(0);
}

TEST_CASE("atomic vectorized reduction with an RDom predicate", "[atomic]") {
    const int N = 48;
    Buffer<int32_t> in(N);
    in.set_name("in");
    weft_test::fill_uniform(in, 6, -100, 100);
    Func I = weft_test::input_func(in);
    RDom r(0, N, "r");
    r.where(I(r) % 2 == 0); // only the even values count
    Func s("s");
    s() = 0;
    s() += I(r);
    s.update().atomic().vectorize(r.x, 16);
    Buffer<int32_t> out = s.realize({});
    int32_t want = 0;
    for (int i = 0; i < N; i++) {
        if (in(i) % 2 == 0) {
            want += in(i);
        }
    }
    CHECK(out() == want);
}

TEST_CASE("the final step of a two-level rfactor as an atomic vectorized reduction",
          "[atomic]") {
    // The softmax pattern: 64 partial sums per row (rfactor), then those 64 reduced by
    // one atomic vectorized loop.
    const int W = 1000, H = 9;
    Buffer<float> in(W, H);
    in.set_name("in");
    weft_test::fill_uniform(in, 7, 0, 1);
    Func I = weft_test::input_func(in);
    Var y("y"), u("u");
    RDom r(0, W, "r");
    RVar ro("ro"), ri("ri");
    Func s("s");
    s(y) = 0.0f;
    s(y) += I(r, y);
    s.update().split(r, ro, ri, 64, TailStrategy::GuardWithIf);
    Func partial = s.update().rfactor(ri, u);
    partial.compute_at(s, y).vectorize(u, 16);
    partial.update().vectorize(u, 16);
    s.update().atomic().vectorize(ri);
    Buffer<float> out = s.realize({H});
    CHECK(check_buffer(
        out,
        [&](int yy) {
            double sum = 0;
            for (int x = 0; x < W; x++) {
                sum += in(x, yy);
            }
            return float(sum);
        },
        1e-3));
}

TEST_CASE("an atomic vectorized RVar around a serial RVar loop", "[atomic]") {
    const int X = 8;
    Func f("f");
    Var x("x");
    RDom r(0, 16, 0, 5, "r");
    f(x) = 7;
    f(x) += r.x * 3 + r.y * x;
    f.update().atomic().reorder(r.y, r.x, x).vectorize(r.x); // r.y inside r.x
    Buffer<int32_t> out = f.realize({X});
    CHECK(check_buffer(out, [&](int xx) {
        int32_t want = 7;
        for (int ry = 0; ry < 5; ry++) {
            for (int rx = 0; rx < 16; rx++) {
                want += rx * 3 + ry * xx;
            }
        }
        return want;
    }));
}
