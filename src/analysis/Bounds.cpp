#include "Bounds_Internal.h"

#include "IntArith.h"
#include "Simplify.h"
#include "Substitute.h"
#include "ir/ExprEqual.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace weft::internal {

namespace bounds_detail {

bool is_integer(Type t) {
    return (t.is_int() || t.is_uint()) && !t.is_bool();
}

/// Canonical constant of an integer end, as a mathematical value (uint64 past
/// INT64_MAX: not a usable constant).
std::optional<int64_t> const_end(const Expr &e) {
    if (!e.defined()) {
        return std::nullopt;
    }
    if (const auto *i = e.as<IntImm>()) {
        return i->value;
    }
    if (const auto *u = e.as<UIntImm>(); u && u->value <= uint64_t(INT64_MAX)) {
        return static_cast<int64_t>(u->value);
    }
    return std::nullopt;
}

Expr int_end(Type t, int64_t v) {
    if (t.is_uint()) {
        return make_const(t, static_cast<uint64_t>(v));
    }
    return make_const(t, v);
}

/// One end of an interval computed from two ends. Exact for constants (overflow:
/// undefined and `overflow` set); simplified symbolic expression otherwise.
Expr end_op(EndOp op, const Expr &a, const Expr &b, bool &overflow) {
    if (!a.defined() || !b.defined()) {
        return Expr();
    }
    Type t = a.type();
    auto ca = const_end(a), cb = const_end(b);
    if (is_integer(t) && ca && cb) {
        std::optional<int64_t> r;
        switch (op) {
        case EndOp::Add:
            r = arith::checked_add(*ca, *cb);
            break;
        case EndOp::Sub:
            r = arith::checked_sub(*ca, *cb);
            break;
        case EndOp::Mul:
            r = arith::checked_mul(*ca, *cb);
            break;
        case EndOp::Div:
            if (!(*ca == INT64_MIN && *cb == -1)) {
                r = arith::div(Int(64), *ca, *cb);
            }
            break;
        case EndOp::Min:
            r = std::min(*ca, *cb);
            break;
        case EndOp::Max:
            r = std::max(*ca, *cb);
            break;
        }
        if (!r || !arith::fits(t, *r)) {
            overflow = true;
            return Expr();
        }
        return int_end(t, *r);
    }
    if (is_integer(t) && ((!const_end(a) && is_const(a)) || (!const_end(b) && is_const(b)))) {
        overflow = true; // uint64 constants past INT64_MAX
        return Expr();
    }
    Expr e;
    switch (op) {
    case EndOp::Add:
        e = Add::make(a, b);
        break;
    case EndOp::Sub:
        e = Sub::make(a, b);
        break;
    case EndOp::Mul:
        e = Mul::make(a, b);
        break;
    case EndOp::Div:
        e = Div::make(a, b);
        break;
    case EndOp::Min:
        e = Min::make(a, b);
        break;
    case EndOp::Max:
        e = Max::make(a, b);
        break;
    }
    return simplify(e);
}

Expr min_end(const Expr &a, const Expr &b) {
    bool ignored = false;
    return deep_equal(a, b) ? a : end_op(EndOp::Min, a, b, ignored);
}

Expr max_end(const Expr &a, const Expr &b) {
    bool ignored = false;
    return deep_equal(a, b) ? a : end_op(EndOp::Max, a, b, ignored);
}

Expr strip_likely(const Expr &e) {
    const auto *c = e.as<Call>();
    if (c && c->is_intrinsic(Call::likely) && c->args.size() == 1) {
        return c->args[0];
    }
    return e;
}

/// Adds the constraint `x < y` (strict) or `x <= y` on whichever side is a scalar
/// integer Variable.
void add_comparison(const Expr &x, const Expr &y, bool strict, std::vector<VarConstraint> &out) {
    if (!x.type().is_int() || x.type().is_vector()) {
        return;
    }
    Expr one = make_one(x.type());
    if (const auto *v = x.as<Variable>()) { // v < y: v <= y - 1
        out.push_back({v->name, Interval(Expr(), strict ? simplify(Sub::make(y, one)) : y)});
    }
    if (const auto *v = y.as<Variable>()) { // x < v: v >= x + 1
        out.push_back({v->name, Interval(strict ? simplify(Add::make(x, one)) : x, Expr())});
    }
}

/// The constraints on single variables that hold wherever `cond` is true: the
/// comparisons of a variable with an expression among the conjuncts of `cond`.
void collect_constraints(const Expr &cond, std::vector<VarConstraint> &out) {
    Expr c = strip_likely(cond);
    if (const auto *n = c.as<And>()) {
        collect_constraints(n->a, out);
        collect_constraints(n->b, out);
    } else if (const auto *n = c.as<LT>()) {
        add_comparison(n->a, n->b, true, out);
    } else if (const auto *n = c.as<LE>()) {
        add_comparison(n->a, n->b, false, out);
    } else if (const auto *n = c.as<GT>()) {
        add_comparison(n->b, n->a, true, out);
    } else if (const auto *n = c.as<GE>()) {
        add_comparison(n->b, n->a, false, out);
    } else if (const auto *n = c.as<EQ>()) {
        add_comparison(n->a, n->b, false, out);
        add_comparison(n->b, n->a, false, out);
    }
}

std::vector<VarConstraint> constraints_of(const Expr &cond) {
    std::vector<VarConstraint> out;
    collect_constraints(cond, out);
    return out;
}

/// The larger of two lower bounds (undefined: -inf) / smaller of two upper bounds.
Expr tighter_min(const Expr &a, const Expr &b) {
    return !a.defined() ? b : !b.defined() ? a : max_end(a, b);
}
Expr tighter_max(const Expr &a, const Expr &b) {
    return !a.defined() ? b : !b.defined() ? a : min_end(a, b);
}

bool has_at_most_nodes(const Expr &e, int limit) {
    int count = 0;
    walk_exprs(e, [&](const Expr &) { return ++count <= limit; });
    return count <= limit;
}

/// The bounds of the variables a walk has entered the scope of. A let's bounds may be
/// given as its value, bounded only when a lookup first needs them (most lets of a deep
/// pipeline never reach the boxes asked for, and bounding each one expands the lets it
/// uses). A lazy binding is bounded in the scope of its definition: the bindings pushed
/// after it are hidden meanwhile. Pushes and pops nest, so the bindings live when it was
/// pushed are exactly those older than it still on the stacks. Lazy bindings are pushed
/// only outside any evaluation (by the statement walks), which keeps the hidden bindings
/// one range of push numbers.

Interval BoundsComputer::bounds(const Expr &e) {
    Interval r = raw_bounds(e);
    return fix(e.type(), r);
}

void BoundsComputer::push(const std::string &name, Interval i) {
    inner_[name].push_back({next_seq_++, std::move(i), Expr(), Expr(), Expr()});
}

namespace {

/// The variable of a simple let value (a variable, or a variable plus or minus a
/// constant), or nullptr for any other value.
const Variable *simple_value_base(const Expr &e) {
    if (const Variable *v = e.as<Variable>()) {
        return v;
    }
    if (const Add *a = e.as<Add>(); a && is_const(a->b)) {
        return a->a.as<Variable>();
    }
    if (const Sub *s = e.as<Sub>(); s && is_const(s->b)) {
        return s->a.as<Variable>();
    }
    return nullptr;
}

} // namespace

void BoundsComputer::push_lazy(const std::string &name, const Expr &value) {
    internal_assert(hidden_end_ == 0) << "bounds: lazy binding inside an evaluation";
    Expr simple = is_integer(value.type()) && value.type().is_scalar() &&
                          simple_value_base(value)
                      ? value
                      : Expr();
    inner_[name].push_back({next_seq_++, Interval(), value, Expr(), simple});
}

BoundsComputer::Binding *BoundsComputer::visible(const std::string &name) {
    auto it = inner_.find(name);
    if (it == inner_.end()) {
        return nullptr;
    }
    for (size_t k = it->second.size(); k-- > 0;) {
        uint64_t seq = it->second[k].seq;
        if (seq < hidden_begin_ || seq >= hidden_end_) {
            return &it->second[k];
        }
    }
    return nullptr;
}

Expr BoundsComputer::with_simple_lets(const Expr &e) {
    class Inline : public IRMutator {
    public:
        explicit Inline(BoundsComputer &b) : b_(b) {}
        using IRMutator::visit;
        Expr visit(const Variable *op) override {
            const Binding *let = b_.visible(op->name);
            if (!let || !let->simple_value.defined() || depth_ >= 8) {
                return op;
            }
            // The value's variable must still mean what it meant at the let: bound
            // before it (or not bound here at all), not shadowed by a younger binding.
            const Binding *base = b_.visible(simple_value_base(let->simple_value)->name);
            if (base && base->seq > let->seq) {
                return op;
            }
            depth_++;
            Expr r = mutate(let->simple_value);
            depth_--;
            return r;
        }

    private:
        BoundsComputer &b_;
        int depth_ = 0;
    };
    return Inline(*this).mutate(e);
}

void BoundsComputer::push_lazy_loop(const std::string &name, const Expr &min, const Expr &extent) {
    internal_assert(hidden_end_ == 0) << "bounds: lazy binding inside an evaluation";
    inner_[name].push_back({next_seq_++, Interval(), min, extent, Expr()});
}

void BoundsComputer::pop(const std::string &name) {
    auto it = inner_.find(name);
    internal_assert(it != inner_.end() && !it->second.empty()) << "bounds: pop of " << name;
    it->second.pop_back();
    if (it->second.empty()) {
        inner_.erase(it);
    }
}

const Interval *BoundsComputer::find(const std::string &name) {
    const Binding *b = visible(name);
    if (!b) {
        return nullptr;
    }
    const size_t k = size_t(b - inner_[name].data());
    if (b->pending.defined()) {
        evaluate(name, k); // may grow the stacks: index again below
    }
    return &inner_[name][k].bounds;
}

Interval BoundsComputer::loop_range(const Expr &min, const Expr &extent) {
    Interval mn = bounds(min);
    Interval ex = bounds(extent);
    // The last iteration min + extent - 1 is bounded as one expression: loops are
    // made as (min, (max - min) + 1), and bounding min and extent apart would lose
    // that they cancel (a strip [m + yi, m + yi + 2] would seem twice as tall).
    Expr hi =
        bounds(simplify(with_simple_lets(Add::make(min, Sub::make(extent, make_one(Int(32)))))))
            .max;
    if (!hi.defined() && mn.max.defined() && ex.max.defined()) {
        hi = simplify(Add::make(mn.max, Sub::make(ex.max, make_one(Int(32)))));
    }
    return Interval(mn.min, hi);
}

void BoundsComputer::evaluate(const std::string &name, size_t k) {
    Expr value = inner_[name][k].pending, extent = inner_[name][k].pending_extent;
    uint64_t saved_begin = hidden_begin_, saved_end = hidden_end_;
    bool saved_overflow = overflow_;
    hidden_begin_ = inner_[name][k].seq;
    hidden_end_ = next_seq_;
    overflow_ = false;
    // A let's value is simplified first when small: a value built as
    // `a + ((b - a) + 1) - 8` (a ShiftInwards clamp) then reads `b - 7`, and the bounds
    // of a and b, which move together with an outer loop, no longer meet in one
    // interval sum (that gave [2 * a.min - a.max, ...]: 36 columns too many).
    Interval b = extent.defined()                   ? loop_range(value, extent)
                 : has_at_most_nodes(value, 64) ? bounds(simplify(with_simple_lets(value)))
                                                : bounds(value);
    hidden_begin_ = saved_begin;
    hidden_end_ = saved_end;
    overflow_ = saved_overflow;
    Binding &binding = inner_[name][k]; // the stacks may have grown meanwhile
    binding.bounds = std::move(b);
    binding.pending = Expr();
    binding.pending_extent = Expr();
}

Interval BoundsComputer::fix(Type t, Interval r) {
    bool overflowed = overflow_;
    overflow_ = false;
    if (!is_integer(t)) {
        return r;
    }
    if (arith::no_overflow(t)) {
        return r;
    }
    if (overflowed) {
        return interval_of_type(t);
    }
    if (r.is_single_point()) {
        return r;
    }
    auto lo = const_end(r.min), hi = const_end(r.max);
    if (lo && hi && arith::fits(t, *lo) && arith::fits(t, *hi)) {
        return r;
    }
    return interval_of_type(t);
}

Expr BoundsComputer::op(EndOp o, const Expr &a, const Expr &b) {
    return end_op(o, a, b, overflow_);
}

Interval BoundsComputer::raw_bounds(const Expr &e) {
    switch (e.node_kind()) {
    case IRNodeKind::IntImm:
    case IRNodeKind::UIntImm:
    case IRNodeKind::FloatImm:
        return Interval::single_point(e);
    case IRNodeKind::StringImm:
        return Interval::everything();
    case IRNodeKind::Cast:
        return cast_bounds(e.as<Cast>());
    case IRNodeKind::Reinterpret:
        return interval_of_type(e.type());
    case IRNodeKind::Variable:
        return variable_bounds(e.as<Variable>());
    case IRNodeKind::Add: {
        const auto *n = e.as<Add>();
        Interval a = bounds(n->a), b = bounds(n->b);
        return Interval(op(EndOp::Add, a.min, b.min), op(EndOp::Add, a.max, b.max));
    }
    case IRNodeKind::Sub: {
        const auto *n = e.as<Sub>();
        Interval a = bounds(n->a), b = bounds(n->b);
        return Interval(op(EndOp::Sub, a.min, b.max), op(EndOp::Sub, a.max, b.min));
    }
    case IRNodeKind::Mul:
        return mul_bounds(e.as<Mul>());
    case IRNodeKind::Div:
        return div_bounds(e.as<Div>());
    case IRNodeKind::Mod:
        return mod_bounds(e.as<Mod>());
    case IRNodeKind::Min: {
        const auto *n = e.as<Min>();
        Interval a = bounds(n->a), b = bounds(n->b);
        Expr hi = !a.max.defined() ? b.max : !b.max.defined() ? a.max : min_end(a.max, b.max);
        return Interval(min_end(a.min, b.min), hi);
    }
    case IRNodeKind::Max: {
        const auto *n = e.as<Max>();
        Interval a = bounds(n->a), b = bounds(n->b);
        Expr lo = !a.min.defined() ? b.min : !b.min.defined() ? a.min : max_end(a.min, b.min);
        return Interval(lo, max_end(a.max, b.max));
    }
    case IRNodeKind::EQ:
        return eq_bounds(e.as<EQ>()->a, e.as<EQ>()->b, false);
    case IRNodeKind::NE:
        return eq_bounds(e.as<NE>()->a, e.as<NE>()->b, true);
    case IRNodeKind::LT:
        return lt_bounds(e.as<LT>()->a, e.as<LT>()->b, true);
    case IRNodeKind::LE:
        return lt_bounds(e.as<LE>()->a, e.as<LE>()->b, false);
    case IRNodeKind::GT:
        return lt_bounds(e.as<GT>()->b, e.as<GT>()->a, true);
    case IRNodeKind::GE:
        return lt_bounds(e.as<GE>()->b, e.as<GE>()->a, false);
    case IRNodeKind::And: {
        const auto *n = e.as<And>();
        Interval a = bounds(n->a), b = bounds(n->b);
        return Interval(simplify(And::make(a.min, b.min)), simplify(And::make(a.max, b.max)));
    }
    case IRNodeKind::Or: {
        const auto *n = e.as<Or>();
        Interval a = bounds(n->a), b = bounds(n->b);
        return Interval(simplify(Or::make(a.min, b.min)), simplify(Or::make(a.max, b.max)));
    }
    case IRNodeKind::Not: {
        Interval a = bounds(e.as<Not>()->a);
        return Interval(simplify(Not::make(a.max)), simplify(Not::make(a.min)));
    }
    case IRNodeKind::Select:
        return select_bounds(e.as<Select>());
    case IRNodeKind::Load:
        return interval_of_type(e.type());
    case IRNodeKind::Ramp: {
        const auto *n = e.as<Ramp>();
        Type t = n->base.type();
        Interval first = bounds(n->base);
        Expr last_lane = Add::make(n->base, Mul::make(n->stride, make_const(t, n->lanes - 1)));
        Interval last = bounds(last_lane);
        return Interval(min_end(first.min, last.min), max_end(first.max, last.max));
    }
    case IRNodeKind::Broadcast:
        return bounds(e.as<Broadcast>()->value);
    case IRNodeKind::Call:
        return call_bounds(e.as<Call>());
    case IRNodeKind::Let: {
        const auto *n = e.as<Let>();
        Interval v = bounds(n->value);
        push(n->name, v);
        Interval r = bounds(n->body);
        pop(n->name);
        return r;
    }
    case IRNodeKind::Shuffle: {
        const auto *n = e.as<Shuffle>();
        Interval r = bounds(n->vectors[0]);
        for (size_t i = 1; i < n->vectors.size(); i++) {
            r = interval_union(r, bounds(n->vectors[i]));
        }
        return r;
    }
    case IRNodeKind::VectorReduce:
        return vector_reduce_bounds(e.as<VectorReduce>());
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
        break;
    }
    internal_error << "bounds_of_expr_in_scope: statement node in an expression";
    return Interval();
}

Interval BoundsComputer::variable_bounds(const Variable *v) {
    if (const Interval *i = find(v->name)) {
        return *i;
    }
    if (const Interval *i = outer_.find(v->name)) {
        return *i;
    }
    return Interval::single_point(v);
}

Interval BoundsComputer::cast_bounds(const Cast *c) {
    Type to = c->type.element_of();
    Type from = c->value.type().element_of();
    Interval a = bounds(c->value);
    if (a.is_single_point()) {
        Expr p = simplify(Cast::make(to, a.min));
        return Interval::single_point(p);
    }
    if (to.is_bool()) {
        return interval_of_type(to);
    }
    bool monotone_exact = (is_integer(from) || from.is_bool()) && to.can_represent(from);
    monotone_exact = monotone_exact || (from.is_float() && to.is_float() && to.bits >= from.bits);
    if (monotone_exact) {
        auto end = [&](const Expr &x) { return x.defined() ? simplify(Cast::make(to, x)) : x; };
        return Interval(end(a.min), end(a.max));
    }
    if (is_integer(from) || from.is_bool()) {
        auto lo = const_end(a.min), hi = const_end(a.max);
        if (lo && hi && (is_integer(to) ? arith::fits(to, *lo) && arith::fits(to, *hi) : true)) {
            return Interval(simplify(Cast::make(to, a.min)), simplify(Cast::make(to, a.max)));
        }
        return interval_of_type(to);
    }
    if (from.is_float() && is_integer(to)) {
        auto lo = as_const_float(a.min), hi = as_const_float(a.max);
        if (lo && hi && std::isfinite(*lo) && std::isfinite(*hi)) {
            double tl = std::trunc(*lo), th = std::trunc(*hi);
            if (tl >= static_cast<double>(arith::type_min(to)) && th < 9.2e18 &&
                (to.is_uint() && to.bits >= 63 ? true
                                               : th <= static_cast<double>(arith::type_max(to)))) {
                return Interval(int_end(to, static_cast<int64_t>(tl)),
                                int_end(to, static_cast<int64_t>(th)));
            }
        }
        return interval_of_type(to);
    }
    return interval_of_type(to);
}

Interval BoundsComputer::mul_bounds(const Mul *m) {
    Interval a = bounds(m->a), b = bounds(m->b);
    if (!b.is_single_point() && a.is_single_point()) {
        std::swap(a, b);
    }
    if (b.is_single_point()) {
        const Expr &k = b.min;
        if (is_const_zero(k) && m->type.is_int_or_uint()) {
            return Interval::single_point(k);
        }
        if (is_positive_const(k) || (m->type.is_uint() && is_const(k))) {
            return Interval(op(EndOp::Mul, a.min, k), op(EndOp::Mul, a.max, k));
        }
        if (is_negative_const(k)) {
            return Interval(op(EndOp::Mul, a.max, k), op(EndOp::Mul, a.min, k));
        }
        if (a.is_single_point()) {
            return Interval::single_point(op(EndOp::Mul, a.min, k));
        }
    }
    if (a.is_bounded() && b.is_bounded()) {
        Expr p0 = op(EndOp::Mul, a.min, b.min), p1 = op(EndOp::Mul, a.min, b.max);
        Expr p2 = op(EndOp::Mul, a.max, b.min), p3 = op(EndOp::Mul, a.max, b.max);
        if (overflow_) {
            return Interval();
        }
        return Interval(min_end(min_end(p0, p1), min_end(p2, p3)),
                        max_end(max_end(p0, p1), max_end(p2, p3)));
    }
    return is_integer(m->type) ? interval_of_type(m->type) : Interval();
}

Interval BoundsComputer::div_bounds(const Div *d) {
    Type t = d->type.element_of();
    Interval a = bounds(d->a), b = bounds(d->b);
    if (a.is_single_point() && b.is_single_point()) {
        return Interval::single_point(simplify(Div::make(a.min, b.min)));
    }
    if (b.is_single_point()) {
        const Expr &k = b.min;
        if (is_integer(t) && is_const_zero(k)) {
            return Interval::single_point(k);
        }
        if (is_positive_const(k)) {
            return Interval(op(EndOp::Div, a.min, k), op(EndOp::Div, a.max, k));
        }
        if (is_negative_const(k)) {
            return Interval(op(EndOp::Div, a.max, k), op(EndOp::Div, a.min, k));
        }
    }
    if (!is_integer(t)) {
        return Interval();
    }
    auto b0 = const_end(b.min), b1 = const_end(b.max);
    bool no_zero = b0 && b1 && (*b0 > 0 || *b1 < 0);
    if (no_zero && a.is_bounded()) {
        Expr c0 = op(EndOp::Div, a.min, b.min), c1 = op(EndOp::Div, a.min, b.max);
        Expr c2 = op(EndOp::Div, a.max, b.min), c3 = op(EndOp::Div, a.max, b.max);
        if (overflow_) {
            return interval_of_type(t);
        }
        return Interval(min_end(min_end(c0, c1), min_end(c2, c3)),
                        max_end(max_end(c0, c1), max_end(c2, c3)));
    }
    auto a0 = const_end(a.min), a1 = const_end(a.max);
    if (a0 && a1) {
        if (t.is_uint()) {
            return Interval(int_end(t, 0), a.max);
        }
        auto neg = arith::checked_sub(0, *a0);
        if (neg) {
            int64_t m = std::max(std::max(*neg, *a1), int64_t(0));
            if (arith::fits(t, m) && arith::fits(t, -m)) {
                return Interval(int_end(t, -m), int_end(t, m));
            }
        }
    }
    return interval_of_type(t);
}

Interval BoundsComputer::mod_bounds(const Mod *m) {
    Type t = m->type.element_of();
    Interval a = bounds(m->a), b = bounds(m->b);
    if (!is_integer(t)) {
        return Interval();
    }
    if (a.is_single_point() && b.is_single_point()) {
        return Interval::single_point(simplify(Mod::make(a.min, b.min)));
    }
    auto b0 = const_end(b.min), b1 = const_end(b.max);
    std::optional<int64_t> hi;
    if (b0 && b1) {
        auto nb = arith::checked_sub(0, *b0);
        if (nb) {
            int64_t mag = std::max(*nb, *b1);
            hi = std::max<int64_t>(mag - 1, 0);
        }
    }
    if (!hi) {
        hi = t.is_uint() && t.bits >= 64 ? INT64_MAX : arith::type_max(t);
    }
    auto a0 = const_end(a.min), a1 = const_end(a.max);
    if (a0 && a1 && *a0 >= 0) {
        if (b.is_single_point() && *a1 <= *hi) {
            return a;
        }
        hi = std::min(*hi, *a1);
    }
    return Interval(int_end(t, 0), int_end(t, *hi));
}

Interval BoundsComputer::lt_bounds(const Expr &x, const Expr &y, bool strict) {
    Interval a = bounds(x), b = bounds(y);
    auto make = [&](const Expr &p, const Expr &q) {
        return strict ? LT::make(p, q) : LE::make(p, q);
    };
    auto negated = [&](const Expr &p, const Expr &q) {
        return strict ? LE::make(q, p) : LT::make(q, p);
    };
    if (a.max.defined() && b.min.defined() && can_prove(make(a.max, b.min))) {
        return Interval::single_point(const_true());
    }
    if (a.min.defined() && b.max.defined() && can_prove(negated(a.min, b.max))) {
        return Interval::single_point(const_false());
    }
    return Interval(const_false(), const_true());
}

Interval BoundsComputer::eq_bounds(const Expr &x, const Expr &y, bool negate) {
    Interval a = bounds(x), b = bounds(y);
    auto result = [&](bool eq) { return Interval::single_point(make_bool(eq != negate)); };
    if (a.is_single_point() && b.is_single_point() && deep_equal(a.min, b.min)) {
        return result(true);
    }
    if (x.type().is_int_or_uint() || x.type().is_bool()) {
        if (a.max.defined() && b.min.defined() && can_prove(LT::make(a.max, b.min))) {
            return result(false);
        }
        if (a.min.defined() && b.max.defined() && can_prove(LT::make(b.max, a.min))) {
            return result(false);
        }
    }
    return Interval(const_false(), const_true());
}

Interval BoundsComputer::select_bounds(const Select *s) {
    Interval c = bounds(s->condition);
    if (c.min.defined() && is_const_true(c.min)) {
        return bounds(s->true_value);
    }
    if (c.max.defined() && is_const_false(c.max)) {
        return bounds(s->false_value);
    }
    return interval_union(bounds(s->true_value), bounds(s->false_value));
}

Interval BoundsComputer::call_bounds(const Call *c) {
    Type t = c->type.element_of();
    if (c->is_intrinsic(Call::likely) && c->args.size() == 1) {
        return bounds(c->args[0]);
    }
    if (c->is_intrinsic(Call::abs) && c->args.size() == 1 && is_integer(t)) {
        Interval a = bounds(c->args[0]);
        auto lo = const_end(a.min), hi = const_end(a.max);
        if (lo && hi) {
            auto nlo = arith::checked_sub(0, *lo);
            if (nlo) {
                int64_t mx = std::max(*nlo, *hi);
                int64_t mn = *lo >= 0 ? *lo : (*hi <= 0 ? -*hi : 0);
                if (arith::fits(t, mx)) {
                    return Interval(int_end(t, mn), int_end(t, mx));
                }
            }
        }
        return interval_of_type(t);
    }
    return interval_of_type(t);
}

Interval BoundsComputer::vector_reduce_bounds(const VectorReduce *v) {
    Interval a = bounds(v->value);
    int factor = v->value.type().lanes / v->type.lanes;
    switch (v->op) {
    case VectorReduce::Add: {
        Expr f = make_const(v->type.element_of(), factor);
        return Interval(op(EndOp::Mul, a.min, f), op(EndOp::Mul, a.max, f));
    }
    case VectorReduce::Mul:
        return interval_of_type(v->type.element_of());
    case VectorReduce::Min:
    case VectorReduce::Max:
    case VectorReduce::And:
    case VectorReduce::Or:
        return a;
    }
    return a;
}

} // namespace bounds_detail

using bounds_detail::BoundsComputer;

Interval interval_of_type(Type t) {
    Type e = t.element_of();
    if (e.is_bool()) {
        return Interval(const_false(), const_true());
    }
    if (e.is_int()) {
        return Interval(make_const(e, arith::type_min(e)), make_const(e, arith::type_max(e)));
    }
    if (e.is_uint()) {
        return Interval(make_const(e, uint64_t(0)),
                        make_const(e, static_cast<uint64_t>(arith::type_max(e))));
    }
    return Interval::everything();
}

Interval bounds_of_expr_in_scope(const Expr &e, const Scope<Interval> &scope) {
    BoundsComputer b(scope);
    return b.bounds(e);
}

} // namespace weft::internal
