// Simplifier: Min and Max. Rules: constant folding, min(x, x), decisions from
// constant bounds or constant differences (min(x + 1, x) -> x for Int(32)/Int(64)),
// folding nested constants (min(min(x, c1), c2)), absorbing repeated operands
// (min(min(x, y), x), min(max(x, y), x)), and lane-wise Broadcast algebra.

#include "Simplify_Internal.h"

#include <cmath>

namespace weft::internal::simplify_detail {

namespace {

bool is_integer(Type t) { return (t.is_int() || t.is_uint()) && !t.is_bool(); }

template <typename Op>
struct MinMaxTraits;

template <>
struct MinMaxTraits<Min> {
    using Other = Max;
    static int64_t fold(Type t, int64_t a, int64_t b) { return arith::min(t, a, b); }
    /// True when a is the result of op(a, b) given a <= b.
    static bool pick_a_if_a_le_b() { return true; }
};

template <>
struct MinMaxTraits<Max> {
    using Other = Min;
    static int64_t fold(Type t, int64_t a, int64_t b) { return arith::max(t, a, b); }
    static bool pick_a_if_a_le_b() { return false; }
};

/// True when e is Op(x, y) with x or y structurally equal to `operand`.
template <typename T>
bool has_operand(const Expr &e, const Expr &operand) {
    const T *n = e.as<T>();
    return n && (deep_equal(n->a, operand) || deep_equal(n->b, operand));
}

} // namespace

std::optional<int64_t> Simplifier::constant_difference(const Expr &a, const Expr &b) {
    Type t = a.type();
    if (!arith::no_overflow(t)) {
        return std::nullopt;
    }
    LinearForm form;
    if (!linearize(a, 1, t, form) || !linearize(b, -1, t, form) || !form.terms.empty() ||
        !form.exact) {
        return std::nullopt;
    }
    return form.constant;
}

namespace {

template <typename Op>
Expr simplify_min_max(Simplifier &s, const Op *op, ExprInfo &info) {
    using Traits = MinMaxTraits<Op>;
    using Other = typename Traits::Other;
    constexpr bool is_min = std::is_same_v<Op, Min>;
    ExprInfo ia, ib;
    Expr a = s.mutate(op->a, ia);
    Expr b = s.mutate(op->b, ib);
    Type t = op->type;
    if (is_min) {
        info.min = (ia.min && ib.min) ? std::optional(std::min(*ia.min, *ib.min)) : std::nullopt;
        info.max = (ia.max && ib.max) ? std::optional(std::min(*ia.max, *ib.max))
                                      : (ia.max ? ia.max : ib.max);
    } else {
        info.max = (ia.max && ib.max) ? std::optional(std::max(*ia.max, *ib.max)) : std::nullopt;
        info.min = (ia.min && ib.min) ? std::optional(std::max(*ia.min, *ib.min))
                                      : (ia.min ? ia.min : ib.min);
    }
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return make_int(t, Traits::fold(t, *ca, *cb));
    }
    if (auto fa = as_const_float(a), fb = as_const_float(b);
        fa && fb && !std::isnan(*fa) && !std::isnan(*fb) && t.bits >= 32 && !t.is_bfloat()) {
        return make_const(t, is_min ? std::min(*fa, *fb) : std::max(*fa, *fb));
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        return Broadcast::make(s.resimplify(Op::make(ba->value, bb->value)), ba->lanes);
    }
    if (deep_equal(a, b)) {
        info = ia;
        return a;
    }
    if (is_integer(t)) {
        if (ca && !cb) {
            std::swap(a, b);
            std::swap(ca, cb);
            std::swap(ia, ib);
        }
        // Decided by constant bounds: a <= b or b <= a.
        bool a_le_b = ia.max && ib.min && *ia.max <= *ib.min;
        bool b_le_a = ib.max && ia.min && *ib.max <= *ia.min;
        if (!a_le_b && !b_le_a) {
            if (auto d = s.constant_difference(a, b)) {
                a_le_b = *d <= 0;
                b_le_a = !a_le_b;
            }
        }
        // A decided min or max no longer needs the likely hint of its operands
        // (partition_loops reads it only on a min or max that remains).
        if (a_le_b) {
            info = Traits::pick_a_if_a_le_b() ? ia : ib;
            return strip_likely(Traits::pick_a_if_a_le_b() ? a : b);
        }
        if (b_le_a) {
            info = Traits::pick_a_if_a_le_b() ? ib : ia;
            return strip_likely(Traits::pick_a_if_a_le_b() ? b : a);
        }
        if (const Op *inner = a.as<Op>()) {
            // op(op(x, c1), c2) -> op(x, op(c1, c2))
            auto c1 = const_int(inner->b);
            if (c1 && cb) {
                return s.resimplify(Op::make(inner->a, make_int(t, Traits::fold(t, *c1, *cb))));
            }
            // op(op(x, y), x) -> op(x, y)
            if (deep_equal(inner->a, b) || deep_equal(inner->b, b)) {
                info = ia;
                return a;
            }
        }
        if (has_operand<Op>(b, a)) {
            info = ib;
            return b;
        }
        // min(max(x, y), x) -> x ; max(min(x, y), x) -> x
        if (has_operand<Other>(a, b)) {
            info = ib;
            return b;
        }
        if (has_operand<Other>(b, a)) {
            info = ia;
            return a;
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Op::make(a, b);
}

} // namespace

Expr Simplifier::visit(const Min *op, ExprInfo &info) { return simplify_min_max(*this, op, info); }

Expr Simplifier::visit(const Max *op, ExprInfo &info) { return simplify_min_max(*this, op, info); }

} // namespace weft::internal::simplify_detail
