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

/// Matches a binary node self op e (or e op self when `commutes`).
template <typename Node>
bool match_binary(const Expr &value, AssociativeOp op, bool commutes, const std::string &func,
                  const std::vector<Expr> &args, AssociativeMatch &m) {
    const Node *n = value.as<Node>();
    if (!n) {
        return false;
    }
    m.op = op;
    if (is_self_call(n->a, func, args) && !calls_func(n->b, func)) {
        m.term = n->b;
    } else if (commutes && is_self_call(n->b, func, args) && !calls_func(n->a, func)) {
        m.term = n->a;
    } else {
        m.why = "the other operand must not use \"" + func +
                "\", and one operand must be the call " + func + "(...) at the update's own "
                "left-hand side";
        return true;
    }
    m.matched = true;
    return true;
}

} // namespace

AssociativeMatch match_associative(const Expr &value, const std::string &func,
                                   const std::vector<Expr> &args) {
    AssociativeMatch m;
    if (match_binary<Add>(value, AssociativeOp::Add, true, func, args, m) ||
        match_binary<Sub>(value, AssociativeOp::Sub, false, func, args, m) ||
        match_binary<Mul>(value, AssociativeOp::Mul, true, func, args, m) ||
        match_binary<Min>(value, AssociativeOp::Min, true, func, args, m) ||
        match_binary<Max>(value, AssociativeOp::Max, true, func, args, m) ||
        match_binary<And>(value, AssociativeOp::And, true, func, args, m) ||
        match_binary<Or>(value, AssociativeOp::Or, true, func, args, m)) {
        return m;
    }
    m.why = "its value must be " + func + "(...) op e or op(" + func +
            "(...), e) with op one of + - * min max && ||";
    return m;
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
