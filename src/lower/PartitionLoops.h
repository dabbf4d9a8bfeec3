#ifndef WEFT_LOWER_PARTITIONLOOPS_H
#define WEFT_LOWER_PARTITIONLOOPS_H

// partition_loops: splits an innermost loop into a prologue, a steady state and an
// epilogue, so that conditions marked `likely` hold throughout the steady state and
// vanish from its body (Halide's PartitionLoops).
//
// The likely marks come from the schedule and the boundary conditions: the tail guard
// of a GuardWithIf split (`if (likely(x <= max))`, and the clamp `min(likely(x), max)`
// that binds x inside it; StageLoopNest.cpp, and the same for rfactor's split RVars),
// the shifted base of a ShiftInwards split (`min(likely(m + L * xo), max - L + 1)`,
// also kept by align_streaming_stores), and the clamps and inside-tests of
// BoundaryConditions (`clamp(likely(x), lo, hi)`, `select(likely(inside), f(x), v)`,
// and the mirrors' `clamp(select(likely(inside), likely(x), mirror(x)), lo, hi)`).
// After vectorization a guard is the lane predicate of Loads and Stores, a conjunct
// `likely(ramp(...) <= x16(max))`. For each innermost serial loop (no loop inside its
// body) this pass finds, bottom-up, the places whose likely side can be taken: an
// IfThenElse or Select whose condition is likely(c), a Min or Max one of whose operands
// carries an uncaptured likely tag (the condition being that this operand is the one
// chosen), and the likely conjuncts of a predicate. Each condition (all lanes, for
// vectors) is turned into sufficient linear bounds on the loop variable
// (`k * v + r <= 0` with constant k, r free of the loop and of memory); conditions it
// cannot solve stay in the steady body unchanged. The loop
//
//     for (v, m, e) body
//
// becomes, when some condition constrains v,
//
//     let v.steady_min = max(min(lower bounds..., m + e), m)
//     let v.steady_end = max(min(upper bounds... + 1, m + e), v.steady_min)
//     for (v, m, v.steady_min - m) body              // prologue (only with lower bounds)
//     for (v, v.steady_min, v.steady_end - v.steady_min) steady body
//     for (v, v.steady_end, m + e - v.steady_end) body // epilogue (only with upper bounds)
//
// where the steady body takes the likely side of every solved condition (no predicate,
// no clamp, no guard). Loop-invariant parts of a condition (e.g. a clamp's bounds being
// ordered) make the steady range empty when they fail. Only the tightest bounds are
// kept: an unrolled body repeats one condition per copy (the same, or with constant
// offsets, (e + k) / c), and the lower bounds, the upper bounds and the invariant
// conditions are each pruned of those another implies. In the steady body, the uses
// b - e of a base `let b = m + L * v` (loop-invariant e) become (m - e) + L * v, so
// that vector indices are an induction variable plus a loop-invariant offset.
//
// WEFT_NO_PARTITION_LOOPS=1 in the environment turns the splitting off (the tags are
// still stripped): a switch to measure what partitioning does, not a user option.
//
// Assumes: flat, vectorized and simplified IR (after vectorize_loops and simplify; it
// runs before drop_guarded_clamps and CSE, which would hide the conditions in lets).
// Guarantees: every loop runs the same iterations with the same values as before (the
// three loops cover [m, m + e) in order, each iteration exactly once); only innermost
// Serial loops are split, at most into three, so code grows by at most 3x; parallel,
// GPU and outer loops are left alone, and so are the loops in the else branch of an
// `if (likely(c))` (the cold path, e.g. specialize_dense_strides' general-stride
// version: splitting it would only add code and compile time). Every likely tag outside an IfThenElse condition
// is removed (the result is re-simplified), so later passes see the same forms as
// without the tags; IfThenElse conditions keep theirs (codegen weighs the branch).
//
// Tested in tests/pass/partition_loops.cpp and tests/correctness/partition_loops.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt partition_loops(const Stmt &s);

} // namespace weft::internal

#endif
