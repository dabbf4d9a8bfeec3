// specialize_dense_strides: see the header.

#include "SpecializeDenseStrides.h"

#include "Debug.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <map>
#include <set>
#include <string>

namespace weft::internal {

namespace {

std::string dense_stride_name(const std::string &buffer) {
    return buffer + ".stride.0";
}

/// Names bound anywhere in a Stmt by LetStmt, Let, For or Allocate.
class BoundNames : public IRVisitor {
public:
    std::set<std::string> names;

private:
    using IRVisitor::visit;
    void visit(const LetStmt *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Let *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const For *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Allocate *op) override {
        names.insert(op->name);
        IRVisitor::visit(op);
    }
};

/// What the vectorized loops of a Stmt touch: the buffers they load or store, and the
/// variables they use (an index may reach b.stride.0 through a let).
class VectorizedAccesses : public IRVisitor {
public:
    std::set<std::string> buffers;
    std::set<std::string> variables;
    bool has_vectorized_loop = false;

    /// The buffers accessed in vectorized loops whose innermost stride is used there.
    std::set<std::string> strided_buffers() const {
        std::set<std::string> result;
        for (const std::string &b : buffers) {
            if (variables.count(dense_stride_name(b))) {
                result.insert(b);
            }
        }
        return result;
    }

private:
    using IRVisitor::visit;
    int vectorized_depth_ = 0;

    void visit(const For *op) override {
        const bool vectorized = op->for_type == ForType::Vectorized;
        has_vectorized_loop = has_vectorized_loop || vectorized;
        vectorized_depth_ += vectorized;
        IRVisitor::visit(op);
        vectorized_depth_ -= vectorized;
    }
    void visit(const Variable *op) override {
        if (vectorized_depth_ > 0) {
            variables.insert(op->name);
        }
    }
    void visit(const Load *op) override {
        if (vectorized_depth_ > 0) {
            buffers.insert(op->name);
        }
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        if (vectorized_depth_ > 0) {
            buffers.insert(op->name);
        }
        IRVisitor::visit(op);
    }
};

bool has_vectorized_loop(const Stmt &s) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) {
        const For *f = st.as<For>();
        found = found || (f && f->for_type == ForType::Vectorized);
    });
    return found;
}

bool uses_any(const Expr &e, const std::map<std::string, Expr> &vars) {
    for (const auto &[name, value] : vars) {
        if (expr_uses_var(e, name)) {
            return true;
        }
    }
    return false;
}

/// Puts the branch around the smallest part of s that holds every vectorized loop:
/// statements of a Block before or after them, and lets around them whose values do
/// not use a specialized stride, stay outside (and are not duplicated).
class Specializer {
public:
    Specializer(Expr condition, std::map<std::string, Expr> unit_strides)
        : condition_(std::move(condition)), unit_strides_(std::move(unit_strides)) {}

    Stmt mutate(const Stmt &s) const {
        if (const Block *b = s.as<Block>(); b && !has_vectorized_loop(b->first)) {
            return Block::make(b->first, mutate(b->rest));
        }
        if (const Block *b = s.as<Block>(); b && !has_vectorized_loop(b->rest)) {
            return Block::make(mutate(b->first), b->rest);
        }
        if (const LetStmt *l = s.as<LetStmt>(); l && !uses_any(l->value, unit_strides_)) {
            return LetStmt::make(l->name, l->value, mutate(l->body));
        }
        Stmt dense = substitute(unit_strides_, s);
        return IfThenElse::make(condition_, dense, s);
    }

private:
    Expr condition_;
    std::map<std::string, Expr> unit_strides_;
};

} // namespace

Stmt specialize_dense_strides(const Stmt &s) {
    VectorizedAccesses accesses;
    accesses.walk(s);
    const std::set<std::string> strided = accesses.strided_buffers();
    if (!accesses.has_vectorized_loop || strided.empty()) {
        return s;
    }
    BoundNames bound;
    bound.walk(s);
    Expr condition;
    std::map<std::string, Expr> unit_strides;
    for (const std::string &b : strided) {
        const std::string stride = dense_stride_name(b);
        if (bound.names.count(stride)) {
            continue; // an allocation: its innermost stride is already the constant 1
        }
        Expr is_dense = EQ::make(Variable::make(Int(32), stride), make_one(Int(32)));
        condition = condition.defined() ? And::make(condition, is_dense) : is_dense;
        unit_strides[stride] = make_one(Int(32));
    }
    if (unit_strides.empty()) {
        return s;
    }
    debug(2) << "specialize_dense_strides: fast path when " << condition << "\n";
    condition = Call::make(Bool(), Call::likely, {condition}, Call::PureIntrinsic);
    return Specializer(condition, std::move(unit_strides)).mutate(s);
}

} // namespace weft::internal
