// Math functions against <cmath>: sqrt exp log pow sin cos tanh abs floor ceil round
// lerp clamp select, for float32 (within a tolerance: weft may use its own polynomial
// approximations) and float64 (nearly exact), plus the integer forms of abs and clamp.

#include "test_util.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

using namespace weft;
using weft_test::check_buffer;

namespace {

constexpr int N = 1000;

/// Tolerance relative to max(1, |expected|).
template<typename T> constexpr double tolerance() {
    return std::is_same_v<T, float> ? 2e-5 : 1e-12;
}

/// A Buffer of N values spread evenly over [lo, hi] (endpoints included).
template<typename T> Buffer<T> spread(double lo, double hi, const char *name) {
    Buffer<T> b(N);
    b.set_name(name);
    for (int i = 0; i < N; i++) {
        b(i) = T(lo + (hi - lo) * i / (N - 1));
    }
    return b;
}

/// Realizes `fn(in(x))` over [lo, hi] and compares with `ref` computed in double, with
/// scalar code and with 8-lane vectors.
template<typename T, typename WeftFn, typename RefFn>
void check_unary(const std::string &what, double lo, double hi, WeftFn fn, RefFn ref) {
    Buffer<T> in = spread<T>(lo, hi, "in");
    Func I = weft_test::input_func(in);
    for (int lanes : {1, 8}) {
        INFO(what << " on " << weft_test::type_name<T>() << " over [" << lo << ", " << hi << "], "
                  << lanes << " lanes");
        Var x("x");
        Func f(what);
        f(x) = fn(I(x));
        CHECK(f.value().type() == type_of<T>());
        if (lanes > 1) {
            f.vectorize(x, lanes);
        }
        Buffer<T> out = f.realize({N});
        check_buffer(
            out, [&](int i) { return ref(double(in(i))); }, tolerance<T>());
    }
}

/// Vectorizes the (1-D) Funcs' loops over x by `lanes` when lanes > 1.
void vectorize_all(std::initializer_list<Func> funcs, int lanes) {
    for (Func f : funcs) {
        if (lanes > 1) {
            f.vectorize(f.args()[0], lanes);
        }
    }
}

} // namespace

TEMPLATE_TEST_CASE("transcendental functions match <cmath>", "[math]", float, double) {
    using T = TestType;
    check_unary<T>(
        "sqrt", 0.0, 1e4, [](Expr e) { return sqrt(e); }, [](double v) { return std::sqrt(v); });
    check_unary<T>(
        "exp", -20.0, 20.0, [](Expr e) { return exp(e); }, [](double v) { return std::exp(v); });
    check_unary<T>(
        "log", 1e-3, 1e5, [](Expr e) { return log(e); }, [](double v) { return std::log(v); });
    check_unary<T>(
        "sin", -10.0, 10.0, [](Expr e) { return sin(e); }, [](double v) { return std::sin(v); });
    check_unary<T>(
        "cos", -10.0, 10.0, [](Expr e) { return cos(e); }, [](double v) { return std::cos(v); });
    check_unary<T>(
        "tanh", -8.0, 8.0, [](Expr e) { return tanh(e); }, [](double v) { return std::tanh(v); });
}

TEMPLATE_TEST_CASE("pow matches std::pow", "[math]", float, double) {
    using T = TestType;
    Buffer<T> base = spread<T>(0.01, 20.0, "base");
    Buffer<T> expo = spread<T>(-4.0, 4.0, "expo");
    Func B = weft_test::input_func(base), E = weft_test::input_func(expo);
    Var x("x");
    Func f("pow"), g("pow_int_exponent");
    f(x) = pow(B(x), E(x));
    g(x) = pow(B(x), cast<T>(3));
    Buffer<T> out = f.realize({N});
    Buffer<T> out3 = g.realize({N});
    check_buffer(
        out, [&](int i) { return std::pow(double(base(i)), double(expo(i))); }, tolerance<T>());
    check_buffer(
        out3, [&](int i) { return std::pow(double(base(i)), 3.0); }, tolerance<T>());
}

TEMPLATE_TEST_CASE("floor ceil round abs match <cmath>", "[math]", float, double) {
    using T = TestType;
    // Whole and half values included, where floor, ceil and round differ most.
    Buffer<T> in(N);
    in.set_name("in");
    for (int i = 0; i < N; i++) {
        in(i) = T((i - N / 2) * 0.25);
    }
    in(0) = T(-0.0);
    in(1) = T(2.5);  // round to even: 2
    in(2) = T(3.5);  // 4
    in(3) = T(-2.5); // -2
    in(4) = T(0.49999997);
    Func I = weft_test::input_func(in);
    Var x("x");
    Func fl("floor"), ce("ceil"), ro("round"), ab("abs");
    fl(x) = floor(I(x));
    ce(x) = ceil(I(x));
    ro(x) = round(I(x));
    ab(x) = abs(I(x));
    const int lanes = GENERATE(1, 8);
    INFO(lanes << " lanes");
    vectorize_all({fl, ce, ro, ab}, lanes);
    Buffer<T> f = fl.realize({N}), c = ce.realize({N}), r = ro.realize({N}), a = ab.realize({N});
    // These are exact operations: no tolerance.
    check_buffer(f, [&](int i) { return std::floor(in(i)); });
    check_buffer(c, [&](int i) { return std::ceil(in(i)); });
    check_buffer(r, [&](int i) { return std::nearbyint(in(i)); }); // ties to even
    check_buffer(a, [&](int i) { return std::fabs(in(i)); });
    CHECK(r(1) == T(2));
    CHECK(r(2) == T(4));
    CHECK(r(3) == T(-2));
}

TEMPLATE_TEST_CASE("abs of a signed integer is unsigned and never overflows", "[math]", int8_t,
                   int16_t, int32_t, int64_t) {
    using T = TestType;
    using U = std::make_unsigned_t<T>;
    Buffer<T> in(N);
    weft_test::fill_random(in, 55);
    in(0) = std::numeric_limits<T>::min();
    Func I = weft_test::input_func(in);
    Var x("x");
    Func f("abs");
    f(x) = abs(I(x));
    CHECK(f.value().type() == type_of<U>());
    const int lanes = GENERATE(1, 8);
    INFO(lanes << " lanes");
    vectorize_all({f}, lanes);
    Buffer<U> out = f.realize({N});
    check_buffer(out, [&](int i) {
        T v = in(i);
        return v < 0 ? U(U(0) - U(v)) : U(v);
    });
    CHECK(uint64_t(out(0)) == uint64_t(std::numeric_limits<T>::max()) + 1);
}

TEST_CASE("math functions of integers compute in float32", "[math]") {
    Var x("x");
    CHECK(sqrt(x).type() == Float(32));
    CHECK(sin(x).type() == Float(32));
    CHECK(floor(x).type() == Float(32));
    Func f("f");
    f(x) = sqrt(x) + floor(x / 3.0f);
    Buffer<float> out = f.realize({100});
    check_buffer(
        out, [](int i) { return std::sqrt(double(i)) + std::floor(i / 3.0); }, tolerance<float>());
}

TEMPLATE_TEST_CASE("lerp clamp and select on floats", "[math]", float, double) {
    using T = TestType;
    Buffer<T> a(N), b(N), w(N);
    weft_test::fill_uniform(a, 10, -100, 100);
    weft_test::fill_uniform(b, 11, -100, 100);
    weft_test::fill_uniform(w, 12, 0, 1);
    w(0) = T(0);
    w(1) = T(1);
    Func A = weft_test::input_func(a), B = weft_test::input_func(b), W = weft_test::input_func(w);
    Var x("x");
    Func l("lerp"), c("clamp"), s("select");
    l(x) = lerp(A(x), B(x), W(x));
    c(x) = clamp(A(x), T(-20), T(35.5));
    s(x) = select(A(x) > B(x), A(x) - B(x), A(x) < T(0), -A(x), B(x) * T(2));
    const int lanes = GENERATE(1, 8);
    INFO(lanes << " lanes");
    vectorize_all({l, c, s}, lanes);
    Buffer<T> lo = l.realize({N}), co = c.realize({N}), so = s.realize({N});
    check_buffer(
        lo, [&](int i) { return double(a(i)) + (double(b(i)) - a(i)) * double(w(i)); },
        tolerance<T>() * 10);
    check_buffer(co, [&](int i) { return std::clamp(a(i), T(-20), T(35.5)); });
    check_buffer(so, [&](int i) {
        return a(i) > b(i) ? T(a(i) - b(i)) : (a(i) < T(0) ? T(-a(i)) : T(b(i) * T(2)));
    });
    CHECK(lo(0) == a(0));
    CHECK(lo(1) == b(1));
}

TEMPLATE_TEST_CASE("clamp on integers", "[math]", int8_t, uint8_t, int16_t, int32_t, uint32_t,
                   int64_t) {
    using T = TestType;
    Buffer<T> a(N);
    weft_test::fill_random(a, 21);
    Func A = weft_test::input_func(a);
    Var x("x");
    const T lo = T(3), hi = T(100);
    Func c("clamp");
    c(x) = clamp(A(x), lo, hi);
    CHECK(c.value().type() == type_of<T>());
    const int lanes = GENERATE(1, 8);
    INFO(lanes << " lanes");
    vectorize_all({c}, lanes);
    Buffer<T> out = c.realize({N});
    check_buffer(out, [&](int i) { return std::clamp(a(i), lo, hi); });
}

TEST_CASE("lerp on uint8 weights scales the weight by 1/255", "[math]") {
    // Integer lerp treats weight w as w / 255. The result is within one unit of the
    // exact value and exact at the two ends.
    Buffer<uint8_t> a(N), b(N), w(N);
    weft_test::fill_random(a, 31);
    weft_test::fill_random(b, 32);
    weft_test::fill_random(w, 33);
    w(0) = 0;
    w(1) = 255;
    Func A = weft_test::input_func(a), B = weft_test::input_func(b), W = weft_test::input_func(w);
    Var x("x");
    Func l("lerp");
    l(x) = lerp(A(x), B(x), W(x));
    CHECK(l.value().type() == UInt(8));
    const int lanes = GENERATE(1, 16);
    INFO(lanes << " lanes");
    vectorize_all({l}, lanes);
    Buffer<uint8_t> out = l.realize({N});
    int far = 0;
    for (int i = 0; i < N; i++) {
        double exact = a(i) + (double(b(i)) - a(i)) * (w(i) / 255.0);
        if (std::fabs(out(i) - exact) > 1.0) {
            far++;
            UNSCOPED_INFO("at " << i << ": lerp(" << int(a(i)) << ", " << int(b(i)) << ", "
                                << int(w(i)) << ") gave " << int(out(i)) << ", exact " << exact);
        }
    }
    CHECK(far == 0);
    CHECK(out(0) == a(0));
    CHECK(out(1) == b(1));
}
