#include "IREquality.h"

#include "IRVisitor.h"

#include <cstring>

namespace weft::internal {
namespace {

/// Flattens a tree into a token stream (kinds, types, names, constants, child
/// boundaries). Comparing or hashing two streams is comparing or hashing the trees.
class Serializer : public IRVisitor {
public:
    std::string out;

    using IRVisitor::walk;
    void walk(const Expr &e) override {
        if (!e.defined()) {
            tag(0xff);
            return;
        }
        tag(static_cast<uint8_t>(e.node_kind()));
        type(e.type());
        IRVisitor::walk(e);
        tag(0xfe);
    }
    void walk(const Stmt &s) override {
        if (!s.defined()) {
            tag(0xff);
            return;
        }
        tag(static_cast<uint8_t>(s.node_kind()));
        IRVisitor::walk(s);
        tag(0xfe);
    }

    void visit(const IntImm *op) override { raw(op->value); }
    void visit(const UIntImm *op) override { raw(op->value); }
    void visit(const FloatImm *op) override { raw(op->value); }
    void visit(const StringImm *op) override { str(op->value); }
    void visit(const Variable *op) override {
        str(op->name);
        raw(reinterpret_cast<uintptr_t>(op->param.get()) ? uint64_t(1) : uint64_t(0));
    }
    void visit(const Load *op) override {
        str(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Ramp *op) override {
        raw(op->lanes);
        IRVisitor::visit(op);
    }
    void visit(const Broadcast *op) override {
        raw(op->lanes);
        IRVisitor::visit(op);
    }
    void visit(const Call *op) override {
        str(op->name);
        raw(static_cast<uint8_t>(op->call_type));
        raw(op->value_index);
        raw(op->args.size());
        IRVisitor::visit(op);
    }
    void visit(const Let *op) override {
        str(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Shuffle *op) override {
        raw(op->vectors.size());
        for (int i : op->indices) {
            raw(i);
        }
        IRVisitor::visit(op);
    }
    void visit(const VectorReduce *op) override {
        raw(static_cast<uint8_t>(op->op));
        IRVisitor::visit(op);
    }
    void visit(const LetStmt *op) override {
        str(op->name);
        IRVisitor::visit(op);
    }
    void visit(const ProducerConsumer *op) override {
        str(op->name);
        raw(op->is_producer);
        IRVisitor::visit(op);
    }
    void visit(const For *op) override {
        str(op->name);
        raw(static_cast<uint8_t>(op->for_type));
        raw(static_cast<uint8_t>(op->device_api));
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        str(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Provide *op) override {
        str(op->name);
        raw(op->values.size());
        raw(op->args.size());
        IRVisitor::visit(op);
    }
    void visit(const Allocate *op) override {
        str(op->name);
        type(op->type);
        raw(static_cast<uint8_t>(op->memory_type));
        raw(op->extents.size());
        IRVisitor::visit(op);
    }
    void visit(const Free *op) override { str(op->name); }
    void visit(const Realize *op) override {
        str(op->name);
        for (Type t : op->types) {
            type(t);
        }
        raw(op->bounds.size());
        IRVisitor::visit(op);
    }

private:
    void tag(uint8_t t) { out.push_back(static_cast<char>(t)); }
    template <typename T>
    void raw(T v) {
        char buf[sizeof(T)];
        std::memcpy(buf, &v, sizeof(T));
        out.append(buf, sizeof(T));
    }
    void type(Type t) {
        raw(static_cast<uint8_t>(t.code));
        raw(t.bits);
        raw(t.lanes);
    }
    void str(const std::string &s) {
        raw(static_cast<uint32_t>(s.size()));
        out.append(s);
    }
};

template <typename T>
std::string serialize(const T &x) {
    Serializer s;
    s.walk(x);
    return std::move(s.out);
}

uint64_t fnv1a(const std::string &s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

} // namespace

int compare(const Expr &a, const Expr &b) {
    if (a.same_as(b)) {
        return 0;
    }
    return serialize(a).compare(serialize(b));
}

int compare(const Stmt &a, const Stmt &b) {
    if (a.same_as(b)) {
        return 0;
    }
    return serialize(a).compare(serialize(b));
}

uint64_t structural_hash(const Expr &e) { return fnv1a(serialize(e)); }
uint64_t structural_hash(const Stmt &s) { return fnv1a(serialize(s)); }

} // namespace weft::internal
