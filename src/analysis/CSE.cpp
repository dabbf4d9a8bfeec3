#include "CSE.h"

#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <cstring>
#include <set>
#include <string>
#include <unordered_map>

namespace weft::internal {

namespace {

/// Hands out fresh names that clash with none used in the tree.
class NameSource {
public:
    explicit NameSource(std::set<std::string> used) : used_(std::move(used)) {}
    std::string fresh() {
        while (true) {
            std::string n = "_cse" + std::to_string(next_++);
            if (!used_.count(n)) {
                return n;
            }
        }
    }

private:
    std::set<std::string> used_;
    int next_ = 0;
};

template <typename T>
void collect_names(const T &tree, std::set<std::string> &names) {
    walk_exprs(tree, [&](const Expr &e) {
        if (const auto *v = e.as<Variable>()) {
            names.insert(v->name);
        } else if (const auto *l = e.as<Let>()) {
            names.insert(l->name);
        }
        return true;
    });
}

Expr cse_expr(const Expr &e, NameSource &names);

/// Builds a shallow key of a node whose children are already canonical (so child
/// identity is pointer identity).
class KeyBuilder {
public:
    std::string key;

    void raw(const void *p, size_t n) { key.append(static_cast<const char *>(p), n); }
    template <typename T>
    void val(const T &v) {
        raw(&v, sizeof(v));
    }
    void ptr(const void *p) { val(reinterpret_cast<uintptr_t>(p)); }
    void child(const Expr &e) { ptr(e.get()); }
    void str(const std::string &s) {
        val(s.size());
        key += s;
    }
};

std::string shallow_key(const Expr &e) {
    KeyBuilder k;
    k.val(static_cast<uint8_t>(e.node_kind()));
    Type t = e.type();
    k.val(static_cast<uint8_t>(t.code));
    k.val(t.bits);
    k.val(t.lanes);
    switch (e.node_kind()) {
    case IRNodeKind::IntImm:
        k.val(e.as<IntImm>()->value);
        break;
    case IRNodeKind::UIntImm:
        k.val(e.as<UIntImm>()->value);
        break;
    case IRNodeKind::FloatImm:
        k.val(e.as<FloatImm>()->value);
        break;
    case IRNodeKind::StringImm:
        k.str(e.as<StringImm>()->value);
        break;
    case IRNodeKind::Cast:
        k.child(e.as<Cast>()->value);
        break;
    case IRNodeKind::Reinterpret:
        k.child(e.as<Reinterpret>()->value);
        break;
    case IRNodeKind::Variable: {
        const auto *v = e.as<Variable>();
        k.str(v->name);
        k.ptr(v->param.get());
        k.ptr(v->rdom.get());
        break;
    }
#define WEFT_BINARY_KEY(name)                                                                      \
    case IRNodeKind::name:                                                                         \
        k.child(e.as<name>()->a);                                                                  \
        k.child(e.as<name>()->b);                                                                  \
        break;
        WEFT_BINARY_KEY(Add)
        WEFT_BINARY_KEY(Sub)
        WEFT_BINARY_KEY(Mul)
        WEFT_BINARY_KEY(Div)
        WEFT_BINARY_KEY(Mod)
        WEFT_BINARY_KEY(Min)
        WEFT_BINARY_KEY(Max)
        WEFT_BINARY_KEY(EQ)
        WEFT_BINARY_KEY(NE)
        WEFT_BINARY_KEY(LT)
        WEFT_BINARY_KEY(LE)
        WEFT_BINARY_KEY(GT)
        WEFT_BINARY_KEY(GE)
        WEFT_BINARY_KEY(And)
        WEFT_BINARY_KEY(Or)
#undef WEFT_BINARY_KEY
    case IRNodeKind::Not:
        k.child(e.as<Not>()->a);
        break;
    case IRNodeKind::Select: {
        const auto *s = e.as<Select>();
        k.child(s->condition);
        k.child(s->true_value);
        k.child(s->false_value);
        break;
    }
    case IRNodeKind::Load: {
        const auto *l = e.as<Load>();
        k.str(l->name);
        k.child(l->index);
        k.child(l->predicate);
        k.ptr(l->param.get());
        break;
    }
    case IRNodeKind::Ramp: {
        const auto *r = e.as<Ramp>();
        k.child(r->base);
        k.child(r->stride);
        k.val(r->lanes);
        break;
    }
    case IRNodeKind::Broadcast:
        k.child(e.as<Broadcast>()->value);
        k.val(e.as<Broadcast>()->lanes);
        break;
    case IRNodeKind::Call: {
        const auto *c = e.as<Call>();
        k.str(c->name);
        k.val(static_cast<uint8_t>(c->call_type));
        k.val(c->value_index);
        k.ptr(c->func.get());
        k.ptr(c->param.get());
        for (const Expr &a : c->args) {
            k.child(a);
        }
        if (!c->is_pure()) {
            k.ptr(c); // never merged with another call
        }
        break;
    }
    case IRNodeKind::Let:
        k.ptr(e.get()); // opaque
        break;
    case IRNodeKind::Shuffle: {
        const auto *s = e.as<Shuffle>();
        k.val(s->vectors.size());
        for (const Expr &v : s->vectors) {
            k.child(v);
        }
        for (int i : s->indices) {
            k.val(i);
        }
        break;
    }
    case IRNodeKind::VectorReduce:
        k.val(static_cast<uint8_t>(e.as<VectorReduce>()->op));
        k.child(e.as<VectorReduce>()->value);
        break;
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
        break;
    }
    return std::move(k.key);
}

/// Maps every subexpression to a canonical node, one per structure.
class ValueNumbering : public IRMutator {
public:
    explicit ValueNumbering(NameSource &names) : names_(names) {}

    struct Entry {
        Expr expr;
        int uses = 0;
        std::string name; // set when extracted
    };
    std::vector<Entry> entries;
    std::unordered_map<const BaseExprNode *, int> id_of_canonical;

    using IRMutator::mutate;
    Expr mutate(const Expr &e) override {
        if (!e.defined()) {
            return e;
        }
        auto m = memo_.find(e.get());
        if (m != memo_.end()) {
            return m->second;
        }
        Expr canonical;
        if (const auto *l = e.as<Let>()) {
            canonical = Let::make(l->name, cse_expr(l->value, names_), cse_expr(l->body, names_));
        } else {
            canonical = IRMutator::mutate(e);
        }
        std::string key = shallow_key(canonical);
        auto [it, inserted] = table_.emplace(std::move(key), static_cast<int>(entries.size()));
        if (inserted) {
            entries.push_back({canonical, 0, ""});
            id_of_canonical[canonical.get()] = it->second;
        }
        Expr result = entries[it->second].expr;
        memo_.emplace(e.get(), result);
        return result;
    }

private:
    NameSource &names_;
    std::unordered_map<const BaseExprNode *, Expr> memo_;
    std::unordered_map<std::string, int> table_;
};

/// Counts, for each canonical node, the number of distinct parents using it.
class CountUses : public IRVisitor {
public:
    explicit CountUses(ValueNumbering &vn) : vn_(vn) {}
    using IRVisitor::visit;
    void walk(const Expr &e) override {
        auto it = vn_.id_of_canonical.find(e.get());
        if (it == vn_.id_of_canonical.end()) {
            return;
        }
        if (++vn_.entries[it->second].uses == 1) {
            IRVisitor::walk(e);
        }
    }
    void visit(const Let *) override {} // opaque

private:
    ValueNumbering &vn_;
};

/// Rewrites canonical trees with extracted entries replaced by their variables.
class Replace : public IRMutator {
public:
    explicit Replace(ValueNumbering &vn) : vn_(vn) {}
    using IRMutator::mutate;
    using IRMutator::visit;

    Expr mutate(const Expr &e) override {
        if (!e.defined()) {
            return e;
        }
        auto it = vn_.id_of_canonical.find(e.get());
        if (it != vn_.id_of_canonical.end() && !vn_.entries[it->second].name.empty()) {
            return Variable::make(e.type(), vn_.entries[it->second].name);
        }
        return rebuild(e);
    }

    /// e with its children replaced (e itself is not replaced).
    Expr rebuild(const Expr &e) {
        auto m = memo_.find(e.get());
        if (m != memo_.end()) {
            return m->second;
        }
        Expr r = IRMutator::mutate(e);
        memo_.emplace(e.get(), r);
        return r;
    }

    Expr visit(const Let *op) override { return op; } // opaque

private:
    ValueNumbering &vn_;
    std::unordered_map<const BaseExprNode *, Expr> memo_;
};

bool should_extract(const Expr &e) {
    if (is_const(e) || e.as<Variable>() || e.as<StringImm>()) {
        return false;
    }
    if (const auto *b = e.as<Broadcast>()) {
        return should_extract(b->value);
    }
    if (const auto *c = e.as<Call>()) {
        return c->is_pure();
    }
    return true;
}

Expr cse_expr(const Expr &e, NameSource &names) {
    if (!e.defined() || is_const(e) || e.as<Variable>()) {
        return e;
    }
    ValueNumbering vn(names);
    Expr root = vn.mutate(e);
    CountUses(vn).walk(root);
    std::vector<int> extracted;
    for (size_t i = 0; i < vn.entries.size(); i++) {
        auto &entry = vn.entries[i];
        if (entry.uses > 1 && should_extract(entry.expr)) {
            entry.name = names.fresh();
            extracted.push_back(static_cast<int>(i));
        }
    }
    if (extracted.empty()) {
        return root.same_as(e) ? e : root;
    }
    Replace replace(vn);
    Expr body = replace.mutate(root);
    std::vector<Expr> values;
    for (int id : extracted) {
        values.push_back(replace.rebuild(vn.entries[id].expr));
    }
    for (size_t i = extracted.size(); i-- > 0;) {
        body = Let::make(vn.entries[extracted[i]].name, values[i], body);
    }
    return body;
}

class CSEStmt : public IRMutator {
public:
    explicit CSEStmt(NameSource &names) : names_(names) {}
    using IRMutator::mutate;
    Expr mutate(const Expr &e) override { return cse_expr(e, names_); }

private:
    NameSource &names_;
};

} // namespace

Expr common_subexpression_elimination(const Expr &e) {
    std::set<std::string> used;
    collect_names(e, used);
    NameSource names(std::move(used));
    return cse_expr(e, names);
}

Stmt common_subexpression_elimination(const Stmt &s) {
    std::set<std::string> used;
    collect_names(s, used);
    walk_stmts(s, [&](const Stmt &x) {
        if (const auto *l = x.as<LetStmt>()) {
            used.insert(l->name);
        } else if (const auto *f = x.as<For>()) {
            used.insert(f->name);
        }
    });
    NameSource names(std::move(used));
    return CSEStmt(names).mutate(s);
}

} // namespace weft::internal
