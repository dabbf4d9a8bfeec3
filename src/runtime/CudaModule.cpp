// Kernels: weft_cuda_load_module (PTX text -> CUmodule, once per context) and
// weft_cuda_launch.
//
// A compiled pipeline owns one pointer-sized global per PTX module, initially NULL, and
// passes its address as `module_state`. The first load creates a ModuleState there
// (under a global lock, so parallel callers agree on one) holding the PTX text, the
// module loaded in each context and the kernels looked up in it; later loads in the
// same context return at once. A launch in a context the module was not loaded into
// loads it there from the kept PTX text. A ModuleState lives until
// weft_cuda_unload_module, which unloads its modules.

#include "runtime/CudaDriver.h"

#include "weft/runtime/weft_runtime.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace weft::internal {

using namespace cuda;

namespace {

struct LoadedModule {
    CUcontext context;
    CUmodule module;
    std::map<std::string, CUfunction, std::less<>> kernels;
};

struct ModuleState {
    std::mutex mutex;
    std::string ptx;
    std::vector<LoadedModule> loaded;
};

std::mutex &creation_mutex() {
    static std::mutex *m = new std::mutex;
    return *m;
}

ModuleState *get_or_create(void **module_state, const char *ptx, uint64_t ptx_size) {
    if (void *existing = __atomic_load_n(module_state, __ATOMIC_ACQUIRE)) {
        return static_cast<ModuleState *>(existing); // Every call after the first.
    }
    std::lock_guard<std::mutex> lock(creation_mutex());
    auto *state = static_cast<ModuleState *>(__atomic_load_n(module_state, __ATOMIC_ACQUIRE));
    if (!state) {
        state = new ModuleState;
        state->ptx.assign(ptx, ptx_size);
        // cuModuleLoadDataEx reads PTX as a NUL-terminated string.
        while (!state->ptx.empty() && state->ptx.back() == '\0') {
            state->ptx.pop_back();
        }
        __atomic_store_n(module_state, state, __ATOMIC_RELEASE);
    }
    return state;
}

/// The module of `state` in the session's context, loading it if needed; state->mutex
/// must be held.
LoadedModule *module_in_context(const CudaSession &s, ModuleState &state, int *code) {
    for (LoadedModule &m : state.loaded) {
        if (m.context == s.context()) {
            return &m;
        }
    }
    constexpr unsigned log_size = 16384;
    std::vector<char> error_log(log_size, '\0'), info_log(log_size, '\0');
    int options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                     CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES};
    void *values[] = {error_log.data(), reinterpret_cast<void *>(uintptr_t(log_size)),
                      info_log.data(), reinterpret_cast<void *>(uintptr_t(log_size))};
    CUmodule module = nullptr;
    CUresult r = s.api().cuModuleLoadDataEx(&module, state.ptx.c_str(), 4, options, values);
    if (r != CUDA_SUCCESS) {
        error_log.back() = '\0';
        std::string log = error_log.data();
        std::string what = "loading " + std::to_string(state.ptx.size()) + " bytes of PTX";
        if (!log.empty()) {
            what += "; the PTX compiler says: " + log;
        }
        *code = s.check(r, "cuModuleLoadDataEx", what);
        return nullptr;
    }
    state.loaded.push_back(LoadedModule{s.context(), module, {}});
    return &state.loaded.back();
}

bool positive(int32_t a, int32_t b, int32_t c) {
    return a > 0 && b > 0 && c > 0;
}

std::string triple(int32_t a, int32_t b, int32_t c) {
    return "(" + std::to_string(a) + ", " + std::to_string(b) + ", " + std::to_string(c) + ")";
}

} // namespace

} // namespace weft::internal

using namespace weft::internal;

extern "C" {

int weft_cuda_load_module(void *user_context, void **module_state, const char *ptx,
                          uint64_t ptx_size) {
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    if (!module_state || !ptx) {
        return report_runtime_error(user_context, weft_error_generic,
                                    "weft_cuda_load_module: module_state and ptx must not be NULL");
    }
    ModuleState *state = get_or_create(module_state, ptx, ptx_size);
    std::lock_guard<std::mutex> lock(state->mutex);
    int code = 0;
    module_in_context(s, *state, &code);
    return code;
}

void weft_cuda_unload_module(void **module_state) {
    if (!module_state) {
        return;
    }
    ModuleState *state = nullptr;
    {
        std::lock_guard<std::mutex> lock(creation_mutex());
        state = static_cast<ModuleState *>(
            __atomic_exchange_n(module_state, nullptr, __ATOMIC_ACQ_REL));
    }
    if (!state) {
        return;
    }
    if (const weft::internal::cuda::DriverAPI *api = loaded_cuda_driver()) {
        for (const LoadedModule &m : state->loaded) {
            with_cuda_context(*api, m.context, [&] { api->cuModuleUnload(m.module); });
        }
    }
    delete state;
}

int weft_cuda_launch(void *user_context, void *module_state, const char *kernel_name,
                     int32_t blocks_x, int32_t blocks_y, int32_t blocks_z, int32_t threads_x,
                     int32_t threads_y, int32_t threads_z, int32_t shared_mem_bytes, void **args) {
    CudaSession s(user_context);
    if (!s.ok()) {
        return s.code();
    }
    const std::string kernel = std::string("kernel \"") + (kernel_name ? kernel_name : "") + "\"";
    if (!module_state || !kernel_name) {
        return report_runtime_error(user_context, weft_error_generic,
                                    "weft_cuda_launch: " + kernel +
                                        " has no module; weft_cuda_load_module must come first");
    }
    if (!positive(blocks_x, blocks_y, blocks_z) || !positive(threads_x, threads_y, threads_z) ||
        shared_mem_bytes < 0) {
        return report_runtime_error(user_context, weft_error_generic,
                                    "weft_cuda_launch: " + kernel +
                                        " cannot be launched with blocks " +
                                        triple(blocks_x, blocks_y, blocks_z) + ", threads " +
                                        triple(threads_x, threads_y, threads_z) + " and " +
                                        std::to_string(shared_mem_bytes) +
                                        " bytes of shared memory; every count must be at least 1");
    }
    auto &state = *static_cast<ModuleState *>(module_state);
    CUfunction function = nullptr;
    {
        std::lock_guard<std::mutex> lock(state.mutex);
        int code = 0;
        LoadedModule *m = module_in_context(s, state, &code);
        if (!m) {
            return code;
        }
        auto it = m->kernels.find(kernel_name);
        if (it == m->kernels.end()) {
            CUresult r = s.api().cuModuleGetFunction(&function, m->module, kernel_name);
            if (int code = s.check(r, "cuModuleGetFunction", "looking up " + kernel)) {
                return code;
            }
            it = m->kernels.emplace(kernel_name, function).first;
        }
        function = it->second;
    }
    const std::string shape = "blocks " + triple(blocks_x, blocks_y, blocks_z) + ", threads " +
                              triple(threads_x, threads_y, threads_z) + ", " +
                              std::to_string(shared_mem_bytes) + " bytes of shared memory";
    CUresult r =
        s.api().cuLaunchKernel(function, blocks_x, blocks_y, blocks_z, threads_x, threads_y,
                               threads_z, shared_mem_bytes, s.stream(), args, nullptr);
    if (int code = s.check(r, "cuLaunchKernel", "launching " + kernel + " with " + shape)) {
        return code;
    }
    return s.check(s.api().cuStreamSynchronize(s.stream()), "cuStreamSynchronize",
                   "running " + kernel + " with " + shape);
}

} // extern "C"
