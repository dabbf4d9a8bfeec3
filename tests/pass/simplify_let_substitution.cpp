// The simplifier substitutes trivial let values (constants, variables, a variable plus
// a constant) where it meets their variables, and lets used once into their single
// use, with the scoping of substitute(): a Let, LetStmt or For that binds the same name
// again hides the outer value in its body.

#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

#include <string>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32(int64_t v) {
    return make_const(Int(32), v);
}

void check(const Stmt &before, const Stmt &expected) {
    Stmt after = simplify(before);
    INFO("before:\n" << before);
    INFO("after:\n" << after);
    INFO("expected:\n" << expected);
    CHECK(equal(after, expected));
}

void check(const Expr &before, const Expr &expected) {
    Expr after = simplify(before);
    INFO("before:   " << before);
    INFO("after:    " << after);
    INFO("expected: " << expected);
    CHECK(equal(after, expected));
}

Stmt loop(const std::string &name, Expr min, Expr extent, Stmt body) {
    return For::make(name, std::move(min), std::move(extent), ForType::Serial, DeviceAPI::Host,
                     std::move(body));
}

const Expr x = int_var("x"), y = int_var("y"), t = int_var("t");

} // namespace

TEST_CASE("simplify: trivial lets chain into their uses", "[simplify]") {
    // let a = x + 1; let b = a + 2; buf[b] = a  ->  buf[x + 3] = x + 1
    Expr a = int_var("a"), b = int_var("b");
    Stmt s = LetStmt::make("a", Add::make(x, i32(1)),
                           LetStmt::make("b", Add::make(a, i32(2)), Store::make("buf", a, b)));
    check(s, Store::make("buf", Add::make(x, i32(1)), Add::make(x, i32(3))));

    // A long chain: l(k) = l(k-1) + 1 over 3000 lets folds to x + 3000.
    const int depth = 3000;
    Stmt chain = Store::make("buf", i32(0), int_var("l" + std::to_string(depth)));
    for (int k = depth; k >= 1; k--) {
        chain = LetStmt::make("l" + std::to_string(k),
                              Add::make(int_var("l" + std::to_string(k - 1)), i32(1)), chain);
    }
    chain = LetStmt::make("l0", x, chain);
    check(chain, Store::make("buf", i32(0), Add::make(x, i32(depth))));
}

TEST_CASE("simplify: a binder of the same name hides a trivial let", "[simplify]") {
    Stmt use_outside = Store::make("buf", i32(0), t);
    // A loop of the same name.
    Stmt inner_loop = loop("t", i32(0), i32(4), Store::make("buf", t, t));
    check(LetStmt::make("t", Add::make(x, i32(1)), Block::make(use_outside, inner_loop)),
          Block::make(Store::make("buf", i32(0), Add::make(x, i32(1))), inner_loop));
    // A LetStmt of the same name with a value it keeps (used twice, not trivial).
    Expr xy = Mul::make(x, y);
    Stmt inner_let = LetStmt::make("t", xy, Store::make("buf", t, t));
    check(LetStmt::make("t", Add::make(x, i32(1)), Block::make(use_outside, inner_let)),
          Block::make(Store::make("buf", i32(0), Add::make(x, i32(1))), inner_let));
    // The inner value itself still sees the outer let: let t = 5 in let t = t * y ...
    Stmt shadow_value =
        LetStmt::make("t", i32(5), LetStmt::make("t", Mul::make(t, y), Store::make("buf", t, t)));
    Expr five_y = Mul::make(y, i32(5));
    check(shadow_value, LetStmt::make("t", five_y, Store::make("buf", t, t)));
    // A Let expression of the same name.
    Expr inner = Let::make("t", xy, Add::make(t, Mul::make(t, y)));
    Expr outer = Let::make("t", Add::make(x, i32(1)), Add::make(t, inner));
    check(outer, simplify(Add::make(Add::make(x, i32(1)), inner)));
}

TEST_CASE("simplify: a let used once moves into its use", "[simplify]") {
    // let t = x * y in (t + 1) * 2 -> ((x * y) + 1) * 2, and inside a loop of another
    // name the value is still the outer one.
    Expr xy = Mul::make(x, y);
    Expr e = Let::make("t", xy, Mul::make(Add::make(t, i32(1)), i32(2)));
    check(e, simplify(Mul::make(Add::make(xy, i32(1)), i32(2))));
    CHECK(!expr_uses_var(simplify(e), "t"));
}

TEST_CASE("simplify: a let whose value names the let itself", "[simplify]") {
    // for t: let t = t + 1 in buf[t] = t: the value's t is the loop's.
    Expr t1 = Add::make(t, i32(1));
    Stmt s = loop("t", i32(0), i32(8), LetStmt::make("t", t1, Store::make("buf", t, t)));
    check(s, loop("t", i32(0), i32(8), Store::make("buf", t1, t1)));
    // The same with a Let expression, and two lets in a row: t + 1 + 2.
    check(Let::make("t", t1, Mul::make(t, x)), Mul::make(t1, x));
    Expr twice = Let::make("t", t1, Let::make("t", Add::make(t, i32(2)), Mul::make(t, x)));
    check(twice, Mul::make(Add::make(t, i32(3)), x));
}
