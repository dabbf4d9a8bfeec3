#ifndef WEFT_TESTS_PASS_LOWER_TEST_UTIL_H
#define WEFT_TESTS_PASS_LOWER_TEST_UTIL_H

// Helpers for the lowering pass tests: build Functions by hand (their schedules are
// plain data), image inputs, and look for nodes in a lowered Stmt.

#include "ir/Function.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/Error.h"
#include "weft/IROperator.h"

#include <functional>
#include <string>
#include <vector>

namespace lower_test {

using namespace weft;
using namespace weft::internal;

inline Expr ivar(const std::string &n) {
    return Variable::make(Int(32), n);
}

/// f(args...) = value, with the default loop order (args innermost first).
inline Function make_func(const std::string &name, const std::vector<std::string> &args,
                          const Expr &value) {
    Function f(name);
    f->args = args;
    f->output_types = {value.type()};
    for (const std::string &a : args) {
        f->init.args.push_back(ivar(a));
        f->init.schedule.dims.push_back({a});
    }
    f->init.values = {value};
    return f;
}

/// Adds an update f(args) = value over `rdom` (may be undefined); loops: the RVars
/// innermost, then the pure vars used in args.
inline void add_update(Function &f, const std::vector<Expr> &args, const Expr &value,
                       const ReductionDomain &rdom = ReductionDomain()) {
    Definition d;
    d.args = args;
    d.values = {weaken_self_calls(value, f.get())};
    d.rdom = rdom;
    if (rdom.defined()) {
        for (const ReductionVariable &rv : rdom.domain()) {
            d.schedule.dims.push_back({rv.var, ForType::Serial, DeviceAPI::Host, true});
        }
    }
    for (const std::string &a : f.args()) {
        for (const Expr &e : args) {
            const Variable *v = e.as<Variable>();
            if (v && v->name == a && !v->rdom.defined()) {
                d.schedule.dims.push_back({a});
                break;
            }
        }
    }
    f->updates.push_back(d);
}

inline Expr rvar(const ReductionDomain &r, int i) {
    return Variable::make(Int(32), r.domain()[i].var, r);
}

inline Expr image_call(const Parameter &p, const std::vector<Expr> &args) {
    return Call::make(p.type(), p.name(), args, Call::Image, FunctionPtr(), 0, p);
}

inline void split(Function &f, int stage, const std::string &old, const std::string &outer,
                  const std::string &inner, int factor, TailStrategy tail = TailStrategy::Auto) {
    StageSchedule &s = f.stage(stage).schedule;
    Split sp;
    sp.kind = Split::Kind::SplitVar;
    sp.old_var = old;
    sp.outer = outer;
    sp.inner = inner;
    sp.factor = Expr(factor);
    sp.tail = tail;
    s.splits.push_back(sp);
    for (size_t i = 0; i < s.dims.size(); i++) {
        if (s.dims[i].var == old) {
            Dim in = s.dims[i], out = s.dims[i];
            in.var = inner;
            out.var = outer;
            s.dims[i] = in;
            s.dims.insert(s.dims.begin() + i + 1, out);
            return;
        }
    }
}

inline void fuse(Function &f, int stage, const std::string &inner, const std::string &outer,
                 const std::string &fused) {
    StageSchedule &s = f.stage(stage).schedule;
    Split sp;
    sp.kind = Split::Kind::FuseVars;
    sp.outer = outer;
    sp.inner = inner;
    sp.fused = fused;
    s.splits.push_back(sp);
    std::vector<Dim> dims;
    for (const Dim &d : s.dims) {
        if (d.var == inner) {
            Dim n = d;
            n.var = fused;
            dims.push_back(n);
        } else if (d.var != outer) {
            dims.push_back(d);
        }
    }
    s.dims = dims;
}

/// Sets the loop order, innermost first.
inline void reorder(Function &f, int stage, const std::vector<std::string> &vars) {
    StageSchedule &s = f.stage(stage).schedule;
    std::vector<Dim> dims;
    for (const std::string &v : vars) {
        for (const Dim &d : s.dims) {
            if (d.var == v) {
                dims.push_back(d);
            }
        }
    }
    s.dims = dims;
}

inline void compute_at(Function &f, const Function &g, const std::string &v) {
    f.schedule().compute_level = LoopLevelData::at(g.name(), v);
    f.schedule().placement_set = true;
}
inline void compute_root(Function &f) {
    f.schedule().compute_level = LoopLevelData::root();
    f.schedule().placement_set = true;
}

inline std::vector<const For *> loops_of(const Stmt &s) {
    std::vector<const For *> result;
    walk_stmts(s, [&](const Stmt &st) {
        if (const For *f = st.as<For>()) {
            result.push_back(f);
        }
    });
    return result;
}

inline const For *find_loop(const Stmt &s, const std::string &name) {
    for (const For *f : loops_of(s)) {
        if (f->name == name) {
            return f;
        }
    }
    return nullptr;
}

/// The value of the (first) LetStmt named `name`, or undefined.
inline Expr let_value(const Stmt &s, const std::string &name) {
    Expr result;
    walk_stmts(s, [&](const Stmt &st) {
        const LetStmt *l = st.as<LetStmt>();
        if (l && l->name == name && !result.defined()) {
            result = l->value;
        }
    });
    return result;
}

template<typename T> int count_stmts(const Stmt &s) {
    int n = 0;
    walk_stmts(s, [&](const Stmt &st) { n += st.as<T>() != nullptr; });
    return n;
}

inline int count_calls(const Stmt &s, const std::string &name) {
    int n = 0;
    walk_exprs(s, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        n += c && c->name == name;
        return true;
    });
    return n;
}

/// Names of the loops enclosing the first node satisfying `pred`, outermost first.
inline std::vector<std::string> loops_around(const Stmt &s,
                                             const std::function<bool(const Stmt &)> &pred) {
    struct Finder : IRVisitor {
        const std::function<bool(const Stmt &)> &pred;
        std::vector<std::string> stack, found;
        bool done = false;
        explicit Finder(const std::function<bool(const Stmt &)> &p) : pred(p) {}
        void walk(const Stmt &st) override {
            if (done) {
                return;
            }
            if (pred(st)) {
                found = stack;
                done = true;
                return;
            }
            IRVisitor::walk(st);
        }
        using IRVisitor::walk;
        void visit(const For *op) override {
            stack.push_back(op->name);
            walk(op->body);
            stack.pop_back();
        }
    };
    Finder f(pred);
    f.walk(s);
    return f.found;
}

inline bool is_produce(const Stmt &s, const std::string &name) {
    const ProducerConsumer *pc = s.as<ProducerConsumer>();
    return pc && pc->is_producer && pc->name == name;
}

inline bool contains(const std::string &haystack, const std::string &needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace lower_test

#endif
