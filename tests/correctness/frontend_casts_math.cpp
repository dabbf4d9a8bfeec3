// Casts, Type::max()/min() and the types of the math functions (weft/IROperator.h),
// checked on the expressions built, without compiling them.

#include <weft/weft.h>

#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

using namespace weft;
using namespace weft::internal;

TEST_CASE("frontend: Type::max and Type::min", "[frontend]") {
    REQUIRE(as_const_uint(UInt(8).max()).value() == 255);
    REQUIRE(as_const_uint(UInt(8).min()).value() == 0);
    REQUIRE(as_const_uint(UInt(16).max()).value() == 65535);
    REQUIRE(as_const_uint(UInt(32).max()).value() == 4294967295u);
    REQUIRE(as_const_uint(UInt(64).max()).value() == std::numeric_limits<uint64_t>::max());
    REQUIRE(as_const_int(Int(8).max()).value() == 127);
    REQUIRE(as_const_int(Int(8).min()).value() == -128);
    REQUIRE(as_const_int(Int(16).min()).value() == -32768);
    REQUIRE(as_const_int(Int(32).max()).value() == 2147483647);
    REQUIRE(as_const_int(Int(32).min()).value() == -2147483648LL);
    REQUIRE(as_const_int(Int(64).max()).value() == std::numeric_limits<int64_t>::max());
    REQUIRE(as_const_int(Int(64).min()).value() == std::numeric_limits<int64_t>::min());
    REQUIRE(as_const_uint(Bool().max()).value() == 1);
    REQUIRE(as_const_uint(Bool().min()).value() == 0);
    // Floats: the infinities, as the identities of maximum() and minimum().
    REQUIRE(std::isinf(as_const_float(Float(32).max()).value()));
    REQUIRE(as_const_float(Float(32).max()).value() > 0);
    REQUIRE(as_const_float(Float(64).min()).value() == -std::numeric_limits<double>::infinity());
    REQUIRE(Float(16).max().type() == Float(16));
    // Types and vectors.
    REQUIRE(Int(16).max().type() == Int(16));
    Expr v = Int(16, 4).max();
    REQUIRE(v.type() == Int(16, 4));
    REQUIRE(v.as<Broadcast>() != nullptr);
    REQUIRE(as_const_int(v).value() == 32767);
    REQUIRE_THROWS_AS(Handle().max(), CompileError);
}

TEST_CASE("frontend: casts of constants fold with C++ semantics", "[frontend]") {
    REQUIRE(as_const_uint(cast<uint8_t>(300)).value() == 44); // wraps
    REQUIRE(as_const_int(cast<int8_t>(200)).value() == -56);
    REQUIRE(as_const_int(cast<int>(2.7f)).value() == 2); // toward zero
    REQUIRE(as_const_int(cast<int>(-2.7f)).value() == -2);
    REQUIRE(as_const_float(cast<float>(3)).value() == 3.0);
    REQUIRE(as_const_uint(cast<uint16_t>(cast<int8_t>(-1))).value() == 65535); // sign-extends
    REQUIRE(as_const_int(cast<int32_t>(cast<uint8_t>(255))).value() == 255); // zero-extends
    // Casting to bool means "!= 0".
    Var x("x");
    REQUIRE(cast<bool>(x).as<NE>() != nullptr);
    // Same type: unchanged; otherwise a Cast node.
    Expr e = x;
    REQUIRE(cast<int32_t>(e).same_as(e));
    REQUIRE(cast<float>(e).as<Cast>() != nullptr);
    // A scalar type applied to a vector keeps the lanes.
    Expr v = Ramp::make(Expr(0), Expr(1), 4);
    REQUIRE(cast<uint8_t>(v).type() == UInt(8, 4));
    REQUIRE(cast(Float(32, 4), x).type() == Float(32, 4));
    REQUIRE_THROWS_AS(cast(Handle(), x), CompileError);
}

TEST_CASE("frontend: saturating_cast clamps before converting", "[frontend]") {
    Var x("x");
    // int32 -> uint8: min(max(x, 0), 255).
    Expr s = saturating_cast<uint8_t>(x);
    REQUIRE(s.type() == UInt(8));
    const Cast *c = s.as<Cast>();
    REQUIRE(c != nullptr);
    const Min *mn = c->value.as<Min>();
    REQUIRE(mn != nullptr);
    REQUIRE(as_const_int(mn->b).value() == 255);
    REQUIRE(mn->a.as<Max>() != nullptr);
    REQUIRE(as_const_int(mn->a.as<Max>()->b).value() == 0);
    // Widening needs no clamp.
    REQUIRE(saturating_cast<int64_t>(x).as<Cast>()->value.as<Variable>() != nullptr);
    // uint32 -> int32: only the top is clamped.
    Expr u = saturating_cast<int32_t>(cast<uint32_t>(x));
    const Min *top = u.as<Cast>()->value.as<Min>();
    REQUIRE(top != nullptr);
    REQUIRE(as_const_uint(top->b).value() == 2147483647u);
    // float -> int32: 2^31 and up give INT32_MAX; below, the clamp is the largest float32
    // under 2^31.
    Expr f32 = saturating_cast<int32_t>(cast<float>(x));
    const Select *top_sel = f32.as<Select>();
    REQUIRE(top_sel != nullptr);
    REQUIRE(as_const_float(top_sel->condition.as<GE>()->b).value() == 2147483648.0);
    REQUIRE(as_const_int(top_sel->true_value).value() == 2147483647);
    Expr f = top_sel->false_value;
    const Max *fmax = f.as<Cast>()->value.as<Max>();
    REQUIRE(fmax != nullptr);
    REQUIRE(as_const_float(fmax->a.as<Min>()->b).value() == 2147483520.0);
    REQUIRE(as_const_float(fmax->b).value() == -2147483648.0);
    // float -> uint8.
    Expr g = saturating_cast<uint8_t>(cast<float>(x));
    REQUIRE(as_const_float(g.as<Cast>()->value.as<Max>()->a.as<Min>()->b).value() == 255.0);
    // reinterpret keeps the bits.
    REQUIRE(reinterpret<uint32_t>(cast<float>(x)).as<Reinterpret>() != nullptr);
    REQUIRE(reinterpret<uint32_t>(cast<float>(x)).type() == UInt(32));
}

TEST_CASE("frontend: math function types", "[frontend]") {
    Var x("x");
    Expr i = x, f64 = cast<double>(x), s8 = cast<int8_t>(x), u8 = cast<uint8_t>(x);
    // Float math on an integer casts it to float32 first.
    for (Expr e : {sqrt(i), exp(i), log(i), sin(i), cos(i), tan(i), tanh(i), asin(i), acos(i),
                   atan(i), floor(i), ceil(i), round(i), trunc(i), pow(i, 2), atan2(i, i),
                   fma(i, i, i)}) {
        REQUIRE(e.type() == Float(32));
        REQUIRE(e.as<Call>() != nullptr);
        REQUIRE(e.as<Call>()->call_type == Call::PureIntrinsic);
    }
    REQUIRE(sqrt(i).as<Call>()->name == "sqrt");
    REQUIRE(sqrt(i).as<Call>()->args[0].as<Cast>() != nullptr);
    REQUIRE(sqrt(f64).type() == Float(64));
    REQUIRE(pow(f64, 2).type() == Float(64));
    REQUIRE(atan2(f64, cast<float>(x)).type() == Float(64));
    REQUIRE(is_nan(f64).type() == Bool());
    REQUIRE(is_inf(f64).as<Call>()->name == "is_inf");
    REQUIRE(is_finite(f64).type() == Bool());
    // abs: signed -> unsigned of the same width; unsigned unchanged; float stays float.
    REQUIRE(abs(s8).type() == UInt(8));
    REQUIRE(abs(s8).as<Call>()->is_intrinsic(Call::abs));
    REQUIRE(abs(u8).same_as(u8));
    REQUIRE(abs(f64).type() == Float(64));
    REQUIRE(absd(i, u8).type() == UInt(32));
    REQUIRE(absd(f64, 1).type() == Float(64));
    // lerp keeps the values' type; integer results are rounded.
    REQUIRE(lerp(u8, u8, 0.25f).type() == UInt(8));
    REQUIRE(lerp(u8, u8, u8).type() == UInt(8));
    REQUIRE(lerp(cast<float>(x), 1.0f, 0.5f).type() == Float(32));
    REQUIRE(likely(x > 0).as<Call>()->is_intrinsic(Call::likely));
    REQUIRE(likely(x > 0).type() == Bool());
}
