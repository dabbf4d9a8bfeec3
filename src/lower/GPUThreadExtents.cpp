#include "GPUThreadExtents.h"

#include "GPULoops.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/Scope.h"

#include <map>

namespace weft::internal {

namespace {

class BoundThreadExtents : public IRMutator {
    using IRMutator::visit;

    Stmt visit(const For *op) override {
        Expr mx = simplify(Sub::make(Add::make(op->min, op->extent), make_const(Int(32), 1)));
        scope_.push(op->name, Interval(op->min, mx));
        Stmt body = mutate(op->body);
        scope_.pop(op->name);
        Expr extent = simplify(op->extent);
        if (op->for_type != ForType::GPUThread || as_const_int(extent)) {
            if (body.same_as(op->body) && extent.same_as(op->extent)) {
                return op;
            }
            return For::make(op->name, op->min, extent, op->for_type, op->device_api, body);
        }
        Expr bound = constant_upper_bound(extent, scope_, lets_);
        if (!bound.defined() || !as_const_int(bound)) {
            // Left for check_gpu_loops to report.
            return For::make(op->name, op->min, extent, op->for_type, op->device_api, body);
        }
        Expr v = Variable::make(Int(32), op->name);
        Stmt guarded = IfThenElse::make(LT::make(v, Add::make(op->min, extent)), body);
        return For::make(op->name, op->min, bound, op->for_type, op->device_api, guarded);
    }

    Stmt visit(const LetStmt *op) override {
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

    Scope<Interval> scope_;
    std::map<std::string, Expr> lets_;
};

} // namespace

Stmt bound_gpu_thread_extents(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUThread)) {
        return s;
    }
    return BoundThreadExtents().mutate(s);
}

} // namespace weft::internal
