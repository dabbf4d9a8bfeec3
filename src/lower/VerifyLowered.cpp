#include "VerifyLowered.h"

#include "Error.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <set>

namespace weft::internal {

namespace {

class Verifier : public IRVisitor {
public:
    using IRVisitor::visit;

    void visit(const Provide *op) override {
        internal_error << "verify_lowered: a Provide to " << op->name << " survived lowering";
    }
    void visit(const Realize *op) override {
        internal_error << "verify_lowered: a Realize of " << op->name << " survived lowering";
    }
    void visit(const Call *op) override {
        internal_assert(op->call_type != Call::Func && op->call_type != Call::Image)
            << "verify_lowered: a call to " << op->name << " survived lowering: " << Expr(op);
        IRVisitor::visit(op);
    }
    void visit(const For *op) override {
        walk(op->min);
        walk(op->extent);
        bind(op->name, op->body);
    }
    void visit(const LetStmt *op) override {
        walk(op->value);
        bind(op->name, op->body);
    }
    void visit(const Allocate *op) override {
        for (const Expr &e : op->extents) {
            walk(e);
        }
        if (op->condition.defined()) {
            walk(op->condition);
        }
        bind(op->name, op->body);
    }

private:
    void bind(const std::string &name, const Stmt &body) {
        internal_assert(bound_.insert(name).second)
            << "verify_lowered: " << name << " is bound twice on one path";
        walk(body);
        bound_.erase(name);
    }
    std::set<std::string> bound_;
};

} // namespace

Stmt verify_lowered(const Stmt &s) {
    Verifier().walk(s);
    return s;
}

} // namespace weft::internal
