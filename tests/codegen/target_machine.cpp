// LLVMTarget: TargetMachine CPU/feature selection for weft Targets, the O3 pipeline
// vectorizing a loop, assembly with zmm/ymm registers and never an AVX512-FP16
// instruction unless the Target has the feature, object emission, and NVPTX machines.

#include "codegen/LLVMTarget.h"
#include "weft/Error.h"
#include "weft/Target.h"

#include <catch2/catch.hpp>

#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <sstream>

using namespace weft;
using namespace weft::internal;

namespace {

std::unique_ptr<llvm::Module> parse(llvm::LLVMContext &ctx, const char *ir) {
    llvm::SMDiagnostic diag;
    std::unique_ptr<llvm::Module> m = llvm::parseAssemblyString(ir, diag, ctx);
    if (!m) {
        std::string msg;
        llvm::raw_string_ostream os(msg);
        diag.print("test", os);
        FAIL(os.str());
    }
    return m;
}

// out[i] = a[i] * b[i] + c[i], float.
const char *fma_loop_ir = R"(
define void @fma_loop(ptr noalias %a, ptr noalias %b, ptr noalias %c, ptr noalias %out, i64 %n) {
entry:
  %nonempty = icmp sgt i64 %n, 0
  br i1 %nonempty, label %loop, label %exit
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %pa = getelementptr float, ptr %a, i64 %i
  %pb = getelementptr float, ptr %b, i64 %i
  %pc = getelementptr float, ptr %c, i64 %i
  %po = getelementptr float, ptr %out, i64 %i
  %va = load float, ptr %pa
  %vb = load float, ptr %pb
  %vc = load float, ptr %pc
  %m = fmul contract float %va, %vb
  %s = fadd contract float %m, %vc
  store float %s, ptr %po
  %i.next = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}
)";

// out[i] = a[i] + b[i] * a[i], half precision.
const char *half_loop_ir = R"(
define void @half_loop(ptr noalias %a, ptr noalias %b, ptr noalias %out, i64 %n) {
entry:
  %nonempty = icmp sgt i64 %n, 0
  br i1 %nonempty, label %loop, label %exit
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %pa = getelementptr half, ptr %a, i64 %i
  %pb = getelementptr half, ptr %b, i64 %i
  %po = getelementptr half, ptr %out, i64 %i
  %va = load half, ptr %pa
  %vb = load half, ptr %pb
  %m = fmul half %vb, %va
  %s = fadd half %va, %m
  store half %s, ptr %po
  %i.next = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}
)";

std::string compile_to_asm(const char *ir, const Target &t) {
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> m = parse(ctx, ir);
    std::unique_ptr<llvm::TargetMachine> tm = make_target_machine(t);
    optimize_module(*m, *tm);
    return emit_assembly(*m, *tm);
}

// Instruction mnemonics of the assembly text.
std::vector<std::string> mnemonics(const std::string &assembly) {
    std::vector<std::string> out;
    std::istringstream lines(assembly);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string first;
        if (!(words >> first) || first[0] == '.' || first[0] == '#' || first.back() == ':') {
            continue;
        }
        out.push_back(first);
    }
    return out;
}

bool ends_with(const std::string &s, const std::string &suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// AVX512-FP16 arithmetic works on packed/scalar halves ("...ph", "...sh") and converts
// with "ph2"/"2ph"/"...phx" forms; F16C's vcvtph2ps / vcvtps2ph are not FP16 instructions.
bool is_avx512fp16_instruction(const std::string &m) {
    if (m.empty() || m[0] != 'v' || m == "vcvtph2ps" || m == "vcvtps2ph") {
        return false;
    }
    return ends_with(m, "ph") || ends_with(m, "sh") || ends_with(m, "phx") ||
           ends_with(m, "shx") || m.find("ph2") != std::string::npos ||
           m.find("sh2") != std::string::npos;
}

bool uses_fp16_instructions(const std::string &assembly) {
    for (const std::string &m : mnemonics(assembly)) {
        if (is_avx512fp16_instruction(m)) {
            UNSCOPED_INFO("AVX512-FP16 instruction: " << m);
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("target machine: host CPU name and explicit features", "[target_machine]") {
    Target host = get_host_target();
    CHECK(llvm_cpu_name(host) == llvm::sys::getHostCPUName().str());
    std::string features = llvm_feature_string(host);
    INFO(features);
    CHECK(features.find(host.has_feature(Target::AVX512_FP16) ? "+avx512fp16" : "-avx512fp16") !=
          std::string::npos);
    CHECK(features.find(host.has_feature(Target::AVX2) ? "+avx2" : "-avx2") != std::string::npos);

    std::unique_ptr<llvm::TargetMachine> tm = make_target_machine(host);
    REQUIRE(tm);
    CHECK(tm->getTargetTriple().str() == "x86_64-unknown-linux-gnu");
    CHECK(tm->getTargetCPU().str() == llvm_cpu_name(host));
}

TEST_CASE("target machine: generic CPU names for explicit targets", "[target_machine]") {
    CHECK(llvm_cpu_name(Target("x86-64-linux")) == "x86-64");
    CHECK(llvm_cpu_name(Target("x86-64-linux-sse41")) == "x86-64-v2");
    CHECK(llvm_cpu_name(Target("x86-64-linux-avx2-bmi2")) == "x86-64-v3");
    CHECK(llvm_cpu_name(Target(
              "x86-64-linux-avx512-avx512_bw-avx512_dq-avx512_vl-avx512_cd-bmi2")) == "x86-64-v4");
    std::string f = llvm_feature_string(Target("x86-64-linux-avx2"));
    CHECK(f.find("+avx2") != std::string::npos);
    CHECK(f.find("+fma") != std::string::npos);
    CHECK(f.find("-avx512f") != std::string::npos);
    CHECK(f.find("-avx512fp16") != std::string::npos);
    CHECK_THROWS_AS(make_target_machine(Target()), CompileError);
}

TEST_CASE("target machine: O3 vectorizes with the widest registers", "[target_machine]") {
    Target host = get_host_target();
    std::string assembly = compile_to_asm(fma_loop_ir, host);
    if (host.has_feature(Target::AVX512)) {
        CHECK((assembly.find("zmm") != std::string::npos || assembly.find("ymm") != std::string::npos));
    }
    if (host.has_feature(Target::FMA)) {
        CHECK(assembly.find("vfmadd") != std::string::npos);
    }
    CHECK_FALSE(uses_fp16_instructions(assembly));

    std::string avx2 = compile_to_asm(fma_loop_ir, Target("x86-64-linux-avx2"));
    CHECK(avx2.find("ymm") != std::string::npos);
    CHECK(avx2.find("zmm") == std::string::npos);
    CHECK(avx2.find("vfmadd") != std::string::npos);
}

TEST_CASE("target machine: half arithmetic avoids AVX512-FP16 unless the target has it",
          "[target_machine]") {
    Target host = get_host_target();
    Target no_fp16 = host.without_feature(Target::AVX512_FP16);
    CHECK_FALSE(uses_fp16_instructions(compile_to_asm(half_loop_ir, no_fp16)));
    CHECK_FALSE(uses_fp16_instructions(
        compile_to_asm(half_loop_ir, Target("x86-64-linux-avx512_bf16-avx512_vnni"))));
    // The check above would notice FP16 code: a Target with the feature gets some.
    CHECK(uses_fp16_instructions(
        compile_to_asm(half_loop_ir, Target("x86-64-linux-avx512_fp16"))));
}

TEST_CASE("target machine: function attributes keep explicit 512-bit vectors whole",
          "[target_machine]") {
    const char *ir = R"(
define void @add16(ptr %a, ptr %b) {
  %x = load <16 x float>, ptr %a
  %y = load <16 x float>, ptr %b
  %s = fadd <16 x float> %x, %y
  store <16 x float> %s, ptr %a
  ret void
}
)";
    Target host = get_host_target();
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> m = parse(ctx, ir);
    llvm::Function *f = m->getFunction("add16");
    set_function_target_attributes(*f, host);
    CHECK(f->getFnAttribute("target-cpu").getValueAsString().str() == llvm_cpu_name(host));
    CHECK(f->hasFnAttribute("target-features"));
    std::unique_ptr<llvm::TargetMachine> tm = make_target_machine(host);
    optimize_module(*m, *tm);
    std::string assembly = emit_assembly(*m, *tm);
    if (host.has_feature(Target::AVX512)) {
        CHECK(f->getFnAttribute("prefer-vector-width").getValueAsString() == "512");
        CHECK(assembly.find("zmm") != std::string::npos);
    }
}

TEST_CASE("target machine: object emission gives an ELF object", "[target_machine]") {
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> m = parse(ctx, fma_loop_ir);
    std::unique_ptr<llvm::TargetMachine> tm = make_target_machine(get_host_target());
    optimize_module(*m, *tm);
    std::unique_ptr<llvm::MemoryBuffer> obj = emit_object(*m, *tm);
    REQUIRE(obj->getBufferSize() > 4);
    CHECK(obj->getBuffer().starts_with("\x7f" "ELF"));
}

TEST_CASE("target machine: NVPTX machines for sm_70, sm_80, sm_90", "[target_machine]") {
    const char *kernel_ir = R"(
define ptx_kernel void @k(ptr %p) {
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %q = getelementptr float, ptr %p, i32 %tid
  store float 1.0, ptr %q
  ret void
}
declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
)";
    for (int sm : {70, 80, 90}) {
        llvm::LLVMContext ctx;
        std::unique_ptr<llvm::Module> m = parse(ctx, kernel_ir);
        std::unique_ptr<llvm::TargetMachine> tm = make_nvptx_target_machine(sm);
        CHECK(tm->getTargetTriple().str() == "nvptx64-nvidia-cuda");
        std::string ptx = emit_assembly(*m, *tm);
        INFO(ptx);
        CHECK(ptx.find(".target sm_" + std::to_string(sm)) != std::string::npos);
        CHECK(ptx.find(".entry k") != std::string::npos);
        if (sm == 90) {
            CHECK(ptx.find(".version 8.0") != std::string::npos);
        }
    }
    CHECK_THROWS_AS(make_nvptx_target_machine(75), CompileError);
}
