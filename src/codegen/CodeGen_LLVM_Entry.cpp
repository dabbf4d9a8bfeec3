// The entry point `int weft_<name>(void **args)`: unpacks the argument slots into the
// names of the Lower.h contract, then emits the body. See CodeGen_LLVM.h.

#include "codegen/CodeGen_LLVM.h"

#include "Error.h"
#include "ir/IRVisitor.h"

namespace weft::internal {

namespace {

// Field numbers of weft_buffer_t and weft_dimension_t (weft_runtime.h).
enum BufferField { BufDevice, BufInterface, BufHost, BufFlags, BufType, BufDimensions, BufDim };
enum DimensionField { DimMin, DimExtent, DimStride };

} // namespace

void CodeGen_LLVM::collect_allocations(const Stmt &s) {
    walk_stmts(s, [&](const Stmt &st) {
        if (const Allocate *a = st.as<Allocate>()) {
            if (!alloc_scopes_.count(a->name)) {
                alloc_scopes_[a->name] = md_->createAliasScope(a->name, alias_domain_);
            }
        }
    });
}

void CodeGen_LLVM::add_alias_info(llvm::Instruction *inst, const std::string &name) {
    // Allocations alias nothing else; buffer arguments may alias each other but never
    // an allocation. Names of neither kind (a Handle let) get no metadata.
    auto own_alloc = alloc_scopes_.find(name);
    auto own_arg = arg_scopes_.find(name);
    if (own_alloc == alloc_scopes_.end() && own_arg == arg_scopes_.end()) {
        return;
    }
    const bool is_alloc = own_alloc != alloc_scopes_.end();
    llvm::MDNode *scope = is_alloc ? own_alloc->second : own_arg->second;
    std::vector<llvm::Metadata *> others;
    for (const auto &[n, s] : alloc_scopes_) {
        if (s != scope) {
            others.push_back(s);
        }
    }
    if (is_alloc) {
        for (const auto &[n, s] : arg_scopes_) {
            others.push_back(s);
        }
    }
    inst->setMetadata(llvm::LLVMContext::MD_alias_scope, llvm::MDNode::get(*context_, {scope}));
    if (!others.empty()) {
        inst->setMetadata(llvm::LLVMContext::MD_noalias, llvm::MDNode::get(*context_, others));
    }
}

void CodeGen_LLVM::build_entry_point(const LoweredPipeline &p) {
    llvm::FunctionType *fn_type = llvm::FunctionType::get(i32_, {ptr_}, false);
    llvm::Function *f = make_function("weft_" + p.name, fn_type, true);
    llvm::Argument *args = f->getArg(0);
    args->setName("args");
    args->addAttr(llvm::Attribute::NoAlias);
    args->addAttr(llvm::Attribute::NoCapture);
    args->addAttr(llvm::Attribute::ReadOnly);

    function_ = FunctionState{f, {}};
    builder_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "entry", f));

    // Every name is defined for the whole body; pushed here, never popped.
    auto slot = [&](size_t i, const std::string &name) {
        llvm::Value *addr = builder_->CreateConstInBoundsGEP1_64(ptr_, args, i, name + ".slot");
        llvm::LoadInst *l = builder_->CreateAlignedLoad(ptr_, addr, llvm::Align(8), name + ".arg");
        l->setMetadata(llvm::LLVMContext::MD_nonnull, llvm::MDNode::get(*context_, {}));
        return l;
    };
    auto load_field = [&](llvm::Type *t, llvm::Value *buf, unsigned field,
                          const std::string &name) {
        llvm::Value *addr = builder_->CreateStructGEP(buffer_type_, buf, field, name + ".addr");
        return builder_->CreateLoad(t, addr, name);
    };

    for (size_t i = 0; i < p.arguments.size(); i++) {
        const LoweredArgument &a = p.arguments[i];
        if (!a.is_buffer) {
            llvm::Value *addr = slot(i, a.name);
            sym_push(a.name, builder_->CreateLoad(llvm_type_of(a.type), addr, a.name));
            continue;
        }
        llvm::Value *buf = slot(i, a.name);
        buf->setName(a.name + ".buffer");
        sym_push(a.name + ".buffer", buf);
        sym_push(a.name, load_field(ptr_, buf, BufHost, a.name));
        llvm::Value *type_addr = builder_->CreateStructGEP(buffer_type_, buf, BufType);
        llvm::Type *type_t = buffer_type_->getElementType(BufType);
        sym_push(a.name + ".type.code",
                 builder_->CreateLoad(i8_, builder_->CreateStructGEP(type_t, type_addr, 0),
                                      a.name + ".type.code"));
        sym_push(a.name + ".type.bits",
                 builder_->CreateLoad(i8_, builder_->CreateStructGEP(type_t, type_addr, 1),
                                      a.name + ".type.bits"));
        sym_push(a.name + ".dimensions",
                 load_field(i32_, buf, BufDimensions, a.name + ".dimensions"));
        // The dim array is read for every dimension the pipeline expects; realize()
        // checks the dimensionality before calling, and assertions check it again.
        llvm::Value *dims = load_field(ptr_, buf, BufDim, a.name + ".dim");
        for (int d = 0; d < a.dimensions; d++) {
            llvm::Value *dim = builder_->CreateConstInBoundsGEP1_32(dimension_type_, dims, d);
            const std::string sd = std::to_string(d);
            auto field = [&](unsigned k, const char *what) {
                llvm::Value *addr = builder_->CreateStructGEP(dimension_type_, dim, k);
                std::string n = a.name + "." + what + "." + sd;
                llvm::Value *v = builder_->CreateLoad(i32_, addr, n);
                sym_push(n, v);
            };
            field(DimMin, "min");
            field(DimExtent, "extent");
            field(DimStride, "stride");
        }
    }
    llvm::Value *uc_addr =
        builder_->CreateConstInBoundsGEP1_64(ptr_, args, p.arguments.size(), "__user_context.slot");
    sym_push("__user_context", builder_->CreateLoad(ptr_, uc_addr, "__user_context"));

    codegen(p.body);
    if (builder_->GetInsertBlock() && !builder_->GetInsertBlock()->getTerminator()) {
        builder_->CreateRet(builder_->getInt32(0));
    }
    internal_assert(function_.live_heap.empty())
        << "codegen: heap allocations still live at the end of " << f->getName().str();
}

} // namespace weft::internal
