// Casts, select/clamp/mux and the math functions of weft/IROperator.h.

#include "Error.h"
#include "IROperatorInternal.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <bit>
#include <cmath>
#include <limits>

namespace weft {

using namespace internal;

// ---------------------------------------------------------------------------------
// Casts

namespace {

/// t with e's lanes when t is scalar; e broadcast when e is scalar and t is not.
void match_cast_lanes(Type &t, Expr &e, const char *what) {
    int el = e.type().lanes;
    if (t.lanes == el) {
        return;
    }
    if (t.lanes == 1) {
        t = t.with_lanes(el);
        return;
    }
    user_assert(el == 1) << what << ": cannot convert " << to_string(e.type()) << " to "
                         << to_string(t) << " (different vector lanes)";
    e = broadcast_to(e, t.lanes);
}

/// A scalar constant folded to type t (a scalar), or undefined when it cannot be.
Expr fold_constant_cast(Type t, const Expr &e) {
    bool integer_target = t.is_int() || t.is_uint();
    bool exact_float_target = t.is_float() && !t.is_bfloat() && t.bits >= 32;
    if (auto i = as_const_int(e); i && e.type().is_scalar()) {
        if (integer_target) {
            return make_const(t, *i);
        }
        return exact_float_target ? make_const(t, static_cast<double>(*i)) : Expr();
    }
    if (auto u = as_const_uint(e); u && e.type().is_scalar()) {
        if (integer_target) {
            return make_const(t, *u);
        }
        return exact_float_target ? make_const(t, static_cast<double>(*u)) : Expr();
    }
    if (auto f = as_const_float(e); f && e.type().is_scalar()) {
        if (exact_float_target) {
            return make_const(t, *f);
        }
        if (integer_target && t.can_represent(std::trunc(*f))) {
            return make_const(t, std::trunc(*f));
        }
    }
    return Expr();
}

} // namespace

Expr cast(Type t, const Expr &e) {
    check_defined_operand(e, "cast");
    user_assert(!t.is_handle() && !e.type().is_handle())
        << "cast: cannot convert " << to_string(e.type()) << " to " << to_string(t)
        << "; handles cannot be cast";
    Expr v = e;
    match_cast_lanes(t, v, "cast");
    if (v.type() == t) {
        return v;
    }
    if (t.is_bool()) {
        return v != make_zero(v.type());
    }
    if (const auto *b = v.as<Broadcast>()) {
        return broadcast_to(cast(t.element_of(), b->value), t.lanes);
    }
    if (Expr folded = fold_constant_cast(t, v); folded.defined()) {
        return folded;
    }
    return Cast::make(t, v);
}

Expr reinterpret(Type t, const Expr &e) {
    check_defined_operand(e, "reinterpret");
    Type from = e.type();
    if (t.lanes == 1 && from.lanes > 1 && t.bits == from.bits) {
        t = t.with_lanes(from.lanes);
    }
    user_assert(t.bits * t.lanes == from.bits * from.lanes)
        << "reinterpret: cannot read " << to_string(from) << " (" << from.bits * from.lanes
        << " bits) as " << to_string(t) << " (" << t.bits * t.lanes
        << " bits); the bit counts must be equal, e.g. reinterpret<uint32_t> of a float32";
    if (t == from) {
        return e;
    }
    return Reinterpret::make(t, e);
}

namespace {

/// Largest finite value of a float type.
double float_max_finite(Type t) {
    if (t.is_bfloat()) {
        return 0x1.fep127;
    }
    switch (t.bits) {
    case 16:
        return 65504.0;
    case 32:
        return std::numeric_limits<float>::max();
    default:
        return std::numeric_limits<double>::max();
    }
}

/// Largest value of an integer type as an exact uint64.
uint64_t integer_max(Type t) {
    return t.is_uint() ? (t.bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << t.bits) - 1)
                       : uint64_t(t.imax());
}

/// Significand bits (with the implicit one) of a float type.
int float_precision(Type f) {
    if (f.is_bfloat()) {
        return 8;
    }
    return f.bits == 16 ? 11 : f.bits == 32 ? 24 : 53;
}

/// The largest value of float type f that is <= the largest value of integer type t:
/// t's max is 2^k - 1, so that is 2^k - 2^(k - precision) once k exceeds the precision.
double float_at_or_below(Type f, Type t) {
    uint64_t m = integer_max(t);
    int k = std::bit_width(m);
    int p = float_precision(f);
    double hi = k <= p ? static_cast<double>(m) : std::ldexp(1.0, k) - std::ldexp(1.0, k - p);
    return std::min(hi, float_max_finite(f));
}

Expr saturate_integer_to_integer(Type t, Expr e) {
    Type s = e.type();
    if (s.element_of().imin() < t.element_of().imin()) {
        e = Max::make(e, make_const(s, t.element_of().imin()));
    }
    if (integer_max(s.element_of()) > integer_max(t.element_of())) {
        e = Min::make(e, make_const(s, integer_max(t.element_of())));
    }
    return cast(t, e);
}

Expr saturate_float_to_integer(Type t, Expr e) {
    Type s = e.type();
    Type te = t.element_of();
    double lo = std::max(static_cast<double>(te.imin()), -float_max_finite(s));
    double below = float_at_or_below(s.element_of(), te);
    Expr converted = cast(t, Max::make(Min::make(e, make_const(s, below)), make_const(s, lo)));
    uint64_t top = integer_max(te);
    if (below == static_cast<double>(top)) {
        return converted; // the float type holds the integer maximum exactly
    }
    // Values from 2^k (just above the maximum 2^k - 1) up give the maximum itself.
    double limit = std::ldexp(1.0, std::bit_width(top));
    return select(e >= make_const(s, limit), make_const(t, top), converted);
}

Expr saturate_to_float(Type t, Expr e) {
    Type s = e.type();
    double tmax = float_max_finite(t);
    if (s.is_float()) {
        if (float_max_finite(s) > tmax) {
            e = Max::make(Min::make(e, make_const(s, tmax)), make_const(s, -tmax));
        }
        return cast(t, e);
    }
    // Integers: clamp to the float's finite range where the integer type exceeds it.
    if (static_cast<double>(integer_max(s.element_of())) > tmax) {
        e = Min::make(e, make_const(s, static_cast<int64_t>(std::floor(tmax))));
        if (s.is_int()) {
            e = Max::make(e, make_const(s, -static_cast<int64_t>(std::floor(tmax))));
        }
    }
    return cast(t, e);
}

} // namespace

Expr saturating_cast(Type t, const Expr &e) {
    check_defined_operand(e, "saturating_cast");
    user_assert(!t.is_handle() && !e.type().is_handle())
        << "saturating_cast: cannot convert " << to_string(e.type()) << " to " << to_string(t)
        << "; handles cannot be cast";
    Expr v = e;
    match_cast_lanes(t, v, "saturating_cast");
    if (v.type() == t) {
        return v;
    }
    if (t.is_bool()) {
        return v != make_zero(v.type());
    }
    if (v.type().is_bool()) {
        return cast(t, v);
    }
    if (t.is_float()) {
        return saturate_to_float(t, v);
    }
    if (v.type().is_float()) {
        return saturate_float_to_integer(t, v);
    }
    return saturate_integer_to_integer(t, v);
}

// ---------------------------------------------------------------------------------
// clamp, select, mux

namespace {

/// A scalar constant written as a C++ number (Int(32), Float(32) or Float(64)).
bool is_bare_literal(const Expr &e) {
    if (!e.type().is_scalar()) {
        return false;
    }
    return (e.as<IntImm>() && e.type() == Int(32)) || e.as<FloatImm>() != nullptr;
}

/// The constant c as a literal next to e (Halide's literal rule), or undefined.
Expr as_literal_like(const Expr &e, const Expr &c) {
    if (auto i = as_const_int(c)) {
        return int_literal_like(e, *i);
    }
    if (auto f = as_const_float(c)) {
        return float_literal_like(e, *f);
    }
    return Expr();
}

/// Coerces two values that meet in a select, treating bare C++ numbers as literals.
void match_values(Expr &a, Expr &b, const char *op) {
    check_not_handle(a, op);
    check_not_handle(b, op);
    if (a.type() != b.type()) {
        if (is_bare_literal(a) && !is_bare_literal(b)) {
            a = as_literal_like(b, a);
        } else if (is_bare_literal(b) && !is_bare_literal(a)) {
            b = as_literal_like(a, b);
        }
    }
    match_types(a, b, op);
}

/// A clamp bound in the value's type (a constant bound is checked like a literal).
Expr clamp_bound(const Expr &a, const Expr &bound) {
    check_not_handle(bound, "clamp");
    if (bound.type().is_scalar() && bound.type() != a.type().element_of()) {
        if (auto i = as_const_int(bound)) {
            return int_literal_like(a, *i);
        }
        if (auto u = as_const_uint(bound); u && !bound.type().is_bool()) {
            return uint_literal_like(a, *u);
        }
    }
    return cast(a.type(), bound);
}

} // namespace

Expr clamp(const Expr &a, const Expr &min_val, const Expr &max_val) {
    check_not_handle(a, "clamp");
    Expr lo = clamp_bound(a, min_val);
    Expr hi = clamp_bound(a, max_val);
    return Max::make(Min::make(a, hi), lo);
}

Expr select(const Expr &condition, const Expr &true_value, const Expr &false_value) {
    check_defined_operand(condition, "select");
    user_assert(condition.type().is_bool())
        << "select: the condition must be bool, but it has type " << to_string(condition.type())
        << "; compare it with zero (c != 0) to get a bool";
    Expr t = true_value, f = false_value;
    match_values(t, f, "select");
    Expr c = condition;
    if (c.type().lanes != t.type().lanes) {
        if (c.type().is_scalar()) {
            // A scalar condition may pick between vectors.
        } else {
            user_assert(t.type().is_scalar())
                << "select: the condition has " << c.type().lanes << " lanes but the values "
                << t.type().lanes;
            t = broadcast_to(t, c.type().lanes);
            f = broadcast_to(f, c.type().lanes);
        }
    }
    return Select::make(c, t, f);
}

Expr mux(const Expr &index, const std::vector<Expr> &values) {
    user_assert(!values.empty()) << "mux: needs at least one value to choose from";
    check_defined_operand(index, "mux");
    user_assert(index.type().is_int() || index.type().is_uint())
        << "mux: the index must be an integer, not " << to_string(index.type());
    Expr result = values.back();
    for (int i = static_cast<int>(values.size()) - 2; i >= 1; i--) {
        result = select(index == i, values[i], result);
    }
    if (values.size() > 1) {
        result = select(index <= 0, values[0], result);
    }
    return result;
}

// ---------------------------------------------------------------------------------
// Math

namespace {

/// x as a float: integers are cast to float32 (keeping lanes).
Expr float_arg(const Expr &x, const char *fn) {
    check_not_handle(x, fn);
    if (x.type().is_float()) {
        return x;
    }
    return cast(Float(32, x.type().lanes), x);
}

Expr float_call(const char *name, std::vector<Expr> args) {
    Type t = args[0].type();
    return Call::make(t, name, std::move(args), Call::PureIntrinsic);
}

Expr unary_float(const char *name, const Expr &x) { return float_call(name, {float_arg(x, name)}); }

} // namespace

Expr abs(const Expr &a) {
    check_not_handle(a, "abs");
    Type t = a.type();
    if (t.is_uint()) {
        return a;
    }
    Type result = t.is_float() ? t : t.with_code(TypeCode::UInt);
    return Call::make(result, Call::abs, {a}, Call::PureIntrinsic);
}

Expr absd(const Expr &a, const Expr &b) {
    Expr x = a, y = b;
    match_types(x, y, "absd");
    Type t = x.type();
    Type result = t.is_float() ? t : t.with_code(TypeCode::UInt);
    return Call::make(result, Call::absd, {x, y}, Call::PureIntrinsic);
}

Expr sqrt(const Expr &x) { return unary_float("sqrt", x); }
Expr exp(const Expr &x) { return unary_float("exp", x); }
Expr log(const Expr &x) { return unary_float("log", x); }
Expr sin(const Expr &x) { return unary_float("sin", x); }
Expr cos(const Expr &x) { return unary_float("cos", x); }
Expr tan(const Expr &x) { return unary_float("tan", x); }
Expr tanh(const Expr &x) { return unary_float("tanh", x); }
Expr asin(const Expr &x) { return unary_float("asin", x); }
Expr acos(const Expr &x) { return unary_float("acos", x); }
Expr atan(const Expr &x) { return unary_float("atan", x); }
Expr floor(const Expr &x) { return unary_float("floor", x); }
Expr ceil(const Expr &x) { return unary_float("ceil", x); }
Expr round(const Expr &x) { return unary_float("round", x); }
Expr trunc(const Expr &x) { return unary_float("trunc", x); }

Expr pow(const Expr &x, const Expr &y) {
    Expr a = float_arg(x, "pow");
    check_not_handle(y, "pow");
    Expr b = y;
    match_lanes(a, b, "pow");
    return float_call("pow", {a, cast(a.type(), b)});
}

Expr atan2(const Expr &y, const Expr &x) {
    Expr a = float_arg(y, "atan2"), b = float_arg(x, "atan2");
    match_types(a, b, "atan2");
    return float_call("atan2", {a, b});
}

Expr fma(const Expr &a, const Expr &b, const Expr &c) {
    Expr x = float_arg(a, "fma"), y = float_arg(b, "fma"), z = float_arg(c, "fma");
    match_types(x, y, "fma");
    match_types(x, z, "fma");
    match_types(y, z, "fma");
    return float_call("fma", {x, y, z});
}

namespace {

Expr float_predicate(const char *name, const Expr &x) {
    check_not_handle(x, name);
    user_assert(x.type().is_float()) << name << ": the argument must be a float, not "
                                     << to_string(x.type());
    return Call::make(Bool(x.type().lanes), name, {x}, Call::PureIntrinsic);
}

} // namespace

Expr is_nan(const Expr &x) { return float_predicate("is_nan", x); }
Expr is_inf(const Expr &x) { return float_predicate("is_inf", x); }
Expr is_finite(const Expr &x) { return !is_nan(x) && !is_inf(x); }

Expr lerp(const Expr &zero_val, const Expr &one_val, const Expr &weight) {
    Expr a = zero_val, b = one_val;
    match_types(a, b, "lerp");
    check_not_handle(weight, "lerp");
    Type t = a.type();
    Type wt = weight.type();
    user_assert(wt.is_float() || wt.is_uint())
        << "lerp: the weight must be a float in [0, 1] or an unsigned integer (whose "
           "largest value means 1), not "
        << to_string(wt);
    // Integer values are mixed in float64 when float32 could not hold them exactly.
    bool wide = t.bits >= 32 || wt.bits >= 32;
    Type f = t.is_float() ? t.element_of() : Float(wide ? 64 : 32);
    Expr w = weight;
    if (!wt.is_float()) {
        w = cast(f.with_lanes(wt.lanes), w) / cast(f, wt.element_of().max());
    }
    Expr fa = cast(f.with_lanes(t.lanes), a), fb = cast(f.with_lanes(t.lanes), b);
    Expr fw = cast(f.with_lanes(w.type().lanes), w);
    match_lanes(fa, fw, "lerp");
    match_lanes(fb, fw, "lerp");
    Expr one = make_one(fw.type());
    Expr mixed = fa * (one - fw) + fb * fw;
    if (t.is_float()) {
        return mixed;
    }
    return cast(t.with_lanes(mixed.type().lanes), round(mixed));
}

Expr likely(const Expr &e) {
    check_defined_operand(e, "likely");
    return Call::make(e.type(), Call::likely, {e}, Call::PureIntrinsic);
}

} // namespace weft
