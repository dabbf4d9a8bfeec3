// Mistake: using a Func's value before the Func has a definition.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: call of a Func that has no definition", "[error][frontend]") {
    Func f("f"), g("g");
    Var x("x");
    auto bad = [&] { g(x) = f(x) + 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains(
                                   "Can't call Func \"f\" because it has not yet been defined"));
}
