#include "IRMutator.h"

namespace weft::internal {

Expr IRMutator::mutate(const Expr &e) {
    if (!e.defined()) {
        return e;
    }
    switch (e.node_kind()) {
#define WEFT_DISPATCH(name)                                                                        \
    case IRNodeKind::name:                                                                         \
        return visit(static_cast<const name *>(e.get()));
        WEFT_FOR_EACH_EXPR_NODE(WEFT_DISPATCH)
#undef WEFT_DISPATCH
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
        break;
    }
    return e;
}

Stmt IRMutator::mutate(const Stmt &s) {
    if (!s.defined()) {
        return s;
    }
    switch (s.node_kind()) {
#define WEFT_DISPATCH(name)                                                                        \
    case IRNodeKind::name:                                                                         \
        return visit(static_cast<const name *>(s.get()));
        WEFT_FOR_EACH_STMT_NODE(WEFT_DISPATCH)
#undef WEFT_DISPATCH
#define WEFT_NOT_STMT(name) case IRNodeKind::name:
        WEFT_FOR_EACH_EXPR_NODE(WEFT_NOT_STMT)
#undef WEFT_NOT_STMT
        break;
    }
    return s;
}

bool IRMutator::mutate_all(const std::vector<Expr> &in, std::vector<Expr> &out) {
    bool changed = false;
    out.clear();
    out.reserve(in.size());
    for (const Expr &e : in) {
        out.push_back(mutate(e));
        changed = changed || !out.back().same_as(e);
    }
    return changed;
}

Expr IRMutator::visit(const IntImm *op) { return op; }
Expr IRMutator::visit(const UIntImm *op) { return op; }
Expr IRMutator::visit(const FloatImm *op) { return op; }
Expr IRMutator::visit(const StringImm *op) { return op; }
Expr IRMutator::visit(const Variable *op) { return op; }

Expr IRMutator::visit(const Cast *op) {
    Expr v = mutate(op->value);
    return v.same_as(op->value) ? Expr(op) : Cast::make(op->type, v);
}

Expr IRMutator::visit(const Reinterpret *op) {
    Expr v = mutate(op->value);
    return v.same_as(op->value) ? Expr(op) : Reinterpret::make(op->type, v);
}

#define WEFT_MUTATE_BINARY(name)                                                                   \
    Expr IRMutator::visit(const name *op) {                                                        \
        Expr a = mutate(op->a);                                                                    \
        Expr b = mutate(op->b);                                                                    \
        if (a.same_as(op->a) && b.same_as(op->b)) {                                                \
            return op;                                                                             \
        }                                                                                          \
        return name::make(a, b);                                                                   \
    }
WEFT_MUTATE_BINARY(Add)
WEFT_MUTATE_BINARY(Sub)
WEFT_MUTATE_BINARY(Mul)
WEFT_MUTATE_BINARY(Div)
WEFT_MUTATE_BINARY(Mod)
WEFT_MUTATE_BINARY(Min)
WEFT_MUTATE_BINARY(Max)
WEFT_MUTATE_BINARY(EQ)
WEFT_MUTATE_BINARY(NE)
WEFT_MUTATE_BINARY(LT)
WEFT_MUTATE_BINARY(LE)
WEFT_MUTATE_BINARY(GT)
WEFT_MUTATE_BINARY(GE)
WEFT_MUTATE_BINARY(And)
WEFT_MUTATE_BINARY(Or)
#undef WEFT_MUTATE_BINARY

Expr IRMutator::visit(const Not *op) {
    Expr a = mutate(op->a);
    return a.same_as(op->a) ? Expr(op) : Not::make(a);
}

Expr IRMutator::visit(const Select *op) {
    Expr c = mutate(op->condition);
    Expr t = mutate(op->true_value);
    Expr f = mutate(op->false_value);
    if (c.same_as(op->condition) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
        return op;
    }
    return Select::make(c, t, f);
}

Expr IRMutator::visit(const Load *op) {
    Expr i = mutate(op->index);
    Expr p = mutate(op->predicate);
    if (i.same_as(op->index) && p.same_as(op->predicate)) {
        return op;
    }
    return Load::make(op->type.with_lanes(i.type().lanes), op->name, i, p, op->param);
}

Expr IRMutator::visit(const Ramp *op) {
    Expr b = mutate(op->base);
    Expr s = mutate(op->stride);
    if (b.same_as(op->base) && s.same_as(op->stride)) {
        return op;
    }
    return Ramp::make(b, s, op->lanes);
}

Expr IRMutator::visit(const Broadcast *op) {
    Expr v = mutate(op->value);
    return v.same_as(op->value) ? Expr(op) : Broadcast::make(v, op->lanes);
}

Expr IRMutator::visit(const Call *op) {
    std::vector<Expr> args;
    if (!mutate_all(op->args, args)) {
        return op;
    }
    return Call::make(op->type, op->name, std::move(args), op->call_type, op->func,
                      op->value_index, op->param);
}

Expr IRMutator::visit(const Let *op) {
    Expr v = mutate(op->value);
    Expr b = mutate(op->body);
    if (v.same_as(op->value) && b.same_as(op->body)) {
        return op;
    }
    return Let::make(op->name, v, b);
}

Expr IRMutator::visit(const Shuffle *op) {
    std::vector<Expr> vectors;
    if (!mutate_all(op->vectors, vectors)) {
        return op;
    }
    return Shuffle::make(std::move(vectors), op->indices);
}

Expr IRMutator::visit(const VectorReduce *op) {
    Expr v = mutate(op->value);
    return v.same_as(op->value) ? Expr(op) : VectorReduce::make(op->op, v, op->type.lanes);
}

Stmt IRMutator::visit(const LetStmt *op) {
    Expr v = mutate(op->value);
    Stmt b = mutate(op->body);
    if (v.same_as(op->value) && b.same_as(op->body)) {
        return op;
    }
    return LetStmt::make(op->name, v, b);
}

Stmt IRMutator::visit(const AssertStmt *op) {
    Expr c = mutate(op->condition);
    Expr m = mutate(op->message);
    if (c.same_as(op->condition) && m.same_as(op->message)) {
        return op;
    }
    return AssertStmt::make(c, m);
}

Stmt IRMutator::visit(const ProducerConsumer *op) {
    Stmt b = mutate(op->body);
    return b.same_as(op->body) ? Stmt(op) : ProducerConsumer::make(op->name, op->is_producer, b);
}

Stmt IRMutator::visit(const For *op) {
    Expr mn = mutate(op->min);
    Expr ex = mutate(op->extent);
    Stmt b = mutate(op->body);
    if (mn.same_as(op->min) && ex.same_as(op->extent) && b.same_as(op->body)) {
        return op;
    }
    return For::make(op->name, mn, ex, op->for_type, op->device_api, b);
}

Stmt IRMutator::visit(const Store *op) {
    Expr v = mutate(op->value);
    Expr i = mutate(op->index);
    Expr p = mutate(op->predicate);
    if (v.same_as(op->value) && i.same_as(op->index) && p.same_as(op->predicate)) {
        return op;
    }
    return Store::make(op->name, v, i, p, op->param);
}

Stmt IRMutator::visit(const Provide *op) {
    std::vector<Expr> values, args;
    bool changed = mutate_all(op->values, values);
    changed = mutate_all(op->args, args) || changed;
    Expr p = mutate(op->predicate);
    if (!changed && p.same_as(op->predicate)) {
        return op;
    }
    return Provide::make(op->name, std::move(values), std::move(args), p);
}

Stmt IRMutator::visit(const Allocate *op) {
    std::vector<Expr> extents;
    bool changed = mutate_all(op->extents, extents);
    Expr c = mutate(op->condition);
    Stmt b = mutate(op->body);
    if (!changed && c.same_as(op->condition) && b.same_as(op->body)) {
        return op;
    }
    return Allocate::make(op->name, op->type, op->memory_type, std::move(extents), c, b);
}

Stmt IRMutator::visit(const Free *op) { return op; }

Stmt IRMutator::visit(const Realize *op) {
    Region bounds;
    bool changed = false;
    for (const Range &r : op->bounds) {
        Expr mn = mutate(r.min);
        Expr ex = mutate(r.extent);
        changed = changed || !mn.same_as(r.min) || !ex.same_as(r.extent);
        bounds.emplace_back(mn, ex);
    }
    Expr c = mutate(op->condition);
    Stmt b = mutate(op->body);
    if (!changed && c.same_as(op->condition) && b.same_as(op->body)) {
        return op;
    }
    return Realize::make(op->name, op->types, op->memory_type, std::move(bounds), c, b);
}

Stmt IRMutator::visit(const Block *op) {
    Stmt f = mutate(op->first);
    Stmt r = mutate(op->rest);
    if (f.same_as(op->first) && r.same_as(op->rest)) {
        return op;
    }
    return Block::make(std::vector<Stmt>{f, r});
}

Stmt IRMutator::visit(const IfThenElse *op) {
    Expr c = mutate(op->condition);
    Stmt t = mutate(op->then_case);
    Stmt e = mutate(op->else_case);
    if (c.same_as(op->condition) && t.same_as(op->then_case) && e.same_as(op->else_case)) {
        return op;
    }
    return IfThenElse::make(c, t, e);
}

Stmt IRMutator::visit(const Evaluate *op) {
    Expr v = mutate(op->value);
    return v.same_as(op->value) ? Stmt(op) : Evaluate::make(v);
}

} // namespace weft::internal
