#ifndef WEFT_LOWER_REALIZATIONORDER_H
#define WEFT_LOWER_REALIZATIONORDER_H

// The first lowering step: which Funcs a pipeline computes, and in which order.
//
// find_functions() walks the definitions of the outputs (every stage's values, LHS
// arguments, RDom bounds and predicates) and collects every Function reachable
// through Func calls into an environment keyed by name. Two different Functions with
// one name, or a call to a Func without a pure definition, are CompileErrors.
//
// realization_order() sorts that environment topologically, producers before
// consumers (a Func's self-references in its updates are allowed; any other cycle
// is a CompileError naming the Funcs on it). Ties are broken by first discovery
// order from the outputs, so the order is deterministic.
//
// Tested in tests/pass/lower_realization_order.cpp.

#include "ir/Function.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

/// Every Function reachable from `outputs`, by name.
std::map<std::string, Function> find_functions(const std::vector<Function> &outputs);

/// Names of the Functions of `env`, producers first.
std::vector<std::string> realization_order(const std::vector<Function> &outputs,
                                           const std::map<std::string, Function> &env);

/// Names of the Funcs called directly by f's definitions (f itself excluded).
std::vector<std::string> direct_callees(const Function &f);

} // namespace weft::internal

#endif
