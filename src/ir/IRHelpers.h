#ifndef WEFT_IR_IRHELPERS_H
#define WEFT_IR_IRHELPERS_H

// Small helpers every pass uses: making constants of a type, recognising them,
// and building the IR for common patterns. No coercion here: these take and give
// exact types (the user-facing operators with Halide's coercion rules are in
// weft/IROperator.h).

#include "IR.h"

#include <optional>

namespace weft::internal {

/// A constant of type t (broadcast when t is a vector). Floats from ints are exact
/// when representable; ints wrap to the type's width.
Expr make_const(Type t, int64_t value);
Expr make_const(Type t, uint64_t value);
Expr make_const(Type t, double value);
inline Expr make_const(Type t, int value) { return make_const(t, static_cast<int64_t>(value)); }
Expr make_zero(Type t);
Expr make_one(Type t);
Expr make_bool(bool b, int lanes = 1);
Expr const_true(int lanes = 1);
Expr const_false(int lanes = 1);

/// The constant value of a scalar IntImm/UIntImm/FloatImm, or of a Broadcast of one.
std::optional<int64_t> as_const_int(const Expr &e);
std::optional<uint64_t> as_const_uint(const Expr &e);
std::optional<double> as_const_float(const Expr &e);

bool is_const(const Expr &e);           // any numeric constant or broadcast of one
bool is_const(const Expr &e, int64_t v); // equal to v (ints, uints and floats)
bool is_const_zero(const Expr &e);
bool is_const_one(const Expr &e);
bool is_const_true(const Expr &e);  // is_const(e, 1) for bools
bool is_const_false(const Expr &e);
bool is_positive_const(const Expr &e);
bool is_negative_const(const Expr &e);

/// Lanes-preserving broadcast: returns e unchanged when lanes == 1 or e already has them.
Expr broadcast_to(const Expr &e, int lanes);

/// True if the expression has no side effects (no Extern/Intrinsic calls that are impure).
bool is_pure(const Expr &e);

/// A Variable of Int(32) named `name`.
Expr int_var(const std::string &name);

/// True if `e` refers to the Variable `name` (free occurrence, ignoring shadowing Lets).
bool expr_uses_var(const Expr &e, const std::string &name);
bool stmt_uses_var(const Stmt &s, const std::string &name);

} // namespace weft::internal

#endif
