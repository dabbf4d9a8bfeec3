#ifndef WEFT_JIT_JIT_MODULE_H
#define WEFT_JIT_JIT_MODULE_H

// JITModule: an LLVM module compiled to native code in this process.
//
//   JITModule m(std::move(module), std::move(context), "weft_blur",
//               {{"weft_malloc", (void *)&weft_malloc}, ...}, target);
//   auto fn = (int (*)(void **))m.entry_point();
//
// Construction verifies the IR, runs the O3 pipeline (LLVMTarget.h) with a pooled
// TargetMachine for the Target, emits an object, links it into its own JITDylib of the
// process-wide session (JITSession.h) with the given runtime symbols bound as absolute
// addresses, and resolves the entry point. The IR and its LLVMContext are freed once the
// object exists. The code lives as long as any copy of the handle: copies share it, so
// a compiled pipeline can be cached and shared between threads; the last copy removes
// the JITDylib. Modules may be compiled from several threads at once.
// Times of each step are kept in stats() and logged at WEFT_DEBUG >= 1.
// Tests: tests/codegen/jit.cpp.

#include "weft/Target.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace weft::internal {

/// Symbols the JIT code may call, bound by name to addresses in this process.
using JITSymbols = std::vector<std::pair<std::string, void *>>;

struct JITOptions {
    /// Run the O3 pipeline; off when the caller optimized the module already.
    bool optimize = true;
    /// Run the IR verifier first (an invalid module is an InternalError).
    bool verify = true;
};

/// Wall-clock milliseconds of each compilation step.
struct JITCompileStats {
    double verify_ms = 0, optimize_ms = 0, codegen_ms = 0, link_ms = 0, total_ms = 0;
    size_t object_bytes = 0;
};

class JITModule {
public:
    /// An empty handle (defined() is false).
    JITModule() = default;

    /// Compiles module (which must belong to context) for target; see the file comment.
    /// The symbols are defined in this module's JITDylib only. Throws CompileError when
    /// target has an x86 extension this CPU lacks; InternalError for invalid IR,
    /// undefined symbols or a missing entry function.
    JITModule(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
              const std::string &entry_name, const JITSymbols &symbols,
              const Target &target = get_jit_target_from_environment(), JITOptions options = {});

    bool defined() const { return contents_ != nullptr; }

    /// The address of the entry function.
    void *entry_point() const;
    const std::string &entry_name() const;

    /// The address of any symbol the module defines; InternalError when it has none.
    void *lookup(const std::string &name) const;

    const JITCompileStats &stats() const;

private:
    struct Contents;
    std::shared_ptr<const Contents> contents_;
};

} // namespace weft::internal

#endif
