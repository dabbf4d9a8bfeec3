// Mistake: a pure (first) definition whose left-hand side holds something other than Vars.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: pure definition with a non-Var argument", "[error][frontend]") {
    Func f("f");
    Var x("x"), y("y");
    auto bad = [&] { f(x, y + 1) = x + y; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": argument 1 of its pure definition is "
                                               "(y + 1), not a Var"));
    REQUIRE_FALSE(f.defined());
}

TEST_CASE("error: pure definition with a repeated Var", "[error][frontend]") {
    Func f("f");
    Var x("x");
    auto bad = [&] { f(x, x) = x; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("the Var x appears twice"));
}

TEST_CASE("error: pure definition using a Var that is not an argument", "[error][frontend]") {
    Func f("f");
    Var x("x"), y("y");
    auto bad = [&] { f(x) = x + y; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("uses the Var y, which is not one of its "
                                               "arguments (x)"));
}
