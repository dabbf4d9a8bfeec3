#include "Function.h"

#include "Error.h"
#include "IRMutator.h"

namespace weft::internal {

namespace {

/// Calls fn on every expression of definition `d` and of its specializations.
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

} // namespace

void for_each_definition_expr(const Function &f, const std::function<void(const Expr &)> &fn) {
    for (int i = 0; i < f.stages(); i++) {
        for_each_expr(f.stage(i), fn);
    }
    for (const Bound &b : f.schedule().bounds) {
        if (b.min.defined()) {
            fn(b.min);
        }
        if (b.extent.defined()) {
            fn(b.extent);
        }
    }
}

FunctionContents::~FunctionContents() {
    if (wrapped_input.defined() && wrapped_input.get()->wrapper_anchor == this) {
        wrapped_input.mutable_contents()->wrapper_anchor = nullptr;
    }
}

FunctionPtr::FunctionPtr(FunctionContents *f) : strong_(f) {
    if (strong_) {
        strong_->lifetime_root()->ref_count.fetch_add(1, std::memory_order_relaxed);
    }
}

FunctionPtr::FunctionPtr(const FunctionPtr &o) : strong_(o.strong_), weak_(o.weak_) {
    if (strong_) {
        strong_->lifetime_root()->ref_count.fetch_add(1, std::memory_order_relaxed);
    }
}

FunctionPtr &FunctionPtr::operator=(const FunctionPtr &o) {
    if (this != &o) {
        FunctionPtr tmp(o);
        std::swap(strong_, tmp.strong_);
        std::swap(weak_, tmp.weak_);
    }
    return *this;
}

FunctionPtr::~FunctionPtr() {
    if (!strong_) {
        return;
    }
    FunctionContents *c = strong_->lifetime_root();
    if (c->ref_count.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete c;
    }
}

FunctionPtr FunctionPtr::weakened() const {
    FunctionPtr p;
    p.weak_ = get();
    return p;
}

Function::Function(const std::string &name) : contents_(new FunctionContents) {
    contents_.get()->name = name;
}

Expr Function::call(const std::vector<Expr> &args, int value_index) const {
    internal_assert(value_index < static_cast<int>(contents_.get()->output_types.size()))
        << "call to " << name() << " with value index " << value_index;
    return Call::make(contents_.get()->output_types[value_index], name(), args, Call::Func,
                      FunctionPtr(contents_.get()), value_index);
}

Expr weaken_self_calls(const Expr &e, const FunctionContents *f) {
    class Weaken : public IRMutator {
    public:
        explicit Weaken(const FunctionContents *f) : f_(f) {}
        using IRMutator::visit;
        Expr visit(const Call *op) override {
            Expr e = IRMutator::visit(op);
            const Call *c = e.as<Call>();
            if (c->call_type != Call::Func || c->func.get() != f_ || c->func.is_weak()) {
                return e;
            }
            return Call::make(c->type, c->name, c->args, c->call_type, c->func.weakened(),
                              c->value_index, c->param);
        }

    private:
        const FunctionContents *f_;
    };
    return Weaken(f).mutate(e);
}

} // namespace weft::internal
