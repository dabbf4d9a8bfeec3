#include "Interval.h"

#include "ir/ExprEqual.h"
#include "Simplify.h"
#include "ir/IRHelpers.h"

namespace weft::internal {

bool Interval::is_single_point() const {
    return min.defined() && max.defined() && deep_equal(min, max);
}

bool Interval::is_single_point(const Expr &e) const {
    return is_single_point() && deep_equal(min, e);
}

bool Box::maybe_unused() const { return used.defined() && !is_const_true(used); }

namespace {

Expr simplified_min(const Expr &a, const Expr &b) {
    if (deep_equal(a, b)) {
        return a;
    }
    return simplify(Min::make(a, b));
}

Expr simplified_max(const Expr &a, const Expr &b) {
    if (deep_equal(a, b)) {
        return a;
    }
    return simplify(Max::make(a, b));
}

Expr simplified_or(const Expr &a, const Expr &b) {
    if (!a.defined() || !b.defined()) {
        return Expr();
    }
    return simplify(Or::make(a, b));
}

Expr simplified_and(const Expr &a, const Expr &b) {
    if (!a.defined()) {
        return b;
    }
    if (!b.defined()) {
        return a;
    }
    return simplify(And::make(a, b));
}

} // namespace

Interval interval_union(const Interval &a, const Interval &b) {
    Interval r;
    if (a.min.defined() && b.min.defined()) {
        r.min = simplified_min(a.min, b.min);
    }
    if (a.max.defined() && b.max.defined()) {
        r.max = simplified_max(a.max, b.max);
    }
    return r;
}

Interval interval_intersect(const Interval &a, const Interval &b) {
    Interval r;
    r.min = !a.min.defined() ? b.min : !b.min.defined() ? a.min : simplified_max(a.min, b.min);
    r.max = !a.max.defined() ? b.max : !b.max.defined() ? a.max : simplified_min(a.max, b.max);
    return r;
}

Box box_union(const Box &a, const Box &b) {
    if (a.empty()) {
        return b;
    }
    if (b.empty()) {
        return a;
    }
    internal_assert(a.size() == b.size())
        << "box_union: boxes of " << a.size() << " and " << b.size() << " dimensions";
    Box r(a.size());
    for (size_t i = 0; i < a.size(); i++) {
        r[i] = interval_union(a[i], b[i]);
    }
    r.used = simplified_or(a.used, b.used);
    return r;
}

void box_merge(Box &a, const Box &b) { a = box_union(a, b); }

Box box_intersect(const Box &a, const Box &b) {
    internal_assert(a.size() == b.size())
        << "box_intersect: boxes of " << a.size() << " and " << b.size() << " dimensions";
    Box r(a.size());
    for (size_t i = 0; i < a.size(); i++) {
        r[i] = interval_intersect(a[i], b[i]);
    }
    r.used = simplified_and(a.used, b.used);
    return r;
}

} // namespace weft::internal
