#ifndef WEFT_LOWER_GPUTHREADEXTENTS_H
#define WEFT_LOWER_GPUTHREADEXTENTS_H

// bound_gpu_thread_extents: gives every gpu_threads loop a constant extent, as a launch
// needs one. A thread loop whose extent is not a constant but has a constant upper bound
// (interval analysis over the enclosing loops and lets: a tile of a split with
// GuardWithIf, or the region of a Func computed per block near an edge) becomes
//     gpu_thread (v, min, bound) { if (v < min + extent) { body } }
// so the extra threads of the launch do nothing.
//
// Assumes: the final loop nest (after simplify); runs before check_gpu_loops, which
// reports the thread loops left without a constant extent.
// Guarantees: every GPUThread loop with a bounded extent has a constant one; the body
// runs for exactly the iterations it ran before. Other loops are unchanged.
//
// Tested in tests/gpu/gpu_matmul.cpp (the shared tiles of a K loop split by 16).

#include "ir/IR.h"

namespace weft::internal {

Stmt bound_gpu_thread_extents(const Stmt &s);

} // namespace weft::internal

#endif
