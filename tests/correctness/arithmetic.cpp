// Arithmetic, comparison and bitwise operators over every scalar type, checked
// element by element against the same operation written in plain C++.
//
// weft's integer semantics (src/ir/IR.h): arithmetic wraps (two's complement, signed
// types too); division is Euclidean (the remainder is never negative), and x / 0 and
// x % 0 are 0. Float operators follow IEEE 754; float % is a - b * floor(a / b).

#include "test_util.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

namespace {

constexpr int N = 512;

// ------------------------------------------------------------ C++ references
// Integer references compute in uint64_t, where C++ wraps, and convert back to T
// (modular since C++20), so no reference relies on undefined signed overflow.

template<typename T> T ref_add(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a + b;
    } else {
        return T(uint64_t(a) + uint64_t(b));
    }
}

template<typename T> T ref_sub(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a - b;
    } else {
        return T(uint64_t(a) - uint64_t(b));
    }
}

template<typename T> T ref_mul(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a * b;
    } else {
        return T(uint64_t(a) * uint64_t(b));
    }
}

template<typename T> T ref_neg(T a) {
    if constexpr (std::is_floating_point_v<T>) {
        return -a;
    } else {
        return T(uint64_t(0) - uint64_t(a));
    }
}

/// Euclidean division: rounds down for a positive divisor, up for a negative one;
/// x / 0 == 0; the one overflowing case (min / -1) wraps to min.
template<typename T> T ref_div(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a / b;
    } else {
        if (b == 0) {
            return 0;
        }
        if constexpr (std::is_signed_v<T>) {
            if (a == std::numeric_limits<T>::min() && b == -1) {
                return a;
            }
            T q = T(a / b), r = T(a % b);
            if (r < 0) {
                q = b > 0 ? T(q - 1) : T(q + 1);
            }
            return q;
        } else {
            return T(a / b);
        }
    }
}

/// Euclidean remainder: 0 <= r < |b|; x % 0 == 0. Floats: a - b * floor(a / b).
template<typename T> T ref_mod(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a - b * std::floor(a / b);
    } else {
        if (b == 0) {
            return 0;
        }
        if constexpr (std::is_signed_v<T>) {
            if (b == -1) {
                return 0;
            }
            T r = T(a % b);
            if (r < 0) {
                r = b > 0 ? T(r + b) : T(r - b);
            }
            return r;
        } else {
            return T(a % b);
        }
    }
}

/// Two random inputs of type T: a and b. For integers, every 16th element of b is 0
/// (division and modulo by zero are defined) and every 16th of a equals b (so == and
/// != see both outcomes). For floats b is never 0.
template<typename T> struct Inputs {
    Buffer<T> a{N}, b{N};
    Inputs() {
        a.set_name("a");
        b.set_name("b");
        weft_test::fill_random(a, 1001);
        weft_test::fill_random(b, 2002);
        for (int i = 0; i < N; i++) {
            if (i % 16 == 3) {
                b(i) = T(0);
            }
            if (i % 16 == 7) {
                a(i) = b(i);
            }
            if (std::is_floating_point_v<T> && b(i) == T(0)) {
                b(i) = T(1.5);
            }
        }
    }
};

/// Lanes of the vectorized variants: a 256-bit vector of T.
template<typename T> constexpr int vector_lanes() {
    return int(32 / sizeof(T));
}

/// Realizes the 1-D Func f over [0, N) into a Buffer<T>, with its loop vectorized by
/// `lanes` when lanes > 1 (vector code paths differ from scalar ones: each test runs
/// both ways).
template<typename T> Buffer<T> run(Func f, int lanes) {
    if (lanes > 1) {
        f.vectorize(f.args()[0], lanes);
    }
    return f.realize({N});
}

/// Realizes f over [0, N) and compares it with ref(a(i), b(i)) at every i.
template<typename T, typename Ref>
void check_binary(const std::string &what, Func f, int lanes, const Inputs<T> &in, Ref ref,
                  double tolerance = 0.0) {
    INFO(what << " on " << weft_test::type_name<T>() << ", " << lanes << " lanes");
    Buffer<T> out = run<T>(f, lanes);
    check_buffer(
        out, [&](int i) { return ref(in.a(i), in.b(i)); }, tolerance);
}

} // namespace

namespace {

template<typename T> void arithmetic_operators(int lanes) {
    Inputs<T> in;
    Func A = weft_test::input_func(in.a), B = weft_test::input_func(in.b);
    Var x("x");

    Func add("add"), sub("sub"), mul("mul"), div("div"), mod("mod"), mn("mn"), mx("mx"), neg("neg");
    add(x) = A(x) + B(x);
    sub(x) = A(x) - B(x);
    mul(x) = A(x) * B(x);
    div(x) = A(x) / B(x);
    mod(x) = A(x) % B(x);
    mn(x) = min(A(x), B(x));
    mx(x) = max(A(x), B(x));
    neg(x) = -A(x);

    // Every result keeps the operands' type: no promotion as in C++.
    for (Func *f : {&add, &sub, &mul, &div, &mod, &mn, &mx, &neg}) {
        CHECK(f->value().type() == type_of<T>());
    }

    check_binary("a + b", add, lanes, in, ref_add<T>);
    check_binary("a - b", sub, lanes, in, ref_sub<T>);
    check_binary("a * b", mul, lanes, in, ref_mul<T>);
    check_binary("a / b", div, lanes, in, ref_div<T>);
    // Float % goes through a division and a floor: allow rounding of that division.
    check_binary("a % b", mod, lanes, in, ref_mod<T>, std::is_same_v<T, float> ? 1e-4 : 1e-10);
    check_binary("min(a, b)", mn, lanes, in, [](T a, T b) { return std::min(a, b); });
    check_binary("max(a, b)", mx, lanes, in, [](T a, T b) { return std::max(a, b); });
    check_binary("-a", neg, lanes, in, [](T a, T) { return ref_neg(a); });
}

} // namespace

namespace {

template<typename T> void division_by_constants(int lanes) {
    // Division by a constant is usually compiled to a multiply and shifts (and by a
    // power of two to a shift): each of those paths must keep the same rounding.
    Inputs<T> in;
    Func A = weft_test::input_func(in.a);
    Var x("x");
    std::vector<T> divisors = {T(1), T(2), T(7), T(16), T(100)};
    if constexpr (std::is_signed_v<T>) {
        divisors.insert(divisors.end(), {T(-1), T(-3), T(-8)});
    }
    for (T d : divisors) {
        INFO("divisor " << weft_test::show(d));
        Func q("q"), r("r");
        q(x) = A(x) / Expr(d);
        r(x) = A(x) % Expr(d);
        check_binary("a / constant", q, lanes, in, [d](T a, T) { return ref_div(a, d); });
        check_binary("a % constant", r, lanes, in, [d](T a, T) { return ref_mod(a, d); });
    }
}

} // namespace

TEST_CASE("division and modulo with negative operands round as documented", "[arithmetic]") {
    // Small hand-checked cases: 7 / -2 == -3 and 7 % -2 == 1, -7 / 2 == -4 and
    // -7 % 2 == 1, -7 / -2 == 4 and -7 % -2 == 1; and anything / 0 == 0 == % 0.
    const int32_t as[] = {7, 7, -7, -7, 0, -1, 9, -9, 5};
    const int32_t bs[] = {2, -2, 2, -2, 3, 5, 0, 0, -5};
    const int32_t q[] = {3, -3, -4, 4, 0, -1, 0, 0, -1};
    const int32_t r[] = {1, 1, 1, 1, 0, 4, 0, 0, 0};
    const int n = 9;
    Buffer<int32_t> a(n), b(n);
    for (int i = 0; i < n; i++) {
        a(i) = as[i];
        b(i) = bs[i];
    }
    Func A = weft_test::input_func(a), B = weft_test::input_func(b);
    Var x("x");
    Func div("div"), mod("mod");
    div(x) = A(x) / B(x);
    mod(x) = A(x) % B(x);
    Buffer<int32_t> qd = div.realize({n});
    Buffer<int32_t> rd = mod.realize({n});
    check_buffer(qd, [&](int i) { return q[i]; });
    check_buffer(rd, [&](int i) { return r[i]; });
    // The hand-written table agrees with the reference used elsewhere in this file.
    for (int i = 0; i < n; i++) {
        CHECK(ref_div(as[i], bs[i]) == q[i]);
        CHECK(ref_mod(as[i], bs[i]) == r[i]);
    }
}

TEMPLATE_TEST_CASE("the most negative value divided by -1 wraps", "[arithmetic]", int8_t, int16_t,
                   int32_t, int64_t) {
    // On x86 this is the one division that traps in hardware; weft defines it to wrap.
    using T = TestType;
    Buffer<T> a(4), b(4);
    const T lo = std::numeric_limits<T>::min();
    const T as[] = {lo, lo, lo, T(-1)};
    const T bs[] = {T(-1), T(1), T(2), T(-1)};
    for (int i = 0; i < 4; i++) {
        a(i) = as[i];
        b(i) = bs[i];
    }
    Func A = weft_test::input_func(a), B = weft_test::input_func(b);
    Var x("x");
    Func div("div"), mod("mod");
    div(x) = A(x) / B(x);
    mod(x) = A(x) % B(x);
    Buffer<T> qd = div.realize({4});
    Buffer<T> rd = mod.realize({4});
    check_buffer(qd, [&](int i) { return ref_div(as[i], bs[i]); });
    check_buffer(rd, [&](int i) { return ref_mod(as[i], bs[i]); });
    CHECK(qd(0) == lo);
}

TEST_CASE("narrow integer arithmetic wraps around", "[arithmetic]") {
    // Explicit examples, independent of the references above.
    Var x("x");
    Buffer<uint8_t> u8(3);
    u8(0) = 250, u8(1) = 255, u8(2) = 0;
    Buffer<int8_t> i8(3);
    i8(0) = 127, i8(1) = -128, i8(2) = 100;
    Buffer<int16_t> i16(2);
    i16(0) = 32767, i16(1) = -32768;
    Func U = weft_test::input_func(u8), I = weft_test::input_func(i8),
         S = weft_test::input_func(i16);

    Func u_add("u_add"), u_sub("u_sub"), u_mul("u_mul");
    u_add(x) = U(x) + U(x);               // 250 + 250 = 500 = 244 (mod 256)
    u_sub(x) = U(x) - Expr(uint8_t(251)); // 250 - 251 = 255
    u_mul(x) = U(x) * U(x);               // 250 * 250 = 62500 = 36 (mod 256)
    Buffer<uint8_t> ua = u_add.realize({3}), us = u_sub.realize({3}), um = u_mul.realize({3});
    CHECK(int(ua(0)) == 244);
    CHECK(int(ua(1)) == 254);
    CHECK(int(ua(2)) == 0);
    CHECK(int(us(0)) == 255);
    CHECK(int(us(1)) == 4);
    CHECK(int(us(2)) == 5);
    CHECK(int(um(0)) == 36);
    CHECK(int(um(1)) == 1);

    Func i_add("i_add"), i_neg("i_neg"), i_mul("i_mul");
    i_add(x) = I(x) + Expr(int8_t(1)); // 127 + 1 = -128
    i_neg(x) = -I(x);                  // -(-128) = -128
    i_mul(x) = I(x) * Expr(int8_t(2)); // 100 * 2 = -56
    Buffer<int8_t> ia = i_add.realize({3}), in = i_neg.realize({3}), im = i_mul.realize({3});
    CHECK(int(ia(0)) == -128);
    CHECK(int(ia(1)) == -127);
    CHECK(int(in(0)) == -127);
    CHECK(int(in(1)) == -128);
    CHECK(int(im(2)) == -56);

    Func s_add("s_add"), s_sub("s_sub");
    s_add(x) = S(x) + Expr(int16_t(1));
    s_sub(x) = S(x) - Expr(int16_t(1));
    Buffer<int16_t> sa = s_add.realize({2}), ss = s_sub.realize({2});
    CHECK(int(sa(0)) == -32768);
    CHECK(int(ss(1)) == 32767);
}

namespace {

template<typename T> void comparisons_and_select(int lanes) {
    Inputs<T> in;
    Func A = weft_test::input_func(in.a), B = weft_test::input_func(in.b);
    Var x("x");

    // Each comparison sets one bit of the result, so one Func checks all six.
    Func bits("bits");
    Expr one = Expr(int32_t(1)), zero = Expr(int32_t(0));
    bits(x) = select(A(x) < B(x), one, zero) + select(A(x) <= B(x), 2 * one, zero) +
              select(A(x) > B(x), 4 * one, zero) + select(A(x) >= B(x), 8 * one, zero) +
              select(A(x) == B(x), 16 * one, zero) + select(A(x) != B(x), 32 * one, zero);
    CHECK((A(x) < B(x)).type() == Bool());
    Buffer<int32_t> out = run<int32_t>(bits, lanes);
    check_buffer(out, [&](int i) {
        T a = in.a(i), b = in.b(i);
        return int32_t((a < b) + 2 * (a <= b) + 4 * (a > b) + 8 * (a >= b) + 16 * (a == b) +
                       32 * (a != b));
    });

    // select picks between values of T; && || ! combine conditions.
    Func sel("sel");
    Expr a = A(x), b = B(x);
    sel(x) = select(a < b && !(a == b), b - a, select(a > b || a == b, a, b));
    Buffer<T> s = run<T>(sel, lanes);
    check_buffer(s, [&](int i) {
        T va = in.a(i), vb = in.b(i);
        return (va < vb && !(va == vb)) ? ref_sub(vb, va) : ((va > vb || va == vb) ? va : vb);
    });
}

} // namespace

namespace {

template<typename T> void bitwise_and_shifts(int lanes) {
    constexpr int bits = 8 * sizeof(T);
    Inputs<T> in;
    // Shift amounts from 0 to bits - 1 (larger or negative shifts are not portable).
    Buffer<T> s(N);
    s.set_name("s");
    weft_test::fill_uniform(s, 3003, 0, bits - 1);
    Func A = weft_test::input_func(in.a), B = weft_test::input_func(in.b),
         S = weft_test::input_func(s);
    Var x("x");

    Func band("band"), bor("bor"), bxor("bxor"), bnot("bnot"), shl("shl"), shr("shr");
    band(x) = A(x) & B(x);
    bor(x) = A(x) | B(x);
    bxor(x) = A(x) ^ B(x);
    bnot(x) = ~A(x);
    shl(x) = A(x) << S(x);
    shr(x) = A(x) >> S(x);

    check_binary("a & b", band, lanes, in, [](T a, T b) { return T(a & b); });
    check_binary("a | b", bor, lanes, in, [](T a, T b) { return T(a | b); });
    check_binary("a ^ b", bxor, lanes, in, [](T a, T b) { return T(a ^ b); });
    check_binary("~a", bnot, lanes, in, [](T a, T) { return T(~a); });

    Buffer<T> l = run<T>(shl, lanes);
    Buffer<T> r = run<T>(shr, lanes);
    // Left shifts wrap; right shifts of signed values are arithmetic (C++20 defines
    // both for every operand here).
    check_buffer(l, [&](int i) { return T(uint64_t(in.a(i)) << s(i)); });
    check_buffer(r, [&](int i) {
        if constexpr (std::is_signed_v<T>) {
            return T(int64_t(in.a(i)) >> s(i));
        } else {
            return T(uint64_t(in.a(i)) >> s(i));
        }
    });

    // Shifts by constants, including 0 and bits - 1.
    for (int k : {0, 1, 3, bits - 1}) {
        INFO("shift by " << k);
        Func cl("cl"), cr("cr");
        cl(x) = A(x) << Expr(T(k));
        cr(x) = A(x) >> Expr(T(k));
        Buffer<T> lo = run<T>(cl, lanes);
        Buffer<T> ro = run<T>(cr, lanes);
        check_buffer(lo, [&](int i) { return T(uint64_t(in.a(i)) << k); });
        check_buffer(ro, [&](int i) {
            if constexpr (std::is_signed_v<T>) {
                return T(int64_t(in.a(i)) >> k);
            } else {
                return T(uint64_t(in.a(i)) >> k);
            }
        });
    }
}

} // namespace

TEMPLATE_TEST_CASE("arithmetic operators match C++ on every type", "[arithmetic]", int8_t, int16_t,
                   int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    arithmetic_operators<TestType>(1);
}

TEMPLATE_TEST_CASE("arithmetic operators match C++ on every type, vectorized",
                   "[arithmetic][vectorized]", int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t,
                   uint32_t, uint64_t, float, double) {
    arithmetic_operators<TestType>(vector_lanes<TestType>());
}

TEMPLATE_TEST_CASE("integer division and modulo by constants are Euclidean", "[arithmetic]", int8_t,
                   int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t) {
    division_by_constants<TestType>(1);
}

TEMPLATE_TEST_CASE("integer division and modulo by constants are Euclidean, vectorized",
                   "[arithmetic][vectorized]", int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t,
                   uint32_t, uint64_t) {
    division_by_constants<TestType>(vector_lanes<TestType>());
}

TEMPLATE_TEST_CASE("comparisons and select match C++", "[arithmetic]", int8_t, int16_t, int32_t,
                   int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    comparisons_and_select<TestType>(1);
}

TEMPLATE_TEST_CASE("comparisons and select match C++, vectorized", "[arithmetic][vectorized]",
                   int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float,
                   double) {
    comparisons_and_select<TestType>(vector_lanes<TestType>());
}

TEMPLATE_TEST_CASE("bitwise operators and shifts match C++", "[arithmetic]", int8_t, int16_t,
                   int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t) {
    bitwise_and_shifts<TestType>(1);
}

TEMPLATE_TEST_CASE("bitwise operators and shifts match C++, vectorized", "[arithmetic][vectorized]",
                   int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t) {
    bitwise_and_shifts<TestType>(vector_lanes<TestType>());
}
