// The out-of-line parts of weft::Type (include/weft/Type.h): printing, range
// queries and exact-representability checks. Type::max()/min() build Exprs and live
// with the IR operators.

#include "weft/Type.h"

#include "Error.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace weft {

namespace {

/// Significand precision (with the implicit bit) and largest binary exponent of a float type.
struct FloatFormat {
    int precision;
    int max_exponent;
};

FloatFormat float_format(Type t) {
    if (t.is_bfloat()) {
        return {8, 127};
    }
    switch (t.bits) {
    case 16:
        return {11, 15};
    case 32:
        return {24, 127};
    default:
        return {53, 1023};
    }
}

/// True when the integer magnitude `mag` is exactly a value of the float format.
bool float_holds_magnitude(FloatFormat f, uint64_t mag) {
    if (mag == 0) {
        return true;
    }
    int width = std::bit_width(mag);
    int significant = width - std::countr_zero(mag);
    return significant <= f.precision && width - 1 <= f.max_exponent;
}

bool float_holds_double(Type t, double x) {
    if (std::isnan(x) || std::isinf(x) || x == 0.0) {
        return true;
    }
    if (t.bits == 64 && !t.is_bfloat()) {
        return true;
    }
    if (t.bits == 32 || t.is_bfloat()) {
        if (std::fabs(x) > std::numeric_limits<float>::max()) {
            return false;
        }
        float f = static_cast<float>(x);
        if (static_cast<double>(f) != x) {
            return false;
        }
        // bfloat16 is float32 with the low 16 significand bits dropped.
        return !t.is_bfloat() || (std::bit_cast<uint32_t>(f) & 0xffffu) == 0;
    }
    // float16: 11-bit significand, exponents -14..15, subnormals down to 2^-24.
    if (std::fabs(x) > 65504.0) {
        return false;
    }
    int e = 0;
    std::frexp(x, &e);
    int exponent = e - 1;
    int scale = exponent >= -14 ? 10 - exponent : 24;
    double scaled = std::ldexp(x, scale);
    return scaled == std::trunc(scaled);
}

bool is_integer_type(Type t) {
    return t.is_int() || t.is_uint();
}

} // namespace

std::string to_string(Type t) {
    std::string s;
    switch (t.code) {
    case TypeCode::Int:
        s = "int" + std::to_string(t.bits);
        break;
    case TypeCode::UInt:
        s = t.bits == 1 ? "bool" : "uint" + std::to_string(t.bits);
        break;
    case TypeCode::Float:
        s = "float" + std::to_string(t.bits);
        break;
    case TypeCode::BFloat:
        s = "bfloat" + std::to_string(t.bits);
        break;
    case TypeCode::Handle:
        s = "handle";
        break;
    }
    if (t.lanes != 1) {
        s += "x" + std::to_string(t.lanes);
    }
    return s;
}

int64_t Type::imax() const {
    internal_assert(is_integer_type(*this))
        << "Type::imax() of non-integer type " << to_string(*this);
    if (is_int()) {
        return bits >= 64 ? std::numeric_limits<int64_t>::max() : (int64_t(1) << (bits - 1)) - 1;
    }
    return bits >= 63 ? std::numeric_limits<int64_t>::max() : (int64_t(1) << bits) - 1;
}

int64_t Type::imin() const {
    internal_assert(is_integer_type(*this))
        << "Type::imin() of non-integer type " << to_string(*this);
    if (is_uint()) {
        return 0;
    }
    return bits >= 64 ? std::numeric_limits<int64_t>::min() : -(int64_t(1) << (bits - 1));
}

bool Type::can_represent(Type other) const {
    Type self = element_of();
    other = other.element_of();
    if (self == other) {
        return true;
    }
    if (self.is_handle() || other.is_handle()) {
        return false;
    }
    if (is_integer_type(self)) {
        if (!is_integer_type(other)) {
            return false;
        }
        if (self.is_uint()) {
            return other.is_uint() && self.bits >= other.bits;
        }
        return other.is_uint() ? self.bits > other.bits : self.bits >= other.bits;
    }
    // self is a float type.
    FloatFormat f = float_format(self);
    if (is_integer_type(other)) {
        int magnitude_bits = other.is_int() ? other.bits - 1 : other.bits;
        return magnitude_bits <= f.precision;
    }
    FloatFormat g = float_format(other);
    return f.precision >= g.precision && f.max_exponent >= g.max_exponent;
}

bool Type::can_represent(int64_t x) const {
    if (is_integer_type(*this)) {
        return x >= imin() && x <= imax();
    }
    if (is_float()) {
        uint64_t mag = x < 0 ? uint64_t(0) - uint64_t(x) : uint64_t(x);
        return float_holds_magnitude(float_format(*this), mag);
    }
    return false;
}

bool Type::can_represent(uint64_t x) const {
    if (is_uint() && bits >= 64) {
        return true;
    }
    if (is_integer_type(*this)) {
        return x <= uint64_t(imax());
    }
    if (is_float()) {
        return float_holds_magnitude(float_format(*this), x);
    }
    return false;
}

bool Type::can_represent(double x) const {
    if (is_float()) {
        return float_holds_double(*this, x);
    }
    if (!is_integer_type(*this)) {
        return false;
    }
    if (std::isnan(x) || std::isinf(x) || x != std::trunc(x)) {
        return false;
    }
    if (bits >= 64) {
        // 2^63 and 2^64 are exact doubles; compare against them rather than imax().
        return is_int() ? (x >= -0x1p63 && x < 0x1p63) : (x >= 0 && x < 0x1p64);
    }
    return x >= double(imin()) && x <= double(imax());
}

} // namespace weft
