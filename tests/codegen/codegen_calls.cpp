// Codegen of Calls: weft intrinsics (abs, absd, bitwise ops, shifts with out-of-range
// amounts, mul_hi, saturating_cast, round-to-zero division, likely, return_second),
// float math through LLVM intrinsics and libm (scalar and vector), is_nan/is_inf, and
// extern calls to the runtime.

#include "codegen_helpers.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace weft;
using namespace weft::test;

namespace {

Expr intrinsic(Type t, const char *name, std::vector<Expr> args) {
    return Call::make(t, name, std::move(args), Call::PureIntrinsic);
}

/// Runs out[k] = exprs[k](in[0..]) where the exprs read "in" of type in_t (scalars).
template<typename Out, typename In>
std::vector<Out> eval(const std::string &name, Type in_t, const std::vector<In> &in,
                      const std::vector<Expr> &exprs) {
    std::vector<Stmt> stores;
    for (size_t k = 0; k < exprs.size(); k++) {
        stores.push_back(Store::make("out", exprs[k], int(k)));
    }
    JITModule m = jit(name, {buffer_arg("out", type_of<Out>(), 1, true), buffer_arg("in", in_t)},
                      Block::make(stores));
    RawBuffer<Out> out(int(exprs.size()));
    RawBuffer<In> input(in);
    REQUIRE(run(m, {&out.raw, &input.raw}) == 0);
    return out.data;
}

Expr in_at(Type t, int i) {
    return Load::make(t, "in", i);
}

} // namespace

TEST_CASE("codegen: integer intrinsics", "[codegen]") {
    const Type i32 = Int(32), u32 = UInt(32);
    std::vector<int32_t> in = {-5, 12, INT32_MIN, 3, 40, -1, 0x12345678, 31, 32, -3};
    Expr a = in_at(i32, 0), b = in_at(i32, 1);
    std::vector<Expr> e = {
        Reinterpret::make(i32, intrinsic(u32, Call::abs, {a})),             // 0
        Reinterpret::make(i32, intrinsic(u32, Call::abs, {in_at(i32, 2)})), // 1
        Reinterpret::make(i32, intrinsic(u32, Call::absd, {a, b})),         // 2
        intrinsic(i32, Call::bitwise_and, {in_at(i32, 6), Expr(0xff00)}),   // 3
        intrinsic(i32, Call::bitwise_or, {a, Expr(0x100)}),                 // 4
        intrinsic(i32, Call::bitwise_xor, {a, b}),                          // 5
        intrinsic(i32, Call::bitwise_not, {b}),                             // 6
        intrinsic(i32, Call::shift_left, {in_at(i32, 3), in_at(i32, 7)}),   // 7: 3 << 31
        intrinsic(i32, Call::shift_left, {in_at(i32, 3), in_at(i32, 8)}),   // 8: << 32 -> 0
        intrinsic(i32, Call::shift_right, {a, in_at(i32, 8)}),              // 9: -5 >> 32 -> -1
        intrinsic(i32, Call::shift_right, {in_at(i32, 4), in_at(i32, 9)}),  // 10: >> -3 -> 0
        intrinsic(i32, Call::shift_right, {a, Expr(1)}),                    // 11: -3
        intrinsic(i32, Call::mul_hi, {in_at(i32, 6), Expr(0x10000)}),       // 12
        intrinsic(i32, Call::div_round_to_zero, {a, Expr(2)}),              // 13: -2
        intrinsic(i32, Call::mod_round_to_zero, {a, Expr(2)}),              // 14: -1
        intrinsic(i32, Call::div_round_to_zero, {in_at(i32, 2), in_at(i32, 5)}), // 15: INT_MIN
        intrinsic(i32, Call::div_round_to_zero, {a, Expr(0)}),                   // 16: 0
        intrinsic(i32, Call::likely, {b}),                                       // 17
        intrinsic(i32, Call::return_second, {a, b}),                             // 18
    };
    std::vector<int32_t> r = eval<int32_t>("int_intrinsics", i32, in, e);
    CHECK(r[0] == 5);
    CHECK(uint32_t(r[1]) == 0x80000000u);
    CHECK(r[2] == 17);
    CHECK(r[3] == 0x5600);
    CHECK(r[4] == (-5 | 0x100));
    CHECK(r[5] == (-5 ^ 12));
    CHECK(r[6] == ~12);
    CHECK(uint32_t(r[7]) == 0x80000000u);
    CHECK(r[8] == 0);
    CHECK(r[9] == -1);
    CHECK(r[10] == 0);
    CHECK(r[11] == -3);
    CHECK(r[12] == 0x1234);
    CHECK(r[13] == -2);
    CHECK(r[14] == -1);
    CHECK(r[15] == INT32_MIN);
    CHECK(r[16] == 0);
    CHECK(r[17] == 12);
    CHECK(r[18] == 12);
}

TEST_CASE("codegen: saturating_cast", "[codegen]") {
    std::vector<float> in = {300.0f, -20.5f, 100.7f, NAN, 1e20f, -1e20f};
    std::vector<Expr> e;
    for (int k = 0; k < 6; k++) {
        e.push_back(
            Cast::make(Int(32), intrinsic(UInt(8), Call::saturating_cast, {in_at(Float(32), k)})));
    }
    e.push_back(intrinsic(Int(32), Call::saturating_cast, {in_at(Float(32), 4)}));
    e.push_back(intrinsic(Int(32), Call::saturating_cast, {in_at(Float(32), 5)}));
    // int32 -> uint8 and int32 -> int8, through Casts of the float inputs.
    Expr big = Cast::make(Int(32), in_at(Float(32), 0));
    Expr neg = Cast::make(Int(32), in_at(Float(32), 1));
    e.push_back(Cast::make(Int(32), intrinsic(UInt(8), Call::saturating_cast, {big})));
    e.push_back(Cast::make(Int(32), intrinsic(Int(8), Call::saturating_cast, {big})));
    e.push_back(Cast::make(Int(32), intrinsic(UInt(8), Call::saturating_cast, {neg})));
    e.push_back(Cast::make(Int(32), intrinsic(Int(8), Call::saturating_cast, {neg})));
    // uint32 -> int32 of 0xffffffff
    e.push_back(intrinsic(Int(32), Call::saturating_cast, {Expr(uint32_t(0xffffffffu))}));
    std::vector<int32_t> r = eval<int32_t>("saturating", Float(32), in, e);
    CHECK(r[0] == 255);
    CHECK(r[1] == 0);
    CHECK(r[2] == 100);
    CHECK(r[3] == 0);
    CHECK(r[4] == 255);
    CHECK(r[5] == 0);
    CHECK(r[6] == INT32_MAX);
    CHECK(r[7] == INT32_MIN);
    CHECK(r[8] == 255);
    CHECK(r[9] == 127);
    CHECK(r[10] == 0);
    CHECK(r[11] == -20);
    CHECK(r[12] == INT32_MAX);
}

TEMPLATE_TEST_CASE("codegen: float math, scalar and vector", "[codegen]", float, double) {
    using T = TestType;
    const Type t = type_of<T>();
    const std::vector<T> in = {T(0.3), T(0.7), T(2.5), T(-0.4), T(3.5), T(-2.5), T(1.25), T(0.9)};
    struct Case {
        const char *name;
        int args;
        T (*ref)(T, T);
    };
    const Case cases[] = {
        {"sqrt", 1, [](T x, T) { return std::sqrt(std::abs(x)); }},
        {"exp", 1, [](T x, T) { return std::exp(x); }},
        {"log", 1, [](T x, T) { return std::log(std::abs(x)); }},
        {"pow", 2, [](T x, T y) { return std::pow(std::abs(x), y); }},
        {"sin", 1, [](T x, T) { return std::sin(x); }},
        {"cos", 1, [](T x, T) { return std::cos(x); }},
        {"tan", 1, [](T x, T) { return std::tan(x); }},
        {"tanh", 1, [](T x, T) { return std::tanh(x); }},
        {"asin", 1, [](T x, T) { return std::asin(x / 4); }},
        {"acos", 1, [](T x, T) { return std::acos(x / 4); }},
        {"atan", 1, [](T x, T) { return std::atan(x); }},
        {"atan2", 2, [](T x, T y) { return std::atan2(x, y); }},
        {"floor", 1, [](T x, T) { return std::floor(x); }},
        {"ceil", 1, [](T x, T) { return std::ceil(x); }},
        {"round", 1, [](T x, T) { return std::nearbyint(x); }},
        {"trunc", 1, [](T x, T) { return std::trunc(x); }},
        {"fma", 2, [](T x, T y) { return std::fma(x, y, x); }},
    };
    // Scalar: lane i of case c uses in[i] (and in[7 - i]); vector: 8 lanes at once.
    auto arg0 = [&](const Case &c, Expr x) -> Expr {
        std::string n = c.name;
        Expr lanes_abs = intrinsic(x.type(), Call::abs, {x});
        if (n == "sqrt" || n == "log" || n == "pow") {
            return lanes_abs;
        }
        if (n == "asin" || n == "acos") {
            return Div::make(x, broadcast_to(make_const(t, 4), x.type().lanes));
        }
        return x;
    };
    auto make = [&](const Case &c, Expr x, Expr y) {
        std::vector<Expr> args = {arg0(c, x)};
        if (c.args == 2) {
            args.push_back(y);
        }
        if (std::string(c.name) == "fma") {
            args.push_back(x);
        }
        return intrinsic(x.type(), c.name, args);
    };
    std::vector<Stmt> stores;
    int k = 0;
    for (const Case &c : cases) {
        stores.push_back(
            loop("i." + std::to_string(k), 8,
                 Store::make("out",
                             make(c, Load::make(t, "in", var("i." + std::to_string(k))),
                                  Load::make(t, "in", 7 - var("i." + std::to_string(k)))),
                             var("i." + std::to_string(k)) + 16 * k)));
        Expr xv = Load::make(t.with_lanes(8), "in", Ramp::make(0, 1, 8));
        Expr yv = Load::make(t.with_lanes(8), "in", Ramp::make(7, -1, 8));
        stores.push_back(Store::make("out", make(c, xv, yv), Ramp::make(16 * k + 8, 1, 8)));
        k++;
    }
    JITModule m = jit("math_" + to_string(t), {buffer_arg("out", t, 1, true), buffer_arg("in", t)},
                      Block::make(stores));
    RawBuffer<T> out(16 * k), input(in);
    REQUIRE(run(m, {&out.raw, &input.raw}) == 0);
    k = 0;
    for (const Case &c : cases) {
        for (int l = 0; l < 8; l++) {
            const T expected = c.ref(in[l], in[7 - l]);
            INFO(c.name << "(" << in[l] << ", " << in[7 - l] << ")");
            CHECK(out.data[16 * k + l] == Approx(expected).epsilon(1e-5).margin(1e-6));
            CHECK(out.data[16 * k + 8 + l] == Approx(expected).epsilon(1e-5).margin(1e-6));
        }
        k++;
    }
}

TEST_CASE("codegen: is_nan and is_inf survive fast math", "[codegen]") {
    std::vector<float> in = {1.0f, NAN, INFINITY, -INFINITY, 0.0f};
    std::vector<Expr> e;
    for (int k = 0; k < 5; k++) {
        Expr x = in_at(Float(32), k);
        e.push_back(Cast::make(Int(32), intrinsic(Bool(), "is_nan", {x})) +
                    Cast::make(Int(32), intrinsic(Bool(), "is_inf", {x})) * 2);
    }
    std::vector<int32_t> r = eval<int32_t>("nan_inf", Float(32), in, e);
    CHECK(r == std::vector<int32_t>{0, 1, 2, 2, 0});
}

TEST_CASE("codegen: extern calls reach the runtime", "[codegen]") {
    // out[0] = weft_get_num_threads(); the assertion of the next test covers error calls.
    Expr n = Call::make(Int(32), "weft_get_num_threads", {}, Call::Extern);
    JITModule m =
        jit("extern_call", {buffer_arg("out", Int(32), 1, true)}, Store::make("out", n, 0));
    RawBuffer<int32_t> out(1);
    REQUIRE(run(m, {&out.raw}) == 0);
    CHECK(out.data[0] == weft_get_num_threads());
}
