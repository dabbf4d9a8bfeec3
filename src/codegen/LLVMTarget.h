#ifndef WEFT_CODEGEN_LLVM_TARGET_H
#define WEFT_CODEGEN_LLVM_TARGET_H

// The bridge from a weft::Target to LLVM's code generator (internal; only src/codegen
// and src/jit include it):
//
//  - initialize_llvm_targets(): registers the X86 and NVPTX back ends, once per process.
//  - llvm_cpu_name() / llvm_feature_string(): the CPU and "+avx2,-avx512fp16,..." feature
//    string for a Target. Every x86 extension weft tracks is stated explicitly, enabled
//    or disabled, so LLVM never emits an instruction the Target lacks even when the CPU
//    name implies it (Zen 4 has AVX-512 but no AVX512-FP16).
//  - make_target_machine(): an x86-64 Linux TargetMachine for a Target, optimisation
//    level aggressive, PIC and the small code model (what the ORC JIT links).
//  - make_nvptx_target_machine(sm): nvptx64-nvidia-cuda for sm_70 / sm_80 / sm_90.
//  - set_function_target_attributes(): per-function "target-cpu" / "target-features" /
//    "prefer-vector-width" for code generated for a Target.
//  - optimize_module(): the new pass manager's O3 pipeline (loop and SLP vectorizers on)
//    with the TargetMachine's cost model.
//  - emit_assembly() / emit_object(): text assembly or an ELF object in memory.
//  - verify_module(): throws InternalError with the verifier's report.
//
// A TargetMachine is not safe to use from two threads at once; callers that compile in
// parallel use one per thread (src/jit/TargetMachinePool.h keeps them).
// Tests: tests/codegen/target_machine.cpp, tests/codegen/jit.cpp.

#include "weft/Target.h"

#include <memory>
#include <string>

namespace llvm {
class Function;
class MemoryBuffer;
class Module;
class TargetMachine;
} // namespace llvm

namespace weft::internal {

void initialize_llvm_targets();

/// The triple weft compiles host code for.
constexpr const char *x86_64_linux_triple = "x86_64-unknown-linux-gnu";

/// The host CPU name ("znver4") when the Target's x86 features are exactly the host's,
/// else the generic level its features reach ("x86-64-v4", "x86-64-v3", "x86-64-v2",
/// "x86-64").
std::string llvm_cpu_name(const Target &t);

/// LLVM's comma-separated feature string for the Target (see the file comment).
std::string llvm_feature_string(const Target &t);

/// Throws CompileError for a Target that is not x86-64.
std::unique_ptr<llvm::TargetMachine> make_target_machine(const Target &t);

/// sm is 70, 80 or 90 (as Target::cuda_capability()).
std::unique_ptr<llvm::TargetMachine> make_nvptx_target_machine(int sm);

/// Sets the attributes that make f compile exactly for t (CPU, features, vector width).
void set_function_target_attributes(llvm::Function &f, const Target &t);

/// Which loops LLVM's own vectorizers may vectorize.
enum class AutoVectorize {
    All,           ///< loop, interleave and SLP vectorizers on everything (hand-built IR)
    ScheduledOnly, ///< only loops carrying llvm.loop.vectorize.enable; no SLP (weft pipelines)
};

/// Sets m's triple and data layout from tm, then runs the O3 pipeline on m.
void optimize_module(llvm::Module &m, llvm::TargetMachine &tm,
                     AutoVectorize vectorize = AutoVectorize::All);

/// Throws InternalError (naming what) when m is not valid IR.
void verify_module(const llvm::Module &m, const char *what);

/// Code generation; both set m's triple and data layout from tm first and may change m.
std::string emit_assembly(llvm::Module &m, llvm::TargetMachine &tm);
std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &m, llvm::TargetMachine &tm);

} // namespace weft::internal

#endif
