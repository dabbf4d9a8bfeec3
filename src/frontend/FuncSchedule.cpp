// LoopLevel and the placement directives of Func (compute_at, store_at, bound...):
// each records into the Func's FuncSchedule (src/ir/Schedule.h), checking what can
// be checked now. Lowering checks the rest (e.g. that a consumer really calls it).

#include "weft/Func.h"

#include "Error.h"
#include "ir/Function.h"
#include "weft/IROperator.h"

#include <algorithm>

namespace weft {

using namespace internal;

// ---------------------------------------------------------------------------------
// LoopLevel

LoopLevel::LoopLevel(const Func &func, const Var &var, int stage_index)
    : kind_(Kind::At), func_(func.name()), var_(var.name()), stage_index_(stage_index),
      function_(std::make_shared<Function>(func.function())) {}

LoopLevel::LoopLevel(const Func &func, const RVar &var, int stage_index)
    : kind_(Kind::At), func_(func.name()), var_(var.name()), stage_index_(stage_index),
      function_(std::make_shared<Function>(func.function())) {
    user_assert(var.defined()) << "LoopLevel: an undefined RVar was given for Func \""
                               << func.name() << "\"";
}

LoopLevel LoopLevel::root() {
    LoopLevel l;
    l.kind_ = Kind::Root;
    return l;
}

std::string LoopLevel::to_string() const {
    switch (kind_) {
    case Kind::Inlined:
        return "inlined";
    case Kind::Root:
        return "root";
    case Kind::At:
        break;
    }
    std::string stage = stage_index_ > 0 ? ".update(" + std::to_string(stage_index_ - 1) + ")" : "";
    return func_ + stage + "." + var_;
}

namespace {

LoopLevelData to_data(const LoopLevel &l) {
    if (l.is_inlined()) {
        return LoopLevelData::inlined();
    }
    if (l.is_root()) {
        return LoopLevelData::root();
    }
    return LoopLevelData::at(l.func(), l.var(), l.stage_index());
}

/// Every loop name of the consumer's stages (the stage `stage`, or all when -1).
std::vector<std::string> loops_of(const Function &f, int stage) {
    std::vector<std::string> names;
    for (int s = 0; s < f.stages(); s++) {
        if (stage >= 0 && s != stage) {
            continue;
        }
        for (const Dim &d : f.stage(s).schedule.dims) {
            if (std::find(names.begin(), names.end(), d.var) == names.end()) {
                names.push_back(d.var);
            }
        }
    }
    return names;
}

std::string join(const std::vector<std::string> &names) {
    std::string s;
    for (size_t i = 0; i < names.size(); i++) {
        s += i ? ", " : "";
        s += names[i];
    }
    return s;
}

/// Checks an "at" level of `directive` for Func `self` against the consumer's loops.
void check_at_level(const char *directive, const Function &self, const LoopLevel &l,
                    const Function *consumer) {
    if (!l.func().empty()) {
        user_assert(l.func() != self.name())
            << directive << ": Func \"" << self.name()
            << "\" cannot be placed inside one of its own loops; give the loop of a "
               "Func that calls it";
    }
    if (consumer == nullptr || !consumer->has_pure_definition()) {
        return; // checked when the pipeline is lowered
    }
    user_assert(l.stage_index() >= -1 && l.stage_index() < consumer->stages())
        << directive << ": Func \"" << consumer->name() << "\" has no stage "
        << l.stage_index() << "; it has " << consumer->stages() << " (0 is the pure definition)";
    std::vector<std::string> loops = loops_of(*consumer, l.stage_index());
    user_assert(std::find(loops.begin(), loops.end(), l.var()) != loops.end())
        << directive << ": Func \"" << consumer->name() << "\" has no loop \"" << l.var()
        << "\"; its loops are " << join(loops);
}

} // namespace

// ---------------------------------------------------------------------------------
// Func placement

Func &Func::store_nontemporal(bool on) {
    func_->schedule().nontemporal_stores = on;
    return *this;
}

Func &Func::compute_root() {
    FuncSchedule &s = func_->schedule();
    s.compute_level = LoopLevelData::root();
    s.placement_set = true;
    return *this;
}

Func &Func::compute_at(const LoopLevel &level) {
    if (level.is_inlined()) {
        return compute_inline();
    }
    if (!level.is_root()) {
        check_at_level("compute_at", *func_, level, level.function_.get());
    }
    FuncSchedule &s = func_->schedule();
    s.compute_level = to_data(level);
    s.placement_set = true;
    return *this;
}

Func &Func::compute_at(const Func &consumer, const Var &var) {
    return compute_at(LoopLevel(consumer, var));
}

Func &Func::compute_at(const Func &consumer, const RVar &var) {
    return compute_at(LoopLevel(consumer, var));
}

Func &Func::compute_inline() {
    int n = num_update_definitions();
    user_assert(n == 0) << "compute_inline: Func \"" << name() << "\" has " << n
                        << " update definition" << (n == 1 ? "" : "s")
                        << " and cannot be inlined; use compute_root() or compute_at()";
    FuncSchedule &s = func_->schedule();
    s.compute_level = LoopLevelData::inlined();
    s.store_level = LoopLevelData::inlined();
    s.placement_set = true;
    return *this;
}

Func &Func::store_root() {
    func_->schedule().store_level = LoopLevelData::root();
    return *this;
}

Func &Func::store_at(const LoopLevel &level) {
    if (!level.is_root() && !level.is_inlined()) {
        check_at_level("store_at", *func_, level, level.function_.get());
    }
    func_->schedule().store_level = to_data(level);
    return *this;
}

Func &Func::store_at(const Func &consumer, const Var &var) {
    return store_at(LoopLevel(consumer, var));
}

Func &Func::store_at(const Func &consumer, const RVar &var) {
    return store_at(LoopLevel(consumer, var));
}

Func &Func::bound(const Var &var, const Expr &min, const Expr &extent) {
    if (defined()) {
        const std::vector<std::string> &args = func_->args();
        user_assert(std::find(args.begin(), args.end(), var.name()) != args.end())
            << "bound: Func \"" << name() << "\" has no argument \"" << var.name()
            << "\"; its arguments are " << join(args);
    }
    for (const Expr *e : {&min, &extent}) {
        user_assert(!e->defined() || e->type().is_int() || e->type().is_uint())
            << "bound: the " << (e == &min ? "min" : "extent") << " given for \"" << var.name()
            << "\" of Func \"" << name() << "\" has type " << to_string(e->type())
            << "; bounds must be integers";
    }
    user_assert(extent.defined()) << "bound: Func \"" << name() << "\": the extent of \""
                                  << var.name() << "\" is undefined";
    Bound b;
    b.var = var.name();
    b.min = min.defined() ? cast(Int(32), min) : Expr();
    b.extent = cast(Int(32), extent);
    std::vector<Bound> &bounds = func_->schedule().bounds;
    auto same_var = [&](const Bound &o) { return o.var == b.var; };
    bounds.erase(std::remove_if(bounds.begin(), bounds.end(), same_var), bounds.end());
    bounds.push_back(b);
    return *this;
}

LoopLevel LoopLevel::from_data(const LoopLevelData &d) {
    switch (d.kind) {
    case LoopLevelData::Kind::Inlined:
        return inlined();
    case LoopLevelData::Kind::Root:
        return root();
    case LoopLevelData::Kind::At:
        break;
    }
    LoopLevel l;
    l.kind_ = Kind::At;
    l.func_ = d.func;
    l.var_ = d.var;
    l.stage_index_ = d.stage_index;
    return l;
}

LoopLevel Func::compute_level() const {
    return LoopLevel::from_data(func_->schedule().compute_level);
}

LoopLevel Func::store_level() const { return LoopLevel::from_data(func_->schedule().store_level); }

} // namespace weft
