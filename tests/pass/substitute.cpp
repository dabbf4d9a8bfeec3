// Substitution by name (with shadowing) and by structure.

#include "analysis/Substitute.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {
Expr i32(int64_t v) { return make_const(Int(32), v); }
const Expr x = int_var("x"), y = int_var("y"), z = int_var("z");
} // namespace

TEST_CASE("substitute: by name", "[substitute]") {
    Expr e = Add::make(x, Mul::make(x, y));
    Expr r = substitute("x", i32(3), e);
    CHECK(equal(r, Add::make(i32(3), Mul::make(i32(3), y))));
    // Unchanged trees are returned as the same node.
    CHECK(substitute("w", i32(3), e).same_as(e));
    std::map<std::string, Expr> m{{"x", y}, {"y", z}};
    CHECK(equal(substitute(m, e), Add::make(y, Mul::make(y, z))));
}

TEST_CASE("substitute: respects shadowing", "[substitute]") {
    Expr e = Add::make(x, Let::make("x", i32(1), Mul::make(x, y)));
    Expr r = substitute("x", z, e);
    CHECK(equal(r, Add::make(z, Let::make("x", i32(1), Mul::make(x, y)))));
    // The let's value is outside its scope.
    Expr v = Let::make("x", Add::make(x, i32(1)), x);
    CHECK(equal(substitute("x", z, v), Let::make("x", Add::make(z, i32(1)), x)));
    Stmt loop = Block::make(Store::make("b", x, i32(0)),
                            For::make("x", i32(0), i32(4), ForType::Serial, DeviceAPI::Host,
                                      Store::make("b", x, y)));
    Stmt expected = Block::make(Store::make("b", z, i32(0)),
                                For::make("x", i32(0), i32(4), ForType::Serial, DeviceAPI::Host,
                                          Store::make("b", x, y)));
    CHECK(equal(substitute("x", z, loop), expected));
    Stmt let = LetStmt::make("y", x, Store::make("b", y, x));
    CHECK(equal(substitute("y", z, let), let));
}

TEST_CASE("substitute: by structure", "[substitute]") {
    Expr xy = Add::make(x, y);
    Expr e = Mul::make(Add::make(x, y), Sub::make(Add::make(x, y), z));
    CHECK(equal(substitute(xy, z, e), Mul::make(z, Sub::make(z, z))));
    Stmt s = Store::make("b", Add::make(x, y), i32(0));
    CHECK(equal(substitute(xy, i32(7), s), Store::make("b", i32(7), i32(0))));
}
