// Casts between every pair of scalar types, saturating casts, and the type-coercion
// rules weft applies when operands of different types meet (the rules of Halide):
//
//  - equal types: nothing to do;
//  - float with non-float: the non-float operand becomes the float type;
//  - two floats: the narrower widens;
//  - an integer constant with an integer expression: the constant takes the
//    expression's type (uint8 + 1 stays uint8);
//  - two signed or two unsigned integers: the narrower widens;
//  - signed with unsigned: both become signed, of the wider of the two widths.
//
// Each rule is checked twice: through Expr::type() and through realized values.

#include "test_util.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <tuple>
#include <type_traits>

using namespace weft;
using weft_test::check_buffer;

namespace {

constexpr int N = 256;

using AllTypes = std::tuple<int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t,
                            uint64_t, float, double>;

/// Calls f.template operator()<T>() for every T of the tuple.
template<typename Tuple, typename F> void for_each_type(F &&f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (f.template operator()<std::tuple_element_t<I, Tuple>>(), ...);
    }
    (std::make_index_sequence<std::tuple_size_v<Tuple>>());
}

/// Source values for cast<D>(S). Integer sources use their whole range (integer to
/// integer casts wrap, integer to float casts round). Float sources stay where the
/// conversion is defined: inside D's range when D is an integer type, with fractional
/// parts of both signs to show truncation toward zero.
template<typename S, typename D> Buffer<S> cast_sources(uint32_t seed) {
    Buffer<S> b(N);
    b.set_name("src");
    if constexpr (!std::is_floating_point_v<S>) {
        weft_test::fill_random(b, seed);
    } else {
        double lo = -1e4, hi = 1e4;
        if constexpr (!std::is_floating_point_v<D>) {
            lo = std::max(lo, double(std::numeric_limits<D>::min()));
            hi = std::min(hi, double(std::numeric_limits<D>::max()));
        }
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> dist(lo, hi);
        std::uniform_int_distribution<int> small(int(std::max(lo, -20.0)), int(std::min(hi, 20.0)));
        for (int i = 0; i < N; i++) {
            double v = (i % 4 == 0) ? small(rng) + 0.75 * (i % 8 == 0 ? 1 : -1) : dist(rng);
            b(i) = S(std::clamp(v, lo, hi));
        }
    }
    return b;
}

template<typename D, typename S> D ref_cast(S v) {
    if constexpr (std::is_floating_point_v<S> || std::is_floating_point_v<D>) {
        return static_cast<D>(v); // C++ truncates float -> int toward zero, as weft does
    } else {
        return static_cast<D>(uint64_t(v)); // modular (C++20), as weft
    }
}

/// The value of v clamped to D's range, then converted.
template<typename D, typename S> D ref_saturating_cast(S v) {
    using L = std::numeric_limits<D>;
    if constexpr (std::is_floating_point_v<D>) {
        if constexpr (std::is_floating_point_v<S>) {
            return static_cast<D>(std::clamp<double>(v, double(L::lowest()), double(L::max())));
        } else {
            return static_cast<D>(v);
        }
    } else if constexpr (std::is_floating_point_v<S>) {
        // Compare in long double: it represents every 64-bit integer bound exactly.
        long double x = v;
        if (x <= (long double)L::min()) {
            return L::min();
        }
        if (x >= (long double)L::max()) {
            return L::max();
        }
        return static_cast<D>(v);
    } else if constexpr (std::is_signed_v<S>) {
        if constexpr (std::is_signed_v<D>) {
            return static_cast<D>(std::clamp<int64_t>(v, L::min(), L::max()));
        } else {
            return v < 0 ? D(0) : static_cast<D>(std::min<uint64_t>(uint64_t(v), L::max()));
        }
    } else {
        return static_cast<D>(std::min<uint64_t>(v, uint64_t(L::max())));
    }
}

/// Sources for saturating_cast: the whole range of S, plus for floats values far
/// outside every integer range.
template<typename S> Buffer<S> saturating_sources(uint32_t seed) {
    Buffer<S> b(N);
    b.set_name("src");
    weft_test::fill_random(b, seed);
    if constexpr (std::is_floating_point_v<S>) {
        const S extremes[] = {S(1e20),   S(-1e20),   S(70000.5), S(-70000.5), S(3e9),     S(-3e9),
                              S(300.25), S(-300.25), S(-0.5),    S(255.5),    S(65535.75)};
        for (int i = 0; i < int(std::size(extremes)); i++) {
            b(i * 7) = extremes[i];
        }
        if constexpr (std::is_same_v<S, double>) {
            b(100) = 1e300;
            b(101) = -1e300;
        }
    }
    return b;
}

} // namespace

TEMPLATE_TEST_CASE("cast<T> between every pair of types matches C++", "[casts]", int8_t, int16_t,
                   int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    using S = TestType;
    // Scalar code, then 8-lane vectors (vector conversions are compiled differently).
    const int lanes = GENERATE(1, 8);
    Var x("x");
    for_each_type<AllTypes>([&]<typename D>() {
        INFO("cast from " << weft_test::type_name<S>() << " to " << weft_test::type_name<D>()
                          << ", " << lanes << " lanes");
        Buffer<S> src = cast_sources<S, D>(7 + sizeof(S) * 13 + sizeof(D));
        Func in = weft_test::input_func(src);
        Func f("cast");
        f(x) = cast<D>(in(x));
        CHECK(f.value().type() == type_of<D>());
        if (lanes > 1) {
            f.vectorize(x, lanes);
        }
        Buffer<D> out = f.realize({N});
        check_buffer(out, [&](int i) { return ref_cast<D>(src(i)); });
    });
}

TEST_CASE("float to integer casts truncate toward zero", "[casts]") {
    Buffer<float> src(8);
    const float v[] = {2.7f, -2.7f, 0.5f, -0.5f, 100.99f, -100.99f, 7.0f, -7.0f};
    const int32_t expected[] = {2, -2, 0, 0, 100, -100, 7, -7};
    for (int i = 0; i < 8; i++) {
        src(i) = v[i];
    }
    Func in = weft_test::input_func(src);
    Var x("x");
    Func f("trunc");
    f(x) = cast<int32_t>(in(x));
    Buffer<int32_t> out = f.realize({8});
    check_buffer(out, [&](int i) { return expected[i]; });
}

TEMPLATE_TEST_CASE("saturating_cast<T> clamps to the target range", "[casts]", int8_t, int16_t,
                   int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    using S = TestType;
    const int lanes = GENERATE(1, 8);
    Var x("x");
    Buffer<S> src = saturating_sources<S>(99 + sizeof(S));
    Func in = weft_test::input_func(src);
    for_each_type<AllTypes>([&]<typename D>() {
        INFO(lanes << " lanes");
        INFO("saturating_cast from " << weft_test::type_name<S>() << " to "
                                     << weft_test::type_name<D>());
        Func f("sat");
        f(x) = saturating_cast<D>(in(x));
        CHECK(f.value().type() == type_of<D>());
        if (lanes > 1) {
            f.vectorize(x, lanes);
        }
        Buffer<D> out = f.realize({N});
        check_buffer(out, [&](int i) { return ref_saturating_cast<D>(src(i)); });
    });
}

TEST_CASE("saturating_cast examples", "[casts]") {
    Buffer<int32_t> src(5);
    const int32_t v[] = {-1000, -1, 0, 200, 1000};
    for (int i = 0; i < 5; i++) {
        src(i) = v[i];
    }
    Func in = weft_test::input_func(src);
    Var x("x");
    Func u8("u8"), i8("i8");
    u8(x) = saturating_cast<uint8_t>(in(x));
    i8(x) = saturating_cast<int8_t>(in(x));
    Buffer<uint8_t> a = u8.realize({5});
    Buffer<int8_t> b = i8.realize({5});
    const int ea[] = {0, 0, 0, 200, 255};
    const int eb[] = {-128, -1, 0, 127, 127};
    check_buffer(a, [&](int i) { return ea[i]; });
    check_buffer(b, [&](int i) { return eb[i]; });
}

TEST_CASE("type coercion follows Halide's rules", "[casts]") {
    Var x("x");
    Buffer<uint8_t> u8(N);
    Buffer<int8_t> i8(N);
    Buffer<int16_t> i16(N);
    Buffer<uint16_t> u16(N);
    Buffer<int32_t> i32(N);
    Buffer<uint32_t> u32(N);
    Buffer<float> f32(N);
    Buffer<double> f64(N);
    weft_test::fill_random(u8, 1);
    weft_test::fill_random(i8, 2);
    weft_test::fill_random(i16, 3);
    weft_test::fill_random(u16, 4);
    weft_test::fill_random(i32, 5);
    weft_test::fill_random(u32, 6);
    weft_test::fill_random(f32, 7);
    weft_test::fill_random(f64, 8);
    u8(0) = 255; // 255 + 1 must wrap to 0 if the sum stays uint8
    u8(1) = 200;
    Func U8 = weft_test::input_func(u8), I8 = weft_test::input_func(i8),
         I16 = weft_test::input_func(i16), U16 = weft_test::input_func(u16),
         I32 = weft_test::input_func(i32), U32 = weft_test::input_func(u32),
         F32 = weft_test::input_func(f32), F64 = weft_test::input_func(f64);

    SECTION("an integer literal takes the type of the other operand") {
        Expr e = U8(x) + 1;
        CHECK(e.type() == UInt(8));
        CHECK((U8(x) * 2).type() == UInt(8));
        CHECK((1 + U8(x)).type() == UInt(8));
        CHECK((I16(x) - 3).type() == Int(16));
        CHECK((U32(x) + 1).type() == UInt(32));
        Func f("f"), g("g");
        f(x) = e;
        g(x) = U8(x) * 2;
        Buffer<uint8_t> a = f.realize({N});
        Buffer<uint8_t> b = g.realize({N});
        CHECK(int(a(0)) == 0);
        CHECK(int(b(1)) == 144);
        check_buffer(a, [&](int i) { return uint8_t(u8(i) + 1); });
        check_buffer(b, [&](int i) { return uint8_t(u8(i) * 2); });
    }

    SECTION("a float operand makes the result float") {
        Expr e = U8(x) + 1.5f;
        CHECK(e.type() == Float(32));
        CHECK((I32(x) * 0.5f).type() == Float(32));
        CHECK((U16(x) + F32(x)).type() == Float(32));
        CHECK((F32(x) + F64(x)).type() == Float(64));
        CHECK((I32(x) + F64(x)).type() == Float(64));
        Func f("f"), g("g");
        f(x) = e;
        g(x) = F32(x) + F64(x);
        Buffer<float> a = f.realize({N});
        Buffer<double> b = g.realize({N});
        CHECK(a(0) == 256.5f);
        check_buffer(a, [&](int i) { return float(u8(i)) + 1.5f; });
        check_buffer(b, [&](int i) { return double(f32(i)) + f64(i); });
    }

    SECTION("two integers of one signedness widen to the wider") {
        CHECK((I16(x) + I32(x)).type() == Int(32));
        CHECK((I8(x) * I16(x)).type() == Int(16));
        CHECK((U8(x) + U16(x)).type() == UInt(16));
        CHECK((U16(x) - U32(x)).type() == UInt(32));
        Func f("f"), g("g");
        f(x) = I16(x) + I32(x);
        g(x) = U8(x) + U16(x);
        Buffer<int32_t> a = f.realize({N});
        Buffer<uint16_t> b = g.realize({N});
        // Computed at 32 bits: no wrap at 16 bits.
        check_buffer(a, [&](int i) { return int32_t(uint32_t(i16(i)) + uint32_t(i32(i))); });
        check_buffer(b, [&](int i) { return uint16_t(u8(i) + u16(i)); });
    }

    SECTION("signed with unsigned becomes signed of the wider width") {
        CHECK((U8(x) + I16(x)).type() == Int(16));
        CHECK((I8(x) + U16(x)).type() == Int(16));
        CHECK((U8(x) + I8(x)).type() == Int(8));
        CHECK((U32(x) + I32(x)).type() == Int(32));
        CHECK((I8(x) + U32(x)).type() == Int(32));
        Func f("f"), g("g");
        f(x) = U8(x) + I16(x);
        g(x) = I8(x) + U16(x);
        Buffer<int16_t> a = f.realize({N});
        Buffer<int16_t> b = g.realize({N});
        check_buffer(a, [&](int i) { return int16_t(uint16_t(u8(i)) + uint16_t(i16(i))); });
        check_buffer(b, [&](int i) { return int16_t(uint16_t(i8(i)) + uint16_t(u16(i))); });
    }

    SECTION("Vars are int32; explicit casts change the type") {
        CHECK(Expr(x).type() == Int(32));
        CHECK((x + U8(x)).type() == Int(32));
        CHECK(cast<uint8_t>(x).type() == UInt(8));
        CHECK(cast(Float(64), x).type() == Float(64));
        Func f("f");
        f(x) = cast<uint8_t>(x * 3);
        Buffer<uint8_t> a = f.realize({N});
        check_buffer(a, [&](int i) { return uint8_t(i * 3); });
    }
}
