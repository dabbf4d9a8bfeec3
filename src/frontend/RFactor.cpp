// Stage::rfactor (weft/Func.h), as in Halide: splits an associative reduction into an
// intermediate Func of partial results and a final reduction over them.
//
// For update k of f, f(args) = f(args) op e over an RDom R (op recognised by
// AssociativeOp.h), preserving RVars r_i as Vars v_i:
//   f_intm(f's pure args, v...) = identity(op)
//   f_intm(args[r_i := v_i], v...) = f_intm(same) op e[r_i := v_i]   over R minus the r_i
//   f(f's pure args) = f(f's pure args) op' f_intm(f's pure args, r...)  over the r_i
// where op' combines partial results (+ for a -= update). R's predicate goes to f_intm
// (as its RDom's where(), or as a select when no RVar remains); f_intm is the identity
// wherever the update never wrote, which is why f's new update may run over all of f's
// pure args. RVar splits already in the stage's schedule become RDom dimensions first
// (r -> r.min + ro * factor + ri, with ro * factor + ri < extent added to the predicate
// unless the factor divides the extent), so a split RVar can be preserved.
//
// Schedules: f_intm's update keeps the stage's loop order with each preserved RVar
// replaced by its Var in place (so rfactor(ri, v) on a split leaves v innermost, ready
// to vectorize); f's update keeps the preserved RVars and its pure loops. Splits of pure
// Vars are kept in both. f_intm is computed at root unless scheduled otherwise.
//
// Everything is checked before f changes. Tested in tests/correctness/rfactor.cpp and
// tests/error/rfactor_*.cpp.

#include "weft/Func.h"

#include "AssociativeOp.h"
#include "Error.h"
#include "FuncDefinition.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/Function.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/IROperator.h"

#include <algorithm>
#include <map>
#include <set>

namespace weft {

using namespace internal;

namespace {

bool contains(const std::vector<std::string> &names, const std::string &n) {
    return std::find(names.begin(), names.end(), n) != names.end();
}

std::string join(const std::vector<std::string> &names) {
    std::string s;
    for (const std::string &n : names) {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

/// The stage's reduction after its RVar splits became RDom dimensions.
struct FlatReduction {
    std::vector<ReductionVariable> vars; // innermost first
    Expr predicate;                      // refers to the vars by name; may be undefined
    std::vector<Expr> args;              // the update's left side, vars by name
    Expr term;                           // e of f(args) op e, vars by name
    std::vector<Split> pure_splits;      // the splits of pure Vars, in order
};

class RFactorBuilder {
public:
    RFactorBuilder(const Function &f, int stage, const std::string &label)
        : f_(f), stage_(stage), def_(f.stage(stage)), label_(label) {}

    Func run(const std::vector<std::pair<RVar, Var>> &preserved) {
        check_stage();
        AssociativeMatch m = match_associative(def_.values[0], f_.name(), def_.args);
        user_assert(m.matched) << "rfactor: " << label_ << " is not an associative reduction: "
                               << f_.name() << " = " << def_.values[0] << " (" << m.why << ")";
        op_ = m.op;
        FlatReduction flat = flatten(m.term);
        check_preserved(flat, preserved);
        Function intm = make_intermediate(flat, preserved);
        rewrite_update(flat, preserved, intm);
        return Func(intm);
    }

private:
    void check_stage() const {
        user_assert(stage_ > 0) << "rfactor: Func \"" << f_.name()
                                << "\": its pure definition is not a reduction; rfactor applies "
                                   "to an update, as in f.update(0).rfactor(r, v)";
        user_assert(def_.rdom.defined())
            << "rfactor: " << label_ << " iterates no RDom, so there is nothing to factor";
        user_assert(def_.specializations.empty())
            << "rfactor: " << label_ << " has specializations; rfactor it before specializing";
    }

    /// Turns the splits of RVars into RDom dimensions (see the file comment).
    FlatReduction flatten(const Expr &term) const {
        FlatReduction r;
        r.vars = def_.rdom.domain();
        r.predicate = def_.rdom.predicate();
        r.args = def_.args;
        r.term = term;
        auto find_var = [&](const std::string &n) {
            return std::find_if(r.vars.begin(), r.vars.end(),
                                [&](const ReductionVariable &v) { return v.var == n; });
        };
        auto replace_everywhere = [&](const std::string &n, const Expr &value) {
            r.term = substitute(n, value, r.term);
            for (Expr &a : r.args) {
                a = substitute(n, value, a);
            }
            if (r.predicate.defined()) {
                r.predicate = substitute(n, value, r.predicate);
            }
        };
        for (const Split &s : def_.schedule.splits) {
            bool on_rvar = false;
            if (s.kind == Split::Kind::FuseVars) {
                on_rvar = find_var(s.inner) != r.vars.end() || find_var(s.outer) != r.vars.end();
                user_assert(!on_rvar)
                    << "rfactor: " << label_ << " fuses the reduction variables \"" << s.inner
                    << "\" and \"" << s.outer
                    << "\"; rfactor cannot factor a fused RVar: rfactor first, then fuse";
                r.pure_splits.push_back(s);
                continue;
            }
            auto it = find_var(s.old_var);
            if (it == r.vars.end()) {
                r.pure_splits.push_back(s);
                continue;
            }
            ReductionVariable old = *it;
            if (s.kind == Split::Kind::RenameVar) {
                it->var = s.outer;
                replace_everywhere(old.var, Variable::make(Int(32), s.outer));
                continue;
            }
            Expr factor = s.factor;
            Expr outer_extent = simplify((old.extent + factor - 1) / factor);
            Expr value = old.min + Variable::make(Int(32), s.outer) * factor +
                         Variable::make(Int(32), s.inner);
            ReductionVariable inner{s.inner, make_zero(Int(32)), factor};
            ReductionVariable outer{s.outer, make_zero(Int(32)), outer_extent};
            size_t pos = it - r.vars.begin();
            r.vars[pos] = inner;
            r.vars.insert(r.vars.begin() + pos + 1, outer);
            if (divides(factor, old.extent)) {
                replace_everywhere(old.var, value);
                continue;
            }
            // As a GuardWithIf split: the clamp changes nothing where the predicate holds,
            // but lets bounds inference see that no point past the end is touched.
            // Both marked likely, as the guard of a split (partition_loops drops them from
            // the steady state).
            Expr last = old.min + old.extent - 1;
            replace_everywhere(old.var, min(likely(value), last));
            Expr in_range = likely(value <= last);
            r.predicate = r.predicate.defined() ? (r.predicate && in_range) : in_range;
        }
        return r;
    }

    static bool divides(const Expr &factor, const Expr &extent) {
        auto f = as_const_int(simplify(factor)), e = as_const_int(simplify(extent));
        return f && e && *f > 0 && *e % *f == 0;
    }

    void check_preserved(const FlatReduction &flat,
                         const std::vector<std::pair<RVar, Var>> &preserved) const {
        std::vector<std::string> rvars, seen_r, seen_v;
        for (const ReductionVariable &v : flat.vars) {
            rvars.push_back(v.var);
        }
        for (const auto &[r, v] : preserved) {
            user_assert(contains(rvars, r.name()))
                << "rfactor: " << label_ << " has no reduction variable \"" << r.name()
                << "\"; its reduction variables are " << join(rvars);
            user_assert(!contains(seen_r, r.name()))
                << "rfactor: " << label_ << ": the reduction variable \"" << r.name()
                << "\" is preserved twice";
            user_assert(!contains(f_.args(), v.name()) && !contains(rvars, v.name()) &&
                        !contains(seen_v, v.name()))
                << "rfactor: " << label_ << ": the Var \"" << v.name() << "\" preserving \""
                << r.name() << "\" must be a new name, not one of the arguments of \""
                << f_.name() << "\" (" << join(f_.args())
                << "), its reduction variables or another preserved Var";
            seen_r.push_back(r.name());
            seen_v.push_back(v.name());
        }
    }

    /// "<f>_intm", or "<f>_intm<k>" when another update of f already calls that name
    /// (rfactor of a second update).
    std::string intermediate_name() const {
        std::set<std::string> called;
        for (int k = 0; k < f_.stages(); k++) {
            for (const Expr &v : f_.stage(k).values) {
                walk_exprs(v, [&](const Expr &x) {
                    if (const Call *c = x.as<Call>(); c && c->call_type == Call::Func) {
                        called.insert(c->name);
                    }
                    return true;
                });
            }
        }
        std::string name = f_.name() + "_intm";
        for (int k = 2; called.count(name); k++) {
            name = f_.name() + "_intm" + std::to_string(k);
        }
        return name;
    }

    /// Replaces Variables named in `to` (whatever domain they carry) by `to`'s Exprs.
    static Expr rebind(const Expr &e, const std::map<std::string, Expr> &to) {
        class Rebind : public IRMutator {
        public:
            explicit Rebind(const std::map<std::string, Expr> &m) : m_(m) {}
            using IRMutator::visit;
            Expr visit(const Variable *op) override {
                auto it = m_.find(op->name);
                return it == m_.end() || op->param.defined() ? Expr(op) : it->second;
            }

        private:
            const std::map<std::string, Expr> &m_;
        };
        return e.defined() ? Rebind(to).mutate(e) : e;
    }

    Function make_intermediate(const FlatReduction &flat,
                               const std::vector<std::pair<RVar, Var>> &preserved) const {
        Type t = f_.output_types()[0];
        Function intm(intermediate_name());
        std::vector<Expr> pure;
        for (const std::string &a : f_.args()) {
            pure.push_back(Variable::make(Int(32), a));
        }
        std::map<std::string, Expr> to; // preserved RVar -> Var; others -> its new domain
        std::vector<Expr> new_vars;
        for (const auto &[r, v] : preserved) {
            to[r.name()] = Variable::make(Int(32), v.name());
            new_vars.push_back(Variable::make(Int(32), v.name()));
        }
        std::vector<Expr> intm_pure = pure;
        intm_pure.insert(intm_pure.end(), new_vars.begin(), new_vars.end());
        define_pure(intm, intm_pure, associative_identity(op_, t));

        std::vector<ReductionVariable> remaining;
        for (const ReductionVariable &v : flat.vars) {
            if (!to.count(v.var)) {
                remaining.push_back(v);
            }
        }
        ReductionDomain dom;
        if (!remaining.empty()) {
            dom = ReductionDomain(remaining);
            for (const ReductionVariable &v : remaining) {
                to[v.var] = Variable::make(Int(32), v.var, dom);
            }
        }
        Definition d;
        for (const Expr &a : flat.args) {
            d.args.push_back(rebind(a, to));
        }
        d.args.insert(d.args.end(), new_vars.begin(), new_vars.end());
        Expr self = intm.call(d.args);
        Expr value = associative_update(op_, self, rebind(flat.term, to));
        if (flat.predicate.defined()) {
            // The domain's predicate names its own variables plainly (RDom::where).
            std::map<std::string, Expr> plain = to;
            for (const ReductionVariable &v : remaining) {
                plain[v.var] = Variable::make(Int(32), v.var);
            }
            Expr p = rebind(flat.predicate, plain);
            if (dom.defined()) {
                dom.where(p);
            } else {
                value = Select::make(p, value, self);
            }
        }
        for (Expr &a : d.args) {
            a = weaken_self_calls(a, intm.get());
        }
        d.values = {weaken_self_calls(value, intm.get())};
        d.rdom = dom;
        d.schedule.splits = flat.pure_splits;
        for (Dim dim : def_.schedule.dims) {
            for (const auto &[r, v] : preserved) {
                if (dim.var == r.name()) {
                    dim.var = v.name();
                    dim.is_rvar = false;
                }
            }
            d.schedule.dims.push_back(dim);
        }
        intm->updates.push_back(std::move(d));
        return intm;
    }

    void rewrite_update(const FlatReduction &flat,
                        const std::vector<std::pair<RVar, Var>> &preserved,
                        const Function &intm) const {
        std::vector<ReductionVariable> kept;
        for (const ReductionVariable &v : flat.vars) {
            bool is_kept = std::any_of(preserved.begin(), preserved.end(),
                                       [&](const auto &p) { return p.first.name() == v.var; });
            if (is_kept) {
                kept.push_back(v);
            }
        }
        ReductionDomain dom = kept.empty() ? ReductionDomain() : ReductionDomain(kept);
        std::vector<Expr> pure, intm_args;
        for (const std::string &a : f_.args()) {
            pure.push_back(Variable::make(Int(32), a));
        }
        intm_args = pure;
        for (const auto &[r, v] : preserved) {
            intm_args.push_back(Variable::make(Int(32), r.name(), dom));
        }
        Definition d;
        d.args = pure;
        Expr value = associative_combine(op_, f_.call(pure), intm.call(intm_args));
        d.values = {weaken_self_calls(value, f_.get())};
        d.rdom = dom;
        d.schedule.splits = flat.pure_splits;
        std::vector<std::string> old_pure; // the pure Vars standing alone in the old left side
        for (const Expr &a : def_.args) {
            const Variable *v = a.as<Variable>();
            if (v && !v->rdom.defined() && contains(f_.args(), v->name)) {
                old_pure.push_back(v->name);
            }
        }
        for (const Dim &dim : def_.schedule.dims) {
            bool is_kept = std::any_of(preserved.begin(), preserved.end(),
                                       [&](const auto &p) { return p.first.name() == dim.var; });
            if (is_kept || !dim.is_rvar) {
                d.schedule.dims.push_back(dim);
            }
        }
        for (const std::string &a : f_.args()) {
            if (!contains(old_pure, a)) {
                Dim dim;
                dim.var = a;
                d.schedule.dims.push_back(dim);
            }
        }
        f_->updates[stage_ - 1] = std::move(d);
    }

    const Function &f_;
    int stage_;
    const Definition &def_;
    std::string label_;
    AssociativeOp op_ = AssociativeOp::Add;
};

} // namespace

Func Stage::rfactor(std::vector<std::pair<RVar, Var>> preserved) {
    std::string label = "update " + std::to_string(stage_index_ - 1) + " of Func \"" +
                        func_->name() + "\"";
    user_assert(!is_specialization_)
        << "rfactor: " << label << ": a specialization cannot be rfactored; rfactor the stage "
        << "before specializing it";
    return RFactorBuilder(*func_, stage_index_, label).run(preserved);
}

Func Stage::rfactor(const RVar &r, const Var &v) {
    return rfactor(std::vector<std::pair<RVar, Var>>{{r, v}});
}

} // namespace weft
