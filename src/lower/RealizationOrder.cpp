#include "RealizationOrder.h"

#include "Error.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <functional>
#include <set>

namespace weft::internal {

namespace {

/// The Func calls of `func`'s definitions, in order of appearance (with repeats).
std::vector<const Call *> func_calls_of(const Function &func) {
    std::vector<const Call *> calls;
    for_each_definition_expr(func, [&](const Expr &root) {
        walk_exprs(root, [&](const Expr &e) {
            if (const Call *c = e.as<Call>(); c && c->call_type == Call::Func) {
                calls.push_back(c);
            }
            return true;
        });
    });
    return calls;
}

} // namespace

std::vector<std::string> direct_callees(const Function &f) {
    std::vector<std::string> names;
    for (const Call *c : func_calls_of(f)) {
        if (c->func.get() != f.get() &&
            std::find(names.begin(), names.end(), c->name) == names.end()) {
            names.push_back(c->name);
        }
    }
    return names;
}

std::map<std::string, Function> find_functions(const std::vector<Function> &outputs) {
    std::map<std::string, Function> env;
    std::vector<Function> work;
    auto add = [&](const Function &f) {
        auto it = env.find(f.name());
        if (it != env.end()) {
            user_assert(it->second.same_as(f))
                << "Two different Funcs are named \"" << f.name()
                << "\" in one pipeline; give each Func a unique name.";
            return;
        }
        user_assert(f.has_pure_definition())
            << "Func \"" << f.name() << "\" is used in the pipeline but was never defined.";
        env.emplace(f.name(), f);
        work.push_back(f);
    };
    for (const Function &f : outputs) {
        internal_assert(f.defined()) << "find_functions: undefined output";
        add(f);
    }
    while (!work.empty()) {
        Function f = work.back();
        work.pop_back();
        for (const Call *c : func_calls_of(f)) {
            add(Function(c->func.get()));
        }
    }
    return env;
}

std::vector<std::string> realization_order(const std::vector<Function> &outputs,
                                           const std::map<std::string, Function> &env) {
    std::vector<std::string> order;
    std::set<std::string> done;
    std::vector<std::string> stack; // the current DFS path, for cycle messages

    std::function<void(const std::string &)> visit = [&](const std::string &name) {
        if (done.count(name)) {
            return;
        }
        auto on_path = std::find(stack.begin(), stack.end(), name);
        if (on_path != stack.end()) {
            std::string cycle;
            for (auto it = on_path; it != stack.end(); ++it) {
                cycle += "\"" + *it + "\" -> ";
            }
            user_error << "The pipeline has a cycle of Func calls: " << cycle << "\"" << name
                       << "\". Only an update definition may refer to its own Func.";
        }
        auto it = env.find(name);
        internal_assert(it != env.end()) << "realization_order: " << name << " not in env";
        stack.push_back(name);
        for (const std::string &callee : direct_callees(it->second)) {
            visit(callee);
        }
        stack.pop_back();
        done.insert(name);
        order.push_back(name);
    };
    for (const Function &f : outputs) {
        visit(f.name());
    }
    return order;
}

} // namespace weft::internal
