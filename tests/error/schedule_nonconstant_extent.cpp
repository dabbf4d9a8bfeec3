// Mistake: vectorize or unroll of a loop without a constant extent and without a
// factor. The message names the Func and the loop the user wrote and suggests
// vectorize(x, factor).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: vectorize a loop of non-constant extent", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + y;
    f.vectorize(x);
    auto bad = [&] { f.realize({16, 4}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("vectorize: Func \"f\" vectorizes loop \"x\", whose "
                                               "extent is not a constant"));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Use vectorize(x, factor)"));
}

TEST_CASE("error: unroll an update loop of non-constant extent", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = x;
    f(x, y) += y;
    g(x, y) = f(x, y);
    f.compute_root();
    f.update(0).unroll(y);
    auto bad = [&] { g.realize({4, 4}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("unroll: Func \"f\" update 0 unrolls loop \"y\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Use unroll(y, factor)"));
}

TEST_CASE("schedule: vectorize and unroll loops whose extents are constant",
          "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = x + y;
    g(x, y) = f(x, y) + f(x, y + 1) + f(x, y + 2);
    f.compute_root().bound(x, 0, 16).vectorize(x); // bound makes x's extent constant
    g.bound(y, 0, 4).unroll(y);
    Buffer<int> out = g.realize({16, 4});
    REQUIRE(out(5, 2) == 3 * (5 + 2) + 3);
    REQUIRE(out(15, 3) == 3 * (15 + 3) + 3);
}
