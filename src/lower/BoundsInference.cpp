#include "BoundsInference.h"

#include "Debug.h"
#include "Error.h"
#include "LowerUtil.h"
#include "ScheduleFunctions.h"
#include "StageLoopNest.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <cstdint>

namespace weft::internal {

namespace {

using namespace lowering;

using LetList = std::vector<std::pair<std::string, Expr>>;

Box required_of(const Stmt &s, const std::string &name) {
    return box_required(s, name, Scope<Interval>());
}

/// True when the interval is unbounded, or reaches the limits of Int(32): interval
/// analysis bounds a data-dependent int32 coordinate (a Load) by its type, a region no
/// allocation or loop can cover (its extent would not even fit in an int32).
bool is_unbounded(const Interval &in) {
    auto at_limit = [](const Expr &e) {
        auto c = as_const_int(simplify(e));
        return c && (*c <= INT32_MIN || *c >= INT32_MAX);
    };
    return !in.is_bounded() || at_limit(in.min) || at_limit(in.max);
}

/// The stage nests of a produce node: its body is a Block chain, one nest per stage.
std::vector<Stmt> stage_nests(const Stmt &body) {
    std::vector<Stmt> nests;
    Stmt s = body;
    while (const Block *b = s.as<Block>()) {
        nests.push_back(b->first);
        s = b->rest;
    }
    nests.push_back(s);
    return nests;
}

/// Wraps `body` in `lets` (the first one outermost).
Stmt wrap_lets(const LetList &lets, Stmt body) {
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
        body = LetStmt::make(it->first, it->second, body);
    }
    return body;
}

/// Inserts `lets` after the LetStmts that already open `s`.
Stmt insert_after_leading_lets(const Stmt &s, const LetList &lets) {
    if (const LetStmt *l = s.as<LetStmt>()) {
        return LetStmt::make(l->name, l->value, insert_after_leading_lets(l->body, lets));
    }
    return wrap_lets(lets, s);
}

/// Defines the stage bounds of one Func at its compute site; collects the LetStmts to
/// place at the top of its compute level.
class DefineStageBounds : public IRMutator {
public:
    DefineStageBounds(const Function &f, bool is_output) : f_(f), is_output_(is_output) {}

    LetList lets;
    int found = 0;

    using IRMutator::visit;
    Stmt visit(const Block *op) override {
        if (is_produce_of_f(op->first)) {
            return handle(op->first, op->rest);
        }
        return IRMutator::visit(op);
    }
    Stmt visit(const ProducerConsumer *op) override {
        if (is_produce_of_f(op)) {
            return handle(op, Stmt());
        }
        return IRMutator::visit(op);
    }

private:
    bool is_produce_of_f(const Stmt &s) const {
        const ProducerConsumer *pc = s.as<ProducerConsumer>();
        return pc && pc->is_producer && pc->name == f_.name();
    }

    Box required_by_consumers(const Stmt &consume) const {
        Box req = consume.defined() ? required_of(consume, f_.name()) : Box();
        if (is_output_) {
            Box out(f_.args().size());
            for (int i = 0; i < f_.dimensions(); i++) {
                Expr mn = var(buffer_field(f_.name(), "min", i));
                Expr extent = var(buffer_field(f_.name(), "extent", i));
                out[i] = Interval(mn, sub(add(mn, extent), 1));
            }
            box_merge(req, out);
        }
        return req;
    }

    const Bound *explicit_bound(const std::string &arg) const {
        for (const Bound &b : f_.schedule().bounds) {
            if (b.var == arg) {
                return &b;
            }
        }
        return nullptr;
    }

    void check_bound_vars() const {
        for (const Bound &b : f_.schedule().bounds) {
            const auto &args = f_.args();
            user_assert(std::find(args.begin(), args.end(), b.var) != args.end())
                << "bound: Func \"" << f_.name() << "\" has no pure Var \"" << b.var
                << "\" to bound.";
        }
    }

    Interval bounded_region(const Interval &in, int i, std::vector<Stmt> *asserts) const {
        const std::string &arg = f_.args()[i];
        const Bound *b = explicit_bound(arg);
        if (!b) {
            user_assert(!is_unbounded(in))
                << "Bounds inference: Func \"" << f_.name() << "\" is accessed over an "
                << "unbounded region in dimension " << i << " (Var \"" << arg
                << "\"), so its size cannot be inferred. Clamp the coordinates at which it is "
                   "called, or give it an explicit bound().";
            return Interval(simplify(in.min), simplify(in.max));
        }
        user_assert(b->min.defined() || in.has_lower_bound())
            << "Bounds inference: Func \"" << f_.name() << "\" has an extent-only bound on Var \""
            << arg << "\" but its required minimum is unbounded; give bound() a min too.";
        Expr bmin = b->min.defined() ? b->min : in.min;
        Expr bmax = sub(add(bmin, b->extent), 1);
        if (asserts && in.is_bounded()) {
            Expr ok = b->min.defined()
                          ? Expr(And::make(LE::make(bmin, in.min), LE::make(in.max, bmax)))
                          : Expr(LE::make(add(sub(in.max, in.min), 1), b->extent));
            Expr msg = error_call("weft_error_explicit_bound",
                                  {Expr(f_.name()), Expr(arg), bmin, bmax, in.min, in.max});
            asserts->push_back(AssertStmt::make(simplify(ok), msg));
        }
        return Interval(simplify(bmin), simplify(bmax));
    }

    /// Adds the lets <stage_var>.min and .max of region r. A region whose min is an
    /// expression gets it as a LetStmt <stage_var>.base (shared with the earlier stages
    /// over the same min), and its min and max are that base plus constants where they
    /// can be:
    ///     let f.s1.x.base = min(...)       let f.s0.x.min = f.s1.x.base
    ///     let f.s1.x.min = f.s1.x.base     let f.s0.x.max = f.s1.x.base + 31
    ///     let f.s1.x.max = f.s1.x.base + 31
    /// The simplifier inlines lets bound to a variable plus a constant, so the extents of
    /// the stage loops and of the realization fold to constants (which unrolling a Func
    /// computed at a tile of its consumer, and a stack allocation of the tile, need).
    /// Min and max stay separate LetStmts for sliding_window, which rewrites one of them.
    void define_stage_bounds(const std::string &stage_var, const Interval &r) {
        Expr mn = r.min, mx = r.max;
        if (mn.defined() && !is_const(mn) && !mn.as<Variable>()) {
            Expr base = earlier_base(mn);
            if (!base.defined()) {
                lets.emplace_back(stage_var + ".base", mn);
                base = var(stage_var + ".base");
            }
            Expr size = mx.defined() ? simplify(sub(mx, mn)) : Expr();
            if (size.defined() && is_const(size)) {
                mx = add(base, size);
            }
            mn = base;
        }
        lets.emplace_back(stage_var + ".min", mn);
        lets.emplace_back(stage_var + ".max", mx);
    }

    /// The variable of an earlier .base let whose value is e (undefined if none).
    Expr earlier_base(const Expr &e) const {
        for (const auto &[name, value] : lets) {
            if (name.ends_with(".base") && equal(value, e)) {
                return var(name);
            }
        }
        return Expr();
    }

    /// b in terms of the values of this Func's stage bounds rather than their names,
    /// so that the bounds of earlier stages simplify.
    Box with_lets_substituted(Box b) const {
        // Last first: a bound may be defined in terms of an earlier one.
        auto substitute_lets = [&](Expr e) {
            for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
                e = substitute(it->first, it->second, e);
            }
            return simplify(e);
        };
        for (size_t i = 0; i < b.size(); i++) {
            if (b[i].min.defined()) {
                b[i].min = substitute_lets(b[i].min);
            }
            if (b[i].max.defined()) {
                b[i].max = substitute_lets(b[i].max);
            }
        }
        return b;
    }

    Stmt handle(const Stmt &produce, const Stmt &rest) {
        found++;
        check_bound_vars();
        const ProducerConsumer *pc = produce.as<ProducerConsumer>();
        std::vector<Stmt> nests = stage_nests(pc->body);
        internal_assert(static_cast<int>(nests.size()) == f_.stages())
            << "bounds_inference: produce " << f_.name() << " has " << nests.size() << " nests for "
            << f_.stages() << " stages";
        Box acc = required_by_consumers(rest);
        std::vector<Stmt> asserts;
        for (int k = f_.stages() - 1; k >= 0; k--) {
            std::string prefix = stage_prefix(f_.name(), k);
            for (int i = 0; i < f_.dimensions(); i++) {
                Interval in = acc.empty() ? Interval(i32(0), i32(-1)) : acc[i];
                Interval r = bounded_region(in, i, k == 0 ? &asserts : nullptr);
                define_stage_bounds(prefix + f_.args()[i], r);
            }
            if (k > 0) {
                box_merge(acc, with_lets_substituted(required_of(nests[k], f_.name())));
            }
        }
        Stmt site = rest.defined() ? Block::make(produce, rest) : produce;
        asserts.push_back(site);
        return Block::make(asserts);
    }

    const Function &f_;
    bool is_output_;
};

Stmt insert_lets_at_level(const Stmt &s, const LoopLevelData &level, const LetList &lets) {
    if (level.is_root()) {
        return insert_after_leading_lets(s, lets);
    }
    std::string loop = stage_prefix(level.func, level.stage_index) + level.var;
    class Inserter : public IRMutator {
    public:
        Inserter(const std::string &l, const LetList &ls) : loop_(l), lets_(ls) {}
        int found = 0;
        using IRMutator::visit;
        Stmt visit(const For *op) override {
            if (op->name != loop_) {
                return IRMutator::visit(op);
            }
            found++;
            return For::make(op->name, op->min, op->extent, op->for_type, op->device_api,
                             insert_after_leading_lets(op->body, lets_));
        }

    private:
        const std::string &loop_;
        const LetList &lets_;
    };
    Inserter inserter(loop, lets);
    Stmt result = inserter.mutate(s);
    internal_assert(inserter.found == 1)
        << "bounds_inference: compute loop " << loop << " found " << inserter.found << " times";
    return result;
}

/// The region of f computed by its produce node, over every iteration of the loops
/// between f's Realize and its compute site. The box is taken at the site, where the
/// enclosing loop variables are single points (so a loop's min and extent cancel
/// exactly), the LetStmts on the way are substituted, and only then is it bounded over
/// the ranges of those loops.
class RealizedRegion : public IRVisitor {
public:
    explicit RealizedRegion(const std::string &f) : f_(f) {}
    Box region;
    bool found = false;

    using IRVisitor::visit;
    void visit(const ProducerConsumer *op) override {
        if (!op->is_producer || op->name != f_) {
            IRVisitor::visit(op);
            return;
        }
        found = true;
        region = box_provided(Stmt(op), f_, Scope<Interval>());
        for (size_t i = 0; i < region.size(); i++) {
            region[i] = Interval(unwind(region[i].min, true), unwind(region[i].max, false));
        }
    }
    void visit(const For *op) override {
        if (found) {
            return;
        }
        path_.push_back({op->name, Expr(), op->min, simplify(sub(add(op->min, op->extent), 1))});
        walk(op->body);
        path_.pop_back();
    }
    void visit(const LetStmt *op) override {
        if (found) {
            return;
        }
        path_.push_back({op->name, op->value, Expr(), Expr()});
        walk(op->body);
        path_.pop_back();
    }

private:
    struct Binding {
        std::string name;
        Expr let_value;          // a LetStmt
        Expr loop_min, loop_max; // a For
    };

    /// Substitutes lets and bounds loop variables from the innermost binding outwards.
    Expr unwind(Expr e, bool want_min) const {
        for (auto it = path_.rbegin(); it != path_.rend() && e.defined(); ++it) {
            if (!expr_uses_var(e, it->name)) {
                continue;
            }
            if (it->let_value.defined()) {
                e = simplify(substitute(it->name, it->let_value, e));
                continue;
            }
            Scope<Interval> scope;
            scope.push(it->name, Interval(it->loop_min, it->loop_max));
            Interval b = bounds_of_expr_in_scope(e, scope);
            e = want_min ? b.min : b.max;
        }
        return e.defined() ? simplify(e) : e;
    }

    const std::string &f_;
    std::vector<Binding> path_;
};

/// Defines f.<arg>.min_realized / extent_realized outside each Realize.
class DefineRealizedBounds : public IRMutator {
public:
    explicit DefineRealizedBounds(const std::map<std::string, Function> &env) : env_(env) {}

    using IRMutator::visit;
    Stmt visit(const Realize *op) override {
        Stmt body = mutate(op->body);
        const Function &f = env_.at(op->name);
        RealizedRegion finder(op->name);
        finder.walk(body);
        internal_assert(finder.found)
            << "bounds_inference: no produce of " << op->name << " inside its Realize";
        const Box &touched = finder.region;
        LetList lets;
        for (int i = 0; i < f.dimensions(); i++) {
            Interval in = touched.empty() ? Interval(i32(0), i32(-1)) : touched[i];
            user_assert(!is_unbounded(in))
                << "Bounds inference: the storage of Func \"" << f.name()
                << "\" is unbounded in dimension " << i << " (Var \"" << f.args()[i]
                << "\"); clamp the coordinates at which it is written.";
            Expr mn = simplify(in.min);
            lets.emplace_back(min_realized_name(f.name(), f.args()[i]), mn);
            lets.emplace_back(extent_realized_name(f.name(), f.args()[i]),
                              simplify(add(sub(in.max, mn), 1)));
        }
        Stmt r =
            Realize::make(op->name, op->types, op->memory_type, op->bounds, op->condition, body);
        return wrap_lets(lets, r);
    }

private:
    const std::map<std::string, Function> &env_;
};

} // namespace

Stmt bounds_inference(const Stmt &s, const std::vector<Function> &outputs,
                      const std::vector<std::string> &order,
                      const std::map<std::string, Function> &env) {
    std::map<std::string, Placement> placements = resolve_placements(outputs, env);
    Stmt result = s;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const Placement &p = placements.at(*it);
        if (p.compute.is_inlined()) {
            continue;
        }
        DefineStageBounds define(env.at(*it), p.is_output);
        result = define.mutate(result);
        internal_assert(define.found == 1)
            << "bounds_inference: produce " << *it << " found " << define.found << " times";
        debug(4) << "bounds_inference: " << *it << " at " << define.lets.size() << " lets\n";
        result = insert_lets_at_level(result, p.compute, define.lets);
    }
    return DefineRealizedBounds(env).mutate(result);
}

} // namespace weft::internal
