// TargetMachine creation, the O3 pipeline and assembly/object emission for a
// weft::Target. See LLVMTarget.h.

#include "codegen/LLVMTarget.h"

#include "Error.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CodeGen.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include <mutex>
#include <utility>

namespace weft::internal {

namespace {

// The x86 extensions weft tracks, with LLVM's names for them.
constexpr std::pair<Target::Feature, const char *> x86_llvm_features[] = {
    {Target::SSE41, "sse4.1"},
    {Target::AVX, "avx"},
    {Target::AVX2, "avx2"},
    {Target::FMA, "fma"},
    {Target::F16C, "f16c"},
    {Target::BMI2, "bmi2"},
    {Target::AVX512, "avx512f"},
    {Target::AVX512_BW, "avx512bw"},
    {Target::AVX512_DQ, "avx512dq"},
    {Target::AVX512_VL, "avx512vl"},
    {Target::AVX512_CD, "avx512cd"},
    {Target::AVX512_VNNI, "avx512vnni"},
    {Target::AVX512_BF16, "avx512bf16"},
    {Target::AVX512_FP16, "avx512fp16"},
    {Target::AVX512_IFMA, "avx512ifma"},
    {Target::AVX512_VBMI, "avx512vbmi"},
    {Target::AVX_VNNI, "avxvnni"},
};

bool same_x86_features(const Target &a, const Target &b) {
    for (const auto &[f, name] : x86_llvm_features) {
        if (a.has_feature(f) != b.has_feature(f)) {
            return false;
        }
    }
    return true;
}

/// True when code for t may be tuned for, and use every extension of, this very CPU.
bool is_host_equivalent(const Target &t) {
    const Target host = get_host_target();
    return t.arch == Target::X86 && host.arch == Target::X86 && same_x86_features(t, host);
}

bool has_all(const Target &t, std::initializer_list<Target::Feature> fs) {
    for (Target::Feature f : fs) {
        if (!t.has_feature(f)) {
            return false;
        }
    }
    return true;
}

/// LLVM's view of the host's extensions, including those weft does not track
/// ("+gfni", "+vaes", ...), as "+name"/"-name" entries; computed once.
const std::string &host_llvm_features() {
    static const std::string features = [] {
        std::string s;
        for (const auto &entry : llvm::sys::getHostCPUFeatures()) {
            s += s.empty() ? "" : ",";
            s += (entry.second ? "+" : "-") + entry.first().str();
        }
        return s;
    }();
    return features;
}

void check_x86_64(const Target &t) {
    user_assert(t.arch == Target::X86 && t.bits == 64)
        << "Target \"" << t.to_string() << "\": weft compiles host code for x86-64 only";
}

} // namespace

void initialize_llvm_targets() {
    static std::once_flag once;
    std::call_once(once, [] {
        LLVMInitializeX86TargetInfo();
        LLVMInitializeX86Target();
        LLVMInitializeX86TargetMC();
        LLVMInitializeX86AsmPrinter();
        LLVMInitializeX86AsmParser();
        LLVMInitializeNVPTXTargetInfo();
        LLVMInitializeNVPTXTarget();
        LLVMInitializeNVPTXTargetMC();
        LLVMInitializeNVPTXAsmPrinter();
    });
}

std::string llvm_cpu_name(const Target &t) {
    if (is_host_equivalent(t)) {
        return llvm::sys::getHostCPUName().str();
    }
    using F = Target::Feature;
    const Target c = t.with_implied_features();
    if (has_all(c, {F::AVX512, F::AVX512_BW, F::AVX512_DQ, F::AVX512_VL, F::AVX512_CD, F::BMI2})) {
        return "x86-64-v4";
    }
    if (has_all(c, {F::AVX2, F::FMA, F::F16C, F::BMI2})) {
        return "x86-64-v3";
    }
    if (c.has_feature(F::SSE41)) {
        return "x86-64-v2";
    }
    return "x86-64";
}

std::string llvm_feature_string(const Target &t) {
    // Implied features first close the set, so no "+x" below depends on a "-y".
    const Target c = t.with_implied_features();
    std::string s = is_host_equivalent(t) ? host_llvm_features() : std::string();
    for (const auto &[f, name] : x86_llvm_features) {
        s += s.empty() ? "" : ",";
        s += (c.has_feature(f) ? "+" : "-") + std::string(name);
    }
    return s;
}

std::unique_ptr<llvm::TargetMachine> make_target_machine(const Target &t) {
    check_x86_64(t);
    initialize_llvm_targets();
    std::string err;
    const llvm::Target *llvm_target = llvm::TargetRegistry::lookupTarget(x86_64_linux_triple, err);
    internal_assert(llvm_target) << "no LLVM x86-64 target: " << err;
    llvm::TargetOptions options;
    options.AllowFPOpFusion = t.has_feature(Target::StrictFloat) ? llvm::FPOpFusion::Strict
                                                                 : llvm::FPOpFusion::Fast;
    std::unique_ptr<llvm::TargetMachine> tm(llvm_target->createTargetMachine(
        x86_64_linux_triple, llvm_cpu_name(t), llvm_feature_string(t), options,
        llvm::Reloc::PIC_, llvm::CodeModel::Small, llvm::CodeGenOptLevel::Aggressive));
    internal_assert(tm) << "LLVM could not create a TargetMachine for " << t.to_string();
    return tm;
}

std::unique_ptr<llvm::TargetMachine> make_nvptx_target_machine(int sm) {
    const char *ptx = nullptr;
    switch (sm) {
    case 70:
    case 80:
        ptx = "+ptx70";
        break;
    case 90:
        ptx = "+ptx80";
        break;
    default:
        user_error << "CUDA compute capability sm_" << sm
                   << " is not supported; valid: cuda_sm70, cuda_sm80, cuda_sm90";
    }
    initialize_llvm_targets();
    const char *triple = "nvptx64-nvidia-cuda";
    std::string err;
    const llvm::Target *llvm_target = llvm::TargetRegistry::lookupTarget(triple, err);
    internal_assert(llvm_target) << "no LLVM NVPTX target: " << err;
    llvm::TargetOptions options;
    options.AllowFPOpFusion = llvm::FPOpFusion::Fast;
    std::unique_ptr<llvm::TargetMachine> tm(llvm_target->createTargetMachine(
        triple, "sm_" + std::to_string(sm), ptx, options, std::nullopt, std::nullopt,
        llvm::CodeGenOptLevel::Aggressive));
    internal_assert(tm) << "LLVM could not create an NVPTX TargetMachine for sm_" << sm;
    return tm;
}

void set_function_target_attributes(llvm::Function &f, const Target &t) {
    f.addFnAttr("target-cpu", llvm_cpu_name(t));
    f.addFnAttr("target-features", llvm_feature_string(t));
    const int vector_bits = 8 * t.natural_vector_size(Float(32)) * 4;
    f.addFnAttr("prefer-vector-width", std::to_string(vector_bits));
    // Without this, explicit 512-bit IR vectors are split in two on CPUs tuned for 256.
    f.addFnAttr("min-legal-vector-width", std::to_string(vector_bits));
}

void verify_module(const llvm::Module &m, const char *what) {
    std::string report;
    llvm::raw_string_ostream os(report);
    if (llvm::verifyModule(m, &os)) {
        os.flush();
        internal_error << what << ": LLVM module \"" << m.getName().str()
                       << "\" is invalid:\n" << report;
    }
}

namespace {

void prepare_module(llvm::Module &m, llvm::TargetMachine &tm) {
    m.setTargetTriple(tm.getTargetTriple().str());
    m.setDataLayout(tm.createDataLayout());
}

void emit_file(llvm::Module &m, llvm::TargetMachine &tm, llvm::raw_pwrite_stream &out,
               llvm::CodeGenFileType kind) {
    prepare_module(m, tm);
    llvm::legacy::PassManager pm;
    const bool cannot_emit = tm.addPassesToEmitFile(pm, out, nullptr, kind);
    internal_assert(!cannot_emit) << "the LLVM target " << tm.getTargetTriple().str()
                                  << " cannot emit this file type";
    pm.run(m);
}

} // namespace

void optimize_module(llvm::Module &m, llvm::TargetMachine &tm, AutoVectorize vectorize) {
    prepare_module(m, tm);

    // With ScheduledOnly the loop vectorizer still honours llvm.loop.vectorize.enable.
    const bool all = vectorize == AutoVectorize::All;
    llvm::PipelineTuningOptions tuning;
    tuning.LoopVectorization = all;
    tuning.SLPVectorization = all;
    tuning.LoopInterleaving = all;
    tuning.LoopUnrolling = true;

    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb(&tm, tuning);
    // Registered first so the vectorizers cost with this TargetMachine's model.
    fam.registerPass([&] { return tm.getTargetIRAnalysis(); });
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);

    llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    mpm.run(m, mam);
}

std::string emit_assembly(llvm::Module &m, llvm::TargetMachine &tm) {
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream out(buffer);
    emit_file(m, tm, out, llvm::CodeGenFileType::AssemblyFile);
    return std::string(buffer.begin(), buffer.end());
}

std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &m, llvm::TargetMachine &tm) {
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream out(buffer);
    emit_file(m, tm, out, llvm::CodeGenFileType::ObjectFile);
    return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(buffer),
                                                           m.getModuleIdentifier(), false);
}

} // namespace weft::internal
