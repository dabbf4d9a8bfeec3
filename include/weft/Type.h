#ifndef WEFT_TYPE_H
#define WEFT_TYPE_H

// Scalar and vector element types of weft expressions and buffers.
//
// A Type is a code (signed/unsigned integer, IEEE float, bfloat, opaque handle),
// a bit width and a lane count. Bool is UInt(1). Names and meaning follow Halide.

#include <cstdint>
#include <string>
#include <type_traits>

namespace weft {

class Expr;

enum class TypeCode : uint8_t { Int, UInt, Float, BFloat, Handle };

struct Type {
    TypeCode code = TypeCode::Int;
    uint8_t bits = 0;
    uint16_t lanes = 0;

    constexpr Type() = default;
    constexpr Type(TypeCode c, int b, int l = 1)
        : code(c), bits(static_cast<uint8_t>(b)), lanes(static_cast<uint16_t>(l)) {}

    constexpr bool is_int() const { return code == TypeCode::Int; }
    constexpr bool is_uint() const { return code == TypeCode::UInt; }
    constexpr bool is_float() const { return code == TypeCode::Float || code == TypeCode::BFloat; }
    constexpr bool is_bfloat() const { return code == TypeCode::BFloat; }
    constexpr bool is_handle() const { return code == TypeCode::Handle; }
    constexpr bool is_bool() const { return code == TypeCode::UInt && bits == 1; }
    /// Int or UInt of any width other than 1 (Bool is not an integer type here).
    constexpr bool is_int_or_uint() const { return (is_int() || is_uint()) && bits != 1; }
    constexpr bool is_scalar() const { return lanes == 1; }
    constexpr bool is_vector() const { return lanes > 1; }
    constexpr int bytes() const { return (bits + 7) / 8; }

    constexpr Type element_of() const { return Type(code, bits, 1); }
    constexpr Type with_lanes(int l) const { return Type(code, bits, l); }
    constexpr Type with_bits(int b) const { return Type(code, b, lanes); }
    constexpr Type with_code(TypeCode c) const { return Type(c, bits, lanes); }

    /// True when every value of `other` (ignoring lanes) is exactly representable in this type.
    bool can_represent(Type other) const;
    bool can_represent(int64_t x) const;
    bool can_represent(uint64_t x) const;
    bool can_represent(double x) const;

    /// Largest / smallest value of the (element) type, as an Expr of this type.
    Expr max() const;
    Expr min() const;

    /// For integer types: the range as 64-bit integers (UInt(64)'s max saturates at INT64_MAX).
    int64_t imax() const;
    int64_t imin() const;

    constexpr bool operator==(const Type &o) const {
        return code == o.code && bits == o.bits && lanes == o.lanes;
    }
    constexpr bool operator!=(const Type &o) const { return !(*this == o); }
};

constexpr Type Int(int bits, int lanes = 1) { return Type(TypeCode::Int, bits, lanes); }
constexpr Type UInt(int bits, int lanes = 1) { return Type(TypeCode::UInt, bits, lanes); }
constexpr Type Float(int bits, int lanes = 1) { return Type(TypeCode::Float, bits, lanes); }
constexpr Type BFloat(int bits = 16, int lanes = 1) { return Type(TypeCode::BFloat, bits, lanes); }
constexpr Type Bool(int lanes = 1) { return UInt(1, lanes); }
constexpr Type Handle(int lanes = 1) { return Type(TypeCode::Handle, 64, lanes); }

/// "int32", "uint8x16", "float32", "bool", "handle".
std::string to_string(Type t);

/// The weft Type of a C++ scalar type.
template <typename T>
constexpr Type type_of() {
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
        return Bool();
    } else if constexpr (std::is_floating_point_v<U>) {
        return Float(8 * sizeof(U));
    } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
        return Int(8 * sizeof(U));
    } else if constexpr (std::is_integral_v<U>) {
        return UInt(8 * sizeof(U));
    } else if constexpr (std::is_pointer_v<U>) {
        return Handle();
    } else {
        static_assert(sizeof(U) == 0, "weft::type_of: unsupported C++ type");
        return Type();
    }
}

} // namespace weft

#endif
