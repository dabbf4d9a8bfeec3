#include "Error.h"

#include <cstring>

namespace weft::internal {

ErrorReport::ErrorReport(ErrorKind kind, const char *file, int line, const char *condition)
    : kind_(kind) {
    if (kind == ErrorKind::Internal) {
        const char *base = std::strrchr(file, '/');
        msg_ << "internal error at " << (base ? base + 1 : file) << ":" << line << ": ";
        if (condition) {
            msg_ << "condition failed: " << condition << "; ";
        }
    }
}

ErrorReport::~ErrorReport() noexcept(false) {
    std::string text = msg_.str();
    switch (kind_) {
    case ErrorKind::Compile:
        throw CompileError(text);
    case ErrorKind::Runtime:
        throw RuntimeError(text);
    case ErrorKind::Internal:
        throw InternalError(text);
    }
    throw InternalError(text);
}

} // namespace weft::internal
