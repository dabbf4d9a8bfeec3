#ifndef WEFT_LOWER_BOUNDSINFERENCE_H
#define WEFT_LOWER_BOUNDSINFERENCE_H

// Bounds inference: defines every symbolic bound the loop nest of schedule_functions
// left free.
//
// For each computed Func f (consumers before producers) at its compute site
// `produce f {...}; consume f {...}`:
//  * the region required of f is the box of f read by the consume part (loops inside
//    it take their ranges; loop variables of enclosing loops are single points), joined
//    with the output buffer's region [f.min.i, f.min.i + f.extent.i - 1] for outputs;
//  * stage k's pure vars iterate that region joined with what stages k+1.. read of f
//    (an update reading f(x + 1) makes the earlier stages compute one more point);
//  * an explicit bound(x, min, extent) replaces the region of x in every stage, and an
//    AssertStmt before the produce calls weft_error_explicit_bound when the required
//    region exceeds it (extent-only bounds check the extent);
//  * the results are LetStmts `f.s<k>.<v>.min` / `.max` placed at the top of the body
//    of f's compute loop (or of the whole pipeline for root), after the bounds of the
//    consumers computed at the same level, which they may refer to:
//      let blur_x.s0.y.min = blur_y.s0.y.min - 1 ...
// Then, for each Realize f, `f.<arg>.min_realized` / `.extent_realized` are defined just
// outside it as the box of f touched (written or read) inside: the union of all stages'
// computed regions over every iteration between the store and compute levels (this is
// where RoundUp / ShiftInwards splits grow the allocation, and where data-dependent
// update LHS like hist(clamp(in(r), 0, 255)) extend it).
//
// A region that cannot be bounded (a data-dependent index with no clamp) is a
// CompileError naming the Func and dimension, unless an explicit bound() covers it.
// Every expression produced is simplified.
//
// Tested in tests/pass/lower_bounds_inference.cpp.

#include "ir/Function.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

Stmt bounds_inference(const Stmt &s, const std::vector<Function> &outputs,
                      const std::vector<std::string> &order,
                      const std::map<std::string, Function> &env);

} // namespace weft::internal

#endif
