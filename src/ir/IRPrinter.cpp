#include "IRPrinter.h"

#include "IRVisitor.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace weft {

const char *to_string(ForType t) {
    switch (t) {
    case ForType::Serial:
        return "for";
    case ForType::Parallel:
        return "parallel";
    case ForType::Vectorized:
        return "vectorized";
    case ForType::Unrolled:
        return "unrolled";
    case ForType::GPUBlock:
        return "gpu_block";
    case ForType::GPUThread:
        return "gpu_thread";
    }
    return "?";
}

const char *to_string(TailStrategy t) {
    switch (t) {
    case TailStrategy::Auto:
        return "TailStrategy::Auto";
    case TailStrategy::RoundUp:
        return "TailStrategy::RoundUp";
    case TailStrategy::GuardWithIf:
        return "TailStrategy::GuardWithIf";
    case TailStrategy::ShiftInwards:
        return "TailStrategy::ShiftInwards";
    }
    return "?";
}

const char *to_string(MemoryType t) {
    switch (t) {
    case MemoryType::Auto:
        return "MemoryType::Auto";
    case MemoryType::Heap:
        return "MemoryType::Heap";
    case MemoryType::Stack:
        return "MemoryType::Stack";
    case MemoryType::Register:
        return "MemoryType::Register";
    case MemoryType::GPUShared:
        return "MemoryType::GPUShared";
    }
    return "?";
}

namespace internal {
namespace {

class Printer : public IRVisitor {
public:
    explicit Printer(std::ostream &os) : os_(os) {}

    using IRVisitor::walk;

    void visit(const IntImm *op) override {
        if (op->type == Int(32)) {
            os_ << op->value;
        } else {
            os_ << "(" << to_string(op->type) << ")" << op->value;
        }
    }
    void visit(const UIntImm *op) override {
        if (op->type.is_bool()) {
            os_ << (op->value ? "true" : "false");
        } else {
            os_ << "(" << to_string(op->type) << ")" << op->value;
        }
    }
    void visit(const FloatImm *op) override {
        std::ostringstream s;
        s << std::setprecision(op->type.bits == 64 ? 17 : 9) << op->value;
        std::string text = s.str();
        if (std::isfinite(op->value) && text.find_first_of(".e") == std::string::npos) {
            text += ".0";
        }
        os_ << text << (op->type.bits == 32 ? "f" : op->type.bits == 64 ? "" : "h");
    }
    void visit(const StringImm *op) override { os_ << '"' << op->value << '"'; }
    void visit(const Cast *op) override {
        os_ << to_string(op->type) << "(";
        walk(op->value);
        os_ << ")";
    }
    void visit(const Reinterpret *op) override {
        os_ << "reinterpret<" << to_string(op->type) << ">(";
        walk(op->value);
        os_ << ")";
    }
    void visit(const Variable *op) override { os_ << op->name; }

    void binary(const Expr &a, const char *sym, const Expr &b) {
        os_ << "(";
        walk(a);
        os_ << " " << sym << " ";
        walk(b);
        os_ << ")";
    }
    void call_like(const char *name, const Expr &a, const Expr &b) {
        os_ << name << "(";
        walk(a);
        os_ << ", ";
        walk(b);
        os_ << ")";
    }
    void visit(const Add *op) override { binary(op->a, "+", op->b); }
    void visit(const Sub *op) override { binary(op->a, "-", op->b); }
    void visit(const Mul *op) override { binary(op->a, "*", op->b); }
    void visit(const Div *op) override { binary(op->a, "/", op->b); }
    void visit(const Mod *op) override { binary(op->a, "%", op->b); }
    void visit(const Min *op) override { call_like("min", op->a, op->b); }
    void visit(const Max *op) override { call_like("max", op->a, op->b); }
    void visit(const EQ *op) override { binary(op->a, "==", op->b); }
    void visit(const NE *op) override { binary(op->a, "!=", op->b); }
    void visit(const LT *op) override { binary(op->a, "<", op->b); }
    void visit(const LE *op) override { binary(op->a, "<=", op->b); }
    void visit(const GT *op) override { binary(op->a, ">", op->b); }
    void visit(const GE *op) override { binary(op->a, ">=", op->b); }
    void visit(const And *op) override { binary(op->a, "&&", op->b); }
    void visit(const Or *op) override { binary(op->a, "||", op->b); }
    void visit(const Not *op) override {
        os_ << "!";
        walk(op->a);
    }
    void visit(const Select *op) override {
        os_ << "select(";
        walk(op->condition);
        os_ << ", ";
        walk(op->true_value);
        os_ << ", ";
        walk(op->false_value);
        os_ << ")";
    }
    void visit(const Load *op) override {
        os_ << op->name << "[";
        walk(op->index);
        os_ << "]";
        if (op->predicate.defined()) {
            os_ << " if ";
            walk(op->predicate);
        }
    }
    void visit(const Ramp *op) override {
        os_ << "ramp(";
        walk(op->base);
        os_ << ", ";
        walk(op->stride);
        os_ << ", " << op->lanes << ")";
    }
    void visit(const Broadcast *op) override {
        os_ << "x" << op->lanes << "(";
        walk(op->value);
        os_ << ")";
    }
    void visit(const Call *op) override {
        os_ << op->name << "(";
        for (size_t i = 0; i < op->args.size(); i++) {
            if (i) {
                os_ << ", ";
            }
            walk(op->args[i]);
        }
        os_ << ")";
    }
    void visit(const Let *op) override {
        os_ << "(let " << op->name << " = ";
        walk(op->value);
        os_ << " in ";
        walk(op->body);
        os_ << ")";
    }
    void visit(const Shuffle *op) override {
        os_ << "shuffle(";
        for (const Expr &v : op->vectors) {
            walk(v);
            os_ << ", ";
        }
        os_ << "{";
        for (size_t i = 0; i < op->indices.size(); i++) {
            os_ << (i ? ", " : "") << op->indices[i];
        }
        os_ << "})";
    }
    void visit(const VectorReduce *op) override {
        static const char *names[] = {"add", "mul", "min", "max", "and", "or"};
        os_ << "vector_reduce_" << names[op->op] << "(";
        walk(op->value);
        os_ << ", " << op->type.lanes << ")";
    }

    // Statements.
    void indent() {
        for (int i = 0; i < depth_; i++) {
            os_ << "  ";
        }
    }
    void body(const Stmt &s) {
        depth_++;
        walk(s);
        depth_--;
    }
    void visit(const LetStmt *op) override {
        indent();
        os_ << "let " << op->name << " = ";
        walk(op->value);
        os_ << "\n";
        walk(op->body);
    }
    void visit(const AssertStmt *op) override {
        indent();
        os_ << "assert(";
        walk(op->condition);
        os_ << ", ";
        walk(op->message);
        os_ << ")\n";
    }
    void visit(const ProducerConsumer *op) override {
        indent();
        os_ << (op->is_producer ? "produce " : "consume ") << op->name << " {\n";
        body(op->body);
        indent();
        os_ << "}\n";
    }
    void visit(const For *op) override {
        indent();
        os_ << to_string(op->for_type) << " (" << op->name << ", ";
        walk(op->min);
        os_ << ", ";
        walk(op->extent);
        os_ << ")" << (op->device_api == DeviceAPI::CUDA ? " <CUDA>" : "") << " {\n";
        body(op->body);
        indent();
        os_ << "}\n";
    }
    void visit(const Store *op) override {
        indent();
        os_ << op->name << "[";
        walk(op->index);
        os_ << "] = ";
        walk(op->value);
        if (op->predicate.defined()) {
            os_ << " if ";
            walk(op->predicate);
        }
        os_ << "\n";
    }
    void visit(const Provide *op) override {
        indent();
        os_ << op->name << "(";
        for (size_t i = 0; i < op->args.size(); i++) {
            os_ << (i ? ", " : "");
            walk(op->args[i]);
        }
        os_ << ") = ";
        for (size_t i = 0; i < op->values.size(); i++) {
            os_ << (i ? ", " : "");
            walk(op->values[i]);
        }
        if (op->predicate.defined()) {
            os_ << " if ";
            walk(op->predicate);
        }
        os_ << "\n";
    }
    void visit(const Allocate *op) override {
        indent();
        os_ << "allocate " << op->name << "[" << to_string(op->type);
        for (const Expr &e : op->extents) {
            os_ << " * ";
            walk(e);
        }
        os_ << "]";
        if (op->memory_type != MemoryType::Auto) {
            os_ << " in " << to_string(op->memory_type);
        }
        if (op->condition.defined()) {
            os_ << " if ";
            walk(op->condition);
        }
        os_ << "\n";
        walk(op->body);
    }
    void visit(const Free *op) override {
        indent();
        os_ << "free " << op->name << "\n";
    }
    void visit(const Realize *op) override {
        indent();
        os_ << "realize " << op->name << "(";
        for (size_t i = 0; i < op->bounds.size(); i++) {
            os_ << (i ? ", " : "") << "[";
            walk(op->bounds[i].min);
            os_ << ", ";
            walk(op->bounds[i].extent);
            os_ << "]";
        }
        os_ << ") {\n";
        body(op->body);
        indent();
        os_ << "}\n";
    }
    void visit(const Block *op) override {
        walk(op->first);
        walk(op->rest);
    }
    void visit(const IfThenElse *op) override {
        indent();
        os_ << "if (";
        walk(op->condition);
        os_ << ") {\n";
        body(op->then_case);
        indent();
        os_ << "}";
        if (op->else_case.defined()) {
            os_ << " else {\n";
            body(op->else_case);
            indent();
            os_ << "}";
        }
        os_ << "\n";
    }
    void visit(const Evaluate *op) override {
        indent();
        walk(op->value);
        os_ << "\n";
    }

private:
    std::ostream &os_;
    int depth_ = 0;
};

} // namespace

std::string to_string(const Expr &e) {
    std::ostringstream s;
    s << e;
    return s.str();
}

std::string to_string(const Stmt &s) {
    std::ostringstream o;
    o << s;
    return o.str();
}

} // namespace internal

std::ostream &operator<<(std::ostream &os, const Expr &e) {
    if (!e.defined()) {
        return os << "(undefined)";
    }
    internal::Printer(os).walk(e);
    return os;
}

std::ostream &operator<<(std::ostream &os, const Stmt &s) {
    if (!s.defined()) {
        return os << "(undefined)\n";
    }
    internal::Printer(os).walk(s);
    return os;
}

std::ostream &operator<<(std::ostream &os, const Type &t) { return os << to_string(t); }

} // namespace weft
