// The loop directives of Stage and Func (split, fuse, reorder, tile, vectorize, unroll,
// parallel, serial): each checks its loop names and records into the stage's
// StageSchedule (src/ir/Schedule.h). Lowering builds the loops from that record.

#include "weft/Func.h"

#include "Error.h"
#include "ir/Function.h"
#include "ir/IRHelpers.h"
#include "weft/IROperator.h"

#include <algorithm>

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

/// The stage's schedule and its label, with loop lookups that report mistakes.
struct StageRef {
    StageSchedule &s;
    std::string label; // "Func \"f\"" or "Func \"f\" update 0"

    int loop(const char *directive, const VarOrRVar &v) const {
        int i = find_loop(s, v.name());
        user_assert(i >= 0) << directive << ": " << label << " has no loop \"" << v.name()
                            << "\"; its loops are " << loop_list(s);
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

} // namespace

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

namespace {

void set_loop_type(const std::shared_ptr<Function> &f, int stage, const char *directive,
                   const VarOrRVar &var, ForType t) {
    StageRef st = stage_ref(f, stage);
    st.s.dims[st.loop(directive, var)].for_type = t;
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

Stage &Stage::serial(const VarOrRVar &var) {
    set_loop_type(func_, stage_index_, "serial", var, ForType::Serial);
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
WEFT_FORWARD_TO_PURE_STAGE(parallel, (const VarOrRVar &var), (var))
WEFT_FORWARD_TO_PURE_STAGE(serial, (const VarOrRVar &var), (var))

#undef WEFT_FORWARD_TO_PURE_STAGE

} // namespace weft
