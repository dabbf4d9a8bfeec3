// make() for every IR node: each checks its arguments (STYLE.md item 3).

#include "IR.h"

#include "Error.h"

#include <cmath>

namespace weft::internal {

namespace {

void check_defined(const Expr &e, const char *node, const char *field) {
    internal_assert(e.defined()) << node << "::make: " << field << " is undefined";
}

void check_int32_scalar(const Expr &e, const char *node, const char *field) {
    check_defined(e, node, field);
    internal_assert(e.type() == Int(32)) << node << "::make: " << field << " must be int32, not "
                                         << to_string(e.type());
}

void check_bool_lanes(const Expr &predicate, int lanes, const char *node) {
    if (!predicate.defined()) {
        return;
    }
    internal_assert(predicate.type().is_bool() && predicate.type().lanes == lanes)
        << node << "::make: predicate must be bool with " << lanes << " lanes, not "
        << to_string(predicate.type());
}

} // namespace

const IntImm *IntImm::make(Type t, int64_t value) {
    internal_assert(t.is_int() && t.is_scalar()) << "IntImm of type " << to_string(t);
    if (t.bits < 64) {
        // Sign-extend from the type's width so that the stored value is canonical.
        int shift = 64 - t.bits;
        value = static_cast<int64_t>(static_cast<uint64_t>(value) << shift) >> shift;
    }
    return new IntImm(t, value);
}

const UIntImm *UIntImm::make(Type t, uint64_t value) {
    internal_assert(t.is_uint() && t.is_scalar()) << "UIntImm of type " << to_string(t);
    if (t.bits < 64) {
        value &= (uint64_t(1) << t.bits) - 1;
    }
    return new UIntImm(t, value);
}

const FloatImm *FloatImm::make(Type t, double value) {
    internal_assert(t.is_float() && t.is_scalar()) << "FloatImm of type " << to_string(t);
    if (t.bits == 32 && !t.is_bfloat()) {
        value = static_cast<double>(static_cast<float>(value));
    }
    return new FloatImm(t, value);
}

const StringImm *StringImm::make(const std::string &value) { return new StringImm(value); }

Expr Cast::make(Type t, Expr value) {
    check_defined(value, "Cast", "value");
    internal_assert(t.lanes == value.type().lanes)
        << "Cast::make: lanes differ: " << to_string(t) << " from " << to_string(value.type());
    return new Cast(t, std::move(value));
}

Expr Reinterpret::make(Type t, Expr value) {
    check_defined(value, "Reinterpret", "value");
    Type from = value.type();
    internal_assert(t.bits * t.lanes == from.bits * from.lanes)
        << "Reinterpret::make: " << to_string(from) << " to " << to_string(t);
    return new Reinterpret(t, std::move(value));
}

Expr Variable::make(Type t, const std::string &name) {
    internal_assert(!name.empty()) << "Variable::make: empty name";
    return new Variable(t, name);
}

Expr Variable::make(Type t, const std::string &name, Parameter p) {
    auto *v = new Variable(t, name);
    v->param = std::move(p);
    return v;
}

Expr Variable::make(Type t, const std::string &name, ReductionDomain r) {
    auto *v = new Variable(t, name);
    v->rdom = std::move(r);
    return v;
}

template <typename T>
Expr BinaryOpNode<T>::make(Expr a, Expr b) {
    const char *name = node_kind_name(T::kind);
    check_defined(a, name, "a");
    check_defined(b, name, "b");
    internal_assert(a.type() == b.type()) << name << "::make: operand types differ: "
                                          << to_string(a.type()) << " and " << to_string(b.type());
    if constexpr (T::kind == IRNodeKind::And || T::kind == IRNodeKind::Or) {
        internal_assert(a.type().is_bool()) << name << "::make: operands must be bool, not "
                                            << to_string(a.type());
    }
    Type t = a.type();
    return new T(t, std::move(a), std::move(b));
}

template <typename T>
Expr CmpOpNode<T>::make(Expr a, Expr b) {
    const char *name = node_kind_name(T::kind);
    check_defined(a, name, "a");
    check_defined(b, name, "b");
    internal_assert(a.type() == b.type()) << name << "::make: operand types differ: "
                                          << to_string(a.type()) << " and " << to_string(b.type());
    Type t = Bool(a.type().lanes);
    return new T(t, std::move(a), std::move(b));
}

template struct BinaryOpNode<Add>;
template struct BinaryOpNode<Sub>;
template struct BinaryOpNode<Mul>;
template struct BinaryOpNode<Div>;
template struct BinaryOpNode<Mod>;
template struct BinaryOpNode<Min>;
template struct BinaryOpNode<Max>;
template struct BinaryOpNode<And>;
template struct BinaryOpNode<Or>;
template struct CmpOpNode<EQ>;
template struct CmpOpNode<NE>;
template struct CmpOpNode<LT>;
template struct CmpOpNode<LE>;
template struct CmpOpNode<GT>;
template struct CmpOpNode<GE>;

Expr Not::make(Expr a) {
    check_defined(a, "Not", "a");
    internal_assert(a.type().is_bool()) << "Not::make: operand must be bool, not "
                                        << to_string(a.type());
    Type t = a.type();
    return new Not(t, std::move(a));
}

Expr Select::make(Expr condition, Expr true_value, Expr false_value) {
    check_defined(condition, "Select", "condition");
    check_defined(true_value, "Select", "true_value");
    check_defined(false_value, "Select", "false_value");
    internal_assert(condition.type().is_bool()) << "Select::make: condition must be bool";
    internal_assert(true_value.type() == false_value.type())
        << "Select::make: value types differ: " << to_string(true_value.type()) << " and "
        << to_string(false_value.type());
    internal_assert(condition.type().is_scalar() ||
                    condition.type().lanes == true_value.type().lanes)
        << "Select::make: condition lanes do not match the values";
    Type t = true_value.type();
    return new Select(t, std::move(condition), std::move(true_value), std::move(false_value));
}

Expr Load::make(Type t, const std::string &name, Expr index, Expr predicate, Parameter param) {
    check_defined(index, "Load", "index");
    internal_assert(index.type().is_int() && index.type().bits == 32)
        << "Load::make: index of " << name << " must be int32, not " << to_string(index.type());
    internal_assert(index.type().lanes == t.lanes)
        << "Load::make: index lanes differ from the type's for " << name;
    check_bool_lanes(predicate, t.lanes, "Load");
    return new Load(t, name, std::move(index), std::move(predicate), std::move(param));
}

Expr Ramp::make(Expr base, Expr stride, int lanes) {
    check_defined(base, "Ramp", "base");
    check_defined(stride, "Ramp", "stride");
    internal_assert(base.type().is_scalar() && base.type() == stride.type())
        << "Ramp::make: base and stride must be scalars of one type";
    internal_assert(lanes > 1) << "Ramp::make: lanes must be > 1";
    Type t = base.type().with_lanes(lanes);
    return new Ramp(t, std::move(base), std::move(stride), lanes);
}

Expr Broadcast::make(Expr value, int lanes) {
    check_defined(value, "Broadcast", "value");
    internal_assert(value.type().is_scalar()) << "Broadcast::make: value must be scalar";
    internal_assert(lanes > 1) << "Broadcast::make: lanes must be > 1";
    Type t = value.type().with_lanes(lanes);
    return new Broadcast(t, std::move(value), lanes);
}

Expr Call::make(Type t, const std::string &name, std::vector<Expr> args, CallType ct,
                FunctionPtr func, int value_index, Parameter param) {
    for (const Expr &a : args) {
        check_defined(a, "Call", "argument");
    }
    internal_assert(ct != Func || func.defined()) << "Call::make: Func call " << name
                                                  << " has no Func";
    internal_assert(ct != Image || param.defined()) << "Call::make: Image call " << name
                                                    << " has no Parameter";
    auto *c = new Call(t, name, std::move(args), ct);
    c->func = std::move(func);
    c->value_index = value_index;
    c->param = std::move(param);
    return c;
}

Expr Let::make(const std::string &name, Expr value, Expr body) {
    check_defined(value, "Let", "value");
    check_defined(body, "Let", "body");
    Type t = body.type();
    return new Let(t, name, std::move(value), std::move(body));
}

Expr Shuffle::make(std::vector<Expr> vectors, std::vector<int> indices) {
    internal_assert(!vectors.empty() && !indices.empty()) << "Shuffle::make: empty";
    int total = 0;
    Type elem = vectors[0].type().element_of();
    for (const Expr &v : vectors) {
        check_defined(v, "Shuffle", "vector");
        internal_assert(v.type().element_of() == elem) << "Shuffle::make: element types differ";
        total += v.type().lanes;
    }
    for (int i : indices) {
        internal_assert(i >= 0 && i < total) << "Shuffle::make: index " << i << " out of range";
    }
    Type t = elem.with_lanes(static_cast<int>(indices.size()));
    return new Shuffle(t, std::move(vectors), std::move(indices));
}

Expr Shuffle::make_concat(std::vector<Expr> vectors) {
    int total = 0;
    for (const Expr &v : vectors) {
        total += v.type().lanes;
    }
    std::vector<int> indices(total);
    for (int i = 0; i < total; i++) {
        indices[i] = i;
    }
    return make(std::move(vectors), std::move(indices));
}

Expr Shuffle::make_slice(Expr vector, int begin, int stride, int lanes) {
    std::vector<int> indices(lanes);
    for (int i = 0; i < lanes; i++) {
        indices[i] = begin + i * stride;
    }
    return make({std::move(vector)}, std::move(indices));
}

Expr Shuffle::make_extract_element(Expr vector, int i) { return make_slice(std::move(vector), i, 1, 1); }

Expr VectorReduce::make(Operator op, Expr value, int lanes) {
    check_defined(value, "VectorReduce", "value");
    internal_assert(lanes > 0 && value.type().lanes % lanes == 0)
        << "VectorReduce::make: " << value.type().lanes << " lanes do not reduce to " << lanes;
    Type t = value.type().with_lanes(lanes);
    if (op == And || op == Or) {
        internal_assert(t.is_bool()) << "VectorReduce::make: And/Or need bool lanes";
    }
    return new VectorReduce(t, op, std::move(value));
}

Stmt LetStmt::make(const std::string &name, Expr value, Stmt body) {
    check_defined(value, "LetStmt", "value");
    internal_assert(body.defined()) << "LetStmt::make: undefined body";
    auto *n = new LetStmt;
    n->name = name;
    n->value = std::move(value);
    n->body = std::move(body);
    return n;
}

Stmt AssertStmt::make(Expr condition, Expr message) {
    check_defined(condition, "AssertStmt", "condition");
    check_defined(message, "AssertStmt", "message");
    internal_assert(condition.type().is_bool() && condition.type().is_scalar())
        << "AssertStmt::make: condition must be a scalar bool";
    auto *n = new AssertStmt;
    n->condition = std::move(condition);
    n->message = std::move(message);
    return n;
}

Stmt ProducerConsumer::make(const std::string &name, bool is_producer, Stmt body) {
    internal_assert(body.defined()) << "ProducerConsumer::make: undefined body";
    auto *n = new ProducerConsumer;
    n->name = name;
    n->is_producer = is_producer;
    n->body = std::move(body);
    return n;
}

Stmt For::make(const std::string &name, Expr min, Expr extent, ForType for_type,
               DeviceAPI device_api, Stmt body) {
    check_int32_scalar(min, "For", "min");
    check_int32_scalar(extent, "For", "extent");
    internal_assert(body.defined()) << "For::make: undefined body";
    auto *n = new For;
    n->name = name;
    n->min = std::move(min);
    n->extent = std::move(extent);
    n->for_type = for_type;
    n->device_api = device_api;
    n->body = std::move(body);
    return n;
}

Stmt Store::make(const std::string &name, Expr value, Expr index, Expr predicate,
                 Parameter param) {
    check_defined(value, "Store", "value");
    check_defined(index, "Store", "index");
    internal_assert(index.type().is_int() && index.type().bits == 32)
        << "Store::make: index of " << name << " must be int32";
    internal_assert(index.type().lanes == value.type().lanes)
        << "Store::make: index and value lanes differ for " << name;
    check_bool_lanes(predicate, value.type().lanes, "Store");
    auto *n = new Store;
    n->name = name;
    n->value = std::move(value);
    n->index = std::move(index);
    n->predicate = std::move(predicate);
    n->param = std::move(param);
    return n;
}

Stmt Provide::make(const std::string &name, std::vector<Expr> values, std::vector<Expr> args,
                   Expr predicate) {
    internal_assert(!values.empty()) << "Provide::make: no values for " << name;
    for (const Expr &v : values) {
        check_defined(v, "Provide", "value");
    }
    for (const Expr &a : args) {
        check_defined(a, "Provide", "argument");
    }
    check_bool_lanes(predicate, 1, "Provide");
    auto *n = new Provide;
    n->name = name;
    n->values = std::move(values);
    n->args = std::move(args);
    n->predicate = std::move(predicate);
    return n;
}

Stmt Allocate::make(const std::string &name, Type type, MemoryType memory_type,
                    std::vector<Expr> extents, Expr condition, Stmt body) {
    for (const Expr &e : extents) {
        check_int32_scalar(e, "Allocate", "extent");
    }
    internal_assert(body.defined()) << "Allocate::make: undefined body";
    auto *n = new Allocate;
    n->name = name;
    n->type = type;
    n->memory_type = memory_type;
    n->extents = std::move(extents);
    n->condition = std::move(condition);
    n->body = std::move(body);
    return n;
}

int64_t Allocate::constant_allocation_size() const {
    int64_t size = 1;
    for (const Expr &e : extents) {
        const auto *imm = e.as<IntImm>();
        if (!imm) {
            return 0;
        }
        size *= imm->value;
        if (size > (int64_t(1) << 40)) {
            return 0;
        }
    }
    return size;
}

Stmt Free::make(const std::string &name) {
    auto *n = new Free;
    n->name = name;
    return n;
}

Stmt Realize::make(const std::string &name, std::vector<Type> types, MemoryType memory_type,
                   Region bounds, Expr condition, Stmt body) {
    internal_assert(!types.empty()) << "Realize::make: no types for " << name;
    for (const Range &r : bounds) {
        check_int32_scalar(r.min, "Realize", "min");
        check_int32_scalar(r.extent, "Realize", "extent");
    }
    internal_assert(body.defined()) << "Realize::make: undefined body";
    auto *n = new Realize;
    n->name = name;
    n->types = std::move(types);
    n->memory_type = memory_type;
    n->bounds = std::move(bounds);
    n->condition = std::move(condition);
    n->body = std::move(body);
    return n;
}

Stmt Block::make(Stmt first, Stmt rest) {
    internal_assert(first.defined() && rest.defined()) << "Block::make: undefined statement";
    auto *n = new Block;
    n->first = std::move(first);
    n->rest = std::move(rest);
    return n;
}

Stmt Block::make(const std::vector<Stmt> &stmts) {
    Stmt result;
    for (auto it = stmts.rbegin(); it != stmts.rend(); ++it) {
        if (!it->defined()) {
            continue;
        }
        result = result.defined() ? make(*it, result) : *it;
    }
    return result;
}

Stmt IfThenElse::make(Expr condition, Stmt then_case, Stmt else_case) {
    check_defined(condition, "IfThenElse", "condition");
    internal_assert(condition.type().is_bool() && condition.type().is_scalar())
        << "IfThenElse::make: condition must be a scalar bool";
    internal_assert(then_case.defined()) << "IfThenElse::make: undefined then_case";
    auto *n = new IfThenElse;
    n->condition = std::move(condition);
    n->then_case = std::move(then_case);
    n->else_case = std::move(else_case);
    return n;
}

Stmt Evaluate::make(Expr value) {
    check_defined(value, "Evaluate", "value");
    auto *n = new Evaluate;
    n->value = std::move(value);
    return n;
}

const char *node_kind_name(IRNodeKind kind) {
    switch (kind) {
#define WEFT_KIND_NAME(name)                                                                       \
    case IRNodeKind::name:                                                                         \
        return #name;
        WEFT_FOR_EACH_EXPR_NODE(WEFT_KIND_NAME)
        WEFT_FOR_EACH_STMT_NODE(WEFT_KIND_NAME)
#undef WEFT_KIND_NAME
    }
    return "?";
}

} // namespace weft::internal
