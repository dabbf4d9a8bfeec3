// Making Func::in() wrappers (see Wrappers.h): Func::in, ImageParam::in and the checks
// they make. The calls are redirected at lowering time by WrapCalls.cpp.

#include "Wrappers.h"

#include "Error.h"
#include "FuncDefinition.h"
#include "ImageCall.h"
#include "ir/IRHelpers.h"
#include "lower/RealizationOrder.h"
#include "weft/Func.h"
#include "weft/ImageParam.h"

#include <algorithm>
#include <memory>

namespace weft {

using namespace internal;

namespace internal {

namespace {

bool is_input_anchor(const FunctionContents *w) { return w->wrapped_input.defined(); }

std::string subject(const FunctionContents *w) {
    return (is_input_anchor(w) ? "ImageParam \"" : "Func \"") + w->name + "\"";
}

std::string join(const std::vector<std::string> &names, const char *sep) {
    std::string s;
    for (size_t i = 0; i < names.size(); i++) {
        s += i ? sep : "";
        s += names[i];
    }
    return s;
}

/// "f.in(g)", "f.in({g, h})" or "f.in()", for messages.
std::string call_form(const FunctionContents *w, const std::vector<Function> &consumers) {
    std::vector<std::string> names;
    for (const Function &g : consumers) {
        names.push_back(g.defined() ? g.name() : std::string("<undefined>"));
    }
    std::string args = join(names, ", ");
    return w->name + ".in(" + (names.size() > 1 ? "{" + args + "}" : args) + ")";
}

void check_consumer(const std::string &call, const FunctionContents *w, const Function &g) {
    user_assert(g.defined() && g.has_pure_definition())
        << call << ": Func \"" << (g.defined() ? g.name() : "") << "\" has no definition yet; "
        << "define it before wrapping the calls it makes";
    user_assert(g.get() != w) << call << ": a Func cannot wrap the calls it makes to itself; "
                              << "give the Funcs that call " << subject(w)
                              << " instead, or use " << w->name
                              << ".in() to wrap every call to it";
    if (calls_through(g, w)) {
        return;
    }
    std::vector<std::string> callees = direct_callees(g);
    user_error << call << ": Func \"" << g.name() << "\" does not call " << subject(w)
               << ", so there is nothing to wrap; a wrapper replaces the calls that the given "
               << "Funcs make to it (" << g.name() << " calls "
               << (callees.empty() ? std::string("no Func") : join(callees, ", ")) << ")";
}

/// The wrapper already made for these consumer keys, or null; CompileError when the
/// keys have different wrappers, or only some of them have one.
FunctionContents *existing_wrapper(const std::string &call, const FunctionContents *w,
                                   const std::vector<std::string> &keys) {
    FunctionContents *found = nullptr;
    std::string with, without;
    for (const std::string &k : keys) {
        auto it = w->wrappers.find(k);
        if (it == w->wrappers.end()) {
            without = k;
            continue;
        }
        user_assert(!found || found == it->second)
            << call << ": Func \"" << with << "\" and Func \"" << k << "\" already have different "
            << "wrappers of " << subject(w) << " (" << found->name << " and " << it->second->name
            << "); a consumer has one wrapper of a Func";
        found = it->second;
        with = k;
    }
    user_assert(!found || without.empty())
        << call << ": Func \"" << with << "\" already has the wrapper " << found->name << " of "
        << subject(w) << " but Func \"" << without << "\" does not share it; wrappers for several "
        << "consumers are made once, for all of them together";
    return found;
}

/// The definition of a new wrapper of w: its argument names and value.
void define_wrapper(const Function &wrapper, const FunctionContents *w) {
    std::vector<Expr> lhs;
    if (!is_input_anchor(w)) {
        for (const std::string &a : w->args) {
            lhs.push_back(int_var(a));
        }
        Expr value = Call::make(w->output_types[0], w->name, lhs, Call::Func,
                                FunctionPtr(const_cast<FunctionContents *>(w)).weakened());
        define_pure(wrapper, lhs, value);
        return;
    }
    // An input's wrapper takes Halide's implicit argument names _0, _1, ...
    for (int i = 0; i < w->wrapped_input.dimensions(); i++) {
        lhs.push_back(int_var("_" + std::to_string(i)));
    }
    define_pure(wrapper, lhs,
                image_call(w->wrapped_input, "ImageParam \"" + w->name + "\"", lhs));
}

} // namespace

Function wrapper_of(const Function &wrapped, const std::vector<Function> &consumers) {
    FunctionContents *w = wrapped.get();
    const std::string call = call_form(w, consumers);
    if (!is_input_anchor(w)) {
        user_assert(wrapped.has_pure_definition())
            << call << ": Func \"" << w->name << "\" has no definition yet; define it before "
            << "wrapping the calls to it";
        user_assert(wrapped.output_types().size() == 1)
            << call << ": Func \"" << w->name << "\" returns a Tuple of "
            << wrapped.output_types().size() << " values; wrappers of Tuple-valued Funcs are "
            << "not supported";
    }
    std::vector<std::string> keys;
    for (const Function &g : consumers) {
        check_consumer(call, w, g);
        if (std::find(keys.begin(), keys.end(), g.name()) == keys.end()) {
            keys.push_back(g.name());
        }
    }
    if (keys.empty()) {
        keys.push_back(""); // the global wrapper
    }
    if (FunctionContents *found = existing_wrapper(call, w, keys)) {
        return Function(found);
    }

    FunctionContents *root = w->lifetime_root();
    auto owned = std::make_unique<FunctionContents>();
    owned->name =
        keys[0].empty() ? w->name + "_global_wrapper" : w->name + "_in_" + join(keys, "_");
    owned->wrapped = w;
    owned->lifetime_owner = root;
    FunctionContents *raw = owned.get();
    root->owned_wrappers.push_back(std::move(owned));
    Function wrapper(raw);
    define_wrapper(wrapper, w);
    for (const std::string &k : keys) {
        w->wrappers[k] = raw;
    }
    return wrapper;
}

Function make_input_anchor(const Parameter &p) {
    internal_assert(p.defined() && p.is_buffer()) << "make_input_anchor of a non-buffer";
    Function anchor(p.name());
    anchor->wrapped_input = p;
    p.mutable_contents()->wrapper_anchor = anchor.get();
    return anchor;
}

} // namespace internal

namespace {

std::vector<Function> functions_of(const std::vector<Func> &fs) {
    std::vector<Function> out;
    for (const Func &f : fs) {
        out.push_back(f.function());
    }
    return out;
}

} // namespace

Func Func::in(const Func &consumer) { return in(std::vector<Func>{consumer}); }

Func Func::in(const std::vector<Func> &consumers) {
    user_assert(!consumers.empty())
        << name() << ".in({}): give at least one consumer, or use " << name()
        << ".in() for the wrapper of every call";
    return Func(wrapper_of(*func_, functions_of(consumers)));
}

Func Func::in() { return Func(wrapper_of(*func_, {})); }

Func ImageParam::in(const Func &consumer) { return in(std::vector<Func>{consumer}); }

Func ImageParam::in(const std::vector<Func> &consumers) {
    check_defined("in");
    user_assert(!consumers.empty())
        << name() << ".in({}): give at least one consumer, or use " << name()
        << ".in() for the wrapper of every read";
    return Func(wrapper_of(*anchor_, functions_of(consumers)));
}

Func ImageParam::in() {
    check_defined("in");
    return Func(wrapper_of(*anchor_, {}));
}

} // namespace weft
