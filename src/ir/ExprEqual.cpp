#include "ExprEqual.h"

#include <cmath>

namespace weft::internal {

namespace {

bool all_equal(const std::vector<Expr> &a, const std::vector<Expr> &b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); i++) {
        if (!deep_equal(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

template <typename T>
bool equal_binary(const Expr &a, const Expr &b) {
    const T *x = static_cast<const T *>(a.get());
    const T *y = static_cast<const T *>(b.get());
    return deep_equal(x->a, y->a) && deep_equal(x->b, y->b);
}

template <typename T>
const T *cast_node(const Expr &e) {
    return static_cast<const T *>(e.get());
}

bool equal_same_kind(const Expr &a, const Expr &b) {
    switch (a.node_kind()) {
    case IRNodeKind::IntImm:
        return cast_node<IntImm>(a)->value == cast_node<IntImm>(b)->value;
    case IRNodeKind::UIntImm:
        return cast_node<UIntImm>(a)->value == cast_node<UIntImm>(b)->value;
    case IRNodeKind::FloatImm: {
        double x = cast_node<FloatImm>(a)->value, y = cast_node<FloatImm>(b)->value;
        return x == y ? (std::signbit(x) == std::signbit(y)) : (x != x && y != y);
    }
    case IRNodeKind::StringImm:
        return cast_node<StringImm>(a)->value == cast_node<StringImm>(b)->value;
    case IRNodeKind::Cast:
        return deep_equal(cast_node<Cast>(a)->value, cast_node<Cast>(b)->value);
    case IRNodeKind::Reinterpret:
        return deep_equal(cast_node<Reinterpret>(a)->value, cast_node<Reinterpret>(b)->value);
    case IRNodeKind::Variable: {
        const auto *x = cast_node<Variable>(a);
        const auto *y = cast_node<Variable>(b);
        return x->name == y->name && x->param.defined() == y->param.defined();
    }
    case IRNodeKind::Add:
        return equal_binary<Add>(a, b);
    case IRNodeKind::Sub:
        return equal_binary<Sub>(a, b);
    case IRNodeKind::Mul:
        return equal_binary<Mul>(a, b);
    case IRNodeKind::Div:
        return equal_binary<Div>(a, b);
    case IRNodeKind::Mod:
        return equal_binary<Mod>(a, b);
    case IRNodeKind::Min:
        return equal_binary<Min>(a, b);
    case IRNodeKind::Max:
        return equal_binary<Max>(a, b);
    case IRNodeKind::EQ:
        return equal_binary<EQ>(a, b);
    case IRNodeKind::NE:
        return equal_binary<NE>(a, b);
    case IRNodeKind::LT:
        return equal_binary<LT>(a, b);
    case IRNodeKind::LE:
        return equal_binary<LE>(a, b);
    case IRNodeKind::GT:
        return equal_binary<GT>(a, b);
    case IRNodeKind::GE:
        return equal_binary<GE>(a, b);
    case IRNodeKind::And:
        return equal_binary<And>(a, b);
    case IRNodeKind::Or:
        return equal_binary<Or>(a, b);
    case IRNodeKind::Not:
        return deep_equal(cast_node<Not>(a)->a, cast_node<Not>(b)->a);
    case IRNodeKind::Select: {
        const auto *x = cast_node<Select>(a);
        const auto *y = cast_node<Select>(b);
        return deep_equal(x->condition, y->condition) &&
               deep_equal(x->true_value, y->true_value) &&
               deep_equal(x->false_value, y->false_value);
    }
    case IRNodeKind::Load: {
        const auto *x = cast_node<Load>(a);
        const auto *y = cast_node<Load>(b);
        return x->name == y->name && x->param.same_as(y->param) && deep_equal(x->index, y->index) &&
               deep_equal(x->predicate, y->predicate);
    }
    case IRNodeKind::Ramp: {
        const auto *x = cast_node<Ramp>(a);
        const auto *y = cast_node<Ramp>(b);
        return x->lanes == y->lanes && deep_equal(x->base, y->base) &&
               deep_equal(x->stride, y->stride);
    }
    case IRNodeKind::Broadcast: {
        const auto *x = cast_node<Broadcast>(a);
        const auto *y = cast_node<Broadcast>(b);
        return x->lanes == y->lanes && deep_equal(x->value, y->value);
    }
    case IRNodeKind::Call: {
        const auto *x = cast_node<Call>(a);
        const auto *y = cast_node<Call>(b);
        return x->name == y->name && x->call_type == y->call_type &&
               x->value_index == y->value_index && x->func.same_as(y->func) &&
               x->param.same_as(y->param) && all_equal(x->args, y->args);
    }
    case IRNodeKind::Let: {
        const auto *x = cast_node<Let>(a);
        const auto *y = cast_node<Let>(b);
        return x->name == y->name && deep_equal(x->value, y->value) &&
               deep_equal(x->body, y->body);
    }
    case IRNodeKind::Shuffle: {
        const auto *x = cast_node<Shuffle>(a);
        const auto *y = cast_node<Shuffle>(b);
        return x->indices == y->indices && all_equal(x->vectors, y->vectors);
    }
    case IRNodeKind::VectorReduce: {
        const auto *x = cast_node<VectorReduce>(a);
        const auto *y = cast_node<VectorReduce>(b);
        return x->op == y->op && deep_equal(x->value, y->value);
    }
#define WEFT_STMT_CASE(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_STMT_CASE)
#undef WEFT_STMT_CASE
        return false;
    }
    return false;
}

} // namespace

bool deep_equal(const Expr &a, const Expr &b) {
    if (a.same_as(b)) {
        return true;
    }
    if (!a.defined() || !b.defined()) {
        return false;
    }
    if (a.node_kind() != b.node_kind() || a.type() != b.type()) {
        return false;
    }
    return equal_same_kind(a, b);
}

} // namespace weft::internal
