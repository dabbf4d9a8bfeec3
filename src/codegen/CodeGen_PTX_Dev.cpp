// The CUDA device code generator. See CodeGen_PTX_Dev.h.

#include "codegen/CodeGen_PTX_Dev.h"

#include "Debug.h"
#include "Error.h"
#include "codegen/LLVMTarget.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "lower/GPULoops.h"

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/IntrinsicsNVPTX.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

#include <cstdlib>
#include <filesystem>

namespace weft::internal {

namespace {

/// Float math that libdevice provides as __nv_<name>f (float32) / __nv_<name> (float64).
constexpr const char *libdevice_math[] = {"exp",  "log",  "pow",  "sin",  "cos",  "tan",
                                          "tanh", "asin", "acos", "atan", "atan2"};

bool is_libdevice_math(const std::string &name) {
    for (const char *n : libdevice_math) {
        if (name == n) {
            return true;
        }
    }
    return false;
}

/// The largest thread-loop extent of each dimension in a kernel.
std::array<int64_t, 3> thread_extents(const Stmt &kernel) {
    std::array<int64_t, 3> n = {1, 1, 1};
    walk_stmts(kernel, [&](const Stmt &s) {
        const For *f = s.as<For>();
        if (!is_gpu_thread_loop(f)) {
            return;
        }
        const int d = gpu_loop_dimension(f);
        std::optional<int64_t> e = as_const_int(f->extent);
        internal_assert(e && d < 3) << "CodeGen_PTX_Dev: thread loop " << f->name
                                    << " without a constant extent or beyond z";
        n[d] = std::max(n[d], *e);
    });
    return n;
}

} // namespace

CodeGen_PTX_Dev::CodeGen_PTX_Dev(const Target &target, llvm::LLVMContext &context)
    : CodeGen_LLVM(target) {
    context_ = &context;
    module_ = std::make_unique<llvm::Module>("weft_ptx", context);
    module_->setTargetTriple("nvptx64-nvidia-cuda");
    builder_ = std::make_unique<llvm::IRBuilder<>>(context);
    md_ = std::make_unique<llvm::MDBuilder>(context);
    i1_ = llvm::Type::getInt1Ty(context);
    i8_ = llvm::Type::getInt8Ty(context);
    i32_ = llvm::Type::getInt32Ty(context);
    i64_ = llvm::Type::getInt64Ty(context);
    ptr_ = llvm::PointerType::get(context, 0);
    if (!target_.has_feature(Target::StrictFloat)) {
        llvm::FastMathFlags fmf;
        fmf.setAllowReassoc();
        fmf.setAllowContract();
        builder_->setFastMathFlags(fmf);
    }
    libdevice_path_ = find_libdevice();
}

CodeGen_PTX_Dev::~CodeGen_PTX_Dev() = default;

std::string CodeGen_PTX_Dev::find_libdevice() {
    if (const char *explicit_path = std::getenv("WEFT_LIBDEVICE"); explicit_path && *explicit_path) {
        return std::string(explicit_path) == "none" ? "" : explicit_path;
    }
    std::vector<std::string> roots;
    if (const char *home = std::getenv("CUDA_HOME"); home && *home) {
        roots.push_back(home);
    }
    if (const char *path = std::getenv("CUDA_PATH"); path && *path) {
        roots.push_back(path);
    }
    roots.push_back("/usr/local/cuda");
    for (const std::string &r : roots) {
        std::filesystem::path p = std::filesystem::path(r) / "nvvm" / "libdevice" / "libdevice.10.bc";
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) {
            return p.string();
        }
    }
    return "";
}

void CodeGen_PTX_Dev::set_function_attributes(llvm::Function &f) const {
    const int sm = target_.cuda_capability();
    f.addFnAttr("target-cpu", "sm_" + std::to_string(sm));
    f.addFnAttr("target-features", sm >= 90 ? "+ptx80" : "+ptx70");
    f.addFnAttr(llvm::Attribute::NoUnwind);
}

void CodeGen_PTX_Dev::add_kernel(const Stmt &body, const std::string &name,
                                 const std::vector<DeviceArgument> &args) {
    llvm::Type *global_ptr = llvm::PointerType::get(*context_, 1);
    std::vector<llvm::Type *> params;
    for (const DeviceArgument &a : args) {
        params.push_back(a.is_buffer ? global_ptr : llvm_type_of(a.type));
    }
    llvm::FunctionType *ft = llvm::FunctionType::get(llvm::Type::getVoidTy(*context_), params, false);
    llvm::Function *f = make_function(name, ft, true);
    f->setCallingConv(llvm::CallingConv::PTX_Kernel);
    llvm::NamedMDNode *annotations = module_->getOrInsertNamedMetadata("nvvm.annotations");
    annotations->addOperand(llvm::MDNode::get(
        *context_, {llvm::ValueAsMetadata::get(f), llvm::MDString::get(*context_, "kernel"),
                    llvm::ConstantAsMetadata::get(builder_->getInt32(1))}));

    function_ = FunctionState{f, {}};
    symbols_ = Scope<llvm::Value *>();
    kernel_threads_ = thread_extents(body);
    thread_depth_ = 0;
    builder_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "entry", f));
    for (size_t i = 0; i < args.size(); i++) {
        llvm::Argument *arg = f->getArg(unsigned(i));
        arg->setName(args[i].name);
        if (args[i].is_buffer) {
            arg->addAttr(llvm::Attribute::NoUndef);
        }
        sym_push(args[i].name, arg);
    }
    codegen(body);
    builder_->CreateRetVoid();
    debug(2) << "CodeGen_PTX_Dev: kernel " << name << " with " << args.size() << " arguments, "
             << kernel_threads_[0] << "x" << kernel_threads_[1] << "x" << kernel_threads_[2]
             << " threads per block\n";
}

llvm::Value *CodeGen_PTX_Dev::special_register(bool block, int dim) {
    static const llvm::Intrinsic::ID ids[2][3] = {
        {llvm::Intrinsic::nvvm_read_ptx_sreg_tid_x, llvm::Intrinsic::nvvm_read_ptx_sreg_tid_y,
         llvm::Intrinsic::nvvm_read_ptx_sreg_tid_z},
        {llvm::Intrinsic::nvvm_read_ptx_sreg_ctaid_x, llvm::Intrinsic::nvvm_read_ptx_sreg_ctaid_y,
         llvm::Intrinsic::nvvm_read_ptx_sreg_ctaid_z}};
    internal_assert(dim >= 0 && dim < 3) << "CodeGen_PTX_Dev: GPU loop dimension " << dim;
    llvm::Function *f = llvm::Intrinsic::getDeclaration(module_.get(), ids[block ? 1 : 0][dim]);
    return builder_->CreateCall(f, {});
}

void CodeGen_PTX_Dev::visit(const For *op) {
    if (op->for_type == ForType::GPUBlock) {
        llvm::Value *id = special_register(true, gpu_loop_dimension(op));
        llvm::Value *v = builder_->CreateNSWAdd(codegen(op->min), id, op->name);
        sym_push(op->name, v);
        codegen(op->body);
        sym_pop(op->name);
        return;
    }
    if (op->for_type != ForType::GPUThread) {
        codegen_serial_for(op);
        return;
    }
    const int dim = gpu_loop_dimension(op);
    llvm::Value *tid = special_register(false, dim);
    llvm::Value *extent = codegen(op->extent);
    llvm::Value *active = builder_->CreateICmpSLT(tid, extent);
    if (thread_depth_ == 0) {
        // A nest using fewer dimensions than the launch runs in the threads whose other
        // indices are 0.
        for (int d = dim + 1; d < 3; d++) {
            if (kernel_threads_[d] > 1) {
                llvm::Value *other = special_register(false, d);
                active = builder_->CreateAnd(active,
                                             builder_->CreateICmpEQ(other, builder_->getInt32(0)));
            }
        }
    }
    llvm::Value *v = builder_->CreateNSWAdd(codegen(op->min), tid, op->name);
    llvm::Function *f = function_.function;
    llvm::BasicBlock *run = llvm::BasicBlock::Create(*context_, op->name + ".thread", f);
    llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".after", f);
    builder_->CreateCondBr(active, run, after);
    builder_->SetInsertPoint(run);
    sym_push(op->name, v);
    thread_depth_++;
    codegen(op->body);
    thread_depth_--;
    sym_pop(op->name);
    builder_->CreateBr(after);
    builder_->SetInsertPoint(after);
}

void CodeGen_PTX_Dev::visit(const Allocate *op) {
    const int64_t elems = op->constant_allocation_size();
    internal_assert(elems > 0) << "CodeGen_PTX_Dev: allocation " << op->name
                               << " in a kernel without a constant size";
    llvm::Type *elem = memory_type_of(op->type);
    llvm::Value *storage = nullptr;
    if (op->memory_type == MemoryType::GPUShared) {
        llvm::ArrayType *at = llvm::ArrayType::get(elem, uint64_t(elems));
        auto *g = new llvm::GlobalVariable(*module_, at, false, llvm::GlobalValue::InternalLinkage,
                                           llvm::UndefValue::get(at), op->name + ".shared", nullptr,
                                           llvm::GlobalValue::NotThreadLocal, 3);
        g->setAlignment(llvm::Align(16));
        storage = g;
    } else {
        storage = entry_block_alloca(elem, builder_->getInt64(elems), op->name, 16);
    }
    sym_push(op->name, storage);
    codegen(op->body);
    sym_pop(op->name);
}

void CodeGen_PTX_Dev::visit(const Free *op) {
    // Shared and register storage lives as long as the kernel.
}

void CodeGen_PTX_Dev::visit(const AssertStmt *op) {
    llvm::Value *cond = codegen(op->condition);
    llvm::Function *f = function_.function;
    llvm::BasicBlock *fail = llvm::BasicBlock::Create(*context_, "assert.failed", f);
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(*context_, "assert.ok", f);
    builder_->CreateCondBr(cond, ok, fail, md_->createLikelyBranchWeights());
    builder_->SetInsertPoint(fail);
    builder_->CreateCall(llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::trap));
    builder_->CreateUnreachable();
    builder_->SetInsertPoint(ok);
}

void CodeGen_PTX_Dev::visit(const Evaluate *op) {
    if (is_gpu_thread_barrier(Stmt(op))) {
        builder_->CreateCall(
            llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::nvvm_barrier0));
        return;
    }
    if (const Call *c = op->value.as<Call>();
        c && (c->call_type == Call::Extern || c->call_type == Call::PureExtern)) {
        user_error << "GPU kernel: cannot call the host function \"" << c->name
                   << "\" from device code";
    }
    codegen(op->value);
}

llvm::Value *CodeGen_PTX_Dev::codegen_target_intrinsic(const Call *op) {
    if (op->type.is_float() && is_libdevice_math(op->name)) {
        return codegen_device_math(op);
    }
    return nullptr;
}

llvm::Value *CodeGen_PTX_Dev::fast_math_f32(const std::string &name,
                                            const std::vector<llvm::Value *> &args) {
    auto call = [&](llvm::Intrinsic::ID id, llvm::Value *x) {
        return builder_->CreateCall(llvm::Intrinsic::getDeclaration(module_.get(), id), {x});
    };
    auto cf = [&](double v) { return llvm::ConstantFP::get(builder_->getFloatTy(), v); };
    auto exp2 = [&](llvm::Value *x) { return call(llvm::Intrinsic::nvvm_ex2_approx_f, x); };
    auto log2 = [&](llvm::Value *x) { return call(llvm::Intrinsic::nvvm_lg2_approx_f, x); };
    auto exp = [&](llvm::Value *x) { return exp2(builder_->CreateFMul(x, cf(1.4426950408889634))); };
    if (name == "exp") {
        return exp(args[0]);
    }
    if (name == "log") {
        return builder_->CreateFMul(log2(args[0]), cf(0.6931471805599453));
    }
    if (name == "pow") {
        return exp2(builder_->CreateFMul(args[1], log2(args[0])));
    }
    if (name == "sin") {
        return call(llvm::Intrinsic::nvvm_sin_approx_f, args[0]);
    }
    if (name == "cos") {
        return call(llvm::Intrinsic::nvvm_cos_approx_f, args[0]);
    }
    if (name == "tan") {
        return builder_->CreateFDiv(call(llvm::Intrinsic::nvvm_sin_approx_f, args[0]),
                                    call(llvm::Intrinsic::nvvm_cos_approx_f, args[0]));
    }
    if (name == "tanh") {
        // 1 - 2 / (exp(2x) + 1): exact at the limits (exp overflows to inf: 1).
        llvm::Value *e = exp(builder_->CreateFMul(args[0], cf(2.0)));
        return builder_->CreateFSub(cf(1.0),
                                    builder_->CreateFDiv(cf(2.0), builder_->CreateFAdd(e, cf(1.0))));
    }
    return nullptr;
}

llvm::Value *CodeGen_PTX_Dev::codegen_device_math(const Call *op) {
    const Type t = op->type;
    const bool narrow = t.bits < 32;
    const Type work = narrow ? Float(32) : t.element_of();
    llvm::Type *wt = llvm_type_of(work);
    std::vector<llvm::Value *> args;
    for (const Expr &e : op->args) {
        args.push_back(codegen(e));
    }
    auto scalar = [&](std::vector<llvm::Value *> a) -> llvm::Value * {
        for (llvm::Value *&v : a) {
            v = narrow ? builder_->CreateFPExt(v, wt) : v;
        }
        llvm::Value *r = nullptr;
        if (!libdevice_path_.empty()) {
            const std::string fn = "__nv_" + op->name + (work.bits == 32 ? "f" : "");
            llvm::Function *f =
                declare_c_function(fn, wt, std::vector<llvm::Type *>(a.size(), wt), {});
            uses_libdevice_ = true;
            r = builder_->CreateCall(f, a);
        } else {
            user_assert(work.bits == 32)
                << "GPU kernel: " << op->name << " of " << t
                << " needs libdevice (libdevice.10.bc from the CUDA toolkit, looked for under "
                   "$CUDA_HOME and /usr/local/cuda); without it only float32 "
                << op->name << " is available on the GPU";
            r = fast_math_f32(op->name, a);
            user_assert(r) << "GPU kernel: " << op->name
                           << " needs libdevice (libdevice.10.bc from the CUDA toolkit, looked "
                              "for under $CUDA_HOME and /usr/local/cuda)";
        }
        return narrow ? builder_->CreateFPTrunc(r, llvm_type_of(t.element_of())) : r;
    };
    if (t.is_scalar()) {
        return scalar(args);
    }
    llvm::Value *result = llvm::PoisonValue::get(llvm_type_of(t));
    for (int i = 0; i < t.lanes; i++) {
        std::vector<llvm::Value *> lane;
        for (llvm::Value *a : args) {
            lane.push_back(builder_->CreateExtractElement(a, uint64_t(i)));
        }
        result = builder_->CreateInsertElement(result, scalar(lane), uint64_t(i));
    }
    return result;
}

std::string CodeGen_PTX_Dev::compile_to_src() {
    const int sm = target_.cuda_capability();
    std::unique_ptr<llvm::TargetMachine> tm = make_nvptx_target_machine(sm);
    module_->setDataLayout(tm->createDataLayout());
    if (uses_libdevice_) {
        llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
            llvm::MemoryBuffer::getFile(libdevice_path_);
        user_assert(bool(file)) << "cannot read libdevice \"" << libdevice_path_ << "\"";
        llvm::Expected<std::unique_ptr<llvm::Module>> lib =
            llvm::parseBitcodeFile((*file)->getMemBufferRef(), *context_);
        if (!lib) {
            std::string msg = llvm::toString(lib.takeError());
            user_error << "cannot parse libdevice \"" << libdevice_path_ << "\": " << msg;
        }
        (*lib)->setTargetTriple(module_->getTargetTriple());
        (*lib)->setDataLayout(module_->getDataLayout());
        const bool failed = llvm::Linker::linkModules(*module_, std::move(*lib),
                                                      llvm::Linker::LinkOnlyNeeded);
        internal_assert(!failed) << "CodeGen_PTX_Dev: linking libdevice failed";
        // Only the kernels are entry points: the rest may be inlined and dropped.
        for (llvm::Function &f : *module_) {
            if (!f.isDeclaration() && f.getCallingConv() != llvm::CallingConv::PTX_Kernel) {
                f.setLinkage(llvm::GlobalValue::InternalLinkage);
            }
        }
    }
    verify_module(*module_, "CodeGen_PTX_Dev");
    optimize_module(*module_, *tm, AutoVectorize::ScheduledOnly);
    std::string ptx = emit_assembly(*module_, *tm);
    debug(1) << "CodeGen_PTX_Dev: PTX module for sm_" << sm << ", " << ptx.size() << " bytes\n";
    return ptx;
}

} // namespace weft::internal
