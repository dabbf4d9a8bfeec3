// Simplifier rules: IR before / expected after, compared structurally.

#include "analysis/Simplify.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32(int64_t v) { return make_const(Int(32), v); }
Expr u8(uint64_t v) { return make_const(UInt(8), v); }
Expr i16(int64_t v) { return make_const(Int(16), v); }

void check(const Expr &before, const Expr &expected) {
    Expr after = simplify(before);
    INFO("before:   " << before);
    INFO("after:    " << after);
    INFO("expected: " << expected);
    CHECK(equal(after, expected));
}

void check(const Stmt &before, const Stmt &expected) {
    Stmt after = simplify(before);
    INFO("before:\n" << before);
    INFO("after:\n" << after);
    INFO("expected:\n" << expected);
    CHECK(equal(after, expected));
}

const Expr x = int_var("x"), y = int_var("y"), z = int_var("z");

} // namespace

TEST_CASE("simplify: constant folding with weft semantics", "[simplify]") {
    check(Add::make(i32(3), i32(4)), i32(7));
    check(Add::make(i32(2147483647), i32(1)), i32(-2147483648LL));
    check(Add::make(u8(250), u8(10)), u8(4));
    check(Mul::make(i16(300), i16(300)), i16(24464));
    check(Sub::make(u8(3), u8(5)), u8(254));
    // Euclidean division and remainder, and x/0 == x%0 == 0.
    check(Div::make(i32(-7), i32(2)), i32(-4));
    check(Mod::make(i32(-7), i32(2)), i32(1));
    check(Div::make(i32(7), i32(-2)), i32(-3));
    check(Mod::make(i32(7), i32(-2)), i32(1));
    check(Div::make(i32(-7), i32(-2)), i32(4));
    check(Div::make(i32(5), i32(0)), i32(0));
    check(Mod::make(i32(5), i32(0)), i32(0));
    check(Div::make(u8(200), u8(7)), u8(28));
    // Floats follow IEEE.
    check(Add::make(make_const(Float(32), 0.1), make_const(Float(32), 0.2)),
          make_const(Float(32), double(0.1f + 0.2f)));
    check(Div::make(make_const(Float(64), 1.0), make_const(Float(64), 4.0)),
          make_const(Float(64), 0.25));
    // Casts wrap and truncate.
    check(Cast::make(UInt(8), i32(300)), u8(44));
    check(Cast::make(Int(8), i32(200)), make_const(Int(8), -56));
    check(Cast::make(Int(32), make_const(Float(32), -2.75)), i32(-2));
    check(Cast::make(Float(32), i32(3)), make_const(Float(32), 3.0));
    check(Min::make(i32(3), i32(-4)), i32(-4));
    check(Max::make(u8(3), u8(200)), u8(200));
    check(LT::make(u8(200), u8(3)), const_false());
    check(EQ::make(i32(3), i32(3)), const_true());
}

TEST_CASE("simplify: algebraic identities and term collection", "[simplify]") {
    check(Add::make(x, i32(0)), x);
    check(Mul::make(x, i32(1)), x);
    check(Mul::make(x, i32(0)), i32(0));
    check(Sub::make(x, x), i32(0));
    check(Add::make(i32(3), x), Add::make(x, i32(3)));
    check(Add::make(Add::make(x, i32(2)), i32(3)), Add::make(x, i32(5)));
    check(Mul::make(Mul::make(x, i32(2)), i32(3)), Mul::make(x, i32(6)));
    check(Sub::make(Add::make(x, i32(4)), x), i32(4));
    check(Sub::make(x, Add::make(x, i32(4))), i32(-4));
    check(Add::make(Mul::make(x, i32(2)), Mul::make(x, i32(3))), Mul::make(x, i32(5)));
    check(Sub::make(Add::make(x, y), Add::make(y, x)), i32(0));
    check(Sub::make(x, i32(3)), Add::make(x, i32(-3)));
    check(Mul::make(Add::make(x, i32(2)), i32(3)), Add::make(Mul::make(x, i32(3)), i32(6)));
    // Narrow types wrap, but term collection is still exact in the ring.
    Expr u = Variable::make(UInt(8), "u");
    check(Sub::make(Add::make(u, u8(200)), u), u8(200));
    // Floats: no reassociation.
    Expr f = Variable::make(Float(32), "f");
    Expr fsum = Sub::make(Add::make(f, make_const(Float(32), 1.0)), f);
    check(fsum, fsum);
    check(Mul::make(f, make_const(Float(32), 1.0)), f);
}

TEST_CASE("simplify: division and remainder", "[simplify]") {
    check(Div::make(Mul::make(x, i32(4)), i32(4)), x);
    check(Div::make(Mul::make(x, i32(8)), i32(4)), Mul::make(x, i32(2)));
    check(Div::make(Add::make(x, i32(8)), i32(4)), Add::make(Div::make(x, i32(4)), i32(2)));
    check(Div::make(Add::make(x, Mul::make(y, i32(4))), i32(4)),
          Add::make(Div::make(x, i32(4)), y));
    check(Mod::make(Add::make(x, Mul::make(y, i32(4))), i32(4)), Mod::make(x, i32(4)));
    check(Mod::make(Mul::make(x, i32(8)), i32(4)), i32(0));
    check(Div::make(Div::make(x, i32(2)), i32(3)), Div::make(x, i32(6)));
    check(Mod::make(Mod::make(x, i32(8)), i32(4)), Mod::make(x, i32(4)));
    check(Div::make(x, i32(1)), x);
    check(Mod::make(x, i32(1)), i32(0));
    // Not for narrow types: (u * 4) / 4 != u when u * 4 wraps.
    Expr u = Variable::make(UInt(8), "u");
    Expr e = Div::make(Mul::make(u, u8(4)), u8(4));
    check(e, e);
    // Known bounds decide: x % 8 is in [0, 7], so (x % 8) / 8 == 0 and (x % 8) % 16 == x % 8.
    check(Div::make(Mod::make(x, i32(8)), i32(8)), i32(0));
    check(Mod::make(Mod::make(x, i32(8)), i32(16)), Mod::make(x, i32(8)));
}

TEST_CASE("simplify: min and max", "[simplify]") {
    check(Min::make(x, x), x);
    check(Min::make(i32(3), x), Min::make(x, i32(3)));
    check(Min::make(Min::make(x, i32(3)), i32(5)), Min::make(x, i32(3)));
    check(Max::make(Max::make(x, i32(3)), i32(5)), Max::make(x, i32(5)));
    check(Min::make(Add::make(x, i32(1)), x), x);
    check(Max::make(Add::make(x, i32(1)), x), Add::make(x, i32(1)));
    check(Min::make(Min::make(x, y), x), Min::make(x, y));
    check(Min::make(Max::make(x, y), x), x);
    check(Max::make(Min::make(x, y), x), x);
    // Bounds from constants: x % 8 <= 7.
    check(Min::make(Mod::make(x, i32(8)), i32(10)), Mod::make(x, i32(8)));
    check(Max::make(Mod::make(x, i32(8)), i32(-1)), Mod::make(x, i32(8)));
    Expr u = Variable::make(UInt(8), "u");
    check(Min::make(u, u8(255)), u);
    check(Max::make(Cast::make(Int(32), u), i32(0)), Cast::make(Int(32), u));
}

TEST_CASE("simplify: comparisons", "[simplify]") {
    check(LT::make(x, x), const_false());
    check(LE::make(x, x), const_true());
    check(LT::make(Add::make(x, i32(3)), i32(10)), LT::make(x, i32(7)));
    check(GT::make(x, y), LT::make(y, x));
    check(GE::make(x, i32(5)), LT::make(i32(4), x));
    check(LE::make(x, i32(5)), LT::make(x, i32(6)));
    check(LT::make(Add::make(x, y), Add::make(x, z)), LT::make(y, z));
    check(LT::make(x, Add::make(x, i32(1))), const_true());
    check(EQ::make(Add::make(x, i32(2)), i32(5)), EQ::make(x, i32(3)));
    check(LT::make(Mod::make(x, i32(8)), i32(8)), const_true());
    check(LT::make(Mod::make(x, i32(8)), i32(0)), const_false());
    Expr u = Variable::make(UInt(8), "u");
    check(LE::make(u, u8(255)), const_true());
    check(LT::make(Cast::make(Int(32), u), i32(256)), const_true());
}

TEST_CASE("simplify: boolean logic and select", "[simplify]") {
    Expr a = LT::make(x, y), b = LT::make(y, z);
    check(And::make(a, const_true()), a);
    check(And::make(a, const_false()), const_false());
    check(Or::make(a, const_true()), const_true());
    check(Or::make(const_false(), a), a);
    check(And::make(a, a), a);
    check(And::make(a, Not::make(a)), const_false());
    check(Or::make(Not::make(a), a), const_true());
    check(And::make(a, Or::make(a, b)), a);
    check(Or::make(a, And::make(a, b)), a);
    check(Not::make(Not::make(a)), a);
    check(Not::make(a), LE::make(y, x));
    check(And::make(LT::make(x, i32(5)), LT::make(x, i32(3))), LT::make(x, i32(3)));
    check(Select::make(const_true(), x, y), x);
    check(Select::make(const_false(), x, y), y);
    check(Select::make(a, x, x), x);
    check(Select::make(Not::make(EQ::make(x, z)), x, y), Select::make(EQ::make(x, z), y, x));
    check(Select::make(a, Select::make(a, x, z), y), Min::make(x, y));
    check(Select::make(a, Select::make(a, z, x), y), Select::make(a, z, y));
    check(Select::make(a, const_true(), const_false()), a);
    check(Select::make(LT::make(x, y), x, y), Min::make(x, y));
    check(Select::make(LT::make(x, y), y, x), Max::make(y, x));
}

TEST_CASE("simplify: likely is kept but transparent to proofs", "[simplify]") {
    Expr likely = Call::make(Bool(), Call::likely, {LT::make(x, y)}, Call::PureIntrinsic);
    check(likely, likely);
    Expr folded = Call::make(Bool(), Call::likely, {LT::make(x, Add::make(x, i32(1)))},
                             Call::PureIntrinsic);
    check(folded, const_true());
}

TEST_CASE("simplify: ramps and broadcasts", "[simplify]") {
    Expr bx = Broadcast::make(x, 4), by = Broadcast::make(y, 4);
    check(Add::make(bx, by), Broadcast::make(Add::make(x, y), 4));
    check(Add::make(Ramp::make(x, i32(1), 4), by), Ramp::make(Add::make(x, y), i32(1), 4));
    check(Mul::make(Ramp::make(x, i32(1), 4), Broadcast::make(i32(2), 4)),
          Ramp::make(Mul::make(x, i32(2)), i32(2), 4));
    check(Add::make(Ramp::make(x, i32(1), 4), Ramp::make(y, i32(2), 4)),
          Ramp::make(Add::make(x, y), i32(3), 4));
    check(Ramp::make(x, i32(0), 4), bx);
    check(Add::make(Broadcast::make(i32(1), 4), Broadcast::make(i32(2), 4)),
          Broadcast::make(i32(3), 4));
}

TEST_CASE("simplify: lets", "[simplify]") {
    check(Let::make("t", i32(3), Add::make(int_var("t"), x)), Add::make(x, i32(3)));
    check(Let::make("t", y, Add::make(int_var("t"), x)), Add::make(y, x));
    Expr v = Mul::make(x, y);
    check(Let::make("t", v, Add::make(int_var("t"), i32(1))), Add::make(v, i32(1)));
    check(Let::make("t", v, x), x);
    Expr t = int_var("t");
    Expr twice = Let::make("t", v, Add::make(t, Mul::make(t, z)));
    check(twice, twice);
}

TEST_CASE("simplify: known bounds of variables", "[simplify]") {
    Scope<Interval> scope;
    scope.push("x", Interval(i32(0), i32(10)));
    Expr e = Min::make(x, i32(20));
    CHECK(equal(simplify(e, scope), x));
    CHECK(equal(simplify(LT::make(x, i32(11)), scope), const_true()));
    CHECK(equal(simplify(Div::make(x, i32(16)), scope), i32(0)));
    CHECK(can_prove(GE::make(x, i32(0)), scope));
    CHECK_FALSE(can_prove(GE::make(x, i32(1)), scope));
    CHECK_FALSE(can_prove(GE::make(x, i32(0))));
    // Symbolic bounds.
    Scope<Interval> sym;
    Expr n = int_var("n");
    sym.push("x", Interval(i32(0), Add::make(n, i32(-1))));
    CHECK(equal(simplify(LT::make(x, n), sym), const_true()));
    CHECK(can_prove(LT::make(x, Add::make(n, i32(5))), sym));
}

TEST_CASE("simplify: statements", "[simplify]") {
    Stmt store = Store::make("buf", x, x);
    // Empty loops disappear.
    check(For::make("x", i32(0), i32(0), ForType::Serial, DeviceAPI::Host, store), make_no_op());
    // Conditions proved by the loop's constant bounds.
    Stmt guarded = IfThenElse::make(LT::make(x, i32(10)), store);
    Stmt loop = For::make("x", i32(0), i32(10), ForType::Serial, DeviceAPI::Host, guarded);
    check(loop, For::make("x", i32(0), i32(10), ForType::Serial, DeviceAPI::Host, store));
    // ... and by symbolic bounds: x < x.min + x.extent inside the loop of x.
    Expr xmin = int_var("x.min"), xext = int_var("x.extent");
    Expr likely = Call::make(Bool(), Call::likely, {LT::make(x, Add::make(xmin, xext))},
                             Call::PureIntrinsic);
    Stmt sym = For::make("x", xmin, xext, ForType::Serial, DeviceAPI::Host,
                         IfThenElse::make(likely, store, Store::make("buf", y, x)));
    check(sym, For::make("x", xmin, xext, ForType::Serial, DeviceAPI::Host, store));
    // Branches learn bounds from their condition.
    Stmt inner = IfThenElse::make(LT::make(y, i32(5)),
                                  IfThenElse::make(LT::make(y, i32(7)), store));
    check(inner, IfThenElse::make(LT::make(y, i32(5)), store));
    // Blocks of no-ops, true asserts, constant evaluates, constant lets.
    Expr msg = Expr(std::string("oops"));
    check(Block::make({Evaluate::make(i32(1)), store, AssertStmt::make(const_true(), msg)}),
          store);
    Stmt failing = AssertStmt::make(const_false(), msg);
    check(failing, failing);
    check(LetStmt::make("t", i32(4), Store::make("buf", int_var("t"), x)),
          Store::make("buf", i32(4), x));
    check(LetStmt::make("t", Mul::make(y, z), store), store);
    check(IfThenElse::make(const_false(), store), make_no_op());
    check(IfThenElse::make(const_true(), store, failing), store);
}
