#include "IRVisitor.h"

namespace weft::internal {

void IRVisitor::walk(const Expr &e) {
    if (!e.defined()) {
        return;
    }
    switch (e.node_kind()) {
#define WEFT_DISPATCH(name)                                                                        \
    case IRNodeKind::name:                                                                         \
        visit(static_cast<const name *>(e.get()));                                                 \
        return;
        WEFT_FOR_EACH_EXPR_NODE(WEFT_DISPATCH)
#undef WEFT_DISPATCH
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
        return;
    }
}

void IRVisitor::walk(const Stmt &s) {
    if (!s.defined()) {
        return;
    }
    switch (s.node_kind()) {
#define WEFT_DISPATCH(name)                                                                        \
    case IRNodeKind::name:                                                                         \
        visit(static_cast<const name *>(s.get()));                                                 \
        return;
        WEFT_FOR_EACH_STMT_NODE(WEFT_DISPATCH)
#undef WEFT_DISPATCH
#define WEFT_NOT_STMT(name) case IRNodeKind::name:
        WEFT_FOR_EACH_EXPR_NODE(WEFT_NOT_STMT)
#undef WEFT_NOT_STMT
        return;
    }
}

void IRVisitor::visit(const IntImm *) {}
void IRVisitor::visit(const UIntImm *) {}
void IRVisitor::visit(const FloatImm *) {}
void IRVisitor::visit(const StringImm *) {}
void IRVisitor::visit(const Cast *op) { walk(op->value); }
void IRVisitor::visit(const Reinterpret *op) { walk(op->value); }
void IRVisitor::visit(const Variable *) {}

#define WEFT_VISIT_BINARY(name)                                                                    \
    void IRVisitor::visit(const name *op) {                                                        \
        walk(op->a);                                                                               \
        walk(op->b);                                                                               \
    }
WEFT_VISIT_BINARY(Add)
WEFT_VISIT_BINARY(Sub)
WEFT_VISIT_BINARY(Mul)
WEFT_VISIT_BINARY(Div)
WEFT_VISIT_BINARY(Mod)
WEFT_VISIT_BINARY(Min)
WEFT_VISIT_BINARY(Max)
WEFT_VISIT_BINARY(EQ)
WEFT_VISIT_BINARY(NE)
WEFT_VISIT_BINARY(LT)
WEFT_VISIT_BINARY(LE)
WEFT_VISIT_BINARY(GT)
WEFT_VISIT_BINARY(GE)
WEFT_VISIT_BINARY(And)
WEFT_VISIT_BINARY(Or)
#undef WEFT_VISIT_BINARY

void IRVisitor::visit(const Not *op) { walk(op->a); }

void IRVisitor::visit(const Select *op) {
    walk(op->condition);
    walk(op->true_value);
    walk(op->false_value);
}

void IRVisitor::visit(const Load *op) {
    walk(op->index);
    walk(op->predicate);
}

void IRVisitor::visit(const Ramp *op) {
    walk(op->base);
    walk(op->stride);
}

void IRVisitor::visit(const Broadcast *op) { walk(op->value); }

void IRVisitor::visit(const Call *op) {
    for (const Expr &a : op->args) {
        walk(a);
    }
}

void IRVisitor::visit(const Let *op) {
    walk(op->value);
    walk(op->body);
}

void IRVisitor::visit(const Shuffle *op) {
    for (const Expr &v : op->vectors) {
        walk(v);
    }
}

void IRVisitor::visit(const VectorReduce *op) { walk(op->value); }

void IRVisitor::visit(const LetStmt *op) {
    walk(op->value);
    walk(op->body);
}

void IRVisitor::visit(const AssertStmt *op) {
    walk(op->condition);
    walk(op->message);
}

void IRVisitor::visit(const ProducerConsumer *op) { walk(op->body); }

void IRVisitor::visit(const For *op) {
    walk(op->min);
    walk(op->extent);
    walk(op->body);
}

void IRVisitor::visit(const Store *op) {
    walk(op->value);
    walk(op->index);
    walk(op->predicate);
}

void IRVisitor::visit(const Provide *op) {
    for (const Expr &v : op->values) {
        walk(v);
    }
    for (const Expr &a : op->args) {
        walk(a);
    }
    walk(op->predicate);
}

void IRVisitor::visit(const Allocate *op) {
    for (const Expr &e : op->extents) {
        walk(e);
    }
    walk(op->condition);
    walk(op->body);
}

void IRVisitor::visit(const Free *) {}

void IRVisitor::visit(const Realize *op) {
    for (const Range &r : op->bounds) {
        walk(r.min);
        walk(r.extent);
    }
    walk(op->condition);
    walk(op->body);
}

void IRVisitor::visit(const Block *op) {
    walk(op->first);
    walk(op->rest);
}

void IRVisitor::visit(const IfThenElse *op) {
    walk(op->condition);
    walk(op->then_case);
    walk(op->else_case);
}

void IRVisitor::visit(const Evaluate *op) { walk(op->value); }

namespace {

class ExprWalker : public IRVisitor {
public:
    explicit ExprWalker(const std::function<bool(const Expr &)> &f) : f_(f) {}
    using IRVisitor::walk;
    void walk(const Expr &e) override {
        if (e.defined() && f_(e)) {
            IRVisitor::walk(e);
        }
    }

private:
    const std::function<bool(const Expr &)> &f_;
};

class StmtWalker : public IRVisitor {
public:
    explicit StmtWalker(const std::function<void(const Stmt &)> &f) : f_(f) {}
    using IRVisitor::walk;
    void walk(const Expr &) override {}
    void walk(const Stmt &s) override {
        if (s.defined()) {
            f_(s);
            IRVisitor::walk(s);
        }
    }

private:
    const std::function<void(const Stmt &)> &f_;
};

} // namespace

void walk_exprs(const Expr &e, const std::function<bool(const Expr &)> &f) {
    ExprWalker(f).walk(e);
}

void walk_exprs(const Stmt &s, const std::function<bool(const Expr &)> &f) {
    ExprWalker(f).walk(s);
}

void walk_stmts(const Stmt &s, const std::function<void(const Stmt &)> &f) {
    StmtWalker(f).walk(s);
}

} // namespace weft::internal
