// vectorize_reductions (VectorizeReductions.h): an atomic update's vectorized loop over
// one site becomes a dense loop of terms and one horizontal reduction.

#include "VectorizeReductions.h"

#include "Error.h"
#include "StageLoopNest.h"
#include "frontend/AssociativeOp.h"
#include "ir/Function.h"
#include "ir/ExprEqual.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

bool uses_any(const Expr &e, const std::set<std::string> &names) {
    for (const std::string &n : names) {
        if (expr_uses_var(e, n)) {
            return true;
        }
    }
    return false;
}

/// Matches `value` (stored to `name` at `index`) as an associative update of that site.
/// Any other read of the site is left to the caller, which allows one load of `name`.
AssociativeMatch match_reduction(const Expr &value, const std::string &name, const Expr &index) {
    auto is_self = [&](const Expr &e) {
        const Load *l = e.as<Load>();
        return l && l->name == name && deep_equal(l->index, index) &&
               (!l->predicate.defined() || is_const_true(l->predicate));
    };
    return match_associative(value, is_self, [](const Expr &) { return false; });
}

VectorReduce::Operator reduce_operator(AssociativeOp op) {
    switch (op) {
    case AssociativeOp::Add:
    case AssociativeOp::Sub:
        return VectorReduce::Add;
    case AssociativeOp::Mul:
        return VectorReduce::Mul;
    case AssociativeOp::Min:
        return VectorReduce::Min;
    case AssociativeOp::Max:
        return VectorReduce::Max;
    case AssociativeOp::And:
        return VectorReduce::And;
    case AssociativeOp::Or:
        return VectorReduce::Or;
    }
    return VectorReduce::Add;
}

/// Splits a conjunction into its conjuncts.
void conjuncts(const Expr &e, std::vector<Expr> &out) {
    if (const And *a = e.as<And>()) {
        conjuncts(a->a, out);
        conjuncts(a->b, out);
    } else {
        out.push_back(e);
    }
}

Expr conjunction(const std::vector<Expr> &cs) {
    Expr r;
    for (const Expr &c : cs) {
        r = r.defined() ? And::make(r, c) : c;
    }
    return r;
}

/// The names bound inside a loop body (loops and lets), and those of them whose value
/// varies with the vectorized loop's variable.
struct BodyNames : IRVisitor {
    std::set<std::string> bound, varying;
    std::vector<const Store *> one_site; // stores whose index does not vary
    std::vector<const Load *> loads;

    using IRVisitor::visit;
    void visit(const For *op) override {
        bound.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const LetStmt *op) override {
        bound.insert(op->name);
        if (uses_any(op->value, varying)) {
            varying.insert(op->name);
        }
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        if (!uses_any(op->index, varying)) {
            one_site.push_back(op);
        }
        IRVisitor::visit(op);
    }
    void visit(const Load *op) override {
        loads.push_back(op);
        IRVisitor::visit(op);
    }
};

/// Replaces one Store with another, collecting the conditions of the ifs around it.
class ReplaceStore : public IRMutator {
public:
    ReplaceStore(const Store *target, Stmt replacement)
        : target_(target), replacement_(std::move(replacement)) {}
    std::vector<Expr> path_conditions;

private:
    using IRMutator::visit;
    const Store *target_;
    Stmt replacement_;
    std::vector<Expr> conditions_;

    Stmt visit(const Store *op) override {
        if (op != target_) {
            return IRMutator::visit(op);
        }
        path_conditions = conditions_;
        return replacement_;
    }
    Stmt visit(const IfThenElse *op) override {
        conditions_.push_back(op->condition);
        Stmt then_case = mutate(op->then_case);
        conditions_.back() = Not::make(op->condition);
        Stmt else_case = op->else_case.defined() ? mutate(op->else_case) : Stmt();
        conditions_.pop_back();
        if (then_case.same_as(op->then_case) && else_case.same_as(op->else_case)) {
            return op;
        }
        return IfThenElse::make(op->condition, then_case, else_case);
    }
};

/// Adds the loop-name prefix of `def` (stage `stage` of `func`) when it is atomic, and
/// of its specializations.
void add_atomic_prefixes(const std::string &func, int stage, const Definition &def,
                         std::vector<std::string> &prefixes) {
    if (def.schedule.atomic) {
        prefixes.push_back(stage_prefix(func, stage));
    }
    for (const Specialization &sp : def.specializations) {
        if (sp.definition) {
            add_atomic_prefixes(func, stage, *sp.definition, prefixes);
        }
    }
}

class VectorizeReductions : public IRMutator {
public:
    explicit VectorizeReductions(std::vector<std::string> prefixes)
        : prefixes_(std::move(prefixes)) {}

private:
    using IRMutator::visit;
    std::vector<std::string> prefixes_; // loop-name prefixes of the atomic stages

    bool in_atomic_stage(const std::string &loop) const {
        for (const std::string &p : prefixes_) {
            if (loop.compare(0, p.size(), p) == 0) {
                return true;
            }
        }
        return false;
    }

    Stmt visit(const For *op) override {
        if (op->for_type != ForType::Vectorized || !in_atomic_stage(op->name)) {
            return IRMutator::visit(op);
        }
        BodyNames names;
        names.bound.insert(op->name);
        names.varying.insert(op->name);
        names.walk(op->body);
        if (names.one_site.empty()) {
            return IRMutator::visit(op); // every store writes a vector of sites
        }
        const Store *store = names.one_site.front();
        std::optional<int64_t> lanes = as_const_int(op->extent);
        AssociativeMatch red = match_reduction(store->value, store->name, store->index);
        size_t self_loads = 0;
        for (const Load *l : names.loads) {
            self_loads += l->name == store->name;
        }
        const bool predicated = store->predicate.defined() && !is_const_true(store->predicate);
        user_assert(lanes && *lanes >= 2 && red.matched && names.one_site.size() == 1 &&
                    self_loads == 1 && !predicated && !store->value.type().is_bool() &&
                    !uses_any(store->index, names.bound))
            << "vectorize: loop \"" << op->name << "\" updates one site of \"" << store->name
            << "\" in every lane (an atomic horizontal reduction), but that site "
            << (uses_any(store->index, names.bound) ? "varies with the loops inside it"
                                                    : "is not updated by one associative "
                                                      "f = f op e")
            << (lanes ? "" : ", and its extent is not a constant")
            << ". Make the vectorized RVar the innermost loop of the update, or the loops "
               "inside it RVars only.";
        const Type t = store->value.type();
        const std::string terms = op->name + ".terms";

        // Each lane accumulates its terms from the identity, where the update ran; terms
        // combine with + for a difference: f - e1 - e2 = f - (e1 + e2).
        const Expr lane = Sub::make(Variable::make(Int(32), op->name), op->min);
        Stmt accumulate = Store::make(
            terms, associative_combine(red.op, Load::make(t, terms, lane), red.term), lane);
        ReplaceStore replace(store, accumulate);
        Stmt body = replace.mutate(op->body);
        body = Block::make(Store::make(terms, associative_identity(red.op, t), lane), body);
        Stmt terms_loop =
            For::make(op->name, op->min, op->extent, ForType::Vectorized, op->device_api, body);

        // The site's update with the reduced terms, under the conditions around the
        // update that do not depend on the loop (they may be what keeps the site in
        // bounds: a GuardWithIf tail of an outer loop).
        const int n = int(*lanes);
        Expr all_terms = Load::make(t.with_lanes(n), terms, Ramp::make(Expr(0), Expr(1), n));
        Expr reduced = VectorReduce::make(reduce_operator(red.op), all_terms, 1);
        Expr self = Load::make(t, store->name, store->index, Expr(), store->param);
        Stmt update = Store::make(store->name, associative_update(red.op, self, reduced),
                                  store->index, Expr(), store->param);
        std::vector<Expr> fixed;
        for (const Expr &c : replace.path_conditions) {
            std::vector<Expr> cs;
            conjuncts(c, cs);
            for (const Expr &x : cs) {
                if (!uses_any(x, names.bound)) {
                    fixed.push_back(x);
                }
            }
        }
        if (!fixed.empty()) {
            update = IfThenElse::make(conjunction(fixed), update);
        }
        return Allocate::make(terms, t, MemoryType::Stack, {Expr(n)}, const_true(),
                              Block::make(terms_loop, update));
    }
};

} // namespace

Stmt vectorize_reductions(const Stmt &s, const std::map<std::string, Function> &env) {
    std::vector<std::string> prefixes;
    for (const auto &[name, f] : env) {
        for (int k = 1; k < f.stages(); k++) {
            add_atomic_prefixes(name, k, f.stage(k), prefixes);
        }
    }
    if (prefixes.empty()) {
        return s;
    }
    return VectorizeReductions(std::move(prefixes)).mutate(s);
}

} // namespace weft::internal
