#ifndef WEFT_VAR_H
#define WEFT_VAR_H

// Var: a named coordinate of a Func, as in Halide.
//
//   Var x("x"), y("y");
//   f(x, y) = x + y;        // x and y are int32 Exprs inside definitions
//
// Two Vars with the same name are the same variable. A Var made without a name gets
// a unique one ("v0", "v1", ...).

#include "weft/Expr.h"

#include <string>

namespace weft {

class Var {
public:
    /// A Var with a fresh unique name.
    Var();
    explicit Var(const std::string &name);

    const std::string &name() const { return name_; }
    /// Same name, hence the same variable.
    bool same_as(const Var &other) const { return name_ == other.name_; }

    /// The Var as an int32 expression.
    operator Expr() const;

private:
    std::string name_;
};

} // namespace weft

#endif
