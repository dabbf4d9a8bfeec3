#ifndef WEFT_RUNTIME_ALLOCATION_H
#define WEFT_RUNTIME_ALLOCATION_H

// The cache of large freed blocks behind weft_malloc / weft_free (Allocation.cpp).

#include <cstdint>

namespace weft::internal {

/// Bytes held by the cache of freed blocks (blocks kept for the next weft_malloc).
uint64_t cached_allocation_bytes();

/// Returns every cached block to the system allocator.
void release_cached_allocations();

} // namespace weft::internal

#endif
