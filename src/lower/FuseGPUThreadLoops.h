#ifndef WEFT_LOWER_FUSEGPUTHREADLOOPS_H
#define WEFT_LOWER_FUSEGPUTHREADLOOPS_H

// fuse_gpu_thread_loops: makes the block level of each kernel correct when every
// thread of a block runs it, for a Target with CUDA.
//
// In a kernel, all the threads of a block run the code inside the innermost block loop;
// a thread loop runs each iteration in its own thread. Sibling thread loop nests in a
// block (a Func computed at the block level and its consumer, both with gpu_threads)
// are therefore fused into one pass of the block's threads, and need a barrier between
// them: what one nest writes to shared memory the next reads.
//
// Assumes: check_gpu_loops and place_gpu_allocations passed.
// Guarantees, inside the innermost block loop of each kernel:
//  - a statement at the block level that stores to memory but has no thread loop (a
//    Func computed at the block level without gpu_threads, a serial reduction) is
//    wrapped in a thread loop of extent 1, so exactly one thread of the block runs it;
//  - a barrier (Evaluate(Call "weft_gpu_thread_barrier"), llvm.nvvm.barrier0 on the
//    device) follows every block-level statement holding a thread loop that is followed
//    by another statement of the block, and ends the body of a block-level serial loop
//    holding thread loops (so the next iteration does not overwrite what this one reads).
// Barriers are only ever at the block level, never inside a thread loop, so every
// thread of the block reaches each of them (block-level conditions and loop bounds
// depend on block indices only).
//
// Tested in tests/gpu/gpu_ptx.cpp (the barrier count of the blur with a shared stage).

#include "ir/IR.h"

namespace weft::internal {

Stmt fuse_gpu_thread_loops(const Stmt &s);

} // namespace weft::internal

#endif
