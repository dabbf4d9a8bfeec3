#ifndef WEFT_IR_IRVISITOR_H
#define WEFT_IR_IRVISITOR_H

// IRVisitor: a read-only walk over the IR. walk() dispatches on the node kind (a
// switch generated from the node list, no default case); each visit() method by
// default walks the node's children. Subclasses override the visits they need
// and call the base version to keep walking.

#include "IR.h"

#include <functional>

namespace weft::internal {

class IRVisitor {
public:
    virtual ~IRVisitor() = default;

    virtual void walk(const Expr &e);
    virtual void walk(const Stmt &s);

#define WEFT_DECLARE_VISIT(name) virtual void visit(const name *op);
    WEFT_FOR_EACH_EXPR_NODE(WEFT_DECLARE_VISIT)
    WEFT_FOR_EACH_STMT_NODE(WEFT_DECLARE_VISIT)
#undef WEFT_DECLARE_VISIT
};

/// Calls f on every Expr of the tree, parents before children. When f returns
/// false the children of that Expr are skipped. For small one-off walks.
void walk_exprs(const Expr &e, const std::function<bool(const Expr &)> &f);
void walk_exprs(const Stmt &s, const std::function<bool(const Expr &)> &f);

/// Calls f on every Stmt of the tree, parents before children.
void walk_stmts(const Stmt &s, const std::function<void(const Stmt &)> &f);

} // namespace weft::internal

#endif
