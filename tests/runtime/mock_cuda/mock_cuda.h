#ifndef WEFT_TESTS_MOCK_CUDA_H
#define WEFT_TESTS_MOCK_CUDA_H

/* A stand-in for the CUDA driver (libcuda.so.1) used by tests/runtime/cuda_*.cpp through
 * WEFT_CUDA_DRIVER. It implements the driver entry points weft's runtime resolves on
 * host memory: cuMemAlloc returns malloc'd (256-byte aligned) addresses, copies are
 * memcpy after checking that the device range lies inside a live allocation, modules
 * keep their PTX text, cuModuleGetFunction finds ".entry <name>(" in it and reads the
 * parameter sizes, and cuLaunchKernel records what it was given. Contexts and streams
 * are opaque pointers; the mock records which ones each call used. Tests read the
 * records through the functions below (found with dlsym). Built by tests/CMakeLists.txt,
 * never installed. */

#include <stdint.h>

#define MOCK_CUDA_MAX_ARGS 32

typedef struct mock_cuda_launch_t {
    char kernel[128];
    unsigned grid[3];
    unsigned block[3];
    unsigned shared_bytes;
    void *stream;
    void *context;
    int num_args; /* from the kernel's .param list */
    int arg_bytes[MOCK_CUDA_MAX_ARGS];
    uint64_t args[MOCK_CUDA_MAX_ARGS]; /* each value zero-extended */
} mock_cuda_launch_t;

typedef struct mock_cuda_counters_t {
    int init_calls;
    int allocs; /* successful cuMemAlloc calls */
    int frees;
    int live_allocations;
    int h2d_copies; /* host -> device copy calls (1-D and 2-D) */
    int d2h_copies;
    uint64_t h2d_bytes;
    uint64_t d2h_bytes;
    int bad_device_ranges; /* copies that reached outside every live allocation */
    int module_loads;
    int module_unloads;
    int function_lookups;
    int launches;
    int stream_syncs;
    int context_depth; /* contexts pushed and not popped, on the last thread */
    void *primary_context;
    void *last_alloc_context;
    void *last_copy_context;
    void *last_copy_stream;
    void *last_module_context;
    void *last_sync_stream;
} mock_cuda_counters_t;

#ifdef __cplusplus
extern "C" {
#endif

const mock_cuda_launch_t *mock_cuda_last_launch(void);
const mock_cuda_counters_t *mock_cuda_counters(void);
/* The PTX text of the last module loaded. */
const char *mock_cuda_last_ptx(void);
/* Zeroes the counters (allocations stay). */
void mock_cuda_reset_counters(void);
/* The next `times` calls of `function` (e.g. "cuMemAlloc", "cuStreamSynchronize")
 * return `result` instead of doing their work. A failing cuModuleLoadDataEx writes
 * "mock ptxas: syntax error in line 3" into the error log. */
void mock_cuda_fail_next(const char *function, int result, int times);
/* Devices cuDeviceGetCount reports (1 unless set). */
void mock_cuda_set_device_count(int count);

#ifdef __cplusplus
}
#endif

#endif
