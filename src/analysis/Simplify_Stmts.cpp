// Simplifier: statements. Empty loops and branches disappear, loop variables get the
// bounds of their loop inside its body (constant bounds always, symbolic ones for
// proving IfThenElse conditions), IfThenElse conditions are decided where provable and
// teach their branches bounds of the variables they compare with constants,
// LetStmts of constants, variables and variable +- constant are inlined and unused ones dropped, true asserts
// and constant Evaluates vanish.

#include "Simplify_Internal.h"

#include "Substitute.h"

namespace weft::internal::simplify_detail {

Stmt Simplifier::mutate_substituted(const std::string &name, const Expr &value, const Stmt &body) {
    if (expr_uses_var(value, name)) {
        return mutate(substitute(name, value, body));
    }
    substitutions.push(name, value);
    Stmt result = mutate(body);
    substitutions.pop(name);
    return result;
}

Stmt Simplifier::visit(const LetStmt *op) {
    ExprInfo vi;
    Expr value = mutate(op->value, vi);
    if (is_trivial_value(value)) {
        return mutate_substituted(op->name, value, op->body);
    }
    bool hidden = hide_substitution(op->name);
    var_info.push(op->name, vi);
    bool hide = symbolic.contains(op->name);
    if (hide) {
        symbolic.push(op->name, Interval::everything());
    }
    Stmt body = mutate(op->body);
    if (hide) {
        symbolic.pop(op->name);
    }
    var_info.pop(op->name);
    unhide_substitution(op->name, hidden);
    if (is_no_op(body) || (is_pure(value) && !stmt_uses_var(body, op->name))) {
        return body;
    }
    if (value.same_as(op->value) && body.same_as(op->body)) {
        return op;
    }
    return LetStmt::make(op->name, value, body);
}

Stmt Simplifier::visit(const AssertStmt *op) {
    Expr cond = mutate(op->condition);
    if (is_const_true(cond)) {
        return make_no_op();
    }
    Expr message = mutate(op->message);
    if (cond.same_as(op->condition) && message.same_as(op->message)) {
        return op;
    }
    return AssertStmt::make(cond, message);
}

Stmt Simplifier::visit(const ProducerConsumer *op) {
    Stmt body = mutate(op->body);
    if (is_no_op(body)) {
        return body;
    }
    if (body.same_as(op->body)) {
        return op;
    }
    return ProducerConsumer::make(op->name, op->is_producer, body);
}

Stmt Simplifier::visit(const For *op) {
    ExprInfo imin, iext;
    Expr min = mutate(op->min, imin);
    Expr extent = mutate(op->extent, iext);
    if (iext.max && *iext.max <= 0) {
        return make_no_op();
    }
    ExprInfo loop;
    loop.min = imin.min;
    if (imin.max && iext.max) {
        auto hi = arith::checked_add(*imin.max, *iext.max - 1);
        loop.max = hi;
    }
    loop = finalize_info(Int(32), loop.min, loop.max);
    var_info.push(op->name, loop);
    Interval symbolic_range(min, resimplify(Add::make(min, Sub::make(extent, make_one(Int(32))))));
    symbolic.push(op->name, symbolic_range);
    bool hidden = hide_substitution(op->name);
    Stmt body = mutate(op->body);
    unhide_substitution(op->name, hidden);
    symbolic.pop(op->name);
    var_info.pop(op->name);
    if (is_no_op(body)) {
        return body;
    }
    if (min.same_as(op->min) && extent.same_as(op->extent) && body.same_as(op->body)) {
        return op;
    }
    return For::make(op->name, min, extent, op->for_type, op->device_api, body);
}

Stmt Simplifier::visit(const Allocate *op) {
    std::vector<Expr> extents;
    bool changed = mutate_all(op->extents, extents);
    Expr condition = mutate(op->condition);
    Stmt body = mutate(op->body);
    if (is_no_op(body)) {
        return body;
    }
    if (!changed && condition.same_as(op->condition) && body.same_as(op->body)) {
        return op;
    }
    return Allocate::make(op->name, op->type, op->memory_type, extents, condition, body);
}

Stmt Simplifier::visit(const Realize *op) {
    Region bounds;
    bool changed = false;
    for (const Range &r : op->bounds) {
        Expr mn = mutate(r.min);
        Expr ex = mutate(r.extent);
        changed = changed || !mn.same_as(r.min) || !ex.same_as(r.extent);
        bounds.emplace_back(mn, ex);
    }
    Expr condition = mutate(op->condition);
    Stmt body = mutate(op->body);
    if (is_no_op(body)) {
        return body;
    }
    if (!changed && condition.same_as(op->condition) && body.same_as(op->body)) {
        return op;
    }
    return Realize::make(op->name, op->types, op->memory_type, bounds, condition, body);
}

Stmt Simplifier::visit(const Block *op) {
    Stmt first = mutate(op->first);
    Stmt rest = mutate(op->rest);
    if (is_no_op(first)) {
        return rest;
    }
    if (is_no_op(rest)) {
        return first;
    }
    if (first.same_as(op->first) && rest.same_as(op->rest)) {
        return op;
    }
    return Block::make(first, rest);
}

Stmt Simplifier::visit(const IfThenElse *op) {
    Expr cond = mutate(op->condition);
    Expr bare = strip_likely(cond);
    std::optional<bool> decided;
    if (auto c = const_int(bare)) {
        decided = *c != 0;
    } else {
        decided = prove_symbolic(bare);
    }
    if (decided) {
        Stmt taken = *decided ? op->then_case : op->else_case;
        return taken.defined() ? mutate(taken) : make_no_op();
    }
    auto facts = learn(bare, true);
    Stmt then_case = mutate(op->then_case);
    forget(facts);
    Stmt else_case;
    if (op->else_case.defined()) {
        facts = learn(bare, false);
        else_case = mutate(op->else_case);
        forget(facts);
        if (is_no_op(else_case)) {
            else_case = Stmt();
        }
    }
    if (is_no_op(then_case) && !else_case.defined()) {
        return make_no_op();
    }
    if (is_no_op(then_case)) {
        return IfThenElse::make(simplify_not(cond), else_case);
    }
    if (cond.same_as(op->condition) && then_case.same_as(op->then_case) &&
        else_case.same_as(op->else_case)) {
        return op;
    }
    return IfThenElse::make(cond, then_case, else_case);
}

Stmt Simplifier::visit(const Evaluate *op) {
    Expr value = mutate(op->value);
    if (is_const(value)) {
        return is_const(op->value) ? Stmt(op) : make_no_op();
    }
    if (value.same_as(op->value)) {
        return op;
    }
    return Evaluate::make(value);
}

} // namespace weft::internal::simplify_detail
