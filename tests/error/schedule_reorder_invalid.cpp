// Mistake: reorder listing a loop twice, or a Var that is not a loop of the stage.

#include <weft/weft.h>

#include "ir/Function.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: reorder with a repeated loop", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y"), c("c");
    f(x, y, c) = x + y + c;
    auto bad = [&] { f.reorder(c, x, c); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("reorder: Func \"f\": the loop \"c\" is listed "
                                               "twice"));
    // The order is unchanged.
    REQUIRE(f.function().stage(0).schedule.dims[0].var == "x");
    REQUIRE(f.function().stage(0).schedule.dims[2].var == "c");
}

TEST_CASE("error: reorder with a Var that is not a loop of the stage", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y"), xi("xi"), w("w");
    f(x, y) = x * y;
    f.split(x, x, xi, 4);
    auto bad = [&] { f.reorder(w, y); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("reorder: Func \"f\" has no loop \"w\"; its loops "
                                               "are xi, x, y"));
    RDom r(0, 3, "r");
    f(x, y) += r;
    REQUIRE_THROWS_WITH(f.update(0).reorder(y, xi),
                        Catch::Contains("reorder: Func \"f\" update 0 has no loop \"xi\"; its "
                                        "loops are r.x, x, y"));
}
