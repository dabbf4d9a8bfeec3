#ifndef WEFT_SRC_ERROR_H
#define WEFT_SRC_ERROR_H

// The two error channels of STYLE.md item 7, for code inside the library.
//
//   user_assert(cond) << "vectorize: Func \"" << name << "\" has no loop ...";
//   user_error << "...";                     // always throws CompileError
//   runtime_user_error << "...";             // always throws RuntimeError
//   internal_assert(cond) << "...";          // throws InternalError; on in release builds
//   internal_error << "...";
//
// The message is collected with operator<< and thrown when the full expression ends.

#include "weft/Error.h"

#include <sstream>

namespace weft::internal {

enum class ErrorKind { Compile, Runtime, Internal };

class ErrorReport {
public:
    ErrorReport(ErrorKind kind, const char *file, int line, const char *condition);
    ErrorReport(const ErrorReport &) = delete;
    ErrorReport &operator=(const ErrorReport &) = delete;

    template <typename T>
    ErrorReport &operator<<(const T &x) {
        msg_ << x;
        return *this;
    }

    /// Throws the collected message as the exception of this report's kind.
    ~ErrorReport() noexcept(false);

private:
    ErrorKind kind_;
    std::ostringstream msg_;
};

/// Lets `cond || Voidifier() & ErrorReport(...) << ...` compile to a void expression.
struct Voidifier {
    void operator&(ErrorReport &) {}
};

} // namespace weft::internal

#define WEFT_REPORT(kind, cond)                                                                    \
    ::weft::internal::ErrorReport(::weft::internal::ErrorKind::kind, __FILE__, __LINE__, cond)

#define user_assert(c)                                                                             \
    (c) ? (void)0 : ::weft::internal::Voidifier() & WEFT_REPORT(Compile, #c)
#define user_error WEFT_REPORT(Compile, nullptr)
#define runtime_user_error WEFT_REPORT(Runtime, nullptr)
#define internal_assert(c)                                                                         \
    (c) ? (void)0 : ::weft::internal::Voidifier() & WEFT_REPORT(Internal, #c)
#define internal_error WEFT_REPORT(Internal, nullptr)

#endif
