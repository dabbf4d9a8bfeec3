// Mistake: compute_at / store_at / bound naming a loop the Func does not have.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: compute_at a loop the consumer does not have", "[error][frontend]") {
    Func f("f"), g("g");
    Var x("x"), y("y"), z("z");
    f(x, y) = x + y;
    g(x, y) = f(x, y) * 2;
    auto bad = [&] { f.compute_at(g, z); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("compute_at: Func \"g\" has no loop \"z\"; its "
                                               "loops are x, y"));
    REQUIRE_THROWS_WITH(f.store_at(g, z), Catch::Contains("store_at: Func \"g\" has no loop "
                                                          "\"z\""));
    REQUIRE_THROWS_WITH(f.compute_at(f, x), Catch::Contains("cannot be placed inside one of "
                                                            "its own loops"));
    REQUIRE_THROWS_WITH(f.bound(z, 0, 10), Catch::Contains("bound: Func \"f\" has no argument "
                                                           "\"z\"; its arguments are x, y"));
}

TEST_CASE("error: compute_inline of a Func with an update", "[error][frontend]") {
    Func f("f");
    Var x("x");
    f(x) = x;
    f(x) += 1;
    REQUIRE_THROWS_AS(f.compute_inline(), CompileError);
    REQUIRE_THROWS_WITH(f.compute_inline(), Catch::Contains("Func \"f\" has 1 update definition "
                                                            "and cannot be inlined"));
}
