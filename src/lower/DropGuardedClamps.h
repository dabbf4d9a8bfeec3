#ifndef WEFT_LOWER_DROPGUARDEDCLAMPS_H
#define WEFT_LOWER_DROPGUARDEDCLAMPS_H

// drop_guarded_clamps: lets the predicated vector accesses of a GuardWithIf tail read
// and write dense vectors instead of gathers and scatters.
//
// A split with TailStrategy::GuardWithIf binds its var as min(value, max) inside
// `if (value <= max)` (StageLoopNest.cpp: the clamp tells interval analysis that the
// guarded code stays in bounds). Vectorized, the if becomes the predicate of each Load
// and Store, and the clamp stays in their indices:
//
//     in[min(ramp(b, 1, 16), x16(m)) + x16(c)] if ramp(b, 1, 16) <= x16(m)
//
// an index that is no longer a Ramp, so codegen emits a masked gather. In the lanes the
// predicate enables, ramp <= x16(m) and the min is the ramp itself; the other lanes are
// not accessed. So within a predicated vector Load or Store, each min(a, b) whose
// a - b equals p0 - p1 of a conjunct p0 <= p1 (or p0 < p1) of the predicate becomes a
// (the difference decided by simplify): the index above becomes the dense
// ramp(b + c, 1, 16), a masked load. And a predicated load of one address in every
// lane (a Broadcast index: a value invariant in the vectorized loop), which codegen
// would emit as a masked gather, becomes one scalar load, done when some lane is
// enabled (for a predicate ramp(b, s, L) <= x16(m) with s >= 0: when b <= m), broadcast
// to the enabled lanes (0 in the others, as a masked load gives).
//
// Assumes: flat, vectorized accesses (after vectorize_loops and simplify). Guarantees:
// the value of every access in the lanes its predicate enables is unchanged, and no
// address is accessed that was not before; a Stmt without such a clamp or load is
// returned unchanged (the same node).
// Tested in tests/correctness/guarded_vector_tails.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt drop_guarded_clamps(const Stmt &s);

} // namespace weft::internal

#endif
