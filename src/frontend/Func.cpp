// The Func handle: construction, queries and calls (weft/Func.h). Definitions are in
// FuncRef.cpp and FuncDefinition.cpp, schedule directives in FuncSchedule.cpp, and
// the forwarding to Pipeline in FuncRealize.cpp.

#include "weft/Func.h"

#include "Error.h"
#include "FuncDefinition.h"
#include "UniqueName.h"
#include "ir/Function.h"

namespace weft {

using namespace internal;

Func::Func() : func_(std::make_shared<Function>(unique_name("f"))) {}

Func::Func(const std::string &name) : func_(std::make_shared<Function>(name)) {
    user_assert(!name.empty()) << "Func: the name must not be empty; use Func() for a unique name";
}

Func::Func(const Expr &e) : Func() { (*this)(std::vector<Expr>{}) = e; }

Func::Func(const Function &f) : func_(std::make_shared<Function>(f)) {
    internal_assert(f.defined()) << "Func from an undefined Function";
}

const std::string &Func::name() const { return func_->name(); }

bool Func::defined() const { return func_->has_pure_definition(); }

int Func::dimensions() const { return func_->dimensions(); }

std::vector<Var> Func::args() const {
    std::vector<Var> vars;
    for (const std::string &a : func_->args()) {
        vars.emplace_back(a);
    }
    return vars;
}

Expr Func::value() const {
    user_assert(defined()) << "Func \"" << name() << "\" has no value because it has not yet "
                           << "been defined";
    return func_->get()->init.values[0];
}

Type Func::type() const {
    user_assert(defined()) << "Func \"" << name() << "\" has no type because it has not yet "
                           << "been defined";
    return func_->output_types()[0];
}

const std::vector<Type> &Func::output_types() const { return func_->output_types(); }

bool Func::has_update_definition() const { return func_->has_update_definition(); }

int Func::num_update_definitions() const {
    return static_cast<int>(func_->get()->updates.size());
}

Stage Func::update(int i) {
    int n = num_update_definitions();
    user_assert(i >= 0 && i < n) << "Func \"" << name() << "\" has " << n << " update definition"
                                 << (n == 1 ? "" : "s") << "; there is no update(" << i << ")";
    return Stage(func_, i + 1);
}

FuncRef Func::operator()(std::vector<Expr> args) const { return FuncRef(*this, std::move(args)); }

FuncRef Func::operator()(const std::vector<Var> &args) const {
    return FuncRef(*this, std::vector<Expr>(args.begin(), args.end()));
}

const Function &Func::function() const { return *func_; }

bool Func::same_as(const Func &other) const { return func_->same_as(*other.func_); }

} // namespace weft
