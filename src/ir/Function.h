#ifndef WEFT_IR_FUNCTION_H
#define WEFT_IR_FUNCTION_H

// FunctionContents: the internal definition behind a user's Func handle (the user
// handle is weft::Func; this is what it points to). A function has pure argument
// names, one value type per Tuple element, a pure definition (`init`), any number
// of update definitions, and its schedule. Lowering reads only this structure.

#include "IR.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace weft::internal {

struct Definition;

/// A specialization of a stage (Func::specialize / Stage::specialize, as in Halide):
/// `definition` (a copy of the stage's definition with its own schedule, and possibly
/// its own nested specializations) runs instead of the stage when `condition` (a bool
/// scalar of Params, buffer fields and constants) holds at run time. The stage's
/// specializations are tried in order; the stage's own schedule is the fallback, unless
/// `failure_message` is set (specialize_fail): then the fallback is a run-time error
/// with that message, and `condition` and `definition` are unused.
/// `definition` is stage k of `holder`, a function of the same name used only to hold it
/// (so that the front end's Stage handle can schedule it like any stage).
struct Specialization {
    Expr condition;
    std::shared_ptr<Definition> definition;
    std::string failure_message;
    FunctionPtr holder;
};

/// One stage: the pure definition or an update.
struct Definition {
    /// Left-hand side coordinates. For the pure definition: Variables named after
    /// the function's args. For an update: any Int(32) expressions (pure Vars,
    /// RVars, constants, data-dependent indices).
    std::vector<Expr> args;
    /// Right-hand side, one per Tuple element (a single value for now).
    std::vector<Expr> values;
    /// The reduction domain the update iterates (undefined for pure definitions
    /// and for updates without RVars). Its predicate guards the update.
    ReductionDomain rdom;
    StageSchedule schedule;
    /// Tried in order before this definition's own schedule (see Specialization).
    std::vector<Specialization> specializations;
    bool defined() const { return !values.empty(); }
};

struct FunctionContents {
    mutable std::atomic<int> ref_count{0};
    std::string name;
    std::vector<std::string> args;   // pure argument names, innermost (x) first
    std::vector<Type> output_types;  // one per Tuple element
    Definition init;
    std::vector<Definition> updates;
    FuncSchedule schedule;

    // Func::in() wrappers (src/frontend/Wrappers.h). A wrapper lives exactly as long as
    // the function it wraps: it is owned by that function's `owned_wrappers` (of the
    // root of the group, for a wrapper of a wrapper), every strong reference to it
    // counts on `lifetime_owner`, and its own call to the wrapped function is weak. So
    // neither keeps the other alive in a cycle, and no handle outlives the other.

    /// This function's wrappers by consumer name ("" for the global wrapper of
    /// f.in()); each is in `owned_wrappers` of the group root.
    std::map<std::string, FunctionContents *> wrappers;
    /// For a wrapper: the function (or input anchor) it wraps; else null.
    const FunctionContents *wrapped = nullptr;
    /// For a wrapper: the group root whose reference count stands for its lifetime.
    FunctionContents *lifetime_owner = nullptr;
    std::vector<std::unique_ptr<FunctionContents>> owned_wrappers;
    /// For the anchor of an ImageParam's wrappers: the input it reads (the Parameter
    /// points back at the anchor without a reference; the destructor unlinks it).
    Parameter wrapped_input;

    /// The contents whose reference count stands for this function's lifetime: itself,
    /// or for a wrapper the group root that owns it.
    FunctionContents *lifetime_root() { return lifetime_owner ? lifetime_owner : this; }

    FunctionContents() = default;
    FunctionContents(const FunctionContents &) = delete;
    FunctionContents &operator=(const FunctionContents &) = delete;
    ~FunctionContents();
};

/// A strong handle to a FunctionContents, used by the front end and by lowering.
class Function {
public:
    Function() = default;
    explicit Function(const std::string &name);
    explicit Function(FunctionContents *c) : contents_(c) {}
    explicit Function(const FunctionPtr &p) : contents_(p.get()) {}

    bool defined() const { return contents_.defined(); }
    FunctionContents *get() const { return contents_.get(); }
    FunctionContents *operator->() const { return contents_.get(); }

    const std::string &name() const { return contents_.get()->name; }
    const std::vector<std::string> &args() const { return contents_.get()->args; }
    int dimensions() const { return static_cast<int>(contents_.get()->args.size()); }
    bool has_pure_definition() const { return contents_.get()->init.defined(); }
    bool has_update_definition() const { return !contents_.get()->updates.empty(); }
    const std::vector<Type> &output_types() const { return contents_.get()->output_types; }
    /// Number of stages: 1 + number of updates.
    int stages() const { return 1 + static_cast<int>(contents_.get()->updates.size()); }
    Definition &stage(int i) {
        return i == 0 ? contents_.get()->init : contents_.get()->updates[i - 1];
    }
    const Definition &stage(int i) const {
        return i == 0 ? contents_.get()->init : contents_.get()->updates[i - 1];
    }
    FuncSchedule &schedule() const { return contents_.get()->schedule; }

    /// A Func call to this function at `args` (a strong reference).
    Expr call(const std::vector<Expr> &args, int value_index = 0) const;

    bool same_as(const Function &o) const { return contents_.get() == o.contents_.get(); }
    bool operator<(const Function &o) const { return contents_.get() < o.contents_.get(); }

private:
    FunctionPtr contents_; // always strong (a FunctionPtr, so that wrappers count on their owner)
};

/// Calls fn on every expression of every stage of `f`: left-hand sides, values, RDom
/// bounds and predicates, split factors, the stages' specializations (recursively), and
/// the explicit bounds of `f`'s schedule.
void for_each_definition_expr(const Function &f, const std::function<void(const Expr &)> &fn);

/// Replaces every Func call to `f` inside `e` by a weak reference (used when an
/// update definition of f refers to f itself, to avoid a reference cycle).
Expr weaken_self_calls(const Expr &e, const FunctionContents *f);

} // namespace weft::internal

#endif
