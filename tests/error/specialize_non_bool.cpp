// Mistake: a specialization condition that is not a boolean (an int Param), and one
// that depends on a pure Var (it must be decided once per run).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: specialize on a non-boolean condition", "[error][specialize]") {
    Func f("f");
    Var x("x");
    Param<int> p("p");
    f(x) = x + p;
    REQUIRE_THROWS_AS(f.specialize(p), CompileError);
    REQUIRE_THROWS_WITH(f.specialize(p), Catch::Contains("specialize: condition of Func \"f\" "
                                                         "must be boolean, not int32"));
    REQUIRE_THROWS_WITH(f.specialize(x > 3),
                        Catch::Contains("specialize: condition of Func \"f\" uses the Var \"x\""));
    // Nothing was recorded: the Func still realizes with its own schedule.
    p.set(1);
    Buffer<int32_t> out = f.realize({4});
    CHECK(out(3) == 4);
}
