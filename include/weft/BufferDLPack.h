#ifndef WEFT_BUFFER_DLPACK_H
#define WEFT_BUFFER_DLPACK_H

// Zero-copy interop between weft::Buffer and DLPack tensors (dlpack.h v0.6); used by
// Buffer::from_dlpack and Buffer::to_dlpack in include/weft/Buffer.h.
//
// DLPack lists axes outermost first; weft lists dimensions innermost first. So the
// LAST DLPack axis becomes dimension 0 (x): a C-contiguous tensor of shape (H, W)
// imports as a Buffer with width W, height H and dim 0 stride 1, and
// b(j, i) == tensor[i][j]. Imported buffers have all mins 0; an exported tensor's
// index 0 is each dimension's min. Only CPU tensors (kDLCPU) and lane count 1 are
// supported; dtypes int/uint 8..64 (and 1-bit bool), float 16/32/64, bfloat16.

#include "weft/BufferContents.h"

#include <dlpack/dlpack.h>

#include <memory>

namespace weft::internal {

/// A DLTensor described in weft terms.
struct DLPackView {
    Type type;
    uint8_t *host = nullptr; ///< data + byte_offset: the element at index 0 of every axis
    int dimensions = 0;
    weft_dimension_t shape[max_buffer_dimensions]{};
};

/// Checks and converts a tensor; RuntimeError for a non-CPU device, an unsupported dtype,
/// too many axes, or a shape or stride that does not fit 32 bits.
DLPackView import_dlpack(const DLTensor &t);

/// A new DLManagedTensor describing `b`; its deleter releases `keep_alive`.
DLManagedTensor *export_dlpack(const weft_buffer_t &b, const std::string &name,
                               std::shared_ptr<void> keep_alive);

} // namespace weft::internal

#endif
