// Mistake: a loop directive naming a loop the stage does not have. The message names
// the directive, the Func (and update) and lists the loops the stage does have.

#include <weft/weft.h>

#include "ir/Function.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: vectorize a loop the Func does not have", "[error][schedule]") {
    Func blur_x("blur_x");
    Var x("x"), y("y"), z("z");
    blur_x(x, y) = x + y;
    auto bad = [&] { blur_x.vectorize(z); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("vectorize: Func \"blur_x\" has no loop \"z\"; "
                                               "its loops are x, y"));
    REQUIRE_THROWS_WITH(blur_x.parallel(z), Catch::Contains("parallel: Func \"blur_x\" has no "
                                                            "loop \"z\"; its loops are x, y"));
    REQUIRE_THROWS_WITH(blur_x.unroll(z, 2), Catch::Contains("split: Func \"blur_x\" has no "
                                                             "loop \"z\""));
    REQUIRE_THROWS_WITH(blur_x.fuse(x, z, Var("t")),
                        Catch::Contains("fuse: Func \"blur_x\" has no loop \"z\""));
    // Nothing was recorded by the failed directives.
    REQUIRE(blur_x.function().stage(0).schedule.dims.size() == 2);
}

TEST_CASE("error: a directive on an update naming a loop it does not have", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y");
    RDom r(0, 4, "r");
    f(x, y) = x;
    f(x, r) += r; // update 0 iterates r and the pure var x
    auto bad = [&] { f.update(0).parallel(y); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("parallel: Func \"f\" update 0 has no loop \"y\"; "
                                               "its loops are r.x, x"));
}
