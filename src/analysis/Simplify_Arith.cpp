// Simplifier: Add, Sub, Mul, Div, Mod, their constant bounds, and the linear forms
// used to collect terms. See Simplify_Internal.h.
//
// Linear forms live in the ring of integers modulo 2^bits, so collecting terms is
// exact for every integer width (wrapping included). Rules that need the absence of
// overflow (division and remainder of sums) apply to Int(32)/Int(64) only.

#include "Simplify_Internal.h"

#include <cmath>

namespace weft::internal::simplify_detail {

namespace {

constexpr size_t max_linear_terms = 16;

bool is_integer(Type t) { return (t.is_int() || t.is_uint()) && !t.is_bool(); }

/// The coefficient read as a signed value of t's width (so uint8 255 reads as -1).
int64_t signed_coeff(Type t, int64_t c) {
    if (!t.is_uint() || t.bits >= 64) {
        return c;
    }
    int shift = 64 - t.bits;
    return static_cast<int64_t>(static_cast<uint64_t>(c) << shift) >> shift;
}

Expr term_times(const Expr &e, Type t, int64_t magnitude) {
    if (magnitude == 1) {
        return e;
    }
    return Mul::make(e, make_int(t, magnitude));
}

/// A float constant of a type whose arithmetic double emulates exactly (32/64 bits).
std::optional<double> const_float(const Expr &e) {
    Type t = e.type();
    if (!t.is_float() || t.is_bfloat() || t.bits < 32) {
        return std::nullopt;
    }
    return as_const_float(e);
}

Expr make_float(Type t, double v) { return make_const(t, v); }

/// A positive constant divisor of integer type t (uint64 values past INT64_MAX: none).
std::optional<int64_t> positive_const(const Expr &e) {
    auto c = const_int(e);
    if (c && *c > 0) {
        return c;
    }
    return std::nullopt;
}

bool is_float_const(const Expr &e, double v) {
    auto f = const_float(e);
    return f && *f == v && !std::signbit(*f);
}

bool is_neg_zero(const Expr &e) {
    auto f = const_float(e);
    return f && *f == 0.0 && std::signbit(*f);
}

} // namespace

// ---------------------------------------------------------------------------------
// Constant bounds

ExprInfo info_add(Type t, const ExprInfo &a, const ExprInfo &b) {
    std::optional<int64_t> mn, mx;
    if (a.min && b.min) {
        mn = arith::checked_add(*a.min, *b.min);
    }
    if (a.max && b.max) {
        mx = arith::checked_add(*a.max, *b.max);
    }
    return finalize_info(t, mn, mx);
}

ExprInfo info_sub(Type t, const ExprInfo &a, const ExprInfo &b) {
    std::optional<int64_t> mn, mx;
    if (a.min && b.max) {
        mn = arith::checked_sub(*a.min, *b.max);
    }
    if (a.max && b.min) {
        mx = arith::checked_sub(*a.max, *b.min);
    }
    return finalize_info(t, mn, mx);
}

ExprInfo info_mul(Type t, const ExprInfo &a, const ExprInfo &b) {
    std::optional<int64_t> mn, mx;
    if (a.min && a.max && b.min && b.max) {
        auto p0 = arith::checked_mul(*a.min, *b.min);
        auto p1 = arith::checked_mul(*a.min, *b.max);
        auto p2 = arith::checked_mul(*a.max, *b.min);
        auto p3 = arith::checked_mul(*a.max, *b.max);
        if (p0 && p1 && p2 && p3) {
            mn = std::min(std::min(*p0, *p1), std::min(*p2, *p3));
            mx = std::max(std::max(*p0, *p1), std::max(*p2, *p3));
        }
        return finalize_info(t, mn, mx);
    }
    const ExprInfo *x = &a, *c = &b;
    if (!b.is_const()) {
        std::swap(x, c);
    }
    if (c->is_const()) {
        int64_t k = *c->min;
        auto lo = x->min ? arith::checked_mul(*x->min, k) : std::nullopt;
        auto hi = x->max ? arith::checked_mul(*x->max, k) : std::nullopt;
        if (k >= 0) {
            mn = lo;
            mx = hi;
        } else {
            mn = hi;
            mx = lo;
        }
    }
    return finalize_info(t, mn, mx);
}

ExprInfo info_div(Type t, const ExprInfo &a, const ExprInfo &b) {
    Type i64 = Int(64);
    if (b.is_const()) {
        int64_t c = *b.min;
        if (c == 0) {
            return info_const(0);
        }
        std::optional<int64_t> mn, mx;
        if (c > 0) {
            if (a.min) {
                mn = arith::div(i64, *a.min, c);
            }
            if (a.max) {
                mx = arith::div(i64, *a.max, c);
            }
        } else if (c != -1) {
            if (a.max) {
                mn = arith::div(i64, *a.max, c);
            }
            if (a.min) {
                mx = arith::div(i64, *a.min, c);
            }
        } else {
            return info_sub(t, info_const(0), a);
        }
        return finalize_info(t, mn, mx);
    }
    if (b.min && b.max && *b.min > 0 && a.min && a.max) {
        int64_t mn = std::min(arith::div(i64, *a.min, *b.min), arith::div(i64, *a.min, *b.max));
        int64_t mx = std::max(arith::div(i64, *a.max, *b.min), arith::div(i64, *a.max, *b.max));
        return finalize_info(t, mn, mx);
    }
    if (a.min && a.max) {
        auto neg = arith::checked_sub(0, *a.min);
        if (neg) {
            int64_t m = std::max(std::max(*neg, *a.max), int64_t(0));
            if (t.is_uint()) {
                return finalize_info(t, 0, *a.max);
            }
            return finalize_info(t, -m, m);
        }
    }
    return type_info(t);
}

ExprInfo info_mod(Type t, const ExprInfo &a, const ExprInfo &b) {
    std::optional<int64_t> mx;
    if (b.min && b.max) {
        auto nb = arith::checked_sub(0, *b.min);
        if (nb) {
            int64_t m = std::max(*nb, *b.max);
            mx = std::max<int64_t>(m - 1, 0);
            if (b.is_const() && a.min && a.max && *a.min >= 0 && *a.max < m) {
                return a;
            }
        }
    }
    if (!mx) {
        ExprInfo r = type_info(t);
        mx = r.max;
    }
    if (a.min && *a.min >= 0 && a.max && mx) {
        mx = std::min(*mx, *a.max);
    }
    return finalize_info(t, int64_t(0), mx);
}

// ---------------------------------------------------------------------------------
// Linear forms

namespace {

/// Records whether a + b (or a * b) is exact in type t.
void note_exact(Type t, LinearForm &form, std::optional<int64_t> r) {
    if (!r || !arith::fits(t, *r)) {
        form.exact = false;
    }
}

bool add_term(const Expr &e, int64_t coeff, Type t, LinearForm &form) {
    for (size_t i = 0; i < form.terms.size(); i++) {
        if (deep_equal(form.terms[i].e, e)) {
            form.combined = true;
            note_exact(t, form, arith::checked_add(form.terms[i].coeff, coeff));
            form.terms[i].coeff = arith::add(t, form.terms[i].coeff, coeff);
            if (form.terms[i].coeff == 0) {
                form.terms.erase(form.terms.begin() + static_cast<long>(i));
            }
            return true;
        }
    }
    if (form.terms.size() >= max_linear_terms) {
        return false;
    }
    form.terms.push_back({e, coeff});
    return true;
}

} // namespace

bool linearize(const Expr &e, int64_t scale, Type t, LinearForm &form) {
    if (auto c = const_int(e)) {
        auto product = arith::checked_mul(scale, *c);
        note_exact(t, form, product);
        note_exact(t, form, product ? arith::checked_add(form.constant, *product) : product);
        form.constant = arith::add(t, form.constant, arith::mul(t, scale, *c));
        if (++form.constants_seen > 1 || *c == 0) {
            form.combined = true;
        }
        return true;
    }
    if (const auto *add = e.as<Add>()) {
        return linearize(add->a, scale, t, form) && linearize(add->b, scale, t, form);
    }
    if (const auto *sub = e.as<Sub>()) {
        note_exact(t, form, arith::checked_sub(0, scale));
        return linearize(sub->a, scale, t, form) &&
               linearize(sub->b, arith::sub(t, 0, scale), t, form);
    }
    if (const auto *mul = e.as<Mul>()) {
        if (auto c = const_int(mul->b)) {
            note_exact(t, form, arith::checked_mul(scale, *c));
            return add_term(mul->a, arith::mul(t, scale, *c), t, form);
        }
    }
    return add_term(e, scale, t, form);
}

Expr build_linear(const LinearForm &form, Type t) {
    Expr pos, neg;
    for (const auto &term : form.terms) {
        int64_t c = signed_coeff(t, term.coeff);
        if (c > 0) {
            Expr piece = term_times(term.e, t, term.coeff);
            pos = pos.defined() ? Add::make(pos, piece) : piece;
        }
    }
    for (const auto &term : form.terms) {
        int64_t c = signed_coeff(t, term.coeff);
        if (c < 0) {
            Expr piece = term_times(term.e, t, arith::sub(t, 0, term.coeff));
            if (pos.defined()) {
                pos = Sub::make(pos, piece);
            } else {
                neg = neg.defined() ? Add::make(neg, piece) : piece;
            }
        }
    }
    if (!pos.defined() && !neg.defined()) {
        return make_int(t, form.constant);
    }
    if (!pos.defined()) {
        return Sub::make(make_int(t, form.constant), neg);
    }
    if (form.constant == 0) {
        return pos;
    }
    int64_t k = signed_coeff(t, form.constant);
    if (t.is_uint() && k < 0) {
        return Sub::make(pos, make_int(t, arith::sub(t, 0, form.constant)));
    }
    return Add::make(pos, make_int(t, form.constant));
}

std::pair<Expr, Expr> split_linear_comparison(const LinearForm &d, Type t) {
    LinearForm pos, neg;
    for (const auto &term : d.terms) {
        if (signed_coeff(t, term.coeff) > 0) {
            pos.terms.push_back(term);
        } else {
            neg.terms.push_back({term.e, arith::sub(t, 0, term.coeff)});
        }
    }
    if (pos.terms.empty()) {
        return {make_int(t, d.constant), build_linear(neg, t)};
    }
    neg.constant = arith::sub(t, 0, d.constant);
    return {build_linear(pos, t), build_linear(neg, t)};
}

// ---------------------------------------------------------------------------------
// Add, Sub, Mul

Expr Simplifier::visit(const Add *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    Type t = op->type;
    info = info_add(t, ia, ib);
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return visit_const(make_int(t, arith::add(t, *ca, *cb)), info);
    }
    if (auto fa = const_float(a), fb = const_float(b); fa && fb) {
        return make_float(t, *fa + *fb);
    }
    const auto *ra = a.as<Ramp>(), *rb = b.as<Ramp>();
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ra && rb) {
        return resimplify(Ramp::make(Add::make(ra->base, rb->base),
                                     Add::make(ra->stride, rb->stride), ra->lanes));
    }
    if (ra && bb) {
        return resimplify(Ramp::make(Add::make(ra->base, bb->value), ra->stride, ra->lanes));
    }
    if (ba && rb) {
        return resimplify(Ramp::make(Add::make(ba->value, rb->base), rb->stride, rb->lanes));
    }
    if (ba && bb) {
        return Broadcast::make(resimplify(Add::make(ba->value, bb->value)), ba->lanes);
    }
    if (t.is_float()) {
        if (is_neg_zero(b)) {
            return a;
        }
        if (is_neg_zero(a)) {
            return b;
        }
    } else if (is_integer(t)) {
        if (cb && *cb == 0) {
            return a;
        }
        if (ca && *ca == 0) {
            return b;
        }
        LinearForm form;
        if (linearize(a, 1, t, form) && linearize(b, 1, t, form) && form.combined) {
            return build_linear(form, t);
        }
        if (ca) {
            return Add::make(b, a);
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Add::make(a, b);
}

Expr Simplifier::visit(const Sub *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    Type t = op->type;
    info = info_sub(t, ia, ib);
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return visit_const(make_int(t, arith::sub(t, *ca, *cb)), info);
    }
    if (auto fa = const_float(a), fb = const_float(b); fa && fb) {
        return make_float(t, *fa - *fb);
    }
    const auto *ra = a.as<Ramp>(), *rb = b.as<Ramp>();
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ra && rb) {
        return resimplify(Ramp::make(Sub::make(ra->base, rb->base),
                                     Sub::make(ra->stride, rb->stride), ra->lanes));
    }
    if (ra && bb) {
        return resimplify(Ramp::make(Sub::make(ra->base, bb->value), ra->stride, ra->lanes));
    }
    if (ba && rb) {
        Type st = rb->stride.type();
        return resimplify(Ramp::make(Sub::make(ba->value, rb->base),
                                     Sub::make(make_zero(st), rb->stride), rb->lanes));
    }
    if (ba && bb) {
        return Broadcast::make(resimplify(Sub::make(ba->value, bb->value)), ba->lanes);
    }
    if (t.is_float()) {
        if (is_float_const(b, 0.0)) {
            return a;
        }
    } else if (is_integer(t)) {
        if (cb && *cb == 0) {
            return a;
        }
        if (deep_equal(a, b)) {
            info = info_const(0);
            return make_zero(t);
        }
        LinearForm form;
        if (linearize(a, 1, t, form) && linearize(b, arith::wrap(t, -1), t, form) &&
            form.combined) {
            return build_linear(form, t);
        }
        if (cb && t.is_int()) {
            return Add::make(a, make_int(t, arith::sub(t, 0, *cb)));
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Sub::make(a, b);
}

Expr Simplifier::visit(const Mul *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    Type t = op->type;
    info = info_mul(t, ia, ib);
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return visit_const(make_int(t, arith::mul(t, *ca, *cb)), info);
    }
    if (auto fa = const_float(a), fb = const_float(b); fa && fb) {
        return make_float(t, *fa * *fb);
    }
    const auto *ra = a.as<Ramp>(), *rb = b.as<Ramp>();
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ra && bb) {
        return resimplify(Ramp::make(Mul::make(ra->base, bb->value),
                                     Mul::make(ra->stride, bb->value), ra->lanes));
    }
    if (ba && rb) {
        return resimplify(Ramp::make(Mul::make(rb->base, ba->value),
                                     Mul::make(rb->stride, ba->value), rb->lanes));
    }
    if (ba && bb) {
        return Broadcast::make(resimplify(Mul::make(ba->value, bb->value)), ba->lanes);
    }
    if (t.is_float()) {
        if (is_float_const(b, 1.0)) {
            return a;
        }
        if (is_float_const(a, 1.0)) {
            return b;
        }
    } else if (is_integer(t)) {
        if (ca && !cb) {
            std::swap(a, b);
            std::swap(ca, cb);
        }
        if (cb) {
            if (*cb == 0) {
                info = info_const(0);
                return make_zero(t);
            }
            if (*cb == 1) {
                return a;
            }
            if (const auto *m = a.as<Mul>()) {
                if (auto c1 = const_int(m->b)) {
                    return resimplify(Mul::make(m->a, make_int(t, arith::mul(t, *c1, *cb))));
                }
            }
            if (const auto *s = a.as<Add>()) {
                auto c1 = const_int(s->b);
                auto exact = c1 ? arith::checked_mul(*c1, *cb) : std::nullopt;
                if (c1 && (!arith::no_overflow(t) || (exact && arith::fits(t, *exact)))) {
                    return resimplify(Add::make(Mul::make(s->a, b),
                                                make_int(t, arith::mul(t, *c1, *cb))));
                }
            }
        } else {
            if (const auto *m = a.as<Mul>(); m && const_int(m->b)) {
                return resimplify(Mul::make(Mul::make(m->a, b), m->b));
            }
            if (const auto *m = b.as<Mul>(); m && const_int(m->b)) {
                return resimplify(Mul::make(Mul::make(a, m->a), m->b));
            }
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Mul::make(a, b);
}

// ---------------------------------------------------------------------------------
// Div, Mod

Expr Simplifier::visit(const Div *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    Type t = op->type;
    info = is_integer(t) ? info_div(t, ia, ib) : ExprInfo();
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return visit_const(make_int(t, arith::div(t, *ca, *cb)), info);
    }
    if (auto fa = const_float(a), fb = const_float(b); fa && fb) {
        return make_float(t, *fa / *fb);
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        return Broadcast::make(resimplify(Div::make(ba->value, bb->value)), ba->lanes);
    }
    if (t.is_float()) {
        if (is_float_const(b, 1.0)) {
            return a;
        }
    } else if (is_integer(t)) {
        if (info.is_const()) {
            return make_int(t, *info.min);
        }
        if (cb && *cb == 1) {
            return a;
        }
        if ((cb && *cb == 0) || (ca && *ca == 0)) {
            info = info_const(0);
            return make_zero(t);
        }
        auto c = positive_const(b);
        if (c && arith::no_overflow(t)) {
            // ramp(b, s, L) / c == ramp(b / c, s / c, L) when c divides s: each lane adds
            // a multiple of c, which passes through the rounding exactly.
            if (const auto *r = a.as<Ramp>()) {
                auto s = const_int(r->stride);
                if (s && *s % *c == 0) {
                    const Type et = t.element_of();
                    return resimplify(Ramp::make(Div::make(r->base, make_int(et, *c)),
                                                 make_int(et, *s / *c), r->lanes));
                }
            }
            if (const auto *m = a.as<Mul>()) {
                auto k = positive_const(m->b);
                if (k && *k % *c == 0) {
                    return resimplify(Mul::make(m->a, make_int(t, *k / *c)));
                }
                if (k && *c % *k == 0) {
                    return resimplify(Div::make(m->a, make_int(t, *c / *k)));
                }
            }
            LinearForm form;
            if ((a.as<Add>() || a.as<Sub>()) && linearize(a, 1, t, form) && form.exact) {
                LinearForm kept, pulled;
                for (const auto &term : form.terms) {
                    if (term.coeff % *c == 0) {
                        pulled.terms.push_back({term.e, term.coeff / *c});
                    } else {
                        kept.terms.push_back(term);
                    }
                }
                if (form.constant % *c == 0) {
                    pulled.constant = form.constant / *c;
                } else {
                    kept.constant = form.constant;
                }
                if (!pulled.terms.empty() || pulled.constant != 0) {
                    Expr inner = build_linear(kept, t);
                    return resimplify(Add::make(Div::make(inner, b), build_linear(pulled, t)));
                }
            }
        }
        if (c) {
            if (const auto *d = a.as<Div>()) {
                auto k = positive_const(d->b);
                auto prod = k ? arith::checked_mul(*k, *c) : std::nullopt;
                if (prod && arith::fits(t, *prod)) {
                    return resimplify(Div::make(d->a, make_int(t, *prod)));
                }
            }
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Div::make(a, b);
}

Expr Simplifier::visit(const Mod *op, ExprInfo &info) {
    ExprInfo ia, ib;
    Expr a = mutate(op->a, ia);
    Expr b = mutate(op->b, ib);
    Type t = op->type;
    info = is_integer(t) ? info_mod(t, ia, ib) : ExprInfo();
    auto ca = const_int(a), cb = const_int(b);
    if (ca && cb) {
        return visit_const(make_int(t, arith::mod(t, *ca, *cb)), info);
    }
    if (auto fa = const_float(a), fb = const_float(b); fa && fb) {
        return make_float(t, *fa - *fb * std::floor(*fa / *fb));
    }
    const auto *ba = a.as<Broadcast>(), *bb = b.as<Broadcast>();
    if (ba && bb) {
        return Broadcast::make(resimplify(Mod::make(ba->value, bb->value)), ba->lanes);
    }
    if (is_integer(t)) {
        if (info.is_const()) {
            return make_int(t, *info.min);
        }
        if (cb && (*cb == 0 || *cb == 1 || (t.is_int() && *cb == -1))) {
            info = info_const(0);
            return make_zero(t);
        }
        auto c = positive_const(b);
        if (c && ia.min && ia.max && *ia.min >= 0 && *ia.max < *c) {
            return a;
        }
        if (c && arith::no_overflow(t)) {
            // ramp(b, s, L) % c == broadcast(b % c) when c divides s.
            if (const auto *r = a.as<Ramp>()) {
                auto s = const_int(r->stride);
                if (s && *s % *c == 0) {
                    return resimplify(Broadcast::make(
                        Mod::make(r->base, make_int(t.element_of(), *c)), r->lanes));
                }
            }
            if (const auto *m = a.as<Mul>()) {
                auto k = positive_const(m->b);
                if (k && *k % *c == 0) {
                    info = info_const(0);
                    return make_zero(t);
                }
            }
            LinearForm form;
            if ((a.as<Add>() || a.as<Sub>()) && linearize(a, 1, t, form) && form.exact) {
                LinearForm kept;
                bool dropped = false;
                for (const auto &term : form.terms) {
                    if (term.coeff % *c == 0) {
                        dropped = true;
                    } else {
                        kept.terms.push_back(term);
                    }
                }
                // The representative of the constant modulo c closest to zero, so
                // the rewritten sum is no more prone to overflow than the original.
                int64_t r = arith::mod(t, form.constant, *c);
                int64_t alt = r - *c;
                int64_t best = (alt < 0 && -alt < r) ? alt : r;
                bool smaller = best == 0 || (best > 0 ? best : -best) <
                                                (form.constant > 0 ? form.constant
                                                                   : -form.constant);
                kept.constant = smaller ? best : form.constant;
                dropped = dropped || kept.constant != form.constant;
                if (dropped) {
                    return resimplify(Mod::make(build_linear(kept, t), b));
                }
            }
        }
        if (c) {
            if (const auto *m = a.as<Mod>()) {
                auto k = positive_const(m->b);
                if (k && *k % *c == 0) {
                    return resimplify(Mod::make(m->a, b));
                }
            }
        }
    }
    if (a.same_as(op->a) && b.same_as(op->b)) {
        return op;
    }
    return Mod::make(a, b);
}

} // namespace weft::internal::simplify_detail
