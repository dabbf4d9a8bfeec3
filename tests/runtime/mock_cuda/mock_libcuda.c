/* The mock CUDA driver: see mock_cuda.h. Plain C, thread safe (one lock), host memory. */

#include "mock_cuda.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

enum {
    MOCK_SUCCESS = 0,
    MOCK_INVALID_VALUE = 1,
    MOCK_OUT_OF_MEMORY = 2,
    MOCK_NOT_INITIALIZED = 3,
    MOCK_NO_DEVICE = 100,
    MOCK_INVALID_DEVICE = 101,
    MOCK_INVALID_CONTEXT = 201,
    MOCK_INVALID_PTX = 218,
    MOCK_NOT_FOUND = 500,
    MOCK_ILLEGAL_ADDRESS = 700,
    MOCK_UNKNOWN = 999
};

typedef struct mock_memcpy2d {
    size_t srcXInBytes, srcY;
    int srcMemoryType;
    const void *srcHost;
    CUdeviceptr srcDevice;
    void *srcArray;
    size_t srcPitch;
    size_t dstXInBytes, dstY;
    int dstMemoryType;
    void *dstHost;
    CUdeviceptr dstDevice;
    void *dstArray;
    size_t dstPitch;
    size_t WidthInBytes, Height;
} mock_memcpy2d;

#define MAX_FUNCTIONS 64

typedef struct mock_function mock_function;

typedef struct mock_module {
    char *ptx;
    void *context;
    int num_functions;
    mock_function *functions[MAX_FUNCTIONS];
} mock_module;

struct mock_function {
    mock_module *module;
    char name[128];
    int num_params;
    int param_bytes[MOCK_CUDA_MAX_ARGS];
};

#define MAX_ALLOCATIONS 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static int device_count = 1;
static int primary_context_object;
static mock_cuda_counters_t counters;
static mock_cuda_launch_t last_launch;
static char *last_ptx;
static struct {
    CUdeviceptr base;
    size_t bytes;
} allocations[MAX_ALLOCATIONS];
static char fail_function[64];
static CUresult fail_result;
static int fail_times;

static __thread void *context_stack[64];
static __thread int context_depth;

/* The injected failure for `function`; 0 otherwise. Called with the lock held. */
static CUresult injected(const char *function) {
    if (fail_function[0] && strcmp(fail_function, function) == 0) {
        if (--fail_times <= 0) {
            fail_function[0] = 0;
        }
        return fail_result;
    }
    return MOCK_SUCCESS;
}

static void *current_context(void) {
    return context_depth > 0 ? context_stack[context_depth - 1] : NULL;
}

/* Whether [p, p + bytes) lies inside one live allocation. Called with the lock held. */
static int device_range_ok(CUdeviceptr p, size_t bytes) {
    for (int i = 0; i < MAX_ALLOCATIONS; i++) {
        if (allocations[i].base && p >= allocations[i].base &&
            p + bytes <= allocations[i].base + allocations[i].bytes) {
            return 1;
        }
    }
    return 0;
}

#define MOCK_BEGIN(name)                                                                           \
    pthread_mutex_lock(&lock);                                                                     \
    CUresult mock_failure = injected(name);                                                        \
    if (mock_failure != MOCK_SUCCESS) {                                                            \
        pthread_mutex_unlock(&lock);                                                               \
        return mock_failure;                                                                       \
    }                                                                                              \
    if (!initialized && strcmp(name, "cuInit") != 0) {                                             \
        pthread_mutex_unlock(&lock);                                                               \
        return MOCK_NOT_INITIALIZED;                                                               \
    }

#define MOCK_RETURN(result)                                                                        \
    do {                                                                                           \
        counters.context_depth = context_depth;                                                    \
        pthread_mutex_unlock(&lock);                                                               \
        return (result);                                                                           \
    } while (0)

/* ---------------------------------------------------------------- test interface */

const mock_cuda_launch_t *mock_cuda_last_launch(void) {
    return &last_launch;
}

const mock_cuda_counters_t *mock_cuda_counters(void) {
    return &counters;
}

const char *mock_cuda_last_ptx(void) {
    return last_ptx ? last_ptx : "";
}

void mock_cuda_reset_counters(void) {
    pthread_mutex_lock(&lock);
    int live = counters.live_allocations;
    memset(&counters, 0, sizeof(counters));
    counters.live_allocations = live;
    counters.primary_context = &primary_context_object;
    memset(&last_launch, 0, sizeof(last_launch));
    pthread_mutex_unlock(&lock);
}

void mock_cuda_fail_next(const char *function, int result, int times) {
    pthread_mutex_lock(&lock);
    snprintf(fail_function, sizeof(fail_function), "%s", function);
    fail_result = result;
    fail_times = times;
    pthread_mutex_unlock(&lock);
}

void mock_cuda_set_device_count(int count) {
    pthread_mutex_lock(&lock);
    device_count = count;
    pthread_mutex_unlock(&lock);
}

/* Runs when the mock is unloaded (tests load it once per test case). */
__attribute__((destructor)) static void release_last_ptx(void) {
    free(last_ptx);
    last_ptx = NULL;
}

/* ---------------------------------------------------------------- driver API */

CUresult cuInit(unsigned int flags) {
    MOCK_BEGIN("cuInit");
    (void)flags;
    initialized = 1;
    counters.init_calls++;
    counters.primary_context = &primary_context_object;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuDeviceGetCount(int *count) {
    MOCK_BEGIN("cuDeviceGetCount");
    *count = device_count;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
    MOCK_BEGIN("cuDeviceGet");
    if (ordinal < 0 || ordinal >= device_count) {
        MOCK_RETURN(MOCK_INVALID_DEVICE);
    }
    *device = ordinal;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuDeviceGetAttribute(int *value, int attribute, CUdevice device) {
    MOCK_BEGIN("cuDeviceGetAttribute");
    (void)device;
    switch (attribute) {
    case 75:
        *value = 9;
        break; /* compute capability major */
    case 76:
        *value = 0;
        break; /* minor */
    case 1:
        *value = 1024;
        break; /* max threads per block */
    case 16:
        *value = 132;
        break; /* multiprocessors */
    default:
        *value = 0;
        break;
    }
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuDevicePrimaryCtxRetain(void **context, CUdevice device) {
    MOCK_BEGIN("cuDevicePrimaryCtxRetain");
    (void)device;
    *context = &primary_context_object;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
    MOCK_BEGIN("cuDevicePrimaryCtxRelease");
    (void)device;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuCtxPushCurrent_v2(void *context) {
    MOCK_BEGIN("cuCtxPushCurrent");
    if (!context || context_depth == 64) {
        MOCK_RETURN(MOCK_INVALID_CONTEXT);
    }
    context_stack[context_depth++] = context;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuCtxPopCurrent_v2(void **context) {
    MOCK_BEGIN("cuCtxPopCurrent");
    if (context_depth == 0) {
        MOCK_RETURN(MOCK_INVALID_CONTEXT);
    }
    void *top = context_stack[--context_depth];
    if (context) {
        *context = top;
    }
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuCtxGetDevice(CUdevice *device) {
    MOCK_BEGIN("cuCtxGetDevice");
    if (!current_context()) {
        MOCK_RETURN(MOCK_INVALID_CONTEXT);
    }
    *device = 0;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuMemAlloc_v2(CUdeviceptr *ptr, size_t bytes) {
    MOCK_BEGIN("cuMemAlloc");
    if (!current_context() || bytes == 0) {
        MOCK_RETURN(!current_context() ? MOCK_INVALID_CONTEXT : MOCK_INVALID_VALUE);
    }
    int slot = -1;
    for (int i = 0; i < MAX_ALLOCATIONS && slot < 0; i++) {
        if (!allocations[i].base) {
            slot = i;
        }
    }
    void *p = slot < 0 ? NULL : aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (!p) {
        MOCK_RETURN(MOCK_OUT_OF_MEMORY);
    }
    allocations[slot].base = (CUdeviceptr)(uintptr_t)p;
    allocations[slot].bytes = bytes;
    *ptr = allocations[slot].base;
    counters.allocs++;
    counters.live_allocations++;
    counters.last_alloc_context = current_context();
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuMemFree_v2(CUdeviceptr ptr) {
    MOCK_BEGIN("cuMemFree");
    for (int i = 0; i < MAX_ALLOCATIONS; i++) {
        if (allocations[i].base == ptr && ptr) {
            free((void *)(uintptr_t)ptr);
            allocations[i].base = 0;
            counters.frees++;
            counters.live_allocations--;
            MOCK_RETURN(MOCK_SUCCESS);
        }
    }
    MOCK_RETURN(MOCK_INVALID_VALUE);
}

/* Records a copy's context and stream; checks the device range. Lock held. */
static CUresult copy_checked(void *stream, CUdeviceptr device, size_t span) {
    counters.last_copy_context = current_context();
    counters.last_copy_stream = stream;
    if (!current_context()) {
        return MOCK_INVALID_CONTEXT;
    }
    if (!device_range_ok(device, span)) {
        counters.bad_device_ranges++;
        return MOCK_INVALID_VALUE;
    }
    return MOCK_SUCCESS;
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t bytes, void *stream) {
    MOCK_BEGIN("cuMemcpyHtoDAsync");
    CUresult r = copy_checked(stream, dst, bytes);
    if (r == MOCK_SUCCESS) {
        memcpy((void *)(uintptr_t)dst, src, bytes);
        counters.h2d_copies++;
        counters.h2d_bytes += bytes;
    }
    MOCK_RETURN(r);
}

CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t bytes, void *stream) {
    MOCK_BEGIN("cuMemcpyDtoHAsync");
    CUresult r = copy_checked(stream, src, bytes);
    if (r == MOCK_SUCCESS) {
        memcpy(dst, (const void *)(uintptr_t)src, bytes);
        counters.d2h_copies++;
        counters.d2h_bytes += bytes;
    }
    MOCK_RETURN(r);
}

CUresult cuMemcpy2DAsync_v2(const mock_memcpy2d *c, void *stream) {
    MOCK_BEGIN("cuMemcpy2DAsync");
    int to_device = c->srcMemoryType == 1 && c->dstMemoryType == 2;
    int to_host = c->srcMemoryType == 2 && c->dstMemoryType == 1;
    if ((!to_device && !to_host) || c->WidthInBytes > c->srcPitch ||
        c->WidthInBytes > c->dstPitch || c->srcXInBytes || c->srcY || c->dstXInBytes || c->dstY) {
        MOCK_RETURN(MOCK_INVALID_VALUE);
    }
    size_t pitch = to_device ? c->dstPitch : c->srcPitch;
    size_t span = c->Height == 0 ? 0 : (c->Height - 1) * pitch + c->WidthInBytes;
    CUresult r = copy_checked(stream, to_device ? c->dstDevice : c->srcDevice, span);
    if (r != MOCK_SUCCESS) {
        MOCK_RETURN(r);
    }
    for (size_t row = 0; row < c->Height; row++) {
        const char *src =
            to_device ? (const char *)c->srcHost : (const char *)(uintptr_t)c->srcDevice;
        char *dst = to_device ? (char *)(uintptr_t)c->dstDevice : (char *)c->dstHost;
        memcpy(dst + row * c->dstPitch, src + row * c->srcPitch, c->WidthInBytes);
    }
    if (to_device) {
        counters.h2d_copies++;
        counters.h2d_bytes += c->WidthInBytes * c->Height;
    } else {
        counters.d2h_copies++;
        counters.d2h_bytes += c->WidthInBytes * c->Height;
    }
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuStreamSynchronize(void *stream) {
    MOCK_BEGIN("cuStreamSynchronize");
    counters.stream_syncs++;
    counters.last_sync_stream = stream;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuModuleLoadDataEx(mock_module **module, const void *image, unsigned int num_options,
                            int *options, void **values) {
    pthread_mutex_lock(&lock);
    CUresult failure = injected("cuModuleLoadDataEx");
    if (failure != MOCK_SUCCESS) {
        for (unsigned i = 0; i < num_options; i++) {
            if (options[i] == 5) { /* CU_JIT_ERROR_LOG_BUFFER */
                snprintf((char *)values[i], 64, "mock ptxas: syntax error in line 3");
            }
        }
        pthread_mutex_unlock(&lock);
        return failure;
    }
    if (!initialized || !current_context()) {
        pthread_mutex_unlock(&lock);
        return MOCK_INVALID_CONTEXT;
    }
    mock_module *m = (mock_module *)calloc(1, sizeof(mock_module));
    m->ptx = strdup((const char *)image);
    m->context = current_context();
    free(last_ptx);
    last_ptx = strdup(m->ptx);
    counters.module_loads++;
    counters.last_module_context = m->context;
    *module = m;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuModuleUnload(mock_module *module) {
    MOCK_BEGIN("cuModuleUnload");
    if (!module || current_context() != module->context) {
        MOCK_RETURN(MOCK_INVALID_CONTEXT);
    }
    for (int i = 0; i < module->num_functions; i++) {
        free(module->functions[i]);
    }
    free(module->ptx);
    free(module);
    counters.module_unloads++;
    MOCK_RETURN(MOCK_SUCCESS);
}

static int param_bytes(const char *type) {
    if (!strncmp(type, "u64", 3) || !strncmp(type, "s64", 3) || !strncmp(type, "b64", 3) ||
        !strncmp(type, "f64", 3)) {
        return 8;
    }
    if (!strncmp(type, "u32", 3) || !strncmp(type, "s32", 3) || !strncmp(type, "b32", 3) ||
        !strncmp(type, "f32", 3)) {
        return 4;
    }
    if (!strncmp(type, "u16", 3) || !strncmp(type, "s16", 3) || !strncmp(type, "b16", 3) ||
        !strncmp(type, "f16", 3)) {
        return 2;
    }
    return 1;
}

/* Finds ".entry <name>(" and reads the ".param .<type>" list up to ')'. */
static int parse_entry(const char *ptx, const char *name, mock_function *f) {
    char pattern[160];
    snprintf(pattern, sizeof(pattern), ".entry %s(", name);
    const char *p = strstr(ptx, pattern);
    if (!p) {
        return 0;
    }
    p += strlen(pattern);
    const char *end = strchr(p, ')');
    f->num_params = 0;
    while (end && (p = strstr(p, ".param .")) && p < end && f->num_params < MOCK_CUDA_MAX_ARGS) {
        p += strlen(".param .");
        f->param_bytes[f->num_params++] = param_bytes(p);
    }
    return 1;
}

CUresult cuModuleGetFunction(mock_function **function, mock_module *module, const char *name) {
    MOCK_BEGIN("cuModuleGetFunction");
    counters.function_lookups++;
    if (module->num_functions == MAX_FUNCTIONS) {
        MOCK_RETURN(MOCK_OUT_OF_MEMORY);
    }
    mock_function *f = (mock_function *)calloc(1, sizeof(mock_function));
    if (!parse_entry(module->ptx, name, f)) {
        free(f);
        MOCK_RETURN(MOCK_NOT_FOUND);
    }
    f->module = module;
    module->functions[module->num_functions++] = f;
    snprintf(f->name, sizeof(f->name), "%s", name);
    *function = f;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuLaunchKernel(mock_function *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                        unsigned by, unsigned bz, unsigned shared_bytes, void *stream,
                        void **params, void **extra) {
    MOCK_BEGIN("cuLaunchKernel");
    (void)extra;
    if (current_context() != f->module->context) {
        MOCK_RETURN(MOCK_INVALID_CONTEXT);
    }
    if (bx * by * bz > 1024) {
        MOCK_RETURN(MOCK_INVALID_VALUE);
    }
    memset(&last_launch, 0, sizeof(last_launch));
    snprintf(last_launch.kernel, sizeof(last_launch.kernel), "%s", f->name);
    last_launch.grid[0] = gx;
    last_launch.grid[1] = gy;
    last_launch.grid[2] = gz;
    last_launch.block[0] = bx;
    last_launch.block[1] = by;
    last_launch.block[2] = bz;
    last_launch.shared_bytes = shared_bytes;
    last_launch.stream = stream;
    last_launch.context = current_context();
    last_launch.num_args = f->num_params;
    for (int i = 0; i < f->num_params; i++) {
        last_launch.arg_bytes[i] = f->param_bytes[i];
        memcpy(&last_launch.args[i], params[i], (size_t)f->param_bytes[i]);
    }
    counters.launches++;
    MOCK_RETURN(MOCK_SUCCESS);
}

CUresult cuGetErrorName(CUresult error, const char **name) {
    switch (error) {
    case MOCK_SUCCESS:
        *name = "CUDA_SUCCESS";
        break;
    case MOCK_INVALID_VALUE:
        *name = "CUDA_ERROR_INVALID_VALUE";
        break;
    case MOCK_OUT_OF_MEMORY:
        *name = "CUDA_ERROR_OUT_OF_MEMORY";
        break;
    case MOCK_NOT_INITIALIZED:
        *name = "CUDA_ERROR_NOT_INITIALIZED";
        break;
    case MOCK_NO_DEVICE:
        *name = "CUDA_ERROR_NO_DEVICE";
        break;
    case MOCK_INVALID_DEVICE:
        *name = "CUDA_ERROR_INVALID_DEVICE";
        break;
    case MOCK_INVALID_CONTEXT:
        *name = "CUDA_ERROR_INVALID_CONTEXT";
        break;
    case MOCK_INVALID_PTX:
        *name = "CUDA_ERROR_INVALID_PTX";
        break;
    case MOCK_NOT_FOUND:
        *name = "CUDA_ERROR_NOT_FOUND";
        break;
    case MOCK_ILLEGAL_ADDRESS:
        *name = "CUDA_ERROR_ILLEGAL_ADDRESS";
        break;
    default:
        *name = NULL;
        return MOCK_INVALID_VALUE;
    }
    return MOCK_SUCCESS;
}

CUresult cuGetErrorString(CUresult error, const char **text) {
    switch (error) {
    case MOCK_SUCCESS:
        *text = "no error";
        break;
    case MOCK_INVALID_VALUE:
        *text = "invalid argument";
        break;
    case MOCK_OUT_OF_MEMORY:
        *text = "out of memory";
        break;
    case MOCK_NOT_INITIALIZED:
        *text = "initialization error";
        break;
    case MOCK_NO_DEVICE:
        *text = "no CUDA-capable device is detected";
        break;
    case MOCK_INVALID_DEVICE:
        *text = "invalid device ordinal";
        break;
    case MOCK_INVALID_CONTEXT:
        *text = "invalid device context";
        break;
    case MOCK_INVALID_PTX:
        *text = "a PTX JIT compilation failed";
        break;
    case MOCK_NOT_FOUND:
        *text = "named symbol not found";
        break;
    case MOCK_ILLEGAL_ADDRESS:
        *text = "an illegal memory access was encountered";
        break;
    default:
        *text = NULL;
        return MOCK_INVALID_VALUE;
    }
    return MOCK_SUCCESS;
}
