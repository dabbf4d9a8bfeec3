#ifndef WEFT_ERROR_H
#define WEFT_ERROR_H

// The exceptions weft throws (DESIGN.md section 4).
//
//  - CompileError: a mistake in an algorithm or schedule, thrown at the call that
//    makes it or when the pipeline is compiled. The message names the Func, Var or
//    loop level, what was wrong and what would be valid.
//  - RuntimeError: a failure while a compiled pipeline runs (buffer too small, wrong
//    type or dimensionality, unbound parameter, allocation failure, no CUDA driver).
//  - InternalError: a broken invariant inside weft: a bug, reported with the pass name.

#include <stdexcept>
#include <string>

namespace weft {

struct Error : std::runtime_error {
    explicit Error(const std::string &msg) : std::runtime_error(msg) {}
};

struct CompileError : Error {
    explicit CompileError(const std::string &msg) : Error(msg) {}
};

struct RuntimeError : Error {
    explicit RuntimeError(const std::string &msg) : Error(msg) {}
};

struct InternalError : Error {
    explicit InternalError(const std::string &msg) : Error(msg) {}
};

} // namespace weft

#endif
