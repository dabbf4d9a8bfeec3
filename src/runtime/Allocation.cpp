// weft_malloc / weft_free (weft_runtime.h): 64-byte aligned heap memory for the
// buffers a pipeline allocates, with a sanity limit on the size.

#include "weft/runtime/weft_runtime.h"

#include <cstdlib>

namespace {

constexpr uint64_t alignment = 64;
/// Larger requests are certainly a bug (a negative size cast to unsigned, an overflow).
constexpr uint64_t max_allocation_bytes = uint64_t(1) << 47;

} // namespace

extern "C" {

void *weft_malloc(void *user_context, uint64_t bytes) {
    if (bytes > max_allocation_bytes) {
        weft_error_out_of_memory(user_context, nullptr, bytes);
        return nullptr;
    }
    // aligned_alloc wants a multiple of the alignment; never ask for zero bytes.
    uint64_t rounded = bytes == 0 ? alignment : (bytes + alignment - 1) / alignment * alignment;
    void *p = std::aligned_alloc(alignment, rounded);
    if (!p) {
        weft_error_out_of_memory(user_context, nullptr, bytes);
    }
    return p;
}

void weft_free(void *user_context, void *ptr) {
    std::free(ptr);
}

} // extern "C"
