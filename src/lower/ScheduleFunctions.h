#ifndef WEFT_LOWER_SCHEDULEFUNCTIONS_H
#define WEFT_LOWER_SCHEDULEFUNCTIONS_H

// Builds the pipeline's loop nest from the Funcs' schedules (schedules are data).
//
// Placement (validated here, before any IR is built):
//  * outputs are computed at root (asking to inline or compute_at an output is a
//    CompileError);
//  * a Func without an explicit placement is inlined when it is pure and computed at
//    root when it has update definitions;
//  * a Func with updates cannot be inlined (CompileError naming it);
//  * compute_at(g, v) must name a loop of the loop nest built so far that encloses every
//    use of the Func; otherwise a CompileError lists the legal levels. The store level
//    (store_at, default: the compute level) must be the compute level or a loop
//    enclosing it, or root. A compute or store level at a loop of a stage with
//    specializations (which repeat the loop in each branch) is a CompileError for now.
//
// Construction: Funcs are visited consumers first (reverse realization order). A
// computed Func contributes `produce f { stage 0 nest; stage 1 nest; ... }` (one
// build_stage_loop_nest per stage, see StageLoopNest.h) followed by `consume f { the
// code at that level }`, injected at the top of the body of its compute loop or around
// everything for root. Non-output Funcs get `Realize f` over
// [f.<arg>.min_realized, f.<arg>.extent_realized] at their store level (defined by
// bounds inference); outputs are not realized (their storage is the output buffer).
// Inlined Funcs have their calls replaced by their pure value, the call arguments bound
// to fresh Lets (or substituted directly when they are variables or constants).
//
// Guarantees: every Func of `order` is either inlined away or has exactly one produce
// node; no Func call to an inlined Func remains.
//
// Tested in tests/pass/lower_schedule_functions.cpp.

#include "ir/Function.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

/// The resolved placement of a Func.
struct Placement {
    LoopLevelData compute, store; // Root, At (stage_index resolved) or Inlined
    bool is_output = false;
};

/// Applies the default placement rules and checks what can be checked without the
/// loop nest. Throws CompileError on a bad placement.
std::map<std::string, Placement> resolve_placements(const std::vector<Function> &outputs,
                                                    const std::map<std::string, Function> &env);

/// Builds the loop nest (see the file comment). `order` is realization_order().
Stmt schedule_functions(const std::vector<Function> &outputs, const std::vector<std::string> &order,
                        const std::map<std::string, Function> &env);

} // namespace weft::internal

#endif
