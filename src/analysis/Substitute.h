#ifndef WEFT_ANALYSIS_SUBSTITUTE_H
#define WEFT_ANALYSIS_SUBSTITUTE_H

// Substitution of variables (by name) and of subexpressions (by structure).
//
// By name: every free occurrence of Variable `name` is replaced; an occurrence under a
// Let, LetStmt or For that rebinds the same name is not free and is left alone.
// Substitution does not rename binders: callers must not substitute a replacement
// whose free variables are rebound inside the tree (lowering keeps names unique).
// Unchanged subtrees are returned as the same nodes.
//
// Structural: every subexpression deep_equal to `find` is replaced by `replace`.
//
// Tested in tests/pass/substitute.cpp.

#include "ir/IR.h"

#include <map>
#include <string>

namespace weft::internal {

Expr substitute(const std::string &name, const Expr &replacement, const Expr &e);
Stmt substitute(const std::string &name, const Expr &replacement, const Stmt &s);

/// String literals would be ambiguous between the name and the structural forms
/// (a pointer converts to Expr through bool); these pick the name form.
inline Expr substitute(const char *name, const Expr &replacement, const Expr &e) {
    return substitute(std::string(name), replacement, e);
}
inline Stmt substitute(const char *name, const Expr &replacement, const Stmt &s) {
    return substitute(std::string(name), replacement, s);
}

Expr substitute(const std::map<std::string, Expr> &replacements, const Expr &e);
Stmt substitute(const std::map<std::string, Expr> &replacements, const Stmt &s);

/// Replaces each subexpression structurally equal to `find` by `replace`.
Expr substitute(const Expr &find, const Expr &replace, const Expr &e);
Stmt substitute(const Expr &find, const Expr &replace, const Stmt &s);

} // namespace weft::internal

#endif
