#ifndef WEFT_ANALYSIS_INTARITH_H
#define WEFT_ANALYSIS_INTARITH_H

// Integer arithmetic with weft's semantics on 64-bit carriers, shared by the
// simplifier's constant folding, interval analysis and the evaluator.
//
// A value of an integer type T (Int or UInt, 1..64 bits) is carried in an int64_t in
// canonical form: sign-extended from T.bits for Int, zero-extended for UInt (UInt(64)
// is the raw bit pattern). Every function here takes and returns canonical values and
// never has C++ undefined behaviour (wrapping is done in uint64_t). Division rounds
// to -inf for positive divisors and up for negative ones (the remainder is never
// negative); x / 0 == 0 and x % 0 == 0.

#include "weft/Type.h"

#include <cstdint>
#include <optional>

namespace weft::internal::arith {

/// Wraps a 64-bit pattern to type t's width (canonical form).
inline int64_t wrap(Type t, int64_t v) {
    int bits = t.bits;
    if (bits >= 64) {
        return v;
    }
    uint64_t u = static_cast<uint64_t>(v);
    if (t.is_uint()) {
        return static_cast<int64_t>(u & ((uint64_t(1) << bits) - 1));
    }
    int shift = 64 - bits;
    return static_cast<int64_t>(u << shift) >> shift;
}

inline bool is_uint64(Type t) { return t.is_uint() && t.bits == 64; }

/// a < b for canonical values of t.
inline bool less(Type t, int64_t a, int64_t b) {
    if (is_uint64(t)) {
        return static_cast<uint64_t>(a) < static_cast<uint64_t>(b);
    }
    return a < b;
}

inline int64_t add(Type t, int64_t a, int64_t b) {
    return wrap(t, static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)));
}
inline int64_t sub(Type t, int64_t a, int64_t b) {
    return wrap(t, static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)));
}
inline int64_t mul(Type t, int64_t a, int64_t b) {
    return wrap(t, static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)));
}

/// Euclidean-style division of canonical values (see the file comment).
inline int64_t div(Type t, int64_t a, int64_t b) {
    if (b == 0) {
        return 0;
    }
    if (t.is_uint()) {
        return wrap(t, static_cast<int64_t>(static_cast<uint64_t>(a) / static_cast<uint64_t>(b)));
    }
    if (b == -1) {
        return sub(t, 0, a); // wraps for the most negative value
    }
    int64_t q = a / b;
    int64_t r = a % b;
    if (r < 0) {
        q = b > 0 ? q - 1 : q + 1;
    }
    return wrap(t, q);
}

inline int64_t mod(Type t, int64_t a, int64_t b) {
    if (b == 0) {
        return 0;
    }
    if (t.is_uint()) {
        return wrap(t, static_cast<int64_t>(static_cast<uint64_t>(a) % static_cast<uint64_t>(b)));
    }
    if (b == -1) {
        return 0;
    }
    int64_t r = a % b;
    if (r < 0) {
        r = b > 0 ? r + b : r - b;
    }
    return r;
}

inline int64_t min(Type t, int64_t a, int64_t b) { return less(t, b, a) ? b : a; }
inline int64_t max(Type t, int64_t a, int64_t b) { return less(t, a, b) ? b : a; }

/// Smallest / largest canonical value of integer type t (UInt(64) max is all ones).
inline int64_t type_min(Type t) {
    if (t.is_uint()) {
        return 0;
    }
    return t.bits >= 64 ? INT64_MIN : -(int64_t(1) << (t.bits - 1));
}
inline int64_t type_max(Type t) {
    if (t.is_uint()) {
        return t.bits >= 64 ? -1 : static_cast<int64_t>((uint64_t(1) << t.bits) - 1);
    }
    return t.bits >= 64 ? INT64_MAX : (int64_t(1) << (t.bits - 1)) - 1;
}

/// True when the mathematical integer v (an int64) is a value of t. For UInt(64) only
/// the non-negative int64 values are considered (callers treat larger ones as unknown).
inline bool fits(Type t, int64_t v) {
    if (t.is_uint()) {
        return v >= 0 && (t.bits >= 63 || v <= type_max(t));
    }
    return t.bits >= 64 || (v >= type_min(t) && v <= type_max(t));
}

/// Exact int64 arithmetic, nullopt on overflow.
inline std::optional<int64_t> checked_add(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}
inline std::optional<int64_t> checked_sub(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}
inline std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}

/// True for the types whose index arithmetic is assumed never to overflow (as in
/// Halide): Int(32) and Int(64). Narrower ints and all uints wrap visibly.
inline bool no_overflow(Type t) { return t.is_int() && t.bits >= 32; }

} // namespace weft::internal::arith

#endif
