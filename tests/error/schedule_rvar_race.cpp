// Mistake: parallel or vectorized loops over a reduction variable whose iterations
// race. Halide's rule: a loop may run its iterations at once only if distinct
// iterations write distinct sites of the Func (the variable, or an injective function
// of it, is a left-hand-side argument) and the update reads the Func only at the site
// it writes. Otherwise: rfactor.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: parallel over an RVar that accumulates into one site", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x");
    RDom r(0, 16, "r");
    g(x) = x * 3;
    f(x) = 0;
    f(x) += g(r.x);
    auto bad = [&] { f.update().parallel(r.x); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("parallel: Func \"f\" update 0: the iterations of "
                                               "RVar \"r.x\" may write or read the same site of "
                                               "\"f\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Use rfactor"));
    REQUIRE_THROWS_WITH(f.update().vectorize(r.x, 8), Catch::Contains("cannot be vectorized"));
    // A split of r.x races as well; the message names the RVar it iterates.
    RVar ro("ro"), ri("ri");
    f.update().split(r.x, ro, ri, 4);
    REQUIRE_THROWS_WITH(f.update().parallel(ro),
                        Catch::Contains("RVar \"r.x\" (loop \"ro\" iterates it)"));
    // The pure var of the update does not race.
    f.update().parallel(x);
}

TEST_CASE("error: an RVar that reads a neighbouring site races", "[error][schedule]") {
    Func f("f");
    Var x("x"), y("y");
    RDom r(1, 15, "r");
    f(x, y) = x + y;
    f(r.x, y) = f(r.x - 1, y) + f(r.x, y); // a prefix sum along x: serial in r.x
    REQUIRE_THROWS_WITH(f.update().vectorize(r.x, 4),
                        Catch::Contains("vectorize: Func \"f\" update 0: the iterations of RVar "
                                        "\"r.x\""));
    // Each row is independent: y may run in parallel and be vectorized.
    f.update().parallel(y).vectorize(y, 4);
    Buffer<int> out = f.realize({16, 8});
    for (int yy = 0; yy < 8; yy++) {
        int acc = 0;
        for (int xx = 0; xx < 16; xx++) {
            acc += xx + yy;
            REQUIRE(out(xx, yy) == acc);
        }
    }
}

TEST_CASE("error: histogram bins race over the RDom", "[error][schedule]") {
    Func hist("hist"), in("in");
    Var x("x");
    RDom r(0, 100, "r");
    in(x) = x * 7 % 10;
    hist(x) = 0;
    hist(in(r)) += 1;
    REQUIRE_THROWS_WITH(hist.update().parallel(r),
                        Catch::Contains("Func \"hist\" update 0: the iterations of RVar \"r.x\""));
}

TEST_CASE("schedule: an RVar that writes distinct sites may be vectorized", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x");
    RDom r(0, 20, "r");
    g(x) = x + 1;
    f(x) = 0;
    f(r.x) = g(r.x) * 2;
    f.update().vectorize(r.x, 8);
    // An injective function of the RVar, reading f only where it writes, may run in parallel.
    f(2 * r.x + 1) = f(2 * r.x + 1) + 5;
    f.update(1).parallel(r.x);
    Buffer<int> out = f.realize({50});
    for (int i = 0; i < 50; i++) {
        int expect = i < 20 ? (i + 1) * 2 : 0;
        if (i % 2 == 1 && i < 40) {
            expect += 5;
        }
        REQUIRE(out(i) == expect);
    }
}
