#ifndef WEFT_JIT_JIT_ERROR_H
#define WEFT_JIT_JIT_ERROR_H

// Conversion of llvm::Error / llvm::Expected<T> into weft exceptions at the ORC boundary
// (STYLE.md item 10): every result is checked; a failure becomes InternalError (a bug
// in weft: invalid object, missing runtime symbol) or RuntimeError (the environment
// failed us: the JIT cannot be created), carrying LLVM's message.

#include "Error.h"

#include <llvm/Support/Error.h>

#include <string>
#include <utility>

namespace weft::internal {

/// Consumes err and returns its message ("" for success).
inline std::string take_llvm_message(llvm::Error err) {
    if (!err) {
        return "";
    }
    return llvm::toString(std::move(err));
}

/// Throws an error of the given kind saying "what: <LLVM message>" when err is a failure.
inline void check_llvm(llvm::Error err, ErrorKind kind, const char *what) {
    if (!err) {
        return;
    }
    std::string msg = take_llvm_message(std::move(err));
    if (kind == ErrorKind::Runtime) {
        runtime_user_error << what << ": " << msg;
    }
    internal_error << what << ": " << msg;
}

/// The value of e, or an exception as check_llvm().
template <typename T>
T unwrap_llvm(llvm::Expected<T> e, ErrorKind kind, const char *what) {
    if (!e) {
        check_llvm(e.takeError(), kind, what);
    }
    return std::move(*e);
}

} // namespace weft::internal

#endif
