#ifndef WEFT_IROPERATOR_H
#define WEFT_IROPERATOR_H

// Operators and math functions on Expr, with Halide's type rules.
//
// Type coercion. When the two operands of a binary operator have different types,
// they are converted to one type first, by the first rule that applies:
//   1. Handles cannot be used in arithmetic (CompileError).
//   2. Equal types: nothing changes.
//   3. A scalar meets a vector: the scalar is broadcast to the vector's lanes.
//   4. A float meets a non-float: the non-float is cast to the float type.
//   5. Two floats: the narrower is widened.
//   6. Two signed or two unsigned integers: the narrower is widened.
//   7. A signed meets an unsigned integer: both become a signed integer of the wider
//      width (uint8 + int32 -> int32, uint32 + int8 -> int32, uint32 + int32 -> int32).
//      Unsigned values are zero-extended before they are reinterpreted.
//
// C++ numbers next to an Expr ("literals") take the Expr's type instead:
//   - an integer literal becomes a constant of the Expr's type: u8 + 3 is uint8,
//     f16 * 2 is float16. A value that type cannot hold is a CompileError
//     ("Integer constant 300 cannot be represented in uint8").
//   - a float or double literal takes the Expr's type when the Expr is a float;
//     otherwise the Expr is cast to float32 (x * 0.5f and x * 0.5 are float32).
//
// Integer division and modulo are Euclidean, as in Halide: for a positive divisor,
// a / b rounds toward negative infinity and a % b is in [0, b); for a negative divisor
// a / b rounds up, and a % b is still never negative. (-7 / 2 == -4, -7 % 2 == 1.)
// Division or modulo by zero gives zero (x / 0 == 0, x % 0 == 0): never a trap.
// Integer arithmetic wraps on overflow (two's complement), signed types included.
// Float % is a - b * floor(a / b) (the sign of the divisor).

#include "weft/Expr.h"
#include "weft/Type.h"

#include <cstdint>
#include <type_traits>
#include <vector>

namespace weft {

namespace internal {

/// A C++ integer or floating-point number written next to an Expr. (bool is not:
/// true and false convert to Bool Exprs.)
template <typename T>
concept NumericLiteral =
    (std::is_integral_v<T> && !std::is_same_v<T, bool>) || std::is_floating_point_v<T>;

Expr int_literal_like(const Expr &e, int64_t value);
Expr uint_literal_like(const Expr &e, uint64_t value);
Expr float_literal_like(const Expr &e, double value);

/// The literal v as an Expr of e's type (or float32 for a float literal beside a
/// non-float e), by the literal rule above.
template <NumericLiteral T>
Expr literal_like(const Expr &e, T v) {
    if constexpr (std::is_floating_point_v<T>) {
        return float_literal_like(e, static_cast<double>(v));
    } else if constexpr (std::is_signed_v<T>) {
        return int_literal_like(e, static_cast<int64_t>(v));
    } else {
        return uint_literal_like(e, static_cast<uint64_t>(v));
    }
}

/// Converts a and b to one type by rules 1-7 above. `op` names the operator in errors.
void match_types(Expr &a, Expr &b, const char *op);

} // namespace internal

// ---------------------------------------------------------------------------------
// Arithmetic. Each operator also takes a C++ number on either side (see above).

Expr operator+(const Expr &a, const Expr &b);
Expr operator-(const Expr &a, const Expr &b);
Expr operator*(const Expr &a, const Expr &b);
/// Euclidean for integers; x / 0 == 0 (see the top of this file).
Expr operator/(const Expr &a, const Expr &b);
/// Euclidean for integers (never negative); x % 0 == 0.
Expr operator%(const Expr &a, const Expr &b);
/// Negation in the same type (for unsigned types it wraps: -uint8(56) == 200).
Expr operator-(const Expr &a);

/// In-place forms keep the left operand's type: the right one is cast to it.
Expr &operator+=(Expr &a, const Expr &b);
Expr &operator-=(Expr &a, const Expr &b);
Expr &operator*=(Expr &a, const Expr &b);
Expr &operator/=(Expr &a, const Expr &b);

// Comparisons give Bool (with the operands' lanes).
Expr operator<(const Expr &a, const Expr &b);
Expr operator<=(const Expr &a, const Expr &b);
Expr operator>(const Expr &a, const Expr &b);
Expr operator>=(const Expr &a, const Expr &b);
Expr operator==(const Expr &a, const Expr &b);
Expr operator!=(const Expr &a, const Expr &b);

// Logical operators take Bool operands (compare with zero to get one: x != 0).
Expr operator&&(const Expr &a, const Expr &b);
Expr operator||(const Expr &a, const Expr &b);
Expr operator!(const Expr &a);

// Bitwise operators take integer (or Bool) operands of the same signedness; the
// narrower one is widened. Shifts cast the shift amount to the type of the value;
// shifting by the bit width or more gives 0 (>> of a negative signed value: -1).
Expr operator&(const Expr &a, const Expr &b);
Expr operator|(const Expr &a, const Expr &b);
Expr operator^(const Expr &a, const Expr &b);
Expr operator~(const Expr &a);
Expr operator<<(const Expr &a, const Expr &b);
/// Arithmetic shift for signed types, logical for unsigned.
Expr operator>>(const Expr &a, const Expr &b);

/// The smaller / larger of a and b (after coercion).
Expr min(const Expr &a, const Expr &b);
Expr max(const Expr &a, const Expr &b);

// The same operators with a C++ number on one side.
#define WEFT_LITERAL_BINARY_OPERATOR(op)                                                           \
    template <internal::NumericLiteral T>                                                          \
    Expr op(const Expr &a, T b) {                                                                  \
        return op(a, internal::literal_like(a, b));                                                \
    }                                                                                              \
    template <internal::NumericLiteral T>                                                          \
    Expr op(T a, const Expr &b) {                                                                  \
        return op(internal::literal_like(b, a), b);                                                \
    }
WEFT_LITERAL_BINARY_OPERATOR(operator+)
WEFT_LITERAL_BINARY_OPERATOR(operator-)
WEFT_LITERAL_BINARY_OPERATOR(operator*)
WEFT_LITERAL_BINARY_OPERATOR(operator/)
WEFT_LITERAL_BINARY_OPERATOR(operator%)
WEFT_LITERAL_BINARY_OPERATOR(operator<)
WEFT_LITERAL_BINARY_OPERATOR(operator<=)
WEFT_LITERAL_BINARY_OPERATOR(operator>)
WEFT_LITERAL_BINARY_OPERATOR(operator>=)
WEFT_LITERAL_BINARY_OPERATOR(operator==)
WEFT_LITERAL_BINARY_OPERATOR(operator!=)
WEFT_LITERAL_BINARY_OPERATOR(operator&)
WEFT_LITERAL_BINARY_OPERATOR(operator|)
WEFT_LITERAL_BINARY_OPERATOR(operator^)
WEFT_LITERAL_BINARY_OPERATOR(operator<<)
WEFT_LITERAL_BINARY_OPERATOR(operator>>)
WEFT_LITERAL_BINARY_OPERATOR(min)
WEFT_LITERAL_BINARY_OPERATOR(max)
#undef WEFT_LITERAL_BINARY_OPERATOR

/// min(a, b, c, ...) and max(a, b, c, ...) of three or more values.
template <typename A, typename B, typename C, typename... Rest>
Expr min(const A &a, const B &b, const C &c, const Rest &...rest) {
    return min(min(Expr(a), b), c, rest...);
}
template <typename A, typename B, typename C, typename... Rest>
Expr max(const A &a, const B &b, const C &c, const Rest &...rest) {
    return max(max(Expr(a), b), c, rest...);
}

/// a limited to [min_val, max_val]: max(min(a, max_val), min_val). The bounds take
/// a's type (a constant bound a's type cannot hold is a CompileError).
Expr clamp(const Expr &a, const Expr &min_val, const Expr &max_val);

/// condition ? true_value : false_value, lane by lane. The condition must be Bool.
/// The values are coerced like operands, except that a constant written as a C++
/// number (select(c, x, 0)) takes the other value's type, as in Halide.
Expr select(const Expr &condition, const Expr &true_value, const Expr &false_value);

/// Multi-way select: select(c0, v0, c1, v1, ..., default) is the value of the first
/// true condition, else default.
template <typename... Rest>
Expr select(const Expr &c0, const Expr &v0, const Expr &c1, const Expr &v1,
            const Rest &...rest) {
    return select(c0, v0, select(c1, v1, rest...));
}

/// values[index], with index clamped to [0, values.size() - 1].
Expr mux(const Expr &index, const std::vector<Expr> &values);

// ---------------------------------------------------------------------------------
// Casts

/// Value conversion to t (rounding toward zero from float to int; wrapping from int
/// to a narrower int). Casting to Bool means "!= 0". A scalar cast to a vector
/// type is broadcast; a vector cast to a scalar type keeps its lanes.
Expr cast(Type t, const Expr &e);
template <typename T>
Expr cast(const Expr &e) {
    return cast(type_of<T>(), e);
}

/// Like cast, but values outside the range of t become its nearest limit
/// (saturating_cast<uint8_t>(300) == 255, saturating_cast<int8_t>(-1e9f) == -128).
/// NaN converted to an integer type gives an unspecified value.
Expr saturating_cast(Type t, const Expr &e);
template <typename T>
Expr saturating_cast(const Expr &e) {
    return saturating_cast(type_of<T>(), e);
}

/// The bits of e read as type t (same total bit count: reinterpret<uint32_t>(float)).
Expr reinterpret(Type t, const Expr &e);
template <typename T>
Expr reinterpret(const Expr &e) {
    return reinterpret(type_of<T>(), e);
}

// ---------------------------------------------------------------------------------
// Math. Float functions applied to an integer argument cast it to float32 first.

/// |a|. For signed integers the result is the unsigned type of the same width, so
/// abs(int8(-128)) == uint8(128). For unsigned types it is a itself.
Expr abs(const Expr &a);
/// |a - b| computed without overflow; unsigned for integer operands.
Expr absd(const Expr &a, const Expr &b);

Expr sqrt(const Expr &x);
Expr exp(const Expr &x);
Expr log(const Expr &x);
/// x raised to y (both float; y takes x's type).
Expr pow(const Expr &x, const Expr &y);
Expr sin(const Expr &x);
Expr cos(const Expr &x);
Expr tan(const Expr &x);
Expr tanh(const Expr &x);
Expr asin(const Expr &x);
Expr acos(const Expr &x);
Expr atan(const Expr &x);
/// The angle of the point (x, y), in (-pi, pi].
Expr atan2(const Expr &y, const Expr &x);
Expr floor(const Expr &x);
Expr ceil(const Expr &x);
/// Round to the nearest integer, ties to even (as Halide).
Expr round(const Expr &x);
/// Round toward zero.
Expr trunc(const Expr &x);
/// a * b + c with a single rounding (all three take the widest float type).
Expr fma(const Expr &a, const Expr &b, const Expr &c);
/// e^x for Float(32) x (scalar or vector) built from arithmetic alone, so that it
/// vectorizes (exp(x) becomes one call to the C library per lane): x = n ln2 + r with
/// |r| <= ln2 / 2, a degree-7 polynomial for e^r and the exponent n written into the
/// float's bits. Within a few ulp of e^x where e^x is a normal float (x in [-87.33,
/// 88.37]); 0 for x below about -87.7 (e^x < 2^-126.5), +inf above 88.37 (including the
/// finite e^x of x in (88.37, 88.72]). As Halide's fast_exp, but accurate to a few ulp.
Expr fast_exp(const Expr &x);
/// Bool: x is NaN / x is +-infinity / x is neither. x must be a float.
Expr is_nan(const Expr &x);
Expr is_inf(const Expr &x);
Expr is_finite(const Expr &x);

/// Linear interpolation zero_val + (one_val - zero_val) * weight, as in Halide:
///  - zero_val and one_val are coerced to one type; the result has that type.
///  - weight is a float in [0, 1], or an unsigned integer where its type's largest
///    value means 1 (a uint8 weight of 255 gives one_val).
///  - for integer values the result is rounded to the nearest integer.
Expr lerp(const Expr &zero_val, const Expr &one_val, const Expr &weight);

/// A hint that the condition (or value) is usually true; the value is unchanged.
/// Lowering uses it to pick the loop partition worth optimizing.
Expr likely(const Expr &e);

} // namespace weft

#endif
