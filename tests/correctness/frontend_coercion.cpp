// Type coercion of the Expr operators (weft/IROperator.h): the type of a + b for every
// pair of scalar types, literals next to an Expr, vectors, and the other operators.
// Checked against the rules as Halide documents them (tutorial lesson 14).

#include <weft/weft.h>

#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

const std::vector<Type> numeric_types = {UInt(8), UInt(16), UInt(32), UInt(64), Int(8),
                                         Int(16), Int(32),  Int(64),  Float(16), Float(32),
                                         Float(64)};

/// The result type of a + b, written out from the rules independently of the code.
Type expected_sum_type(Type a, Type b) {
    if (a == b) {
        return a;
    }
    if (a.is_float() || b.is_float()) {
        if (a.is_float() && b.is_float()) {
            return a.bits > b.bits ? a : b;
        }
        return a.is_float() ? a : b;
    }
    if (a.is_int() == b.is_int()) {
        return a.bits > b.bits ? a : b;
    }
    return Int(a.bits > b.bits ? a.bits : b.bits);
}

Expr of_type(Type t) { return cast(t, Var("x")); }

} // namespace

TEST_CASE("frontend: a + b has Halide's type for every pair of types", "[frontend]") {
    for (Type a : numeric_types) {
        for (Type b : numeric_types) {
            INFO(to_string(a) << " + " << to_string(b));
            Expr sum = of_type(a) + of_type(b);
            REQUIRE(sum.type() == expected_sum_type(a, b));
            REQUIRE(sum.as<Add>() != nullptr);
            REQUIRE((of_type(a) < of_type(b)).type() == Bool());
        }
    }
}

TEST_CASE("frontend: documented coercion examples", "[frontend]") {
    Var x("x");
    Expr u8 = cast<uint8_t>(x), u16 = cast<uint16_t>(x), u32 = cast<uint32_t>(x);
    Expr s8 = cast<int8_t>(x), s16 = cast<int16_t>(x), s32 = cast<int32_t>(x);
    Expr s64 = cast<int64_t>(x), f32 = cast<float>(x), f64 = cast<double>(x);
    REQUIRE((u8 + f32).type() == Float(32));
    REQUIRE((f32 + s64).type() == Float(32));
    REQUIRE((u16 + f64).type() == Float(64));
    REQUIRE((f64 + f32).type() == Float(64));
    REQUIRE((u32 + u8).type() == UInt(32));
    REQUIRE((s16 + s64).type() == Int(64));
    REQUIRE((u8 + s32).type() == Int(32));
    REQUIRE((u32 + s8).type() == Int(32));
    REQUIRE((u32 + s32).type() == Int(32));
    REQUIRE((s8 + u16).type() == Int(16));
    // The widened operand is a Cast of the narrower one.
    Expr widened = u8 + s32;
    const Add *add = widened.as<Add>();
    REQUIRE(add != nullptr);
    REQUIRE(add->a.as<Cast>() != nullptr);
    REQUIRE(add->a.type() == Int(32));
}

TEST_CASE("frontend: C++ numbers take the Expr's type", "[frontend]") {
    Var x("x");
    Expr u8 = cast<uint8_t>(x), s16 = cast<int16_t>(x), u32 = cast<uint32_t>(x);
    Expr f16 = cast(Float(16), x), f64 = cast<double>(x);
    REQUIRE((u32 + 3).type() == UInt(32));
    REQUIRE((3 + s16).type() == Int(16));
    REQUIRE((u8 * 255).type() == UInt(8));
    REQUIRE((u8 - 1u).type() == UInt(8));
    REQUIRE((int64_t(5) * u8).type() == UInt(8));
    REQUIRE((f16 * 2).type() == Float(16));
    REQUIRE((f16 * 0.5f).type() == Float(16));
    REQUIRE((f64 + 1.5f).type() == Float(64));
    REQUIRE((x * 0.5f).type() == Float(32));
    REQUIRE((x * 0.5).type() == Float(32));
    REQUIRE((u8 / 2.0f).type() == Float(32));
    REQUIRE((x + 1).type() == Int(32));
    REQUIRE((u8 == 7).type() == Bool());
    REQUIRE(min(u8, 3).type() == UInt(8));
    REQUIRE(max(2, s16).type() == Int(16));
    REQUIRE((u8 & 0x0f).type() == UInt(8));
    REQUIRE((u8 << 2).type() == UInt(8));

    // The constant itself is of that type and keeps its value.
    Expr e1 = u8 + 200;
    const Add *add = e1.as<Add>();
    REQUIRE(add != nullptr);
    REQUIRE(add->b.type() == UInt(8));
    REQUIRE(as_const_uint(add->b).value() == 200);
    Expr e2 = f16 * 3;
    const Mul *mul = e2.as<Mul>();
    REQUIRE(mul != nullptr);
    REQUIRE(as_const_float(mul->b).value() == 3.0);
    Expr e3 = 7 - s16;
    const Sub *sub = e3.as<Sub>();
    REQUIRE(sub != nullptr);
    REQUIRE(sub->a.type() == Int(16));
    REQUIRE(as_const_int(sub->a).value() == 7);
    // A float constant beside an integer makes the integer float32.
    Expr e4 = x * 0.5f;
    const Mul *half = e4.as<Mul>();
    REQUIRE(half != nullptr);
    REQUIRE(half->a.as<Cast>() != nullptr);
    REQUIRE(as_const_float(half->b).value() == 0.5);
}

TEST_CASE("frontend: vectors broadcast scalars", "[frontend]") {
    Expr v = Ramp::make(Expr(0), Expr(1), 8); // int32x8
    Expr s = cast<int16_t>(Var("x"));
    REQUIRE((v + s).type() == Int(32, 8));
    REQUIRE((v + 1).type() == Int(32, 8));
    REQUIRE((v * 0.5f).type() == Float(32, 8));
    REQUIRE((v < 3).type() == Bool(8));
    REQUIRE(select(v > 2, v, 0).type() == Int(32, 8));
    Expr w = Ramp::make(Expr(0), Expr(1), 4);
    REQUIRE_THROWS_AS(v + w, CompileError);
}

TEST_CASE("frontend: operator results", "[frontend]") {
    Var x("x");
    Expr i = x, u8 = cast<uint8_t>(x), f = cast<float>(x), b = x > 0;
    // Unary minus keeps the type; for floats it multiplies by -1 so -0.0 stays right.
    REQUIRE((-u8).type() == UInt(8));
    REQUIRE((-f).as<Mul>() != nullptr);
    REQUIRE((-i).as<Sub>() != nullptr);
    // Logic.
    REQUIRE((b && (x < 5)).as<And>() != nullptr);
    REQUIRE((b || false).as<Or>() != nullptr);
    REQUIRE((!b).as<Not>() != nullptr);
    // Bitwise operators are intrinsics on integers, logic on bools.
    Expr e5 = i & 3;
    const Call *band = e5.as<Call>();
    REQUIRE(band != nullptr);
    REQUIRE(band->is_intrinsic(Call::bitwise_and));
    REQUIRE((b & b).as<And>() != nullptr);
    REQUIRE((b ^ b).as<NE>() != nullptr);
    REQUIRE((~u8).as<Call>()->is_intrinsic(Call::bitwise_not));
    REQUIRE((u8 | cast<uint16_t>(x)).type() == UInt(16));
    Expr e6 = i << u8;
    const Call *shl = e6.as<Call>();
    REQUIRE(shl->is_intrinsic(Call::shift_left));
    REQUIRE(shl->args[1].type() == Int(32));
    REQUIRE((u8 >> 1).as<Call>()->is_intrinsic(Call::shift_right));
    // In-place operators keep the left type.
    Expr acc = u8;
    acc += x;
    REQUIRE(acc.type() == UInt(8));
    acc *= 2.5f;
    REQUIRE(acc.type() == UInt(8));
}

TEST_CASE("frontend: select, clamp and mux", "[frontend]") {
    Var x("x");
    Expr u8 = cast<uint8_t>(x), f = cast<float>(x);
    // A C++ number in a select takes the other value's type.
    REQUIRE(select(x > 0, u8, 0).type() == UInt(8));
    REQUIRE(select(x > 0, 1.5f, cast(Float(16), x)).type() == Float(16));
    REQUIRE(select(x > 0, u8, f).type() == Float(32));
    // Multi-way select nests: the first true condition wins.
    Expr m = select(x < 0, -1, x == 0, 0, 1);
    const Select *outer = m.as<Select>();
    REQUIRE(outer != nullptr);
    REQUIRE(outer->false_value.as<Select>() != nullptr);
    REQUIRE(is_const(outer->true_value, -1));
    REQUIRE(is_const(outer->false_value.as<Select>()->false_value, 1));
    // clamp(a, lo, hi) is max(min(a, hi), lo) in a's type.
    Expr c = clamp(u8, 10, 200);
    const Max *mx = c.as<Max>();
    REQUIRE(mx != nullptr);
    REQUIRE(mx->a.as<Min>() != nullptr);
    REQUIRE(as_const_uint(mx->b).value() == 10);
    REQUIRE(as_const_uint(mx->a.as<Min>()->b).value() == 200);
    REQUIRE(clamp(f, 0, 1).type() == Float(32));
    REQUIRE(clamp(x, cast<uint8_t>(x), 9).type() == Int(32));
    // mux clamps its index.
    Expr mu = mux(x, {cast<uint8_t>(1), cast<uint8_t>(2), cast<uint8_t>(3)});
    REQUIRE(mu.type() == UInt(8));
    REQUIRE(mu.as<Select>() != nullptr);
}
