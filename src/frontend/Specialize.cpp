// Func::specialize / Stage::specialize / specialize_fail (weft/Func.h), as in Halide.
//
// A specialization is recorded in the stage's Definition (src/ir/Function.h) as a
// condition and a copy of the definition with a schedule of its own; lowering
// (StageLoopNest.cpp) turns a stage with specializations into
// `if (c1) {nest 1} else if (c2) {nest 2} ... else {the stage's own nest}`.
//
// Assumes: the condition is checked here, completely, before anything changes.
// Guarantees: a condition stored is a bool scalar with no pure Vars, RVars, Func or image
// calls; a specialization's definition starts as a copy of the stage it specializes,
// without that stage's specializations.
//
// Tested in tests/correctness/specialize.cpp and tests/error/specialize_*.cpp.

#include "weft/Func.h"

#include "Error.h"
#include "ExprQueries.h"
#include "ir/Function.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

namespace weft {

using namespace internal;

namespace {

/// True when e calls a Func or reads an image.
bool calls_something(const Expr &e) {
    bool found = false;
    walk_exprs(e, [&](const Expr &x) {
        if (const Call *c = x.as<Call>(); c && (c->call_type == Call::Func ||
                                                c->call_type == Call::Image)) {
            found = true;
        }
        return !found;
    });
    return found;
}

void check_condition(const std::string &label, const Expr &c) {
    user_assert(c.defined()) << "specialize: the condition of " << label
                             << " is an undefined Expr";
    user_assert(c.type().is_bool() && c.type().is_scalar())
        << "specialize: condition of " << label << " must be boolean, not " << to_string(c.type())
        << " (write a comparison, such as p == 3 or in.dim(0).stride() == 1)";
    std::vector<std::string> vars = free_pure_vars(c);
    user_assert(vars.empty()) << "specialize: condition of " << label << " uses the Var \""
                              << (vars.empty() ? "" : vars[0])
                              << "\"; a condition is decided once per run, so it may use "
                                 "Params, buffer fields and constants, not Vars";
    std::vector<DomainUse> rdoms = reduction_domains(c);
    user_assert(rdoms.empty()) << "specialize: condition of " << label
                               << " uses the reduction variable "
                               << (rdoms.empty() ? "" : rdoms[0].rvar)
                               << "; it may use Params, buffer fields and constants only";
    user_assert(!calls_something(c))
        << "specialize: condition of " << label << " (" << c
        << ") calls a Func or reads an image; it may use Params, buffer fields and "
           "constants only";
}

std::string stage_label(const Stage &s) {
    std::string n = s.name();
    std::string::size_type dot = n.find(".update(");
    if (dot == std::string::npos) {
        return "Func \"" + n + "\"";
    }
    return "Func \"" + n.substr(0, dot) + "\" update " +
           n.substr(dot + 8, n.size() - dot - 9);
}

bool has_fail(const Definition &d) {
    return !d.specializations.empty() && !d.specializations.back().failure_message.empty();
}

} // namespace

Stage Stage::specialization(std::shared_ptr<Function> holder, int stage_index) {
    Stage s(std::move(holder), stage_index);
    s.is_specialization_ = true;
    return s;
}

Stage Stage::specialize(const Expr &condition) {
    const std::string label = stage_label(*this);
    check_condition(label, condition);
    Definition &def = func_->stage(stage_index_);
    user_assert(!has_fail(def)) << "specialize: " << label
                                << " already has specialize_fail(), which must come last";
    // The same condition again gives back the same specialization, as in Halide.
    for (const Specialization &s : def.specializations) {
        if (s.condition.defined() && equal(s.condition, condition)) {
            return Stage::specialization(std::make_shared<Function>(s.holder), stage_index_);
        }
    }
    // The copy lives as stage `stage_index_` of a Function of the same name that only
    // this specialization refers to (the other stages stay empty).
    auto holder = std::make_shared<Function>(func_->name());
    FunctionContents &c = *holder->get();
    c.args = func_->args();
    c.output_types = func_->output_types();
    c.updates.resize(stage_index_ > 0 ? stage_index_ : 0);
    Definition &copy = holder->stage(stage_index_);
    copy = def;
    copy.specializations.clear();
    Specialization spec;
    spec.condition = condition;
    spec.definition = std::shared_ptr<Definition>(holder, &copy);
    spec.holder = FunctionPtr(holder->get());
    def.specializations.push_back(std::move(spec));
    return Stage::specialization(holder, stage_index_);
}

void Stage::specialize_fail(const std::string &message) {
    const std::string label = stage_label(*this);
    Definition &def = func_->stage(stage_index_);
    user_assert(!message.empty()) << "specialize_fail: " << label << ": the message is empty";
    user_assert(!def.specializations.empty())
        << "specialize_fail: " << label
        << " has no specializations; call specialize(condition) first, then specialize_fail";
    user_assert(!has_fail(def)) << "specialize_fail: " << label
                                << " already has specialize_fail()";
    Specialization fail;
    fail.failure_message = message;
    def.specializations.push_back(std::move(fail));
}

Stage Func::specialize(const Expr &condition) {
    user_assert(defined()) << "specialize: Func \"" << name()
                           << "\" has no definition yet; define it before specializing it";
    return Stage(func_, 0).specialize(condition);
}

void Func::specialize_fail(const std::string &message) {
    user_assert(defined()) << "specialize_fail: Func \"" << name()
                           << "\" has no definition yet; define it first";
    Stage(func_, 0).specialize_fail(message);
}

} // namespace weft
