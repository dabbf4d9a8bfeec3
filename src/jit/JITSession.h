#ifndef WEFT_JIT_JIT_SESSION_H
#define WEFT_JIT_JIT_SESSION_H

// The process-wide ORC LLJIT instance, created lazily on first use and shared by every
// JITModule (each holds a shared_ptr, so the session outlives the last module).
//
// Layout of the JIT's symbol space:
//  - one "support" JITDylib: libc/libm functions bound as absolute symbols
//    (JITSupportSymbols.h), plus a process lookup restricted to compiler runtime helpers
//    whose names start with "__";
//  - one JITDylib per JITModule, holding its object code and its runtime symbols (bound
//    explicitly as absolute symbols), linking against the support JITDylib only. It is
//    removed, freeing the code, when the module dies.
// No JITDylib searches the process for other names: a symbol nobody bound is a link
// error naming it, not a silent binding to whatever the process happens to export.
//
// The LLJIT's JITTargetMachineBuilder is configured with the host Target's CPU and
// features (LLVMTarget.h), so IR added to it directly compiles exactly for the host.
// JITModule, though, compiles to an object itself (with a pooled TargetMachine for its
// own Target) and hands the JIT only the object to link. ORC's ExecutionSession is
// thread-safe; several threads may create, link and look up modules at once.

#include <llvm/ExecutionEngine/Orc/LLJIT.h>

#include <memory>
#include <string>

namespace weft::internal {

class JITSession {
public:
    /// The session, created on first call (thread-safe).
    static std::shared_ptr<JITSession> get();

    explicit JITSession(std::unique_ptr<llvm::orc::LLJIT> jit);
    ~JITSession();
    JITSession(const JITSession &) = delete;
    JITSession &operator=(const JITSession &) = delete;

    llvm::orc::LLJIT &jit() { return *jit_; }

    /// A new empty JITDylib named "<base>.<n>" (n unique in the process) whose link
    /// order is itself, then the support JITDylib.
    llvm::orc::JITDylib &create_module_dylib(const std::string &base);

    /// The link errors ORC reported on this thread since the last call, "; "-separated
    /// (a failed lookup's own message does not say which symbol was missing).
    static std::string take_link_error();

    /// Removes jd and frees its code. Never throws (called from destructors); a failure
    /// is logged at WEFT_DEBUG level 1.
    void remove_module_dylib(llvm::orc::JITDylib &jd) noexcept;

private:
    std::unique_ptr<llvm::orc::LLJIT> jit_;
    llvm::orc::JITDylib *support_ = nullptr;
};

} // namespace weft::internal

#endif
