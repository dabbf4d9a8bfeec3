#ifndef WEFT_ANALYSIS_CSE_H
#define WEFT_ANALYSIS_CSE_H

// Common subexpression elimination, run before codegen.
//
// Every non-trivial subexpression (not a constant, variable, string or broadcast of
// one, not an impure call) that occurs more than once in an expression is computed
// once, bound by a Let, and referred to by name. Occurrences are found by hash-consing
// (global value numbering) in one pass, so the cost is linear in the size of the tree.
// Let expressions already present are kept, and their value and body are handled
// separately (nothing is hoisted out of a Let's scope). New names are "_cse<N>",
// unique within the expression or statement given. Values are unchanged.
//
// The Stmt version handles each top-level expression of each statement separately.
//
// Tested in tests/pass/cse.cpp and tests/fuzz/simplify_fuzz.cpp.

#include "ir/IR.h"

namespace weft::internal {

Expr common_subexpression_elimination(const Expr &e);
Stmt common_subexpression_elimination(const Stmt &s);

} // namespace weft::internal

#endif
