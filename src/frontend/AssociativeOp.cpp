// Recognising associative updates (AssociativeOp.h).

#include "AssociativeOp.h"

#include "Error.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <cmath>

namespace weft::internal {

namespace {

bool calls_func(const Expr &e, const std::string &func) {
    bool found = false;
    walk_exprs(e, [&](const Expr &x) {
        const Call *c = x.as<Call>();
        found = found || (c && c->call_type == Call::Func && c->name == func);
        return !found;
    });
    return found;
}

bool is_self_call(const Expr &e, const std::string &func, const std::vector<Expr> &args) {
    const Call *c = e.as<Call>();
    if (!c || c->call_type != Call::Func || c->name != func || c->args.size() != args.size()) {
        return false;
    }
    for (size_t i = 0; i < args.size(); i++) {
        if (!equal(c->args[i], args[i])) {
            return false;
        }
    }
    return true;
}

/// Matches a binary node self op e (or e op self when `commutes`); false when `value` is
/// not a `Node`.
template <typename Node>
bool match_binary(const Expr &value, AssociativeOp op, bool commutes, const ExprPredicate &is_self,
                  const ExprPredicate &refers_to_self, AssociativeMatch &m) {
    const Node *n = value.as<Node>();
    if (!n) {
        return false;
    }
    m.op = op;
    if (is_self(n->a) && !refers_to_self(n->b)) {
        m.term = n->b;
        m.matched = true;
    } else if (commutes && is_self(n->b) && !refers_to_self(n->a)) {
        m.term = n->a;
        m.matched = true;
    }
    return true;
}

/// The match without `why`; `op_node` says whether `value` is a node of one of the ops.
AssociativeMatch match_any(const Expr &value, const ExprPredicate &is_self,
                           const ExprPredicate &refers_to_self, bool &op_node) {
    AssociativeMatch m;
    op_node = match_binary<Add>(value, AssociativeOp::Add, true, is_self, refers_to_self, m) ||
              match_binary<Sub>(value, AssociativeOp::Sub, false, is_self, refers_to_self, m) ||
              match_binary<Mul>(value, AssociativeOp::Mul, true, is_self, refers_to_self, m) ||
              match_binary<Min>(value, AssociativeOp::Min, true, is_self, refers_to_self, m) ||
              match_binary<Max>(value, AssociativeOp::Max, true, is_self, refers_to_self, m) ||
              match_binary<And>(value, AssociativeOp::And, true, is_self, refers_to_self, m) ||
              match_binary<Or>(value, AssociativeOp::Or, true, is_self, refers_to_self, m);
    return m;
}

} // namespace

AssociativeMatch match_associative(const Expr &value, const std::string &func,
                                   const std::vector<Expr> &args) {
    bool op_node = false;
    AssociativeMatch m = match_any(
        value, [&](const Expr &e) { return is_self_call(e, func, args); },
        [&](const Expr &e) { return calls_func(e, func); }, op_node);
    if (m.matched) {
        return m;
    }
    if (op_node) {
        m.why = "the other operand must not use \"" + func +
                "\", and one operand must be the call " + func + "(...) at the update's own "
                "left-hand side";
    } else {
        m.why = "its value must be " + func + "(...) op e or op(" + func +
                "(...), e) with op one of + - * min max && ||";
    }
    return m;
}

AssociativeMatch match_associative(const Expr &value, const ExprPredicate &is_self,
                                   const ExprPredicate &refers_to_self) {
    bool op_node = false;
    return match_any(value, is_self, refers_to_self, op_node);
}

Expr associative_identity(AssociativeOp op, Type t) {
    switch (op) {
    case AssociativeOp::Add:
    case AssociativeOp::Sub:
        return make_zero(t);
    case AssociativeOp::Mul:
        return make_one(t);
    case AssociativeOp::Min:
        return t.is_float() ? make_const(t, static_cast<double>(INFINITY)) : t.max();
    case AssociativeOp::Max:
        return t.is_float() ? make_const(t, -static_cast<double>(INFINITY)) : t.min();
    case AssociativeOp::And:
        return const_true();
    case AssociativeOp::Or:
        return const_false();
    }
    internal_error << "associative_identity: unknown operator";
    return Expr();
}

Expr associative_update(AssociativeOp op, const Expr &self, const Expr &e) {
    if (op == AssociativeOp::Sub) {
        return Sub::make(self, e);
    }
    return associative_combine(op, self, e);
}

Expr associative_combine(AssociativeOp op, const Expr &a, const Expr &b) {
    switch (op) {
    case AssociativeOp::Add:
    case AssociativeOp::Sub:
        return Add::make(a, b);
    case AssociativeOp::Mul:
        return Mul::make(a, b);
    case AssociativeOp::Min:
        return Min::make(a, b);
    case AssociativeOp::Max:
        return Max::make(a, b);
    case AssociativeOp::And:
        return And::make(a, b);
    case AssociativeOp::Or:
        return Or::make(a, b);
    }
    internal_error << "associative_combine: unknown operator";
    return Expr();
}

} // namespace weft::internal
