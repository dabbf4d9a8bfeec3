#include "GPUMemoryPlacement.h"

#include "Error.h"
#include "GPULoops.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"
#include "ir/Scope.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

class PlaceGPUAllocations : public IRMutator {
    using IRMutator::visit;

    Stmt visit(const For *op) override {
        const bool kernel = op->for_type == ForType::GPUBlock && kernel_.empty();
        if (kernel) {
            kernel_ = op->name;
            shared_bytes_ = 0;
            shared_funcs_.clear();
        }
        const bool thread = op->for_type == ForType::GPUThread;
        thread_depth_ += thread ? 1 : 0;
        Expr mx = simplify(Sub::make(Add::make(op->min, op->extent), make_const(Int(32), 1)));
        scope_.push(op->name, Interval(op->min, mx));
        Stmt s = IRMutator::visit(op);
        scope_.pop(op->name);
        thread_depth_ -= thread ? 1 : 0;
        if (kernel) {
            kernel_.clear();
        }
        return s;
    }

    Stmt visit(const LetStmt *op) override {
        if (kernel_.empty()) {
            return IRMutator::visit(op);
        }
        scope_.push(op->name, bounds_of_expr_in_scope(op->value, scope_));
        auto shadowed = lets_.find(op->name);
        Expr saved = shadowed == lets_.end() ? Expr() : shadowed->second;
        lets_[op->name] = op->value;
        Stmt s = IRMutator::visit(op);
        if (saved.defined()) {
            lets_[op->name] = saved;
        } else {
            lets_.erase(op->name);
        }
        scope_.pop(op->name);
        return s;
    }

    /// The extents of op as constants (each the largest value it can take), or an
    /// error naming the Func.
    std::vector<Expr> constant_extents(const Allocate *op, const char *where) {
        std::vector<Expr> out;
        for (const Expr &e : op->extents) {
            Expr s = constant_upper_bound(e, scope_, lets_);
            user_assert(s.defined() && as_const_int(s))
                << "Func \"" << op->name << "\" is stored in " << where << " in the kernel of loop \""
                << kernel_ << "\", but its size (" << e
                << ") has no constant bound; tile its consumer by constant sizes (gpu_tile) "
                   "or bound() its Vars";
            out.push_back(make_const(Int(32), std::max<int64_t>(*as_const_int(s), 1)));
        }
        return out;
    }

    Stmt visit(const Allocate *op) override {
        if (kernel_.empty()) {
            return IRMutator::visit(op);
        }
        MemoryType mt = op->memory_type;
        user_assert(mt != MemoryType::Heap)
            << "Func \"" << op->name << "\" is store_in(MemoryType::Heap) but computed inside the "
            << "GPU kernel of loop \"" << kernel_
            << "\"; a kernel cannot allocate heap memory. Use GPUShared, Register, or compute "
               "it at the root";
        if (thread_depth_ > 0) {
            user_assert(mt != MemoryType::GPUShared)
                << "Func \"" << op->name
                << "\" is store_in(MemoryType::GPUShared) but computed inside a gpu_threads loop "
                   "of the kernel of loop \""
                << kernel_ << "\"; shared memory belongs to a block: compute it at a gpu_blocks loop";
            mt = MemoryType::Register;
        } else {
            user_assert(mt != MemoryType::Register && mt != MemoryType::Stack)
                << "Func \"" << op->name << "\" is store_in(" << to_string(mt)
                << ") but computed at the block level of the kernel of loop \"" << kernel_
                << "\"; per-thread storage must be computed inside a gpu_threads loop (or use "
                   "MemoryType::GPUShared)";
            mt = MemoryType::GPUShared;
        }
        std::vector<Expr> extents =
            constant_extents(op, mt == MemoryType::GPUShared ? "GPU shared memory" : "registers");
        int64_t elems = 1;
        for (const Expr &e : extents) {
            elems *= *as_const_int(e);
        }
        const int64_t bytes = elems * op->type.bytes() * op->type.lanes;
        if (mt == MemoryType::GPUShared) {
            shared_bytes_ += bytes;
            shared_funcs_ += (shared_funcs_.empty() ? "" : ", ") + op->name + " (" +
                             std::to_string(bytes) + " bytes)";
            user_assert(shared_bytes_ <= max_gpu_shared_bytes)
                << "Func \"" << op->name << "\" needs " << bytes
                << " bytes of GPU shared memory in the kernel of loop \"" << kernel_
                << "\", which then uses " << shared_bytes_ << " bytes (" << shared_funcs_
                << "); a block may use at most " << max_gpu_shared_bytes
                << " bytes (48 KiB) of static shared memory. Use smaller tiles";
        }
        Stmt body = mutate(op->body);
        return Allocate::make(op->name, op->type, mt, extents, op->condition, body);
    }

    std::string kernel_;
    int thread_depth_ = 0;
    int64_t shared_bytes_ = 0;
    std::string shared_funcs_;
    Scope<Interval> scope_;
    std::map<std::string, Expr> lets_;
};

} // namespace

Stmt place_gpu_allocations(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUBlock)) {
        return s;
    }
    return PlaceGPUAllocations().mutate(s);
}

} // namespace weft::internal
