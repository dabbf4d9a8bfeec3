// Mistakes with Stage::atomic(): on a pure definition, on an update that is not an
// associative reduction of its own site, parallel over the RVar it reduces (atomic
// allows only vectorize), a vectorized RVar around the loop of a left-hand-side var, and
// an RVar that appears in the left-hand side non-injectively, and a loop fused from a
// reduced RVar and one of the site's.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: atomic on a pure definition", "[error][schedule][atomic]") {
    Func f("f");
    Var x("x");
    Stage pure = (f(x) = x); // a definition returns its Stage
    REQUIRE_THROWS_WITH(pure.atomic(), Catch::Contains("atomic: Func \"f\" is a pure definition"));
}

TEST_CASE("error: atomic on an update that is not associative", "[error][schedule][atomic]") {
    Func f("f");
    Var x("x");
    RDom r(0, 16, "r");
    f(x) = 1;
    f(x) = f(x) * 2 + r.x; // not f op e
    REQUIRE_THROWS_AS(f.update().atomic(), CompileError);
    REQUIRE_THROWS_WITH(f.update().atomic(), Catch::Contains("is not an associative reduction"));
}

TEST_CASE("error: vectorize without atomic names atomic; parallel still races",
          "[error][schedule][atomic]") {
    Func f("f");
    Var x("x");
    RDom r(0, 16, "r");
    f(x) = 0;
    f(x) += r.x * x;
    REQUIRE_THROWS_WITH(f.update().vectorize(r.x), Catch::Contains("atomic() before vectorize"));
    f.update().atomic();
    REQUIRE_THROWS_WITH(f.update().parallel(r.x), Catch::Contains("cannot run in parallel"));
    f.update().vectorize(r.x); // now allowed
}

TEST_CASE("error: an atomic RVar in the left-hand side non-injectively",
          "[error][schedule][atomic]") {
    Func h("h");
    Var x("x");
    RDom r(0, 16, "r");
    h(x) = 0;
    h(r.x / 2) += 1; // two lanes update each site
    h.update().atomic();
    REQUIRE_THROWS_WITH(h.update().vectorize(r.x, 8), Catch::Contains("cannot be vectorized"));
}

TEST_CASE("error: an atomic vectorized RVar around a loop of the site's own coordinate",
          "[error][schedule][atomic]") {
    Func f("f");
    Var x("x");
    RDom r(0, 8, "r");
    f(x) = 0;
    f(x) += r.x * x;
    // x inside r.x: the vectorized loop updates a different site in each x iteration.
    f.update().atomic().reorder(x, r.x).vectorize(r.x);
    REQUIRE_THROWS_AS(f.realize({8}), CompileError);
    REQUIRE_THROWS_WITH(f.realize({8}), Catch::Contains("varies with the loops inside it"));
}

TEST_CASE("error: an atomic vectorized loop fused from a reduced RVar and the site's RVar",
          "[error][schedule][atomic]") {
    // f(r.y) += ...: a loop fused from r.x (not in the left-hand side) and r.y (the
    // site) has lanes that update several sites, some several times: not a horizontal
    // reduction (it once ran, and lost 3 of every 4 updates).
    Func f("f");
    Var x("x"), t("t");
    RDom r(0, 8, 0, 4, "r");
    f(x) = 0;
    f(r.y) += r.x * 10 + r.y;
    f.update().atomic().fuse(r.x, r.y, t);
    REQUIRE_THROWS_WITH(f.update().vectorize(t, 8),
                        Catch::Contains("RVar \"r.x\"") &&
                            Catch::Contains("atomic() reduces horizontally only a loop"));
}
