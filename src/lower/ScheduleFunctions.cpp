#include "ScheduleFunctions.h"

#include "Debug.h"
#include "Error.h"
#include "LowerUtil.h"
#include "StageLoopNest.h"
#include "analysis/Substitute.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <optional>

namespace weft::internal {

namespace {

using namespace lowering;

bool is_output(const Function &f, const std::vector<Function> &outputs) {
    return std::any_of(outputs.begin(), outputs.end(),
                       [&](const Function &o) { return o.same_as(f); });
}

std::string describe_level(const LoopLevelData &l) {
    if (l.is_root()) {
        return "root";
    }
    if (l.is_inlined()) {
        return "inline";
    }
    return "loop \"" + l.var + "\" of Func \"" + l.func + "\"";
}

/// Resolves stage_index -1 (the last stage) and checks the Func exists.
LoopLevelData resolve_level(LoopLevelData l, const Function &f, const char *directive,
                            const std::map<std::string, Function> &env) {
    if (l.kind != LoopLevelData::Kind::At) {
        return l;
    }
    auto it = env.find(l.func);
    user_assert(it != env.end()) << directive << ": Func \"" << f.name()
                                 << "\" is scheduled at loop \"" << l.var << "\" of Func \""
                                 << l.func << "\", which is not part of this pipeline.";
    user_assert(l.func != f.name()) << directive << ": Func \"" << f.name()
                                    << "\" cannot be scheduled at one of its own loops.";
    const Function &g = it->second;
    if (l.stage_index < 0) {
        l.stage_index = g.stages() - 1;
    }
    user_assert(l.stage_index < g.stages())
        << directive << ": Func \"" << f.name() << "\" is scheduled at stage " << l.stage_index
        << " of Func \"" << g.name() << "\", which has only " << g.stages() << " stages.";
    return l;
}

std::string loop_name(const LoopLevelData &l) {
    return stage_prefix(l.func, l.stage_index) + l.var;
}

std::string join(const std::vector<std::string> &names) {
    std::string s;
    for (const std::string &n : names) {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

/// The loops enclosing every use of Func `name` (outermost first): the common prefix of
/// the loop stacks at each call site. Empty when there are no uses.
std::vector<std::string> loops_enclosing_uses(const Stmt &s, const std::string &name) {
    class Finder : public IRVisitor {
    public:
        explicit Finder(const std::string &n) : name_(n) {}
        std::optional<std::vector<std::string>> common;

        using IRVisitor::visit;
        void visit(const Call *op) override {
            IRVisitor::visit(op);
            if (op->call_type != Call::Func || op->name != name_) {
                return;
            }
            if (!common) {
                common = stack_;
                return;
            }
            size_t n = 0;
            while (n < common->size() && n < stack_.size() && (*common)[n] == stack_[n]) {
                n++;
            }
            common->resize(n);
        }
        void visit(const For *op) override {
            walk(op->min);
            walk(op->extent);
            stack_.push_back(op->name);
            walk(op->body);
            stack_.pop_back();
        }

    private:
        const std::string &name_;
        std::vector<std::string> stack_;
    };
    Finder finder(name);
    finder.walk(s);
    return finder.common.value_or(std::vector<std::string>{});
}

Stmt make_produce(const Function &f) {
    std::vector<Stmt> nests;
    for (int k = 0; k < f.stages(); k++) {
        nests.push_back(build_stage_loop_nest(f, k));
    }
    return ProducerConsumer::make_produce(f.name(), Block::make(nests));
}

Stmt make_realize(const Function &f, const Stmt &body) {
    Region bounds;
    for (const std::string &a : f.args()) {
        bounds.emplace_back(var(min_realized_name(f.name(), a)),
                            var(extent_realized_name(f.name(), a)));
    }
    return Realize::make(f.name(), f.output_types(), f.schedule().memory_type, bounds, const_true(),
                         body);
}

Stmt produce_then_consume(const Function &f, const Stmt &consumer) {
    Stmt produce = make_produce(f);
    if (!consumer.defined()) {
        return produce;
    }
    return Block::make(produce, ProducerConsumer::make_consume(f.name(), consumer));
}

/// Rewrites the body of the loop named `loop` with `fn`; checks it exists once.
Stmt rewrite_loop_body(const Stmt &s, const std::string &loop,
                       const std::function<Stmt(const Stmt &)> &fn) {
    class Rewriter : public IRMutator {
    public:
        Rewriter(const std::string &l, const std::function<Stmt(const Stmt &)> &f)
            : loop_(l), fn_(f) {}
        int found = 0;
        using IRMutator::visit;
        Stmt visit(const For *op) override {
            if (op->name != loop_) {
                return IRMutator::visit(op);
            }
            found++;
            return For::make(op->name, op->min, op->extent, op->for_type, op->device_api,
                             fn_(op->body));
        }

    private:
        const std::string &loop_;
        const std::function<Stmt(const Stmt &)> &fn_;
    };
    Rewriter r(loop, fn);
    Stmt result = r.mutate(s);
    internal_assert(r.found == 1) << "schedule_functions: loop " << loop << " found " << r.found
                                  << " times";
    return result;
}

/// Replaces every call to the pure Func f by its value.
class InlineCalls : public IRMutator {
public:
    InlineCalls(const Function &f, int &counter) : f_(f), counter_(counter) {}

    using IRMutator::visit;
    Expr visit(const Call *op) override {
        Expr e = IRMutator::visit(op);
        const Call *c = e.as<Call>();
        if (c->call_type != Call::Func || c->name != f_.name()) {
            return e;
        }
        internal_assert(c->args.size() == f_.args().size())
            << "schedule_functions: call to " << f_.name() << " with wrong arity";
        std::map<std::string, Expr> subs;
        std::vector<std::pair<std::string, Expr>> lets;
        for (size_t i = 0; i < c->args.size(); i++) {
            const Expr &a = c->args[i];
            if (a.as<Variable>() || is_const(a)) {
                subs[f_.args()[i]] = a;
                continue;
            }
            std::string fresh = f_.name() + "." + f_.args()[i] + "." + std::to_string(counter_++);
            subs[f_.args()[i]] = Variable::make(a.type(), fresh);
            lets.emplace_back(fresh, a);
        }
        Expr body = substitute(subs, f_.stage(0).values.at(c->value_index));
        for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
            body = Let::make(it->first, it->second, body);
        }
        return body;
    }

private:
    const Function &f_;
    int &counter_;
};

/// How many loops named `loop` s has (more than one when a specialization repeats it).
int count_loops(const Stmt &s, const std::string &loop) {
    class Counter : public IRVisitor {
    public:
        explicit Counter(const std::string &l) : loop_(l) {}
        int count = 0;
        using IRVisitor::visit;
        void visit(const For *op) override {
            count += op->name == loop_;
            IRVisitor::visit(op);
        }

    private:
        const std::string &loop_;
    };
    Counter c(loop);
    c.walk(s);
    return c.count;
}

/// The ForType of the loop named `loop` in s (Serial if absent).
ForType loop_for_type(const Stmt &s, const std::string &loop) {
    ForType type = ForType::Serial;
    walk_stmts(s, [&](const Stmt &node) {
        if (const auto *f = node.as<For>(); f && f->name == loop) {
            type = f->for_type;
        }
    });
    return type;
}

Stmt inject_at(const Function &f, const Placement &p, const Stmt &s) {
    std::vector<std::string> legal = loops_enclosing_uses(s, f.name());
    std::string compute_loop = loop_name(p.compute);
    for (const LoopLevelData &level : {p.compute, p.store}) {
        if (level.kind != LoopLevelData::Kind::At) {
            continue;
        }
        user_assert(count_loops(s, loop_name(level)) <= 1)
            << "compute_at: Func \"" << f.name() << "\" is placed at "
            << describe_level(level) << " (" << loop_name(level)
            << "), a loop of a stage with specializations, which repeat it; placing a Func "
               "inside a specialized stage is not supported yet: compute it at root or at a "
               "loop of a stage without specializations.";
    }
    auto compute_it = std::find(legal.begin(), legal.end(), compute_loop);
    user_assert(compute_it != legal.end())
        << "compute_at: Func \"" << f.name() << "\" cannot be computed at "
        << describe_level(p.compute) << " (" << compute_loop
        << "): that loop does not enclose every use of \"" << f.name()
        << "\". Legal compute levels are: root"
        << (legal.empty() ? std::string() : ", " + join(legal))
        << " (loop v of stage k of Func g is written g.s<k>.v).";
    if (p.store.kind == LoopLevelData::Kind::At) {
        std::string store_loop = loop_name(p.store);
        auto store_it = std::find(legal.begin(), compute_it + 1, store_loop);
        user_assert(store_it != compute_it + 1)
            << "store_at: Func \"" << f.name() << "\" is stored at " << describe_level(p.store)
            << " (" << store_loop << ") but computed at " << compute_loop
            << "; the store level must be the compute level or enclose it. Legal store levels "
               "are: root, "
            << join(std::vector<std::string>(legal.begin(), compute_it + 1)) << ".";
    }
    if (!p.is_output && !(p.store == p.compute)) {
        // Loops strictly inside the store level, down to the compute level: their
        // iterations share one realization of f. As in Halide, a parallel one is refused:
        // concurrent iterations would compute overlapping parts of f into shared storage.
        auto first = legal.begin();
        if (p.store.kind == LoopLevelData::Kind::At) {
            first = std::find(legal.begin(), compute_it + 1, loop_name(p.store)) + 1;
        }
        for (auto it = first; it != compute_it + 1; ++it) {
            user_assert(loop_for_type(s, *it) != ForType::Parallel)
                << "Func \"" << f.name() << "\" is stored outside the parallel loop " << *it
                << " but computed within it (at " << compute_loop
                << "); its iterations would share one buffer of \"" << f.name()
                << "\" and race. Store it inside the parallel loop (store_at that loop or a "
                   "loop inside it), or make the loop serial.";
        }
    }
    bool realize_here = p.store == p.compute && !p.is_output;
    Stmt result = rewrite_loop_body(s, compute_loop, [&](const Stmt &body) {
        Stmt inner = produce_then_consume(f, body);
        return realize_here ? make_realize(f, inner) : inner;
    });
    if (p.is_output || realize_here) {
        return result;
    }
    if (p.store.is_root()) {
        return make_realize(f, result);
    }
    return rewrite_loop_body(result, loop_name(p.store),
                             [&](const Stmt &body) { return make_realize(f, body); });
}

} // namespace

std::map<std::string, Placement> resolve_placements(const std::vector<Function> &outputs,
                                                    const std::map<std::string, Function> &env) {
    std::map<std::string, Placement> result;
    for (const auto &[name, f] : env) {
        const FuncSchedule &fs = f.schedule();
        Placement p;
        p.is_output = is_output(f, outputs);
        bool explicit_placement = fs.placement_set || !fs.compute_level.is_inlined();
        if (p.is_output) {
            user_assert(!explicit_placement || fs.compute_level.is_root())
                << "Func \"" << name << "\" is an output of the pipeline, so it is computed at "
                << "root; it cannot be scheduled at " << describe_level(fs.compute_level)
                << ". Schedule its consumers' inputs instead, or leave its placement alone.";
            p.compute = p.store = LoopLevelData::root();
            result[name] = p;
            continue;
        }
        if (!explicit_placement) {
            p.compute =
                f.has_update_definition() ? LoopLevelData::root() : LoopLevelData::inlined();
        } else {
            p.compute = resolve_level(fs.compute_level, f, "compute_at", env);
        }
        user_assert(!p.compute.is_inlined() || !f.has_update_definition())
            << "compute_inline: Func \"" << name << "\" has " << f.stages() - 1
            << " update definition(s) and cannot be inlined; use compute_root() or "
               "compute_at().";
        p.store = fs.store_level.is_inlined() || p.compute.is_inlined()
                      ? p.compute
                      : resolve_level(fs.store_level, f, "store_at", env);
        user_assert(!(p.compute.is_root() && p.store.kind == LoopLevelData::Kind::At))
            << "store_at: Func \"" << name << "\" is computed at root but stored at "
            << describe_level(p.store)
            << "; the store level must be the compute level or enclose it (here: root).";
        result[name] = p;
    }
    return result;
}

Stmt schedule_functions(const std::vector<Function> &outputs, const std::vector<std::string> &order,
                        const std::map<std::string, Function> &env) {
    std::map<std::string, Placement> placements = resolve_placements(outputs, env);
    Stmt s;
    int inline_counter = 0;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const Function &f = env.at(*it);
        const Placement &p = placements.at(*it);
        debug(3) << "schedule_functions: " << f.name() << " compute " << describe_level(p.compute)
                 << ", store " << describe_level(p.store) << "\n";
        if (p.compute.is_inlined()) {
            internal_assert(s.defined())
                << "schedule_functions: inlined " << f.name() << " before any consumer";
            s = InlineCalls(f, inline_counter).mutate(s);
            continue;
        }
        if (p.compute.is_root()) {
            s = produce_then_consume(f, s);
            if (!p.is_output) {
                s = make_realize(f, s);
            }
            continue;
        }
        internal_assert(s.defined())
            << "schedule_functions: " << f.name() << " computed at a loop before any consumer";
        s = inject_at(f, p, s);
    }
    internal_assert(s.defined()) << "schedule_functions: empty pipeline";
    return s;
}

} // namespace weft::internal
