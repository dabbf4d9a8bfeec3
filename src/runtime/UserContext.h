#ifndef WEFT_SRC_RUNTIME_USER_CONTEXT_H
#define WEFT_SRC_RUNTIME_USER_CONTEXT_H

// The user context the JIT passes to a compiled pipeline (the last argument slot of
// the entry point, see include/weft/runtime/weft_runtime.h).
//
// When weft_error() and the weft_error_* builders get a non-null user context, it
// is a JITUserContext: they keep the first error of the call in it (thread-safe, as
// parallel tasks may fail together), and realize() turns it into a RuntimeError.
// With a null user context messages go to the handler of weft_set_error_handler().

#include <mutex>
#include <string>

namespace weft::internal {

struct JITUserContext {
    std::mutex mutex;
    int error_code = 0; ///< 0, or the weft_error_code_t of the first error reported
    std::string error_message;

    /// Records `message` unless an error was already recorded; thread-safe.
    void record_error(int code, const char *message) {
        std::lock_guard<std::mutex> lock(mutex);
        if (error_code == 0) {
            error_code = code;
            error_message = message ? message : "";
        }
    }
};

} // namespace weft::internal

#endif
