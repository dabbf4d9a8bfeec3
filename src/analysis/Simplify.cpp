// Simplifier entry points, dispatch, shared helpers, and the leaf / vector / call /
// let node families. Arithmetic is in Simplify_Arith.cpp, min/max in
// Simplify_MinMax.cpp, comparisons/logic/select in Simplify_Logic.cpp, statements in
// Simplify_Stmts.cpp.

#include "Simplify_Internal.h"

#include "Substitute.h"
#include "ir/IRVisitor.h"

#include <cmath>
#include <set>

namespace weft::internal {

namespace simplify_detail {

// ---------------------------------------------------------------------------------
// Shared helpers

ExprInfo type_info(Type t) {
    ExprInfo i;
    if (t.is_bool()) {
        i.min = 0;
        i.max = 1;
        return i;
    }
    if (!t.is_int() && !t.is_uint()) {
        return i;
    }
    i.min = arith::type_min(t);
    if (!arith::is_uint64(t)) {
        i.max = arith::type_max(t);
    }
    return i;
}

ExprInfo finalize_info(Type t, std::optional<int64_t> mn, std::optional<int64_t> mx) {
    if (!t.is_int() && !t.is_uint()) {
        return ExprInfo();
    }
    ExprInfo range = type_info(t);
    bool min_ok = mn && arith::fits(t, *mn);
    bool max_ok = mx && arith::fits(t, *mx);
    if (arith::no_overflow(t)) {
        ExprInfo r;
        r.min = min_ok ? mn : range.min;
        r.max = max_ok ? mx : range.max;
        return r;
    }
    if (min_ok && max_ok) {
        ExprInfo r;
        r.min = mn;
        r.max = mx;
        return r;
    }
    return range;
}

ExprInfo info_const(int64_t v) {
    ExprInfo i;
    i.min = v;
    i.max = v;
    return i;
}

ExprInfo info_union(const ExprInfo &a, const ExprInfo &b) {
    ExprInfo r;
    if (a.min && b.min) {
        r.min = std::min(*a.min, *b.min);
    }
    if (a.max && b.max) {
        r.max = std::max(*a.max, *b.max);
    }
    return r;
}

std::optional<int64_t> const_int(const Expr &e) {
    if (!e.defined()) {
        return std::nullopt;
    }
    if (const auto *i = e.as<IntImm>()) {
        return i->value;
    }
    if (const auto *u = e.as<UIntImm>()) {
        return static_cast<int64_t>(u->value);
    }
    if (const auto *b = e.as<Broadcast>()) {
        return const_int(b->value);
    }
    return std::nullopt;
}

Expr make_int(Type t, int64_t v) {
    if (t.is_uint()) {
        return make_const(t, static_cast<uint64_t>(v));
    }
    return make_const(t, v);
}

Expr strip_likely(const Expr &e) {
    if (const auto *c = e.as<Call>(); c && c->is_intrinsic(Call::likely) && c->args.size() == 1) {
        return c->args[0];
    }
    return e;
}

namespace {

/// Info of a known constant, in mathematical form (uint64 values beyond INT64_MAX unknown).
ExprInfo info_of_const(Type t, int64_t v) {
    if (arith::is_uint64(t) && v < 0) {
        return type_info(t);
    }
    return info_const(v);
}

/// Counts free uses of `name` (stops at rebinding Lets); gives up past `limit`.
int count_uses(const Expr &e, const std::string &name, int limit) {
    int count = 0;
    class Counter : public IRVisitor {
    public:
        Counter(const std::string &n, int &c, int l) : name_(n), count_(c), limit_(l) {}
        using IRVisitor::visit;
        void walk(const Expr &e) override {
            if (count_ <= limit_) {
                IRVisitor::walk(e);
            }
        }
        void visit(const Variable *op) override { count_ += op->name == name_ ? 1 : 0; }
        void visit(const Let *op) override {
            walk(op->value);
            if (op->name != name_) {
                walk(op->body);
            }
        }

    private:
        const std::string &name_;
        int &count_;
        int limit_;
    } counter(name, count, limit);
    counter.walk(e);
    return count;
}

/// True when substituting `value` into `body` could be captured by a Let in body.
bool may_capture(const Expr &value, const Expr &body) {
    std::set<std::string> bound;
    walk_exprs(body, [&](const Expr &x) {
        if (const auto *l = x.as<Let>()) {
            bound.insert(l->name);
        }
        return true;
    });
    if (bound.empty()) {
        return false;
    }
    bool captured = false;
    walk_exprs(value, [&](const Expr &x) {
        if (const auto *v = x.as<Variable>(); v && bound.count(v->name)) {
            captured = true;
        }
        return !captured;
    });
    return captured;
}

} // namespace

// ---------------------------------------------------------------------------------
// Dispatch

Simplifier::Simplifier(const Scope<Interval> *bounds)
    : prove_exprs_symbolically(bounds != nullptr && !bounds->empty()) {
    if (bounds) {
        symbolic = *bounds;
    }
}

Expr Simplifier::mutate(const Expr &e) {
    ExprInfo ignored;
    return mutate(e, ignored);
}

Expr Simplifier::mutate(const Expr &e, ExprInfo &info) {
    info = ExprInfo();
    if (!e.defined()) {
        return e;
    }
    switch (e.node_kind()) {
    case IRNodeKind::IntImm:
    case IRNodeKind::UIntImm:
    case IRNodeKind::FloatImm:
    case IRNodeKind::StringImm:
        return visit_const(e, info);
#define WEFT_DISPATCH(name)                                                                        \
    case IRNodeKind::name:                                                                         \
        return visit(static_cast<const name *>(e.get()), info);
        WEFT_DISPATCH(Cast)
        WEFT_DISPATCH(Reinterpret)
        WEFT_DISPATCH(Variable)
        WEFT_DISPATCH(Add)
        WEFT_DISPATCH(Sub)
        WEFT_DISPATCH(Mul)
        WEFT_DISPATCH(Div)
        WEFT_DISPATCH(Mod)
        WEFT_DISPATCH(Min)
        WEFT_DISPATCH(Max)
        WEFT_DISPATCH(EQ)
        WEFT_DISPATCH(NE)
        WEFT_DISPATCH(LT)
        WEFT_DISPATCH(LE)
        WEFT_DISPATCH(GT)
        WEFT_DISPATCH(GE)
        WEFT_DISPATCH(And)
        WEFT_DISPATCH(Or)
        WEFT_DISPATCH(Not)
        WEFT_DISPATCH(Select)
        WEFT_DISPATCH(Load)
        WEFT_DISPATCH(Ramp)
        WEFT_DISPATCH(Broadcast)
        WEFT_DISPATCH(Call)
        WEFT_DISPATCH(Let)
        WEFT_DISPATCH(Shuffle)
        WEFT_DISPATCH(VectorReduce)
#undef WEFT_DISPATCH
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
        WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
        break;
    }
    internal_error << "simplify: statement node in an expression";
    return e;
}

// ---------------------------------------------------------------------------------
// Leaves

Expr Simplifier::visit_const(const Expr &e, ExprInfo &info) {
    if (auto v = const_int(e)) {
        info = info_of_const(e.type(), *v);
    }
    return e;
}

Expr Simplifier::visit(const Variable *op, ExprInfo &info) {
    if (const Expr *value = substitutions.find(op->name); value && value->defined()) {
        return mutate(*value, info);
    }
    if (const ExprInfo *known = var_info.find(op->name)) {
        info = *known;
        return op;
    }
    info = type_info(op->type);
    if (const Interval *i = symbolic.find(op->name)) {
        auto lo = const_int(i->min);
        auto hi = const_int(i->max);
        ExprInfo from_scope = finalize_info(op->type, lo, hi);
        if (lo) {
            info.min = std::max(*info.min, *from_scope.min);
        }
        if (hi && info.max) {
            info.max = std::min(*info.max, *from_scope.max);
        }
    }
    return op;
}

// ---------------------------------------------------------------------------------
// Casts

namespace {

bool is_integer(Type t) { return (t.is_int() || t.is_uint()) && !t.is_bool(); }

/// Folds a cast of a scalar constant; undefined when the result is not exact or defined.
Expr fold_cast(Type to, const Expr &value) {
    Type from = value.type();
    if (to.is_bool() || !to.is_scalar()) {
        return Expr();
    }
    if (auto v = const_int(value)) {
        if (is_integer(to)) {
            return make_int(to, arith::wrap(to, *v));
        }
        if (to.is_float() && !to.is_bfloat() && to.bits >= 32) {
            double d = from.is_uint() ? static_cast<double>(static_cast<uint64_t>(*v))
                                      : static_cast<double>(*v);
            return FloatImm::make(to, d);
        }
        return Expr();
    }
    if (auto f = as_const_float(value); f && !from.is_bfloat() && from.bits >= 32) {
        if (to.is_float() && !to.is_bfloat() && to.bits >= 32) {
            return FloatImm::make(to, *f);
        }
        if (is_integer(to) && std::isfinite(*f)) {
            double t = std::trunc(*f);
            if (to.is_int() && t >= static_cast<double>(arith::type_min(to)) &&
                t <= static_cast<double>(arith::type_max(to)) && t < 9.2e18) {
                return make_int(to, static_cast<int64_t>(t));
            }
            if (to.is_uint() && t >= 0 && t < 9.2e18 &&
                (to.bits >= 63 || t <= static_cast<double>(arith::type_max(to)))) {
                return make_int(to, static_cast<int64_t>(t));
            }
        }
    }
    return Expr();
}

} // namespace

Expr Simplifier::visit(const Cast *op, ExprInfo &info) {
    ExprInfo vi;
    Expr value = mutate(op->value, vi);
    Type to = op->type;
    Type from = value.type();
    info = type_info(to);
    if (to == from) {
        info = vi;
        return value;
    }
    if (is_integer(to) && (is_integer(from) || from.is_bool())) {
        bool fits = vi.min && vi.max && arith::fits(to, *vi.min) && arith::fits(to, *vi.max);
        if (fits) {
            info = vi;
        }
    }
    const auto *bcast = value.as<Broadcast>();
    if (value.type().is_scalar() || bcast) {
        if (Expr folded = fold_cast(to.element_of(), bcast ? bcast->value : value);
            folded.defined()) {
            ExprInfo ignored;
            return visit_const(broadcast_to(folded, to.lanes), to.is_scalar() ? info : ignored);
        }
    }
    if (const auto *b = value.as<Broadcast>()) {
        ExprInfo ignored;
        return Broadcast::make(resimplify(Cast::make(to.element_of(), b->value), ignored),
                               b->lanes);
    }
    if (const auto *inner = value.as<Cast>()) {
        Type mid = from;
        Type src = inner->value.type();
        bool lossless = is_integer(mid) && (is_integer(src) || src.is_bool()) &&
                        mid.can_represent(src);
        if (lossless) {
            if (src == to) {
                return inner->value;
            }
            return Cast::make(to, inner->value);
        }
    }
    if (value.same_as(op->value)) {
        return op;
    }
    return Cast::make(to, value);
}

Expr Simplifier::visit(const Reinterpret *op, ExprInfo &info) {
    Expr value = mutate(op->value);
    info = type_info(op->type);
    if (value.type() == op->type) {
        return value;
    }
    if (value.same_as(op->value)) {
        return op;
    }
    return Reinterpret::make(op->type, value);
}

// ---------------------------------------------------------------------------------
// Memory, vectors, calls

Expr Simplifier::visit(const Load *op, ExprInfo &info) {
    Expr index = mutate(op->index);
    Expr predicate = mutate(op->predicate);
    info = type_info(op->type);
    if (predicate.defined() && is_const_true(predicate)) {
        predicate = Expr();
    }
    if (index.same_as(op->index) && predicate.same_as(op->predicate)) {
        return op;
    }
    return Load::make(op->type, op->name, index, predicate, op->param);
}

Expr Simplifier::visit(const Ramp *op, ExprInfo &info) {
    ExprInfo bi, si;
    Expr base = mutate(op->base, bi);
    Expr stride = mutate(op->stride, si);
    Type t = base.type();
    info = info_union(bi, info_add(t, bi, info_mul(t, si, info_const(op->lanes - 1))));
    if (is_const_zero(stride)) {
        return Broadcast::make(base, op->lanes);
    }
    if (base.same_as(op->base) && stride.same_as(op->stride)) {
        return op;
    }
    return Ramp::make(base, stride, op->lanes);
}

Expr Simplifier::visit(const Broadcast *op, ExprInfo &info) {
    Expr value = mutate(op->value, info);
    if (value.same_as(op->value)) {
        return op;
    }
    return Broadcast::make(value, op->lanes);
}

Expr Simplifier::visit(const Call *op, ExprInfo &info) {
    std::vector<Expr> args;
    std::vector<ExprInfo> infos(op->args.size());
    bool changed = false;
    args.reserve(op->args.size());
    for (size_t i = 0; i < op->args.size(); i++) {
        args.push_back(mutate(op->args[i], infos[i]));
        changed = changed || !args.back().same_as(op->args[i]);
    }
    info = type_info(op->type);
    if (op->is_intrinsic(Call::likely) && args.size() == 1) {
        info = infos[0];
        if (is_const(args[0])) {
            return args[0];
        }
    }
    if (op->is_intrinsic(Call::abs) && args.size() == 1 && op->type.is_scalar()) {
        if (auto v = const_int(args[0]); v && is_integer(args[0].type())) {
            Type at = args[0].type();
            int64_t mag = (at.is_int() && *v < 0) ? arith::sub(at, 0, *v) : *v;
            return visit_const(make_int(op->type, arith::wrap(op->type, mag)), info);
        }
        if (auto f = as_const_float(args[0]); f && op->type == args[0].type()) {
            return FloatImm::make(op->type, std::fabs(*f));
        }
        const ExprInfo &ai = infos[0];
        if (is_integer(args[0].type()) && ai.min && ai.max) {
            auto lo = arith::checked_sub(0, *ai.min);
            if (lo) {
                int64_t hi = std::max(*lo, *ai.max);
                int64_t low = *ai.min >= 0 ? *ai.min : (*ai.max <= 0 ? -*ai.max : 0);
                info = finalize_info(op->type, low, hi);
            }
        }
    }
    if (!changed) {
        return op;
    }
    return Call::make(op->type, op->name, std::move(args), op->call_type, op->func,
                      op->value_index, op->param);
}

Expr Simplifier::mutate_substituted(const std::string &name, const Expr &value, const Expr &body,
                                    ExprInfo &info) {
    if (expr_uses_var(value, name)) {
        return mutate(substitute(name, value, body), info);
    }
    substitutions.push(name, value);
    Expr result = mutate(body, info);
    substitutions.pop(name);
    return result;
}

Expr Simplifier::visit(const Let *op, ExprInfo &info) {
    ExprInfo vi;
    Expr value = mutate(op->value, vi);
    if (is_trivial_value(value)) {
        return mutate_substituted(op->name, value, op->body, info);
    }
    if (is_pure(value)) {
        int uses = count_uses(op->body, op->name, 1);
        if (uses == 0) {
            bool hidden = hide_substitution(op->name);
            Expr body = mutate(op->body, info);
            unhide_substitution(op->name, hidden);
            return body;
        }
        if (uses == 1 && !may_capture(value, op->body)) {
            return mutate_substituted(op->name, value, op->body, info);
        }
    }
    bool hidden = hide_substitution(op->name);
    var_info.push(op->name, vi);
    bool hide = symbolic.contains(op->name);
    if (hide) {
        symbolic.push(op->name, Interval::everything());
    }
    Expr body = mutate(op->body, info);
    if (hide) {
        symbolic.pop(op->name);
    }
    var_info.pop(op->name);
    unhide_substitution(op->name, hidden);
    if (value.same_as(op->value) && body.same_as(op->body)) {
        return op;
    }
    return Let::make(op->name, value, body);
}

Expr Simplifier::visit(const Shuffle *op, ExprInfo &info) {
    std::vector<Expr> vectors;
    bool changed = false;
    bool first = true;
    for (const Expr &v : op->vectors) {
        ExprInfo vi;
        vectors.push_back(mutate(v, vi));
        changed = changed || !vectors.back().same_as(v);
        info = first ? vi : info_union(info, vi);
        first = false;
    }
    if (vectors.size() == 1) {
        const Expr &v = vectors[0];
        bool identity = static_cast<int>(op->indices.size()) == v.type().lanes;
        for (size_t i = 0; identity && i < op->indices.size(); i++) {
            identity = op->indices[i] == static_cast<int>(i);
        }
        if (identity) {
            return v;
        }
        if (const auto *b = v.as<Broadcast>()) {
            return broadcast_to(b->value, static_cast<int>(op->indices.size()));
        }
        if (const auto *r = v.as<Ramp>(); r && op->indices.size() == 1) {
            Type t = r->base.type();
            return resimplify(Add::make(r->base, Mul::make(r->stride, make_int(t, op->indices[0]))));
        }
    }
    if (!changed) {
        return op;
    }
    return Shuffle::make(std::move(vectors), op->indices);
}

Expr Simplifier::visit(const VectorReduce *op, ExprInfo &info) {
    ExprInfo vi;
    Expr value = mutate(op->value, vi);
    int factor = value.type().lanes / op->type.lanes;
    switch (op->op) {
    case VectorReduce::Min:
    case VectorReduce::Max:
    case VectorReduce::And:
    case VectorReduce::Or:
        info = vi;
        if (const auto *b = value.as<Broadcast>()) {
            return broadcast_to(b->value, op->type.lanes);
        }
        break;
    case VectorReduce::Add:
        info = info_mul(op->type, vi, info_const(factor));
        break;
    case VectorReduce::Mul:
        info = type_info(op->type);
        break;
    }
    if (value.same_as(op->value)) {
        return op;
    }
    return VectorReduce::make(op->op, value, op->type.lanes);
}

} // namespace simplify_detail

// ---------------------------------------------------------------------------------
// Entry points

using simplify_detail::Simplifier;

Expr simplify(const Expr &e) {
    Simplifier s(nullptr);
    return s.mutate(e);
}

Stmt simplify(const Stmt &st) {
    Simplifier s(nullptr);
    return s.mutate(st);
}

Expr simplify(const Expr &e, const Scope<Interval> &bounds) {
    Simplifier s(&bounds);
    return s.mutate(e);
}

Stmt simplify(const Stmt &st, const Scope<Interval> &bounds) {
    Simplifier s(&bounds);
    return s.mutate(st);
}

bool can_prove(const Expr &cond) {
    Expr s = simplify(cond);
    return is_const_true(s);
}

bool can_prove(const Expr &cond, const Scope<Interval> &bounds) {
    Expr s = simplify(cond, bounds);
    return is_const_true(s);
}

Stmt make_no_op() { return Evaluate::make(make_zero(Int(32))); }

bool is_no_op(const Stmt &s) {
    if (!s.defined()) {
        return true;
    }
    const auto *e = s.as<Evaluate>();
    return e && is_const(e->value);
}

} // namespace weft::internal
