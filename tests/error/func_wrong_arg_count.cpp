// Mistake: calling a Func with a different number of arguments than its definition.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: Func called with the wrong number of arguments", "[error][frontend]") {
    Func f("f"), g("g");
    Var x("x"), y("y"), z("z");
    f(x, y) = x + y;
    auto bad = [&] { g(x, y, z) = f(x, y, z); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains(
                                   "Func \"f\" is defined with 2 arguments (x, y) but called with 3"));
    // Nothing was recorded for g.
    REQUIRE_FALSE(g.defined());
}
