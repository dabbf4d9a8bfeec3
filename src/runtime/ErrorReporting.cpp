// The runtime's error channel (weft_runtime.h): weft_error(), the error handler and
// the message builders that generated assertions call. Each builder formats one
// sentence naming the buffer or Func, what was required and what is available, reports
// it, and returns its weft_error_code_t.

#include "weft/runtime/weft_runtime.h"

#include "runtime/UserContext.h"
#include "weft/Type.h"

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <string>

namespace {

void default_error_handler(void *, const char *message) {
    std::fputs(message, stderr);
    std::fputs("\n", stderr);
}

std::atomic<weft_error_handler_t> error_handler{nullptr};

int report(void *user_context, int code, const std::string &message) {
    if (user_context) {
        static_cast<weft::internal::JITUserContext *>(user_context)
            ->record_error(code, message.c_str());
        return code;
    }
    weft_error_handler_t handler = error_handler.load();
    (handler ? handler : default_error_handler)(nullptr, message.c_str());
    return code;
}

std::string quoted(const char *name) {
    return std::string("\"") + (name ? name : "") + "\"";
}

std::string type_name(uint8_t code, uint8_t bits) {
    return weft::to_string(weft::Type(static_cast<weft::TypeCode>(code), bits));
}

std::string range(int64_t lo, int64_t hi) {
    return std::to_string(lo) + " to " + std::to_string(hi);
}

int buffer_too_small(void *user_context, const char *kind, const char *buffer_name, int32_t dim,
                     int32_t required_min, int32_t required_max, int32_t buffer_min,
                     int32_t buffer_max) {
    int64_t extent = int64_t(buffer_max) - buffer_min + 1;
    std::string covers = extent > 0 ? "covers only " + range(buffer_min, buffer_max) : "is empty";
    std::string msg = std::string(kind) + " buffer " + quoted(buffer_name) + " is accessed at " +
                      range(required_min, required_max) + " in dimension " + std::to_string(dim) +
                      ", but the buffer " + covers + " (min " + std::to_string(buffer_min) +
                      ", extent " + std::to_string(extent) + ").";
    return report(user_context, weft_error_code_buffer_too_small, msg);
}

} // namespace

extern "C" {

int weft_error(void *user_context, const char *message) {
    return report(user_context, weft_error_generic, message ? message : "");
}

void weft_set_error_handler(weft_error_handler_t handler) {
    error_handler.store(handler);
}

int weft_error_buffer_too_small(void *user_context, const char *buffer_name, int32_t dim,
                                int32_t required_min, int32_t required_max, int32_t buffer_min,
                                int32_t buffer_max) {
    return buffer_too_small(user_context, "Input", buffer_name, dim, required_min, required_max,
                            buffer_min, buffer_max);
}

int weft_error_output_buffer_too_small(void *user_context, const char *buffer_name, int32_t dim,
                                       int32_t required_min, int32_t required_max,
                                       int32_t buffer_min, int32_t buffer_max) {
    return buffer_too_small(user_context, "Output", buffer_name, dim, required_min, required_max,
                            buffer_min, buffer_max);
}

int weft_error_bad_type(void *user_context, const char *buffer_name, uint8_t expected_code,
                        uint8_t expected_bits, uint8_t actual_code, uint8_t actual_bits) {
    std::string msg = "Buffer " + quoted(buffer_name) + " has type " +
                      type_name(actual_code, actual_bits) + ", but the pipeline expects " +
                      type_name(expected_code, expected_bits) + ".";
    return report(user_context, weft_error_code_bad_type, msg);
}

int weft_error_bad_dimensions(void *user_context, const char *buffer_name,
                              int32_t expected_dimensions, int32_t actual_dimensions) {
    std::string msg = "Buffer " + quoted(buffer_name) + " has " +
                      std::to_string(actual_dimensions) + " dimensions, but the pipeline expects " +
                      std::to_string(expected_dimensions) + ".";
    return report(user_context, weft_error_code_bad_dimensions, msg);
}

int weft_error_buffer_too_large(void *user_context, const char *buffer_name, int64_t elements) {
    std::string msg = "Buffer " + quoted(buffer_name) + " spans " + std::to_string(elements) +
                      " elements, more than the 2147483647 (2^31 - 1) a pipeline can address.";
    return report(user_context, weft_error_code_buffer_too_large, msg);
}

int weft_error_out_of_memory(void *user_context, const char *allocation_name, uint64_t bytes) {
    std::string what = allocation_name ? " for " + quoted(allocation_name) : std::string();
    std::string msg =
        "Out of memory: allocating " + std::to_string(bytes) + " bytes" + what + " failed.";
    return report(user_context, weft_error_code_out_of_memory, msg);
}

int weft_error_explicit_bound(void *user_context, const char *func_name, const char *var_name,
                              int32_t bound_min, int32_t bound_max, int32_t required_min,
                              int32_t required_max) {
    std::string msg = "Func " + quoted(func_name) + " is bounded to " +
                      range(bound_min, bound_max) + " in " + quoted(var_name) +
                      " (by bound()), but the pipeline requires " +
                      range(required_min, required_max) + " of it.";
    return report(user_context, weft_error_code_explicit_bound, msg);
}

int weft_error_assertion(void *user_context, const char *message) {
    return report(user_context, weft_error_code_assertion, message ? message : "");
}

} // extern "C"
