#ifndef WEFT_IR_IREQUALITY_H
#define WEFT_IR_IREQUALITY_H

// Structural comparison and hashing of IR. Two trees are equal when they have the
// same shape, types, names and constants (Parameters, reduction domains and Funcs
// compare by identity). The order is total and deterministic within a process;
// the hash is stable across processes (it never hashes addresses except those
// identities), which the JIT cache and the schedule objects rely on.

#include "ExprEqual.h"
#include "IR.h"

#include <cstdint>

namespace weft::internal {

/// <0, 0, >0 like strcmp.
int compare(const Expr &a, const Expr &b);
int compare(const Stmt &a, const Stmt &b);

/// Structural equality; walks both trees and stops at the first difference.
inline bool equal(const Expr &a, const Expr &b) { return deep_equal(a, b); }
inline bool equal(const Stmt &a, const Stmt &b) { return a.same_as(b) || compare(a, b) == 0; }

uint64_t structural_hash(const Expr &e);
uint64_t structural_hash(const Stmt &s);

/// A strict weak order on Exprs by structure, for std::map keys.
struct ExprStructuralLess {
    bool operator()(const Expr &a, const Expr &b) const { return compare(a, b) < 0; }
};

} // namespace weft::internal

#endif
