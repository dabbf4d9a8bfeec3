// The x86 layer: peephole rules (mul_hi of int16/uint16 vectors -> pmulhw/pmulhuw)
// give the same values as the generic expansion and show in the assembly; loops
// scheduled Vectorized reach LLVM's vectorizer, serial loops do not.

#include "codegen/CodeGen_X86.h"
#include "codegen_helpers.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::test;

namespace {

LoweredPipeline pipeline(const std::string &name, std::vector<LoweredArgument> args, Stmt body,
                         Target t = get_jit_target_from_environment()) {
    LoweredPipeline p;
    p.name = name;
    p.arguments = std::move(args);
    p.body = std::move(body);
    p.target = t;
    return p;
}

} // namespace

TEMPLATE_TEST_CASE("codegen x86: mul_hi of 16-bit vectors", "[codegen][x86]", int16_t, uint16_t) {
    using T = TestType;
    const Type t = type_of<T>();
    const int lanes = 16;
    Expr idx = Ramp::make(var("v") * lanes, 1, lanes);
    Expr a = Load::make(t.with_lanes(lanes), "a", idx),
         b = Load::make(t.with_lanes(lanes), "b", idx);
    Expr hi = Call::make(t.with_lanes(lanes), Call::mul_hi, {a, b}, Call::PureIntrinsic);
    Stmt body = loop("v", 4, Store::make("out", hi, idx));
    std::vector<LoweredArgument> args = {buffer_arg("out", t, 1, true), buffer_arg("a", t),
                                         buffer_arg("b", t)};
    LoweredPipeline p = pipeline("mul_hi_" + to_string(t), args, body);
    JITModule m = compile_to_jit(p);
    std::vector<T> av(64), bv(64);
    for (int i = 0; i < 64; i++) {
        av[i] = T(i * 1237 - 30000);
        bv[i] = T(i * 911 + 17);
    }
    RawBuffer<T> out(64), ab(av), bb(bv);
    REQUIRE(run(m, {&out.raw, &ab.raw, &bb.raw}) == 0);
    for (int i = 0; i < 64; i++) {
        const int64_t wide = int64_t(av[i]) * int64_t(bv[i]);
        CHECK(out.data[i] == T(wide >> 16));
    }
    if (p.target.has_feature(Target::AVX2)) {
        const std::string asm_text = compile_to_native_assembly_text(p);
        CHECK_THAT(asm_text, Catch::Contains(std::is_signed_v<T> ? "vpmulhw" : "vpmulhuw"));
    }
}

TEST_CASE("codegen x86: only Vectorized loops are vectorized by LLVM", "[codegen][x86]") {
    // out[i] = in[i] * 3 + 1 over 1024 floats, as a serial and as a Vectorized loop.
    auto make = [](ForType ft) {
        Expr i = var("i");
        Stmt s = Store::make("out", Load::make(Float(32), "in", i) * 3.0f + 1.0f, i);
        return For::make("i", 0, 1024, ft, DeviceAPI::Host, s);
    };
    std::vector<LoweredArgument> args = {buffer_arg("out", Float(32), 1, true),
                                         buffer_arg("in", Float(32))};
    Target t = get_jit_target_from_environment();
    const std::string serial =
        compile_to_llvm_assembly_text(pipeline("serial_loop", args, make(ForType::Serial), t));
    const std::string vectorized =
        compile_to_llvm_assembly_text(pipeline("vector_loop", args, make(ForType::Vectorized), t));
    CHECK_THAT(vectorized, Catch::Contains("x float>"));
    CHECK_THAT(serial, !Catch::Contains("x float>"));

    // And the vectorized loop computes the same values.
    JITModule m = compile_to_jit(pipeline("vector_loop_run", args, make(ForType::Vectorized), t));
    std::vector<float> in(1024);
    for (int k = 0; k < 1024; k++) {
        in[k] = float(k) * 0.25f;
    }
    RawBuffer<float> out(1024), input(in);
    REQUIRE(run(m, {&out.raw, &input.raw}) == 0);
    for (int k = 0; k < 1024; k++) {
        CHECK(out.data[k] == in[k] * 3.0f + 1.0f);
    }
}

TEST_CASE("codegen x86: make_codegen refuses non-x86 targets", "[codegen][x86]") {
    CHECK_THROWS_AS(make_codegen(Target()), CompileError);
}
