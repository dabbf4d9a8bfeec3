#ifndef WEFT_CODEGEN_CODEGEN_LLVM_H
#define WEFT_CODEGEN_CODEGEN_LLVM_H

// CodeGen_LLVM: the target-independent part of turning a lowered Stmt (the contract of
// src/lower/Lower.h) into LLVM IR. It walks the IR with IRVisitor: visiting an Expr
// leaves its llvm::Value in `value_`; visiting a Stmt emits instructions at the
// builder's insertion point.
//
// State:
//  - `symbols_`: name -> llvm::Value (loop variables, lets, buffer fields, scalar
//    arguments, buffer and allocation base pointers), with shadowing.
//  - `function_`: the function being emitted (the entry point or a parallel task), with
//    its `live_heap_` allocations: every error exit frees them before returning.
//  - alias scopes: each Allocate gets a scope; accesses to an allocation are marked as
//    not aliasing any other allocation or buffer argument (buffer arguments may alias
//    each other, so accesses to them only promise not to alias allocations).
//
// Subclasses (CodeGen_X86, later a GPU device generator) refine the choices through
// the virtual hooks at the end of the class: target intrinsics for calls, function
// attributes, and stack allocation limits.
//
// Files: CodeGen_LLVM.cpp (driver, statements), CodeGen_LLVM_Entry.cpp (entry point),
// CodeGen_LLVM_Exprs.cpp, CodeGen_LLVM_Calls.cpp, CodeGen_LLVM_Parallel.cpp.

#include "codegen/CodeGen_GPU_Dev.h"
#include "ir/IRVisitor.h"
#include "ir/Scope.h"
#include "lower/Lower.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace weft::internal {

class CodeGen_LLVM : public IRVisitor {
public:
    explicit CodeGen_LLVM(const Target &target);
    ~CodeGen_LLVM() override;

    /// The module with the entry point `int weft_<p.name>(void **args)`.
    std::unique_ptr<llvm::Module> compile(const LoweredPipeline &p, llvm::LLVMContext &context);
    /// The device code (PTX) of the GPU kernels of the last compile(), "" when none.
    const std::string &device_code() const { return device_code_; }

protected:
    using IRVisitor::visit;

    // ------------------------------------------------------------- walking
    llvm::Value *codegen(const Expr &e);
    void codegen(const Stmt &s);

#define WEFT_DECLARE_VISIT(name) void visit(const name *op) override;
    WEFT_FOR_EACH_EXPR_NODE(WEFT_DECLARE_VISIT)
    WEFT_FOR_EACH_STMT_NODE(WEFT_DECLARE_VISIT)
#undef WEFT_DECLARE_VISIT

    // ------------------------------------------------------------- types and constants
    /// The LLVM type of values of t (Bool is i1; vectors are fixed vectors).
    llvm::Type *llvm_type_of(Type t) const;
    /// The LLVM type of elements of t in memory (Bool is i8).
    llvm::Type *memory_type_of(Type t) const;
    llvm::Constant *const_int(Type t, int64_t v) const;
    llvm::Value *splat_if_vector(llvm::Value *v, int lanes);
    /// The address of element `index` (an i64, or an i32 sign-extended) of `base` of type t.
    llvm::Value *element_pointer(llvm::Value *base, Type t, llvm::Value *index);
    /// A scalar Int(32) Load/Store index evaluated exactly in i64 (CodeGen_LLVM_Exprs.cpp).
    llvm::Value *codegen_index(const Expr &index);

    // ------------------------------------------------------------- symbols
    void sym_push(const std::string &name, llvm::Value *v);
    void sym_pop(const std::string &name);
    llvm::Value *sym_get(const std::string &name) const;

    // ------------------------------------------------------------- arithmetic helpers
    llvm::Value *codegen_div(Type t, llvm::Value *a, llvm::Value *b, const Expr &divisor);
    llvm::Value *codegen_mod(Type t, llvm::Value *a, llvm::Value *b, const Expr &divisor);
    llvm::Value *codegen_min_max(Type t, llvm::Value *a, llvm::Value *b, bool is_min);
    llvm::Value *codegen_cast(Type from, Type to, llvm::Value *v);
    llvm::Value *codegen_cmp(Type t, llvm::Value *a, llvm::Value *b, llvm::CmpInst::Predicate si,
                             llvm::CmpInst::Predicate ui, llvm::CmpInst::Predicate f);
    llvm::Value *codegen_vector_reduce(int op, Type t, llvm::Value *v, int out_lanes);
    llvm::Value *concat_vectors(const std::vector<llvm::Value *> &vs);
    llvm::Value *slice_vector(llvm::Value *v, int begin, int stride, int lanes);

    // ------------------------------------------------------------- memory
    llvm::Value *codegen_load(const Load *op);
    void codegen_store(const Store *op);
    /// A dense vector store to an output with Func::store_nontemporal(): a streaming
    /// store where `addr` is aligned to the vector's size at run time, an ordinary one
    /// elsewhere (src/lower/AlignStreamingStores.h aligns most of them).
    void codegen_streaming_store(llvm::Value *v, llvm::Value *addr, llvm::Align align,
                                 const std::string &name);
    /// Stores the lanes of `v` whose `mask` lane is set, one scalar store each.
    void codegen_lane_stores(llvm::Value *v, llvm::Value *addr, llvm::Align align,
                             llvm::Value *mask, const std::string &name);
    /// Marks a load or store of buffer/allocation `name` with alias scope metadata.
    void add_alias_info(llvm::Instruction *inst, const std::string &name);
    void collect_allocations(const Stmt &s);

    // ------------------------------------------------------------- calls
    llvm::Value *codegen_intrinsic(const Call *op);
    llvm::Value *codegen_float_math(const Call *op);
    llvm::Value *codegen_saturating_cast(Type from, Type to, llvm::Value *v);
    llvm::Value *codegen_extern_call(const Call *op);
    /// Calls a function of the C runtime (weft_runtime.h) declared by name.
    llvm::Value *call_runtime(const std::string &name, llvm::Type *ret,
                              const std::vector<llvm::Value *> &args,
                              const std::vector<Type> &arg_types = {});
    llvm::Function *declare_c_function(const std::string &name, llvm::Type *ret,
                                       const std::vector<llvm::Type *> &params,
                                       const std::vector<Type> &arg_types);

    // ------------------------------------------------------------- functions
    /// A new function of the module for this target (attributes set).
    llvm::Function *make_function(const std::string &name, llvm::FunctionType *type, bool external);
    void build_entry_point(const LoweredPipeline &p);
    /// Emits `free everything live; return code` at the insertion point (which then
    /// has no valid position until the caller sets one).
    void emit_error_return(llvm::Value *code);
    /// Branches to an error exit returning `code` when `failed` is true.
    void branch_to_error_exit_if(llvm::Value *failed, llvm::Value *code, const char *what);
    llvm::AllocaInst *entry_block_alloca(llvm::Type *t, llvm::Value *count, const std::string &name,
                                         uint64_t align);
    void codegen_serial_for(const For *op);
    /// llvm.loop hints for a Vectorized or Unrolled loop (nullptr for others).
    llvm::MDNode *loop_metadata(const For *op);
    void codegen_parallel_for(const For *op);

    // ------------------------------------------------------------- GPU host side
    // (CodeGen_GPU_Host.cpp) Each outermost gpu_blocks loop becomes a kernel of the
    // device module (CodeGen_GPU_Dev) and a launch here; intermediate Funcs used only
    // by kernels live in device memory.
    void codegen_gpu_launch(const For *op);
    /// Emits the runtime calls inject_host_device_copies placed (returns false for any
    /// other Evaluate).
    bool codegen_gpu_runtime_call(const Evaluate *op);
    /// True (after emitting it) when op is an allocation only kernels use.
    bool codegen_device_allocation(const Allocate *op);
    /// Notes the buffers host code stores to (before the first launch).
    void collect_gpu_host_stores(const Stmt &body);
    /// Compiles the device module and embeds it in the host module.
    void finish_gpu_module();

    // ------------------------------------------------------------- target hooks
    /// A target-specific implementation of a weft intrinsic, or nullptr.
    virtual llvm::Value *codegen_target_intrinsic(const Call *op) {
        return nullptr;
    }
    /// Stack allocations up to this many bytes of constant size go in allocas.
    virtual int64_t max_stack_allocation_bytes() const {
        return 16 * 1024;
    }
    /// Alignment in bytes of internal allocations.
    virtual int allocation_alignment() const {
        return 64;
    }
    /// Attributes of every function generated (target CPU, features).
    virtual void set_function_attributes(llvm::Function &f) const;

    // ------------------------------------------------------------- state
    Target target_;
    llvm::LLVMContext *context_ = nullptr;
    std::unique_ptr<llvm::Module> module_;
    std::unique_ptr<llvm::IRBuilder<>> builder_;
    std::unique_ptr<llvm::MDBuilder> md_;
    llvm::Value *value_ = nullptr;
    Scope<llvm::Value *> symbols_;

    /// A heap allocation to free on every error exit of the function that made it.
    struct HeapAllocation {
        std::string name;
        llvm::Value *pointer;
        bool on_device = false; // a weft_cuda_malloc address (i64), freed by weft_cuda_free
    };
    struct FunctionState {
        llvm::Function *function = nullptr;
        std::vector<HeapAllocation> live_heap;
    };
    FunctionState function_;

    // Alias analysis: one scope per allocation name and one per buffer argument.
    llvm::MDNode *alias_domain_ = nullptr;
    std::map<std::string, llvm::MDNode *> alloc_scopes_;
    std::map<std::string, llvm::MDNode *> arg_scopes_;

    // GPU kernels (CodeGen_GPU_Host.cpp).
    std::unique_ptr<CodeGen_GPU_Dev> gpu_dev_;
    llvm::GlobalVariable *gpu_module_state_ = nullptr; // void *, for weft_cuda_load_module
    llvm::GlobalVariable *gpu_source_ = nullptr;       // placeholder for the PTX text
    llvm::GlobalVariable *gpu_source_size_ = nullptr;
    std::set<std::string> host_stored_buffers_; // buffers host code stores to
    std::set<std::string> nontemporal_buffers_; // outputs with store_nontemporal()
    int gpu_kernels_ = 0;
    std::string device_code_;

    std::map<std::string, llvm::Constant *> strings_;
    std::string pipeline_name_;
    llvm::StructType *buffer_type_ = nullptr;    // weft_buffer_t
    llvm::StructType *dimension_type_ = nullptr; // weft_dimension_t
    llvm::Type *i1_ = nullptr, *i8_ = nullptr, *i32_ = nullptr, *i64_ = nullptr, *ptr_ = nullptr;
};

/// The code generator for a Target (CodeGen_X86 for x86-64).
std::unique_ptr<CodeGen_LLVM> make_codegen(const Target &target);

} // namespace weft::internal

#endif
