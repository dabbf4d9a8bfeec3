#include "GPULoops.h"

#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <algorithm>

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
    Interval range = bounds_of_expr_in_scope(full, scope);
    if (!range.has_upper_bound()) {
        return Expr();
    }
    Expr bound = simplify(range.max);
    return as_const_int(bound) ? bound : Expr();
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
