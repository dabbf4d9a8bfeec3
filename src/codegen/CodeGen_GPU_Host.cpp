// The host side of GPU kernels in CodeGen_LLVM (a Target with CUDA): each outermost
// gpu_blocks loop becomes a kernel of the device module and, here, a launch:
//
//     weft_cuda_initialize(uc)                              (cheap after the first)
//     weft_cuda_load_module(uc, &module_state, ptx, size)   (loads once per context)
//     weft_cuda_copy_to_device(uc, b.buffer)  for each buffer the kernel reads (or that
//                                             host code writes somewhere)
//     weft_cuda_device_malloc(uc, b.buffer)   for each buffer it only writes
//     weft_cuda_launch(uc, module_state, "kernel", blocks..., threads..., 0, args)
//     weft_buffer_set_device_dirty(b.buffer, 1)  for each buffer it writes
//
// Every result is checked; a nonzero one is returned from the entry point after the
// live allocations are freed. Kernel arguments are the closure of the kernel: every
// name the kernel uses that the host defines (buffers as device addresses, scalars by
// value), in name order. The grid is the extents of the kernel's block loops
// (evaluated here, before the launch); the block is the largest constant extent of the
// thread loops in each dimension.
//
// Intermediate Funcs that only kernels touch (inject_host_device_copies rejects any
// other mix) are allocated with weft_cuda_malloc and freed with weft_cuda_free, on every
// exit. The device module is compiled once, after the entry point, and embedded as a
// constant string (finish_gpu_module). See CodeGen_LLVM.h and CodeGen_PTX_Dev.h.

#include "codegen/CodeGen_LLVM.h"

#include "Debug.h"
#include "Error.h"
#include "codegen/CodeGen_PTX_Dev.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "lower/GPULoops.h"

#include <llvm/IR/Intrinsics.h>

#include <array>
#include <cctype>

namespace weft::internal {

namespace {

/// Every name a kernel refers to, and the memory it loads from and stores to.
class KernelUses : public IRVisitor {
public:
    std::set<std::string> names, loads, stores;

    using IRVisitor::visit;
    void visit(const Variable *op) override { names.insert(op->name); }
    void visit(const Load *op) override {
        names.insert(op->name);
        loads.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        names.insert(op->name);
        stores.insert(op->name);
        IRVisitor::visit(op);
    }
};

std::string kernel_name(const std::string &pipeline, const std::string &loop, int index) {
    std::string n = "weft_" + pipeline + "_k" + std::to_string(index) + "_" + loop;
    for (char &c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
            c = '_';
        }
    }
    return n;
}

/// The weft Type a host value of LLVM type t is passed as.
Type type_of_llvm(llvm::Type *t) {
    if (t->isIntegerTy()) {
        const int bits = int(t->getIntegerBitWidth());
        return bits == 1 ? Bool() : Int(bits);
    }
    if (t->isFloatTy()) {
        return Float(32);
    }
    if (t->isDoubleTy()) {
        return Float(64);
    }
    if (t->isHalfTy()) {
        return Float(16);
    }
    if (t->isBFloatTy()) {
        return BFloat(16);
    }
    internal_assert(t->isPointerTy()) << "codegen_gpu_launch: kernel argument of an unknown type";
    return Handle();
}

/// True when a kernel (gpu_blocks loop) inside s refers to `name`.
bool used_by_kernel(const Stmt &s, const std::string &name) {
    bool used = false;
    walk_stmts(s, [&](const Stmt &st) {
        const For *f = st.as<For>();
        if (!used && is_gpu_block_loop(f)) {
            KernelUses u;
            u.walk(st);
            used = u.names.count(name) > 0;
        }
    });
    return used;
}

} // namespace

void CodeGen_LLVM::codegen_gpu_launch(const For *op) {
    if (!gpu_dev_) {
        gpu_dev_ = std::make_unique<CodeGen_PTX_Dev>(target_, *context_);
        gpu_module_state_ = new llvm::GlobalVariable(
            *module_, ptr_, false, llvm::GlobalValue::InternalLinkage,
            llvm::ConstantPointerNull::get(llvm::PointerType::get(*context_, 0)),
            "weft_" + pipeline_name_ + ".cuda_module");
        gpu_source_ = new llvm::GlobalVariable(*module_, i8_, true,
                                               llvm::GlobalValue::InternalLinkage,
                                               builder_->getInt8(0), "weft.ptx.placeholder");
        gpu_source_size_ =
            new llvm::GlobalVariable(*module_, i64_, true, llvm::GlobalValue::InternalLinkage,
                                     builder_->getInt64(0), "weft_" + pipeline_name_ + ".ptx_size");
    }
    const std::string name = kernel_name(pipeline_name_, op->name, gpu_kernels_++);

    // The closure: what the kernel uses that is defined here.
    KernelUses uses;
    uses.walk(Stmt(op));
    std::vector<DeviceArgument> dev_args;
    std::vector<llvm::Value *> values;
    for (const std::string &n : uses.names) {
        if (n == "__user_context" || !symbols_.contains(n)) {
            continue;
        }
        const bool is_buffer = uses.loads.count(n) || uses.stores.count(n);
        llvm::Value *v = sym_get(n);
        internal_assert(is_buffer || !v->getType()->isPointerTy())
            << "codegen_gpu_launch: kernel " << name << " uses the host pointer " << n;
        dev_args.push_back({n, is_buffer, is_buffer ? UInt(64) : type_of_llvm(v->getType())});
        values.push_back(v);
    }

    // The grid: the extents of the block loops, outermost first (z, y, x order by
    // nesting); lets between block loops are evaluated here when they do not depend on
    // a block index.
    std::array<llvm::Value *, 3> blocks = {builder_->getInt32(1), builder_->getInt32(1),
                                           builder_->getInt32(1)};
    std::vector<std::string> pushed;
    std::vector<std::string> block_vars;
    Stmt s = Stmt(op);
    while (s.defined()) {
        if (const For *f = s.as<For>(); is_gpu_block_loop(f)) {
            for (const std::string &bv : block_vars) {
                user_assert(!expr_uses_var(f->extent, bv))
                    << "Func \"" << func_of_loop(f->name) << "\": the extent of the gpu_blocks loop \""
                    << f->name << "\" depends on the block loop \"" << bv
                    << "\"; block loops of one kernel need independent extents";
            }
            blocks[gpu_loop_dimension(f)] = codegen(f->extent);
            block_vars.push_back(f->name);
            s = f->body;
        } else if (const LetStmt *l = s.as<LetStmt>()) {
            bool depends = false;
            for (const std::string &bv : block_vars) {
                depends = depends || expr_uses_var(l->value, bv);
            }
            if (depends) {
                break;
            }
            sym_push(l->name, codegen(l->value));
            pushed.push_back(l->name);
            s = l->body;
        } else {
            break;
        }
    }
    std::array<int64_t, 3> threads = {1, 1, 1};
    walk_stmts(Stmt(op), [&](const Stmt &st) {
        const For *f = st.as<For>();
        if (is_gpu_thread_loop(f)) {
            const int d = gpu_loop_dimension(f);
            threads[d] = std::max(threads[d], as_const_int(f->extent).value_or(1));
        }
    });
    for (auto it = pushed.rbegin(); it != pushed.rend(); ++it) {
        sym_pop(*it);
    }

    gpu_dev_->add_kernel(Stmt(op), name, dev_args);
    if (debug_level() >= 1) {
        std::string arg_names;
        for (const DeviceArgument &a : dev_args) {
            arg_names += (arg_names.empty() ? "" : ", ") + std::string(a.is_buffer ? "buffer " : "") + a.name;
        }
        debug(1) << "[" << pipeline_name_ << "] GPU kernel " << name << ": blocks of " << threads[0]
                 << "x" << threads[1] << "x" << threads[2] << " threads; arguments " << arg_names
                 << "\n";
    }

    llvm::Value *uc = sym_get("__user_context");
    auto check = [&](llvm::Value *result, const std::string &what) {
        llvm::Value *failed = builder_->CreateICmpNE(result, builder_->getInt32(0));
        branch_to_error_exit_if(failed, result, (name + "." + what).c_str());
    };
    check(call_runtime("weft_cuda_initialize", i32_, {uc}), "init");
    llvm::Value *size = builder_->CreateLoad(i64_, gpu_source_size_);
    check(call_runtime("weft_cuda_load_module", i32_, {uc, gpu_module_state_, gpu_source_, size}),
          "load_module");

    // Arguments: one slot per argument holding its value; buffers pass device addresses.
    llvm::ArrayType *slots_t = llvm::ArrayType::get(ptr_, std::max<size_t>(dev_args.size(), 1));
    llvm::AllocaInst *slots = entry_block_alloca(slots_t, nullptr, name + ".args", 8);
    std::vector<std::string> written;
    for (size_t i = 0; i < dev_args.size(); i++) {
        const DeviceArgument &a = dev_args[i];
        llvm::Value *value = values[i];
        if (a.is_buffer) {
            if (symbols_.contains(a.name + ".buffer")) {
                llvm::Value *buf = sym_get(a.name + ".buffer");
                const bool read = uses.loads.count(a.name) || host_stored_buffers_.count(a.name);
                check(call_runtime(read ? "weft_cuda_copy_to_device" : "weft_cuda_device_malloc",
                                   i32_, {uc, buf}),
                      a.name + (read ? ".copy_to_device" : ".device_malloc"));
                // weft_buffer_t's first field is the device address.
                value = builder_->CreateLoad(i64_, buf, a.name + ".device");
                if (uses.stores.count(a.name)) {
                    written.push_back(a.name);
                }
            } else {
                internal_assert(value->getType() == i64_)
                    << "codegen_gpu_launch: " << a.name << " is neither a buffer argument nor a "
                    << "device allocation";
            }
        }
        llvm::AllocaInst *slot = entry_block_alloca(value->getType(), nullptr, a.name + ".arg", 8);
        builder_->CreateStore(value, slot);
        builder_->CreateStore(slot, builder_->CreateConstInBoundsGEP2_32(slots_t, slots, 0, unsigned(i)));
    }
    llvm::Value *module_state = builder_->CreateLoad(ptr_, gpu_module_state_);
    std::vector<llvm::Value *> launch_args = {uc, module_state, codegen(Expr(name))};
    for (llvm::Value *b : blocks) {
        launch_args.push_back(b);
    }
    for (int64_t t : threads) {
        launch_args.push_back(builder_->getInt32(int32_t(t)));
    }
    launch_args.push_back(builder_->getInt32(0)); // static shared memory only
    launch_args.push_back(slots);
    check(call_runtime("weft_cuda_launch", i32_, launch_args), "launch");
    for (const std::string &b : written) {
        call_runtime("weft_buffer_set_device_dirty", llvm::Type::getVoidTy(*context_),
                     {sym_get(b + ".buffer"), builder_->getInt32(1)});
    }
}

void CodeGen_LLVM::collect_gpu_host_stores(const Stmt &body) {
    // inject_host_device_copies marks each host store to a buffer kernels also use.
    walk_exprs(body, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        if (c && c->name == "weft_buffer_set_host_dirty") {
            if (const Variable *v = c->args[0].as<Variable>()) {
                host_stored_buffers_.insert(v->name.substr(0, v->name.size() - 7)); // ".buffer"
            }
        }
        return true;
    });
}

bool CodeGen_LLVM::codegen_gpu_runtime_call(const Evaluate *op) {
    const Call *c = op->value.as<Call>();
    if (!c || c->call_type != Call::Extern) {
        return false;
    }
    if (c->name == "weft_cuda_copy_to_host") {
        llvm::Value *r = call_runtime(c->name, i32_, {codegen(c->args[0]), codegen(c->args[1])});
        llvm::Value *failed = builder_->CreateICmpNE(r, builder_->getInt32(0));
        branch_to_error_exit_if(failed, r, "copy_to_host");
        return true;
    }
    if (c->name == "weft_buffer_set_host_dirty") {
        call_runtime(c->name, llvm::Type::getVoidTy(*context_),
                     {codegen(c->args[0]), codegen(c->args[1])});
        return true;
    }
    return false;
}

bool CodeGen_LLVM::codegen_device_allocation(const Allocate *op) {
    if (!used_by_kernel(op->body, op->name)) {
        return false;
    }
    llvm::Value *uc = sym_get("__user_context");
    const Type t = op->type;
    // Size in bytes; an overflowing product asks for 2^64-1 bytes, which fails.
    llvm::Value *bytes = builder_->getInt64(uint64_t(t.bytes()) * uint64_t(t.lanes));
    llvm::Value *overflow = builder_->getFalse();
    for (const Expr &e : op->extents) {
        llvm::Value *ext = builder_->CreateSExt(codegen(e), i64_);
        ext = builder_->CreateBinaryIntrinsic(llvm::Intrinsic::smax, ext, builder_->getInt64(0));
        llvm::Value *r =
            builder_->CreateBinaryIntrinsic(llvm::Intrinsic::umul_with_overflow, bytes, ext);
        bytes = builder_->CreateExtractValue(r, 0);
        overflow = builder_->CreateOr(overflow, builder_->CreateExtractValue(r, 1));
    }
    bytes = builder_->CreateSelect(overflow, builder_->getInt64(~uint64_t(0)), bytes);
    llvm::AllocaInst *addr_slot = entry_block_alloca(i64_, nullptr, op->name + ".device_slot", 8);
    llvm::Value *r = call_runtime("weft_cuda_malloc", i32_, {uc, bytes, addr_slot});
    llvm::Value *failed = builder_->CreateICmpNE(r, builder_->getInt32(0));
    branch_to_error_exit_if(failed, r, (op->name + ".cuda_malloc").c_str());
    llvm::Value *addr = builder_->CreateLoad(i64_, addr_slot, op->name + ".device");

    function_.live_heap.push_back({op->name, addr, true});
    const size_t depth = function_.live_heap.size();
    sym_push(op->name, addr);
    codegen(op->body);
    sym_pop(op->name);
    const bool still_live =
        function_.live_heap.size() >= depth && function_.live_heap[depth - 1].name == op->name;
    if (still_live) {
        function_.live_heap.erase(function_.live_heap.begin() + (depth - 1));
        if (builder_->GetInsertBlock()) {
            call_runtime("weft_cuda_free", i32_, {uc, addr});
        }
    }
    return true;
}

void CodeGen_LLVM::finish_gpu_module() {
    if (!gpu_dev_) {
        device_code_.clear();
        return;
    }
    device_code_ = gpu_dev_->compile_to_src();
    if (debug_level() >= 2) {
        debug(2) << "PTX of " << pipeline_name_ << ":\n" << device_code_ << "\n";
    }
    llvm::Constant *text = llvm::ConstantDataArray::getString(*context_, device_code_, true);
    auto *g = new llvm::GlobalVariable(*module_, text->getType(), true,
                                       llvm::GlobalValue::InternalLinkage, text,
                                       "weft_" + pipeline_name_ + ".ptx");
    g->setAlignment(llvm::Align(16));
    gpu_source_->replaceAllUsesWith(g);
    gpu_source_->eraseFromParent();
    gpu_source_ = nullptr;
    gpu_source_size_->setInitializer(builder_->getInt64(device_code_.size()));
    gpu_dev_.reset();
}

} // namespace weft::internal
