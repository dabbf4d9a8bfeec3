// The process-wide LLJIT and its support JITDylib. See JITSession.h.

#include "jit/JITSession.h"

#include "Debug.h"
#include "codegen/LLVMTarget.h"
#include "jit/JITError.h"
#include "jit/JITSupportSymbols.h"
#include "jit/TargetMachinePool.h"
#include "weft/Target.h"

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/SubtargetFeature.h>
#include <llvm/TargetParser/Triple.h>

#include <atomic>

namespace weft::internal {

namespace {

llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>>
concurrent_ir_compiler(llvm::orc::JITTargetMachineBuilder jtmb) {
    return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(jtmb));
}

std::unique_ptr<llvm::orc::LLJIT> create_lljit() {
    initialize_llvm_targets();
    const Target host = get_host_target();

    llvm::orc::JITTargetMachineBuilder jtmb{llvm::Triple(x86_64_linux_triple)};
    jtmb.setCPU(llvm_cpu_name(host));
    llvm::SubtargetFeatures features(llvm_feature_string(host));
    jtmb.addFeatures(features.getFeatures());
    jtmb.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    jtmb.setRelocationModel(llvm::Reloc::PIC_);
    jtmb.setCodeModel(llvm::CodeModel::Small);

    // The data layout comes from a pooled TargetMachine (the first JITModule needs one
    // anyway); otherwise LLJITBuilder would build a TargetMachine just to ask for it.
    const llvm::DataLayout layout = acquire_target_machine(host)->createDataLayout();

    return unwrap_llvm(llvm::orc::LLJITBuilder()
                           .setJITTargetMachineBuilder(std::move(jtmb))
                           .setDataLayout(layout)
                           // Modules arrive as objects, so the IR compiler is only a
                           // fallback; this one builds no TargetMachine up front and is
                           // thread-safe. (setSupportConcurrentCompilation would also
                           // move linking onto a thread pool.)
                           .setCompileFunctionCreator(concurrent_ir_compiler)
                           // No static constructors in weft code: no platform runtime.
                           .setPlatformSetUp(llvm::orc::setUpInactivePlatform)
                           // Symbols are bound explicitly (see the header).
                           .setLinkProcessSymbolsByDefault(false)
                           .create(),
                       ErrorKind::Runtime, "cannot create the LLVM JIT");
}

// ORC reports link failures (such as "Symbols not found: [ f ]") to the session's error
// reporter, while the lookup that triggered the link only fails with "Failed to
// materialize symbols". Links run on the thread that looks up (in-place dispatch), so
// the report is kept per thread for that lookup's error message.
thread_local std::string last_link_error;

void report_session_error(llvm::Error err) {
    std::string msg = take_llvm_message(std::move(err));
    debug(1) << "JIT session error: " << msg << "\n";
    last_link_error += last_link_error.empty() ? msg : "; " + msg;
}

bool is_compiler_runtime_helper(const llvm::orc::SymbolStringPtr &name) {
    return (*name).starts_with("__");
}

} // namespace

std::shared_ptr<JITSession> JITSession::get() {
    static const std::shared_ptr<JITSession> session = std::make_shared<JITSession>(create_lljit());
    return session;
}

JITSession::JITSession(std::unique_ptr<llvm::orc::LLJIT> jit) : jit_(std::move(jit)) {
    llvm::orc::ExecutionSession &es = jit_->getExecutionSession();
    es.setErrorReporter(report_session_error);
    support_ = &es.createBareJITDylib("weft_support");

    llvm::orc::SymbolMap symbols;
    for (const auto &[name, address] : jit_support_symbols()) {
        symbols[jit_->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
            llvm::orc::ExecutorAddr::fromPtr(address),
            llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
    }
    check_llvm(support_->define(llvm::orc::absoluteSymbols(std::move(symbols))),
               ErrorKind::Internal, "JIT: binding the libc/libm symbols");

    auto helpers = unwrap_llvm(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                                   jit_->getDataLayout().getGlobalPrefix(),
                                   is_compiler_runtime_helper),
                               ErrorKind::Runtime, "JIT: cannot search the process for symbols");
    support_->addGenerator(std::move(helpers));
}

JITSession::~JITSession() = default;

llvm::orc::JITDylib &JITSession::create_module_dylib(const std::string &base) {
    static std::atomic<uint64_t> counter{0};
    const std::string name = base + "." + std::to_string(counter++);
    llvm::orc::JITDylib &jd = jit_->getExecutionSession().createBareJITDylib(name);
    jd.addToLinkOrder(*support_);
    return jd;
}

std::string JITSession::take_link_error() {
    std::string msg = std::move(last_link_error);
    last_link_error.clear();
    return msg;
}

void JITSession::remove_module_dylib(llvm::orc::JITDylib &jd) noexcept {
    std::string name = jd.getName();
    std::string msg = take_llvm_message(jit_->getExecutionSession().removeJITDylib(jd));
    if (!msg.empty()) {
        debug(1) << "JIT: removing " << name << " failed: " << msg << "\n";
    }
}

} // namespace weft::internal
