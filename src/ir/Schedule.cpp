#include "Schedule.h"

#include "ExprEqual.h"

namespace weft::internal {

namespace {
bool same_expr(const Expr &a, const Expr &b) {
    return a.defined() == b.defined() && (!a.defined() || deep_equal(a, b));
}
} // namespace

bool Split::operator==(const Split &o) const {
    return kind == o.kind && old_var == o.old_var && outer == o.outer && inner == o.inner &&
           fused == o.fused && tail == o.tail && same_expr(factor, o.factor);
}

bool Bound::operator==(const Bound &o) const {
    return var == o.var && same_expr(min, o.min) && same_expr(extent, o.extent);
}

} // namespace weft::internal
