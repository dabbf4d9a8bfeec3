// Mistake: a tail strategy that would change what a stage computes. ShiftInwards
// evaluates some points twice (only legal in pure definitions); RoundUp and
// ShiftInwards on a reduction variable would add or repeat reduction steps.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: ShiftInwards in an update definition", "[error][schedule]") {
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = x;
    f(x) += 1;
    auto bad = [&] { f.update(0).split(x, xo, xi, 4, TailStrategy::ShiftInwards); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("split: Func \"f\" update 0 splits \"x\" with "
                                               "TailStrategy::ShiftInwards"));
    REQUIRE_THROWS_WITH(f.update(0).vectorize(x, 8, TailStrategy::ShiftInwards),
                        Catch::Contains("changes the result of an update definition"));
    // The pure definition may shift inwards, and the update may guard or round up.
    f.split(x, xo, xi, 4, TailStrategy::ShiftInwards);
    f.update(0).split(x, xo, xi, 4, TailStrategy::GuardWithIf);
}

TEST_CASE("error: RoundUp on a reduction variable", "[error][schedule]") {
    Func f("f"), g("g");
    Var x("x");
    RVar ro("ro"), ri("ri");
    RDom r(0, 10, "r");
    g(x) = x;
    f(x) = 0;
    f(x) += g(r);
    auto bad = [&] { f.update(0).split(r, ro, ri, 4, TailStrategy::RoundUp); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("split: Func \"f\" update 0 splits the reduction "
                                               "variable \"r.x\" with TailStrategy::RoundUp, "
                                               "which would change the reduction"));
    f.update(0).split(r, ro, ri, 4);
    Buffer<int> out = f.realize({3});
    for (int i = 0; i < 3; i++) {
        REQUIRE(out(i) == 45);
    }
}
