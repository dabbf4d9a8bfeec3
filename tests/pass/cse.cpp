// Common subexpression elimination: repeated subexpressions become Lets.

#include "analysis/CSE.h"
#include "analysis/Simplify.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {
Expr i32(int64_t v) { return make_const(Int(32), v); }
const Expr x = int_var("x"), y = int_var("y");

void check(const Expr &before, const Expr &expected) {
    Expr after = common_subexpression_elimination(before);
    INFO("before:   " << before);
    INFO("after:    " << after);
    INFO("expected: " << expected);
    CHECK(equal(after, expected));
}
} // namespace

TEST_CASE("cse: repeated subexpressions are bound once", "[cse]") {
    Expr xy = Mul::make(x, y);
    Expr e = Add::make(xy, Mul::make(xy, Mul::make(x, y)));
    Expr t = int_var("_cse0");
    check(e, Let::make("_cse0", xy, Add::make(t, Mul::make(t, t))));
}

TEST_CASE("cse: nested repeats give nested lets in dependency order", "[cse]") {
    Expr a = Add::make(x, y);
    Expr b = Mul::make(a, a);
    Expr e = Sub::make(b, Mul::make(Add::make(x, y), Add::make(x, y)));
    Expr t0 = int_var("_cse0"), t1 = int_var("_cse1");
    check(e, Let::make("_cse0", a, Let::make("_cse1", Mul::make(t0, t0), Sub::make(t1, t1))));
}

TEST_CASE("cse: trivial expressions and single uses are left alone", "[cse]") {
    Expr e = Add::make(Add::make(x, x), Add::make(i32(3), i32(3)));
    Expr same = common_subexpression_elimination(e);
    CHECK(equal(same, e));
    Expr once = Add::make(Mul::make(x, y), x);
    CHECK(equal(common_subexpression_elimination(once), once));
}

TEST_CASE("cse: impure calls are not merged; names avoid existing ones", "[cse]") {
    Expr call = Call::make(Int(32), "rand", {}, Call::Extern);
    Expr e = Add::make(call, call);
    CHECK(equal(common_subexpression_elimination(e), e));
    Expr clash = int_var("_cse0");
    Expr xy = Mul::make(x, y);
    Expr f = Add::make(Add::make(xy, xy), clash);
    Expr expected = Let::make("_cse1", xy, Add::make(Add::make(int_var("_cse1"),
                                                               int_var("_cse1")), clash));
    check(f, expected);
}

TEST_CASE("cse: nothing is hoisted out of a let's scope", "[cse]") {
    Expr t = int_var("t");
    Expr inner = Mul::make(Add::make(t, x), Add::make(t, x));
    Expr e = Let::make("t", y, inner);
    Expr out = common_subexpression_elimination(e);
    const Let *let = out.as<Let>();
    REQUIRE(let);
    CHECK(let->name == "t");
    CHECK(let->body.as<Let>());
}

TEST_CASE("cse: statements are handled per expression", "[cse]") {
    Expr xy = Mul::make(x, y);
    Stmt s = Store::make("buf", Add::make(xy, xy), x);
    Stmt out = common_subexpression_elimination(s);
    const Store *st = out.as<Store>();
    REQUIRE(st);
    CHECK(st->value.as<Let>());
}
