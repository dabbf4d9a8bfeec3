#include "DenseLaneShuffles.h"

#include "Debug.h"
#include "analysis/IntArith.h"
#include "analysis/Simplify.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "ir/Scope.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace weft::internal {

namespace {

constexpr int64_t max_divisor = 4;  // divisions and remainders by 2..4 are rewritten
constexpr int64_t max_versions = 4; // copies of a body, over all nested versionings

/// Lane i of a vector is base + offsets[i]: base a scalar Int(32) (undefined: 0),
/// offsets constants. For Bool vectors the offsets are 0 / 1 and there is no base.
struct LaneForm {
    Expr base;
    std::vector<int64_t> offsets;
    /// Scalar conditions under which the form holds (the clamps it skipped: empty when
    /// the form is exact).
    std::vector<Expr> conditions;
    /// Made from a division or remainder by a residue version.
    bool derived = false;

    int lanes() const { return int(offsets.size()); }
    bool constant() const { return !base.defined(); }
    /// The constant difference between adjacent lanes, if there is one.
    std::optional<int64_t> stride() const {
        const int64_t s = lanes() > 1 ? offsets[1] - offsets[0] : 0;
        for (int i = 1; i < lanes(); i++) {
            if (offsets[size_t(i)] - offsets[size_t(i) - 1] != s) {
                return std::nullopt;
            }
        }
        return s;
    }
    /// The value of every lane, if all are the same constant.
    std::optional<int64_t> uniform_constant() const {
        auto s = stride();
        if (!constant() || !s || *s != 0) {
            return std::nullopt;
        }
        return offsets[0];
    }
};

bool same_base(const LaneForm &a, const LaneForm &b) {
    if (a.constant() || b.constant()) {
        return a.constant() && b.constant();
    }
    return equal(a.base, b.base);
}

Expr add_scalar(const Expr &a, const Expr &b) {
    if (!a.defined()) {
        return b;
    }
    if (!b.defined()) {
        return a;
    }
    return Add::make(a, b);
}

/// base + k as a simplified scalar Int(32) expression.
Expr base_plus(const Expr &base, int64_t k) {
    Expr c = make_const(Int(32), k);
    return base.defined() ? simplify(Add::make(base, c)) : c;
}

/// A constant vector of type t (Int(32) or Bool lanes) holding `values`.
Expr constant_vector(Type t, const std::vector<int64_t> &values) {
    const int lanes = int(values.size());
    LaneForm f{Expr(), values, {}, false};
    if (auto s = f.stride()) {
        if (*s == 0) {
            return Broadcast::make(make_const(t.element_of(), values[0]), lanes);
        }
        if (!t.is_bool()) {
            return Ramp::make(make_const(t.element_of(), values[0]),
                              make_const(t.element_of(), *s), lanes);
        }
    }
    std::vector<Expr> lanes_of;
    for (int64_t v : values) {
        lanes_of.push_back(make_const(t.element_of(), v));
    }
    return Shuffle::make_concat(std::move(lanes_of));
}

/// The vector a form describes, as broadcast(base) + constants (a Ramp or Broadcast
/// when the offsets allow).
Expr materialize(const LaneForm &f, Type t) {
    if (f.constant()) {
        return constant_vector(t, f.offsets);
    }
    if (auto s = f.stride()) {
        Expr first = base_plus(f.base, f.offsets[0]);
        return *s == 0 ? Broadcast::make(first, f.lanes())
                       : Ramp::make(first, make_const(Int(32), *s), f.lanes());
    }
    return Add::make(Broadcast::make(simplify(f.base), f.lanes()), constant_vector(t, f.offsets));
}

/// A scalar as sum(coeff * term) + constant (terms combined when they are the same
/// Variable).
struct Linear {
    std::vector<std::pair<Expr, int64_t>> terms;
    int64_t constant = 0;

    void add_term(const Expr &e, int64_t coeff) {
        if (const Variable *v = e.as<Variable>()) {
            for (auto &[t, c] : terms) {
                const Variable *tv = t.as<Variable>();
                if (tv && tv->name == v->name) {
                    c += coeff;
                    return;
                }
            }
        }
        terms.emplace_back(e, coeff);
    }
};

void linearize(const Expr &e, int64_t scale, Linear &out) {
    if (auto c = as_const_int(e)) {
        out.constant += scale * *c;
    } else if (const Add *a = e.as<Add>()) {
        linearize(a->a, scale, out);
        linearize(a->b, scale, out);
    } else if (const Sub *s = e.as<Sub>()) {
        linearize(s->a, scale, out);
        linearize(s->b, -scale, out);
    } else if (const Mul *m = e.as<Mul>(); m && as_const_int(m->b)) {
        linearize(m->a, scale * *as_const_int(m->b), out);
    } else if (m && as_const_int(m->a)) {
        linearize(m->b, scale * *as_const_int(m->a), out);
    } else {
        out.add_term(e, scale);
    }
}

Expr scaled(const Expr &e, int64_t coeff) {
    return coeff == 1 ? e : Mul::make(e, make_const(Int(32), coeff));
}

bool is_gpu_loop(const For *op) {
    return op->device_api != DeviceAPI::Host || op->for_type == ForType::GPUBlock ||
           op->for_type == ForType::GPUThread;
}

/// Whether e divides or takes the remainder of a vector by a small constant (else the
/// pass has nothing to do in it and skips it).
bool has_lane_division(const Expr &e) {
    bool found = false;
    walk_exprs(e, [&](const Expr &x) {
        if (found) {
            return false;
        }
        const Div *d = x.as<Div>();
        const Mod *m = x.as<Mod>();
        if ((d || m) && x.type().is_vector()) {
            const Broadcast *b = (d ? d->b : m->b).as<Broadcast>();
            auto c = b ? as_const_int(b->value) : std::nullopt;
            found = c && *c >= 2 && *c <= max_divisor;
        }
        return !found;
    });
    return found;
}

/// Whether a body may be copied once per residue: it holds no allocation, pipeline
/// stage or parallel loop (versions multiply the innermost code, not whole stages).
bool is_versionable(const Stmt &body) {
    bool ok = true;
    walk_stmts(body, [&](const Stmt &s) {
        const For *f = s.as<For>();
        ok = ok && !s.as<Allocate>() && !s.as<ProducerConsumer>() &&
             !(f && f->for_type != ForType::Serial);
    });
    return ok;
}

bool predicated(const Expr &p) {
    return p.defined() && !is_const_true(p);
}

/// The rewriting walk. With `requests` set it only records which variables' residues
/// modulo which divisors would decide a division (and changes nothing that depends on
/// them); otherwise it versions the binders of the variables in `wanted`.
class LaneResidues : public IRMutator {
public:
    using Requests = std::map<std::string, std::set<int64_t>>;
    LaneResidues(Requests *requests, const Requests *wanted)
        : requests_(requests), wanted_(wanted) {}

    using IRMutator::mutate;
    Expr mutate(const Expr &e) override {
        Expr r = IRMutator::mutate(e);
        last_ = std::move(pending_);
        pending_.reset();
        return r;
    }

private:
    using IRMutator::visit;

    Requests *requests_;
    const Requests *wanted_;
    std::optional<LaneForm> last_, pending_;
    Scope<std::optional<LaneForm>> let_forms_;
    std::map<std::string, std::pair<int64_t, int64_t>> residues_; // var -> (C, r)
    int64_t versions_ = 1;
    bool per_iteration_ = false;       // inside a body versioned on every iteration
    bool assume_ = false;              // in the unclamped version of a Store
    bool clamp_seen_ = false;          // the current Store clamps a residue-derived index
    std::vector<Expr> assumed_;        // the conditions it needs
    std::vector<std::string> inner_lets_; // Lets enclosing the current expression

    Expr mutate_form(const Expr &e, std::optional<LaneForm> &f) {
        Expr r = mutate(e);
        f = std::move(last_);
        last_.reset();
        return r;
    }
    Expr with_form(Expr e, std::optional<LaneForm> f) {
        pending_ = std::move(f);
        return e;
    }
    static bool is_index_vector(Type t) { return t.is_vector() && t.element_of() == Int(32); }

    /// The form of a constant or broadcast scalar (folded into the offsets when constant).
    static LaneForm splat(const Expr &value, int lanes) {
        if (auto c = as_const_int(value)) {
            return {Expr(), std::vector<int64_t>(size_t(lanes), *c), {}, false};
        }
        return {value, std::vector<int64_t>(size_t(lanes), 0), {}, false};
    }

    Expr visit(const Ramp *op) override {
        Expr base = mutate(op->base), stride = mutate(op->stride);
        Expr e = base.same_as(op->base) && stride.same_as(op->stride)
                     ? Expr(op)
                     : Ramp::make(base, stride, op->lanes);
        auto s = as_const_int(stride);
        if (!s || !is_index_vector(op->type)) {
            return e;
        }
        LaneForm f = splat(base, op->lanes);
        for (int i = 0; i < op->lanes; i++) {
            f.offsets[size_t(i)] += *s * i;
        }
        return with_form(e, std::move(f));
    }

    Expr visit(const Broadcast *op) override {
        Expr value = mutate(op->value);
        Expr e = value.same_as(op->value) ? Expr(op) : Broadcast::make(value, op->lanes);
        if (!is_index_vector(op->type)) {
            return e;
        }
        return with_form(e, splat(value, op->lanes));
    }

    Expr visit(const Variable *op) override {
        if (op->type.is_vector()) {
            if (const auto *f = let_forms_.find(op->name); f && *f) {
                return with_form(op, **f);
            }
        }
        return op;
    }

    template <typename T>
    Expr rebuild(const T *op, const Expr &a, const Expr &b) {
        return a.same_as(op->a) && b.same_as(op->b) ? Expr(op) : T::make(a, b);
    }

    /// Lane-wise a + sign * b.
    static LaneForm combine(const LaneForm &a, const LaneForm &b, int64_t sign) {
        LaneForm f;
        if (!b.base.defined()) {
            f.base = a.base;
        } else if (sign > 0) {
            f.base = add_scalar(a.base, b.base);
        } else {
            f.base = Sub::make(a.base.defined() ? a.base : make_zero(Int(32)), b.base);
        }
        for (int i = 0; i < a.lanes(); i++) {
            f.offsets.push_back(a.offsets[size_t(i)] + sign * b.offsets[size_t(i)]);
        }
        f.conditions = a.conditions;
        f.conditions.insert(f.conditions.end(), b.conditions.begin(), b.conditions.end());
        f.derived = a.derived || b.derived;
        return f;
    }

    /// e with form f; an exact form made from a residue version replaces e by its
    /// broadcast + constants (one vector add instead of a tree of them).
    Expr with_derived_form(Expr e, LaneForm f, Type t) {
        if (f.derived && f.conditions.empty()) {
            e = materialize(f, t);
        }
        return with_form(std::move(e), std::move(f));
    }

    Expr visit(const Add *op) override {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        return fa && fb ? with_derived_form(e, combine(*fa, *fb, 1), op->type) : e;
    }

    Expr visit(const Sub *op) override {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        return fa && fb ? with_derived_form(e, combine(*fa, *fb, -1), op->type) : e;
    }

    /// In a Store's assumed version, min(a, b) or max(a, b) of a vector form and a
    /// broadcast (a clamp of an index) is the form, under the condition that the
    /// broadcast is not chosen in any lane.
    template <typename T>
    Expr visit_clamp(const T *op, bool is_min) {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        if (!fa || !fb) {
            return e;
        }
        const bool b_bound = fb->stride() == 0, a_bound = fa->stride() == 0;
        if (a_bound == b_bound || !(b_bound ? fa : fb)->derived) {
            return e;
        }
        // Noted in the exact walk too: a Store without such a clamp has an assumed
        // version equal to its exact one.
        clamp_seen_ = true;
        if (!assume_) {
            return e;
        }
        const LaneForm &v = b_bound ? *fa : *fb, &bound = b_bound ? *fb : *fa;
        const auto [lo, hi] = std::minmax_element(v.offsets.begin(), v.offsets.end());
        Expr extreme = base_plus(v.base, is_min ? *hi : *lo);
        Expr limit = base_plus(bound.base, bound.offsets[0]);
        LaneForm f = v;
        f.conditions.insert(f.conditions.end(), bound.conditions.begin(), bound.conditions.end());
        f.conditions.push_back(is_min ? LE::make(extreme, limit) : GE::make(extreme, limit));
        return with_form(e, std::move(f));
    }

    Expr visit(const Min *op) override { return visit_clamp(op, true); }
    Expr visit(const Max *op) override { return visit_clamp(op, false); }

    Expr visit(const Mul *op) override {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        if (!fa || !fb) {
            return e;
        }
        auto ka = fa->uniform_constant(), kb = fb->uniform_constant();
        if (!ka && !kb) {
            return e;
        }
        const LaneForm &f = kb ? *fa : *fb;
        const int64_t k = kb ? *kb : *ka;
        LaneForm g{f.base.defined() ? scaled(f.base, k) : Expr(), {}, f.conditions, f.derived};
        for (int64_t o : f.offsets) {
            g.offsets.push_back(o * k);
        }
        return with_derived_form(e, std::move(g), op->type);
    }

    /// The form of f / c (or f % c when `mod`), lane by lane, when the residue of f's
    /// base modulo c is known; else nullopt (recording the residue it needs).
    std::optional<LaneForm> divide(const LaneForm &f, int64_t c, bool mod) {
        Linear lin;
        if (f.base.defined()) {
            linearize(f.base, 1, lin);
        }
        Expr quotient; // the part of base / c that is exact
        const Variable *rest = nullptr;
        int64_t rest_coeff = 0;
        for (const auto &[term, coeff] : lin.terms) {
            if (coeff % c == 0) {
                if (!mod) {
                    quotient = add_scalar(quotient, scaled(term, coeff / c));
                }
                continue;
            }
            const Variable *v = term.as<Variable>();
            if (rest || !v || v->type != Int(32)) {
                return std::nullopt;
            }
            rest = v;
            rest_coeff = coeff;
        }
        int64_t shift = lin.constant;
        if (rest) {
            auto it = residues_.find(rest->name);
            if (it == residues_.end() || it->second.first % c != 0) {
                if (requests_) {
                    (*requests_)[rest->name].insert(c);
                }
                return std::nullopt;
            }
            // rest = c * (rest / c) + r.
            const int64_t r = arith::mod(Int(64), it->second.second, c);
            shift += rest_coeff * r;
            if (!mod) {
                quotient = add_scalar(
                    quotient, scaled(Div::make(Expr(rest), make_const(Int(32), c)), rest_coeff));
            }
        }
        LaneForm g{mod ? Expr() : quotient, {}, f.conditions, true};
        for (int64_t o : f.offsets) {
            g.offsets.push_back(mod ? arith::mod(Int(64), shift + o, c)
                                 : arith::div(Int(64), shift + o, c));
        }
        return g;
    }

    template <typename T>
    Expr visit_div_mod(const T *op, bool mod) {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        if (!fa || !fb) {
            return e;
        }
        auto c = fb->uniform_constant();
        if (!c || *c < 2 || *c > max_divisor) {
            return e;
        }
        std::optional<LaneForm> f = divide(*fa, *c, mod);
        if (!f) {
            return e;
        }
        return with_derived_form(e, std::move(*f), op->type);
    }

    Expr visit(const Div *op) override { return visit_div_mod(op, false); }
    Expr visit(const Mod *op) override { return visit_div_mod(op, true); }

    template <typename T, typename Pred>
    Expr visit_compare(const T *op, Pred pred) {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        if (!fa || !fb || !same_base(*fa, *fb) || !fa->conditions.empty() ||
            !fb->conditions.empty()) {
            return e;
        }
        LaneForm f;
        for (int i = 0; i < fa->lanes(); i++) {
            f.offsets.push_back(pred(fa->offsets[size_t(i)], fb->offsets[size_t(i)]) ? 1 : 0);
        }
        Expr m = materialize(f, op->type);
        return with_form(m, std::move(f));
    }

    Expr visit(const EQ *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x == y; });
    }
    Expr visit(const NE *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x != y; });
    }
    Expr visit(const LT *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x < y; });
    }
    Expr visit(const LE *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x <= y; });
    }
    Expr visit(const GT *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x > y; });
    }
    Expr visit(const GE *op) override {
        return visit_compare(op, [](int64_t x, int64_t y) { return x >= y; });
    }

    /// A Bool vector's constant lanes, from its form (masks have no base).
    static const LaneForm *mask_of(const std::optional<LaneForm> &f) {
        return f && f->constant() && f->conditions.empty() ? &*f : nullptr;
    }

    template <typename T, typename Op>
    Expr visit_logic(const T *op, Op fold) {
        std::optional<LaneForm> fa, fb;
        Expr a = mutate_form(op->a, fa), b = mutate_form(op->b, fb);
        Expr e = rebuild(op, a, b);
        const LaneForm *ma = mask_of(fa), *mb = mask_of(fb);
        if (!ma || !mb) {
            return e;
        }
        LaneForm f;
        for (int i = 0; i < ma->lanes(); i++) {
            f.offsets.push_back(fold(ma->offsets[size_t(i)], mb->offsets[size_t(i)]));
        }
        Expr m = materialize(f, op->type);
        return with_form(m, std::move(f));
    }

    Expr visit(const And *op) override {
        return visit_logic(op, [](int64_t x, int64_t y) { return x && y ? 1 : 0; });
    }
    Expr visit(const Or *op) override {
        return visit_logic(op, [](int64_t x, int64_t y) { return x || y ? 1 : 0; });
    }
    Expr visit(const Not *op) override {
        std::optional<LaneForm> fa;
        Expr a = mutate_form(op->a, fa);
        Expr e = a.same_as(op->a) ? Expr(op) : Not::make(a);
        const LaneForm *ma = mask_of(fa);
        if (!ma || !op->type.is_vector()) {
            return e;
        }
        LaneForm f;
        for (int64_t o : ma->offsets) {
            f.offsets.push_back(o ? 0 : 1);
        }
        Expr m = materialize(f, op->type);
        return with_form(m, std::move(f));
    }

    Expr visit(const Select *op) override {
        std::optional<LaneForm> fc, ft, ff;
        Expr c = mutate_form(op->condition, fc);
        Expr t = mutate_form(op->true_value, ft);
        Expr f = mutate_form(op->false_value, ff);
        const LaneForm *mask = mask_of(fc);
        if (!mask || !op->type.is_vector()) {
            return c.same_as(op->condition) && t.same_as(op->true_value) &&
                           f.same_as(op->false_value)
                       ? Expr(op)
                       : Select::make(c, t, f);
        }
        // Lanes from t where the mask is set, else from f.
        const int lanes = op->type.lanes;
        std::vector<int> pick;
        bool all_t = true, all_f = true;
        for (int i = 0; i < lanes; i++) {
            const bool from_t = mask->offsets[size_t(i)] != 0;
            pick.push_back(from_t ? i : lanes + i);
            all_t = all_t && from_t;
            all_f = all_f && !from_t;
        }
        std::optional<LaneForm> form;
        if (ft && ff && same_base(*ft, *ff) && ft->conditions.empty() && ff->conditions.empty()) {
            form = *ft;
            for (int i = 0; i < lanes; i++) {
                form->offsets[size_t(i)] =
                    pick[size_t(i)] == i ? ft->offsets[size_t(i)] : ff->offsets[size_t(i)];
            }
        }
        if (all_t || all_f) {
            return with_form(all_t ? t : f, all_t ? ft : ff);
        }
        return with_form(Shuffle::make({t, f}, std::move(pick)), std::move(form));
    }

    Expr visit(const Load *op) override {
        std::optional<LaneForm> fi;
        Expr index = mutate_form(op->index, fi);
        Expr pred = op->predicate.defined() ? mutate(op->predicate) : Expr();
        Expr e = index.same_as(op->index) && pred.same_as(op->predicate)
                     ? Expr(op)
                     : Load::make(op->type, op->name, index, pred, op->param);
        if (!fi || op->type.is_scalar() || predicated(pred)) {
            return e;
        }
        if (!fi->conditions.empty() && !assume(*fi)) {
            return e;
        }
        const int lanes = op->type.lanes;
        if (auto s = fi->stride()) {
            // Offsets in arithmetic progression: a Broadcast or Ramp index.
            if (index.as<Ramp>() || index.as<Broadcast>()) {
                return e;
            }
            return Load::make(op->type, op->name, materialize(*fi, index.type()), pred, op->param);
        }
        const auto [lo, hi] = std::minmax_element(fi->offsets.begin(), fi->offsets.end());
        const int64_t kmin = *lo, span = *hi - *lo + 1;
        if (span > 2 * int64_t(lanes)) {
            return e;
        }
        std::vector<bool> covered(size_t(span), false);
        for (int64_t o : fi->offsets) {
            covered[size_t(o - kmin)] = true;
        }
        if (std::find(covered.begin(), covered.end(), false) != covered.end()) {
            return e; // a dense load would read elements the gather does not
        }
        Expr dense = Load::make(op->type.with_lanes(int(span)), op->name,
                                Ramp::make(base_plus(fi->base, kmin), make_one(Int(32)), int(span)),
                                Expr(), op->param);
        std::vector<int> pick;
        for (int64_t o : fi->offsets) {
            pick.push_back(int(o - kmin));
        }
        debug(4) << "dense_lane_shuffles: " << op->name << " gathered as " << span
                 << " dense lanes\n";
        return Shuffle::make({dense}, std::move(pick));
    }

    Expr visit(const Let *op) override {
        std::optional<LaneForm> fv;
        Expr value = mutate_form(op->value, fv);
        if (fv && !fv->conditions.empty()) {
            fv.reset();
        }
        let_forms_.push(op->name, fv);
        inner_lets_.push_back(op->name);
        Expr body = mutate(op->body);
        inner_lets_.pop_back();
        let_forms_.pop(op->name);
        return value.same_as(op->value) && body.same_as(op->body) ? Expr(op)
                                                                  : Let::make(op->name, value, body);
    }

    /// The modulus to version `name` on (the lcm of its divisors), or 0 when it was not
    /// asked for, is known already, or would exceed max_divisor or max_versions.
    int64_t wanted_modulus(const std::string &name) const {
        auto it = wanted_ ? wanted_->find(name) : Requests::const_iterator();
        if (requests_ || !wanted_ || it == wanted_->end() || residues_.count(name)) {
            return 0;
        }
        int64_t modulus = 1;
        for (int64_t c : it->second) {
            modulus = std::lcm(modulus, c);
        }
        return modulus <= max_divisor && versions_ * modulus <= max_versions ? modulus : 0;
    }

    /// body, or C versions of it (one per residue of `name` modulo C) when `name` was
    /// asked for.
    Stmt version_body(const std::string &name, const Stmt &body) {
        const int64_t modulus = wanted_modulus(name);
        if (modulus == 0 || !is_versionable(body)) {
            return mutate(body);
        }
        // Versions on every iteration are for loops the residue changes in (a tail
        // shifted inwards: one iteration): no second, unclamped version of their stores.
        const bool was_per_iteration = per_iteration_;
        per_iteration_ = true;
        Stmt result = versions_of(name, modulus, Variable::make(Int(32), name), body,
                                  [&] { return mutate(body); });
        per_iteration_ = was_per_iteration;
        return result;
    }

    /// Takes a conditional form for a Load when its conditions name nothing bound
    /// inside the Store (they are tested before it).
    bool assume(const LaneForm &f) {
        if (!f.derived) {
            return false;
        }
        for (const Expr &c : f.conditions) {
            for (const std::string &name : inner_lets_) {
                if (expr_uses_var(c, name)) {
                    return false;
                }
            }
        }
        for (const Expr &c : f.conditions) {
            const bool known = std::any_of(assumed_.begin(), assumed_.end(),
                                           [&](const Expr &a) { return equal(a, c); });
            if (!known) {
                assumed_.push_back(c);
            }
        }
        return true;
    }

    /// A Store whose Loads have clamped indices that would be dense without the clamps
    /// becomes `if (no clamp is active) store without them else store`.
    Stmt visit(const Store *op) override {
        if (!has_lane_division(op->value) && !has_lane_division(op->index) &&
            !(op->predicate.defined() && has_lane_division(op->predicate))) {
            return op;
        }
        const bool outer_clamp_seen = clamp_seen_;
        clamp_seen_ = false;
        Stmt exact = IRMutator::visit(op);
        const bool clamped = clamp_seen_;
        clamp_seen_ = outer_clamp_seen;
        if (requests_ || per_iteration_ || !clamped) {
            return exact; // the assumed version would be the same
        }
        assume_ = true;
        assumed_.clear();
        Stmt unclamped = IRMutator::visit(op);
        assume_ = false;
        if (assumed_.empty()) {
            return exact;
        }
        Expr cond = assumed_[0];
        for (size_t i = 1; i < assumed_.size(); i++) {
            cond = And::make(cond, assumed_[i]);
        }
        assumed_.clear();
        cond = simplify(cond);
        if (is_const_true(cond)) {
            return unclamped;
        }
        if (is_const_false(cond)) {
            return exact;
        }
        debug(3) << "dense_lane_shuffles: store to " << op->name << " unclamped when " << cond
                 << "\n";
        return IfThenElse::make(cond, unclamped, exact);
    }

    Stmt visit(const LetStmt *op) override {
        std::optional<LaneForm> fv;
        Expr value = op->value.type().is_vector() || has_lane_division(op->value)
                         ? mutate_form(op->value, fv)
                         : op->value;
        if (fv && !fv->conditions.empty()) {
            fv.reset();
        }
        let_forms_.push(op->name, fv);
        Stmt body = op->value.type() == Int(32) ? version_body(op->name, op->body)
                                                : mutate(op->body);
        let_forms_.pop(op->name);
        return value.same_as(op->value) && body.same_as(op->body)
                   ? Stmt(op)
                   : LetStmt::make(op->name, value, body);
    }

    /// A serial loop whose body starts with `let V = e` for a V to version, where the
    /// terms of e not multiplied by the modulus C are loop-invariant (V = min + L * i):
    /// V mod C is the same on every iteration, so the whole loop is versioned,
    ///     if (R % C == 0) loop[r = 0] else ... loop[r = C-1]
    /// with R those terms, instead of its body on every iteration.
    std::optional<Stmt> version_loop(const For *op) {
        if (op->for_type != ForType::Serial) {
            return std::nullopt;
        }
        std::vector<std::string> inner{op->name};
        for (Stmt s = op->body; const LetStmt *l = s.as<LetStmt>(); s = l->body) {
            const int64_t modulus = l->value.type() == Int(32) ? wanted_modulus(l->name) : 0;
            if (modulus > 1) {
                Linear lin;
                linearize(l->value, 1, lin);
                Expr residue = make_const(Int(32), arith::mod(Int(64), lin.constant, modulus));
                bool invariant = true;
                for (const auto &[term, coeff] : lin.terms) {
                    if (coeff % modulus == 0) {
                        continue;
                    }
                    for (const std::string &name : inner) {
                        invariant = invariant && !expr_uses_var(term, name);
                    }
                    residue = Add::make(residue, scaled(term, coeff));
                }
                if (invariant) {
                    // A body that cannot be copied for this let cannot be for a later one.
                    if (!is_versionable(op->body)) {
                        return std::nullopt;
                    }
                    return versions_of(l->name, modulus, simplify(residue), Stmt(op),
                                       [&] { return mutate_loop(op); });
                }
            }
            inner.push_back(l->name);
        }
        return std::nullopt;
    }

    /// make(), once per residue r of `name` modulo `modulus` (known to make's walk), as
    /// `if (residue % modulus == r) ...` branches (residue: an expression equal to `name`
    /// modulo `modulus`), or only the version for a constant residue; `original` when no
    /// version changed it.
    template <typename Make>
    Stmt versions_of(const std::string &name, int64_t modulus, const Expr &residue,
                     const Stmt &original, Make make) {
        const std::optional<int64_t> c = as_const_int(residue);
        const int64_t first = c ? arith::mod(Int(64), *c, modulus) : 0;
        const int64_t last = c ? first : modulus - 1;
        // Charged as `modulus` versions even when one is built, so a versioning nested
        // inside meets the same limit whether this residue is constant or not.
        versions_ *= modulus;
        std::vector<Stmt> bodies;
        bool changed = false;
        for (int64_t r = first; r <= last; r++) {
            residues_[name] = {modulus, r};
            bodies.push_back(make());
            changed = changed || !bodies.back().same_as(original);
        }
        residues_.erase(name);
        versions_ /= modulus;
        if (!changed) {
            return original;
        }
        if (c) {
            debug(3) << "dense_lane_shuffles: " << name << " % " << modulus << " == " << first
                     << "\n";
            return bodies[0];
        }
        debug(3) << "dense_lane_shuffles: " << modulus << " versions on " << name << "\n";
        Expr rem = Mod::make(residue, make_const(Int(32), modulus));
        Stmt result = bodies.back();
        for (int64_t r = modulus - 2; r >= 0; r--) {
            result = IfThenElse::make(EQ::make(rem, make_const(Int(32), r)), bodies[size_t(r)],
                                      result);
        }
        return result;
    }

    Stmt mutate_loop(const For *op) {
        Stmt body = version_body(op->name, op->body);
        return body.same_as(op->body) ? Stmt(op)
                                      : For::make(op->name, op->min, op->extent, op->for_type,
                                                  op->device_api, body);
    }

    Stmt visit(const For *op) override {
        if (is_gpu_loop(op)) {
            return op;
        }
        if (std::optional<Stmt> versioned = version_loop(op)) {
            return *versioned;
        }
        return mutate_loop(op);
    }

    // Scalar statement parts (conditions, asserts) hold no vector index to rewrite.
    Stmt visit(const IfThenElse *op) override {
        Stmt then_case = mutate(op->then_case);
        Stmt else_case = op->else_case.defined() ? mutate(op->else_case) : Stmt();
        return then_case.same_as(op->then_case) && else_case.same_as(op->else_case)
                   ? Stmt(op)
                   : IfThenElse::make(op->condition, then_case, else_case);
    }
    Stmt visit(const AssertStmt *op) override { return op; }
};

} // namespace

Stmt dense_lane_shuffles(const Stmt &s) {
    static const bool disabled = [] {
        const char *v = std::getenv("WEFT_NO_DENSE_LANE_SHUFFLES");
        return v && std::atoi(v) != 0;
    }();
    if (disabled) {
        return s;
    }
    LaneResidues::Requests requests;
    LaneResidues(&requests, nullptr).mutate(s);
    if (requests.empty()) {
        return s;
    }
    return LaneResidues(nullptr, &requests).mutate(s);
}

} // namespace weft::internal
