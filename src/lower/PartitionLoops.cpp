#include "PartitionLoops.h"

#include "Debug.h"
#include "LowerUtil.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/ExprEqual.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace weft::internal {

namespace {

using namespace lowering;

bool is_likely(const Expr &e) {
    const Call *c = e.as<Call>();
    return c && c->is_intrinsic(Call::likely) && c->args.size() == 1;
}

/// Does `e` carry a likely tag that no Min, Max, Select or Load inside it has used
/// (Halide's "uncaptured" tag)? Such an operand is the likely side of a Min or Max.
bool has_uncaptured_likely(const Expr &e) {
    bool found = false;
    walk_exprs(e, [&](const Expr &x) {
        if (found || x.as<Min>() || x.as<Max>() || x.as<Select>() || x.as<Load>()) {
            return false;
        }
        found = is_likely(x);
        return !found;
    });
    return found;
}

/// Removes likely tags from expressions; an IfThenElse condition keeps its outermost
/// tag (codegen turns it into branch weights).
class StripLikely : public IRMutator {
    using IRMutator::visit;

    Expr visit(const Call *op) override {
        if (op->is_intrinsic(Call::likely) && op->args.size() == 1) {
            return mutate(op->args[0]);
        }
        return IRMutator::visit(op);
    }

    Stmt visit(const IfThenElse *op) override {
        Expr cond = op->condition;
        if (is_likely(cond)) {
            Expr inner = mutate(static_cast<const Call *>(cond.get())->args[0]);
            cond = Call::make(Bool(), Call::likely, {inner}, Call::PureIntrinsic);
            if (inner.same_as(op->condition.as<Call>()->args[0])) {
                cond = op->condition;
            }
        } else {
            cond = mutate(cond);
        }
        Stmt then_case = mutate(op->then_case);
        Stmt else_case = op->else_case.defined() ? mutate(op->else_case) : Stmt();
        if (cond.same_as(op->condition) && then_case.same_as(op->then_case) &&
            else_case.same_as(op->else_case)) {
            return op;
        }
        return IfThenElse::make(cond, then_case, else_case);
    }
};

/// Inlines the Let expressions of e (the solver needs the loop variable visible).
Expr inline_lets(const Expr &e) {
    class Inline : public IRMutator {
        using IRMutator::visit;
        Expr visit(const Let *op) override {
            return mutate(substitute(op->name, mutate(op->value), op->body));
        }
    };
    return Inline().mutate(e);
}

bool reads_memory(const Expr &e) {
    bool found = false;
    walk_exprs(e, [&](const Expr &x) {
        const Call *c = x.as<Call>();
        found = found || x.as<Load>() || (c && !c->is_pure());
        return !found;
    });
    return found;
}

/// Bounds on the loop variable v that make conditions hold: v >= each of `lower`,
/// v <= each of `upper`, and d <= 0 for each d of `invariant` (free of v).
struct Constraints {
    std::vector<Expr> lower, upper, invariant;
    bool constrains_loop() const { return !lower.empty() || !upper.empty(); }
};

/// e == (s + offset) / divisor (floor division; divisor 1: no division), with the
/// constants of e gathered into offset: (x + 3) / 16 + -1 is (x + -13) / 16.
struct OffsetForm {
    Expr s;
    int64_t divisor = 1, offset = 0;
};

OffsetForm offset_form(const Expr &e) {
    constexpr int64_t limit = int64_t(1) << 30;
    auto small = [&](int64_t v) { return v > -limit && v < limit; };
    const Add *add = e.as<Add>();
    const Sub *sub = e.as<Sub>();
    if (add || sub) {
        Expr a = add ? add->a : sub->a, b = add ? add->b : sub->b;
        int64_t sign = add ? 1 : -1;
        if (auto c = as_const_int(b)) {
            OffsetForm f = offset_form(a);
            if (small(*c) && small(f.offset + sign * *c * f.divisor)) {
                f.offset += sign * *c * f.divisor;
                return f;
            }
            return OffsetForm{e};
        }
        // Constants on both sides of a sum or difference without division move out.
        OffsetForm fa = offset_form(a), fb = offset_form(b);
        if (fa.divisor != 1 || fb.divisor != 1 || (fa.offset == 0 && fb.offset == 0) ||
            !small(fa.offset + sign * fb.offset)) {
            return OffsetForm{e};
        }
        Expr rest = add ? Add::make(fa.s, fb.s) : Sub::make(fa.s, fb.s);
        return OffsetForm{rest, 1, fa.offset + sign * fb.offset};
    }
    if (const Div *op = e.as<Div>()) { // floor(floor(a / p) / q) == floor(a / pq)
        auto c = as_const_int(op->b);
        OffsetForm f = (c && *c > 0) ? offset_form(op->a) : OffsetForm{e};
        if (c && *c > 0 && small(f.divisor * *c)) {
            f.divisor *= *c;
            return f;
        }
    }
    return OffsetForm{e};
}

/// Whether a >= b for every value of the variables (false: not shown), given their offset
/// forms. Cheap: the same expression with constant offsets (equal expressions have equal
/// forms).
bool provably_ge(const OffsetForm &a, const OffsetForm &b) {
    return a.divisor == b.divisor && a.offset >= b.offset && deep_equal(a.s, b.s);
}

/// The bounds of `es` without the redundant ones: for keep_max, those below another
/// (a lower bound, or a d of d <= 0, implied by a larger one); else those above another.
/// Unrolled bodies repeat one condition many times, or with offsets one per unrolled
/// iteration; only the tightest survives.
std::vector<Expr> tightest(const std::vector<Expr> &es, bool keep_max) {
    auto dominates = [&](const OffsetForm &x, const OffsetForm &y) {
        return keep_max ? provably_ge(x, y) : provably_ge(y, x);
    };
    std::vector<std::pair<Expr, OffsetForm>> kept; // each bound with its form, made once
    for (const Expr &e : es) {
        OffsetForm f = offset_form(e);
        auto implied = [&](const auto &k) { return dominates(k.second, f); };
        if (std::any_of(kept.begin(), kept.end(), implied)) {
            continue;
        }
        std::erase_if(kept, [&](const auto &k) { return dominates(f, k.second); });
        kept.emplace_back(e, std::move(f));
    }
    std::vector<Expr> result;
    for (const auto &k : kept) {
        result.push_back(k.first);
    }
    return result;
}

/// Turns conditions into sufficient Constraints on one scalar Int(32) loop variable.
/// Every step is an implication (the constraints imply the condition), never an
/// equivalence: a condition it cannot prove this way is reported unsolved.
class Solver {
public:
    explicit Solver(std::string v) : v_(std::move(v)) {}

    /// Adds to `out` constraints under which `cond` (a Bool, every lane when a vector)
    /// is true; false (and `out` unchanged) when it finds none.
    bool solve(const Expr &cond, Constraints &out) const {
        Expr c = simplify(inline_lets(cond));
        if (reads_memory(c)) {
            return false;
        }
        Constraints tmp = out;
        int budget = 32;
        if (!condition(c, tmp, budget)) {
            return false;
        }
        out = std::move(tmp);
        return true;
    }

private:
    bool depends(const Expr &e) const { return expr_uses_var(e, v_); }

    bool condition(const Expr &c, Constraints &out, int &budget) const {
        if (const And *a = c.as<And>()) {
            return condition(a->a, out, budget) && condition(a->b, out, budget);
        }
        if (const Broadcast *b = c.as<Broadcast>()) {
            return condition(b->value, out, budget);
        }
        if (const LE *op = c.as<LE>()) {
            return difference(op->a, op->b, 0, out, budget);
        }
        if (const LT *op = c.as<LT>()) {
            return difference(op->a, op->b, 1, out, budget);
        }
        if (const GE *op = c.as<GE>()) {
            return difference(op->b, op->a, 0, out, budget);
        }
        if (const GT *op = c.as<GT>()) {
            return difference(op->b, op->a, 1, out, budget);
        }
        return false;
    }

    /// a - b + slack <= 0 in every lane.
    bool difference(const Expr &a, const Expr &b, int slack, Constraints &out,
                    int &budget) const {
        if (a.type().element_of() != Int(32)) {
            return false;
        }
        std::optional<Expr> hi_a = lane_max(a), lo_b = lane_min(b);
        if (!hi_a || !lo_b) {
            return false;
        }
        return at_most_zero(add(sub(*hi_a, *lo_b), slack), out, budget);
    }

    /// The largest lane of a vector Int(32) expression, or an upper bound of it.
    std::optional<Expr> lane_max(const Expr &e) const { return lane_bound(e, true); }
    std::optional<Expr> lane_min(const Expr &e) const { return lane_bound(e, false); }

    std::optional<Expr> lane_bound(const Expr &e, bool upper) const {
        if (e.type().is_scalar()) {
            return e;
        }
        if (const Broadcast *b = e.as<Broadcast>()) {
            return b->value;
        }
        if (const Ramp *r = e.as<Ramp>()) {
            auto stride = as_const_int(r->stride);
            if (!stride) {
                return std::nullopt;
            }
            bool last = (*stride >= 0) == upper;
            return last ? add(r->base, mul(r->stride, i32(r->lanes - 1))) : r->base;
        }
        if (const Add *op = e.as<Add>()) {
            auto a = lane_bound(op->a, upper), b = lane_bound(op->b, upper);
            return (a && b) ? std::optional(add(*a, *b)) : std::nullopt;
        }
        if (const Sub *op = e.as<Sub>()) {
            auto a = lane_bound(op->a, upper), b = lane_bound(op->b, !upper);
            return (a && b) ? std::optional(sub(*a, *b)) : std::nullopt;
        }
        if (const Mul *op = e.as<Mul>()) {
            auto c = as_const_int(op->b);
            Expr x = op->a;
            if (!c) {
                c = as_const_int(op->a);
                x = op->b;
            }
            if (!c) {
                return std::nullopt;
            }
            auto bx = lane_bound(x, *c >= 0 ? upper : !upper);
            return bx ? std::optional(mul(*bx, i32(*c))) : std::nullopt;
        }
        if (const Min *op = e.as<Min>()) {
            auto a = lane_bound(op->a, upper), b = lane_bound(op->b, upper);
            return (a && b) ? std::optional(min(*a, *b)) : std::nullopt;
        }
        if (const Max *op = e.as<Max>()) {
            auto a = lane_bound(op->a, upper), b = lane_bound(op->b, upper);
            return (a && b) ? std::optional(max(*a, *b)) : std::nullopt;
        }
        return std::nullopt;
    }

    /// d <= 0 for a scalar Int(32) d.
    bool at_most_zero(const Expr &d, Constraints &out, int &budget) const {
        if (--budget < 0) {
            return false;
        }
        if (!depends(d)) {
            out.invariant.push_back(simplify(d));
            return true;
        }
        if (const Max *op = d.as<Max>()) { // both must be <= 0
            return at_most_zero(op->a, out, budget) && at_most_zero(op->b, out, budget);
        }
        if (const Min *op = d.as<Min>()) { // either suffices: try the one that varies
            Expr first = depends(op->a) ? op->a : op->b;
            Expr second = first.same_as(op->a) ? op->b : op->a;
            Constraints tmp = out;
            if (at_most_zero(first, tmp, budget)) {
                out = std::move(tmp);
                return true;
            }
            return at_most_zero(second, out, budget);
        }
        Expr lifted = lift_min_max(d);
        if (!lifted.same_as(d)) {
            return at_most_zero(lifted, out, budget);
        }
        auto form = linear(d);
        if (!form) {
            return false;
        }
        auto [k, rest] = *form;
        if (k > 0) { // k v + rest <= 0  <=>  v <= floor(-rest / k)
            out.upper.push_back(simplify(div(sub(i32(0), rest), i32(k))));
        } else if (k < 0) { // v >= ceil(rest / -k)
            out.lower.push_back(simplify(div(add(rest, i32(-k - 1)), i32(-k))));
        } else {
            out.invariant.push_back(simplify(rest));
        }
        return true;
    }

    /// Moves a Min or Max inside a sum, difference or constant multiple to the top
    /// (x + min(a, b) == min(x + a, x + b)); e itself when there is none.
    static Expr lift_min_max(const Expr &e) {
        auto rebuild = [](const Expr &mm, bool flip, auto &&f) -> Expr {
            const Min *mn = mm.as<Min>();
            const Max *mx = mm.as<Max>();
            Expr a = mn ? mn->a : mx->a, b = mn ? mn->b : mx->b;
            bool is_min = (mn != nullptr) != flip;
            return is_min ? min(f(a), f(b)) : max(f(a), f(b));
        };
        auto is_mm = [](const Expr &x) { return x.as<Min>() || x.as<Max>(); };
        // a op b with a min/max lifted out of a, else out of b (flipped for b in a - b).
        auto lift_operand = [&](const Expr &a0, const Expr &b, bool flip_b, auto &&make) -> Expr {
            Expr a = lift_min_max(a0);
            if (is_mm(a)) {
                return rebuild(a, false, [&](const Expr &t) { return make(t, b); });
            }
            Expr lb = lift_min_max(b);
            if (is_mm(lb)) {
                return rebuild(lb, flip_b, [&](const Expr &t) { return make(a, t); });
            }
            return e;
        };
        if (const Add *op = e.as<Add>()) {
            return lift_operand(op->a, op->b, false,
                                [](const Expr &x, const Expr &y) { return add(x, y); });
        }
        if (const Sub *op = e.as<Sub>()) {
            return lift_operand(op->a, op->b, true,
                                [](const Expr &x, const Expr &y) { return sub(x, y); });
        }
        if (const Mul *op = e.as<Mul>()) {
            auto c = as_const_int(op->b);
            if (!c) {
                return e;
            }
            Expr a = lift_min_max(op->a);
            if (is_mm(a)) {
                Expr factor = op->b;
                return rebuild(a, *c < 0, [&](const Expr &t) { return mul(t, factor); });
            }
        }
        return e;
    }

    /// e == k * v + rest with constant k and rest free of v.
    std::optional<std::pair<int64_t, Expr>> linear(const Expr &e) const {
        if (e.type() != Int(32)) {
            return std::nullopt;
        }
        if (!depends(e)) {
            return std::pair<int64_t, Expr>{0, e};
        }
        if (const Variable *op = e.as<Variable>()) {
            return op->name == v_ ? std::optional(std::pair<int64_t, Expr>{1, i32(0)})
                                  : std::nullopt;
        }
        if (const Add *op = e.as<Add>()) {
            auto a = linear(op->a), b = linear(op->b);
            if (a && b) {
                return std::pair<int64_t, Expr>{a->first + b->first, add(a->second, b->second)};
            }
            return std::nullopt;
        }
        if (const Sub *op = e.as<Sub>()) {
            auto a = linear(op->a), b = linear(op->b);
            if (a && b) {
                return std::pair<int64_t, Expr>{a->first - b->first, sub(a->second, b->second)};
            }
            return std::nullopt;
        }
        if (const Mul *op = e.as<Mul>()) {
            auto c = as_const_int(op->b);
            Expr x = op->a;
            if (!c) {
                c = as_const_int(op->a);
                x = op->b;
            }
            auto lx = c ? linear(x) : std::nullopt;
            if (lx && *c > -(1 << 20) && *c < (1 << 20) && lx->first > -(1 << 20) &&
                lx->first < (1 << 20)) {
                return std::pair<int64_t, Expr>{lx->first * *c, mul(lx->second, i32(*c))};
            }
        }
        return std::nullopt;
    }

    std::string v_;
};

/// The steady-state body of one innermost loop: each likely condition the Solver
/// solves is replaced by its likely side, and its constraints collected. Works
/// bottom-up, so an outer condition sees its operands in their steady form (a clamp
/// min(max(likely(x), lo), hi) needs x >= lo, then x <= hi). The likely tags of taken
/// sides are kept (an enclosing Min or Max may use them); partition_loops strips them.
class SteadyState : public IRMutator {
public:
    explicit SteadyState(const std::string &loop) : solver_(loop) {}
    Constraints constraints;

private:
    using IRMutator::visit;

    /// Takes the likely side when `cond` can be made to hold.
    bool take(const Expr &cond) {
        StripLikely strip;
        Expr c = substitute(lets_, strip.mutate(cond));
        return solver_.solve(c, constraints);
    }

    template <typename MinOrMax>
    Expr visit_min_max(const MinOrMax *op, bool is_min) {
        Expr a = mutate(op->a), b = mutate(op->b);
        bool la = has_uncaptured_likely(a), lb = has_uncaptured_likely(b);
        if (la != lb) {
            const Expr &likely_side = la ? a : b;
            const Expr &other = la ? b : a;
            Expr cond = is_min ? LE::make(likely_side, other) : GE::make(likely_side, other);
            if (take(cond)) {
                return likely_side;
            }
        }
        if (a.same_as(op->a) && b.same_as(op->b)) {
            return op;
        }
        return MinOrMax::make(a, b);
    }

    Expr visit(const Min *op) override { return visit_min_max(op, true); }
    Expr visit(const Max *op) override { return visit_min_max(op, false); }

    Expr visit(const Select *op) override {
        Expr c = mutate(op->condition);
        Expr t = mutate(op->true_value), f = mutate(op->false_value);
        if (has_likely_conjunct(c)) {
            c = steady_predicate(c);
            if (!c.defined()) {
                return t;
            }
        }
        if (c.same_as(op->condition) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
            return op;
        }
        return Select::make(c, t, f);
    }

    static bool has_likely_conjunct(const Expr &e) {
        if (const And *a = e.as<And>()) {
            return has_likely_conjunct(a->a) || has_likely_conjunct(a->b);
        }
        return is_likely(e);
    }

    /// The predicate without the likely conjuncts that can be made to hold (undefined
    /// when none is left).
    Expr steady_predicate(const Expr &predicate) {
        if (!predicate.defined()) {
            return predicate;
        }
        if (const And *a = predicate.as<And>()) {
            Expr x = steady_predicate(a->a), y = steady_predicate(a->b);
            if (!x.defined() || !y.defined()) {
                return x.defined() ? x : y;
            }
            return (x.same_as(a->a) && y.same_as(a->b)) ? predicate : And::make(x, y);
        }
        if (is_likely(predicate) && take(predicate)) {
            return Expr();
        }
        return predicate;
    }

    Expr visit(const Load *op) override {
        Expr index = mutate(op->index);
        Expr predicate = steady_predicate(mutate(op->predicate));
        if (index.same_as(op->index) && predicate.same_as(op->predicate)) {
            return op;
        }
        return Load::make(op->type, op->name, index, predicate, op->param);
    }

    Stmt visit(const Store *op) override {
        Expr value = mutate(op->value), index = mutate(op->index);
        Expr predicate = steady_predicate(mutate(op->predicate));
        if (value.same_as(op->value) && index.same_as(op->index) &&
            predicate.same_as(op->predicate)) {
            return op;
        }
        return Store::make(op->name, value, index, predicate, op->param);
    }

    Stmt visit(const IfThenElse *op) override {
        Expr c = mutate(op->condition);
        if (has_likely_conjunct(c)) {
            c = steady_predicate(c);
            if (!c.defined()) {
                return mutate(op->then_case);
            }
        }
        Stmt then_case = mutate(op->then_case);
        Stmt else_case = op->else_case.defined() ? mutate(op->else_case) : Stmt();
        if (c.same_as(op->condition) && then_case.same_as(op->then_case) &&
            else_case.same_as(op->else_case)) {
            return op;
        }
        return IfThenElse::make(c, then_case, else_case);
    }

    /// A Let or LetStmt: its body mutated with the let's steady value in lets_.
    template<typename LetNode, typename Result> Result visit_let(const LetNode *op) {
        Expr value = mutate(op->value);
        lets_[op->name] = substitute(lets_, StripLikely().mutate(value));
        auto body = mutate(op->body);
        lets_.erase(op->name);
        if (value.same_as(op->value) && body.same_as(op->body)) {
            return op;
        }
        return LetNode::make(op->name, value, body);
    }

    Expr visit(const Let *op) override { return visit_let<Let, Expr>(op); }
    Stmt visit(const LetStmt *op) override { return visit_let<LetStmt, Stmt>(op); }

    Solver solver_;
    std::map<std::string, Expr> lets_; // the lets in scope, inlined, in steady form
};

/// Binds only the scalar base of each vector let whose value is a Ramp or Broadcast,
/// so that its uses stay visibly dense (as vectorize_loops does): in the steady state a
/// clamped vector var min(ramp, x16(max)) has become the ramp itself.
class ScalarBaseLets : public IRMutator {
    using IRMutator::visit;

    Stmt visit(const LetStmt *op) override {
        Expr value = op->value;
        const Ramp *r = value.as<Ramp>();
        const Broadcast *b = value.as<Broadcast>();
        if (!r && !b) {
            return IRMutator::visit(op);
        }
        std::string name = op->name + ".base";
        Expr base_value = r ? r->base : b->value;
        Expr base = Variable::make(base_value.type(), name);
        Expr uses = r ? Ramp::make(base, r->stride, r->lanes) : Broadcast::make(base, b->lanes);
        Stmt body = mutate(substitute(op->name, uses, op->body));
        return LetStmt::make(name, base_value, body);
    }

    /// An unpredicated load of one address in every lane is one scalar load.
    Expr visit(const Load *op) override {
        const Broadcast *b = op->index.as<Broadcast>();
        if (!b || (op->predicate.defined() && !is_const_true(op->predicate))) {
            return IRMutator::visit(op);
        }
        Expr scalar = Load::make(op->type.element_of(), op->name, mutate(b->value), Expr(),
                                 op->param);
        return Broadcast::make(scalar, b->lanes);
    }
};

/// In the steady state a ShiftInwards base is `let b = m + L * v` again; its uses
/// b - e (indices: the store into an output whose min is m, loads from buffers whose
/// min is e) become (m - e) + L * v, a loop-invariant offset plus an induction variable
/// codegen strength-reduces (and L * v when e is m). The let stays, and so do its uses
/// under a division or remainder (dense_lane_shuffles keys on them).
class CancelBaseOffsets : public IRMutator {
public:
    explicit CancelBaseOffsets(std::string loop) : loop_(std::move(loop)) {}

private:
    using IRMutator::visit;

    Stmt visit(const LetStmt *op) override {
        const Add *sum = op->value.as<Add>();
        if (!sum || op->value.type() != Int(32) || !expr_uses_var(op->value, loop_)) {
            return IRMutator::visit(op);
        }
        sums_[op->name] = sum;
        Stmt body = mutate(op->body);
        sums_.erase(op->name);
        return body.same_as(op->body) ? Stmt(op) : LetStmt::make(op->name, op->value, body);
    }

    Expr visit(const Sub *op) override {
        const Variable *v = op->a.as<Variable>();
        auto it = v ? sums_.find(v->name) : sums_.end();
        if (it == sums_.end() || expr_uses_var(op->b, loop_)) {
            return IRMutator::visit(op);
        }
        const Add *sum = it->second;
        bool a_varies = expr_uses_var(sum->a, loop_), b_varies = expr_uses_var(sum->b, loop_);
        if (a_varies == b_varies) {
            return IRMutator::visit(op);
        }
        const Expr &fixed = a_varies ? sum->b : sum->a;
        const Expr &varying = a_varies ? sum->a : sum->b;
        return Add::make(Sub::make(fixed, op->b), varying);
    }

    Expr visit(const Div *op) override { return op; }
    Expr visit(const Mod *op) override { return op; }

    std::string loop_;
    std::map<std::string, const Add *> sums_;
};

bool contains_loop(const Stmt &s) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &x) { found = found || x.as<For>() != nullptr; });
    return found;
}

Expr max_of(const std::vector<Expr> &es, Expr init) {
    for (const Expr &e : es) {
        init = max(init, e);
    }
    return init;
}

Expr min_of(const std::vector<Expr> &es, Expr init) {
    for (const Expr &e : es) {
        init = min(init, e);
    }
    return init;
}

class Partition : public IRMutator {
    using IRMutator::visit;

    /// The else branch of `if (likely(c))` is the cold path (e.g. the general-stride
    /// version specialize_dense_strides keeps beside the dense one): its loops are left
    /// whole, which keeps the code, and the compile time, from growing for them.
    Stmt visit(const IfThenElse *op) override {
        if (!is_likely(op->condition) || !op->else_case.defined()) {
            return IRMutator::visit(op);
        }
        Stmt then_case = mutate(op->then_case);
        if (then_case.same_as(op->then_case)) {
            return op;
        }
        return IfThenElse::make(op->condition, then_case, op->else_case);
    }

    Stmt visit(const For *op) override {
        if (op->for_type != ForType::Serial || op->device_api != DeviceAPI::Host ||
            contains_loop(op->body)) {
            return IRMutator::visit(op);
        }
        SteadyState steady(op->name);
        Stmt steady_body = steady.mutate(op->body);
        Constraints c = steady.constraints;
        c.lower = tightest(c.lower, true);
        c.upper = tightest(c.upper, false);
        c.invariant = tightest(c.invariant, true);
        if (steady_body.same_as(op->body) || !c.constrains_loop()) {
            return op;
        }
        steady_body = ScalarBaseLets().mutate(simplify(StripLikely().mutate(steady_body)));
        // No simplify here: partition_loops simplifies the whole result once.
        steady_body = CancelBaseOffsets(op->name).mutate(steady_body);
        debug(3) << "partition_loops: " << op->name << " (" << c.lower.size() << " lower, "
                 << c.upper.size() << " upper, " << c.invariant.size() << " invariant bounds)\n";
        // Names: the loop's own, with a suffix (loop names are unique).
        const std::string &v = op->name;
        Expr loop_min = op->min;
        Expr loop_end = simplify(add(op->min, op->extent));
        Expr steady_min = var(v + ".steady_min");
        Expr steady_end = var(v + ".steady_end");
        Expr first = max(min(max_of(c.lower, loop_min), loop_end), loop_min);
        Expr last_plus_one = max(min(add(min_of(c.upper, sub(loop_end, 1)), 1), loop_end),
                                 steady_min);
        if (!c.invariant.empty()) {
            std::vector<Expr> conditions; // distinct after simplification
            for (const Expr &d : c.invariant) {
                Expr cond = simplify(LE::make(d, i32(0)));
                bool seen = false;
                for (const Expr &k : conditions) {
                    seen = seen || deep_equal(k, cond);
                }
                if (!seen) {
                    conditions.push_back(cond);
                }
            }
            Expr ok = conditions[0];
            for (size_t i = 1; i < conditions.size(); i++) {
                ok = And::make(ok, conditions[i]);
            }
            last_plus_one = Select::make(ok, last_plus_one, steady_min);
        }
        auto loop = [&](const Expr &from, const Expr &to, const Stmt &body) {
            return For::make(v, from, sub(to, from), op->for_type, op->device_api, body);
        };
        std::vector<Stmt> parts;
        if (!c.lower.empty()) {
            parts.push_back(loop(loop_min, steady_min, op->body));
        }
        if (c.upper.empty() && c.invariant.empty()) { // steady to the end
            parts.push_back(loop(steady_min, loop_end, steady_body));
            return LetStmt::make(v + ".steady_min", simplify(first), Block::make(parts));
        }
        parts.push_back(loop(steady_min, steady_end, steady_body));
        parts.push_back(loop(steady_end, loop_end, op->body));
        Stmt result = Block::make(parts);
        result = LetStmt::make(v + ".steady_end", simplify(last_plus_one), result);
        return LetStmt::make(v + ".steady_min", simplify(first), result);
    }
};

} // namespace

Stmt partition_loops(const Stmt &s) {
    // WEFT_NO_PARTITION_LOOPS=1 only strips the tags: to measure what partitioning does.
    static const bool disabled = [] {
        const char *v = std::getenv("WEFT_NO_PARTITION_LOOPS");
        return v && std::atoi(v) != 0;
    }();
    Stmt partitioned = disabled ? s : Partition().mutate(s);
    Stmt stripped = StripLikely().mutate(partitioned);
    if (stripped.same_as(s)) {
        return s;
    }
    return simplify(stripped);
}

} // namespace weft::internal
