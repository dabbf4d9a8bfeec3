// Redirecting calls to wrapped Funcs and inputs (see Wrappers.h), just before
// lowering. apply_wrappers() assumes the user's functions as the front end left them
// (wrappers recorded on the wrapped functions, definitions untouched) and guarantees a
// fresh graph of copies, with the same names and schedules, in which each call of a
// consumer to a wrapped Func or input calls the wrapper resolve_wrappers() picks, and
// every other call points at the copy of its callee (self calls stay weak). Lowering
// reads functions by name after find_functions(), so the copies lower exactly as the
// originals would with the calls edited. The user's Funcs never change.

#include "Wrappers.h"

#include "Error.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <functional>
#include <map>
#include <set>

namespace weft::internal {

namespace {

/// Calls fn on every expression of a definition: arguments, values, RDom bounds and
/// predicate, split factors, and the same for its specializations.
void for_each_expr(const Definition &d, const std::function<void(const Expr &)> &fn) {
    for (const Expr &e : d.args) {
        fn(e);
    }
    for (const Expr &e : d.values) {
        fn(e);
    }
    if (d.rdom.defined()) {
        for (const ReductionVariable &rv : d.rdom.domain()) {
            fn(rv.min);
            fn(rv.extent);
        }
        if (d.rdom.predicate().defined()) {
            fn(d.rdom.predicate());
        }
    }
    for (const Split &s : d.schedule.splits) {
        if (s.factor.defined()) {
            fn(s.factor);
        }
    }
    for (const Specialization &s : d.specializations) {
        if (s.definition) {
            for_each_expr(*s.definition, fn);
        }
    }
}

/// Calls fn on every Func or Image call in f's definitions.
void for_each_call(const Function &f, const std::function<void(const Call *)> &fn) {
    for (int i = 0; i < f.stages(); i++) {
        for_each_expr(f.stage(i), [&](const Expr &root) {
            if (!root.defined()) {
                return;
            }
            walk_exprs(root, [&](const Expr &e) {
                if (const Call *c = e.as<Call>();
                    c && (c->call_type == Call::Func || c->call_type == Call::Image)) {
                    fn(c);
                }
                return true;
            });
        });
    }
}

/// True when some function reachable from `outputs` or some input they read has a
/// wrapper.
bool any_wrappers(const std::vector<Function> &outputs) {
    std::set<const FunctionContents *> seen;
    std::vector<Function> work(outputs.begin(), outputs.end());
    bool found = false;
    while (!work.empty() && !found) {
        Function f = work.back();
        work.pop_back();
        if (!seen.insert(f.get()).second) {
            continue;
        }
        found = !f->wrappers.empty();
        for_each_call(f, [&](const Call *c) {
            if (c->call_type == Call::Func && c->func.defined()) {
                work.push_back(Function(c->func.get()));
            } else if (const FunctionContents *a = input_anchor_of(c)) {
                found = found || !a->wrappers.empty();
            }
        });
    }
    return found;
}

/// Builds the redirected copies, one per original function reached.
class CopyWithWrappers {
public:
    Function copy_of(const FunctionContents *orig) {
        auto it = copies_.find(orig);
        if (it != copies_.end()) {
            return it->second;
        }
        Function copy(orig->name);
        copies_.emplace(orig, copy);
        FunctionContents &c = *copy.get();
        c.args = orig->args;
        c.output_types = orig->output_types;
        c.schedule = orig->schedule;
        for (Bound &b : c.schedule.bounds) {
            b.min = redirect(b.min, orig, copy);
            b.extent = redirect(b.extent, orig, copy);
        }
        c.init = copy_definition(orig->init, orig, copy);
        for (const Definition &u : orig->updates) {
            c.updates.push_back(copy_definition(u, orig, copy));
        }
        return copy;
    }

private:
    /// The calls of `consumer` inside e, redirected and pointed at copies.
    Expr redirect(const Expr &e, const FunctionContents *consumer, const Function &consumer_copy) {
        if (!e.defined()) {
            return e;
        }
        class Redirect : public IRMutator {
        public:
            Redirect(CopyWithWrappers &self, const FunctionContents *consumer,
                     const Function &consumer_copy)
                : self_(self), consumer_(consumer), consumer_copy_(consumer_copy) {}
            using IRMutator::visit;
            Expr visit(const Call *op) override {
                Expr e = IRMutator::visit(op);
                const Call *c = e.as<Call>();
                if (c->call_type == Call::Func && c->func.get() == consumer_) {
                    return Call::make(c->type, c->name, c->args, Call::Func,
                                      FunctionPtr(consumer_copy_.get()).weakened(),
                                      c->value_index, c->param);
                }
                if (c->call_type == Call::Func && c->func.defined()) {
                    const FunctionContents *target = resolve_wrappers(c->func.get(), consumer_);
                    Function t = self_.copy_of(target);
                    return Call::make(c->type, t.name(), c->args, Call::Func,
                                      FunctionPtr(t.get()), c->value_index, c->param);
                }
                const FunctionContents *anchor = input_anchor_of(c);
                if (!anchor) {
                    return e;
                }
                const FunctionContents *target = resolve_wrappers(anchor, consumer_);
                if (target == anchor) {
                    return e;
                }
                Function t = self_.copy_of(target);
                internal_assert(t.output_types().size() == 1 && t.output_types()[0] == c->type)
                    << "wrapper " << t.name() << " of input " << c->name << " has another type";
                return Call::make(c->type, t.name(), c->args, Call::Func, FunctionPtr(t.get()));
            }

        private:
            CopyWithWrappers &self_;
            const FunctionContents *consumer_;
            const Function &consumer_copy_;
        };
        return Redirect(*this, consumer, consumer_copy).mutate(e);
    }

    std::vector<Expr> redirect_all(const std::vector<Expr> &es, const FunctionContents *consumer,
                                   const Function &consumer_copy) {
        std::vector<Expr> out;
        out.reserve(es.size());
        for (const Expr &e : es) {
            out.push_back(redirect(e, consumer, consumer_copy));
        }
        return out;
    }

    /// A copy of d with its calls redirected. The RDom is new only when its bounds or
    /// predicate call something (lowering reads the domain, not its identity).
    Definition copy_definition(const Definition &d, const FunctionContents *consumer,
                               const Function &consumer_copy) {
        Definition out;
        out.args = redirect_all(d.args, consumer, consumer_copy);
        out.values = redirect_all(d.values, consumer, consumer_copy);
        out.schedule = d.schedule;
        for (Split &s : out.schedule.splits) {
            s.factor = redirect(s.factor, consumer, consumer_copy);
        }
        out.rdom = copy_rdom(d.rdom, consumer, consumer_copy);
        for (const Specialization &s : d.specializations) {
            Specialization copy = s;
            if (s.definition) {
                copy.definition = std::make_shared<Definition>(
                    copy_definition(*s.definition, consumer, consumer_copy));
            }
            out.specializations.push_back(std::move(copy));
        }
        return out;
    }

    ReductionDomain copy_rdom(const ReductionDomain &r, const FunctionContents *consumer,
                              const Function &consumer_copy) {
        if (!r.defined()) {
            return r;
        }
        bool changed = false;
        std::vector<ReductionVariable> dom = r.domain();
        for (ReductionVariable &rv : dom) {
            Expr mn = redirect(rv.min, consumer, consumer_copy);
            Expr ext = redirect(rv.extent, consumer, consumer_copy);
            changed = changed || !mn.same_as(rv.min) || !ext.same_as(rv.extent);
            rv.min = mn;
            rv.extent = ext;
        }
        Expr pred = redirect(r.predicate(), consumer, consumer_copy);
        changed = changed || !pred.same_as(r.predicate());
        if (!changed) {
            return r;
        }
        ReductionDomain copy(std::move(dom));
        if (pred.defined()) {
            copy.where(pred);
        }
        return copy;
    }

    std::map<const FunctionContents *, Function> copies_;
};

} // namespace

const FunctionContents *input_anchor_of(const Call *c) {
    if (c->call_type != Call::Image || !c->param.defined()) {
        return nullptr;
    }
    return c->param.get()->wrapper_anchor;
}

std::vector<const FunctionContents *> wrapper_chain(const FunctionContents *callee,
                                                   const FunctionContents *consumer) {
    std::vector<const FunctionContents *> chain{callee};
    std::set<const FunctionContents *> visited{callee};
    const FunctionContents *t = callee;
    while (true) {
        const FunctionContents *next = nullptr;
        if (auto own = t->wrappers.find(consumer->name); own != t->wrappers.end()) {
            next = own->second;
        } else if (auto global = t->wrappers.find("");
                   global != t->wrappers.end() && consumer->wrapped != t &&
                   global->second != consumer) {
            next = global->second;
        }
        if (!next || !visited.insert(next).second) {
            return chain;
        }
        chain.push_back(next);
        t = next;
    }
}

const FunctionContents *resolve_wrappers(const FunctionContents *callee,
                                         const FunctionContents *consumer) {
    return wrapper_chain(callee, consumer).back();
}

bool calls_through(const Function &consumer, const FunctionContents *target) {
    bool found = false;
    for_each_call(consumer, [&](const Call *c) {
        const FunctionContents *start =
            c->call_type == Call::Func ? c->func.get() : input_anchor_of(c);
        if (found || !start || start == consumer.get()) {
            return;
        }
        for (const FunctionContents *t : wrapper_chain(start, consumer.get())) {
            found = found || t == target;
        }
    });
    return found;
}

std::vector<Function> apply_wrappers(const std::vector<Function> &outputs) {
    if (!any_wrappers(outputs)) {
        return outputs;
    }
    CopyWithWrappers copier;
    std::vector<Function> copies;
    for (const Function &f : outputs) {
        copies.push_back(copier.copy_of(f.get()));
    }
    return copies;
}

std::vector<Function> wrapper_dependencies(const Function &f) {
    std::vector<Function> deps;
    for (const auto &[consumer, w] : f->wrappers) {
        deps.emplace_back(w);
    }
    for_each_call(f, [&](const Call *c) {
        if (const FunctionContents *a = input_anchor_of(c)) {
            deps.emplace_back(const_cast<FunctionContents *>(a));
        }
    });
    return deps;
}

} // namespace weft::internal
