#ifndef WEFT_RUNTIME_H
#define WEFT_RUNTIME_H

/* The C ABI between compiled weft pipelines and the world (DESIGN.md section 3).
 *
 * A compiled pipeline is an entry point
 *
 *     int weft_<name>(void **args);
 *
 * with one slot per pipeline argument, in the order the pipeline lists them:
 * buffers as weft_buffer_t*, scalars as a pointer to the value. One more slot
 * follows the arguments: the user context (void*, may be NULL), passed unchanged to
 * every runtime function below. The entry point returns 0, or a negative
 * weft_error_code after reporting a message through weft_error().
 *
 * This header is C so that ahead-of-time compiled pipelines can use it without C++.
 * The functions are implemented in src/runtime and bound into JIT code by name.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Type codes, equal to weft::TypeCode. */
typedef enum weft_type_code_t {
    weft_type_int = 0,
    weft_type_uint = 1,
    weft_type_float = 2,
    weft_type_bfloat = 3,
    weft_type_handle = 4
} weft_type_code_t;

typedef struct weft_type_t {
    uint8_t code; /* weft_type_code_t */
    uint8_t bits;
    uint16_t lanes;
} weft_type_t;

/* One dimension of a buffer: coordinates min .. min+extent-1; stride in elements. */
typedef struct weft_dimension_t {
    int32_t min;
    int32_t extent;
    int32_t stride;
    uint32_t flags;
} weft_dimension_t;

/* Buffer flag bits. */
enum {
    weft_buffer_host_dirty = 1,
    weft_buffer_device_dirty = 2
};

struct weft_device_interface_t;

/* An N-d array: host pointer to the element at the min of every dimension, device
 * handle for GPU copies, element type and per-dimension min/extent/stride. */
typedef struct weft_buffer_t {
    uint64_t device;
    const struct weft_device_interface_t *device_interface;
    uint8_t *host;
    uint64_t flags;
    weft_type_t type;
    int32_t dimensions;
    weft_dimension_t *dim;
    void *padding;
} weft_buffer_t;

/* Error codes returned by entry points and runtime functions. */
typedef enum weft_error_code_t {
    weft_success = 0,
    weft_error_generic = -1,
    weft_error_code_out_of_memory = -2,
    weft_error_code_buffer_too_small = -3,
    weft_error_code_bad_type = -4,
    weft_error_code_bad_dimensions = -5,
    weft_error_code_buffer_too_large = -6,
    weft_error_code_explicit_bound = -7,
    weft_error_code_no_cuda = -8,
    weft_error_code_assertion = -9,
    weft_error_code_cuda_failed = -10,  /* a CUDA driver call failed (message names the call) */
    weft_error_code_device_buffer = -11 /* a buffer's device state does not allow the request */
} weft_error_code_t;

/* Reports an error message for the current call. The first error of a call wins.
 * With a NULL user context the message goes to the handler set below (default:
 * stderr). Returns weft_error_generic. */
int weft_error(void *user_context, const char *message);

typedef void (*weft_error_handler_t)(void *user_context, const char *message);
void weft_set_error_handler(weft_error_handler_t handler);

/* Message builders used by generated assertions; each reports and returns its code.
 * "Input buffer in is accessed at 0 to 101 in dimension 0, which is beyond its
 * range 0 to 99." */
int weft_error_buffer_too_small(void *user_context, const char *buffer_name, int32_t dim,
                                int32_t required_min, int32_t required_max,
                                int32_t buffer_min, int32_t buffer_max);
/* The same for an output buffer smaller than the region the pipeline writes. */
int weft_error_output_buffer_too_small(void *user_context, const char *buffer_name, int32_t dim,
                                       int32_t required_min, int32_t required_max,
                                       int32_t buffer_min, int32_t buffer_max);
int weft_error_bad_type(void *user_context, const char *buffer_name, uint8_t expected_code,
                        uint8_t expected_bits, uint8_t actual_code, uint8_t actual_bits);
int weft_error_bad_dimensions(void *user_context, const char *buffer_name,
                              int32_t expected_dimensions, int32_t actual_dimensions);
int weft_error_buffer_too_large(void *user_context, const char *buffer_name, int64_t elements);
int weft_error_out_of_memory(void *user_context, const char *allocation_name, uint64_t bytes);
int weft_error_explicit_bound(void *user_context, const char *func_name, const char *var_name,
                              int32_t bound_min, int32_t bound_max,
                              int32_t required_min, int32_t required_max);
int weft_error_assertion(void *user_context, const char *message);

/* Aligned heap allocation (64-byte aligned). Returns NULL, after reporting
 * weft_error_out_of_memory, when the size is absurd or memory runs out. */
void *weft_malloc(void *user_context, uint64_t bytes);
void weft_free(void *user_context, void *ptr);

/* Runs task(user_context, i, closure) for i in [min, min+extent) on the thread pool;
 * returns 0 or the first nonzero result of a task (the rest of the loop is skipped). */
typedef int (*weft_task_t)(void *user_context, int32_t index, uint8_t *closure);
int weft_do_par_for(void *user_context, weft_task_t task, int32_t min, int32_t extent,
                    uint8_t *closure);

/* Thread count of the pool; 0 means WEFT_NUM_THREADS or the number of cores. */
void weft_set_num_threads(int n);
int weft_get_num_threads(void);

/* ------------------------------------------------------------------------------------
 * CUDA (src/runtime/Cuda*.cpp). The driver (libcuda.so.1, or the library named by the
 * environment variable WEFT_CUDA_DRIVER) is opened with dlopen at the first call that
 * needs it; nothing links against CUDA. Without a driver every call that needs one
 * returns weft_error_code_no_cuda after reporting "no CUDA driver found (<library>:
 * <reason>)" or "no CUDA device found (...)". Calls run in weft's context (the primary
 * context of device 0, on the default stream) or in the one weft_cuda_set_context()
 * names; every function is thread safe.
 * ------------------------------------------------------------------------------------ */

/* What buf->device_interface points to when buf->device is a CUDA address. */
typedef enum weft_device_api_t {
    weft_device_api_none = 0,
    weft_device_api_cuda = 1
} weft_device_api_t;
struct weft_device_interface_t {
    int32_t device_api;       /* weft_device_api_t */
    int32_t owns_allocation;  /* 1: the runtime allocated buf->device and frees it in
                                 weft_cuda_device_free; 0: wrapped memory it never frees */
    const char *name;         /* "cuda" or "cuda (wrapped)" */
};

/* The interface of device allocations the runtime owns, and of wrapped ones. */
const struct weft_device_interface_t *weft_cuda_device_interface(void);
const struct weft_device_interface_t *weft_cuda_wrapped_device_interface(void);

/* 1 when a driver and at least one device are present, else 0 (reports nothing). */
int weft_cuda_available(void);
/* Loads the driver and retains the context; 0 or weft_error_code_no_cuda. */
int weft_cuda_initialize(void *user_context);
/* The compute capability (9, 0 for sm_90) of the current context's device. */
int weft_cuda_compute_capability(void *user_context, int32_t *major, int32_t *minor);

/* Loads PTX text (ptx_size bytes, a terminating NUL optional) once per context. The
 * loaded modules are cached in *module_state (a pointer-sized global of the generated
 * code, initially NULL); a JIT failure reports the driver's error log. */
int weft_cuda_load_module(void *user_context, void **module_state, const char *ptx,
                          uint64_t ptx_size);
/* Unloads the module of *module_state from every context it was loaded into, frees
 * the state and sets *module_state to NULL (nothing when it is NULL). For code that is
 * discarded while the process goes on (a JIT module being destroyed); no launch of the
 * module may be in flight, and the contexts must still exist. */
void weft_cuda_unload_module(void **module_state);
/* Launches kernel `kernel_name` of the module loaded into module_state in the current
 * context: args[i] points to the value of kernel parameter i (device pointers as
 * uint64_t). Waits for the kernel to finish, so that faults are reported here. */
int weft_cuda_launch(void *user_context, void *module_state, const char *kernel_name,
                     int32_t blocks_x, int32_t blocks_y, int32_t blocks_z, int32_t threads_x,
                     int32_t threads_y, int32_t threads_z, int32_t shared_mem_bytes, void **args);

/* Buffers. buf->device is the device address of the element buf->host points to (the
 * element at the mins), laid out with the host's strides; the runtime allocates the
 * whole span (negative strides included) and keeps the allocation's start itself.
 *  - copy_to_device allocates when buf->device is 0, and copies host -> device when
 *    host_dirty is set or the allocation was never written; it clears host_dirty.
 *  - copy_to_host copies device -> host when device_dirty is set (it needs no driver
 *    otherwise) and clears device_dirty.
 *  A buffer with no host memory (buf->host == NULL: a device-only buffer) is left as
 *  it is by both: its device copy is the only one.
 *  Copies move only the buffer's own elements (a crop never overwrites its parent's
 *  other elements), are ordered on the current stream, and are complete on return.
 *  A buffer with both dirty bits set is refused (weft_error_code_device_buffer). */
int weft_cuda_copy_to_device(void *user_context, weft_buffer_t *buf);
int weft_cuda_copy_to_host(void *user_context, weft_buffer_t *buf);
/* Allocates (from the cache) without copying; nothing when buf->device is set. */
int weft_cuda_device_malloc(void *user_context, weft_buffer_t *buf);
/* Returns an owned allocation to the cache, or forgets a wrapped address; then
 * buf->device = 0, device_interface = NULL, device_dirty cleared. */
int weft_cuda_device_free(void *user_context, weft_buffer_t *buf);
/* Makes buf->device the caller's device address (of the element at the mins, host
 * strides); the runtime never frees it. detach undoes it. */
int weft_cuda_wrap_native(void *user_context, weft_buffer_t *buf, uint64_t device_address);
int weft_cuda_detach_native(void *user_context, weft_buffer_t *buf);
/* Waits for the work queued on the current stream. */
int weft_cuda_device_sync(void *user_context);
void weft_buffer_set_host_dirty(weft_buffer_t *buf, int dirty);
void weft_buffer_set_device_dirty(weft_buffer_t *buf, int dirty);

/* Device-only scratch memory for intermediate Funcs (from the same cache). */
int weft_cuda_malloc(void *user_context, uint64_t bytes, uint64_t *device_address);
int weft_cuda_free(void *user_context, uint64_t device_address);

/* Makes later calls use the application's CUcontext and CUstream (e.g. a framework's);
 * cu_context NULL restores weft's own (primary context of device 0, default stream).
 * Free weft's allocations in a context (weft_cuda_release_unused) before destroying it. */
int weft_cuda_set_context(void *cu_context, void *cu_stream);

/* Frees the cached (unused) device allocations of every context; runs at exit too. */
void weft_cuda_release_unused(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
