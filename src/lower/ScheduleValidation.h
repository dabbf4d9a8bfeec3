#ifndef WEFT_LOWER_SCHEDULEVALIDATION_H
#define WEFT_LOWER_SCHEDULEVALIDATION_H

// Schedule checks that need the lowered loop nest, reported in the user's words.
//
// validate_loop_extents: every loop scheduled vectorize(v) or unroll(v) must have a
// constant extent, which is only known after bounds inference (a Func computed at a
// consumer's loop may need a constant number of rows, an output never has a constant
// width). A loop whose extent is not constant is a CompileError naming the directive,
// the Func, the stage and the loop as the user wrote it, and what to write instead:
//   vectorize: Func "f" has no constant extent for loop "x" (its extent is
//   f.s0.x.max - f.s0.x.min + 1); use vectorize(x, factor) to split it by a constant ...
//
// Assumes: bounds inference has run (loops are `f.s<k>.<v>` as StageLoopNest names
// them); placed just before unroll_loops, so it sees the extents unroll_loops and
// vectorize_loops will see, and it uses their test (the simplified extent is an
// integer constant) so that it rejects exactly what they would. A vectorized loop whose extent depends on an enclosing
// unrolled loop is left to vectorize_loops (unrolling may make it constant).
// Guarantees: returns s unchanged.
//
// Tested in tests/error/schedule_nonconstant_extent.cpp.

#include "ir/Function.h"

#include <map>
#include <string>

namespace weft::internal {

Stmt validate_loop_extents(const Stmt &s, const std::map<std::string, Function> &env);

} // namespace weft::internal

#endif
