// The C++ side of the CUDA runtime (include/weft/Cuda.h): Buffer's device methods and
// cuda_available / cuda_set_context / cuda_release_unused. Each calls the C function of
// weft_runtime.h with a user context that collects the message, and throws
// RuntimeError("<runtime message> (in <operation> of Buffer "name")") when it fails.

#include "weft/Cuda.h"

#include "runtime/CudaDriver.h"
#include "runtime/UserContext.h"
#include "weft/BufferContents.h"
#include "weft/Error.h"

namespace weft {

namespace internal {

namespace {

/// Runs `call(&context)` and throws its error, if any, as a RuntimeError.
template<typename Call>
void run_or_throw(const char *operation, const std::string &name, Call &&call) {
    JITUserContext context;
    int code = call(&context);
    if (code == 0) {
        return;
    }
    std::string message = context.error_message.empty()
                              ? "the CUDA runtime failed with error code " + std::to_string(code)
                              : context.error_message;
    std::string subject = name.empty() ? std::string() : " of " + buffer_label(name);
    throw RuntimeError(message + " (in " + operation + subject + ")");
}

void check_device_api(DeviceAPI api, const char *operation, const std::string &name) {
    if (api != DeviceAPI::CUDA) {
        throw RuntimeError(std::string(operation) + ": " + buffer_label(name) +
                           " cannot use DeviceAPI::Host as a device; the only device API is "
                           "DeviceAPI::CUDA.");
    }
}

} // namespace

void buffer_copy_to_device(weft_buffer_t &raw, const std::string &name, DeviceAPI api) {
    check_device_api(api, "copy_to_device", name);
    run_or_throw("copy_to_device", name,
                 [&](void *uc) { return weft_cuda_copy_to_device(uc, &raw); });
}

void buffer_copy_to_host(weft_buffer_t &raw, const std::string &name) {
    run_or_throw("copy_to_host", name, [&](void *uc) { return weft_cuda_copy_to_host(uc, &raw); });
}

void buffer_device_malloc(weft_buffer_t &raw, const std::string &name, DeviceAPI api) {
    check_device_api(api, "device_malloc", name);
    run_or_throw("device_malloc", name,
                 [&](void *uc) { return weft_cuda_device_malloc(uc, &raw); });
}

void buffer_device_free(weft_buffer_t &raw, const std::string &name) {
    run_or_throw("device_free", name, [&](void *uc) { return weft_cuda_device_free(uc, &raw); });
}

void buffer_device_sync(weft_buffer_t &raw, const std::string &name) {
    if (!raw.device) {
        return;
    }
    run_or_throw("device_sync", name, [&](void *uc) { return weft_cuda_device_sync(uc); });
}

void buffer_device_wrap_native(weft_buffer_t &raw, const std::string &name, DeviceAPI api,
                               uint64_t device_address) {
    check_device_api(api, "device_wrap_native", name);
    run_or_throw("device_wrap_native", name,
                 [&](void *uc) { return weft_cuda_wrap_native(uc, &raw, device_address); });
}

void buffer_device_detach_native(weft_buffer_t &raw, const std::string &name) {
    run_or_throw("device_detach_native", name,
                 [&](void *uc) { return weft_cuda_detach_native(uc, &raw); });
}

void buffer_set_dirty(weft_buffer_t &raw, const std::string &name, uint64_t bit, bool dirty) {
    const bool host = bit == weft_buffer_host_dirty;
    const uint64_t other = host ? weft_buffer_device_dirty : weft_buffer_host_dirty;
    if (dirty && (raw.flags & other)) {
        throw RuntimeError(std::string(host ? "set_host_dirty" : "set_device_dirty") + ": " +
                           buffer_label(name) + " has " + (host ? "device_dirty" : "host_dirty") +
                           " set: its newest data is on "
                           "the " +
                           (host ? "device; call copy_to_host()" : "host; call copy_to_device()") +
                           " first, or clear that bit.");
    }
    if (host) {
        weft_buffer_set_host_dirty(&raw, dirty);
    } else {
        weft_buffer_set_device_dirty(&raw, dirty);
    }
}

void check_host_current(const weft_buffer_t &raw, const std::string &name, const char *what) {
    if (raw.flags & weft_buffer_device_dirty) {
        throw RuntimeError(std::string(what) + ": " + buffer_label(name) +
                           " has newer data on the device (device_dirty); call copy_to_host() "
                           "first.");
    }
}

const weft_device_interface_t *non_owning_interface(const weft_device_interface_t *i) {
    return i == weft_cuda_device_interface() ? weft_cuda_wrapped_device_interface() : i;
}

void release_device_allocation(weft_buffer_t &raw) noexcept {
    if (raw.device && raw.device_interface == weft_cuda_device_interface()) {
        JITUserContext ignored; // Nothing to tell anyone: the Buffer is going.
        weft_cuda_device_free(&ignored, &raw);
    }
}

} // namespace internal

bool cuda_available() {
    return weft_cuda_available() != 0;
}

int cuda_compute_capability() {
    int32_t major = 0, minor = 0;
    internal::run_or_throw("cuda_compute_capability", "", [&](void *uc) {
        return weft_cuda_compute_capability(uc, &major, &minor);
    });
    return major * 10 + minor;
}

void cuda_set_context(void *cu_context, void *cu_stream) {
    if (cu_context) {
        internal::run_or_throw("cuda_set_context", "",
                               [](void *uc) { return weft_cuda_initialize(uc); });
    }
    internal::run_or_throw("cuda_set_context", "",
                           [&](void *) { return weft_cuda_set_context(cu_context, cu_stream); });
}

void cuda_release_unused() {
    weft_cuda_release_unused();
}

} // namespace weft
