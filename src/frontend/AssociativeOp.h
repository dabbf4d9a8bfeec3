#ifndef WEFT_FRONTEND_ASSOCIATIVEOP_H
#define WEFT_FRONTEND_ASSOCIATIVEOP_H

// Recognising an associative update, for rfactor (RFactor.cpp): f(args) = f(args) op e
// or op(f(args), e), with the self-call on either side, where e does not call f and op
// is one of + * min max && || (and -, self-call first only: f - e1 - e2 is
// f + ((0 - e1) - e2), so partial results combine with +). The self-call must read f at
// exactly the update's left-hand side (deep equality). The same match over another kind
// of self read (a Load of the stored site, for vectorize_reductions) takes predicates.
//
// Guarantees: identity(op) op x == x for every x of the type (min/max of floats use
// +-infinity, of integers the type's limits), so a partial result never written is
// harmless.
//
// Tested through tests/correctness/rfactor.cpp and tests/error/rfactor_not_associative.cpp.

#include "ir/IR.h"

#include <functional>
#include <string>
#include <vector>

namespace weft::internal {

enum class AssociativeOp { Add, Sub, Mul, Min, Max, And, Or };

struct AssociativeMatch {
    bool matched = false;
    AssociativeOp op = AssociativeOp::Add;
    Expr term;       // e
    std::string why; // when not matched: what is wrong, for the user
};

/// Matches `value` (an update of Func `func` at left-hand side `args`).
AssociativeMatch match_associative(const Expr &value, const std::string &func,
                                   const std::vector<Expr> &args);

using ExprPredicate = std::function<bool(const Expr &)>;

/// Matches `value` as self op e (or e op self where op commutes), with `is_self` true of
/// the read of the updated site and `refers_to_self` of any e that reads it (e must not).
/// `why` is left empty: the caller words its own message.
AssociativeMatch match_associative(const Expr &value, const ExprPredicate &is_self,
                                   const ExprPredicate &refers_to_self);

/// The identity of the operator that combines partial results, in type t.
Expr associative_identity(AssociativeOp op, Type t);

/// self op e, the update as written (self - e for Sub).
Expr associative_update(AssociativeOp op, const Expr &self, const Expr &e);

/// a op' b, combining two partial results (+ for Sub).
Expr associative_combine(AssociativeOp op, const Expr &a, const Expr &b);

} // namespace weft::internal

#endif
