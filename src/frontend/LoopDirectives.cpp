// The loop directives of Stage and Func (split, fuse, reorder, tile, vectorize, unroll,
// parallel, serial): each checks its loop names and records into the stage's
// StageSchedule (src/ir/Schedule.h). Lowering builds the loops from that record.
//
// Checked here, at the call that makes the mistake (each a CompileError naming the
// stage and the loop): a loop the stage does not have (or no longer has, because it was
// split or fused away), a new loop name already in use, reorder of a loop listed twice,
// a tail strategy that would change an update's meaning (ShiftInwards on an update,
// RoundUp/ShiftInwards on an RVar), and parallel/vectorized loops over variables whose
// iterations race (check_no_race below).

#include "weft/Func.h"

#include "AssociativeOp.h"
#include "Error.h"
#include "ir/Function.h"
#include "ir/IRHelpers.h"
#include "ir/IREquality.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/IROperator.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace weft {

using namespace internal;

namespace {

std::string loop_list(const StageSchedule &s) {
    std::string out;
    for (size_t i = 0; i < s.dims.size(); i++) {
        out += i ? ", " : "";
        out += s.dims[i].var;
    }
    return out;
}

int find_loop(const StageSchedule &s, const std::string &var) {
    for (size_t i = 0; i < s.dims.size(); i++) {
        if (s.dims[i].var == var) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

/// How an earlier split or fuse of the stage consumed loop `var` (", which was split
/// into xo and xi"), or "" when no split did.
std::string consumed_by(const StageSchedule &s, const std::string &var) {
    for (auto it = s.splits.rbegin(); it != s.splits.rend(); ++it) {
        const Split &sp = *it;
        if (sp.kind == Split::Kind::SplitVar && sp.old_var == var) {
            return " (it was split into " + sp.outer + " and " + sp.inner + ")";
        }
        if (sp.kind == Split::Kind::FuseVars && (sp.inner == var || sp.outer == var)) {
            return " (it was fused into " + sp.fused + ")";
        }
        if (sp.kind == Split::Kind::RenameVar && sp.old_var == var) {
            return " (it was renamed " + sp.outer + ")";
        }
    }
    return "";
}

/// The stage's schedule and its label, with loop lookups that report mistakes.
struct StageRef {
    StageSchedule &s;
    std::string label; // "Func \"f\"" or "Func \"f\" update 0"

    int loop(const char *directive, const VarOrRVar &v) const {
        int i = find_loop(s, v.name());
        user_assert(i >= 0) << directive << ": " << label << " has no loop \"" << v.name()
                            << "\"" << consumed_by(s, v.name()) << "; its loops are "
                            << loop_list(s);
        return i;
    }

    void check_new_name(const char *directive, const VarOrRVar &v, const std::string &old) const {
        user_assert(v.name() == old || find_loop(s, v.name()) < 0)
            << directive << ": " << label << " already has a loop \"" << v.name()
            << "\"; give the new loop another name";
    }
};

StageRef stage_ref(const std::shared_ptr<Function> &f, int stage) {
    std::string label = "Func \"" + f->name() + "\"";
    if (stage > 0) {
        label += " update " + std::to_string(stage - 1);
    }
    return StageRef{f->stage(stage).schedule, label};
}

Expr split_factor(const StageRef &st, const char *directive, const std::string &var,
                  const Expr &factor) {
    user_assert(factor.defined() && (factor.type().is_int() || factor.type().is_uint()))
        << directive << ": " << st.label << ": the factor for \"" << var
        << "\" must be an integer";
    Expr f = cast(Int(32), factor);
    if (auto c = as_const_int(f)) {
        user_assert(*c > 0) << directive << ": " << st.label << ": the factor for \"" << var
                            << "\" is " << *c << "; it must be positive";
    }
    return f;
}

/// True when loop `var` of the stage covers its pure Var's range once when rounded up:
/// the Var itself or the outer loop of a split of such a loop (not an inner loop of a
/// split, whose rounded-up iterations overlap the next outer iteration, nor a fused loop).
bool is_outermost(const StageSchedule &s, const std::string &var) {
    std::string v = var;
    for (auto it = s.splits.rbegin(); it != s.splits.rend(); ++it) {
        const Split &sp = *it;
        switch (sp.kind) {
        case Split::Kind::SplitVar:
            if (sp.inner == v) {
                return false;
            }
            if (sp.outer == v) {
                v = sp.old_var;
            }
            break;
        case Split::Kind::FuseVars:
            if (sp.fused == v) {
                return false;
            }
            break;
        case Split::Kind::RenameVar:
            if (sp.outer == v) {
                v = sp.old_var;
            }
            break;
        }
    }
    return true;
}

/// Halide's rules for tail strategies that would change what a stage computes:
/// ShiftInwards evaluates some points twice (only pure definitions may do that), and
/// RoundUp/ShiftInwards on a reduction variable would add or repeat reduction steps.
void check_tail(const StageRef &st, int stage, const Dim &d, TailStrategy tail) {
    if (d.is_rvar) {
        user_assert(tail == TailStrategy::Auto || tail == TailStrategy::GuardWithIf)
            << "split: " << st.label << " splits the reduction variable \"" << d.var
            << "\" with " << to_string(tail)
            << ", which would change the reduction; use TailStrategy::GuardWithIf (or Auto)";
        return;
    }
    user_assert(stage == 0 || tail != TailStrategy::ShiftInwards)
        << "split: " << st.label << " splits \"" << d.var
        << "\" with TailStrategy::ShiftInwards, which evaluates some points twice and so "
           "changes the result of an update definition; use TailStrategy::GuardWithIf, "
           "RoundUp or Auto";
    user_assert(stage == 0 || tail != TailStrategy::RoundUp || is_outermost(st.s, d.var))
        << "split: " << st.label << " splits \"" << d.var
        << "\" with TailStrategy::RoundUp, but \"" << d.var
        << "\" is the inner loop of an earlier split or a fused loop: rounding it up would "
           "evaluate some points of the update twice. In an update definition RoundUp may "
           "only split a pure Var or the outer loop of a split of one; use "
           "TailStrategy::GuardWithIf";
}

// ---------------------------------------------------------------------------------
// Races: may distinct iterations of a loop run at once (parallel, vectorized)?

/// True when e contains no variable that differs between two iterations (Params and
/// constants only).
bool is_iteration_invariant(const Expr &e) {
    bool invariant = true;
    walk_exprs(e, [&](const Expr &x) {
        const Variable *v = x.as<Variable>();
        if (v && !v->param.defined()) {
            invariant = false;
        }
        return invariant;
    });
    return invariant;
}

/// True when e is an injective function of variable `v` alone: v combined with
/// iteration-invariant terms by +, - and multiplication by a nonzero constant.
bool is_injective_in(const Expr &e, const std::string &v) {
    if (const Variable *var = e.as<Variable>()) {
        return var->name == v;
    }
    if (const Add *op = e.as<Add>()) {
        return (is_injective_in(op->a, v) && is_iteration_invariant(op->b)) ||
               (is_injective_in(op->b, v) && is_iteration_invariant(op->a));
    }
    if (const Sub *op = e.as<Sub>()) {
        return (is_injective_in(op->a, v) && is_iteration_invariant(op->b)) ||
               (is_injective_in(op->b, v) && is_iteration_invariant(op->a));
    }
    if (const Mul *op = e.as<Mul>()) {
        auto nonzero = [](const Expr &c) {
            auto k = as_const_int(c);
            return k && *k != 0;
        };
        return (is_injective_in(op->a, v) && nonzero(op->b)) ||
               (is_injective_in(op->b, v) && nonzero(op->a));
    }
    if (const Cast *op = e.as<Cast>()) {
        Type from = op->value.type(), to = op->type;
        bool widening = (from.is_int() || from.is_uint()) && to.is_int() && to.bits > from.bits;
        return (from == to || widening) && is_injective_in(op->value, v);
    }
    return false;
}

/// The argument lists of every call to Func `name` in e.
void collect_self_calls(const Expr &e, const std::string &name,
                        std::vector<std::vector<Expr>> &calls) {
    if (!e.defined()) {
        return;
    }
    walk_exprs(e, [&](const Expr &x) {
        const Call *c = x.as<Call>();
        if (c && c->call_type == Call::Func && c->name == name) {
            calls.push_back(c->args);
        }
        return true;
    });
}

/// The position of a left-hand-side argument that tells the iterations of `v` apart
/// and at which every read of the Func in the definition matches the write, or -1.
/// Halide's rule: two iterations with different v then write different sites, and
/// no iteration reads a site another one writes.
int distinguishing_arg(const std::string &func, const Definition &def, const std::string &v) {
    std::vector<std::vector<Expr>> reads;
    for (const Expr &a : def.args) {
        collect_self_calls(a, func, reads);
    }
    for (const Expr &value : def.values) {
        collect_self_calls(value, func, reads);
    }
    if (def.rdom.defined()) {
        collect_self_calls(def.rdom.predicate(), func, reads);
    }
    for (size_t i = 0; i < def.args.size(); i++) {
        if (!is_injective_in(def.args[i], v)) {
            continue;
        }
        auto same_site = [&](const std::vector<Expr> &r) {
            return i < r.size() && equal(r[i], def.args[i]);
        };
        if (std::all_of(reads.begin(), reads.end(), same_site)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

/// The variables of the definition (pure Vars, RVars) that loop `loop` of the stage
/// iterates, following the splits and fuses that made it.
std::set<std::string> loop_origins(const StageSchedule &s, const std::string &loop) {
    std::map<std::string, std::set<std::string>> origins;
    auto origin_of = [&](const std::string &n) {
        auto it = origins.find(n);
        return it == origins.end() ? std::set<std::string>{n} : it->second;
    };
    for (const Split &sp : s.splits) {
        switch (sp.kind) {
        case Split::Kind::SplitVar: {
            std::set<std::string> o = origin_of(sp.old_var);
            origins[sp.outer] = o;
            origins[sp.inner] = o;
            break;
        }
        case Split::Kind::FuseVars: {
            std::set<std::string> o = origin_of(sp.inner), more = origin_of(sp.outer);
            o.insert(more.begin(), more.end());
            origins[sp.fused] = o;
            break;
        }
        case Split::Kind::RenameVar:
            origins[sp.outer] = origin_of(sp.old_var);
            break;
        }
    }
    return origin_of(loop);
}

std::string call_string(const std::string &func, const std::vector<Expr> &args) {
    std::ostringstream os;
    os << func << "(";
    for (size_t i = 0; i < args.size(); i++) {
        os << (i ? ", " : "") << args[i];
    }
    os << ")";
    return os.str();
}

} // namespace

/// Throws when loop `loop` of an update stage may not run its iterations at once.
void check_no_race(const Function &f, int stage, const Definition &def, const char *directive,
                   const std::string &loop) {
    if (stage == 0) {
        return; // a pure definition writes each site once and reads no site of itself
    }
    const bool vectorize = std::string(directive) == "vectorize";
    const std::set<std::string> origins = loop_origins(def.schedule, loop);
    auto in_lhs = [&](const std::string &v) {
        return std::any_of(def.args.begin(), def.args.end(),
                           [&](const Expr &a) { return expr_uses_var(a, v); });
    };
    // An atomic update may vectorize a loop that no left-hand-side argument varies with:
    // every lane updates the same site, a horizontal reduction. A loop fused from such
    // an RVar and one of the site's coordinates is not: its lanes update several sites,
    // some of them more than once.
    const bool horizontal = vectorize && def.schedule.atomic &&
                            std::none_of(origins.begin(), origins.end(), in_lhs);
    for (const std::string &v : origins) {
        if (horizontal || distinguishing_arg(f.name(), def, v) >= 0) {
            continue;
        }
        bool is_rvar = false;
        if (def.rdom.defined()) {
            for (const ReductionVariable &rv : def.rdom.domain()) {
                is_rvar = is_rvar || rv.var == v;
            }
        }
        std::string through = loop == v ? "" : " (loop \"" + loop + "\" iterates it)";
        user_error << directive << ": Func \"" << f.name() << "\" update " << stage - 1
                   << ": the iterations of " << (is_rvar ? "RVar" : "Var") << " \"" << v
                   << "\"" << through << " may write or read the same site of \"" << f.name()
                   << "\" (it writes " << call_string(f.name(), def.args) << "), so they cannot "
                   << (vectorize ? "be vectorized" : "run in parallel")
                   << " without a race. A loop may run in parallel or be vectorized only when "
                      "its variable, or an injective function of it, is an argument of the "
                      "left-hand side and the update reads \""
                   << f.name() << "\" only at the site it writes."
                   << (is_rvar ? std::string(" Use rfactor to parallelize or vectorize the "
                                             "reduction") +
                                     (!vectorize ? ""
                                      : def.schedule.atomic
                                          ? " (atomic() reduces horizontally only a loop that "
                                            "no left-hand-side argument varies with; this "
                                            "loop also iterates one that does)"
                                          : ", or atomic() before vectorize to reduce the "
                                            "vector of terms horizontally (for an associative "
                                            "update)") +
                                     ", or keep \"" + v + "\" serial."
                               : " Keep \"" + v + "\" serial.");
    }
}

// ---------------------------------------------------------------------------------
// Stage

Stage &Stage::split(const VarOrRVar &old, const VarOrRVar &outer, const VarOrRVar &inner,
                    const Expr &factor, TailStrategy tail) {
    StageRef st = stage_ref(func_, stage_index_);
    int i = st.loop("split", old);
    st.check_new_name("split", outer, old.name());
    st.check_new_name("split", inner, old.name());
    user_assert(outer.name() != inner.name())
        << "split: " << st.label << ": the outer and inner loops need different names, not \""
        << inner.name() << "\" for both";
    check_tail(st, stage_index_, st.s.dims[i], tail);
    Split sp;
    sp.kind = Split::Kind::SplitVar;
    sp.old_var = old.name();
    sp.outer = outer.name();
    sp.inner = inner.name();
    sp.factor = split_factor(st, "split", old.name(), factor);
    sp.tail = tail;
    st.s.splits.push_back(sp);
    Dim in = st.s.dims[i], out = st.s.dims[i];
    in.var = inner.name();
    out.var = outer.name();
    st.s.dims[i] = in;
    st.s.dims.insert(st.s.dims.begin() + i + 1, out);
    return *this;
}

Stage &Stage::fuse(const VarOrRVar &inner, const VarOrRVar &outer, const VarOrRVar &fused) {
    StageRef st = stage_ref(func_, stage_index_);
    int i = st.loop("fuse", inner);
    int o = st.loop("fuse", outer);
    user_assert(o == i + 1) << "fuse: " << st.label << ": \"" << outer.name()
                            << "\" must be the loop just outside \"" << inner.name()
                            << "\"; its loops, innermost first, are " << loop_list(st.s)
                            << " (reorder first)";
    if (fused.name() != inner.name() && fused.name() != outer.name()) {
        st.check_new_name("fuse", fused, inner.name());
    }
    Split sp;
    sp.kind = Split::Kind::FuseVars;
    sp.inner = inner.name();
    sp.outer = outer.name();
    sp.fused = fused.name();
    st.s.splits.push_back(sp);
    Dim d = st.s.dims[i];
    d.var = fused.name();
    d.is_rvar = st.s.dims[i].is_rvar && st.s.dims[o].is_rvar;
    st.s.dims[i] = d;
    st.s.dims.erase(st.s.dims.begin() + o);
    return *this;
}

Stage &Stage::reorder(const std::vector<VarOrRVar> &innermost_first) {
    StageRef st = stage_ref(func_, stage_index_);
    std::vector<int> places;
    for (const VarOrRVar &v : innermost_first) {
        int i = st.loop("reorder", v);
        user_assert(std::find(places.begin(), places.end(), i) == places.end())
            << "reorder: " << st.label << ": the loop \"" << v.name() << "\" is listed twice";
        places.push_back(i);
    }
    std::vector<Dim> moved;
    for (int i : places) {
        moved.push_back(st.s.dims[i]);
    }
    std::sort(places.begin(), places.end());
    for (size_t k = 0; k < places.size(); k++) {
        st.s.dims[places[k]] = moved[k];
    }
    return *this;
}

Stage &Stage::tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xo,
                   const VarOrRVar &yo, const VarOrRVar &xi, const VarOrRVar &yi,
                   const Expr &xfactor, const Expr &yfactor, TailStrategy tail) {
    split(x, xo, xi, xfactor, tail);
    split(y, yo, yi, yfactor, tail);
    return reorder({xi, yi, xo, yo});
}

Stage &Stage::tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xi,
                   const VarOrRVar &yi, const Expr &xfactor, const Expr &yfactor,
                   TailStrategy tail) {
    return tile(x, y, x, y, xi, yi, xfactor, yfactor, tail);
}

Stage &Stage::tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
                   const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
                   const std::vector<TailStrategy> &tails) {
    StageRef st = stage_ref(func_, stage_index_);
    size_t n = previous.size();
    user_assert(n > 0) << "tile: " << st.label << ": no loops were given to tile";
    user_assert(outers.size() == n && inners.size() == n && factors.size() == n &&
                tails.size() == n)
        << "tile: " << st.label << ": " << n << " loops to tile but " << outers.size()
        << " outer names, " << inners.size() << " inner names, " << factors.size()
        << " factors and " << tails.size() << " tail strategies; give one of each per loop";
    for (size_t k = 0; k < n; k++) {
        split(previous[k], outers[k], inners[k], factors[k], tails[k]);
    }
    std::vector<VarOrRVar> order(inners);
    order.insert(order.end(), outers.begin(), outers.end());
    return reorder(order);
}

Stage &Stage::tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
                   const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
                   TailStrategy tail) {
    return tile(previous, outers, inners, factors,
                std::vector<TailStrategy>(previous.size(), tail));
}

Stage &Stage::tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &inners,
                   const std::vector<Expr> &factors, TailStrategy tail) {
    return tile(previous, previous, inners, factors, tail);
}

namespace {

void set_loop_type(const std::shared_ptr<Function> &f, int stage, const char *directive,
                   const VarOrRVar &var, ForType t) {
    StageRef st = stage_ref(f, stage);
    int i = st.loop(directive, var);
    if (t == ForType::Parallel || t == ForType::Vectorized) {
        check_no_race(*f, stage, f->stage(stage), directive, var.name());
    }
    st.s.dims[i].for_type = t;
}

/// The loop a split by `factor` creates inside `var`: "<var>_<suffix>".
VarOrRVar inner_of(const VarOrRVar &var, const char *suffix) {
    std::string name = var.name() + "_" + suffix;
    return var.is_rvar() ? VarOrRVar(RVar(name)) : VarOrRVar(Var(name));
}

} // namespace

Stage &Stage::vectorize(const VarOrRVar &var) {
    set_loop_type(func_, stage_index_, "vectorize", var, ForType::Vectorized);
    return *this;
}

Stage &Stage::vectorize(const VarOrRVar &var, const Expr &factor, TailStrategy tail) {
    VarOrRVar inner = inner_of(var, "vi");
    split(var, var, inner, factor, tail);
    return vectorize(inner);
}

Stage &Stage::unroll(const VarOrRVar &var) {
    set_loop_type(func_, stage_index_, "unroll", var, ForType::Unrolled);
    return *this;
}

Stage &Stage::unroll(const VarOrRVar &var, const Expr &factor, TailStrategy tail) {
    VarOrRVar inner = inner_of(var, "ui");
    split(var, var, inner, factor, tail);
    return unroll(inner);
}

Stage &Stage::parallel(const VarOrRVar &var) {
    set_loop_type(func_, stage_index_, "parallel", var, ForType::Parallel);
    return *this;
}

Stage &Stage::parallel(const VarOrRVar &var, const Expr &task_size, TailStrategy tail) {
    VarOrRVar inner = inner_of(var, "pi");
    split(var, var, inner, task_size, tail);
    return parallel(var);
}

Stage &Stage::serial(const VarOrRVar &var) {
    set_loop_type(func_, stage_index_, "serial", var, ForType::Serial);
    return *this;
}

Stage &Stage::atomic(bool override_associativity_test) {
    StageRef st = stage_ref(func_, stage_index_);
    user_assert(stage_index_ > 0)
        << "atomic: " << st.label
        << " is a pure definition, which writes each site once; atomic() applies to an "
           "update (f.update(i).atomic())";
    const Definition &def = func_->stage(stage_index_);
    user_assert(def.values.size() == 1)
        << "atomic: " << st.label << " has " << def.values.size()
        << " values (a Tuple); atomic() supports single-valued updates";
    if (!override_associativity_test) {
        AssociativeMatch m = match_associative(def.values[0], func_->name(), def.args);
        user_assert(m.matched) << "atomic: " << st.label << " is not an associative reduction ("
                               << m.why
                               << "), so its terms cannot be combined in any order. Pass true "
                                  "to atomic() to assert that they can.";
    }
    st.s.atomic = true;
    return *this;
}

// ---------------------------------------------------------------------------------
// Func: the same directives on the pure stage.

namespace {

/// Checks that f has a pure definition before scheduling its loops.
Stage pure_stage(const Func &f, const std::shared_ptr<Function> &fn, const char *directive) {
    user_assert(f.defined()) << directive << ": Func \"" << f.name()
                             << "\" has no loops yet; define it before scheduling it";
    return Stage(fn, 0);
}

} // namespace

#define WEFT_FORWARD_TO_PURE_STAGE(directive, params, args)                                        \
    Func &Func::directive params {                                                                 \
        pure_stage(*this, func_, #directive).directive args;                                      \
        return *this;                                                                              \
    }

WEFT_FORWARD_TO_PURE_STAGE(split,
                           (const VarOrRVar &old, const VarOrRVar &outer, const VarOrRVar &inner,
                            const Expr &factor, TailStrategy tail),
                           (old, outer, inner, factor, tail))
WEFT_FORWARD_TO_PURE_STAGE(fuse,
                           (const VarOrRVar &inner, const VarOrRVar &outer,
                            const VarOrRVar &fused),
                           (inner, outer, fused))
WEFT_FORWARD_TO_PURE_STAGE(reorder, (const std::vector<VarOrRVar> &innermost_first),
                           (innermost_first))
WEFT_FORWARD_TO_PURE_STAGE(tile,
                           (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xo,
                            const VarOrRVar &yo, const VarOrRVar &xi, const VarOrRVar &yi,
                            const Expr &xfactor, const Expr &yfactor, TailStrategy tail),
                           (x, y, xo, yo, xi, yi, xfactor, yfactor, tail))
WEFT_FORWARD_TO_PURE_STAGE(tile,
                           (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xi,
                            const VarOrRVar &yi, const Expr &xfactor, const Expr &yfactor,
                            TailStrategy tail),
                           (x, y, xi, yi, xfactor, yfactor, tail))
WEFT_FORWARD_TO_PURE_STAGE(vectorize, (const VarOrRVar &var), (var))
WEFT_FORWARD_TO_PURE_STAGE(vectorize,
                           (const VarOrRVar &var, const Expr &factor, TailStrategy tail),
                           (var, factor, tail))
WEFT_FORWARD_TO_PURE_STAGE(unroll, (const VarOrRVar &var), (var))
WEFT_FORWARD_TO_PURE_STAGE(unroll, (const VarOrRVar &var, const Expr &factor, TailStrategy tail),
                           (var, factor, tail))
WEFT_FORWARD_TO_PURE_STAGE(tile,
                           (const std::vector<VarOrRVar> &previous,
                            const std::vector<VarOrRVar> &outers,
                            const std::vector<VarOrRVar> &inners,
                            const std::vector<Expr> &factors,
                            const std::vector<TailStrategy> &tails),
                           (previous, outers, inners, factors, tails))
WEFT_FORWARD_TO_PURE_STAGE(tile,
                           (const std::vector<VarOrRVar> &previous,
                            const std::vector<VarOrRVar> &outers,
                            const std::vector<VarOrRVar> &inners,
                            const std::vector<Expr> &factors, TailStrategy tail),
                           (previous, outers, inners, factors, tail))
WEFT_FORWARD_TO_PURE_STAGE(tile,
                           (const std::vector<VarOrRVar> &previous,
                            const std::vector<VarOrRVar> &inners,
                            const std::vector<Expr> &factors, TailStrategy tail),
                           (previous, inners, factors, tail))
WEFT_FORWARD_TO_PURE_STAGE(parallel, (const VarOrRVar &var), (var))
WEFT_FORWARD_TO_PURE_STAGE(parallel,
                           (const VarOrRVar &var, const Expr &task_size, TailStrategy tail),
                           (var, task_size, tail))
WEFT_FORWARD_TO_PURE_STAGE(serial, (const VarOrRVar &var), (var))

#undef WEFT_FORWARD_TO_PURE_STAGE

} // namespace weft
