#include "PipelineArguments.h"

#include "Error.h"
#include "ir/IRVisitor.h"

#include <map>

namespace weft::internal {

std::vector<LoweredArgument> pipeline_arguments(const Stmt &s,
                                                const std::vector<Function> &outputs) {
    std::vector<LoweredArgument> args;
    for (const Function &f : outputs) {
        LoweredArgument a;
        a.name = f.name();
        a.is_buffer = true;
        a.type = f.output_types().at(0);
        a.dimensions = f.dimensions();
        a.is_output = true;
        args.push_back(a);
    }
    std::map<std::string, Parameter> inputs;
    auto add = [&](const Parameter &p) {
        if (!p.defined()) {
            return;
        }
        auto [it, inserted] = inputs.emplace(p.name(), p);
        user_assert(inserted || it->second.same_as(p))
            << "Two different pipeline inputs are named \"" << p.name()
            << "\"; give each Param, ImageParam and Buffer a unique name.";
    };
    walk_exprs(s, [&](const Expr &e) {
        if (const Load *l = e.as<Load>()) {
            add(l->param);
        } else if (const Call *c = e.as<Call>()) {
            add(c->param);
        } else if (const Variable *v = e.as<Variable>()) {
            add(v->param);
        }
        return true;
    });
    walk_stmts(s, [&](const Stmt &st) {
        if (const Store *st_node = st.as<Store>()) {
            add(st_node->param);
        }
    });
    for (const auto &[name, p] : inputs) {
        for (const Function &f : outputs) {
            user_assert(f.name() != name)
                << "The input \"" << name << "\" has the same name as the output Func \"" << name
                << "\"; rename one of them.";
        }
        LoweredArgument a;
        a.name = name;
        a.is_buffer = p.is_buffer();
        a.type = p.type();
        a.dimensions = p.is_buffer() ? p.dimensions() : 0;
        a.param = p;
        args.push_back(a);
    }
    return args;
}

} // namespace weft::internal
