// Mistake: realize() with a number of sizes different from the Func's dimensions.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: realize with the wrong number of sizes", "[error]") {
    Func f("f_dims");
    Var x("x"), y("y");
    f(x, y) = x + y;
    try {
        f.realize({10, 10, 3});
        FAIL("no error");
    } catch (const RuntimeError &e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("Func \"f_dims\" has 2 dimensions"));
        CHECK_THAT(msg, Catch::Contains("3 sizes"));
    }
}
