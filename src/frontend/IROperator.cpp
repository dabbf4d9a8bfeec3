// The C++ operators on Expr and Halide's coercion rules (weft/IROperator.h), plus
// Type::max()/min(). Math functions and casts are in IROperatorMath.cpp.

#include "weft/IROperator.h"

#include "Error.h"
#include "IROperatorInternal.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <limits>

namespace weft {

using namespace internal;

namespace internal {

void check_defined_operand(const Expr &e, const char *op) {
    user_assert(e.defined()) << "Operator " << op
                             << " was given an undefined Expr (a default-constructed Expr "
                                "that was never assigned); give it a value first";
}

void check_not_handle(const Expr &e, const char *op) {
    check_defined_operand(e, op);
    user_assert(!e.type().is_handle())
        << "Operator " << op << " cannot be applied to a handle (an opaque pointer); "
        << "handles can only be passed through to extern code";
}

void match_lanes(Expr &a, Expr &b, const char *op) {
    int la = a.type().lanes, lb = b.type().lanes;
    if (la == lb) {
        return;
    }
    user_assert(la == 1 || lb == 1) << "Operator " << op << " cannot combine vectors of "
                                    << la << " and " << lb << " lanes (" << to_string(a.type())
                                    << " and " << to_string(b.type()) << ")";
    if (la == 1) {
        a = broadcast_to(a, lb);
    } else {
        b = broadcast_to(b, la);
    }
}

/// The type both operands get by rules 4-7 (element types only).
Type common_element_type(Type a, Type b) {
    if (a == b) {
        return a;
    }
    if (a.is_float() && !b.is_float()) {
        return a;
    }
    if (b.is_float() && !a.is_float()) {
        return b;
    }
    if (a.is_float() && b.is_float()) {
        if (a.bits != b.bits) {
            return a.bits > b.bits ? a : b;
        }
        // float16 vs bfloat16: neither holds the other; use float32 as Halide does.
        return Float(32);
    }
    if (a.code == b.code) {
        return a.bits > b.bits ? a : b;
    }
    // One signed, one unsigned: a signed type of the wider width.
    return Int(std::max(a.bits, b.bits));
}

void match_types(Expr &a, Expr &b, const char *op) {
    check_not_handle(a, op);
    check_not_handle(b, op);
    if (a.type() == b.type()) {
        return;
    }
    match_lanes(a, b, op);
    Type t = common_element_type(a.type().element_of(), b.type().element_of());
    t = t.with_lanes(a.type().lanes);
    if (a.type() != t) {
        a = cast(t, a);
    }
    if (b.type() != t) {
        b = cast(t, b);
    }
}

namespace {

void check_representable(Type t, bool fits, const std::string &value) {
    user_assert(fits) << "Integer constant " << value << " cannot be represented in "
                      << to_string(t.element_of())
                      << ", the type of the expression it is combined with; cast that "
                         "expression to a wider type first (for example cast<int32_t>(e))";
}

} // namespace

Expr int_literal_like(const Expr &e, int64_t value) {
    check_not_handle(e, "with a constant");
    Type t = e.type();
    if (t.is_float()) {
        return make_const(t, static_cast<double>(value));
    }
    check_representable(t, t.element_of().can_represent(value), std::to_string(value));
    return make_const(t, value);
}

Expr uint_literal_like(const Expr &e, uint64_t value) {
    check_not_handle(e, "with a constant");
    Type t = e.type();
    if (t.is_float()) {
        return make_const(t, static_cast<double>(value));
    }
    check_representable(t, t.element_of().can_represent(value), std::to_string(value));
    return make_const(t, value);
}

Expr float_literal_like(const Expr &e, double value) {
    check_not_handle(e, "with a constant");
    Type t = e.type();
    if (t.is_float()) {
        return make_const(t, value);
    }
    // The Expr becomes float32 by rule 4 once combined with this constant.
    return make_const(Float(32, t.lanes), value);
}

} // namespace internal

// ---------------------------------------------------------------------------------
// Arithmetic

namespace {

template <typename Node>
Expr arithmetic(Expr a, Expr b, const char *op) {
    match_types(a, b, op);
    return Node::make(std::move(a), std::move(b));
}

template <typename Node>
Expr comparison(Expr a, Expr b, const char *op) {
    match_types(a, b, op);
    return Node::make(std::move(a), std::move(b));
}

} // namespace

Expr operator+(const Expr &a, const Expr &b) { return arithmetic<Add>(a, b, "+"); }
Expr operator-(const Expr &a, const Expr &b) { return arithmetic<Sub>(a, b, "-"); }
Expr operator*(const Expr &a, const Expr &b) { return arithmetic<Mul>(a, b, "*"); }
Expr operator/(const Expr &a, const Expr &b) { return arithmetic<Div>(a, b, "/"); }
Expr operator%(const Expr &a, const Expr &b) { return arithmetic<Mod>(a, b, "%"); }
Expr min(const Expr &a, const Expr &b) { return arithmetic<Min>(a, b, "min"); }
Expr max(const Expr &a, const Expr &b) { return arithmetic<Max>(a, b, "max"); }

Expr operator-(const Expr &a) {
    check_not_handle(a, "unary -");
    if (a.type().is_float()) {
        // Multiplying by -1 keeps the sign of zero right: -(0.0f) is -0.0f.
        return Mul::make(a, make_const(a.type(), int64_t(-1)));
    }
    return Sub::make(make_zero(a.type()), a);
}

Expr &operator+=(Expr &a, const Expr &b) {
    check_not_handle(a, "+=");
    a = a + cast(a.type(), b);
    return a;
}

Expr &operator-=(Expr &a, const Expr &b) {
    check_not_handle(a, "-=");
    a = a - cast(a.type(), b);
    return a;
}

Expr &operator*=(Expr &a, const Expr &b) {
    check_not_handle(a, "*=");
    a = a * cast(a.type(), b);
    return a;
}

Expr &operator/=(Expr &a, const Expr &b) {
    check_not_handle(a, "/=");
    a = a / cast(a.type(), b);
    return a;
}

// ---------------------------------------------------------------------------------
// Comparisons and logic

Expr operator<(const Expr &a, const Expr &b) { return comparison<LT>(a, b, "<"); }
Expr operator<=(const Expr &a, const Expr &b) { return comparison<LE>(a, b, "<="); }
Expr operator>(const Expr &a, const Expr &b) { return comparison<GT>(a, b, ">"); }
Expr operator>=(const Expr &a, const Expr &b) { return comparison<GE>(a, b, ">="); }
Expr operator==(const Expr &a, const Expr &b) { return comparison<EQ>(a, b, "=="); }
Expr operator!=(const Expr &a, const Expr &b) { return comparison<NE>(a, b, "!="); }

namespace {

void check_bool_operand(const Expr &e, const char *op, const char *side) {
    check_defined_operand(e, op);
    user_assert(e.type().is_bool()) << "Operator " << op << " needs bool operands, but its "
                                    << side << " operand has type " << to_string(e.type())
                                    << "; compare it with zero (e != 0) to get a bool";
}

template <typename Node>
Expr logical(Expr a, Expr b, const char *op) {
    check_bool_operand(a, op, "left");
    check_bool_operand(b, op, "right");
    match_lanes(a, b, op);
    return Node::make(std::move(a), std::move(b));
}

} // namespace

Expr operator&&(const Expr &a, const Expr &b) { return logical<And>(a, b, "&&"); }
Expr operator||(const Expr &a, const Expr &b) { return logical<Or>(a, b, "||"); }

Expr operator!(const Expr &a) {
    check_bool_operand(a, "!", "only");
    return Not::make(a);
}

// ---------------------------------------------------------------------------------
// Bitwise operators

namespace {

void check_bitwise_operand(const Expr &e, const char *op) {
    check_not_handle(e, op);
    user_assert(e.type().is_int() || e.type().is_uint())
        << "Operator " << op << " needs integer or bool operands, not " << to_string(e.type())
        << "; use reinterpret<uint32_t>(e) to get at the bits of a float";
}

void match_bitwise(Expr &a, Expr &b, const char *op) {
    check_bitwise_operand(a, op);
    check_bitwise_operand(b, op);
    match_lanes(a, b, op);
    Type ta = a.type(), tb = b.type();
    if (ta == tb) {
        return;
    }
    bool mixed_sign = ta.is_int() != tb.is_int() && !ta.is_bool() && !tb.is_bool();
    user_assert(!mixed_sign) << "Operator " << op << " needs operands of the same signedness, "
                             << "not " << to_string(ta) << " and " << to_string(tb)
                             << "; cast one of them first";
    if (ta.bits < tb.bits) {
        a = cast(tb, a);
    } else {
        b = cast(ta, b);
    }
}

Expr bitwise_call(const char *name, Expr a, Expr b) {
    Type t = a.type();
    return Call::make(t, name, {std::move(a), std::move(b)}, Call::PureIntrinsic);
}

} // namespace

Expr operator&(const Expr &a, const Expr &b) {
    Expr x = a, y = b;
    match_bitwise(x, y, "&");
    if (x.type().is_bool()) {
        return And::make(x, y);
    }
    return bitwise_call(Call::bitwise_and, x, y);
}

Expr operator|(const Expr &a, const Expr &b) {
    Expr x = a, y = b;
    match_bitwise(x, y, "|");
    if (x.type().is_bool()) {
        return Or::make(x, y);
    }
    return bitwise_call(Call::bitwise_or, x, y);
}

Expr operator^(const Expr &a, const Expr &b) {
    Expr x = a, y = b;
    match_bitwise(x, y, "^");
    if (x.type().is_bool()) {
        return NE::make(x, y);
    }
    return bitwise_call(Call::bitwise_xor, x, y);
}

Expr operator~(const Expr &a) {
    check_bitwise_operand(a, "~");
    if (a.type().is_bool()) {
        return Not::make(a);
    }
    return Call::make(a.type(), Call::bitwise_not, {a}, Call::PureIntrinsic);
}

namespace {

Expr shift(const char *name, const char *op, const Expr &a, const Expr &b) {
    check_bitwise_operand(a, op);
    check_bitwise_operand(b, op);
    user_assert(!a.type().is_bool()) << "Operator " << op << " cannot shift a bool";
    Expr x = a, y = b;
    match_lanes(x, y, op);
    if (y.type() != x.type()) {
        y = cast(x.type(), y);
    }
    return bitwise_call(name, x, y);
}

} // namespace

Expr operator<<(const Expr &a, const Expr &b) { return shift(Call::shift_left, "<<", a, b); }
Expr operator>>(const Expr &a, const Expr &b) { return shift(Call::shift_right, ">>", a, b); }

// ---------------------------------------------------------------------------------
// Type::max() / Type::min()

namespace {

Expr type_limit(Type t, bool want_max) {
    user_assert(!t.is_handle()) << "Type::" << (want_max ? "max" : "min")
                                << "() is not defined for handles";
    Type s = t.element_of();
    if (s.is_float()) {
        double inf = std::numeric_limits<double>::infinity();
        return make_const(t, want_max ? inf : -inf);
    }
    if (s.is_uint()) {
        if (!want_max) {
            return make_zero(t);
        }
        uint64_t m = s.bits >= 64 ? std::numeric_limits<uint64_t>::max()
                                  : (uint64_t(1) << s.bits) - 1;
        return make_const(t, m);
    }
    return make_const(t, want_max ? s.imax() : s.imin());
}

} // namespace

Expr Type::max() const { return type_limit(*this, true); }
Expr Type::min() const { return type_limit(*this, false); }

} // namespace weft
