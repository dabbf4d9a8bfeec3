#ifndef WEFT_LOWER_ADDBUFFERCHECKS_H
#define WEFT_LOWER_ADDBUFFERCHECKS_H

// Run-time checks of the buffers a pipeline is called with, placed at the top of the
// Stmt, so that generated code never reads or writes out of bounds (DESIGN.md §4).
//
// Assumes bounds inference has run: every bound in the Stmt is defined, so the region
// of each buffer the whole pipeline touches can be computed (boxes_required /
// boxes_provided over the Stmt) in terms of the arguments alone. The region checked is
// the intersection of boxes_touched and boxes_touched_correlated (analysis/Bounds.h):
// the latter keeps a producer's stage min and max together inside one iteration of its
// consumer's loop; both narrow loop variables by the `if`s of GuardWithIf splits. A
// coordinate of an input read clamped into that input's own range (as the
// BoundaryConditions make them) counts as the clamp's range alone, whatever it clamps:
// this keeps the checks of deep pipelines over mirrored inputs small.
//
// For every buffer argument b (input Parameters read through Image calls or named by
// Variables, and the output Funcs), in this order:
//  1. b.dimensions == d, else weft_error_bad_dimensions(uc, "b", d, b.dimensions);
//  2. b.type.code / b.type.bits match, else weft_error_bad_type(...);
//  3. b.extent.<i> >= 0, else weft_error_assertion(uc, "...negative extent...");
//  4. for each dimension, the touched region [req_min, req_max] lies within
//     [b.min.<i>, b.min.<i> + b.extent.<i> - 1], else weft_error_buffer_too_small (inputs,
//     region read) or weft_error_output_buffer_too_small (outputs, region written or read,
//     which includes what RoundUp/ShiftInwards splits and data-dependent update LHS write).
// All are AssertStmts whose message is a call taking `__user_context` first (see
// LowerUtil.h). A data-dependent, unclamped read of an input is a CompileError (the
// region cannot be checked). With Target::NoAsserts nothing is added.
//
// Tested in tests/pass/lower_buffer_checks.cpp and
// tests/correctness/buffer_checks_precision.cpp.

#include "ir/Function.h"
#include "weft/Target.h"

#include <vector>

namespace weft::internal {

Stmt add_buffer_checks(const Stmt &s, const std::vector<Function> &outputs, const Target &t);

} // namespace weft::internal

#endif
