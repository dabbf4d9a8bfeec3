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

/// Calls fn on every Func or Image call in f's definitions.
void for_each_call(const Function &f, const std::function<void(const Call *)> &fn) {
    for_each_definition_expr(f, [&](const Expr &root) {
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
    // Each step goes to a wrapper of t (made with wrapped == t): down a tree, no cycle.
    std::vector<const FunctionContents *> chain{callee};
    for (const FunctionContents *t = callee;;) {
        const FunctionContents *next = nullptr;
        if (auto own = t->wrappers.find(consumer->name); own != t->wrappers.end()) {
            next = own->second;
        } else if (auto global = t->wrappers.find("");
                   global != t->wrappers.end() && consumer->wrapped != t) {
            next = global->second; // never the consumer itself: its wrapped is not t
        }
        if (!next) {
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

} // namespace weft::internal
