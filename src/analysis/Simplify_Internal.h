#ifndef WEFT_ANALYSIS_SIMPLIFY_INTERNAL_H
#define WEFT_ANALYSIS_SIMPLIFY_INTERNAL_H

// Private to the simplifier (Simplify_*.cpp): the Simplifier class, the constant
// bounds it tracks for every subexpression, and the linear-form helpers used to
// collect terms. Not for use outside src/analysis/Simplify_*.cpp.
//
// Each expression visit returns the simplified Expr and fills an ExprInfo with
// constant bounds of its value (over all lanes). For Int(32)/Int(64) the bounds assume
// no overflow (Halide's rule for index math); for other integer types they are exact
// or the whole range of the type.

#include "ir/ExprEqual.h"
#include "IntArith.h"
#include "Interval.h"
#include "Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/Scope.h"

#include <optional>
#include <utility>
#include <vector>

namespace weft::internal::simplify_detail {

/// Constant bounds of an integer or bool expression (mathematical values).
struct ExprInfo {
    std::optional<int64_t> min, max;

    bool is_const() const { return min && max && *min == *max; }
    bool known_nonnegative() const { return min && *min >= 0; }
    bool known_positive() const { return min && *min > 0; }
};

/// Bounds for a value of type t given candidate ends (see file comment).
ExprInfo finalize_info(Type t, std::optional<int64_t> mn, std::optional<int64_t> mx);
/// The whole range of t (empty for non-integer types; [0, 1] for bool).
ExprInfo type_info(Type t);
ExprInfo info_union(const ExprInfo &a, const ExprInfo &b);
/// Bounds of a + b, a - b, a * b, a / b, a % b for values of type t.
ExprInfo info_add(Type t, const ExprInfo &a, const ExprInfo &b);
ExprInfo info_sub(Type t, const ExprInfo &a, const ExprInfo &b);
ExprInfo info_mul(Type t, const ExprInfo &a, const ExprInfo &b);
ExprInfo info_div(Type t, const ExprInfo &a, const ExprInfo &b);
ExprInfo info_mod(Type t, const ExprInfo &a, const ExprInfo &b);
ExprInfo info_const(int64_t v);

/// The constant value of an int/uint/bool scalar or broadcast in canonical form.
std::optional<int64_t> const_int(const Expr &e);
/// A constant of integer (or bool) type t from a canonical value (broadcast if vector).
Expr make_int(Type t, int64_t v);
/// Removes a likely() wrapper, if any.
Expr strip_likely(const Expr &e);

/// sum(coeff * term) + constant, in the ring of integers of a type (wrapping).
struct LinearForm {
    struct Term {
        Expr e;
        int64_t coeff;
    };
    std::vector<Term> terms;
    int64_t constant = 0;
    int constants_seen = 0;
    bool combined = false; // two terms merged, a term cancelled, or constants folded
    /// False when some coefficient or the constant wrapped (its exact value does not fit
    /// the type). Rewrites that rely on the absence of overflow need exact forms.
    bool exact = true;
};

/// Adds scale * e to `form`. Returns false when the form grows too large.
bool linearize(const Expr &e, int64_t scale, Type t, LinearForm &form);
/// Rebuilds an expression from a linear form.
Expr build_linear(const LinearForm &form, Type t);
/// For a linear form d of a - b: {lhs, rhs} with lhs - rhs == d, positive terms on
/// the left and the constant on the right (or alone on the left when no term is).
std::pair<Expr, Expr> split_linear_comparison(const LinearForm &d, Type t);

class Simplifier : public IRMutator {
public:
    explicit Simplifier(const Scope<Interval> *bounds);

    using IRMutator::mutate;
    using IRMutator::visit;

    Expr mutate(const Expr &e) override;
    Expr mutate(const Expr &e, ExprInfo &info);

    // Expressions (Simplify.cpp, Simplify_Arith.cpp, Simplify_MinMax.cpp, Simplify_Logic.cpp)
    Expr visit_const(const Expr &e, ExprInfo &info);
    Expr visit(const Cast *op, ExprInfo &info);
    Expr visit(const Reinterpret *op, ExprInfo &info);
    Expr visit(const Variable *op, ExprInfo &info);
    Expr visit(const Add *op, ExprInfo &info);
    Expr visit(const Sub *op, ExprInfo &info);
    Expr visit(const Mul *op, ExprInfo &info);
    Expr visit(const Div *op, ExprInfo &info);
    Expr visit(const Mod *op, ExprInfo &info);
    Expr visit(const Min *op, ExprInfo &info);
    Expr visit(const Max *op, ExprInfo &info);
    Expr visit(const EQ *op, ExprInfo &info);
    Expr visit(const NE *op, ExprInfo &info);
    Expr visit(const LT *op, ExprInfo &info);
    Expr visit(const LE *op, ExprInfo &info);
    Expr visit(const GT *op, ExprInfo &info);
    Expr visit(const GE *op, ExprInfo &info);
    Expr visit(const And *op, ExprInfo &info);
    Expr visit(const Or *op, ExprInfo &info);
    Expr visit(const Not *op, ExprInfo &info);
    Expr visit(const Select *op, ExprInfo &info);
    Expr visit(const Load *op, ExprInfo &info);
    Expr visit(const Ramp *op, ExprInfo &info);
    Expr visit(const Broadcast *op, ExprInfo &info);
    Expr visit(const Call *op, ExprInfo &info);
    Expr visit(const Let *op, ExprInfo &info);
    Expr visit(const Shuffle *op, ExprInfo &info);
    Expr visit(const VectorReduce *op, ExprInfo &info);

    // Statements (Simplify_Stmts.cpp)
    Stmt visit(const LetStmt *op) override;
    Stmt visit(const AssertStmt *op) override;
    Stmt visit(const ProducerConsumer *op) override;
    Stmt visit(const For *op) override;
    Stmt visit(const Allocate *op) override;
    Stmt visit(const Realize *op) override;
    Stmt visit(const Block *op) override;
    Stmt visit(const IfThenElse *op) override;
    Stmt visit(const Evaluate *op) override;

    // Rules shared between node families. Operands are already simplified.
    Expr simplify_lt(const Expr &a, const Expr &b, const ExprInfo &ia, const ExprInfo &ib,
                     ExprInfo &info);
    Expr simplify_le(const Expr &a, const Expr &b, const ExprInfo &ia, const ExprInfo &ib,
                     ExprInfo &info);
    Expr simplify_not(const Expr &a);
    /// true / false when cond is decided by the symbolic bounds in scope, else nullopt.
    std::optional<bool> prove_symbolic(const Expr &cond);
    /// Constant info of a - b for Int(32)/Int(64) when it is a constant, via linear forms.
    std::optional<int64_t> constant_difference(const Expr &a, const Expr &b);
    /// Re-simplifies a freshly built node (children already simple).
    Expr resimplify(const Expr &e, ExprInfo &info) { return mutate(e, info); }
    Expr resimplify(const Expr &e) {
        ExprInfo ignored;
        return mutate(e, ignored);
    }

    // Facts about variables.
    Scope<ExprInfo> var_info;
    Scope<Interval> symbolic;        // symbolic bounds: user scope and loop variables
    bool prove_exprs_symbolically;   // true when the user gave bounds
    int symbolic_depth = 0;          // guards against re-entrant symbolic proofs

    /// Let values substituted into their body as the walk meets their variables, rather
    /// than by rewriting the body first (which cost a walk of the body per let). The
    /// values are simplified, and name no variable with a substitution at the time they
    /// were pushed, so substituting one again where it is used cannot recurse, and the
    /// result is what substitute() and then simplifying gives. An undefined value hides
    /// an outer one under a binder of the same name, as substitute() does. A value that
    /// names its own let (let t = t + 1, of an outer t) is substituted by substitute().
    Scope<Expr> substitutions;
    /// Simplifies the body of a let with its (simplified) value substituted for it.
    Expr mutate_substituted(const std::string &name, const Expr &value, const Expr &body,
                            ExprInfo &info);
    Stmt mutate_substituted(const std::string &name, const Expr &value, const Stmt &body);
    /// Hides any substitution of `name` (a Let, LetStmt or For binds it anew); returns
    /// whether one was hidden (pass it to unhide_substitution).
    bool hide_substitution(const std::string &name) {
        if (!substitutions.contains(name)) {
            return false;
        }
        substitutions.push(name, Expr());
        return true;
    }
    void unhide_substitution(const std::string &name, bool hidden) {
        if (hidden) {
            substitutions.pop(name);
        }
    }

    /// Pushes facts learned from `cond` being `truth` about variables; returns the
    /// names pushed (to pop later).
    std::vector<std::string> learn(const Expr &cond, bool truth);
    void forget(const std::vector<std::string> &names);
};

/// A let value cheap enough to substitute into every use: a constant, a variable, a
/// variable plus or minus a constant (as loop bounds like f.s0.y.max = f.s0.y.min + 5
/// are, which must fold so that extents become constant), or a broadcast of these.
inline bool is_trivial_value(const Expr &e) {
    if (is_const(e) || e.as<Variable>()) {
        return true;
    }
    if (const auto *b = e.as<Broadcast>()) {
        return is_trivial_value(b->value);
    }
    if (const auto *a = e.as<Add>()) {
        return a->a.as<Variable>() && is_const(a->b);
    }
    if (const auto *d = e.as<Sub>()) {
        return d->a.as<Variable>() && is_const(d->b);
    }
    return false;
}

} // namespace weft::internal::simplify_detail

#endif
