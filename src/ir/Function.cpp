#include "Function.h"

#include "Error.h"
#include "IRMutator.h"

namespace weft::internal {

namespace {

/// The contents whose reference count stands for f's lifetime: f itself, or for a
/// Func::in() wrapper the function that owns it.
FunctionContents *counted(FunctionContents *f) {
    return f->lifetime_owner ? f->lifetime_owner : f;
}

} // namespace

FunctionContents::~FunctionContents() {
    if (wrapped_input.defined() && wrapped_input.get()->wrapper_anchor == this) {
        wrapped_input.mutable_contents()->wrapper_anchor = nullptr;
    }
}

FunctionPtr::FunctionPtr(FunctionContents *f) : strong_(f) {
    if (strong_) {
        counted(strong_)->ref_count.fetch_add(1, std::memory_order_relaxed);
    }
}

FunctionPtr::FunctionPtr(const FunctionPtr &o) : strong_(o.strong_), weak_(o.weak_) {
    if (strong_) {
        counted(strong_)->ref_count.fetch_add(1, std::memory_order_relaxed);
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
    FunctionContents *c = counted(strong_);
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
