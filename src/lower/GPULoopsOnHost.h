#ifndef WEFT_LOWER_GPULOOPSONHOST_H
#define WEFT_LOWER_GPULOOPSONHOST_H

// gpu_loops_to_host: for a Target without CUDA, runs GPU schedules on the CPU.
//
// Assumes: check_gpu_loops passed.
// Guarantees: every For of ForType::GPUBlock or GPUThread becomes a serial host loop
// (same name, bounds and body), so a GPU schedule computes the same result on the CPU,
// as Halide does for a host target. Allocations keep their memory type; the CPU code
// generator puts GPUShared and Register storage on the stack when it has a small
// constant size, on the heap otherwise. Nothing else changes; a Stmt without GPU loops
// is returned as is.
//
// Tested in tests/gpu/gpu_host_fallback.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt gpu_loops_to_host(const Stmt &s);

} // namespace weft::internal

#endif
