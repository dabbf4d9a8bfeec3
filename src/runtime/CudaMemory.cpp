// Device memory for weft: the allocation cache behind every CUDA allocation of the
// runtime (buffers and scratch), weft_cuda_malloc / _free and weft_cuda_release_unused.
//
// Every allocation is rounded up to a bucket size (256 bytes, then four sizes per power
// of two, so at most 25% is wasted) and, when freed, goes to the free list of its
// context and bucket, where the next request of that bucket in that context finds it.
// The cache is emptied by weft_cuda_release_unused (at exit too) and, for one context,
// when cuMemAlloc runs out of memory (then the allocation is tried once more).

#include "runtime/CudaMemory.h"

#include "weft/runtime/weft_runtime.h"

#include <bit>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <mutex>
#include <vector>

namespace weft::internal {

using namespace cuda;

namespace {

constexpr uint64_t max_device_bytes = uint64_t(1) << 47;

struct LiveAllocation {
    uint64_t bytes; ///< the bucket size actually allocated
    CUcontext context;
};

struct MemoryState {
    std::mutex mutex;
    std::map<uint64_t, LiveAllocation> live; // by start address
    std::map<CUcontext, std::map<uint64_t, std::vector<CUdeviceptr>>> free_lists;
};

/// Never destroyed: buffers with static storage may free device memory at exit.
MemoryState &memory_state() {
    static MemoryState *state = new MemoryState;
    return *state;
}

uint64_t bucket_size(uint64_t bytes) {
    if (bytes <= 256) {
        return 256;
    }
    // Four buckets per power of two: granule = a quarter of the power below bytes.
    int log2 = 63 - std::countl_zero(bytes - 1);
    uint64_t granule = uint64_t(1) << (log2 - 2);
    return (bytes + granule - 1) / granule * granule;
}

/// Takes the free lists of `context` (or of every context when null) out of the cache.
std::map<CUcontext, std::vector<CUdeviceptr>> take_free_lists(CUcontext context) {
    MemoryState &m = memory_state();
    std::map<CUcontext, std::vector<CUdeviceptr>> taken;
    std::lock_guard<std::mutex> lock(m.mutex);
    for (auto it = m.free_lists.begin(); it != m.free_lists.end();) {
        if (context && it->first != context) {
            ++it;
            continue;
        }
        for (auto &[bytes, list] : it->second) {
            auto &out = taken[it->first];
            out.insert(out.end(), list.begin(), list.end());
        }
        it = m.free_lists.erase(it);
    }
    return taken;
}

void free_all(const DriverAPI &api, const std::map<CUcontext, std::vector<CUdeviceptr>> &lists) {
    for (const auto &[context, list] : lists) {
        with_cuda_context(api, context, [&] {
            for (CUdeviceptr p : list) {
                api.cuMemFree(p);
            }
        });
    }
}

} // namespace

/// Allocates `bytes` (from the cache when possible) in the session's context.
int cuda_allocate(const CudaSession &s, uint64_t bytes, const char *what, uint64_t *address) {
    *address = 0;
    if (bytes > max_device_bytes) {
        return weft_error_out_of_memory(s.user_context(), what, bytes);
    }
    const uint64_t size = bucket_size(bytes);
    MemoryState &m = memory_state();
    {
        std::lock_guard<std::mutex> lock(m.mutex);
        auto &list = m.free_lists[s.context()][size];
        if (!list.empty()) {
            *address = list.back();
            list.pop_back();
            m.live[*address] = LiveAllocation{size, s.context()};
            return 0;
        }
    }
    CUdeviceptr p = 0;
    CUresult r = s.api().cuMemAlloc(&p, size);
    if (r == CUDA_ERROR_OUT_OF_MEMORY) {
        free_all(s.api(), take_free_lists(s.context()));
        r = s.api().cuMemAlloc(&p, size);
    }
    if (r != CUDA_SUCCESS) {
        return s.check(r, "cuMemAlloc",
                       "allocating " + std::to_string(size) + " bytes of device memory for " +
                           what);
    }
    std::lock_guard<std::mutex> lock(m.mutex);
    m.live[p] = LiveAllocation{size, s.context()};
    *address = p;
    return 0;
}

/// Returns a live allocation to its free list; false when `address` is not one.
bool cuda_release(uint64_t address) {
    MemoryState &m = memory_state();
    std::lock_guard<std::mutex> lock(m.mutex);
    auto it = m.live.find(address);
    if (it == m.live.end()) {
        return false;
    }
    m.free_lists[it->second.context][it->second.bytes].push_back(address);
    m.live.erase(it);
    return true;
}

std::string hex_address(uint64_t v) {
    char text[32];
    std::snprintf(text, sizeof(text), "0x%" PRIx64, v);
    return text;
}

void clear_cuda_memory_for_tests() {
    weft_cuda_release_unused();
    clear_cuda_buffers_for_tests();
    MemoryState &m = memory_state();
    std::lock_guard<std::mutex> lock(m.mutex);
    m.live.clear();
    m.free_lists.clear();
}

} // namespace weft::internal

using namespace weft::internal;

extern "C" {

int weft_cuda_malloc(void *user_context, uint64_t bytes, uint64_t *device_address) {
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    return cuda_allocate(s, bytes, "a device scratch buffer", device_address);
}

int weft_cuda_free(void *user_context, uint64_t device_address) {
    if (device_address == 0 || cuda_release(device_address)) {
        return 0;
    }
    return report_runtime_error(user_context, weft_error_code_device_buffer,
                                "weft_cuda_free: device address " + hex_address(device_address) +
                                    " was not allocated by weft_cuda_malloc, or is "
                                    "already free");
}

void weft_cuda_release_unused(void) {
    const DriverAPI *api = loaded_cuda_driver();
    if (!api) {
        return;
    }
    free_all(*api, take_free_lists(nullptr));
}

} // extern "C"
