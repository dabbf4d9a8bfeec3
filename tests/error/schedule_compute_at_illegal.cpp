// Mistake: compute_at a loop level that is not in the consumer's loop nest or does not
// enclose every use. The message lists the legal levels.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: compute_at a loop that does not enclose every use", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x"), y("y");
    RDom r(0, 4, "r");
    f(x, y) = x + y;
    g(x, y) = f(x, y);        // the pure stage of g uses f...
    g(x, y) += f(x + r, y);   // ...and so does its update
    f.compute_at(g, x);       // the update's x loop (g's last stage) encloses only one use
    auto bad = [&] { g.realize({8, 8}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("compute_at: Func \"f\" cannot be computed at loop "
                                               "\"x\" of Func \"g\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Legal compute levels are: root"));
}

TEST_CASE("error: compute_at a Func that is not in the loop nest", "[error][schedule]") {
    Func f("f"), g("g"), h("h");
    Var x("x"), y("y");
    f(x, y) = x + y;
    g(x, y) = f(x, y) * 2; // inlined into h: its loops are not in the loop nest
    h(x, y) = g(x, y) + 1;
    f.compute_at(g, y);
    auto bad = [&] { h.realize({8, 8}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("compute_at: Func \"f\" cannot be computed at loop "
                                               "\"y\" of Func \"g\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Legal compute levels are: root, h.s0.y, h.s0.x"));
    // Computing g at root puts its loops in the nest.
    g.compute_root();
    Buffer<int> out = h.realize({8, 8});
    REQUIRE(out(3, 5) == 17);
}

TEST_CASE("error: store_at inside the compute level", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = x + y;
    g(x, y) = f(x, y) + f(x, y + 1);
    f.compute_at(g, y).store_at(g, x); // x is inside y
    auto bad = [&] { g.realize({8, 8}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("store_at: Func \"f\" is stored at loop \"x\" of "
                                               "Func \"g\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("the store level must be the compute level or "
                                               "enclose it. Legal store levels are: root, g.s0.y"));
    f.compute_root().store_at(g, y);
    REQUIRE_THROWS_WITH(g.realize({8, 8}), Catch::Contains("store_at: Func \"f\" is computed at "
                                                           "root but stored at loop \"y\""));
}
