#ifndef WEFT_LOWER_GPUMEMORYPLACEMENT_H
#define WEFT_LOWER_GPUMEMORYPLACEMENT_H

// place_gpu_allocations: decides where each allocation inside a GPU kernel lives, for
// a Target with CUDA.
//
// Assumes: flat Allocates (after storage_flattening), check_gpu_loops passed.
// Guarantees, for every Allocate inside a kernel (an outermost gpu_blocks loop):
//  - at the block level (inside the block loops, outside every thread loop), a Func of
//    MemoryType::Auto or GPUShared gets GPUShared: one copy per block, shared by its
//    threads. Its extents become constants (the largest value interval analysis finds
//    over the enclosing loops), so that it can be static shared memory;
//  - inside a thread loop, Auto, Register and Stack become Register (per thread); the
//    size must be a constant;
//  - the static shared memory of each kernel is at most 48 KiB.
// Allocations outside kernels are left to the host code generator (a Func produced and
// consumed only by kernels is allocated in device memory there).
// Errors (CompileError naming the Func): shared memory over 48 KiB (with its size in
// bytes), a shared or register allocation whose size is not bounded by a constant,
// store_in(GPUShared) inside a thread loop, store_in(Register/Stack) at the block level,
// store_in(Heap) inside a kernel.
//
// Tested in tests/gpu/gpu_ptx.cpp and tests/error/gpu_shared_memory_limit.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt place_gpu_allocations(const Stmt &s);

} // namespace weft::internal

#endif
