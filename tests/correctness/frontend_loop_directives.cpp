// Loop directives record into the stage's schedule (weft/Func.h, LoopDirectives.cpp):
// the loop list (innermost first), the split/fuse records and the loop types. The
// loop nests they produce are checked by the lowering tests.

#include <weft/weft.h>

#include "ir/Function.h"
#include "schedule_inspect.h"
#include "ir/IRHelpers.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

using namespace weft_test;

TEST_CASE("frontend: split, reorder, fuse and tile", "[frontend]") {
    Func f("f");
    Var x("x"), y("y"), xo("xo"), xi("xi"), yo("yo"), yi("yi"), t("t");
    f(x, y) = x + y;
    f.split(x, xo, xi, 8);
    REQUIRE(loops_of(f) == Names{"xi", "xo", "y"});
    const std::vector<Split> &splits = f.function().stage(0).schedule.splits;
    REQUIRE(splits.size() == 1);
    REQUIRE(splits[0].kind == Split::Kind::SplitVar);
    REQUIRE(splits[0].old_var == "x");
    REQUIRE(splits[0].outer == "xo");
    REQUIRE(splits[0].inner == "xi");
    REQUIRE(is_const(splits[0].factor, 8));
    REQUIRE(splits[0].tail == TailStrategy::Auto);

    f.reorder(y, xi, xo);
    REQUIRE(loops_of(f) == Names{"y", "xi", "xo"});
    f.reorder(xi, xo, y);
    f.fuse(xo, y, t);
    REQUIRE(loops_of(f) == Names{"xi", "t"});
    REQUIRE(f.function().stage(0).schedule.splits[1].kind == Split::Kind::FuseVars);
    REQUIRE(f.function().stage(0).schedule.splits[1].fused == "t");

    Func g("g");
    g(x, y) = x * y;
    g.tile(x, y, xo, yo, xi, yi, 16, 4, TailStrategy::GuardWithIf);
    REQUIRE(loops_of(g) == Names{"xi", "yi", "xo", "yo"});
    REQUIRE(g.function().stage(0).schedule.splits[1].tail == TailStrategy::GuardWithIf);
    Func h("h");
    h(x, y) = x - y;
    h.tile(x, y, xi, yi, 8, 8);
    REQUIRE(loops_of(h) == Names{"xi", "yi", "x", "y"});
}

TEST_CASE("frontend: loop types", "[frontend]") {
    Func f("f");
    Var x("x"), y("y"), yi("yi");
    f(x, y) = x + y;
    f.vectorize(x, 8).parallel(y).unroll(y, 2);
    REQUIRE(loops_of(f) == Names{"x_vi", "x", "y_ui", "y"});
    REQUIRE(type_of_loop(f, "x_vi") == ForType::Vectorized);
    REQUIRE(type_of_loop(f, "x") == ForType::Serial);
    REQUIRE(type_of_loop(f, "y") == ForType::Parallel);
    REQUIRE(type_of_loop(f, "y_ui") == ForType::Unrolled);
    f.serial(y);
    REQUIRE(type_of_loop(f, "y") == ForType::Serial);
    f.vectorize(x);
    REQUIRE(type_of_loop(f, "x") == ForType::Vectorized);
}

TEST_CASE("frontend: directives on update stages and RVars", "[frontend]") {
    Func f("f");
    Var x("x");
    RDom r(0, 100, "r");
    RVar ro("ro"), ri("ri");
    f(x) = 0;
    f(x) += r * x;
    f.update(0).split(r.x, ro, ri, 10).reorder(ri, x, ro);
    REQUIRE(loops_of(f, 1) == Names{"ri", "x", "ro"});
    REQUIRE(f.function().stage(1).schedule.dims[0].is_rvar);
    REQUIRE_FALSE(f.function().stage(1).schedule.dims[1].is_rvar);
    f.update(0).vectorize(x, 4);
    REQUIRE(type_of_loop(f, "x_vi", 1) == ForType::Vectorized);
    REQUIRE(loops_of(f) == Names{"x"}); // the pure stage is unchanged
}

TEST_CASE("frontend: loop directive mistakes", "[frontend]") {
    Func f("f");
    Var x("x"), y("y"), z("z"), xo("xo"), xi("xi");
    REQUIRE_THROWS_WITH(f.vectorize(x), Catch::Contains("vectorize: Func \"f\" has no loops yet"));
    f(x, y) = x + y;
    REQUIRE_THROWS_AS(f.vectorize(z), CompileError);
    REQUIRE_THROWS_WITH(f.vectorize(z), Catch::Contains("vectorize: Func \"f\" has no loop "
                                                        "\"z\"; its loops are x, y"));
    REQUIRE_THROWS_WITH(f.split(x, y, xi, 4), Catch::Contains("split: Func \"f\" already has a "
                                                              "loop \"y\""));
    REQUIRE_THROWS_WITH(f.split(x, xo, xi, 0), Catch::Contains("it must be positive"));
    REQUIRE_THROWS_WITH(f.split(x, xo, xi, 2.5f), Catch::Contains("must be an integer"));
    REQUIRE_THROWS_WITH(f.reorder(x, x), Catch::Contains("listed twice"));
    REQUIRE_THROWS_WITH(f.fuse(y, x, z), Catch::Contains("\"x\" must be the loop just outside "
                                                         "\"y\""));
    RDom r(0, 4, "r");
    f(x, y) += r;
    REQUIRE_THROWS_WITH(f.update(0).parallel(z), Catch::Contains("parallel: Func \"f\" update 0 "
                                                                 "has no loop \"z\"; its loops "
                                                                 "are r.x, x, y"));
}
