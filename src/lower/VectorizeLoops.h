#ifndef WEFT_LOWER_VECTORIZELOOPS_H
#define WEFT_LOWER_VECTORIZELOOPS_H

// vectorize_loops: replaces every For of ForType::Vectorized by its body evaluated once
// at `lanes` = the loop's constant extent L, the loop variable becoming
// Ramp(min, 1, L) (Halide's VectorizeLoops semantics).
//
// Assumes: a flat loop nest (after storage flattening and unroll_loops: no Provide,
// Realize or Func/Image calls); names of lets, loops and allocations unique; no
// Unrolled loops depend on being unrolled first.
//
// Guarantees, for each vectorized loop `x` of extent L (inner ones first):
//  * The loop becomes `LetStmt x = min` around the widened body, then simplified, so
//    index arithmetic folds (Ramp(x, 1, 8) * 2 + y -> Ramp(x*2 + y, 2, 8)) and a dense
//    access gets a Ramp index that codegen recognises.
//  * Only what depends on x is widened: arithmetic, comparisons, Select, Cast, pure
//    calls (intrinsics and math, lane-wise) get L lanes, scalar operands broadcast;
//    everything else stays scalar (a load of an invariant stays a scalar load).
//    Loads and Stores get vector indices (a Ramp for dense accesses, any vector for
//    gathers/scatters); a store whose value and index are both invariant stays scalar.
//  * A Let/LetStmt whose value widens is renamed `<name>.widened.<x>` with the vector
//    type, and its uses re-typed; when the widened value simplifies to a Ramp (or
//    Broadcast), only its scalar base is bound, as `<name>.widened.<x>.base`, and the
//    uses become that Ramp, so accesses through lets (x = xo * 8 + xi) stay dense.
//  * An IfThenElse whose condition depends on x becomes predicated Stores and Loads
//    (the condition, negated for the else branch, is and-ed into their predicates)
//    when its branches hold only Stores, Lets, Blocks and IfThenElses; otherwise it
//    is scalarized.
//  * Scalarization: a statement that cannot be widened -- it calls an impure function
//    (Extern), holds a loop or allocation whose bounds depend on x, an AssertStmt that
//    depends on x, a vector IfThenElse that is not store-only, or vector IR that
//    itself depends on x (nested vectorized loops) -- is replaced by L copies, copy i
//    with x := x + i and each widened let bound to its lane i, in lane order (the
//    serial order of the original loop).
//  * A serial For inside the loop whose bounds do not depend on x stays a loop with a
//    widened body.
//  * An Allocate inside the loop (extents independent of x) is widened: it gets an
//    extra innermost extent L, and every access at index i becomes i * L + lane.
//  * Extent 1 gives `LetStmt x = min`; extent <= 0 gives a no-op.
// Errors: a vectorized loop whose extent is not constant throws CompileError naming
// the loop ("Can only vectorize a loop of constant extent; loop \"f.s0.x.xi\" ...").
//
// Stores whose index does not depend on x (or repeats across lanes) keep Halide's
// semantics: the lanes are written in lane order, the last one wins; a vectorized
// loop must not carry a dependence through memory (validated by the front end).
//
// Tested in tests/pass/vectorize_loops.cpp (structure) and
// tests/pass/vectorize_execution.cpp (JIT execution against the serial loop).

#include "ir/IR.h"
#include "weft/Target.h"

namespace weft::internal {

Stmt vectorize_loops(const Stmt &s, const Target &target);

} // namespace weft::internal

#endif
