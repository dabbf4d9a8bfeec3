#ifndef WEFT_SRC_RUNTIME_CUDA_DRIVER_H
#define WEFT_SRC_RUNTIME_CUDA_DRIVER_H

// The CUDA driver as the rest of the runtime sees it (CudaMemory.cpp,
// CudaBufferMemory.cpp, CudaModule.cpp, CudaBuffer.cpp): the library loaded once, and
// a CudaSession that makes the current context (weft's or the application's, see
// weft_cuda_set_context) current on the calling thread for the duration of one runtime
// call and reports failed driver calls.
//
// Loading: WEFT_CUDA_DRIVER (a path) or "libcuda.so.1", opened with dlopen at the first
// call that needs it; the outcome, success or the reason for failure, is kept until
// reset_cuda_for_tests(). Thread safe.

#include "runtime/CudaDriverAPI.h"

#include <string>

namespace weft::internal {

/// Reports `message` with error `code` through the user context (or the handler of
/// weft_set_error_handler when it is null) and returns `code`.
int report_runtime_error(void *user_context, int code, const std::string &message);

/// The loaded driver, or nullptr when none was loaded yet (loads nothing).
const cuda::DriverAPI *loaded_cuda_driver();

/// One runtime call's view of the driver: loads it if needed and pushes the current
/// context onto the calling thread; the destructor pops it. When ok() is false the
/// error was reported and code() is the weft_error_code_t to return.
class CudaSession {
public:
    explicit CudaSession(void *user_context, bool report_errors = true);
    ~CudaSession();
    CudaSession(const CudaSession &) = delete;
    CudaSession &operator=(const CudaSession &) = delete;

    bool ok() const { return code_ == 0; }
    int code() const { return code_; }
    const cuda::DriverAPI &api() const { return *api_; }
    cuda::CUcontext context() const { return context_; }
    cuda::CUstream stream() const { return stream_; }
    void *user_context() const { return user_context_; }

    /// 0 when r is CUDA_SUCCESS; otherwise reports "CUDA error in <call> (<what>):
    /// <NAME> (<description>)" and returns weft_error_code_cuda_failed.
    int check(cuda::CUresult r, const char *call, const std::string &what) const;

private:
    void *user_context_;
    const cuda::DriverAPI *api_ = nullptr;
    cuda::CUcontext context_ = nullptr;
    cuda::CUstream stream_ = nullptr;
    bool pushed_ = false;
    int code_ = 0;
};

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)" for a driver result.
std::string describe_cuda_result(const cuda::DriverAPI &api, cuda::CUresult r);

/// Runs f() with `context` current on the calling thread (for cleanup outside a call).
template<typename F>
void with_cuda_context(const cuda::DriverAPI &api, cuda::CUcontext context, F &&f) {
    if (api.cuCtxPushCurrent(context) != cuda::CUDA_SUCCESS) {
        return;
    }
    f();
    cuda::CUcontext popped = nullptr;
    api.cuCtxPopCurrent(&popped);
}

/// Frees every cached allocation and forgets every live one and every buffer record
/// (CudaMemory.cpp).
void clear_cuda_memory_for_tests();

/// Forgets the driver, its context and all allocations, and closes the library, so
/// that the next call loads WEFT_CUDA_DRIVER again. For tests only: no runtime call
/// may be in flight, and buffers holding device memory must be gone.
void reset_cuda_for_tests();

} // namespace weft::internal

#endif
