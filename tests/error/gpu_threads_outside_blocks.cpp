// Mistake: gpu_threads on a loop that no gpu_blocks loop encloses. The message names
// the Func and the loop and says what would be valid.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: gpu_threads outside a gpu_blocks loop", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), xo("xo"), xi("xi");
    f(x, y) = x - y;
    f.split(x, xo, xi, 16).gpu_threads(xi);
    auto bad = [&] { f.realize({64, 8}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": the gpu_threads loop \"f.s0.xi\" is not "
                                               "inside a gpu_blocks loop"));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("use gpu_tile"));
}
