#include "Substitute.h"

#include "ir/ExprEqual.h"
#include "ir/IRMutator.h"

#include <set>
#include <type_traits>

namespace weft::internal {

namespace {

/// Replaces free Variables by name; binders that rebind a name hide it in their body.
class SubstituteVars : public IRMutator {
public:
    explicit SubstituteVars(const std::map<std::string, Expr> &r) : replacements_(r) {}

    using IRMutator::mutate;
    using IRMutator::visit;

    Expr visit(const Variable *op) override {
        if (hidden_.count(op->name)) {
            return op;
        }
        auto it = replacements_.find(op->name);
        if (it == replacements_.end()) {
            return op;
        }
        return it->second;
    }

    Expr visit(const Let *op) override {
        Expr value = mutate(op->value);
        Expr body = with_hidden(op->name, [&] { return mutate(op->body); });
        if (value.same_as(op->value) && body.same_as(op->body)) {
            return op;
        }
        return Let::make(op->name, value, body);
    }

    Stmt visit(const LetStmt *op) override {
        Expr value = mutate(op->value);
        Stmt body = with_hidden(op->name, [&] { return mutate(op->body); });
        if (value.same_as(op->value) && body.same_as(op->body)) {
            return op;
        }
        return LetStmt::make(op->name, value, body);
    }

    Stmt visit(const For *op) override {
        Expr min = mutate(op->min);
        Expr extent = mutate(op->extent);
        Stmt body = with_hidden(op->name, [&] { return mutate(op->body); });
        if (min.same_as(op->min) && extent.same_as(op->extent) && body.same_as(op->body)) {
            return op;
        }
        return For::make(op->name, min, extent, op->for_type, op->device_api, body);
    }

private:
    template <typename F>
    std::invoke_result_t<F> with_hidden(const std::string &name, F f) {
        if (!replacements_.count(name) || hidden_.count(name)) {
            return f();
        }
        hidden_.insert(name);
        auto result = f();
        hidden_.erase(name);
        return result;
    }

    const std::map<std::string, Expr> &replacements_;
    std::set<std::string> hidden_;
};

class SubstituteExpr : public IRMutator {
public:
    SubstituteExpr(const Expr &find, const Expr &replace) : find_(find), replace_(replace) {}

    using IRMutator::mutate;
    Expr mutate(const Expr &e) override {
        if (deep_equal(e, find_)) {
            return replace_;
        }
        return IRMutator::mutate(e);
    }

private:
    const Expr &find_;
    const Expr &replace_;
};

} // namespace

Expr substitute(const std::string &name, const Expr &replacement, const Expr &e) {
    std::map<std::string, Expr> m{{name, replacement}};
    return SubstituteVars(m).mutate(e);
}

Stmt substitute(const std::string &name, const Expr &replacement, const Stmt &s) {
    std::map<std::string, Expr> m{{name, replacement}};
    return SubstituteVars(m).mutate(s);
}

Expr substitute(const std::map<std::string, Expr> &replacements, const Expr &e) {
    if (replacements.empty()) {
        return e;
    }
    return SubstituteVars(replacements).mutate(e);
}

Stmt substitute(const std::map<std::string, Expr> &replacements, const Stmt &s) {
    if (replacements.empty()) {
        return s;
    }
    return SubstituteVars(replacements).mutate(s);
}

Expr substitute(const Expr &find, const Expr &replace, const Expr &e) {
    return SubstituteExpr(find, replace).mutate(e);
}

Stmt substitute(const Expr &find, const Expr &replace, const Stmt &s) {
    return SubstituteExpr(find, replace).mutate(s);
}

} // namespace weft::internal
