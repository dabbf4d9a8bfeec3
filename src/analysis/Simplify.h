#ifndef WEFT_ANALYSIS_SIMPLIFY_H
#define WEFT_ANALYSIS_SIMPLIFY_H

// The shared simplifier (DESIGN.md §2: no pass keeps a private one).
//
// simplify() rewrites an expression or statement into a simpler form with the same
// value: constant folding with weft's semantics (wrapping integers of every width,
// Euclidean Div/Mod with x/0 == x%0 == 0, IEEE floats, wrapping/truncating casts),
// algebraic identities and collection of linear terms, min/max/select/comparison/
// boolean rules, Ramp/Broadcast algebra, Let inlining, and statement clean-up (empty
// loops, provable IfThenElse conditions using the bounds of enclosing loops, no-op
// blocks, true asserts). It only proves things; it never changes a value. As in
// Halide, Int(32) and Int(64) arithmetic is assumed not to overflow when proving
// (that is where index math lives); narrower ints and uints are treated as wrapping.
//
// A no-op statement is Evaluate(0) (see is_no_op()).
//
// Tested in tests/pass/simplify.cpp and tests/fuzz/simplify_fuzz.cpp.

#include "Interval.h"
#include "ir/IR.h"
#include "ir/Scope.h"

namespace weft::internal {

Expr simplify(const Expr &e);
Stmt simplify(const Stmt &s);

/// Simplifies using known bounds of free variables (constant or symbolic intervals).
Expr simplify(const Expr &e, const Scope<Interval> &bounds);
Stmt simplify(const Stmt &s, const Scope<Interval> &bounds);

/// True only if simplify reduces cond to true (every lane for vectors).
bool can_prove(const Expr &cond);
bool can_prove(const Expr &cond, const Scope<Interval> &bounds);

/// The canonical no-op statement and its test.
Stmt make_no_op();
bool is_no_op(const Stmt &s);

} // namespace weft::internal

#endif
