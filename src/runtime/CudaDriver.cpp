// Loading the CUDA driver (dlopen at first use), choosing the context and stream that
// calls run in, and weft_cuda_available / _initialize / _set_context. See CudaDriver.h.

#include "runtime/CudaDriver.h"

#include "runtime/UserContext.h"
#include "weft/runtime/weft_runtime.h"

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

namespace weft::internal {

using namespace cuda;

namespace {

struct DriverState {
    std::mutex mutex;
    bool attempted = false;
    int error_code = 0; ///< weft_error_code_t of a failed load, kept with its message
    std::string error;
    void *library = nullptr;
    DriverAPI api{};
    CUdevice device = 0;
    CUcontext primary = nullptr;     ///< weft's own context: the primary context of device 0
    CUcontext app_context = nullptr; ///< weft_cuda_set_context's, when not null
    CUstream app_stream = nullptr;
    bool exit_hook = false;
};

/// Never destroyed: buffers with static storage may free device memory at exit.
DriverState &driver_state() {
    static DriverState *state = new DriverState;
    return *state;
}

std::string library_path() {
    const char *env = std::getenv("WEFT_CUDA_DRIVER");
    return env && *env ? std::string(env) : std::string("libcuda.so.1");
}

/// dlerror() without a leading "<path>: ", which the message names already.
std::string dl_reason(const std::string &path) {
    const char *e = dlerror();
    std::string reason = e ? e : "unknown error";
    if (reason.rfind(path + ": ", 0) == 0) {
        reason = reason.substr(path.size() + 2);
    }
    return reason;
}

/// Resolves `symbol` (the name cuda.h maps the entry point to) into `slot`.
template<typename Fn>
void resolve(void *library, const char *symbol, Fn &slot, std::string &missing) {
    slot = reinterpret_cast<Fn>(dlsym(library, symbol));
    if (!slot && missing.empty()) {
        missing = symbol;
    }
}

/// The driver's exported names: the versioned ones where cuda.h maps to them (and not
/// where a _v2 has another signature, as cuCtxGetDevice_v2 does).
std::string resolve_all(void *library, DriverAPI &api) {
    std::string missing;
#define WEFT_RESOLVE(f, symbol) resolve(library, symbol, api.f, missing)
    WEFT_RESOLVE(cuInit, "cuInit");
    WEFT_RESOLVE(cuDeviceGetCount, "cuDeviceGetCount");
    WEFT_RESOLVE(cuDeviceGet, "cuDeviceGet");
    WEFT_RESOLVE(cuDeviceGetAttribute, "cuDeviceGetAttribute");
    WEFT_RESOLVE(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
    WEFT_RESOLVE(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2");
    WEFT_RESOLVE(cuCtxPushCurrent, "cuCtxPushCurrent_v2");
    WEFT_RESOLVE(cuCtxPopCurrent, "cuCtxPopCurrent_v2");
    WEFT_RESOLVE(cuCtxGetDevice, "cuCtxGetDevice");
    WEFT_RESOLVE(cuModuleLoadDataEx, "cuModuleLoadDataEx");
    WEFT_RESOLVE(cuModuleGetFunction, "cuModuleGetFunction");
    WEFT_RESOLVE(cuModuleUnload, "cuModuleUnload");
    WEFT_RESOLVE(cuLaunchKernel, "cuLaunchKernel");
    WEFT_RESOLVE(cuMemAlloc, "cuMemAlloc_v2");
    WEFT_RESOLVE(cuMemFree, "cuMemFree_v2");
    WEFT_RESOLVE(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2");
    WEFT_RESOLVE(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2");
    WEFT_RESOLVE(cuMemcpy2DAsync, "cuMemcpy2DAsync_v2");
    WEFT_RESOLVE(cuStreamSynchronize, "cuStreamSynchronize");
    WEFT_RESOLVE(cuGetErrorName, "cuGetErrorName");
    WEFT_RESOLVE(cuGetErrorString, "cuGetErrorString");
#undef WEFT_RESOLVE
    return missing;
}

void release_at_exit() {
    weft_cuda_release_unused();
}

/// Sets s.error_code/s.error on failure. Called with s.mutex held, once.
void load_driver(DriverState &s) {
    const std::string path = library_path();
    s.library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    auto fail = [&](int code, const std::string &message) {
        s.error_code = code;
        s.error = message;
        if (s.library) {
            dlclose(s.library);
            s.library = nullptr;
        }
        s.api = DriverAPI{};
    };
    if (!s.library) {
        return fail(weft_error_code_no_cuda,
                    "no CUDA driver found (" + path + ": " + dl_reason(path) + ")");
    }
    std::string missing = resolve_all(s.library, s.api);
    if (!missing.empty()) {
        return fail(weft_error_code_no_cuda, "no CUDA driver found (" + path + " has no " +
                                                 missing +
                                                 "; it is not a CUDA driver, or too old)");
    }
    CUresult r = s.api.cuInit(0);
    if (r == CUDA_ERROR_NO_DEVICE) {
        return fail(weft_error_code_no_cuda,
                    "no CUDA device found (cuInit: " + describe_cuda_result(s.api, r) + ")");
    }
    if (r != CUDA_SUCCESS) {
        return fail(weft_error_code_no_cuda, "no CUDA driver found (" + path + ": cuInit failed: " +
                                                 describe_cuda_result(s.api, r) + ")");
    }
    int count = 0;
    r = s.api.cuDeviceGetCount(&count);
    if (r != CUDA_SUCCESS || count < 1) {
        return fail(weft_error_code_no_cuda,
                    "no CUDA device found (" + path + " reports " +
                        (r == CUDA_SUCCESS ? std::to_string(count) + " devices"
                                           : describe_cuda_result(s.api, r)) +
                        ")");
    }
    r = s.api.cuDeviceGet(&s.device, 0);
    if (r == CUDA_SUCCESS) {
        r = s.api.cuDevicePrimaryCtxRetain(&s.primary, s.device);
    }
    if (r != CUDA_SUCCESS) {
        return fail(weft_error_code_cuda_failed,
                    "CUDA error in cuDevicePrimaryCtxRetain (device 0): " +
                        describe_cuda_result(s.api, r));
    }
    if (!s.exit_hook) {
        // Registered after cuInit, so it runs before the driver's own exit handlers.
        s.exit_hook = std::atexit(release_at_exit) == 0;
    }
}

/// The driver after loading it once; nullptr with *code and *message set otherwise.
const DriverAPI *load_once(int *code, std::string *message, CUcontext *context, CUstream *stream) {
    DriverState &s = driver_state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.attempted) {
        s.attempted = true;
        load_driver(s);
    }
    if (s.error_code != 0) {
        *code = s.error_code;
        *message = s.error;
        return nullptr;
    }
    *context = s.app_context ? s.app_context : s.primary;
    *stream = s.app_context ? s.app_stream : nullptr;
    return &s.api;
}

} // namespace

int report_runtime_error(void *user_context, int code, const std::string &message) {
    if (user_context) {
        static_cast<JITUserContext *>(user_context)->record_error(code, message.c_str());
        return code;
    }
    weft_error(nullptr, message.c_str());
    return code;
}

std::string describe_cuda_result(const DriverAPI &api, CUresult r) {
    const char *name = nullptr, *text = nullptr;
    if (api.cuGetErrorName) {
        api.cuGetErrorName(r, &name);
    }
    if (api.cuGetErrorString) {
        api.cuGetErrorString(r, &text);
    }
    std::string out = name ? name : "CUDA error " + std::to_string(r);
    if (text) {
        out += std::string(" (") + text + ")";
    }
    return out;
}

const DriverAPI *loaded_cuda_driver() {
    DriverState &s = driver_state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.library ? &s.api : nullptr;
}

CudaSession::CudaSession(void *user_context, bool report_errors) : user_context_(user_context) {
    std::string message;
    api_ = load_once(&code_, &message, &context_, &stream_);
    if (!api_) {
        if (report_errors) {
            report_runtime_error(user_context, code_, message);
        }
        return;
    }
    CUresult r = api_->cuCtxPushCurrent(context_);
    if (r != CUDA_SUCCESS) {
        code_ = weft_error_code_cuda_failed;
        if (report_errors) {
            report_runtime_error(user_context, code_,
                                 "CUDA error in cuCtxPushCurrent (making the context current): " +
                                     describe_cuda_result(*api_, r));
        }
        return;
    }
    pushed_ = true;
}

CudaSession::~CudaSession() {
    if (pushed_) {
        CUcontext popped = nullptr;
        api_->cuCtxPopCurrent(&popped);
    }
}

int CudaSession::check(CUresult r, const char *call, const std::string &what) const {
    if (r == CUDA_SUCCESS) {
        return 0;
    }
    std::string context = what.empty() ? std::string() : " (" + what + ")";
    return report_runtime_error(user_context_, weft_error_code_cuda_failed,
                                std::string("CUDA error in ") + call + context + ": " +
                                    describe_cuda_result(*api_, r));
}

void reset_cuda_for_tests() {
    clear_cuda_memory_for_tests();
    DriverState &s = driver_state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.library) {
        if (s.primary) {
            s.api.cuDevicePrimaryCtxRelease(s.device);
        }
        dlclose(s.library);
    }
    s.attempted = false;
    s.error_code = 0;
    s.error.clear();
    s.library = nullptr;
    s.api = DriverAPI{};
    s.device = 0;
    s.primary = nullptr;
    s.app_context = nullptr;
    s.app_stream = nullptr;
}

} // namespace weft::internal

extern "C" {

int weft_cuda_available(void) {
    weft::internal::CudaSession session(nullptr, /*report_errors=*/false);
    return session.ok() ? 1 : 0;
}

int weft_cuda_initialize(void *user_context) {
    weft::internal::CudaSession session(user_context);
    return session.code();
}

int weft_cuda_compute_capability(void *user_context, int32_t *major, int32_t *minor) {
    using namespace weft::internal;
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    cuda::CUdevice device = 0;
    int values[2] = {0, 0};
    cuda::CUresult r = s.api().cuCtxGetDevice(&device);
    if (r == cuda::CUDA_SUCCESS) {
        r = s.api().cuDeviceGetAttribute(
            &values[0], cuda::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
    }
    if (r == cuda::CUDA_SUCCESS) {
        r = s.api().cuDeviceGetAttribute(
            &values[1], cuda::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
    }
    if (int code = s.check(r, "cuDeviceGetAttribute", "reading the compute capability")) {
        return code;
    }
    *major = values[0];
    *minor = values[1];
    return 0;
}

int weft_cuda_set_context(void *cu_context, void *cu_stream) {
    using namespace weft::internal;
    if (cu_context) {
        // An application context implies a driver; load it (and fail) now, not later.
        CudaSession session(nullptr);
        if (!session.ok()) {
            return session.code();
        }
    }
    DriverState &s = driver_state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.app_context = static_cast<cuda::CUcontext>(cu_context);
    s.app_stream = cu_context ? static_cast<cuda::CUstream>(cu_stream) : nullptr;
    return 0;
}

} // extern "C"
