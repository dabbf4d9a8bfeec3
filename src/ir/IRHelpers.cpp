#include "IRHelpers.h"

#include "Error.h"
#include "IRVisitor.h"

namespace weft::internal {

namespace {
Expr scalar_const(Type t, int64_t v) {
    Type s = t.element_of();
    if (s.is_int()) {
        return IntImm::make(s, v);
    }
    if (s.is_uint()) {
        return UIntImm::make(s, static_cast<uint64_t>(v));
    }
    if (s.is_float()) {
        return FloatImm::make(s, static_cast<double>(v));
    }
    internal_error << "make_const of type " << to_string(t);
    return Expr();
}
} // namespace

Expr make_const(Type t, int64_t value) { return broadcast_to(scalar_const(t, value), t.lanes); }

Expr make_const(Type t, uint64_t value) {
    Type s = t.element_of();
    Expr c = s.is_uint() ? Expr(UIntImm::make(s, value))
             : s.is_float() ? Expr(FloatImm::make(s, static_cast<double>(value)))
                            : scalar_const(s, static_cast<int64_t>(value));
    return broadcast_to(c, t.lanes);
}

Expr make_const(Type t, double value) {
    Type s = t.element_of();
    if (s.is_float()) {
        return broadcast_to(FloatImm::make(s, value), t.lanes);
    }
    if (s.is_uint()) {
        return broadcast_to(UIntImm::make(s, static_cast<uint64_t>(value)), t.lanes);
    }
    return make_const(t, static_cast<int64_t>(value));
}

Expr make_zero(Type t) { return make_const(t, int64_t(0)); }
Expr make_one(Type t) { return make_const(t, int64_t(1)); }
Expr make_bool(bool b, int lanes) { return make_const(Bool(lanes), int64_t(b ? 1 : 0)); }
Expr const_true(int lanes) { return make_bool(true, lanes); }
Expr const_false(int lanes) { return make_bool(false, lanes); }

std::optional<int64_t> as_const_int(const Expr &e) {
    if (!e.defined()) {
        return std::nullopt;
    }
    if (const auto *b = e.as<Broadcast>()) {
        return as_const_int(b->value);
    }
    if (const auto *i = e.as<IntImm>()) {
        return i->value;
    }
    return std::nullopt;
}

std::optional<uint64_t> as_const_uint(const Expr &e) {
    if (!e.defined()) {
        return std::nullopt;
    }
    if (const auto *b = e.as<Broadcast>()) {
        return as_const_uint(b->value);
    }
    if (const auto *u = e.as<UIntImm>()) {
        return u->value;
    }
    return std::nullopt;
}

std::optional<double> as_const_float(const Expr &e) {
    if (!e.defined()) {
        return std::nullopt;
    }
    if (const auto *b = e.as<Broadcast>()) {
        return as_const_float(b->value);
    }
    if (const auto *f = e.as<FloatImm>()) {
        return f->value;
    }
    return std::nullopt;
}

bool is_const(const Expr &e) {
    return as_const_int(e) || as_const_uint(e) || as_const_float(e);
}

bool is_const(const Expr &e, int64_t v) {
    if (auto i = as_const_int(e)) {
        return *i == v;
    }
    if (auto u = as_const_uint(e)) {
        return v >= 0 && *u == static_cast<uint64_t>(v);
    }
    if (auto f = as_const_float(e)) {
        return *f == static_cast<double>(v);
    }
    return false;
}

bool is_const_zero(const Expr &e) { return is_const(e, 0); }
bool is_const_one(const Expr &e) { return is_const(e, 1); }
bool is_const_true(const Expr &e) { return e.defined() && e.type().is_bool() && is_const(e, 1); }
bool is_const_false(const Expr &e) { return e.defined() && e.type().is_bool() && is_const(e, 0); }

bool is_positive_const(const Expr &e) {
    if (auto i = as_const_int(e)) {
        return *i > 0;
    }
    if (auto u = as_const_uint(e)) {
        return *u > 0;
    }
    if (auto f = as_const_float(e)) {
        return *f > 0;
    }
    return false;
}

bool is_negative_const(const Expr &e) {
    if (auto i = as_const_int(e)) {
        return *i < 0;
    }
    if (auto f = as_const_float(e)) {
        return *f < 0;
    }
    return false;
}

Expr broadcast_to(const Expr &e, int lanes) {
    if (lanes == 1 || e.type().lanes == lanes) {
        return e;
    }
    internal_assert(e.type().is_scalar()) << "broadcast_to: cannot broadcast "
                                          << e.type().lanes << " lanes to " << lanes;
    return Broadcast::make(e, lanes);
}

bool is_pure(const Expr &e) {
    bool pure = true;
    walk_exprs(e, [&](const Expr &x) {
        if (const auto *c = x.as<Call>(); c && !c->is_pure()) {
            pure = false;
        }
        return pure;
    });
    return pure;
}

Expr int_var(const std::string &name) { return Variable::make(Int(32), name); }

namespace {
class UsesVar : public IRVisitor {
public:
    explicit UsesVar(const std::string &n) : name_(n) {}
    bool found = false;
    using IRVisitor::visit;
    // Stops at the first use.
    void walk(const Expr &e) override {
        if (!found) {
            IRVisitor::walk(e);
        }
    }
    void walk(const Stmt &s) override {
        if (!found) {
            IRVisitor::walk(s);
        }
    }
    void visit(const Variable *op) override { found = found || op->name == name_; }
    void visit(const Let *op) override {
        walk(op->value);
        if (op->name != name_) {
            walk(op->body);
        }
    }
    void visit(const LetStmt *op) override {
        walk(op->value);
        if (op->name != name_) {
            walk(op->body);
        }
    }

private:
    const std::string &name_;
};
} // namespace

bool expr_uses_var(const Expr &e, const std::string &name) {
    UsesVar v(name);
    v.walk(e);
    return v.found;
}

bool stmt_uses_var(const Stmt &s, const std::string &name) {
    UsesVar v(name);
    v.walk(s);
    return v.found;
}

} // namespace weft::internal
