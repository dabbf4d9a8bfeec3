#ifndef WEFT_LOWER_STAGELOOPNEST_H
#define WEFT_LOWER_STAGELOOPNEST_H

// The loop nest of one stage of one Func, built from its StageSchedule alone (schedules
// are data). Shared by ScheduleFunctions (which injects the nests) and PrintLoopNest.
//
// Naming (what later passes rely on):
//  * Loops are `f.s<k>.<v>` for each dim v of stage k (`blur_y.s0.y`, `f.s1.r.x`).
//  * A root pure var v of stage k iterates [f.s<k>.<v>.min, f.s<k>.<v>.max]: these
//    Variables are left free here and defined by bounds inference.
//  * An RVar iterates its RDom's [min, min + extent - 1].
//  * SplitVar old -> outer * factor + inner: outer iterates [0, ceil(extent / factor)),
//    inner [0, factor). old = old.min + outer * factor + inner (RoundUp); GuardWithIf
//    wraps the rest in `if (that <= old.max)` and defines old as min(that, old.max)
//    inside (the same value there, but visible to interval analysis); ShiftInwards:
//    old = min(old.min + outer * factor, old.max + 1 - factor) + inner. Auto
//    is ShiftInwards for the pure stage and GuardWithIf for updates (as in Halide).
//    ShiftInwards and RoundUp may not split an RVar (they would repeat or add
//    reduction iterations).
//  * FuseVars outer, inner -> fused: fused iterates [0, extent_outer * extent_inner);
//    inner = inner.min + fused % extent_inner, outer = outer.min + fused / extent_inner
//    (each index clamped to [0, extent - 1], a no-op that helps interval analysis).
//  * RenameVar old -> new: new iterates old's range.
//  The values of split/fused/renamed vars are LetStmts `f.s<k>.<old>` (and guards)
//  placed inside the innermost loop, around the Provide; an RDom predicate becomes an
//  IfThenElse around the Provide.
//  * A stage with specializations (Definition::specializations) becomes
//    `if (c1) {nest of spec 1} else if (c2) {...} else {its own nest}`, each nest built
//    from that definition's schedule (recursively: nested specializations); the loops of
//    every branch have the same names and bounds. Inside a branch the facts `v == k` its
//    condition implies (v a Param or buffer field, k a constant, through &&) are
//    substituted. With specialize_fail the last else is an AssertStmt calling
//    weft_error_assertion with the message. (tests/correctness/specialize.cpp)
//
// Tested in tests/pass/lower_schedule_functions.cpp.

#include "ir/Function.h"

#include <string>
#include <vector>

namespace weft::internal {

/// "f.s<k>." : the prefix of the loop and bound names of stage k of f.
std::string stage_prefix(const std::string &func, int stage);

/// The pure vars iterated by stage k of f: every arg for the pure definition; for an
/// update, the args of f that appear as bare Vars in its left-hand side.
std::vector<std::string> stage_pure_vars(const Function &f, int stage);

/// The loop nest of stage k of f (see the file comment). Throws CompileError when the
/// stage's dims and splits are inconsistent (a dim that is not a loop of the stage,
/// a loop missing from the dims, a tail strategy not allowed for an RVar).
Stmt build_stage_loop_nest(const Function &f, int stage);

} // namespace weft::internal

#endif
