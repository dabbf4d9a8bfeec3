// The driver of CodeGen_LLVM, its symbol table and the statements. See CodeGen_LLVM.h.

#include "codegen/CodeGen_LLVM.h"

#include "Error.h"
#include "codegen/LLVMTarget.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <llvm/IR/Intrinsics.h>

#include <algorithm>
#include <bit>

namespace weft::internal {

namespace {

/// The largest allocation weft_malloc accepts (src/runtime/Allocation.cpp).
constexpr uint64_t max_heap_bytes = uint64_t(1) << 47;

} // namespace

CodeGen_LLVM::CodeGen_LLVM(const Target &target) : target_(target) {}

CodeGen_LLVM::~CodeGen_LLVM() = default;

std::unique_ptr<llvm::Module> CodeGen_LLVM::compile(const LoweredPipeline &p,
                                                    llvm::LLVMContext &context) {
    internal_assert(p.body.defined()) << "codegen: pipeline " << p.name << " has no body";
    context_ = &context;
    module_ = std::make_unique<llvm::Module>("weft_" + p.name, context);
    module_->setTargetTriple(x86_64_linux_triple);
    builder_ = std::make_unique<llvm::IRBuilder<>>(context);
    md_ = std::make_unique<llvm::MDBuilder>(context);
    pipeline_name_ = p.name;

    i1_ = llvm::Type::getInt1Ty(context);
    i8_ = llvm::Type::getInt8Ty(context);
    i32_ = llvm::Type::getInt32Ty(context);
    i64_ = llvm::Type::getInt64Ty(context);
    ptr_ = llvm::PointerType::get(context, 0);
    // weft_dimension_t {min, extent, stride, flags} and weft_buffer_t.
    dimension_type_ =
        llvm::StructType::create(context, {i32_, i32_, i32_, i32_}, "struct.weft_dimension_t");
    llvm::Type *type_t = llvm::StructType::create(
        context, {i8_, i8_, llvm::Type::getInt16Ty(context)}, "struct.weft_type_t");
    buffer_type_ = llvm::StructType::create(
        context, {i64_, ptr_, ptr_, i64_, type_t, i32_, ptr_, ptr_}, "struct.weft_buffer_t");

    // Reassociation and contraction (vectorized reductions, fma), but no nnan/ninf
    // (is_nan must keep working) and no approximate functions.
    if (!target_.has_feature(Target::StrictFloat)) {
        llvm::FastMathFlags fmf;
        fmf.setAllowReassoc();
        fmf.setAllowContract();
        builder_->setFastMathFlags(fmf);
    }

    alias_domain_ = md_->createAliasScopeDomain("weft." + p.name);
    for (const LoweredArgument &a : p.arguments) {
        if (a.is_buffer) {
            arg_scopes_[a.name] = md_->createAliasScope(a.name, alias_domain_);
        }
    }
    collect_allocations(p.body);
    nontemporal_buffers_.clear();
    for (const Function &f : p.outputs) {
        if (f.schedule().nontemporal_stores) {
            nontemporal_buffers_.insert(f.name());
        }
    }
    if (target_.has_feature(Target::CUDA)) {
        collect_gpu_host_stores(p.body);
    }

    build_entry_point(p);
    finish_gpu_module();
    builder_.reset();
    return std::move(module_);
}

// ---------------------------------------------------------------------------------
// Walking, symbols, types

llvm::Value *CodeGen_LLVM::codegen(const Expr &e) {
    internal_assert(e.defined()) << "codegen of an undefined Expr";
    value_ = nullptr;
    IRVisitor::walk(e);
    internal_assert(value_) << "codegen produced no value for " << e;
    llvm::Value *v = value_;
    value_ = nullptr;
    return v;
}

void CodeGen_LLVM::codegen(const Stmt &s) {
    if (s.defined()) {
        IRVisitor::walk(s);
    }
}

void CodeGen_LLVM::sym_push(const std::string &name, llvm::Value *v) {
    if (!v->hasName() && !llvm::isa<llvm::Constant>(v)) {
        v->setName(name);
    }
    symbols_.push(name, v);
}

void CodeGen_LLVM::sym_pop(const std::string &name) {
    symbols_.pop(name);
}

llvm::Value *CodeGen_LLVM::sym_get(const std::string &name) const {
    llvm::Value *const *v = symbols_.find(name);
    internal_assert(v) << "codegen: \"" << name << "\" is not defined here";
    return *v;
}

llvm::Type *CodeGen_LLVM::llvm_type_of(Type t) const {
    llvm::Type *e = nullptr;
    switch (t.code) {
    case TypeCode::Int:
    case TypeCode::UInt:
        e = llvm::Type::getIntNTy(*context_, t.bits);
        break;
    case TypeCode::Float:
        internal_assert(t.bits == 16 || t.bits == 32 || t.bits == 64)
            << "codegen: no float type of " << int(t.bits) << " bits";
        e = t.bits == 16   ? llvm::Type::getHalfTy(*context_)
            : t.bits == 32 ? llvm::Type::getFloatTy(*context_)
                           : llvm::Type::getDoubleTy(*context_);
        break;
    case TypeCode::BFloat:
        e = llvm::Type::getBFloatTy(*context_);
        break;
    case TypeCode::Handle:
        e = ptr_;
        break;
    }
    return t.lanes > 1 ? llvm::FixedVectorType::get(e, t.lanes) : e;
}

llvm::Type *CodeGen_LLVM::memory_type_of(Type t) const {
    return llvm_type_of(t.is_bool() ? UInt(8, t.lanes) : t);
}

llvm::Constant *CodeGen_LLVM::const_int(Type t, int64_t v) const {
    llvm::Constant *c = llvm::ConstantInt::get(llvm_type_of(t.element_of()), v, true);
    return t.lanes > 1 ? llvm::ConstantVector::getSplat(llvm::ElementCount::getFixed(t.lanes), c)
                       : c;
}

llvm::Value *CodeGen_LLVM::splat_if_vector(llvm::Value *v, int lanes) {
    if (lanes <= 1 || v->getType()->isVectorTy()) {
        return v;
    }
    return builder_->CreateVectorSplat(lanes, v);
}

llvm::Value *CodeGen_LLVM::element_pointer(llvm::Value *base, Type t, llvm::Value *index) {
    llvm::Value *index64 = index->getType() == i64_ ? index : builder_->CreateSExt(index, i64_);
    return builder_->CreateInBoundsGEP(memory_type_of(t.element_of()), base, index64);
}

void CodeGen_LLVM::set_function_attributes(llvm::Function &f) const {
    set_function_target_attributes(f, target_);
    f.addFnAttr(llvm::Attribute::NoUnwind);
}

llvm::Function *CodeGen_LLVM::make_function(const std::string &name, llvm::FunctionType *type,
                                            bool external) {
    auto linkage =
        external ? llvm::GlobalValue::ExternalLinkage : llvm::GlobalValue::InternalLinkage;
    llvm::Function *f = llvm::Function::Create(type, linkage, name, module_.get());
    set_function_attributes(*f);
    return f;
}

llvm::AllocaInst *CodeGen_LLVM::entry_block_alloca(llvm::Type *t, llvm::Value *count,
                                                   const std::string &name, uint64_t align) {
    llvm::BasicBlock &entry = function_.function->getEntryBlock();
    llvm::IRBuilder<> b(&entry, entry.getFirstInsertionPt());
    llvm::AllocaInst *a = b.CreateAlloca(t, count, name);
    a->setAlignment(llvm::Align(align));
    return a;
}

// ---------------------------------------------------------------------------------
// Error exits

void CodeGen_LLVM::emit_error_return(llvm::Value *code) {
    llvm::Value *uc = sym_get("__user_context");
    // Free in reverse order of allocation.
    for (auto it = function_.live_heap.rbegin(); it != function_.live_heap.rend(); ++it) {
        if (it->on_device) {
            call_runtime("weft_cuda_free", i32_, {uc, it->pointer});
            continue;
        }
        call_runtime("weft_free", llvm::Type::getVoidTy(*context_), {uc, it->pointer});
    }
    builder_->CreateRet(code);
}

void CodeGen_LLVM::branch_to_error_exit_if(llvm::Value *failed, llvm::Value *code,
                                           const char *what) {
    llvm::Function *f = function_.function;
    llvm::BasicBlock *fail = llvm::BasicBlock::Create(*context_, std::string(what) + ".failed", f);
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(*context_, std::string(what) + ".ok", f);
    builder_->CreateCondBr(failed, fail, ok, md_->createUnlikelyBranchWeights());
    builder_->SetInsertPoint(fail);
    emit_error_return(code);
    builder_->SetInsertPoint(ok);
}

// ---------------------------------------------------------------------------------
// Statements

void CodeGen_LLVM::visit(const LetStmt *op) {
    llvm::Value *v = codegen(op->value);
    sym_push(op->name, v);
    codegen(op->body);
    sym_pop(op->name);
}

void CodeGen_LLVM::visit(const AssertStmt *op) {
    llvm::Value *cond = codegen(op->condition);
    llvm::Function *f = function_.function;
    llvm::BasicBlock *fail = llvm::BasicBlock::Create(*context_, "assert.failed", f);
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(*context_, "assert.ok", f);
    builder_->CreateCondBr(cond, ok, fail, md_->createLikelyBranchWeights());
    builder_->SetInsertPoint(fail);
    llvm::Value *code = codegen(op->message);
    internal_assert(code->getType()->isIntegerTy(32))
        << "codegen: assertion message must be an Int(32) call, got " << op->message;
    // A message function that returned 0 still has to fail the pipeline.
    llvm::Value *is_zero = builder_->CreateICmpEQ(code, builder_->getInt32(0));
    code = builder_->CreateSelect(is_zero, builder_->getInt32(weft_error_generic), code);
    emit_error_return(code);
    builder_->SetInsertPoint(ok);
}

void CodeGen_LLVM::visit(const ProducerConsumer *op) {
    codegen(op->body);
}

void CodeGen_LLVM::visit(const For *op) {
    if (op->for_type == ForType::GPUBlock && target_.has_feature(Target::CUDA)) {
        codegen_gpu_launch(op);
        return;
    }
    internal_assert(op->device_api == DeviceAPI::Host)
        << "codegen: loop " << op->name << " is for a GPU; device loops are outlined earlier";
    if (op->for_type == ForType::Parallel) {
        codegen_parallel_for(op);
        return;
    }
    internal_assert(op->for_type != ForType::GPUBlock && op->for_type != ForType::GPUThread)
        << "codegen: GPU loop " << op->name << " reached the CPU code generator";
    // Vectorized and Unrolled loops that reach codegen run as serial loops.
    codegen_serial_for(op);
}

void CodeGen_LLVM::codegen_serial_for(const For *op) {
    llvm::Value *min = codegen(op->min);
    llvm::Value *extent = codegen(op->extent);
    llvm::Value *end = builder_->CreateAdd(min, extent, op->name + ".end");

    llvm::Function *f = function_.function;
    llvm::BasicBlock *preheader = builder_->GetInsertBlock();
    llvm::BasicBlock *loop = llvm::BasicBlock::Create(*context_, op->name + ".loop", f);
    llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".after", f);
    llvm::Value *nonempty = builder_->CreateICmpSGT(extent, builder_->getInt32(0));
    builder_->CreateCondBr(nonempty, loop, after);

    builder_->SetInsertPoint(loop);
    llvm::PHINode *var = builder_->CreatePHI(i32_, 2, op->name);
    var->addIncoming(min, preheader);
    sym_push(op->name, var);
    codegen(op->body);
    sym_pop(op->name);
    llvm::Value *next = builder_->CreateNSWAdd(var, builder_->getInt32(1), op->name + ".next");
    llvm::Value *more = builder_->CreateICmpSLT(next, end);
    var->addIncoming(next, builder_->GetInsertBlock());
    llvm::BranchInst *latch = builder_->CreateCondBr(more, loop, after);
    if (llvm::MDNode *md = loop_metadata(op)) {
        latch->setMetadata(llvm::LLVMContext::MD_loop, md);
    }
    builder_->SetInsertPoint(after);
}

llvm::MDNode *CodeGen_LLVM::loop_metadata(const For *op) {
    // Until weft's own vectorize and unroll passes exist, loops scheduled that way ask
    // LLVM to do it (the JIT pipeline vectorizes no other loop).
    std::vector<llvm::Metadata *> hints;
    auto hint = [&](const char *name, llvm::Metadata *value) {
        std::vector<llvm::Metadata *> ops{llvm::MDString::get(*context_, name)};
        if (value) {
            ops.push_back(value);
        }
        hints.push_back(llvm::MDNode::get(*context_, ops));
    };
    auto const_md = [&](llvm::Constant *c) { return llvm::ConstantAsMetadata::get(c); };
    const std::optional<int64_t> extent = as_const_int(op->extent);
    if (op->for_type == ForType::Vectorized) {
        hint("llvm.loop.vectorize.enable", const_md(builder_->getTrue()));
        if (extent && *extent >= 2) {
            const int64_t width = int64_t(std::bit_floor(uint64_t(std::min<int64_t>(*extent, 64))));
            hint("llvm.loop.vectorize.width", const_md(builder_->getInt32(int32_t(width))));
        }
        hint("llvm.loop.interleave.count", const_md(builder_->getInt32(1)));
    } else if (op->for_type == ForType::Unrolled) {
        hint("llvm.loop.unroll.full", nullptr);
    } else {
        return nullptr;
    }
    // A loop ID node refers to itself first.
    llvm::TempMDTuple placeholder = llvm::MDNode::getTemporary(*context_, {});
    std::vector<llvm::Metadata *> ops{placeholder.get()};
    ops.insert(ops.end(), hints.begin(), hints.end());
    llvm::MDNode *id = llvm::MDNode::getDistinct(*context_, ops);
    id->replaceOperandWith(0, id);
    return id;
}

void CodeGen_LLVM::visit(const Store *op) {
    codegen_store(op);
}

void CodeGen_LLVM::visit(const Provide *op) {
    internal_error << "codegen: Provide to " << op->name << " survived lowering";
}

void CodeGen_LLVM::visit(const Realize *op) {
    internal_error << "codegen: Realize of " << op->name << " survived lowering";
}

void CodeGen_LLVM::visit(const Allocate *op) {
    if (target_.has_feature(Target::CUDA) && codegen_device_allocation(op)) {
        return;
    }
    const Type t = op->type;
    const int64_t elem_bytes = t.bytes() * t.lanes;
    const int64_t constant_elems = op->constant_allocation_size();
    const int64_t constant_bytes = constant_elems * elem_bytes;
    const bool conditional = op->condition.defined() && !is_const_true(op->condition);
    llvm::Type *elem_type = memory_type_of(t);
    const uint64_t align = allocation_alignment();

    const bool small_constant =
        constant_elems > 0 && constant_bytes <= max_stack_allocation_bytes();
    const bool on_stack = op->memory_type == MemoryType::Stack ||
                          op->memory_type == MemoryType::Register ||
                          (op->memory_type != MemoryType::Heap && small_constant);
    if (on_stack && constant_elems > 0) {
        llvm::AllocaInst *a =
            entry_block_alloca(elem_type, builder_->getInt64(constant_elems), op->name, align);
        sym_push(op->name, a);
        codegen(op->body);
        sym_pop(op->name);
        return;
    }

    // Size in bytes, in 64 bits; an overflowing product asks for 2^64-1 bytes, which
    // weft_malloc refuses with an out-of-memory error.
    llvm::Value *bytes = builder_->getInt64(elem_bytes);
    llvm::Value *overflow = builder_->getFalse();
    for (const Expr &e : op->extents) {
        llvm::Value *ext = codegen(e);
        ext = builder_->CreateSExt(ext, i64_);
        ext = builder_->CreateBinaryIntrinsic(llvm::Intrinsic::smax, ext, builder_->getInt64(0));
        llvm::Value *r =
            builder_->CreateBinaryIntrinsic(llvm::Intrinsic::umul_with_overflow, bytes, ext);
        bytes = builder_->CreateExtractValue(r, 0);
        overflow = builder_->CreateOr(overflow, builder_->CreateExtractValue(r, 1));
    }
    bytes = builder_->CreateSelect(overflow, builder_->getInt64(~uint64_t(0)), bytes,
                                   op->name + ".bytes");

    if (on_stack) {
        // A dynamic stack allocation, released at the end of its scope.
        llvm::Value *saved = builder_->CreateStackSave();
        llvm::AllocaInst *a = builder_->CreateAlloca(i8_, bytes, op->name);
        a->setAlignment(llvm::Align(align));
        sym_push(op->name, a);
        codegen(op->body);
        sym_pop(op->name);
        builder_->CreateStackRestore(saved);
        return;
    }

    llvm::Value *uc = sym_get("__user_context");
    // Sizes weft_malloc would refuse are reported here, where the allocation's name is
    // known (weft_malloc's own report cannot name it).
    {
        llvm::Value *too_big = builder_->CreateICmpUGT(bytes, builder_->getInt64(max_heap_bytes));
        llvm::Function *f = function_.function;
        llvm::BasicBlock *fail = llvm::BasicBlock::Create(*context_, op->name + ".too_big", f);
        llvm::BasicBlock *ok = llvm::BasicBlock::Create(*context_, op->name + ".size_ok", f);
        builder_->CreateCondBr(too_big, fail, ok, md_->createUnlikelyBranchWeights());
        builder_->SetInsertPoint(fail);
        llvm::Value *code =
            call_runtime("weft_error_out_of_memory", i32_, {uc, codegen(Expr(op->name)), bytes},
                         {Handle(), Handle(), UInt(64)});
        emit_error_return(code);
        builder_->SetInsertPoint(ok);
    }
    llvm::Value *pointer = nullptr;
    if (conditional) {
        llvm::Value *cond = codegen(op->condition);
        llvm::Function *f = function_.function;
        llvm::BasicBlock *before = builder_->GetInsertBlock();
        llvm::BasicBlock *do_alloc = llvm::BasicBlock::Create(*context_, op->name + ".malloc", f);
        llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".allocated", f);
        builder_->CreateCondBr(cond, do_alloc, after);
        builder_->SetInsertPoint(do_alloc);
        llvm::Value *p = call_runtime("weft_malloc", ptr_, {uc, bytes});
        llvm::Value *failed = builder_->CreateIsNull(p);
        branch_to_error_exit_if(failed, builder_->getInt32(weft_error_code_out_of_memory),
                                (op->name + ".malloc").c_str());
        llvm::BasicBlock *alloc_end = builder_->GetInsertBlock();
        builder_->CreateBr(after);
        builder_->SetInsertPoint(after);
        llvm::PHINode *phi = builder_->CreatePHI(ptr_, 2, op->name);
        phi->addIncoming(llvm::ConstantPointerNull::get(llvm::PointerType::get(*context_, 0)),
                         before);
        phi->addIncoming(p, alloc_end);
        pointer = phi;
    } else {
        pointer = call_runtime("weft_malloc", ptr_, {uc, bytes});
        pointer->setName(op->name);
        llvm::Value *failed = builder_->CreateIsNull(pointer);
        branch_to_error_exit_if(failed, builder_->getInt32(weft_error_code_out_of_memory),
                                (op->name + ".malloc").c_str());
    }
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(pointer)) {
        call->addRetAttr(llvm::Attribute::NoAlias);
        call->addRetAttr(llvm::Attribute::getWithAlignment(*context_, llvm::Align(align)));
    }

    function_.live_heap.push_back({op->name, pointer});
    const size_t depth = function_.live_heap.size();
    sym_push(op->name, pointer);
    codegen(op->body);
    sym_pop(op->name);
    // A Free inside the body already released it (and took it off the live list).
    const bool still_live =
        function_.live_heap.size() >= depth && function_.live_heap[depth - 1].name == op->name;
    if (still_live) {
        function_.live_heap.erase(function_.live_heap.begin() + (depth - 1));
        if (builder_->GetInsertBlock()) {
            call_runtime("weft_free", llvm::Type::getVoidTy(*context_), {uc, pointer});
        }
    }
}

void CodeGen_LLVM::visit(const Free *op) {
    auto &live = function_.live_heap;
    for (auto it = live.rbegin(); it != live.rend(); ++it) {
        if (it->name == op->name) {
            if (it->on_device) {
                call_runtime("weft_cuda_free", i32_, {sym_get("__user_context"), it->pointer});
            } else {
                call_runtime("weft_free", llvm::Type::getVoidTy(*context_),
                             {sym_get("__user_context"), it->pointer});
            }
            live.erase(std::next(it).base());
            return;
        }
    }
    // Stack allocations need no free.
}

void CodeGen_LLVM::visit(const Block *op) {
    codegen(op->first);
    codegen(op->rest);
}

void CodeGen_LLVM::visit(const IfThenElse *op) {
    Expr cond_expr = op->condition;
    bool likely = false;
    if (const Call *c = cond_expr.as<Call>(); c && c->is_intrinsic(Call::likely)) {
        likely = true;
        cond_expr = c->args[0];
    }
    llvm::Value *cond = codegen(cond_expr);
    llvm::Function *f = function_.function;
    llvm::BasicBlock *then_bb = llvm::BasicBlock::Create(*context_, "then", f);
    llvm::BasicBlock *else_bb =
        op->else_case.defined() ? llvm::BasicBlock::Create(*context_, "else", f) : nullptr;
    llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, "endif", f);
    llvm::MDNode *weights = likely ? md_->createLikelyBranchWeights() : nullptr;
    builder_->CreateCondBr(cond, then_bb, else_bb ? else_bb : after, weights);

    builder_->SetInsertPoint(then_bb);
    codegen(op->then_case);
    builder_->CreateBr(after);
    if (else_bb) {
        builder_->SetInsertPoint(else_bb);
        codegen(op->else_case);
        builder_->CreateBr(after);
    }
    builder_->SetInsertPoint(after);
}

void CodeGen_LLVM::visit(const Evaluate *op) {
    if (target_.has_feature(Target::CUDA) && codegen_gpu_runtime_call(op)) {
        return;
    }
    codegen(op->value);
}

// ---------------------------------------------------------------------------------
// Factory for the whole module

std::unique_ptr<llvm::Module> compile_to_llvm(const LoweredPipeline &p,
                                              llvm::LLVMContext &context) {
    std::unique_ptr<CodeGen_LLVM> cg = make_codegen(p.target);
    return cg->compile(p, context);
}

} // namespace weft::internal
