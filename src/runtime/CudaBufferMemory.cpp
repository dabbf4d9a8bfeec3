// The buffer functions of weft_runtime.h: weft_cuda_device_malloc / _free,
// _copy_to_device / _host, wrapping a user's device address, the dirty bits.
//
// A buffer's device address is that of its element at the mins, with the host's
// strides; the runtime allocates the span of all its elements (from the cache of
// CudaMemory.cpp) and keeps, per buffer device address, where the span starts and
// whether it was ever written. Copies move exactly the buffer's elements: dense runs
// as one copy, one more dimension as a 2-D copy, the rest in a loop.

#include "runtime/CudaMemory.h"

#include "weft/runtime/weft_runtime.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace weft::internal {

using namespace cuda;

namespace {

constexpr weft_device_interface_t owning_interface{weft_device_api_cuda, 1, "cuda"};
constexpr weft_device_interface_t wrapped_interface{weft_device_api_cuda, 0, "cuda (wrapped)"};

struct BufferAllocation {
    uint64_t start; ///< the allocation (the span's first byte)
    bool written;   ///< false until the first copy to the device
};

struct BufferTable {
    std::mutex mutex;
    std::unordered_map<uint64_t, BufferAllocation> buffers; // by weft_buffer_t::device
};

/// Never destroyed: buffers with static storage may free device memory at exit.
BufferTable &buffer_table() {
    static BufferTable *table = new BufferTable;
    return *table;
}

int element_bytes(const weft_buffer_t *buf) {
    return (buf->type.bits + 7) / 8 * std::max<int>(buf->type.lanes, 1);
}

/// The element offsets (from the element at the mins) of the first and last element
/// in memory, and whether the buffer has no elements.
struct Span {
    int64_t first = 0, last = 0;
    bool empty = false;
};

Span span_of(const weft_buffer_t *buf) {
    Span span;
    for (int d = 0; d < buf->dimensions; d++) {
        const weft_dimension_t &dim = buf->dim[d];
        if (dim.extent <= 0) {
            span.empty = true;
            continue;
        }
        int64_t reach = int64_t(dim.extent - 1) * dim.stride;
        (reach < 0 ? span.first : span.last) += reach;
    }
    return span;
}

bool is_wrapped(const weft_buffer_t *buf) {
    return buf->device_interface == &wrapped_interface;
}

int buffer_error(void *user_context, const std::string &message) {
    return report_runtime_error(user_context, weft_error_code_device_buffer, message);
}

int allocate_buffer(const CudaSession &s, weft_buffer_t *buf) {
    const int bytes = element_bytes(buf);
    Span span = span_of(buf);
    uint64_t size = span.empty ? 0 : uint64_t(span.last - span.first + 1) * bytes;
    uint64_t start = 0;
    if (int code = cuda_allocate(s, size, "a buffer", &start)) {
        return code;
    }
    buf->device = start + uint64_t(-span.first) * bytes;
    buf->device_interface = &owning_interface;
    BufferTable &m = buffer_table();
    std::lock_guard<std::mutex> lock(m.mutex);
    m.buffers[buf->device] = BufferAllocation{start, false};
    return 0;
}

/// One dimension of a copy, in bytes.
struct CopyDim {
    int64_t extent, stride;
};

/// Copies the elements of `buf` between host and device (both with buf's layout):
/// contiguous runs become one copy each, one more dimension is folded into a 2-D copy.
int copy_elements(const CudaSession &s, const weft_buffer_t *buf, bool to_device) {
    const int64_t bytes = element_bytes(buf);
    std::vector<CopyDim> dims;
    int64_t offset = 0;
    for (int d = 0; d < buf->dimensions; d++) {
        const weft_dimension_t &dim = buf->dim[d];
        if (dim.extent <= 0) {
            return 0; // No elements.
        }
        int64_t stride = int64_t(dim.stride) * bytes;
        if (dim.extent == 1 || stride == 0) {
            continue; // One element's worth of memory in this dimension.
        }
        if (stride < 0) {
            // Walk the dimension the other way: the same elements, a positive stride.
            offset += (dim.extent - 1) * stride;
            stride = -stride;
        }
        dims.push_back(CopyDim{dim.extent, stride});
    }
    std::sort(dims.begin(), dims.end(),
              [](const CopyDim &a, const CopyDim &b) { return a.stride < b.stride; });
    // Fold dimensions that continue each other densely.
    int64_t run = bytes;
    size_t first = 0;
    while (first < dims.size() && dims[first].stride == run) {
        run *= dims[first].extent;
        first++;
    }
    std::vector<CopyDim> outer(dims.begin() + first, dims.end());
    // The innermost outer dimension becomes the rows of a 2-D copy.
    CopyDim rows = outer.empty() ? CopyDim{1, run} : outer.front();
    if (!outer.empty()) {
        outer.erase(outer.begin());
    }
    const bool two_d = rows.extent > 1 && rows.stride >= run;
    std::vector<int64_t> index(outer.size(), 0);
    const std::string what = std::to_string(buf->dimensions) + "-D buffer of " +
                             std::to_string(bytes) + "-byte elements";
    while (true) {
        int64_t at = offset;
        for (size_t i = 0; i < outer.size(); i++) {
            at += index[i] * outer[i].stride;
        }
        for (int64_t row = 0; row < (two_d ? 1 : rows.extent); row++) {
            int64_t here = at + row * rows.stride;
            uint8_t *host = buf->host + here;
            CUdeviceptr device = buf->device + uint64_t(here);
            CUresult r;
            const char *call;
            if (two_d) {
                CUDA_MEMCPY2D c{};
                c.srcMemoryType = to_device ? CU_MEMORYTYPE_HOST : CU_MEMORYTYPE_DEVICE;
                c.dstMemoryType = to_device ? CU_MEMORYTYPE_DEVICE : CU_MEMORYTYPE_HOST;
                c.srcHost = host;
                c.dstHost = host;
                c.srcDevice = device;
                c.dstDevice = device;
                c.srcPitch = c.dstPitch = size_t(rows.stride);
                c.WidthInBytes = size_t(run);
                c.Height = size_t(rows.extent);
                call = "cuMemcpy2DAsync";
                r = s.api().cuMemcpy2DAsync(&c, s.stream());
            } else if (to_device) {
                call = "cuMemcpyHtoDAsync";
                r = s.api().cuMemcpyHtoDAsync(device, host, size_t(run), s.stream());
            } else {
                call = "cuMemcpyDtoHAsync";
                r = s.api().cuMemcpyDtoHAsync(host, device, size_t(run), s.stream());
            }
            if (int code =
                    s.check(r, call, (to_device ? "copying a " : "copying back a ") + what)) {
                return code;
            }
        }
        size_t i = 0;
        for (; i < outer.size(); i++) {
            if (++index[i] < outer[i].extent) {
                break;
            }
            index[i] = 0;
        }
        if (i == outer.size()) {
            break;
        }
    }
    return s.check(s.api().cuStreamSynchronize(s.stream()), "cuStreamSynchronize",
                   "waiting for a buffer copy");
}

bool both_dirty(const weft_buffer_t *buf) {
    return (buf->flags & weft_buffer_host_dirty) && (buf->flags & weft_buffer_device_dirty);
}

const char *both_dirty_message = "the buffer has both host_dirty and device_dirty set: its host "
                                 "and device copies were both changed, and neither can be kept";

/// Whether the buffer's device allocation was never written (a fresh allocation).
bool never_written(uint64_t device) {
    BufferTable &m = buffer_table();
    std::lock_guard<std::mutex> lock(m.mutex);
    auto it = m.buffers.find(device);
    return it != m.buffers.end() && !it->second.written;
}

void mark_written(uint64_t device) {
    BufferTable &m = buffer_table();
    std::lock_guard<std::mutex> lock(m.mutex);
    auto it = m.buffers.find(device);
    if (it != m.buffers.end()) {
        it->second.written = true;
    }
}

} // namespace

void clear_cuda_buffers_for_tests() {
    BufferTable &t = buffer_table();
    std::lock_guard<std::mutex> lock(t.mutex);
    t.buffers.clear();
}

} // namespace weft::internal

using namespace weft::internal;

extern "C" {

const weft_device_interface_t *weft_cuda_device_interface(void) {
    return &owning_interface;
}

const weft_device_interface_t *weft_cuda_wrapped_device_interface(void) {
    return &wrapped_interface;
}

void weft_buffer_set_host_dirty(weft_buffer_t *buf, int dirty) {
    buf->flags = dirty ? (buf->flags | weft_buffer_host_dirty)
                       : (buf->flags & ~uint64_t(weft_buffer_host_dirty));
}

void weft_buffer_set_device_dirty(weft_buffer_t *buf, int dirty) {
    buf->flags = dirty ? (buf->flags | weft_buffer_device_dirty)
                       : (buf->flags & ~uint64_t(weft_buffer_device_dirty));
}

int weft_cuda_device_malloc(void *user_context, weft_buffer_t *buf) {
    if (buf->device) {
        return 0;
    }
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    return allocate_buffer(s, buf);
}

int weft_cuda_device_free(void *user_context, weft_buffer_t *buf) {
    if (buf->device == 0) {
        return 0;
    }
    if (is_wrapped(buf)) {
        return weft_cuda_detach_native(user_context, buf);
    }
    uint64_t start = 0;
    {
        BufferTable &m = buffer_table();
        std::lock_guard<std::mutex> lock(m.mutex);
        auto it = m.buffers.find(buf->device);
        if (it != m.buffers.end()) {
            start = it->second.start;
            m.buffers.erase(it);
        }
    }
    if (start == 0 || !cuda_release(start)) {
        return buffer_error(user_context, "weft_cuda_device_free: the buffer's device address " +
                                              hex_address(buf->device) +
                                              " is not a device allocation of weft's (wrapped "
                                              "memory is released with weft_cuda_detach_native)");
    }
    buf->device = 0;
    buf->device_interface = nullptr;
    weft_buffer_set_device_dirty(buf, 0);
    return 0;
}

int weft_cuda_copy_to_device(void *user_context, weft_buffer_t *buf) {
    if (both_dirty(buf)) {
        return buffer_error(user_context,
                            std::string("weft_cuda_copy_to_device: ") + both_dirty_message);
    }
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    if (!buf->device) {
        if (int code = allocate_buffer(s, buf)) {
            return code;
        }
    }
    const bool host_dirty = buf->flags & weft_buffer_host_dirty;
    const bool device_dirty = buf->flags & weft_buffer_device_dirty;
    if (!buf->host || !(host_dirty || (!device_dirty && never_written(buf->device)))) {
        return 0;
    }
    if (int code = copy_elements(s, buf, /*to_device=*/true)) {
        return code;
    }
    mark_written(buf->device);
    weft_buffer_set_host_dirty(buf, 0);
    return 0;
}

int weft_cuda_copy_to_host(void *user_context, weft_buffer_t *buf) {
    if (!(buf->flags & weft_buffer_device_dirty)) {
        return 0;
    }
    if (both_dirty(buf)) {
        return buffer_error(user_context,
                            std::string("weft_cuda_copy_to_host: ") + both_dirty_message);
    }
    if (!buf->device) {
        return buffer_error(user_context, "weft_cuda_copy_to_host: the buffer has device_dirty "
                                          "set but no device allocation");
    }
    if (!buf->host) {
        // A device-only buffer (no host memory, as copy_to_device also accepts): its
        // device copy stays the only one, device_dirty stays set. A pipeline realized into
        // one leaves its output on the device (bench/gpu.cpp times kernels this way).
        return 0;
    }
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    if (int code = copy_elements(s, buf, /*to_device=*/false)) {
        return code;
    }
    weft_buffer_set_device_dirty(buf, 0);
    return 0;
}

int weft_cuda_wrap_native(void *user_context, weft_buffer_t *buf, uint64_t device_address) {
    if (buf->device) {
        return buffer_error(user_context, "weft_cuda_wrap_native: the buffer already has a device "
                                          "allocation (" +
                                              hex_address(buf->device) +
                                              "); free or detach it first");
    }
    if (device_address == 0) {
        return buffer_error(user_context, "weft_cuda_wrap_native: the device address to wrap is 0");
    }
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    buf->device = device_address;
    buf->device_interface = &wrapped_interface;
    return 0;
}

int weft_cuda_detach_native(void *user_context, weft_buffer_t *buf) {
    if (!is_wrapped(buf)) {
        return buffer_error(user_context, "weft_cuda_detach_native: the buffer does not wrap a "
                                          "device address (it was not made by wrap_native)");
    }
    buf->device = 0;
    buf->device_interface = nullptr;
    weft_buffer_set_device_dirty(buf, 0);
    return 0;
}

int weft_cuda_device_sync(void *user_context) {
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    return s.check(s.api().cuStreamSynchronize(s.stream()), "cuStreamSynchronize",
                   "waiting for the stream");
}

} // extern "C"
