// Parallel loops: the body of a parallel For becomes a task function
//
//     int task(void *user_context, int32_t index, uint8_t *closure)
//
// that reads the values it uses from the enclosing code out of `closure` (a struct on
// the caller's stack), and the loop becomes a call to weft_do_par_for. A task's
// nonzero result (an error code) is returned by weft_do_par_for and then by the
// caller, after the caller's own heap allocations are freed. See CodeGen_LLVM.h.

#include "codegen/CodeGen_LLVM.h"

#include "Error.h"
#include "ir/IRVisitor.h"

#include <set>

namespace weft::internal {

namespace {

/// Every name a statement refers to: Variables and the buffers or allocations of its
/// Loads and Stores (whether bound inside it or not).
class ReferencedNames : public IRVisitor {
public:
    std::set<std::string> names;

    using IRVisitor::visit;
    void visit(const Variable *op) override { names.insert(op->name); }
    void visit(const Load *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Free *op) override { names.insert(op->name); }
};

} // namespace

void CodeGen_LLVM::codegen_parallel_for(const For *op) {
    llvm::Value *min = codegen(op->min);
    llvm::Value *extent = codegen(op->extent);

    // What the body uses from here: names bound now (names are unique in a Stmt, so a
    // name bound now is not rebound inside). The user context always goes along.
    ReferencedNames refs;
    refs.walk(op->body);
    refs.names.insert("__user_context");
    std::vector<std::string> captured;
    std::vector<llvm::Type *> field_types;
    for (const std::string &n : refs.names) {
        if (n != op->name && symbols_.contains(n)) {
            captured.push_back(n);
            field_types.push_back(sym_get(n)->getType());
        }
    }
    llvm::StructType *closure_type =
        llvm::StructType::create(*context_, field_types, op->name + ".closure_t");
    llvm::AllocaInst *closure =
        entry_block_alloca(closure_type, nullptr, op->name + ".closure", 16);
    for (size_t i = 0; i < captured.size(); i++) {
        llvm::Value *addr = builder_->CreateStructGEP(closure_type, closure, unsigned(i));
        builder_->CreateStore(sym_get(captured[i]), addr);
    }

    // The task function.
    llvm::FunctionType *task_type = llvm::FunctionType::get(i32_, {ptr_, i32_, ptr_}, false);
    llvm::Function *task =
        make_function("weft_" + pipeline_name_ + ".par_for." + op->name, task_type, false);
    task->getArg(0)->setName("__user_context");
    task->getArg(1)->setName(op->name);
    task->getArg(2)->setName("closure");
    task->addParamAttr(2, llvm::Attribute::NoAlias);

    const llvm::IRBuilderBase::InsertPoint saved_ip = builder_->saveIP();
    FunctionState saved_function = std::move(function_);
    Scope<llvm::Value *> saved_symbols = std::move(symbols_);
    function_ = FunctionState{task, {}};
    symbols_ = Scope<llvm::Value *>();

    builder_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "entry", task));
    for (size_t i = 0; i < captured.size(); i++) {
        if (captured[i] == "__user_context") {
            continue;
        }
        llvm::Value *addr = builder_->CreateStructGEP(closure_type, task->getArg(2), unsigned(i));
        sym_push(captured[i], builder_->CreateLoad(field_types[i], addr, captured[i]));
    }
    sym_push("__user_context", task->getArg(0));
    sym_push(op->name, task->getArg(1));
    codegen(op->body);
    if (builder_->GetInsertBlock() && !builder_->GetInsertBlock()->getTerminator()) {
        builder_->CreateRet(builder_->getInt32(0));
    }
    internal_assert(function_.live_heap.empty())
        << "codegen: heap allocations still live at the end of task " << op->name;

    function_ = std::move(saved_function);
    symbols_ = std::move(saved_symbols);
    builder_->restoreIP(saved_ip);

    llvm::Value *uc = sym_get("__user_context");
    llvm::Value *result = call_runtime("weft_do_par_for", i32_, {uc, task, min, extent, closure});
    result->setName(op->name + ".result");
    llvm::Value *failed = builder_->CreateICmpNE(result, builder_->getInt32(0));
    branch_to_error_exit_if(failed, result, (op->name + ".par_for").c_str());
}

} // namespace weft::internal
