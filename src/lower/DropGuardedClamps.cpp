#include "DropGuardedClamps.h"

#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace weft::internal {

namespace {

/// The comparisons p0 <= p1 and p0 < p1 that the predicate is a conjunction of, each
/// as the difference p0 - p1 (each lane of it <= 0 where the predicate holds).
void collect_bounds(const Expr &predicate, std::vector<Expr> &differences) {
    if (const And *a = predicate.as<And>()) {
        collect_bounds(a->a, differences);
        collect_bounds(a->b, differences);
        return;
    }
    if (const LE *le = predicate.as<LE>()) {
        differences.push_back(Sub::make(le->a, le->b));
        return;
    }
    if (const LT *lt = predicate.as<LT>()) {
        differences.push_back(Sub::make(lt->a, lt->b));
    }
}

/// Replaces min(a, b) by a where a - b is one of the differences (so a <= b in every
/// lane the predicate enables).
class DropClampsInIndex : public IRMutator {
public:
    explicit DropClampsInIndex(std::vector<Expr> differences)
        : differences_(std::move(differences)) {}

private:
    using IRMutator::visit;

    Expr visit(const Min *op) override {
        Expr a = mutate(op->a), b = mutate(op->b);
        const Expr difference = Sub::make(a, b);
        for (const Expr &d : differences_) {
            if (d.type() == difference.type() &&
                is_const_zero(simplify(Sub::make(difference, d)))) {
                return a;
            }
        }
        if (a.same_as(op->a) && b.same_as(op->b)) {
            return op;
        }
        return Min::make(a, b);
    }

    std::vector<Expr> differences_;
};

bool contains_min(const Expr &e) {
    bool found = false;
    walk_exprs(e, [&](const Expr &sub) {
        found = found || sub.as<Min>() != nullptr;
        return !found;
    });
    return found;
}

bool is_predicated_vector(const Expr &index, const Expr &predicate) {
    return index.type().is_vector() && predicate.defined() && !is_const_true(predicate);
}

/// `index` with the clamps the predicate makes redundant dropped; vector lets in
/// `lets` (a pure vectorized stage binds its clamped var in one) are substituted first
/// where that drops a clamp.
Expr drop_clamps(const Expr &index, const Expr &predicate,
                 const std::map<std::string, Expr> &lets) {
    std::vector<Expr> differences;
    collect_bounds(predicate, differences);
    if (differences.empty()) {
        return index;
    }
    DropClampsInIndex drop(std::move(differences));
    Expr result = drop.mutate(index);
    if (!result.same_as(index)) {
        return simplify(result);
    }
    if (lets.empty()) {
        return index;
    }
    const Expr inlined = substitute(lets, index);
    if (inlined.same_as(index)) {
        return index;
    }
    result = drop.mutate(inlined);
    return result.same_as(inlined) ? index : simplify(result);
}

/// For a predicate ramp(b, s, L) <= x(m) (or <) with a constant s >= 0: the scalar
/// condition that some lane holds, lane 0's (b <= m); undefined for other predicates.
Expr some_lane_holds(const Expr &predicate) {
    auto lane_zero = [](const Expr &a, const Expr &b) -> std::pair<Expr, Expr> {
        const Ramp *r = a.as<Ramp>();
        const Broadcast *m = b.as<Broadcast>();
        if (!r || !m) {
            return {};
        }
        const std::optional<int64_t> stride = as_const_int(r->stride);
        if (!stride || *stride < 0) {
            return {};
        }
        return {r->base, m->value};
    };
    if (const LE *le = predicate.as<LE>()) {
        auto [b, m] = lane_zero(le->a, le->b);
        return b.defined() ? LE::make(b, m) : Expr();
    }
    if (const LT *lt = predicate.as<LT>()) {
        auto [b, m] = lane_zero(lt->a, lt->b);
        return b.defined() ? LT::make(b, m) : Expr();
    }
    return Expr();
}

/// A predicated load of one address for every lane (a Broadcast index), which codegen
/// would emit as a masked gather, as one scalar load (under the condition that some
/// lane is enabled) broadcast to the enabled lanes.
Expr scalar_load_of_broadcast(const Load *op, const Expr &index, const Expr &predicate) {
    const Broadcast *b = index.as<Broadcast>();
    if (!b || !predicate.defined() || is_const_true(predicate)) {
        return Expr();
    }
    const Expr some = some_lane_holds(predicate);
    if (!some.defined()) {
        return Expr();
    }
    Expr scalar = Load::make(op->type.element_of(), op->name, b->value, some, op->param);
    return Select::make(predicate, Broadcast::make(scalar, op->type.lanes),
                        make_zero(op->type));
}

class DropGuardedClamps : public IRMutator {
    using IRMutator::visit;

    /// The vector lets in scope whose value holds a min: candidates for drop_clamps.
    std::map<std::string, Expr> lets_;

    template<typename LetOrLetStmt> auto visit_let(const LetOrLetStmt *op) {
        Expr value = mutate(op->value);
        const bool candidate = value.type().is_vector() && contains_min(value);
        std::optional<Expr> hidden;
        if (auto it = lets_.find(op->name); it != lets_.end()) {
            hidden = it->second;
            lets_.erase(it);
        }
        if (candidate) {
            lets_[op->name] = value;
        }
        auto body = mutate(op->body);
        lets_.erase(op->name);
        if (hidden) {
            lets_[op->name] = *hidden;
        }
        if (value.same_as(op->value) && body.same_as(op->body)) {
            return decltype(body)(op);
        }
        return decltype(body)(LetOrLetStmt::make(op->name, value, body));
    }

    Expr visit(const Let *op) override { return visit_let(op); }
    Stmt visit(const LetStmt *op) override { return visit_let(op); }

    Expr visit(const Load *op) override {
        Expr predicate = mutate(op->predicate);
        Expr index = mutate(op->index);
        if (is_predicated_vector(index, predicate)) {
            index = drop_clamps(index, predicate, lets_);
        }
        if (Expr scalar = scalar_load_of_broadcast(op, index, predicate); scalar.defined()) {
            return scalar;
        }
        if (index.same_as(op->index) && predicate.same_as(op->predicate)) {
            return op;
        }
        return Load::make(op->type, op->name, index, predicate, op->param);
    }

    Stmt visit(const Store *op) override {
        Expr predicate = mutate(op->predicate);
        Expr value = mutate(op->value);
        Expr index = mutate(op->index);
        if (is_predicated_vector(index, predicate)) {
            index = drop_clamps(index, predicate, lets_);
        }
        if (index.same_as(op->index) && value.same_as(op->value) &&
            predicate.same_as(op->predicate)) {
            return op;
        }
        return Store::make(op->name, value, index, predicate, op->param);
    }
};

} // namespace

Stmt drop_guarded_clamps(const Stmt &s) {
    return DropGuardedClamps().mutate(s);
}

} // namespace weft::internal
