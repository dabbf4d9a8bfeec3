// parallel(v, task_size) and the N-dimensional tile (weft/Func.h, LoopDirectives.cpp):
// the loops they make, and that the scheduled Funcs compute what the unscheduled ones
// do (plain C++ references).

#include <weft/weft.h>

#include "ir/Function.h"
#include "schedule_inspect.h"
#include "test_util.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

using namespace weft_test;

TEST_CASE("schedule: parallel with a task size", "[correctness][schedule]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x * 3 + y * 5;
    f.parallel(y, 4);
    REQUIRE(loops_of(f) == Names{"x", "y_pi", "y"});
    REQUIRE(type_of_loop(f, "y") == ForType::Parallel);
    REQUIRE(type_of_loop(f, "y_pi") == ForType::Serial);
    const Split &sp = f.function().stage(0).schedule.splits.at(0);
    REQUIRE(sp.old_var == "y");
    REQUIRE(sp.outer == "y");
    REQUIRE(sp.inner == "y_pi");
    Buffer<int> out = f.realize({13, 11}); // 11 rows: tasks of 4, 4 and 3
    weft_test::check_buffer(out, [](int xx, int yy) { return xx * 3 + yy * 5; });

    // On an update, over a pure var, with an explicit tail strategy.
    Func g("g");
    RDom r(0, 5, "r");
    g(x, y) = x;
    g(x, y) += r * y;
    g.update(0).parallel(y, 3, TailStrategy::GuardWithIf);
    REQUIRE(loops_of(g, 1) == Names{"r.x", "x", "y_pi", "y"});
    REQUIRE(type_of_loop(g, "y", 1) == ForType::Parallel);
    Buffer<int> gout = g.realize({6, 7});
    weft_test::check_buffer(gout, [](int xx, int yy) { return xx + 10 * yy; });
    // An RVar that races cannot be parallel with a task size either.
    REQUIRE_THROWS_WITH(g.update(0).parallel(r.x, 2), Catch::Contains("Use rfactor"));
}

TEST_CASE("schedule: N-dimensional tile", "[correctness][schedule]") {
    Func f("f");
    Var x("x"), y("y"), c("c"), xo("xo"), yo("yo"), co("co"), xi("xi"), yi("yi"), ci("ci");
    f(x, y, c) = x + 10 * y + 100 * c;
    f.tile({x, y, c}, {xo, yo, co}, {xi, yi, ci}, {4, 3, 2});
    REQUIRE(loops_of(f) == Names{"xi", "yi", "ci", "xo", "yo", "co"});
    Buffer<int> out = f.realize({9, 7, 5});
    weft_test::check_buffer(out, [](int xx, int yy, int cc) { return xx + 10 * yy + 100 * cc; });

    // The form that reuses the tiled loops as the outer ones, with one tail per loop.
    Func g("g");
    g(x, y, c) = x * y - c;
    g.tile({x, c}, {xi, ci}, {8, 2}, TailStrategy::GuardWithIf);
    REQUIRE(loops_of(g) == Names{"xi", "ci", "y", "x", "c"}); // y keeps its place
    Func h("h");
    h(x, y, c) = x * y - c;
    h.tile({y, x}, {yo, xo}, {yi, xi}, {5, 3},
           std::vector<TailStrategy>{TailStrategy::ShiftInwards, TailStrategy::GuardWithIf});
    REQUIRE(loops_of(h) == Names{"yi", "xi", "yo", "xo", "c"});
    REQUIRE(h.function().stage(0).schedule.splits.at(0).tail == TailStrategy::ShiftInwards);
    REQUIRE(h.function().stage(0).schedule.splits.at(1).tail == TailStrategy::GuardWithIf);
    for (Func *fn : {&g, &h}) {
        Buffer<int> o = fn->realize({11, 9, 3});
        weft_test::check_buffer(o, [](int xx, int yy, int cc) { return xx * yy - cc; });
    }

    // Mismatched lists are a CompileError naming the Func.
    Func k("k");
    k(x, y) = x + y;
    REQUIRE_THROWS_WITH(k.tile({x, y}, {xi}, {4, 4}),
                        Catch::Contains("tile: Func \"k\": 2 loops to tile but 2 outer names, 1 "
                                        "inner names, 2 factors"));
    REQUIRE_THROWS_WITH(k.tile(std::vector<VarOrRVar>{}, {}, {}), Catch::Contains("tile: Func \"k\": "
                                                                             "no loops"));
}
