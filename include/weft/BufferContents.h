#ifndef WEFT_BUFFER_CONTENTS_H
#define WEFT_BUFFER_CONTENTS_H

// The shared state behind weft::Buffer (include/weft/Buffer.h) and the non-template
// helpers Buffer<T> uses: allocation, shape checks, region copies. Users need not read
// this file; its functions are implemented in src/runtime/BufferHelpers.cpp.

#include "weft/Type.h"
#include "weft/runtime/weft_runtime.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace weft {

/// The most dimensions a Buffer can have.
constexpr int max_buffer_dimensions = 16;

namespace internal {

/// What every copy of one Buffer shares: the C description handed to pipelines (its
/// `dim` points at `shape`, so the object never moves), whatever keeps the elements
/// alive (an allocation, a DLPack tensor; empty when the memory is borrowed) and the
/// device allocation raw.device when raw.device_interface says the runtime owns it.
struct BufferContents {
    weft_buffer_t raw{};
    weft_dimension_t shape[max_buffer_dimensions]{};
    std::shared_ptr<void> storage;
    std::string name;

    BufferContents() { raw.dim = shape; }
    /// Returns a device allocation the runtime owns (raw.device) to its cache.
    ~BufferContents();
    BufferContents(const BufferContents &) = delete;
    BufferContents &operator=(const BufferContents &) = delete;
};

/// `Buffer "name"`, or `Buffer` when the name is empty: the subject of error messages.
std::string buffer_label(const std::string &name);

/// Throws RuntimeError unless `dims` is 0..16, every extent is >= 0 and the spanned
/// memory fits the limits of weft_malloc.
void check_buffer_shape(const std::string &name, Type t, int dims, const weft_dimension_t *shape);

/// Fills `shape` with mins 0, the given extents and the densest strides (dim 0 stride 1);
/// throws RuntimeError for a negative extent, too many dimensions or a stride over 2^31-1.
void make_dense_shape(const std::string &name, Type t, const std::vector<int> &sizes,
                      weft_dimension_t *shape);

/// Zeroed, 64-byte aligned memory of `bytes` bytes; RuntimeError when it cannot be had.
std::shared_ptr<void> allocate_buffer_storage(const std::string &name, uint64_t bytes);

/// Number of elements: the product of the extents.
int64_t element_count(const weft_buffer_t &b);

/// Copies the elements at coordinates both buffers contain from src to dst. The two
/// must have the same type and dimensionality (RuntimeError otherwise).
void copy_buffer_region(const weft_buffer_t &dst, const std::string &dst_name,
                        const weft_buffer_t &src, const std::string &src_name);

/// The C++ spelling of an element type in messages: "uint8_t", "float", "bool".
std::string cxx_type_name(Type t);

/// Throws `Buffer<uint8_t> cannot hold a float32 buffer` unless `actual` is `expected`.
void check_element_type(Type expected, Type actual, const std::string &name);

inline Type type_of_raw(const weft_buffer_t &b) {
    return Type(static_cast<TypeCode>(b.type.code), b.type.bits, b.type.lanes);
}

inline weft_type_t raw_type_of(Type t) {
    return weft_type_t{static_cast<uint8_t>(t.code), t.bits, t.lanes};
}

/// Calls f(offset) with the element offset (from host, in elements) of every element,
/// dimension 0 innermost.
template<typename F> void for_each_element_offset(const weft_buffer_t &b, F &&f) {
    int n = b.dimensions;
    for (int d = 0; d < n; d++) {
        if (b.dim[d].extent <= 0) {
            return;
        }
    }
    if (n == 0) {
        f(int64_t(0));
        return;
    }
    int pos[max_buffer_dimensions] = {};
    int64_t base = 0;
    const int64_t inner_stride = b.dim[0].stride;
    const int inner_extent = b.dim[0].extent;
    while (true) {
        for (int x = 0; x < inner_extent; x++) {
            f(base + x * inner_stride);
        }
        int d = 1;
        for (; d < n; d++) {
            base += b.dim[d].stride;
            if (++pos[d] < b.dim[d].extent) {
                break;
            }
            base -= int64_t(b.dim[d].stride) * b.dim[d].extent;
            pos[d] = 0;
        }
        if (d == n) {
            return;
        }
    }
}

} // namespace internal
} // namespace weft

#endif
