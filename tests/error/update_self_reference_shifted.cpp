// An update that reads its own Func at a shifted pure Var: f(x) = f(x + 1) + 1.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("update calling its Func with a modified pure Var", "[error][update]") {
    Func f("shifted");
    Var x("x");
    f(x) = x;
    REQUIRE_THROWS_AS(f(x) = f(x + 1) + 1, CompileError);
    REQUIRE_THROWS_WITH(f(x) = f(x + 1) + 1,
                        Catch::Contains("Func \"shifted\": its update definition 0 calls "
                                        "shifted with argument 0 = (x + 1)"));
    // Reading f at the same pure Var (and anywhere along reduction dimensions) is fine.
    RDom r(0, 4);
    Func g("g");
    Var y("y");
    g(x, y) = x + y;
    g(x, r) = g(x, r) + g(x, 3 - r);
    SUCCEED();
}
