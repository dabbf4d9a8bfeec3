#ifndef WEFT_CODEGEN_CODEGEN_H
#define WEFT_CODEGEN_CODEGEN_H

// The codegen folder: from a lowered Stmt to LLVM IR, native code and text.
//
// Map of src/codegen (STYLE.md item 14):
//   CodeGen.h              this file: what the rest of weft calls (no LLVM types needed)
//   CodeGen_LLVM.h/.cpp    the common LLVM base: driver, symbol table, statements,
//                          allocations, error exits
//   CodeGen_LLVM_Entry.cpp the entry point `int weft_<name>(void **args)`: argument
//                          unpacking into the names of the Lower.h contract
//   CodeGen_LLVM_Exprs.cpp arithmetic, casts, comparisons, vectors, loads
//   CodeGen_LLVM_Calls.cpp weft intrinsics, float math, extern (runtime/libm) calls
//   CodeGen_LLVM_Parallel.cpp  parallel loops: closures and weft_do_par_for
//   CodeGen_X86.h/.cpp     the x86-64 layer: make_codegen(Target), peephole table
//   CodeGen_GPU_Dev.h      the interface of GPU device code generators
//   CodeGen_PTX_Dev.h/.cpp the CUDA device generator (NVPTX back end, libdevice math)
//   CodeGen_GPU_Host.cpp   kernel launches, device allocations and copies on the host
//   CodeGen.cpp            this file's functions; the JIT's pass pipeline (O3 without
//                          SLP; loop vectorization only for loops scheduled vectorize())
//   LLVMTarget.h/.cpp      TargetMachine, O3 pipeline, assembly/object emission
// Environment: WEFT_DEBUG >= 1 logs compile times (codegen, LLVM optimisation, JIT);
// WEFT_DEBUG >= 3 dumps the generated LLVM IR.
// Tests: tests/codegen/codegen_*.cpp (hand-built Stmts run through the JIT).

#include "jit/JITModule.h"
#include "lower/Lower.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace weft::internal {

/// The LLVM module holding `int weft_<name>(void **args)` for p (unoptimized), built in
/// context with the code generator of p.target (make_codegen()).
std::unique_ptr<llvm::Module> compile_to_llvm(const LoweredPipeline &p, llvm::LLVMContext &context);

/// Milliseconds spent in each step of compile_to_jit().
struct CodegenTimes {
    double codegen_ms = 0;  ///< Stmt -> LLVM IR
    double optimize_ms = 0; ///< LLVM O3 pipeline
    double jit_ms = 0;      ///< instruction selection, object emission, linking
};

/// Compiles p to native code in this process, with every function of the runtime
/// (weft_runtime.h) bound by name. The entry point is `weft_<p.name>`.
JITModule compile_to_jit(const LoweredPipeline &p, CodegenTimes *times = nullptr);

/// The optimized LLVM IR of p, as text.
std::string compile_to_llvm_assembly_text(const LoweredPipeline &p);

/// The native assembly of p for p.target, as text.
std::string compile_to_native_assembly_text(const LoweredPipeline &p);

/// The PTX module of p's GPU kernels (p.target must have CUDA; CompileError when the
/// pipeline has no gpu_blocks loop).
std::string compile_to_ptx_text(const LoweredPipeline &p);

/// The runtime functions generated code may call, by name (weft_malloc, weft_error_*...).
const JITSymbols &runtime_symbols();

} // namespace weft::internal

#endif
