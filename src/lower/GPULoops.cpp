#include "GPULoops.h"

#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <optional>

namespace weft::internal {

bool contains_loop_of_type(const Stmt &s, ForType t) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) {
        const For *f = st.as<For>();
        found = found || (f && f->for_type == t);
    });
    return found;
}

namespace {

int nested_depth(const Stmt &s, ForType t) {
    class Depth : public IRVisitor {
    public:
        explicit Depth(ForType t) : t_(t) {}
        int depth = 0;
        using IRVisitor::visit;
        void visit(const For *op) override {
            Depth inner(t_);
            inner.walk(op->body);
            depth = std::max(depth, inner.depth + (op->for_type == t_ ? 1 : 0));
        }

    private:
        ForType t_;
    };
    Depth d(t);
    d.walk(s);
    return d.depth;
}

bool positive_constant(const Expr &e) {
    std::optional<int64_t> c = as_const_int(e);
    return c && *c > 0;
}

/// An expression >= e for every value of its variables, in which differences of
/// correlated mins (or maxes) are replaced by what bounds them:
///     min(x, y) - min(u, v) <= max(x - u, y - v)   (pairing straight)
///     min(x, y) - min(u, v) <= max(x - v, y - u)   (pairing crossed)
/// and the same for max: whichever operand the subtracted min (max) picks, the
/// difference is at most that of its partner on the other side. Both pairings are
/// tried (the simplifier may have put the operands in either order). Interval analysis
/// alone loses the correlation (a region's max minus its min, both clamped to the same
/// edge: min(k * 16 + 15, K - 1) - min(k * 16, K - 1)). Rewrites only where e grows
/// with the subexpression (Add, Min, Max, the left side of Sub, Mul and Div by a
/// positive constant); elsewhere e is kept.
Expr loosen_upper_bound(const Expr &e, bool crossed, int depth = 0) {
    // A few levels of nested differences cover real region expressions.
    constexpr int max_depth = 4;
    if (depth > max_depth) {
        return e;
    }
    auto loosen = [&](const Expr &a) { return loosen_upper_bound(a, crossed, depth); };
    auto difference = [&](const Expr &x, const Expr &y, const Expr &u, const Expr &v) {
        auto d = [&](const Expr &a, const Expr &b) {
            return loosen_upper_bound(simplify(Sub::make(a, b)), crossed, depth + 1);
        };
        return crossed ? Max::make(d(x, v), d(y, u)) : Max::make(d(x, u), d(y, v));
    };
    if (const Add *op = e.as<Add>()) {
        return Add::make(loosen(op->a), loosen(op->b));
    }
    if (const Sub *op = e.as<Sub>()) {
        const Min *amin = op->a.as<Min>(), *bmin = op->b.as<Min>();
        if (amin && bmin) {
            return difference(amin->a, amin->b, bmin->a, bmin->b);
        }
        const Max *amax = op->a.as<Max>(), *bmax = op->b.as<Max>();
        if (amax && bmax) {
            return difference(amax->a, amax->b, bmax->a, bmax->b);
        }
        return Sub::make(loosen(op->a), op->b);
    }
    if (const Mul *op = e.as<Mul>(); op && positive_constant(op->b)) {
        return Mul::make(loosen(op->a), op->b);
    }
    if (const Div *op = e.as<Div>(); op && positive_constant(op->b)) {
        return Div::make(loosen(op->a), op->b);
    }
    if (const Min *op = e.as<Min>()) {
        return Min::make(loosen(op->a), loosen(op->b));
    }
    if (const Max *op = e.as<Max>()) {
        return Max::make(loosen(op->a), loosen(op->b));
    }
    return e;
}

std::optional<int64_t> constant_max_of(const Expr &e, const Scope<Interval> &scope) {
    Interval range = bounds_of_expr_in_scope(e, scope);
    if (!range.has_upper_bound()) {
        return std::nullopt;
    }
    return as_const_int(simplify(range.max));
}

} // namespace

int gpu_loop_dimension(const For *op) {
    return nested_depth(op->body, op->for_type);
}

std::string func_of_loop(const std::string &loop_name) {
    const size_t dot = loop_name.find(".s");
    return dot == std::string::npos ? loop_name : loop_name.substr(0, dot);
}

Expr constant_upper_bound(const Expr &e, const Scope<Interval> &scope,
                          const std::map<std::string, Expr> &lets) {
    Expr full = simplify(e);
    if (as_const_int(full)) {
        return full;
    }
    for (int i = 0; i < 8; i++) {
        Expr next = substitute(lets, full);
        if (next.same_as(full)) {
            break;
        }
        full = next;
    }
    full = simplify(full);
    std::optional<int64_t> bound = constant_max_of(full, scope);
    if (!bound && full.type().is_int()) {
        for (bool crossed : {false, true}) {
            std::optional<int64_t> b =
                constant_max_of(simplify(loosen_upper_bound(full, crossed)), scope);
            if (b && (!bound || *b < *bound)) {
                bound = b;
            }
        }
    }
    return bound ? make_const(full.type(), *bound) : Expr();
}

Stmt gpu_thread_barrier() {
    return Evaluate::make(Call::make(Int(32), "weft_gpu_thread_barrier", {}, Call::Extern));
}

bool is_gpu_thread_barrier(const Stmt &s) {
    const Evaluate *e = s.as<Evaluate>();
    const Call *c = e ? e->value.as<Call>() : nullptr;
    return c && c->name == "weft_gpu_thread_barrier";
}

} // namespace weft::internal
