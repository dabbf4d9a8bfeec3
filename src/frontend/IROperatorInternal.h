#ifndef WEFT_FRONTEND_IROPERATORINTERNAL_H
#define WEFT_FRONTEND_IROPERATORINTERNAL_H

// Helpers shared by IROperator.cpp and IROperatorMath.cpp: operand checks and the
// pieces of Halide's coercion rules (weft/IROperator.h has the rules themselves).

#include "weft/IROperator.h"

namespace weft::internal {

/// CompileError unless e is defined; `op` names the operator or function.
void check_defined_operand(const Expr &e, const char *op);
/// CompileError unless e is defined and not a handle.
void check_not_handle(const Expr &e, const char *op);
/// Broadcasts the scalar one of a and b to the other's lanes (CompileError when
/// both are vectors of different lanes).
void match_lanes(Expr &a, Expr &b, const char *op);
/// The element type two element types are coerced to (rules 4-7).
Type common_element_type(Type a, Type b);

} // namespace weft::internal

#endif
