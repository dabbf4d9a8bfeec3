#ifndef WEFT_LOWER_LOWERUTIL_H
#define WEFT_LOWER_LOWERUTIL_H

// Small IR builders shared by the lowering passes: exact-type Int(32) index math
// (no coercion, unlike the user-facing operators), intervals to ranges, and the
// names lowering gives to bounds. Private to src/lower.

#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <string>

namespace weft::internal::lowering {

inline Expr i32(int64_t v) {
    return make_const(Int(32), v);
}
inline Expr var(const std::string &name) {
    return Variable::make(Int(32), name);
}

inline Expr add(const Expr &a, const Expr &b) {
    return Add::make(a, b);
}
inline Expr add(const Expr &a, int64_t b) {
    return Add::make(a, i32(b));
}
inline Expr sub(const Expr &a, const Expr &b) {
    return Sub::make(a, b);
}
inline Expr sub(const Expr &a, int64_t b) {
    return Sub::make(a, i32(b));
}
inline Expr mul(const Expr &a, const Expr &b) {
    return Mul::make(a, b);
}
inline Expr div(const Expr &a, const Expr &b) {
    return Div::make(a, b);
}
inline Expr mod(const Expr &a, const Expr &b) {
    return Mod::make(a, b);
}
inline Expr min(const Expr &a, const Expr &b) {
    return Min::make(a, b);
}
inline Expr max(const Expr &a, const Expr &b) {
    return Max::make(a, b);
}

/// The Handle-typed Variable holding the user context, defined by codegen at entry and
/// passed as the first argument of every weft_error_* call.
inline Expr user_context() {
    return Variable::make(Handle(), "__user_context");
}

/// A call to a runtime error function (Call::Extern returning Int(32)).
inline Expr error_call(const std::string &fn, std::vector<Expr> args) {
    args.insert(args.begin(), user_context());
    return Call::make(Int(32), fn, std::move(args), Call::Extern);
}

/// Names of the realized region of Func f in dimension `arg` (defined by bounds
/// inference just outside f's Realize).
inline std::string min_realized_name(const std::string &f, const std::string &arg) {
    return f + "." + arg + ".min_realized";
}
inline std::string extent_realized_name(const std::string &f, const std::string &arg) {
    return f + "." + arg + ".extent_realized";
}

/// Name of a buffer field in dimension i: `b.min.<i>`, `b.extent.<i>`, `b.stride.<i>`.
inline std::string buffer_field(const std::string &b, const char *field, int i) {
    return b + "." + field + "." + std::to_string(i);
}

} // namespace weft::internal::lowering

#endif
