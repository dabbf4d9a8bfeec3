// Mistake: a reduction variable in a pure definition.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: RDom used in a pure definition", "[error][frontend]") {
    Func f("f"), g("g");
    Var x("x");
    RDom r(0, 10, "r");
    g(x) = x;
    auto bad = [&] { f(x) = g(x + r); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": pure definition uses reduction "
                                               "variable r.x; reduction variables may only "
                                               "appear in update definitions"));
    auto bad_lhs = [&] { f(r) = 0; };
    REQUIRE_THROWS_AS(bad_lhs(), CompileError);
    REQUIRE_THROWS_WITH(bad_lhs(), Catch::Contains("pure definition uses reduction variable r.x"));
}
