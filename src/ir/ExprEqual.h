#ifndef WEFT_IR_EXPREQUAL_H
#define WEFT_IR_EXPREQUAL_H

// A fast structural equality test for expressions, for the simplifier's hot paths.
//
// ir/IREquality's compare() serializes both trees to token streams, which is right
// for ordering and hashing but costly when the simplifier asks "is a the same as b?"
// many times per node. deep_equal() walks both trees directly, stops at the first
// difference, and short-cuts on shared nodes (pointer equality). It agrees with
// ir::equal() on every tree (Parameters, reduction domains and Funcs by identity).

#include "IR.h"

namespace weft::internal {

bool deep_equal(const Expr &a, const Expr &b);

} // namespace weft::internal

#endif
