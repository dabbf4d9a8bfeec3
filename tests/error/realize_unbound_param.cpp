// Mistake: realizing a pipeline whose scalar Param has no value.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: realize with an unbound Param", "[error]") {
    Param<int> k("k_unbound");
    Func f("f_param");
    Var x("x");
    f(x) = x + k;
    try {
        f.realize({4});
        FAIL("no error");
    } catch (const RuntimeError &e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("Param \"k_unbound\" has no value"));
    }
}
