#ifndef WEFT_SRC_RUNTIME_CUDA_MEMORY_H
#define WEFT_SRC_RUNTIME_CUDA_MEMORY_H

// The device allocation cache (CudaMemory.cpp) as the buffer functions
// (CudaBufferMemory.cpp) use it.

#include "runtime/CudaDriver.h"

#include <cstdint>
#include <string>

namespace weft::internal {

/// Allocates `bytes` of device memory in the session's context, from the cache when it
/// has a free allocation of the same bucket. Reports the failure (naming `what`) and
/// returns its code otherwise.
int cuda_allocate(const CudaSession &s, uint64_t bytes, const char *what, uint64_t *address);

/// Returns an allocation made by cuda_allocate to the cache; false when `address` is
/// not a live allocation.
bool cuda_release(uint64_t address);

/// "0x7f0012340000".
std::string hex_address(uint64_t v);

/// Forgets every buffer's device allocation record (CudaBufferMemory.cpp).
void clear_cuda_buffers_for_tests();

} // namespace weft::internal

#endif
