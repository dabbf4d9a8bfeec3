// Simplifier: comparisons (canonicalized to LT / LE / EQ / NE, constants folded and
// moved to one side, decided by constant bounds or symbolic bounds), And / Or / Not,
// and Select. Also the facts an IfThenElse condition teaches about variables.

#include "Simplify_Internal.h"

#include "Bounds.h"

namespace weft::internal::simplify_detail {

namespace {

bool is_integer(Type t) { return (t.is_int() || t.is_uint()) && !t.is_bool(); }

ExprInfo bool_info() {
    ExprInfo i;
    i.min = 0;
    i.max = 1;
    return i;
}

Expr make_bool_result(bool v, int lanes, ExprInfo &info) {
    info = info_const(v ? 1 : 0);
    return make_bool(v, lanes);
}

std::optional<bool> const_bool(const Expr &e) {
    if (!e.type().is_bool()) {
        return std::nullopt;
    }
    if (auto v = const_int(strip_likely(e))) {
        return *v != 0;
    }
    return std::nullopt;
}

template <typename T>
const T *as_cmp(const Expr &e) {
    return e.as<T>();
}

} // namespace

// ---------------------------------------------------------------------------------
// Symbolic proofs

std::optional<bool> Simplifier::prove_symbolic(const Expr &cond_in) {
    if (symbolic.empty() || symbolic_depth > 0) {
        return std::nullopt;
    }
    Expr cond = strip_likely(cond_in);
    if (const auto *n = cond.as<Not>()) {
        auto r = prove_symbolic(n->a);
        return r ? std::optional(!*r) : std::nullopt;
    }
    if (const auto *a = cond.as<And>()) {
        auto x = prove_symbolic(a->a);
        auto y = prove_symbolic(a->b);
        if ((x && !*x) || (y && !*y)) {
            return false;
        }
        return (x && y) ? std::optional(true) : std::nullopt;
    }
    if (const auto *o = cond.as<Or>()) {
        auto x = prove_symbolic(o->a);
        auto y = prove_symbolic(o->b);
        if ((x && *x) || (y && *y)) {
            return true;
        }
        return (x && y) ? std::optional(false) : std::nullopt;
    }
    bool strict;
    Expr a, b;
    if (const auto *lt = cond.as<LT>()) {
        strict = true;
        a = lt->a;
        b = lt->b;
    } else if (const auto *le = cond.as<LE>()) {
        strict = false;
        a = le->a;
        b = le->b;
    } else {
        return std::nullopt;
    }
    if (!arith::no_overflow(a.type()) || !a.type().is_scalar()) {
        return std::nullopt;
    }
    symbolic_depth++;
    Interval range = bounds_of_expr_in_scope(simplify(Sub::make(a, b)), symbolic);
    symbolic_depth--;
    auto hi = const_int(range.max);
    auto lo = const_int(range.min);
    if (hi && (strict ? *hi < 0 : *hi <= 0)) {
        return true;
    }
    if (lo && (strict ? *lo >= 0 : *lo > 0)) {
        return false;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------
// Comparisons

Expr Simplifier::simplify_lt(const Expr &a, const Expr &b, const ExprInfo &ia,
                             const ExprInfo &ib, ExprInfo &info) {
    Type t = a.type();
    int lanes = t.lanes;
    info = bool_info();
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb && is_integer(t)) {
        return make_bool_result(arith::less(t, *ca, *cb), lanes, info);
    }
    if (auto fa = as_const_float(a), fb = as_const_float(b); fa && fb) {
        return make_bool_result(*fa < *fb, lanes, info);
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        return Broadcast::make(resimplify(LT::make(ba->value, bb->value)), lanes);
    }
    if (deep_equal(a, b)) {
        return make_bool_result(false, lanes, info);
    }
    if (!is_integer(t)) {
        return LT::make(a, b);
    }
    if (ia.max && ib.min && *ia.max < *ib.min) {
        return make_bool_result(true, lanes, info);
    }
    if (ia.min && ib.max && *ia.min >= *ib.max) {
        return make_bool_result(false, lanes, info);
    }
    Expr result = LT::make(a, b);
    if (arith::no_overflow(t)) {
        LinearForm d;
        if (linearize(a, 1, t, d) && linearize(b, -1, t, d) && d.exact) {
            if (d.terms.empty()) {
                return make_bool_result(d.constant < 0, lanes, info);
            }
            if (d.combined) {
                auto [lhs, rhs] = split_linear_comparison(d, t);
                ExprInfo il, ir;
                lhs = mutate(lhs, il);
                rhs = mutate(rhs, ir);
                if (il.max && ir.min && *il.max < *ir.min) {
                    return make_bool_result(true, lanes, info);
                }
                if (il.min && ir.max && *il.min >= *ir.max) {
                    return make_bool_result(false, lanes, info);
                }
                result = LT::make(lhs, rhs);
            }
        }
    }
    if (prove_exprs_symbolically) {
        if (auto r = prove_symbolic(result)) {
            return make_bool_result(*r, lanes, info);
        }
    }
    return result;
}

Expr Simplifier::simplify_le(const Expr &a, const Expr &b, const ExprInfo &ia,
                             const ExprInfo &ib, ExprInfo &info) {
    Type t = a.type();
    int lanes = t.lanes;
    info = bool_info();
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb && is_integer(t)) {
        return make_bool_result(!arith::less(t, *cb, *ca), lanes, info);
    }
    if (auto fa = as_const_float(a), fb = as_const_float(b); fa && fb) {
        return make_bool_result(*fa <= *fb, lanes, info);
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        return Broadcast::make(resimplify(LE::make(ba->value, bb->value)), lanes);
    }
    if (!is_integer(t)) {
        return LE::make(a, b);
    }
    if (deep_equal(a, b)) {
        return make_bool_result(true, lanes, info);
    }
    if (ia.max && ib.min && *ia.max <= *ib.min) {
        return make_bool_result(true, lanes, info);
    }
    if (ia.min && ib.max && *ia.min > *ib.max) {
        return make_bool_result(false, lanes, info);
    }
    Expr result = LE::make(a, b);
    if (arith::no_overflow(t)) {
        LinearForm d;
        if (linearize(a, 1, t, d) && linearize(b, -1, t, d) && d.exact) {
            if (d.terms.empty()) {
                return make_bool_result(d.constant <= 0, lanes, info);
            }
            auto [lhs, rhs] = split_linear_comparison(d, t);
            if (d.combined) {
                ExprInfo il, ir;
                lhs = mutate(lhs, il);
                rhs = mutate(rhs, ir);
                if (il.max && ir.min && *il.max <= *ir.min) {
                    return make_bool_result(true, lanes, info);
                }
                if (il.min && ir.max && *il.min > *ir.max) {
                    return make_bool_result(false, lanes, info);
                }
                result = LE::make(lhs, rhs);
            }
            // x <= c -> x < c + 1 and c <= x -> c - 1 < x (integers, no overflow).
            const auto *le = result.as<LE>();
            auto cl = const_int(le->a), cr = const_int(le->b);
            if (cr && *cr < arith::type_max(t)) {
                return LT::make(le->a, make_int(t, *cr + 1));
            }
            if (cl && *cl > arith::type_min(t)) {
                return LT::make(make_int(t, *cl - 1), le->b);
            }
        }
    }
    if (prove_exprs_symbolically) {
        if (auto r = prove_symbolic(result)) {
            return make_bool_result(*r, lanes, info);
        }
    }
    return result;
}

namespace {

/// Simplifies a == b; `negate` gives a != b instead.
Expr simplify_eq(Simplifier &s, const Expr &a, const Expr &b, const ExprInfo &ia,
                 const ExprInfo &ib, bool negate, ExprInfo &info) {
    Type t = a.type();
    int lanes = t.lanes;
    info = bool_info();
    auto result = [&](bool eq) { return make_bool_result(eq != negate, lanes, info); };
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb && (is_integer(t) || t.is_bool())) {
        return result(*ca == *cb);
    }
    if (auto fa = as_const_float(a), fb = as_const_float(b); fa && fb) {
        return result(*fa == *fb);
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        Expr inner = negate ? NE::make(ba->value, bb->value) : EQ::make(ba->value, bb->value);
        return Broadcast::make(s.resimplify(inner), lanes);
    }
    auto make = [&](const Expr &x, const Expr &y) {
        return negate ? NE::make(x, y) : EQ::make(x, y);
    };
    if (!is_integer(t) && !t.is_bool()) {
        return make(a, b);
    }
    if (deep_equal(a, b)) {
        return result(true);
    }
    if ((ia.max && ib.min && *ia.max < *ib.min) || (ia.min && ib.max && *ia.min > *ib.max)) {
        return result(false);
    }
    if (t.is_bool()) {
        // b == true -> b, b == false -> !b (and the != forms).
        if (cb) {
            bool keep = (*cb != 0) != negate;
            return keep ? a : s.simplify_not(a);
        }
        if (ca) {
            bool keep = (*ca != 0) != negate;
            return keep ? b : s.simplify_not(b);
        }
        return make(a, b);
    }
    LinearForm d;
    if (linearize(a, 1, t, d) && linearize(b, arith::wrap(t, -1), t, d)) {
        if (d.terms.empty()) {
            return result(d.constant == 0);
        }
        if (d.combined) {
            auto [lhs, rhs] = split_linear_comparison(d, t);
            ExprInfo il, ir;
            lhs = s.mutate(lhs, il);
            rhs = s.mutate(rhs, ir);
            if ((il.max && ir.min && *il.max < *ir.min) ||
                (il.min && ir.max && *il.min > *ir.max)) {
                return result(false);
            }
            return make(lhs, rhs);
        }
    }
    if (ca && !cb) {
        return make(b, a);
    }
    return make(a, b);
}

/// Returns op itself when `r` rebuilt the same comparison.
template <typename T>
Expr keep_if_same(const T *op, const Expr &r) {
    const T *n = r.as<T>();
    if (n && n->a.same_as(op->a) && n->b.same_as(op->b)) {
        return op;
    }
    return r;
}

} // namespace

Expr Simplifier::visit(const EQ *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return keep_if_same(op, simplify_eq(*this, a, b, ia, ib, false, info));
}

Expr Simplifier::visit(const NE *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return keep_if_same(op, simplify_eq(*this, a, b, ia, ib, true, info));
}

Expr Simplifier::visit(const LT *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return keep_if_same(op, simplify_lt(a, b, ia, ib, info));
}

Expr Simplifier::visit(const LE *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return keep_if_same(op, simplify_le(a, b, ia, ib, info));
}

Expr Simplifier::visit(const GT *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return simplify_lt(b, a, ib, ia, info);
}

Expr Simplifier::visit(const GE *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    return simplify_le(b, a, ib, ia, info);
}

// ---------------------------------------------------------------------------------
// Boolean operators

Expr Simplifier::simplify_not(const Expr &a) {
    int lanes = a.type().lanes;
    if (auto c = const_bool(a)) {
        return make_bool(!*c, lanes);
    }
    if (const auto *n = a.as<Not>()) {
        return n->a;
    }
    if (const auto *b = a.as<Broadcast>()) {
        return Broadcast::make(simplify_not(b->value), lanes);
    }
    if (const auto *eq = a.as<EQ>()) {
        return NE::make(eq->a, eq->b);
    }
    if (const auto *ne = a.as<NE>()) {
        return EQ::make(ne->a, ne->b);
    }
    if (const auto *lt = a.as<LT>(); lt && is_integer(lt->a.type())) {
        return resimplify(LE::make(lt->b, lt->a));
    }
    if (const auto *le = a.as<LE>(); le && is_integer(le->a.type())) {
        return LT::make(le->b, le->a);
    }
    return Not::make(a);
}

Expr Simplifier::visit(const Not *op, ExprInfo &info) {
    Expr a = mutate(op->a);
    info = bool_info();
    if (a.same_as(op->a) && !const_bool(a) && !a.as<Not>() && !a.as<Broadcast>() &&
        !a.as<EQ>() && !a.as<NE>() && !(a.as<LT>() && is_integer(a.as<LT>()->a.type())) &&
        !(a.as<LE>() && is_integer(a.as<LE>()->a.type()))) {
        return op;
    }
    return simplify_not(a);
}

namespace {

bool is_negation_of(const Expr &a, const Expr &b) {
    const auto *n = a.as<Not>();
    return n && deep_equal(n->a, b);
}

template <typename T>
bool has_operand(const Expr &e, const Expr &x) {
    const T *n = e.as<T>();
    return n && (deep_equal(n->a, x) || deep_equal(n->b, x));
}

/// x < c1 && x < c2 -> x < min(c1, c2) (and the || / max form); undefined otherwise.
template <bool is_and>
Expr merge_bounds(const Expr &a, const Expr &b) {
    const auto *la = a.as<LT>(), *lb = b.as<LT>();
    if (!la || !lb || !is_integer(la->a.type())) {
        return Expr();
    }
    Type t = la->a.type();
    auto ca = const_int(la->b), cb = const_int(lb->b);
    if (ca && cb && deep_equal(la->a, lb->a)) {
        int64_t c = is_and ? arith::min(t, *ca, *cb) : arith::max(t, *ca, *cb);
        return LT::make(la->a, make_int(t, c));
    }
    ca = const_int(la->a);
    cb = const_int(lb->a);
    if (ca && cb && deep_equal(la->b, lb->b)) {
        int64_t c = is_and ? arith::max(t, *ca, *cb) : arith::min(t, *ca, *cb);
        return LT::make(make_int(t, c), la->b);
    }
    return Expr();
}

} // namespace

Expr Simplifier::visit(const And *op, ExprInfo &info) {
    Expr a = mutate(op->a);
    Expr b = mutate(op->b);
    int lanes = op->type.lanes;
    info = bool_info();
    auto ca = const_bool(a), cb = const_bool(b);
    if ((ca && !*ca) || (cb && !*cb)) {
        return make_bool_result(false, lanes, info);
    }
    if (ca) {
        return b;
    }
    if (cb) {
        return a;
    }
    if (deep_equal(a, b)) {
        return a;
    }
    if (is_negation_of(a, b) || is_negation_of(b, a) || deep_equal(simplify_not(a), b)) {
        return make_bool_result(false, lanes, info);
    }
    if (has_operand<Or>(b, a)) {
        return a;
    }
    if (has_operand<Or>(a, b)) {
        return b;
    }
    if (Expr m = merge_bounds<true>(a, b); m.defined()) {
        return m;
    }
    if (const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>(); ba && bb) {
        return Broadcast::make(resimplify(And::make(ba->value, bb->value)), lanes);
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return And::make(a, b);
}

Expr Simplifier::visit(const Or *op, ExprInfo &info) {
    Expr a = mutate(op->a);
    Expr b = mutate(op->b);
    int lanes = op->type.lanes;
    info = bool_info();
    auto ca = const_bool(a), cb = const_bool(b);
    if ((ca && *ca) || (cb && *cb)) {
        return make_bool_result(true, lanes, info);
    }
    if (ca) {
        return b;
    }
    if (cb) {
        return a;
    }
    if (deep_equal(a, b)) {
        return a;
    }
    if (is_negation_of(a, b) || is_negation_of(b, a) || deep_equal(simplify_not(a), b)) {
        return make_bool_result(true, lanes, info);
    }
    if (has_operand<And>(b, a)) {
        return a;
    }
    if (has_operand<And>(a, b)) {
        return b;
    }
    if (Expr m = merge_bounds<false>(a, b); m.defined()) {
        return m;
    }
    if (const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>(); ba && bb) {
        return Broadcast::make(resimplify(Or::make(ba->value, bb->value)), lanes);
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Or::make(a, b);
}

// ---------------------------------------------------------------------------------
// Select

Expr Simplifier::visit(const Select *op, ExprInfo &info) {
    Expr c = mutate(op->condition);
    ExprInfo it, iff;
    Expr tv = mutate(op->true_value, it);
    Expr fv = mutate(op->false_value, iff);
    info = info_union(it, iff);
    if (auto v = const_bool(c)) {
        info = *v ? it : iff;
        return *v ? tv : fv;
    }
    if (deep_equal(tv, fv)) {
        info = it;
        return tv;
    }
    if (const auto *n = c.as<Not>()) {
        return resimplify(Select::make(n->a, fv, tv), info);
    }
    if (const auto *ne = c.as<NE>()) {
        return resimplify(Select::make(EQ::make(ne->a, ne->b), fv, tv), info);
    }
    if (const auto *s = tv.as<Select>(); s && deep_equal(s->condition, c)) {
        return resimplify(Select::make(c, s->true_value, fv), info);
    }
    if (const auto *s = fv.as<Select>(); s && deep_equal(s->condition, c)) {
        return resimplify(Select::make(c, tv, s->false_value), info);
    }
    Type t = tv.type();
    if (t.is_bool()) {
        auto ct = const_bool(tv), cf = const_bool(fv);
        if (ct && cf && *ct && !*cf) {
            return broadcast_to(c, t.lanes);
        }
        if (ct && cf && !*ct && *cf) {
            return broadcast_to(simplify_not(c), t.lanes);
        }
    }
    if (is_integer(t) && c.type().lanes == t.lanes) {
        Expr x, y;
        if (const auto *lt = c.as<LT>()) {
            x = lt->a;
            y = lt->b;
        } else if (const auto *le = c.as<LE>()) {
            x = le->a;
            y = le->b;
        }
        if (x.defined() && deep_equal(x, tv) && deep_equal(y, fv)) {
            return resimplify(Min::make(tv, fv), info);
        }
        if (x.defined() && deep_equal(x, fv) && deep_equal(y, tv)) {
            return resimplify(Max::make(tv, fv), info);
        }
    }
    if (c.same_as(op->condition) && tv.same_as(op->true_value) && fv.same_as(op->false_value)) {
        return op;
    }
    return Select::make(c, tv, fv);
}

// ---------------------------------------------------------------------------------
// Facts from conditions

std::vector<std::string> Simplifier::learn(const Expr &cond_in, bool truth) {
    std::vector<std::string> pushed;
    Expr cond = strip_likely(cond_in);
    if (const auto *n = cond.as<Not>()) {
        return learn(n->a, !truth);
    }
    const And *a = cond.as<And>();
    const Or *o = cond.as<Or>();
    if ((a && truth) || (o && !truth)) {
        pushed = learn(a ? a->a : o->a, truth);
        auto more = learn(a ? a->b : o->b, truth);
        pushed.insert(pushed.end(), more.begin(), more.end());
        return pushed;
    }
    // v < c, c < v, v <= c, c <= v, v == c with v a scalar integer variable.
    Expr lhs, rhs;
    bool strict = false, eq = false;
    if (const auto *lt = cond.as<LT>()) {
        lhs = lt->a, rhs = lt->b, strict = true;
    } else if (const auto *le = cond.as<LE>()) {
        lhs = le->a, rhs = le->b;
    } else if (const auto *e = cond.as<EQ>(); e && truth) {
        lhs = e->a, rhs = e->b, eq = true;
    } else {
        return pushed;
    }
    if (!lhs.type().is_scalar() || !is_integer(lhs.type())) {
        return pushed;
    }
    const Variable *v = lhs.as<Variable>();
    auto c = const_int(rhs);
    bool var_on_left = true;
    if (!v || !c) {
        v = rhs.as<Variable>();
        c = const_int(lhs);
        var_on_left = false;
    }
    if (!v || !c || (arith::is_uint64(lhs.type()) && *c < 0)) {
        return pushed;
    }
    ExprInfo current;
    mutate(Expr(v), current);
    std::optional<int64_t> lo, hi;
    if (eq) {
        lo = hi = *c;
    } else if (var_on_left) {
        // v < c (strict) or v <= c; false: v >= c or v > c.
        if (truth) {
            hi = strict ? *c - 1 : *c;
        } else {
            lo = strict ? *c : *c + 1;
        }
    } else {
        // c < v or c <= v; false: v <= c or v < c.
        if (truth) {
            lo = strict ? *c + 1 : *c;
        } else {
            hi = strict ? *c : *c - 1;
        }
    }
    if (lo && (!current.min || *lo > *current.min)) {
        current.min = lo;
    }
    if (hi && (!current.max || *hi < *current.max)) {
        current.max = hi;
    }
    var_info.push(v->name, current);
    pushed.push_back(v->name);
    return pushed;
}

void Simplifier::forget(const std::vector<std::string> &names) {
    for (const auto &n : names) {
        var_info.pop(n);
    }
}

} // namespace weft::internal::simplify_detail
