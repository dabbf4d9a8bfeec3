// Mistake: one update definition using the variables of two different RDoms.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: RVars of two RDoms in one update", "[error][frontend]") {
    Func f("f"), g("g");
    Var x("x");
    RDom r(0, 10, "r"), s(0, 5, "s");
    g(x) = x;
    f(x) = 0;
    auto bad = [&] { f(r) = g(r) + g(s); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": its update definition 0 uses "
                                               "reduction variables from two different RDoms "
                                               "(r.x and s.x)"));
    REQUIRE(f.num_update_definitions() == 0);
}
