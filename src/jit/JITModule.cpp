// Compiling an LLVM module and linking it into the process-wide JIT. See JITModule.h.

#include "jit/JITModule.h"

#include "Debug.h"
#include "codegen/LLVMTarget.h"
#include "jit/JITError.h"
#include "jit/JITSession.h"
#include "jit/TargetMachinePool.h"

#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>

namespace weft::internal {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// JIT code runs here: the Target may not use an extension this CPU lacks.
void check_runs_on_host(const Target &target) {
    const Target host = get_host_target();
    std::string missing;
    for (int i = 0; i < Target::CUDA; i++) {
        auto f = static_cast<Target::Feature>(i);
        if (target.has_feature(f) && !host.has_feature(f)) {
            missing += missing.empty() ? "" : ", ";
            missing += Target::feature_name(f);
        }
    }
    user_assert(missing.empty()) << "JIT target " << target.to_string()
                                 << " uses features this CPU lacks: " << missing
                                 << " (host is " << host.to_string() << ")";
}

/// Verifies, optimizes and compiles the module to an ELF object; frees module and context.
std::unique_ptr<llvm::MemoryBuffer> compile_to_object(std::unique_ptr<llvm::Module> module,
                                                      std::unique_ptr<llvm::LLVMContext> context,
                                                      const Target &target,
                                                      const JITOptions &options,
                                                      JITCompileStats &stats) {
    Clock::time_point t0 = Clock::now();
    if (options.verify) {
        verify_module(*module, "JIT");
    }
    stats.verify_ms = ms_since(t0);

    TargetMachineLease tm = acquire_target_machine(target);
    Clock::time_point t1 = Clock::now();
    if (options.optimize) {
        optimize_module(*module, *tm);
    }
    stats.optimize_ms = ms_since(t1);

    Clock::time_point t2 = Clock::now();
    std::unique_ptr<llvm::MemoryBuffer> object = emit_object(*module, *tm);
    module.reset(); // before its context
    context.reset();
    stats.codegen_ms = ms_since(t2);
    stats.object_bytes = object->getBufferSize();
    return object;
}

} // namespace

struct JITModule::Contents {
    std::shared_ptr<JITSession> session;
    llvm::orc::JITDylib *dylib = nullptr;
    std::string entry_name;
    void *entry = nullptr;
    JITCompileStats stats;

    Contents() = default;
    Contents(const Contents &) = delete;
    Contents &operator=(const Contents &) = delete;
    ~Contents() {
        if (dylib) {
            session->remove_module_dylib(*dylib);
        }
    }

    void *lookup(const std::string &name) const {
        JITSession::take_link_error(); // drop reports from earlier work on this thread
        llvm::Expected<llvm::orc::ExecutorAddr> address = session->jit().lookup(*dylib, name);
        if (!address) {
            std::string msg = take_llvm_message(address.takeError());
            std::string link_error = JITSession::take_link_error();
            internal_error << "JIT: cannot resolve \"" << name << "\" in " << dylib->getName()
                           << ": " << msg << (link_error.empty() ? "" : "; ") << link_error;
        }
        return address->toPtr<void *>();
    }
};

JITModule::JITModule(std::unique_ptr<llvm::Module> module,
                     std::unique_ptr<llvm::LLVMContext> context, const std::string &entry_name,
                     const JITSymbols &symbols, const Target &target, JITOptions options) {
    internal_assert(module && context) << "JITModule: null module or context";
    internal_assert(&module->getContext() == context.get())
        << "JITModule: the module does not belong to the given LLVMContext";
    internal_assert(module->getFunction(entry_name))
        << "JITModule: module \"" << module->getName().str() << "\" has no function \""
        << entry_name << "\"";

    check_runs_on_host(target);

    Clock::time_point start = Clock::now();
    auto contents = std::make_shared<Contents>();
    contents->entry_name = entry_name;
    JITCompileStats &stats = contents->stats;
    std::unique_ptr<llvm::MemoryBuffer> object =
        compile_to_object(std::move(module), std::move(context), target, options, stats);

    Clock::time_point link_start = Clock::now();
    contents->session = JITSession::get();
    llvm::orc::LLJIT &jit = contents->session->jit();
    contents->dylib = &contents->session->create_module_dylib(entry_name);

    llvm::orc::SymbolMap bound;
    for (const auto &[name, address] : symbols) {
        internal_assert(address) << "JITModule: runtime symbol \"" << name << "\" is null";
        bound[jit.mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
            llvm::orc::ExecutorAddr::fromPtr(address),
            llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
    }
    check_llvm(contents->dylib->define(llvm::orc::absoluteSymbols(std::move(bound))),
               ErrorKind::Internal, "JIT: binding runtime symbols");
    check_llvm(jit.addObjectFile(*contents->dylib, std::move(object)), ErrorKind::Internal,
               "JIT: adding the object");
    // The first lookup links the object (resolving every symbol it uses).
    contents->entry = contents->lookup(entry_name);
    stats.link_ms = ms_since(link_start);
    stats.total_ms = ms_since(start);

    debug(1) << "JIT: compiled " << entry_name << " for " << target.to_string() << " in "
             << stats.total_ms << " ms (verify " << stats.verify_ms << ", optimize "
             << stats.optimize_ms << ", codegen " << stats.codegen_ms << ", link "
             << stats.link_ms << "; " << stats.object_bytes << " bytes of object)\n";
    contents_ = std::move(contents);
}

void *JITModule::entry_point() const {
    internal_assert(contents_) << "JITModule::entry_point on an empty handle";
    return contents_->entry;
}

const std::string &JITModule::entry_name() const {
    internal_assert(contents_) << "JITModule::entry_name on an empty handle";
    return contents_->entry_name;
}

void *JITModule::lookup(const std::string &name) const {
    internal_assert(contents_) << "JITModule::lookup on an empty handle";
    return contents_->lookup(name);
}

const JITCompileStats &JITModule::stats() const {
    internal_assert(contents_) << "JITModule::stats on an empty handle";
    return contents_->stats;
}

} // namespace weft::internal
