#include "StageLoopNest.h"

#include "Error.h"
#include "LowerUtil.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace weft::internal {

std::string stage_prefix(const std::string &func, int stage) {
    return func + ".s" + std::to_string(stage) + ".";
}

std::vector<std::string> stage_pure_vars(const Function &f, int stage) {
    if (stage == 0) {
        return f.args();
    }
    std::vector<std::string> vars;
    for (const std::string &a : f.args()) {
        for (const Expr &e : f.stage(stage).args) {
            const Variable *v = e.as<Variable>();
            if (v && v->name == a && !v->rdom.defined()) {
                vars.push_back(a);
                break;
            }
        }
    }
    return vars;
}

namespace {

using namespace lowering;

/// The range of one loop variable of the stage as it is being built.
struct VarRange {
    Expr min, extent;
    bool is_rvar = false;
};

Expr max_of(const VarRange &r) {
    return sub(add(r.min, r.extent), 1);
}

/// min(max(e, 0), hi).
Expr clamp0(const Expr &e, const Expr &hi) {
    return min(max(e, i32(0)), hi);
}

std::string join(const std::vector<std::string> &names) {
    std::string s;
    for (const std::string &n : names) {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

class StageBuilder {
public:
    StageBuilder(const Function &f, int stage, const Definition &def)
        : f_(f), stage_(stage), def_(def), prefix_(stage_prefix(f.name(), stage)) {}

    Stmt build() {
        add_root_vars();
        Stmt body = make_provide();
        for (const Split &s : def_.schedule.splits) {
            body = apply_split(s, body);
        }
        return make_loops(body);
    }

private:
    Expr loop_var(const std::string &v) const { return Variable::make(Int(32), prefix_ + v); }

    std::string where() const {
        std::ostringstream os;
        os << "Func \"" << f_.name() << "\"";
        if (stage_ > 0) {
            os << " update " << stage_ - 1;
        }
        return os.str();
    }

    void add_root_vars() {
        for (const std::string &v : stage_pure_vars(f_, stage_)) {
            Expr mn = Variable::make(Int(32), prefix_ + v + ".min");
            Expr mx = Variable::make(Int(32), prefix_ + v + ".max");
            ranges_[v] = {mn, add(sub(mx, mn), 1), false};
            root_order_.push_back(v);
            substitutions_[v] = loop_var(v);
        }
        if (def_.rdom.defined()) {
            for (const ReductionVariable &rv : def_.rdom.domain()) {
                ranges_[rv.var] = {rv.min, rv.extent, true};
                rvar_order_.push_back(rv.var);
                substitutions_[rv.var] = loop_var(rv.var);
            }
        }
    }

    Stmt make_provide() const {
        std::vector<Expr> args, values;
        for (const Expr &a : def_.args) {
            args.push_back(substitute(substitutions_, a));
        }
        for (const Expr &v : def_.values) {
            values.push_back(substitute(substitutions_, v));
        }
        Stmt body = Provide::make(f_.name(), values, args);
        if (def_.rdom.defined() && def_.rdom.predicate().defined()) {
            body = IfThenElse::make(substitute(substitutions_, def_.rdom.predicate()), body);
        }
        return body;
    }

    const VarRange &range_of(const std::string &v, const char *directive) const {
        auto it = ranges_.find(v);
        user_assert(it != ranges_.end()) << directive << ": " << where() << " has no loop \"" << v
                                         << "\"; its loops are " << join(leaf_names()) << ".";
        return it->second;
    }

    void add_var(const std::string &v, VarRange r, const char *directive) {
        user_assert(!ranges_.count(v))
            << directive << ": " << where() << " already has a loop named \"" << v << "\".";
        ranges_[v] = std::move(r);
    }

    TailStrategy resolve_tail(const Split &s, bool is_rvar) const {
        TailStrategy t = s.tail;
        if (t == TailStrategy::Auto) {
            t = (stage_ == 0 && !is_rvar) ? TailStrategy::ShiftInwards : TailStrategy::GuardWithIf;
        }
        user_assert(!is_rvar || t == TailStrategy::GuardWithIf)
            << "split: " << where() << " splits the reduction variable \"" << s.old_var
            << "\" with TailStrategy::" << to_string(t)
            << ", which would change the reduction; use TailStrategy::GuardWithIf (or Auto).";
        return t;
    }

    Stmt apply_split(const Split &s, Stmt body) {
        switch (s.kind) {
        case Split::Kind::SplitVar:
            return apply_split_var(s, body);
        case Split::Kind::FuseVars:
            return apply_fuse(s, body);
        case Split::Kind::RenameVar:
            return apply_rename(s, body);
        }
        return body;
    }

    Stmt apply_split_var(const Split &s, Stmt body) {
        VarRange old = range_of(s.old_var, "split");
        internal_assert(s.factor.defined() && s.factor.type() == Int(32))
            << "schedule_functions: split factor of " << s.old_var << " must be int32";
        ranges_.erase(s.old_var);
        TailStrategy tail = resolve_tail(s, old.is_rvar);
        std::string old_name = bind_name_for(s.old_var, {s.outer, s.inner}, body);
        Expr factor = s.factor;
        add_var(s.outer, {i32(0), div(sub(add(old.extent, factor), 1), factor), old.is_rvar},
                "split");
        add_var(s.inner, {i32(0), factor, old.is_rvar}, "split");
        Expr base = add(old.min, mul(loop_var(s.outer), factor));
        if (tail == TailStrategy::ShiftInwards) {
            // Every split but the last is unshifted: the base is marked likely (as in
            // Halide) so that partition_loops peels the shifted one off the steady loop
            // (it splits only innermost loops, where the clamp costs per iteration).
            Expr likely_base = Call::make(Int(32), Call::likely, {base}, Call::PureIntrinsic);
            base = min(likely_base, sub(add(max_of(old), 1), factor));
        }
        Expr value = add(base, loop_var(s.inner));
        if (tail != TailStrategy::GuardWithIf) {
            return LetStmt::make(old_name, value, body);
        }
        // Inside the guard the clamp changes nothing; it lets interval analysis, which
        // does not narrow variables by IfThenElse conditions, see that the guarded code
        // never touches points past old.max.
        // Both are marked likely (as in Halide) so that partition_loops can drop them
        // from the steady state of the loop.
        Expr likely_value = Call::make(Int(32), Call::likely, {value}, Call::PureIntrinsic);
        Expr inside = Call::make(Bool(), Call::likely, {LE::make(value, max_of(old))},
                                 Call::PureIntrinsic);
        body = LetStmt::make(old_name, min(likely_value, max_of(old)), body);
        return IfThenElse::make(inside, body);
    }

    Stmt apply_fuse(const Split &s, Stmt body) {
        VarRange outer = range_of(s.outer, "fuse");
        VarRange inner = range_of(s.inner, "fuse");
        user_assert(outer.is_rvar == inner.is_rvar)
            << "fuse: " << where() << " fuses \"" << s.inner << "\" and \"" << s.outer
            << "\", but only one of them is a reduction variable; fuse two pure Vars or two "
               "RVars.";
        ranges_.erase(s.outer);
        ranges_.erase(s.inner);
        std::string inner_name = bind_name_for(s.inner, {s.fused}, body);
        std::string outer_name = bind_name_for(s.outer, {s.fused}, body);
        add_var(s.fused, {i32(0), mul(outer.extent, inner.extent), outer.is_rvar}, "fuse");
        Expr fused = loop_var(s.fused);
        // The clamps change nothing while the fused loop runs (it runs only when both
        // extents are positive); they let interval analysis bound the recovered vars by
        // their own ranges despite the symbolic divisor.
        Expr inner_index = clamp0(mod(fused, inner.extent), sub(inner.extent, 1));
        Expr outer_index = clamp0(div(fused, inner.extent), sub(outer.extent, 1));
        body = LetStmt::make(inner_name, add(inner.min, inner_index), body);
        return LetStmt::make(outer_name, add(outer.min, outer_index), body);
    }

    Stmt apply_rename(const Split &s, Stmt body) {
        VarRange old = range_of(s.old_var, "rename");
        if (s.outer == s.old_var) {
            return body;
        }
        ranges_.erase(s.old_var);
        std::string old_name = bind_name_for(s.old_var, {s.outer}, body);
        add_var(s.outer, old, "rename");
        return LetStmt::make(old_name, loop_var(s.outer), body);
    }

    /// The name of the LetStmt that will define the consumed var `old` in terms of the
    /// loops `new_vars`. Loop names are `prefix + var`; when a new loop reuses a name
    /// (split(x, x, xi), fuse(x, y, x), or a name consumed earlier), the var already
    /// bound under that name in `body` is renamed first, so that no name is bound twice.
    std::string bind_name_for(const std::string &old, const std::vector<std::string> &new_vars,
                              Stmt &body) {
        bool reused = false;
        for (const std::string &v : new_vars) {
            reused = reused || v == old;
            if (consumed_.erase(v)) {
                body = rename_var(body, prefix_ + v, fresh_name(v));
            }
        }
        if (!reused) {
            consumed_.insert(old);
            return prefix_ + old;
        }
        std::string fresh = fresh_name(old);
        body = rename_var(body, prefix_ + old, fresh);
        return fresh;
    }

    std::string fresh_name(const std::string &v) {
        return prefix_ + v + "." + std::to_string(renames_++);
    }

    /// Renames every Variable and LetStmt named `from` in s.
    static Stmt rename_var(const Stmt &s, const std::string &from, const std::string &to) {
        class Renamer : public IRMutator {
        public:
            Renamer(const std::string &f, const std::string &t) : from_(f), to_(t) {}
            using IRMutator::visit;
            Expr visit(const Variable *op) override {
                return op->name == from_ ? Variable::make(op->type, to_) : Expr(op);
            }
            Stmt visit(const LetStmt *op) override {
                if (op->name != from_) {
                    return IRMutator::visit(op);
                }
                return LetStmt::make(to_, mutate(op->value), mutate(op->body));
            }

        private:
            const std::string &from_, &to_;
        };
        return Renamer(from, to).mutate(s);
    }

    std::vector<std::string> leaf_names() const {
        std::vector<std::string> names;
        for (const auto &[n, r] : ranges_) {
            names.push_back(n);
        }
        return names;
    }

    std::vector<Dim> dims() const {
        if (!def_.schedule.dims.empty() || !def_.schedule.splits.empty()) {
            return def_.schedule.dims;
        }
        // An unscheduled stage built by hand: RVars innermost, then the pure vars.
        std::vector<Dim> d;
        for (const std::string &v : rvar_order_) {
            d.push_back({v, ForType::Serial, DeviceAPI::Host, true});
        }
        for (const std::string &v : root_order_) {
            d.push_back({v, ForType::Serial, DeviceAPI::Host, false});
        }
        return d;
    }

    Stmt make_loops(Stmt body) const {
        std::vector<Dim> ds = dims();
        std::vector<std::string> seen;
        for (const Dim &d : ds) {
            if (d.is_unit) {
                body = For::make(prefix_ + d.var, i32(0), i32(1), d.for_type, d.device_api, body);
                continue;
            }
            const VarRange &r = range_of(d.var, "schedule");
            user_assert(std::find(seen.begin(), seen.end(), d.var) == seen.end())
                << "schedule: " << where() << " lists the loop \"" << d.var << "\" twice.";
            seen.push_back(d.var);
            body = For::make(prefix_ + d.var, r.min, r.extent, d.for_type, d.device_api, body);
        }
        for (const auto &[name, r] : ranges_) {
            user_assert(std::find(seen.begin(), seen.end(), name) != seen.end())
                << "schedule: " << where() << " has a loop \"" << name
                << "\" that is missing from its loop order (dims); its dims are " << join(seen)
                << ".";
        }
        return body;
    }

    const Function &f_;
    int stage_;
    const Definition &def_;
    std::string prefix_;
    std::map<std::string, VarRange> ranges_;
    std::map<std::string, Expr> substitutions_;
    std::vector<std::string> root_order_, rvar_order_;
    std::set<std::string> consumed_; // vars bound by a LetStmt named prefix_ + var in the body
    int renames_ = 0;
};

/// Collects the facts `name == constant` that `c` implies (through &&), where name is
/// a Param or a buffer field.
void equalities_implied(const Expr &c, std::map<std::string, Expr> &facts) {
    if (const And *a = c.as<And>()) {
        equalities_implied(a->a, facts);
        equalities_implied(a->b, facts);
        return;
    }
    const EQ *eq = c.as<EQ>();
    if (!eq) {
        return;
    }
    Expr lhs = eq->a, rhs = eq->b;
    if (is_const(lhs)) {
        std::swap(lhs, rhs);
    }
    const Variable *v = lhs.as<Variable>();
    if (v && !v->rdom.defined() && is_const(rhs)) {
        facts[v->name] = rhs;
    }
}

/// The nest of one definition of stage k: its own loops, or, when it has
/// specializations, `if (c1) {spec 1} else if (c2) {...} else {its own loops}`.
/// Inside a specialization the equalities its condition implies are substituted.
Stmt build_definition_nest(const Function &f, int stage, const Definition &def) {
    Stmt nest = StageBuilder(f, stage, def).build();
    const std::vector<Specialization> &specs = def.specializations;
    if (!specs.empty() && !specs.back().failure_message.empty()) {
        Expr msg = error_call("weft_error_assertion", {Expr(specs.back().failure_message)});
        nest = AssertStmt::make(const_false(), msg);
    }
    for (auto it = specs.rbegin(); it != specs.rend(); ++it) {
        if (!it->failure_message.empty()) {
            continue;
        }
        internal_assert(it->condition.defined() && it->definition)
            << "build_stage_loop_nest: a specialization of " << f.name() << " stage " << stage
            << " without a condition or definition";
        Stmt then_case = build_definition_nest(f, stage, *it->definition);
        std::map<std::string, Expr> facts;
        equalities_implied(it->condition, facts);
        then_case = substitute(facts, then_case);
        nest = IfThenElse::make(it->condition, then_case, nest);
    }
    return nest;
}

} // namespace

Stmt build_stage_loop_nest(const Function &f, int stage) {
    internal_assert(stage >= 0 && stage < f.stages())
        << "build_stage_loop_nest: stage " << stage << " of " << f.name();
    return build_definition_nest(f, stage, f.stage(stage));
}

} // namespace weft::internal
