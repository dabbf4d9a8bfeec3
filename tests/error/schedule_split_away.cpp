// Mistake: scheduling a loop that an earlier split or fuse replaced: after
// split(x, xo, xi, 8), "x" is no longer a loop of the stage.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: split of a loop already split away", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y"), xo("xo"), xi("xi"), xio("xio"), xii("xii"), t("t");
    f(x, y) = x + y;
    f.split(x, xo, xi, 8);
    auto bad = [&] { f.split(x, xio, xii, 2); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("split: Func \"f\" has no loop \"x\" (it was split "
                                               "into xo and xi); its loops are xi, xo, y"));
    // Splitting the new inner loop is fine.
    f.split(xi, xio, xii, 2);
    f.fuse(xo, y, t);
    REQUIRE_THROWS_WITH(f.vectorize(y), Catch::Contains("vectorize: Func \"f\" has no loop \"y\" "
                                                        "(it was fused into t); its loops are "
                                                        "xii, xio, t"));
}
