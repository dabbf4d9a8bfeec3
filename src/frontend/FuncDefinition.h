#ifndef WEFT_FRONTEND_FUNCDEFINITION_H
#define WEFT_FRONTEND_FUNCDEFINITION_H

// Checking and recording definitions of a Func (the rules at the top of weft/Func.h):
// what FuncRef's assignments call. Each function checks the user's definition
// completely, throwing CompileError naming the Func, before it changes anything.

#include "ir/Function.h"

#include <string>
#include <vector>

namespace weft::internal {

/// Records the pure definition f(lhs) = value. f must have none yet.
void define_pure(const Function &f, const std::vector<Expr> &lhs, const Expr &value);

/// Records the update definition f(lhs) = value. f must have a pure definition.
/// Calls of f inside lhs and value become weak references (weaken_self_calls).
/// `domain`, when defined, is the domain the update iterates even if lhs and value
/// do not use its variables (inline reductions with an explicit RDom).
void define_update(const Function &f, const std::vector<Expr> &lhs, const Expr &value,
                   const ReductionDomain &domain = ReductionDomain());

/// The pure argument names an implicit pure definition (for f(lhs) += e on an
/// undefined Func) gets: the Var written at each position where that is a distinct
/// pure Var, else "_<i>".
std::vector<std::string> implicit_pure_args(const std::vector<Expr> &lhs);

/// The call f(args), checked: f is defined, the count matches, arguments are
/// integers (cast to int32).
Expr checked_call(const Function &f, const std::vector<Expr> &args);

/// "(x, y)": a Func's argument list for messages.
std::string arg_list(const Function &f);

} // namespace weft::internal

#endif
