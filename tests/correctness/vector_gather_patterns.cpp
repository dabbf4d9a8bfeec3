// Vector loads whose indices follow a pattern codegen turns into dense loads
// (CodeGen_LLVM_Exprs.cpp, codegen_load): a constant stride of 2 to 4 (a deinterleave),
// a clamped Ramp (a boundary condition: dense away from the edges, a gather at them) and
// an index repeated twice (x / 2: an interleave, from even and odd starts). Each is
// checked against plain C++ on sizes around the vector width, with the input placed
// just before an inaccessible page, so a read past its last element would crash.

#include "codegen/CodeGen.h"
#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

using namespace weft;

TEST_CASE("stride-2 and stride-3 vector loads read only the elements they use",
          "[codegen][vectorize]") {
    for (int n : {1, 2, 15, 16, 17, 33, 100}) {
        INFO("outputs " << n);
        weft_test::PageEndArray<uint16_t> a2(2 * n - 1);
        Buffer<uint16_t> in2(a2.data(), 2 * n - 1);
        Func f("deinterleave2");
        Var x("x");
        f(x) = in2(2 * x) + in2(min(2 * x + 1, 2 * n - 2)) * 2;
        f.vectorize(x, 32, TailStrategy::GuardWithIf);
        Buffer<uint16_t> out = f.realize({n});
        for (int i = 0; i < n; i++) {
            REQUIRE(out(i) == uint16_t(a2[2 * i] + a2[std::min(2 * i + 1, 2 * n - 2)] * 2));
        }

        weft_test::PageEndArray<float> a3(3 * n - 2);
        Buffer<float> in3(a3.data(), 3 * n - 2);
        Func g("deinterleave3");
        g(x) = in3(3 * x) * 2.0f;
        g.vectorize(x, 16, TailStrategy::GuardWithIf);
        Buffer<float> out3 = g.realize({n});
        for (int i = 0; i < n; i++) {
            REQUIRE(out3(i) == a3[3 * i] * 2.0f);
        }
    }
}

TEST_CASE("a clamped vector load is dense inside and correct at the edges",
          "[codegen][vectorize]") {
    for (int n : {1, 5, 16, 17, 40, 64}) {
        INFO("width " << n);
        weft_test::PageEndArray<float> a(n);
        Buffer<float> in(a.data(), n);
        Func clamped = BoundaryConditions::repeat_edge(in);
        Func blur("blur");
        Var x("x");
        blur(x) = clamped(x - 3) + clamped(x) * 2.0f + clamped(x + 5);
        blur.vectorize(x, 16, TailStrategy::GuardWithIf);
        Buffer<float> out(n + 20);
        out.set_min(-10);
        blur.realize(out);
        auto at = [&](int i) { return a[std::clamp(i, 0, n - 1)]; };
        for (int i = -10; i < n + 10; i++) {
            REQUIRE(out(i) == at(i - 3) + at(i) * 2.0f + at(i + 5));
        }
    }
}

TEST_CASE("an interleave of two half-resolution Funcs from even and odd starts",
          "[codegen][vectorize]") {
    for (int n : {8, 31, 64, 65}) {
        for (int start : {0, 1, -3}) {
            INFO("width " << n << ", start " << start);
            const int half = n / 2 + 4;
            weft_test::PageEndArray<int16_t> ea(half), ob(half);
            Buffer<int16_t> even(ea.data(), half), odd(ob.data(), half);
            even.set_min(-2);
            odd.set_min(-2);
            Func inter("interleave");
            Var x("x");
            inter(x) = select(x % 2 == 0, even(x / 2), odd(x / 2));
            inter.vectorize(x, 32, TailStrategy::GuardWithIf);
            Buffer<int16_t> out(n);
            out.set_min(start);
            inter.realize(out);
            for (int i = start; i < start + n; i++) {
                const int h = i >= 0 ? i / 2 : -((1 - i) / 2); // rounds down
                REQUIRE(out(i) == (i % 2 == 0 ? ea[h + 2] : ob[h + 2]));
            }
        }
    }
}

TEST_CASE("a lookup through an index read from memory is a plain gather, without pattern tests",
          "[codegen][vectorize]") {
    // lut(in(x)): the index comes from memory, so it follows no lane pattern; codegen
    // emits the gather without the run-time tests for dense patterns (which only cost).
    const int n = 1000;
    Buffer<uint8_t> in(n);
    in.set_name("in");
    for (int i = 0; i < n; i++) {
        in(i) = uint8_t((i * 73 + 5) % 256);
    }
    Buffer<float> table(256);
    table.set_name("table");
    for (int i = 0; i < 256; i++) {
        table(i) = float(i) * 0.5f - 3.0f;
    }
    Func lookup("lookup");
    Var x("x");
    lookup(x) = table(cast<int32_t>(in(x))) * 2.0f;
    lookup.vectorize(x, 16);
    Buffer<float> out = lookup.realize({n});
    for (int i = 0; i < n; i++) {
        REQUIRE(out(i) == table(in(i)) * 2.0f);
    }
    const std::string ir = internal::compile_to_llvm_assembly_text(
        internal::lower_pipeline({lookup}, get_host_target()));
    CHECK(ir.find("llvm.masked.gather") != std::string::npos);
    CHECK(ir.find("table.dense") == std::string::npos);
}
