// Codegen of Cast and Reinterpret between every pair of numeric types (scalar and
// vector) against C++ conversions: integer wrap/extension, int <-> float, float
// truncation toward zero, float widening/narrowing, and casts to and from Bool.

#include "codegen_helpers.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <tuple>

using namespace weft;
using namespace weft::test;

namespace {

/// Source values whose conversion to Dst is defined in C++ (in range for floats).
template<typename Src, typename Dst> std::vector<Src> cast_inputs() {
    std::vector<double> base = {0,     1,  2,  3,    7,    100,   127, 200,  255,   1000, 65535,
                                70000, -1, -2, -100, -128, -1000, 0.5, 1.75, -1.75, 99.9, -99.9};
    std::vector<Src> v;
    for (double d : base) {
        if (std::is_integral_v<Src> && d != std::floor(d)) {
            continue;
        }
        if (d < double(std::numeric_limits<Src>::lowest()) ||
            d > double(std::numeric_limits<Src>::max())) {
            continue;
        }
        if (std::is_floating_point_v<Src> && std::is_integral_v<Dst> &&
            (std::trunc(d) < double(std::numeric_limits<Dst>::lowest()) ||
             std::trunc(d) > double(std::numeric_limits<Dst>::max()))) {
            continue; // out of range: an undefined value in weft and in C++
        }
        v.push_back(Src(d));
    }
    if constexpr (std::is_integral_v<Src> && std::is_integral_v<Dst>) {
        v.push_back(std::numeric_limits<Src>::max());
        v.push_back(std::numeric_limits<Src>::lowest());
    }
    while (v.size() % 8) {
        v.push_back(v[0]);
    }
    return v;
}

template<typename Src, typename Dst> void check_cast() {
    const Type st = type_of<Src>(), dt = type_of<Dst>();
    std::vector<Src> in = cast_inputs<Src, Dst>();
    const int n = int(in.size());
    Expr i = var("i"), v = var("v");
    Stmt body = Block::make(
        loop("i", n, Store::make("out", Cast::make(dt, Load::make(st, "in", i)), i)),
        loop("v", n / 8,
             Store::make("out_v",
                         Cast::make(dt.with_lanes(8),
                                    Load::make(st.with_lanes(8), "in", Ramp::make(v * 8, 1, 8))),
                         Ramp::make(v * 8, 1, 8))));
    JITModule m = jit(
        "cast_" + to_string(st) + "_" + to_string(dt),
        {buffer_arg("out", dt, 1, true), buffer_arg("out_v", dt, 1, true), buffer_arg("in", st)},
        body);
    RawBuffer<Dst> out(n), out_v(n);
    RawBuffer<Src> input(in);
    REQUIRE(run(m, {&out.raw, &out_v.raw, &input.raw}) == 0);
    for (int j = 0; j < n; j++) {
        const Dst expected = static_cast<Dst>(in[j]);
        INFO(to_string(st) << " " << +in[j] << " -> " << to_string(dt));
        CHECK(+out.data[j] == +expected);
        CHECK(+out_v.data[j] == +expected);
    }
}

template<typename Src> void check_casts_from() {
    check_cast<Src, int8_t>();
    check_cast<Src, int16_t>();
    check_cast<Src, int32_t>();
    check_cast<Src, int64_t>();
    check_cast<Src, uint8_t>();
    check_cast<Src, uint16_t>();
    check_cast<Src, uint32_t>();
    check_cast<Src, uint64_t>();
    check_cast<Src, float>();
    check_cast<Src, double>();
}

} // namespace

TEMPLATE_TEST_CASE("codegen: casts match C++ conversions", "[codegen]", int8_t, int16_t, int32_t,
                   int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    check_casts_from<TestType>();
}

TEST_CASE("codegen: casts to and from Bool, and Reinterpret", "[codegen]") {
    // out_b[i] = cast<uint8>(cast<bool>(in[i])); out_f[i] = cast<float>(in[i] > 2)
    // bits[i] = reinterpret<int32>(float(in[i])).
    std::vector<int32_t> in = {0, 1, -1, 2, 3, 1000, 0, 7};
    Expr i = var("i");
    Expr x = Load::make(Int(32), "in", i);
    Stmt body =
        loop("i", 8,
             Block::make(
                 {Store::make("out_b", Cast::make(UInt(8), Cast::make(Bool(), x)), i),
                  Store::make("out_f", Cast::make(Float(32), GT::make(x, 2)), i),
                  Store::make("bits", Reinterpret::make(Int(32), Cast::make(Float(32), x)), i)}));
    JITModule m = jit("bool_casts",
                      {buffer_arg("bits", Int(32), 1, true), buffer_arg("out_b", UInt(8), 1, true),
                       buffer_arg("out_f", Float(32), 1, true), buffer_arg("in", Int(32))},
                      body);
    RawBuffer<uint8_t> ob(8);
    RawBuffer<float> of(8);
    RawBuffer<int32_t> bits(8), input(in);
    REQUIRE(run(m, {&bits.raw, &ob.raw, &of.raw, &input.raw}) == 0);
    for (int j = 0; j < 8; j++) {
        CHECK(ob.data[j] == (in[j] != 0 ? 1 : 0));
        CHECK(of.data[j] == (in[j] > 2 ? 1.0f : 0.0f));
        float f = float(in[j]);
        int32_t expected;
        std::memcpy(&expected, &f, 4);
        CHECK(bits.data[j] == expected);
    }
}

TEST_CASE("codegen: Bool buffers are stored as bytes", "[codegen]") {
    Expr i = var("i");
    Expr x = Load::make(Int(32), "in", i);
    Stmt body =
        loop("i", 4,
             Block::make(
                 Store::make("flags", LT::make(x, 0), i),
                 Store::make("out",
                             Select::make(Load::make(Bool(), "flags", i), Expr(10), Expr(20)), i)));
    JITModule m = jit("bool_memory",
                      {buffer_arg("flags", Bool(), 1, true), buffer_arg("out", Int(32), 1, true),
                       buffer_arg("in", Int(32))},
                      body);
    RawBuffer<uint8_t> flags(4);
    flags.raw.type.bits = 1;
    RawBuffer<int32_t> out(4), input(std::vector<int32_t>{-5, 5, 0, -1});
    REQUIRE(run(m, {&flags.raw, &out.raw, &input.raw}) == 0);
    CHECK(out.data == std::vector<int32_t>{10, 20, 20, 10});
    CHECK(flags.data == std::vector<uint8_t>{1, 0, 0, 1});
}
