// Mistake (a current limitation): computing a Func at a loop of a stage that has
// specializations, which repeat that loop in every branch.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: compute_at a loop of a specialized stage", "[error][specialize]") {
    Func g("g"), f("f");
    Var x("x"), y("y");
    Param<int> p("p");
    g(x, y) = x + y;
    f(x, y) = g(x, y) * p;
    f.specialize(p == 2).vectorize(x, 4);
    g.compute_at(f, y);
    p.set(2);
    REQUIRE_THROWS_AS(f.realize({8, 8}), CompileError);
    REQUIRE_THROWS_WITH(f.realize({8, 8}),
                        Catch::Contains("compute_at: Func \"g\" is placed at loop \"y\" of Func "
                                        "\"f\" (f.s0.y), a loop of a stage with specializations"));
}
