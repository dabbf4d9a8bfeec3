#ifndef WEFT_LOWER_DENSELANESHUFFLES_H
#define WEFT_LOWER_DENSELANESHUFFLES_H

// dense_lane_shuffles: turns the divisions and remainders of vector indices by small
// constants (the x / 2, x % 2 of interleaves and of up-sampling, x / 4, x % 4) into
// constant lane patterns, by versioning the code on the residue of the vector's first
// lane; the loads they index become dense loads plus shuffles, and selects on them
// become constant blends.
//
// A vectorized loop's lanes are ramp(V, 1, L) with V a scalar (the `.base` let that
// vectorize_loops binds, or a loop variable). Knowing V mod C = r makes, for c dividing
// C, every (V + k + o_i) / c equal to V / c + floor((r + k + o_i) / c) and every
// (V + k + o_i) % c equal to the constant (r + k + o_i) mod c, lane by lane (o_i are
// the constant lane offsets of the ramp, or of any sum, difference or constant multiple
// of ramps and broadcasts built from V). So for each scalar V that such a division or
// remainder needs (C = the lcm of the divisors, at most 4), the code is versioned on
// V mod C (C copies, nested versionings multiplying to at most 4, in copies holding no
// allocation, pipeline stage or non-serial loop):
//  * where a serial loop's body starts with `let V = e` (after other lets) and the
//    terms of e whose coefficients C does not divide are loop-invariant (a steady loop
//    over vectors: V = min + L * i), the whole loop, once:
//        if (R % C == 0) loop[r = 0] else if (R % C == 1) loop[r = 1] ... loop[r = C-1]
//    with R those terms;
//  * otherwise the body of the statement binding V (LetStmt, or serial/parallel For on
//    the host), on every iteration: if (V % C == 0) body[r = 0] else ... (a tail shifted
//    inwards, V = min(min + L * i, max - L + 1), changes its residue).
// In version r:
//  * an index of the form broadcast(s) + constant lane offsets K becomes, in a Load, a
//    dense Load of the span [s + min K, s + max K] plus a Shuffle picking the lanes,
//    when K covers every integer of its span (so exactly the elements the gather read
//    are read: nothing new, nothing out of bounds) and the span is at most 2 L;
//    offsets with a constant stride become a Ramp index (dense for stride 1);
//  * such an index under clamps by broadcasts (min(i, x16(hi)), max(i, x16(lo)), as
//    clamp() in an algorithm makes) gets the same dense load in a second version of
//    its Store, `if (no lane is clamped) store without the clamps else store`: the
//    condition compares the extreme lanes s + min K and s + max K with the bounds
//    (scalars tested once per vector), so away from the edges the loads are dense.
//    Not inside versions made on every iteration (tails: code would only grow);
//  * a comparison of two such forms with the same scalar part is a constant Bool
//    vector; And, Or and Not fold; a Select on a constant mask becomes a blend
//    (a Shuffle of its two values);
//  * any other use gets broadcast(s) + the constant offsets (a Ramp or a Shuffle of
//    constants).
// Predicated Loads keep their (rewritten) gather indices; the gathers left (edges,
// predicated or unprovable lanes) still get codegen's run-time dense-pattern tests
// (CodeGen_LLVM_Exprs.cpp), except for the patterns their constant offsets exclude.
//
// Assumes: flat, vectorized and simplified IR (after vectorize_loops and simplify;
// before common_subexpression_elimination, which would hide the ramps in lets); index
// arithmetic in Int(32) does not overflow (bounds inference's rule). GPU loops are left
// alone.
// Guarantees: every statement computes the same values as before and touches no memory
// element the original did not; without a division or remainder of a ramp by 2, 3 or
// 4 the Stmt is returned unchanged.
//
// WEFT_NO_DENSE_LANE_SHUFFLES=1 in the environment turns the pass off: a switch to
// measure what it does, not a user option.
//
// Tested in tests/pass/dense_lane_shuffles.cpp and tests/correctness/dense_lane_shuffles.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt dense_lane_shuffles(const Stmt &s);

} // namespace weft::internal

#endif
