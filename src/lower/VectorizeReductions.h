#ifndef WEFT_LOWER_VECTORIZEREDUCTIONS_H
#define WEFT_LOWER_VECTORIZEREDUCTIONS_H

// vectorize_reductions: the horizontal reductions that Stage::atomic() allows.
//
// An atomic update may vectorize a loop over RVars absent from its left-hand side
// (LoopDirectives.cpp, check_no_race): every lane then updates the same site,
//
//     vectorized for (r, min, L) { ... [if (c)] f[i] = f[i] op e(r) ... }
//
// with i independent of r (serial loops over other RVars may sit between). vectorize_loops
// cannot widen such a store (its lanes would race), so this pass, run just before it,
// gives each lane its own accumulator and reduces them once after the loop:
//
//     allocate terms[L] (stack)
//     vectorized for (r, min, L) { terms[r - min] = identity; ... [if (c)]
//                                  terms[r - min] = terms[r - min] op' e(r) ... }
//     [if (c')] f[i] = f[i] op vector_reduce(op', terms[ramp(0, 1, L)])
//
// where op' accumulates terms (+ for -: f - e1 - e2 = f - (e1 + e2)), identity is its
// neutral element, and c' the conjuncts of the conditions around the update that do not
// depend on the loop or anything bound inside it (they may keep i in bounds: an outer
// GuardWithIf tail). The loop is then an ordinary dense vector loop; codegen keeps the
// L terms in registers (LLVM promotes the constant-size alloca) and reduces them in
// log2(L) steps.
//
// Assumes: flattened Stmts, before vectorize_loops; loops named by stage_prefix
// (StageLoopNest.h). Only the loops of atomic stages are looked at. Guarantees: a
// vectorized loop whose stores all write sites that vary with its variable is left alone
// (the same node); one
// with a store of one site that is not the only access to its buffer in the loop, not
// one associative f = f op e, at a site that varies with a loop inside, or with a
// non-constant extent, is a CompileError naming the loop. The result equals the serial
// loop's up to reassociation of op (exact for min, max and integers).
// Tested in tests/correctness/atomic_vectorize.cpp and tests/error/schedule_atomic_misuse.cpp.

#include "ir/Function.h"
#include "ir/IR.h"

#include <map>
#include <string>

namespace weft::internal {

/// Rewrites the vectorized loops of the atomic stages (Stage::atomic) of `env`'s Funcs.
Stmt vectorize_reductions(const Stmt &s, const std::map<std::string, Function> &env);

} // namespace weft::internal

#endif
