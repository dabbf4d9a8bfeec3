// FuncRef: f(args) on the left of a definition or inside an expression (weft/Func.h).

#include "weft/Func.h"

#include "Error.h"
#include "FuncDefinition.h"
#include "ir/Function.h"
#include "ir/IRHelpers.h"
#include "weft/IROperator.h"

namespace weft {

using namespace internal;

FuncRef::FuncRef(const Func &f, std::vector<Expr> args) : func_(f), args_(std::move(args)) {}

Stage FuncRef::operator=(const Expr &value) {
    const Function &f = func_.function();
    if (!f.has_pure_definition()) {
        define_pure(f, args_, value);
        return Stage(func_.func_, 0);
    }
    define_update(f, args_, value);
    return Stage(func_.func_, f.stages() - 1);
}

Stage FuncRef::operator=(const FuncRef &value) { return *this = Expr(value); }

FuncRef::operator Expr() const { return checked_call(func_.function(), args_); }

Stage FuncRef::update_with(Reduce op, const Expr &value) {
    const Function &f = func_.function();
    user_assert(value.defined()) << "Func \"" << f.name()
                                 << "\": the right-hand side of an update is an undefined Expr";
    if (!f.has_pure_definition()) {
        // As in Halide: f(...) += e on an undefined Func starts from 0 (1 for *= and /=).
        bool multiplicative = op == Reduce::Mul || op == Reduce::Div;
        Type t = value.type();
        std::vector<Expr> pure_args;
        for (const std::string &n : implicit_pure_args(args_)) {
            pure_args.push_back(int_var(n));
        }
        define_pure(f, pure_args, multiplicative ? make_one(t) : make_zero(t));
    }
    Expr current = *this;
    Expr v = cast(current.type(), value);
    switch (op) {
    case Reduce::Add:
        return *this = current + v;
    case Reduce::Sub:
        return *this = current - v;
    case Reduce::Mul:
        return *this = current * v;
    case Reduce::Div:
        return *this = current / v;
    }
    internal_error << "unknown update operator";
    return Stage(func_.func_, 0);
}

Stage FuncRef::operator+=(const Expr &value) { return update_with(Reduce::Add, value); }
Stage FuncRef::operator-=(const Expr &value) { return update_with(Reduce::Sub, value); }
Stage FuncRef::operator*=(const Expr &value) { return update_with(Reduce::Mul, value); }
Stage FuncRef::operator/=(const Expr &value) { return update_with(Reduce::Div, value); }

} // namespace weft
