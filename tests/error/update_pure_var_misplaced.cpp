// Mistake: an update definition using a pure Var that is not at its place on the left.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: update uses a Var missing from its left-hand side", "[error][frontend]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + y;
    auto bad = [&] { f(x, 0) = f(x, y) + 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("its update definition 0 uses the Var y, which is "
                                               "not a pure argument of its left-hand side"));
}

TEST_CASE("error: update puts a pure Var at another position", "[error][frontend]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + y;
    auto bad = [&] { f(y, x) = f(y, x) + 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("argument 0 of its update definition 0 is the Var "
                                               "y, but a pure Var in an update must be the one "
                                               "the pure definition has there (x)"));
}

TEST_CASE("error: update with the wrong number of arguments", "[error][frontend]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + y;
    auto bad = [&] { f(x) = 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\" is defined with 2 arguments (x, y) "
                                               "but its update definition 0 gives 1"));
}
