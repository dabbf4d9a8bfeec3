// The non-template parts of weft::Buffer (declared in include/weft/BufferContents.h):
// shape validation, dense layout, allocation and region copies.

#include "weft/BufferContents.h"
#include "weft/Cuda.h"

#include "Error.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

namespace weft::internal {

namespace {

constexpr uint64_t max_buffer_bytes = uint64_t(1) << 47;

void check_dimension_count(const std::string &name, int dims) {
    if (dims < 0 || dims > max_buffer_dimensions) {
        runtime_user_error << buffer_label(name) << " has " << dims
                           << " dimensions; a buffer has 0 to " << max_buffer_dimensions
                           << " dimensions.";
    }
}

void check_extent(const std::string &name, int d, int64_t extent) {
    if (extent < 0) {
        runtime_user_error << buffer_label(name) << " has extent " << extent << " in dimension "
                           << d << "; extents must be >= 0.";
    }
}

/// Copies `bytes`-sized elements of an n-d region (extents given) between two layouts.
void copy_elements(uint8_t *dst, const int64_t *dst_stride, const uint8_t *src,
                   const int64_t *src_stride, const int64_t *extent, int n, int bytes) {
    if (n == 0) {
        std::memcpy(dst, src, bytes);
        return;
    }
    int64_t d = n - 1;
    if (n == 1) {
        if (dst_stride[0] == 1 && src_stride[0] == 1) {
            std::memcpy(dst, src, extent[0] * bytes);
            return;
        }
        for (int64_t i = 0; i < extent[0]; i++) {
            std::memcpy(dst + i * dst_stride[0] * bytes, src + i * src_stride[0] * bytes, bytes);
        }
        return;
    }
    for (int64_t i = 0; i < extent[d]; i++) {
        copy_elements(dst + i * dst_stride[d] * bytes, dst_stride, src + i * src_stride[d] * bytes,
                      src_stride, extent, n - 1, bytes);
    }
}

} // namespace

BufferContents::~BufferContents() {
    // The device allocation belongs to this object alone (views get no owning copy).
    release_device_allocation(raw);
}

std::string buffer_label(const std::string &name) {
    return name.empty() ? std::string("Buffer") : "Buffer \"" + name + "\"";
}

void check_buffer_shape(const std::string &name, Type t, int dims, const weft_dimension_t *shape) {
    check_dimension_count(name, dims);
    for (int d = 0; d < dims; d++) {
        check_extent(name, d, shape[d].extent);
    }
}

void make_dense_shape(const std::string &name, Type t, const std::vector<int> &sizes,
                      weft_dimension_t *shape) {
    int dims = static_cast<int>(sizes.size());
    check_dimension_count(name, dims);
    int64_t stride = 1;
    for (int d = 0; d < dims; d++) {
        check_extent(name, d, sizes[d]);
        if (stride > std::numeric_limits<int32_t>::max()) {
            runtime_user_error << buffer_label(name) << " is too large: the stride of dimension "
                               << d << " would be " << stride << ", more than 2^31 - 1.";
        }
        shape[d] = weft_dimension_t{0, sizes[d], static_cast<int32_t>(stride), 0};
        stride *= std::max(sizes[d], 1);
    }
    uint64_t bytes = uint64_t(stride) * t.bytes();
    if (uint64_t(stride) > max_buffer_bytes || bytes > max_buffer_bytes) {
        runtime_user_error << buffer_label(name) << " is too large: " << stride << " elements of "
                           << to_string(t) << " exceed the limit of 2^47 bytes.";
    }
}

std::shared_ptr<void> allocate_buffer_storage(const std::string &name, uint64_t bytes) {
    constexpr std::align_val_t alignment{64};
    void *p = ::operator new(std::max<uint64_t>(bytes, 1), alignment, std::nothrow);
    if (!p) {
        runtime_user_error << buffer_label(name) << ": out of memory allocating " << bytes
                           << " bytes.";
    }
    std::memset(p, 0, bytes);
    return std::shared_ptr<void>(p, [](void *q) { ::operator delete (q, std::align_val_t{64}); });
}

int64_t element_count(const weft_buffer_t &b) {
    int64_t n = 1;
    for (int d = 0; d < b.dimensions; d++) {
        n *= b.dim[d].extent;
    }
    return n;
}

void copy_buffer_region(const weft_buffer_t &dst, const std::string &dst_name,
                        const weft_buffer_t &src, const std::string &src_name) {
    Type dt = type_of_raw(dst), st = type_of_raw(src);
    if (dt != st) {
        runtime_user_error << "copy_from: " << buffer_label(src_name) << " has type "
                           << to_string(st) << " but " << buffer_label(dst_name) << " has type "
                           << to_string(dt) << "; copies need equal types.";
    }
    if (dst.dimensions != src.dimensions) {
        runtime_user_error << "copy_from: " << buffer_label(src_name) << " has " << src.dimensions
                           << " dimensions but " << buffer_label(dst_name) << " has "
                           << dst.dimensions << "; copies need equal dimensions.";
    }
    int n = dst.dimensions;
    int64_t dst_stride[max_buffer_dimensions], src_stride[max_buffer_dimensions];
    int64_t extent[max_buffer_dimensions];
    const int bytes = dt.bytes();
    const uint8_t *s = src.host;
    uint8_t *d = dst.host;
    for (int i = 0; i < n; i++) {
        int64_t lo = std::max(dst.dim[i].min, src.dim[i].min);
        int64_t hi = std::min(int64_t(dst.dim[i].min) + dst.dim[i].extent,
                              int64_t(src.dim[i].min) + src.dim[i].extent);
        if (hi <= lo) {
            return; // No overlap.
        }
        extent[i] = hi - lo;
        dst_stride[i] = dst.dim[i].stride;
        src_stride[i] = src.dim[i].stride;
        d += (lo - dst.dim[i].min) * dst_stride[i] * bytes;
        s += (lo - src.dim[i].min) * src_stride[i] * bytes;
    }
    copy_elements(d, dst_stride, s, src_stride, extent, n, bytes);
}

std::string cxx_type_name(Type t) {
    if (t.is_bool()) {
        return "bool";
    }
    if (t.is_handle()) {
        return "void *";
    }
    if (t.code == TypeCode::Float && t.bits == 32) {
        return "float";
    }
    if (t.code == TypeCode::Float && t.bits == 64) {
        return "double";
    }
    if (t.is_int() || t.is_uint()) {
        return to_string(t.element_of()) + "_t";
    }
    return to_string(t.element_of());
}

void check_element_type(Type expected, Type actual, const std::string &name) {
    if (expected.element_of() != actual.element_of()) {
        std::string which = name.empty() ? std::string() : " (\"" + name + "\")";
        runtime_user_error << "Buffer<" << cxx_type_name(expected) << "> cannot hold a "
                           << to_string(actual) << " buffer" << which << ".";
    }
}

} // namespace weft::internal
