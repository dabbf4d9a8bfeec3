#include "VectorizeLoops.h"

#include "Debug.h"
#include "Error.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace weft::internal {

namespace {

/// The schedule's name for a loop: the last component of "f.s0.x.xi".
std::string short_loop_name(const std::string &loop) {
    size_t dot = loop.rfind('.');
    return dot == std::string::npos ? loop : loop.substr(dot + 1);
}

/// Names whose value differs across the lanes of the loop being vectorized: the loop
/// variable and widened lets (as Variables), widened allocations (as Load names).
struct VaryingNames {
    std::set<std::string> vars;
    std::set<std::string> allocations;
};

/// Finds whether an expression depends on a varying name, following Lets inside it.
class FindVarying : public IRVisitor {
public:
    explicit FindVarying(const VaryingNames &names) : names_(names) {}
    bool found = false;

private:
    using IRVisitor::visit;
    const VaryingNames &names_;
    std::set<std::string> local_;

    void visit(const Variable *op) override {
        found = found || names_.vars.count(op->name) || local_.count(op->name);
    }
    void visit(const Load *op) override {
        found = found || names_.allocations.count(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Let *op) override {
        FindVarying value(names_);
        value.local_ = local_;
        value.walk(op->value);
        if (value.found) {
            local_.insert(op->name);
        }
        walk(op->body);
    }
};

/// Replaces, in a copy of a scalarized statement for lane `lane`, the loop variable
/// by `var + lane` and each access i to a widened allocation by i * lanes + lane.
class LaneCopy : public IRMutator {
public:
    LaneCopy(const std::string &var, int lane, int lanes, const std::set<std::string> &allocs)
        : var_(var), lane_(lane), lanes_(lanes), allocs_(allocs) {}

private:
    using IRMutator::visit;
    std::string var_;
    int lane_, lanes_;
    const std::set<std::string> &allocs_;

    Expr lane_index(const Expr &index) const {
        Type t = index.type();
        return Add::make(Mul::make(index, make_const(t, lanes_)), make_const(t, lane_));
    }
    Expr visit(const Variable *op) override {
        if (op->name != var_) {
            return op;
        }
        return Add::make(Expr(op), make_const(op->type, lane_));
    }
    Expr visit(const Load *op) override {
        Expr e = IRMutator::visit(op);
        const Load *l = e.as<Load>();
        if (!allocs_.count(op->name)) {
            return e;
        }
        return Load::make(l->type, l->name, lane_index(l->index), l->predicate, l->param);
    }
    Stmt visit(const Store *op) override {
        Stmt s = IRMutator::visit(op);
        const Store *st = s.as<Store>();
        if (!allocs_.count(op->name)) {
            return s;
        }
        return Store::make(st->name, st->value, lane_index(st->index), st->predicate, st->param);
    }
};

/// Widens the body of one vectorized loop (see the header for the rules).
class VectorSubs : public IRMutator {
public:
    VectorSubs(const std::string &var, int lanes)
        : var_(var), lanes_(lanes), ramp_(Ramp::make(int_var(var), make_one(Int(32)), lanes)) {
        varying_.vars.insert(var);
    }

private:
    using IRMutator::visit;

    std::string var_;
    int lanes_;
    Expr ramp_;
    VaryingNames varying_;
    std::vector<std::pair<std::string, Expr>> widened_lets_; // name -> its widened uses
    Expr predicate_; // the lanes that execute, inside a predicated IfThenElse

    // ---- Queries on the original IR ------------------------------------------------

    bool varying(const Expr &e) const {
        if (!e.defined()) {
            return false;
        }
        FindVarying f(varying_);
        f.walk(e);
        return f.found;
    }

    /// Vector IR that itself depends on the loop (a nested vectorized loop).
    bool has_varying_vector(const Expr &e) const {
        bool found = false;
        if (e.defined()) {
            walk_exprs(e, [&](const Expr &x) {
                found = found || (x.type().is_vector() && varying(x));
                return !found;
            });
        }
        return found;
    }

    bool needs_scalarization(const Expr &e) const {
        return e.defined() && (!is_pure(e) || has_varying_vector(e));
    }

    static bool has_vector(const Expr &e) {
        bool found = false;
        if (e.defined()) {
            walk_exprs(e, [&](const Expr &x) {
                found = found || x.type().is_vector();
                return !found;
            });
        }
        return found;
    }

    /// Can this expression be evaluated under a lane predicate?
    bool predicable(const Expr &e) const { return !needs_scalarization(e) && !has_vector(e); }

    /// Can a statement run under a lane predicate (only stores, lets and control)?
    bool predicable(const Stmt &s) const {
        if (!s.defined()) {
            return true;
        }
        if (const Store *op = s.as<Store>()) {
            return predicable(op->value) && predicable(op->index) && predicable(op->predicate) &&
                   !varying_.allocations.count(op->name);
        }
        if (const Block *op = s.as<Block>()) {
            return predicable(op->first) && predicable(op->rest);
        }
        if (const LetStmt *op = s.as<LetStmt>()) {
            return predicable(op->value) && predicable(op->body);
        }
        if (const IfThenElse *op = s.as<IfThenElse>()) {
            return predicable(op->condition) && predicable(op->then_case) &&
                   predicable(op->else_case);
        }
        if (const ProducerConsumer *op = s.as<ProducerConsumer>()) {
            return predicable(op->body);
        }
        if (const Evaluate *op = s.as<Evaluate>()) {
            return predicable(op->value);
        }
        return false;
    }

    // ---- Building widened IR -------------------------------------------------------

    Expr widen(const Expr &e) const { return broadcast_to(e, lanes_); }

    Expr and_predicate(const Expr &p) const {
        if (!predicate_.defined()) {
            return p;
        }
        if (!p.defined()) {
            return predicate_;
        }
        return And::make(widen(p), predicate_);
    }

    /// Index of a lane's element in a widened allocation: index * L + lane.
    Expr lane_index(const Expr &index) const {
        Expr i = widen(index);
        return Add::make(Mul::make(i, make_const(i.type(), lanes_)),
                         Ramp::make(make_zero(Int(32)), make_one(Int(32)), lanes_));
    }

    std::string widened_name(const std::string &name) const {
        return name + ".widened." + var_;
    }

    /// How a let whose value widened is bound: `let name = value`, its uses becoming
    /// `uses`. A Ramp or Broadcast value binds only its scalar base, so the uses stay a
    /// visible Ramp (dense accesses through a let, e.g. x = xo * 8 + xi, stay dense).
    struct WidenedLet {
        std::string name;
        Expr value;
        Expr uses;
    };

    WidenedLet widened_let(const std::string &original, const Expr &widened) const {
        Expr value = simplify(widened);
        if (const Ramp *r = value.as<Ramp>()) {
            std::string name = widened_name(original) + ".base";
            Expr base = Variable::make(r->base.type(), name);
            return {name, r->base, Ramp::make(base, r->stride, r->lanes)};
        }
        if (const Broadcast *b = value.as<Broadcast>()) {
            std::string name = widened_name(original) + ".base";
            Expr base = Variable::make(b->value.type(), name);
            return {name, b->value, Broadcast::make(base, b->lanes)};
        }
        std::string name = widened_name(original);
        return {name, value, Variable::make(value.type(), name)};
    }

    /// Lane `lane` of the uses of a widened let, as a scalar.
    static Expr lane_of(const Expr &uses, int lane) {
        if (const Ramp *r = uses.as<Ramp>()) {
            return Add::make(r->base, Mul::make(r->stride, make_const(r->stride.type(), lane)));
        }
        if (const Broadcast *b = uses.as<Broadcast>()) {
            return b->value;
        }
        return Shuffle::make_extract_element(uses, lane);
    }

    /// L copies of `s`, one per lane in lane order, each scalar in the loop variable.
    Stmt scalarize(const Stmt &s) const {
        debug(3) << "vectorize_loops: scalarizing in " << var_ << ":\n" << s;
        std::vector<Stmt> copies;
        for (int lane = 0; lane < lanes_; lane++) {
            Stmt c = LaneCopy(var_, lane, lanes_, varying_.allocations).mutate(s);
            for (const auto &[name, vec] : widened_lets_) {
                if (stmt_uses_var(c, name)) {
                    c = LetStmt::make(name, lane_of(vec, lane), c);
                }
            }
            copies.push_back(c);
        }
        return Block::make(copies);
    }

    // ---- Expressions ---------------------------------------------------------------

    Expr visit(const Variable *op) override {
        if (op->name == var_) {
            return ramp_;
        }
        for (auto it = widened_lets_.rbegin(); it != widened_lets_.rend(); ++it) {
            if (it->first == op->name) {
                return it->second;
            }
        }
        return op;
    }

    Expr visit(const Cast *op) override {
        Expr v = mutate(op->value);
        if (v.same_as(op->value)) {
            return op;
        }
        return Cast::make(op->type.with_lanes(v.type().lanes), v);
    }

    Expr visit(const Reinterpret *op) override {
        Expr v = mutate(op->value);
        if (v.same_as(op->value)) {
            return op;
        }
        return Reinterpret::make(op->type.with_lanes(v.type().lanes), v);
    }

    template <typename T>
    Expr widen_binary(const T *op) {
        Expr a = mutate(op->a);
        Expr b = mutate(op->b);
        if (a.same_as(op->a) && b.same_as(op->b)) {
            return op;
        }
        int lanes = std::max(a.type().lanes, b.type().lanes);
        return T::make(broadcast_to(a, lanes), broadcast_to(b, lanes));
    }

    Expr visit(const Add *op) override { return widen_binary(op); }
    Expr visit(const Sub *op) override { return widen_binary(op); }
    Expr visit(const Mul *op) override { return widen_binary(op); }
    Expr visit(const Div *op) override { return widen_binary(op); }
    Expr visit(const Mod *op) override { return widen_binary(op); }
    Expr visit(const Min *op) override { return widen_binary(op); }
    Expr visit(const Max *op) override { return widen_binary(op); }
    Expr visit(const EQ *op) override { return widen_binary(op); }
    Expr visit(const NE *op) override { return widen_binary(op); }
    Expr visit(const LT *op) override { return widen_binary(op); }
    Expr visit(const LE *op) override { return widen_binary(op); }
    Expr visit(const GT *op) override { return widen_binary(op); }
    Expr visit(const GE *op) override { return widen_binary(op); }
    Expr visit(const And *op) override { return widen_binary(op); }
    Expr visit(const Or *op) override { return widen_binary(op); }

    Expr visit(const Select *op) override {
        Expr c = mutate(op->condition);
        Expr t = mutate(op->true_value);
        Expr f = mutate(op->false_value);
        if (c.same_as(op->condition) && t.same_as(op->true_value) &&
            f.same_as(op->false_value)) {
            return op;
        }
        int lanes = std::max({c.type().lanes, t.type().lanes, f.type().lanes});
        // A scalar condition may select between vectors.
        Expr cond = c.type().is_scalar() ? c : broadcast_to(c, lanes);
        return Select::make(cond, broadcast_to(t, lanes), broadcast_to(f, lanes));
    }

    Expr visit(const Load *op) override {
        Expr index = mutate(op->index);
        Expr pred = mutate(op->predicate);
        bool own_lanes = varying_.allocations.count(op->name) != 0;
        if (index.same_as(op->index) && pred.same_as(op->predicate) && !own_lanes &&
            !predicate_.defined()) {
            return op;
        }
        internal_assert(op->type.is_scalar())
            << "vectorize_loops: vector load of " << op->name << " was not scalarized";
        if (own_lanes) {
            index = lane_index(index);
        }
        pred = and_predicate(pred);
        bool wide = index.type().is_vector() || (pred.defined() && pred.type().is_vector());
        int lanes = wide ? lanes_ : 1;
        index = broadcast_to(index, lanes);
        pred = pred.defined() ? broadcast_to(pred, lanes) : pred;
        return Load::make(op->type.with_lanes(lanes), op->name, index, pred, op->param);
    }

    Expr visit(const Ramp *op) override {
        Expr e = IRMutator::visit(op);
        internal_assert(e.same_as(op)) << "vectorize_loops: nested vector IR not scalarized";
        return e;
    }

    Expr visit(const Broadcast *op) override {
        Expr e = IRMutator::visit(op);
        internal_assert(e.same_as(op)) << "vectorize_loops: nested vector IR not scalarized";
        return e;
    }

    Expr visit(const Shuffle *op) override {
        Expr e = IRMutator::visit(op);
        internal_assert(e.same_as(op)) << "vectorize_loops: nested vector IR not scalarized";
        return e;
    }

    Expr visit(const VectorReduce *op) override {
        Expr e = IRMutator::visit(op);
        internal_assert(e.same_as(op)) << "vectorize_loops: nested vector IR not scalarized";
        return e;
    }

    Expr visit(const Call *op) override {
        std::vector<Expr> args;
        if (!mutate_all(op->args, args)) {
            return op;
        }
        internal_assert(op->is_pure() && op->type.is_scalar())
            << "vectorize_loops: call to " << op->name << " was not scalarized";
        for (Expr &a : args) {
            a = widen(a);
        }
        return Call::make(op->type.with_lanes(lanes_), op->name, std::move(args), op->call_type,
                          op->func, op->value_index, op->param);
    }

    Expr visit(const Let *op) override {
        Expr value = mutate(op->value);
        if (value.type().is_scalar() || op->value.type().is_vector()) {
            Expr body = mutate(op->body);
            if (value.same_as(op->value) && body.same_as(op->body)) {
                return op;
            }
            return Let::make(op->name, value, body);
        }
        WidenedLet w = widened_let(op->name, value);
        widened_lets_.emplace_back(op->name, w.uses);
        varying_.vars.insert(op->name);
        Expr body = mutate(op->body);
        varying_.vars.erase(op->name);
        widened_lets_.pop_back();
        return Let::make(w.name, w.value, body);
    }

    // ---- Statements ----------------------------------------------------------------

    Stmt visit(const LetStmt *op) override {
        if (needs_scalarization(op->value)) {
            return scalarize(op);
        }
        Expr value = mutate(op->value);
        if (value.type().is_scalar() || op->value.type().is_vector()) {
            Stmt body = mutate(op->body);
            if (value.same_as(op->value) && body.same_as(op->body)) {
                return op;
            }
            return LetStmt::make(op->name, value, body);
        }
        WidenedLet w = widened_let(op->name, value);
        widened_lets_.emplace_back(op->name, w.uses);
        varying_.vars.insert(op->name);
        Stmt body = mutate(op->body);
        varying_.vars.erase(op->name);
        widened_lets_.pop_back();
        return LetStmt::make(w.name, w.value, body);
    }

    Stmt visit(const Store *op) override {
        bool own_lanes = varying_.allocations.count(op->name) != 0;
        if (needs_scalarization(op->value) || needs_scalarization(op->index) ||
            needs_scalarization(op->predicate) || (own_lanes && op->index.type().is_vector())) {
            return scalarize(op);
        }
        Expr value = mutate(op->value);
        Expr index = mutate(op->index);
        Expr pred = mutate(op->predicate);
        if (value.same_as(op->value) && index.same_as(op->index) &&
            pred.same_as(op->predicate) && !own_lanes && !predicate_.defined()) {
            return op;
        }
        internal_assert(op->value.type().is_scalar())
            << "vectorize_loops: vector store to " << op->name << " was not scalarized";
        if (own_lanes) {
            index = lane_index(index);
        }
        pred = and_predicate(pred);
        bool wide = value.type().is_vector() || index.type().is_vector() ||
                    (pred.defined() && pred.type().is_vector());
        int lanes = wide ? lanes_ : 1;
        value = broadcast_to(value, lanes);
        index = broadcast_to(index, lanes);
        pred = pred.defined() ? broadcast_to(pred, lanes) : pred;
        return Store::make(op->name, value, index, pred, op->param);
    }

    Stmt visit(const Evaluate *op) override {
        if (needs_scalarization(op->value)) {
            return scalarize(op);
        }
        return IRMutator::visit(op);
    }

    Stmt visit(const AssertStmt *op) override {
        if (varying(op->condition) || varying(op->message) || !is_pure(op->condition)) {
            return scalarize(op);
        }
        return op;
    }

    Stmt visit(const IfThenElse *op) override {
        if (!varying(op->condition) && !needs_scalarization(op->condition)) {
            return IRMutator::visit(op);
        }
        if (!predicable(op->condition) || !predicable(op->then_case) ||
            !predicable(op->else_case)) {
            return scalarize(op);
        }
        Expr cond = mutate(op->condition);
        Expr outer = predicate_;
        predicate_ = and_predicate(widen(cond));
        Stmt then_case = mutate(op->then_case);
        predicate_ = outer;
        Stmt else_case;
        if (op->else_case.defined()) {
            predicate_ = and_predicate(Not::make(widen(cond)));
            else_case = mutate(op->else_case);
            predicate_ = outer;
        }
        return Block::make({then_case, else_case});
    }

    Stmt visit(const For *op) override {
        if (varying(op->min) || varying(op->extent) || needs_scalarization(op->min) ||
            needs_scalarization(op->extent)) {
            return scalarize(op);
        }
        internal_assert(!predicate_.defined()) << "vectorize_loops: loop under a predicate";
        return IRMutator::visit(op);
    }

    Stmt visit(const Allocate *op) override {
        bool varying_extent = std::any_of(op->extents.begin(), op->extents.end(),
                                          [&](const Expr &e) { return varying(e); });
        if (varying_extent || varying(op->condition) || needs_scalarization(op->condition)) {
            return scalarize(op);
        }
        std::vector<Expr> extents = op->extents;
        extents.push_back(make_const(Int(32), lanes_));
        varying_.allocations.insert(op->name);
        Stmt body = mutate(op->body);
        varying_.allocations.erase(op->name);
        return Allocate::make(op->name, op->type, op->memory_type, std::move(extents),
                              op->condition, body);
    }

    Stmt visit(const Provide *op) override {
        internal_error << "vectorize_loops: Provide to " << op->name
                       << " survived storage flattening";
        return op;
    }

    Stmt visit(const Realize *op) override {
        internal_error << "vectorize_loops: Realize of " << op->name
                       << " survived storage flattening";
        return op;
    }

public:
    Stmt widen_body(const Stmt &body) { return mutate(body); }
};

class VectorizeLoops : public IRMutator {
public:
    explicit VectorizeLoops(const Target &t) : target_(t) {}

private:
    using IRMutator::visit;
    const Target &target_;

    Stmt visit(const For *op) override {
        if (op->for_type != ForType::Vectorized) {
            return IRMutator::visit(op);
        }
        // Inner vectorized loops first; the outer one then scalarizes what they made.
        Stmt body = mutate(op->body);
        Expr extent = simplify(op->extent);
        std::optional<int64_t> lanes = as_const_int(extent);
        user_assert(lanes.has_value())
            << "Can only vectorize a loop of constant extent; loop \"" << op->name
            << "\" has extent " << extent << ". Use vectorize(" << short_loop_name(op->name)
            << ", factor) to split it first";
        if (*lanes <= 0) {
            return make_no_op();
        }
        if (*lanes == 1) {
            return LetStmt::make(op->name, op->min, body);
        }
        user_assert(*lanes <= 1024)
            << "Loop \"" << op->name << "\" is vectorized with " << *lanes
            << " lanes; at most 1024 are supported. Split it first, e.g. vectorize("
            << short_loop_name(op->name) << ", 16)";
        debug(3) << "vectorize_loops: " << op->name << " with " << *lanes << " lanes for "
                 << target_.to_string() << "\n";
        Stmt widened = VectorSubs(op->name, int(*lanes)).widen_body(body);
        return simplify(LetStmt::make(op->name, op->min, widened));
    }
};

} // namespace

Stmt vectorize_loops(const Stmt &s, const Target &target) {
    return VectorizeLoops(target).mutate(s);
}

} // namespace weft::internal
