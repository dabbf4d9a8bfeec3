// Mistake: gpu_threads on a loop whose extent is the output's size (not a constant, and
// nothing bounds it). The message names the Func, the loop and its extent, and
// suggests a constant split.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: a gpu_threads loop of non-constant extent", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + 2 * y;
    f.gpu_blocks(y).gpu_threads(x);
    auto bad = [&] { f.realize({64, 8}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": the gpu_threads loop \"f.s0.x\" has the "
                                               "extent"));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("which is not a constant; thread loops need a "
                                               "constant extent"));
}
