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
    weft_error_code_assertion = -9
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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
