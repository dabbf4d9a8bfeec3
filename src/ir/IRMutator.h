#ifndef WEFT_IR_IRMUTATOR_H
#define WEFT_IR_IRMUTATOR_H

// IRMutator: rebuilds IR bottom-up. mutate() dispatches on the node kind; each
// visit() by default mutates the children and returns the original node when none
// changed (STYLE.md item 4), so sharing survives and "unchanged" is a pointer test.

#include "IR.h"

namespace weft::internal {

class IRMutator {
public:
    virtual ~IRMutator() = default;

    virtual Expr mutate(const Expr &e);
    virtual Stmt mutate(const Stmt &s);

#define WEFT_DECLARE_MUTATE_EXPR(name) virtual Expr visit(const name *op);
    WEFT_FOR_EACH_EXPR_NODE(WEFT_DECLARE_MUTATE_EXPR)
#undef WEFT_DECLARE_MUTATE_EXPR
#define WEFT_DECLARE_MUTATE_STMT(name) virtual Stmt visit(const name *op);
    WEFT_FOR_EACH_STMT_NODE(WEFT_DECLARE_MUTATE_STMT)
#undef WEFT_DECLARE_MUTATE_STMT

protected:
    /// Mutates each element; returns true when any changed.
    bool mutate_all(const std::vector<Expr> &in, std::vector<Expr> &out);
};

} // namespace weft::internal

#endif
