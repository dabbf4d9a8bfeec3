#ifndef WEFT_LOWER_INJECTHOSTDEVICECOPIES_H
#define WEFT_LOWER_INJECTHOSTDEVICECOPIES_H

// inject_host_device_copies: keeps the host and device copies of the pipeline's buffers
// consistent around GPU kernels, for a Target with CUDA (DESIGN.md section 3: buffers
// carry a device handle and host/device dirty bits).
//
// Assumes: the final loop nest with kernels (outermost gpu_blocks loops); buffer
// arguments are the Load/Store names that no Allocate binds.
// Guarantees:
//  - before each host loop nest (a host For holding no kernel) or host Store that
//    touches a buffer some kernel touches: Evaluate(weft_cuda_copy_to_host(uc, b.buffer))
//    (the runtime copies only when the device copy is newer); after it, when it
//    stores to b: Evaluate(weft_buffer_set_host_dirty(b.buffer, 1));
//  - at the end of the pipeline, weft_cuda_copy_to_host for every buffer a kernel
//    stores to, so realize() results are readable on the host.
// The launches themselves (copy_to_device of what a kernel reads, device_malloc of
// what it only writes, set_device_dirty after) are emitted by the host code generator
// (CodeGen_GPU_Host.cpp), which knows each kernel's arguments.
// Errors: CompileError for a Func stored in memory that both host code and a kernel
// touch (computed on the host and consumed on the device or the reverse), naming it.
// Code generation checks the result of each copy and returns it on failure.
//
// Tested in tests/gpu/gpu_ptx.cpp (the lowered Stmt of a pipeline with a host stage).

#include "ir/IR.h"

namespace weft::internal {

Stmt inject_host_device_copies(const Stmt &s);

} // namespace weft::internal

#endif
