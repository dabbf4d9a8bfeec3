#include "AlignStreamingStores.h"

#include "Debug.h"
#include "Error.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"
#include "weft/IROperator.h"

#include <algorithm>
#include <optional>
#include <set>

namespace weft::internal {

namespace {

bool starts_with(const std::string &s, const std::string &prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

/// base = min(m + x * L, b) with m and b free of x: the let of a ShiftInwards vector loop.
struct ShiftedBase {
    std::string name;
    Expr m, b;
    int lanes = 0;
};

std::optional<ShiftedBase> match_shifted_base(const LetStmt *let, const std::string &x) {
    const Min *mn = let->value.as<Min>();
    if (!mn || expr_uses_var(mn->b, x)) {
        return std::nullopt;
    }
    const Call *hint = mn->a.as<Call>(); // min(likely(m + x * L), b): StageLoopNest.cpp
    const bool tagged = hint && hint->is_intrinsic(Call::likely) && hint->args.size() == 1;
    const Add *add = tagged ? hint->args[0].as<Add>() : mn->a.as<Add>();
    if (!add) {
        return std::nullopt;
    }
    Expr m = add->a, scaled = add->b;
    if (!scaled.as<Mul>()) {
        std::swap(m, scaled);
    }
    const Mul *mul = scaled.as<Mul>();
    const Variable *v = mul ? mul->a.as<Variable>() : nullptr;
    std::optional<int64_t> lanes = mul ? as_const_int(mul->b) : std::nullopt;
    if (!v || v->name != x || !lanes || *lanes < 2 || expr_uses_var(m, x)) {
        return std::nullopt;
    }
    return ShiftedBase{let->name, m, mn->b, int(*lanes)};
}

/// The first unpredicated dense store of `lanes` lanes to one of `buffers` in `s`, with
/// the lets around it (outermost first). Fails when it sits inside a loop of `s`.
struct FoundStore {
    const Store *store = nullptr;
    std::vector<const LetStmt *> lets;
};

class FindStore : public IRVisitor {
public:
    FindStore(const std::set<std::string> &buffers, int lanes) : buffers_(buffers), lanes_(lanes) {}
    FoundStore found;
    bool inside_loop = false;

    using IRVisitor::visit;
    void visit(const LetStmt *op) override {
        if (found.store) {
            return;
        }
        walk(op->value);
        lets_.push_back(op);
        walk(op->body);
        lets_.pop_back();
    }
    void visit(const For *op) override {
        loops_++;
        IRVisitor::visit(op);
        loops_--;
    }
    void visit(const Store *op) override {
        if (found.store || !buffers_.count(op->name)) {
            return;
        }
        const Ramp *r = op->index.as<Ramp>();
        const bool predicated = op->predicate.defined() && !is_const_true(op->predicate);
        if (r && !predicated && r->lanes == lanes_ && is_const(r->stride, 1)) {
            found.store = op;
            found.lets = lets_;
            inside_loop = loops_ > 0;
        }
    }

private:
    const std::set<std::string> &buffers_;
    int lanes_;
    std::vector<const LetStmt *> lets_;
    int loops_ = 0;
};

class AlignLoops : public IRMutator {
public:
    explicit AlignLoops(const std::map<std::string, Function> &nontemporal)
        : nontemporal_(nontemporal) {
        for (const auto &[name, f] : nontemporal) {
            buffers_.insert(name);
        }
    }
    bool aligned_outside_parallel = false;

    using IRMutator::visit;
    Stmt visit(const For *op) override {
        if (op->for_type == ForType::Parallel) {
            const bool saved = aligned_in_task_;
            aligned_in_task_ = false;
            parallel_depth_++;
            Stmt body = mutate(op->body);
            parallel_depth_--;
            if (aligned_in_task_) {
                body = Block::make(body, fence());
            }
            const bool changed = aligned_in_task_;
            aligned_in_task_ = saved;
            if (!changed) {
                return Stmt(op);
            }
            return For::make(op->name, op->min, op->extent, op->for_type, op->device_api, body);
        }
        if (op->for_type == ForType::Serial) {
            if (Stmt aligned = align(op); aligned.defined()) {
                if (parallel_depth_ == 0) {
                    aligned_outside_parallel = true;
                }
                aligned_in_task_ = true;
                return aligned;
            }
        }
        return IRMutator::visit(op);
    }

    static Stmt fence() {
        return Evaluate::make(Call::make(Int(32), nontemporal_fence_intrinsic, {}, Call::Intrinsic));
    }

private:
    /// The aligned version of loop `op`, or an undefined Stmt when it does not qualify.
    Stmt align(const For *op) {
        const LetStmt *let = op->body.as<LetStmt>();
        const std::string owner = owner_of(op->name);
        if (!let || owner.empty()) {
            return Stmt();
        }
        std::optional<ShiftedBase> base = match_shifted_base(let, op->name);
        if (!base || stmt_uses_var(let->body, op->name)) {
            return Stmt();
        }
        std::set<std::string> mine = {owner};
        FindStore finder(mine, base->lanes);
        finder.walk(let->body);
        const Store *store = finder.found.store;
        const Type t = store ? store->value.type().element_of() : Type();
        const int vector_bytes = t.bytes() * base->lanes;
        if (!store || finder.inside_loop ||
            (vector_bytes != 16 && vector_bytes != 32 && vector_bytes != 64)) {
            return Stmt();
        }
        const Ramp *ramp = store->index.as<Ramp>();
        const Expr var = Variable::make(Int(32), base->name);
        if (!is_const(simplify(substitute(base->name, var + 1, ramp->base) - ramp->base), 1)) {
            return Stmt();
        }
        // The index of the run's first element: the store's index at base = m, with
        // the lets between the loop and the store substituted (innermost first).
        Expr first = ramp->base;
        for (auto it = finder.found.lets.rbegin(); it != finder.found.lets.rend(); ++it) {
            first = substitute((*it)->name, (*it)->value, first);
        }
        first = substitute(base->name, base->m, first);
        if (expr_uses_var(first, op->name) || expr_uses_var(first, base->name)) {
            return Stmt();
        }
        const Expr lanes = make_const(Int(32), base->lanes);
        Expr address = Reinterpret::make(Int(64), Variable::make(Handle(), owner));
        Expr elems = address / make_const(Int(64), t.bytes()) + Cast::make(Int(64), first);
        Expr misalignment = Cast::make(Int(32), elems % make_const(Int(64), base->lanes));
        // The run's aligned vectors cover [a0, a1): a0 the first aligned element at or
        // after m, a1 the end of the last aligned vector that fits below b + L.
        const std::string prefix = op->name + ".stream";
        const Expr mis = Variable::make(Int(32), prefix + ".misalignment");
        const Expr a0 = Variable::make(Int(32), prefix + ".aligned_min");
        const Expr a1 = Variable::make(Int(32), prefix + ".aligned_end");
        const Expr x = Variable::make(Int(32), op->name);
        const Expr raw = (base->m - mis) + x * lanes;
        const Expr value = max(min(likely(raw), base->b), base->m); // likely: partition_loops
        debug(2) << "align_streaming_stores: loop " << op->name << " stores " << owner
                 << " aligned to " << vector_bytes << " bytes\n";
        Stmt body = LetStmt::make(base->name, simplify(value),
                                  split_store(let->body, store, base->name, raw, a0, a1));
        Stmt loop = For::make(op->name, op->min, simplify(op->extent + 1), op->for_type,
                              op->device_api, body);
        const Expr end = a0 + lanes * max((base->b + lanes - a0) / lanes, 0);
        loop = LetStmt::make(prefix + ".aligned_end", simplify(end), loop);
        loop = LetStmt::make(prefix + ".aligned_min", simplify(base->m + (lanes - mis) % lanes),
                             loop);
        return LetStmt::make(prefix + ".misalignment", simplify(misalignment), loop);
    }

    /// `body` with `store` (a dense store of L lanes at `base`) split in two: where the
    /// loop's vector sits at its aligned place (`base` == `raw`), the store as it is
    /// (codegen streams it); where it was shifted to the run's first or last element,
    /// a store of only the lanes outside [a0, a1), which no aligned vector writes.
    /// Writing a cache line with an ordinary store and then a streaming one costs the
    /// streaming store its benefit (the line is read for the ordinary store first), so
    /// the shifted vectors leave the aligned lines alone.
    static Stmt split_store(const Stmt &body, const Store *store, const std::string &base,
                            const Expr &raw, const Expr &a0, const Expr &a1) {
        class Replace : public IRMutator {
        public:
            Replace(const Store *target, Stmt with) : target_(target), with_(std::move(with)) {}
            using IRMutator::visit;
            Stmt visit(const Store *op) override { return op == target_ ? with_ : Stmt(op); }

        private:
            const Store *target_;
            Stmt with_;
        };
        const int lanes = store->value.type().lanes;
        const std::string value_name = store->name + ".stream.value";
        const Expr value = Variable::make(store->value.type(), value_name);
        const Expr elements = Ramp::make(Variable::make(Int(32), base), make_const(Int(32), 1),
                                         lanes);
        const Expr outside = elements < Broadcast::make(a0, lanes) ||
                             elements >= Broadcast::make(a1, lanes);
        Stmt whole = Store::make(store->name, value, store->index, Expr(), store->param);
        Stmt edges = Store::make(store->name, value, store->index, outside, store->param);
        const Expr at_aligned_place = Variable::make(Int(32), base) == raw;
        Stmt split = LetStmt::make(value_name, store->value,
                                   IfThenElse::make(likely(at_aligned_place), whole, edges));
        return Replace(store, split).mutate(body);
    }

    /// The output whose pure definition loop `loop` belongs to ("out.s0.x..."), if it
    /// asked for streaming stores; "" otherwise.
    std::string owner_of(const std::string &loop) const {
        for (const auto &[name, f] : nontemporal_) {
            if (starts_with(loop, name + ".s0.")) {
                return name;
            }
        }
        return "";
    }

    const std::map<std::string, Function> &nontemporal_;
    std::set<std::string> buffers_;
    bool aligned_in_task_ = false;
    int parallel_depth_ = 0;
};

} // namespace

Stmt align_streaming_stores(const Stmt &s, const std::vector<Function> &outputs,
                            const std::map<std::string, Function> &env) {
    std::map<std::string, Function> nontemporal;
    for (const auto &[name, f] : env) {
        if (!f.schedule().nontemporal_stores) {
            continue;
        }
        const bool is_output = std::any_of(outputs.begin(), outputs.end(),
                                           [&](const Function &o) { return o.name() == name; });
        user_assert(is_output) << "store_nontemporal: Func \"" << name
                               << "\" is not an output of the pipeline; streaming stores "
                                  "apply only to the buffers a pipeline writes (its outputs)";
        nontemporal.emplace(name, f);
    }
    if (nontemporal.empty()) {
        return s;
    }
    AlignLoops aligner(nontemporal);
    Stmt result = aligner.mutate(s);
    if (aligner.aligned_outside_parallel) {
        result = Block::make(result, AlignLoops::fence());
    }
    return result;
}

} // namespace weft::internal
