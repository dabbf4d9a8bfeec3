// The entry points of the codegen folder for the rest of weft. See CodeGen.h.

#include "codegen/CodeGen.h"

#include "Debug.h"
#include "Error.h"
#include "codegen/CodeGen_LLVM.h"
#include "codegen/LLVMTarget.h"
#include "jit/TargetMachinePool.h"
#include "weft/runtime/weft_runtime.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>

namespace weft::internal {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string module_text(const llvm::Module &m) {
    std::string s;
    llvm::raw_string_ostream os(s);
    m.print(os, nullptr);
    os.flush();
    return s;
}

/// The optimisation pipeline for JIT code: LLVM's O3, with loop vectorization and
/// interleaving only where codegen asked for them (loops scheduled vectorize(), which
/// carry llvm.loop.vectorize metadata until weft vectorizes them itself) and no SLP
/// vectorizer. The schedule decides what is vectorized, as in Halide; and on a
/// two-stage blur these three cost 2/3 of the compile time (warm compile 63 -> 21 ms
/// CPU), mostly vectorizing clamped, unknown-stride accesses into gathers.
void optimize_for_jit(llvm::Module &m, llvm::TargetMachine &tm) {
    optimize_module(m, tm, AutoVectorize::ScheduledOnly);
}

} // namespace

const JITSymbols &runtime_symbols() {
#define WEFT_RUNTIME_SYMBOL(f)                                                                     \
    { #f, reinterpret_cast < void *>(&f) }
    static const JITSymbols symbols = {
        WEFT_RUNTIME_SYMBOL(weft_error),
        WEFT_RUNTIME_SYMBOL(weft_error_buffer_too_small),
        WEFT_RUNTIME_SYMBOL(weft_error_output_buffer_too_small),
        WEFT_RUNTIME_SYMBOL(weft_error_bad_type),
        WEFT_RUNTIME_SYMBOL(weft_error_bad_dimensions),
        WEFT_RUNTIME_SYMBOL(weft_error_buffer_too_large),
        WEFT_RUNTIME_SYMBOL(weft_error_out_of_memory),
        WEFT_RUNTIME_SYMBOL(weft_error_explicit_bound),
        WEFT_RUNTIME_SYMBOL(weft_error_assertion),
        WEFT_RUNTIME_SYMBOL(weft_malloc),
        WEFT_RUNTIME_SYMBOL(weft_free),
        WEFT_RUNTIME_SYMBOL(weft_do_par_for),
        WEFT_RUNTIME_SYMBOL(weft_get_num_threads),
    };
#undef WEFT_RUNTIME_SYMBOL
    return symbols;
}

JITModule compile_to_jit(const LoweredPipeline &p, CodegenTimes *times) {
    Clock::time_point t0 = Clock::now();
    auto context = std::make_unique<llvm::LLVMContext>();
    std::unique_ptr<llvm::Module> module = compile_to_llvm(p, *context);
    const double codegen_ms = ms_since(t0);
    if (debug_level() >= 3) {
        debug(3) << "LLVM IR of " << p.name << ":\n" << module_text(*module) << "\n";
    }
    verify_module(*module, "codegen");

    Clock::time_point t1 = Clock::now();
    {
        TargetMachineLease tm = acquire_target_machine(p.target);
        optimize_for_jit(*module, *tm);
    }
    const double optimize_ms = ms_since(t1);

    JITOptions options;
    options.optimize = false; // done above
    options.verify = false;
    JITModule m(std::move(module), std::move(context), "weft_" + p.name, runtime_symbols(),
                p.target, options);
    if (times) {
        times->codegen_ms = codegen_ms;
        times->optimize_ms = optimize_ms;
        times->jit_ms = m.stats().total_ms;
    }
    return m;
}

std::string compile_to_llvm_assembly_text(const LoweredPipeline &p) {
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = compile_to_llvm(p, context);
    verify_module(*module, "compile_to_llvm_assembly");
    TargetMachineLease tm = acquire_target_machine(p.target);
    optimize_for_jit(*module, *tm);
    return module_text(*module);
}

std::string compile_to_native_assembly_text(const LoweredPipeline &p) {
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = compile_to_llvm(p, context);
    verify_module(*module, "compile_to_assembly");
    TargetMachineLease tm = acquire_target_machine(p.target);
    optimize_for_jit(*module, *tm);
    return emit_assembly(*module, *tm);
}

std::string compile_to_ptx_text(const LoweredPipeline &p) {
    user_assert(p.target.has_feature(Target::CUDA))
        << "compile_to_ptx: the target " << p.target.to_string()
        << " has no CUDA feature; use Target(\"host-cuda\") (or add cuda_sm70/80/90)";
    llvm::LLVMContext context;
    std::unique_ptr<CodeGen_LLVM> cg = make_codegen(p.target);
    std::unique_ptr<llvm::Module> module = cg->compile(p, context);
    user_assert(!cg->device_code().empty())
        << "compile_to_ptx: pipeline \"" << p.name
        << "\" has no GPU loops; schedule it with gpu_tile or gpu_blocks/gpu_threads";
    return cg->device_code();
}

} // namespace weft::internal
