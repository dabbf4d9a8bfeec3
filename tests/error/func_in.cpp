// Mistakes with Func::in() / ImageParam::in() wrappers: each is a CompileError at the
// in() call naming the Funcs.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: f.in(g) where g does not call f", "[error][func_in]") {
    Func f("f"), g("g"), h("h");
    Var x("x");
    f(x) = x;
    h(x) = x * 2;
    g(x) = h(x) + 1;
    REQUIRE_THROWS_AS(f.in(g), CompileError);
    REQUIRE_THROWS_WITH(f.in(g), Catch::Contains("f.in(g): Func \"g\" does not call Func \"f\", "
                                                 "so there is nothing to wrap") &&
                                     Catch::Contains("(g calls h)"));
    REQUIRE_THROWS_WITH(f.in({h, g}), Catch::Contains("f.in({h, g}): Func \"h\" does not call "
                                                      "Func \"f\""));
}

TEST_CASE("error: f.in(f)", "[error][func_in]") {
    Func f("f");
    Var x("x");
    f(x) = x;
    f(x) += f(x) * 2; // f calls itself, but wrapping that is not allowed
    REQUIRE_THROWS_AS(f.in(f), CompileError);
    REQUIRE_THROWS_WITH(f.in(f), Catch::Contains("f.in(f): a Func cannot wrap the calls it "
                                                 "makes to itself"));
}

TEST_CASE("error: wrapping a Func inside its own definition", "[error][func_in]") {
    Func f("f"), g("g");
    Var x("x");
    // f has no definition yet while its own right-hand side is being built.
    auto bad = [&] { f(x) = f.in()(x) + 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("f.in(): Func \"f\" has no definition yet; "
                                               "define it before wrapping the calls to it"));
    // A consumer must be defined too.
    f(x) = x;
    REQUIRE_THROWS_WITH(f.in(g), Catch::Contains("f.in(g): Func \"g\" has no definition yet"));
}

TEST_CASE("error: a consumer with two different wrappers of one Func", "[error][func_in]") {
    Func f("f"), g("g"), h("h");
    Var x("x");
    f(x) = x;
    g(x) = f(x) + 1;
    h(x) = f(x) * g(x);
    f.in(g);
    REQUIRE_THROWS_AS(f.in({g, h}), CompileError);
    REQUIRE_THROWS_WITH(f.in({g, h}),
                        Catch::Contains("Func \"g\" already has the wrapper f_in_g of Func \"f\" "
                                        "but Func \"h\" does not share it"));
    REQUIRE_THROWS_WITH(f.in(std::vector<Func>{}), Catch::Contains("f.in({}): give at least one "
                                                                   "consumer"));
}

TEST_CASE("error: ImageParam::in(g) where g does not read the input", "[error][func_in]") {
    ImageParam in(Float(32), 2, "in"), other(Float(32), 2, "other");
    Func g("g");
    Var x("x"), y("y");
    g(x, y) = other(x, y) * 2.0f;
    REQUIRE_THROWS_AS(in.in(g), CompileError);
    REQUIRE_THROWS_WITH(in.in(g), Catch::Contains("in.in(g): Func \"g\" does not call ImageParam "
                                                  "\"in\""));
    ImageParam undefined;
    REQUIRE_THROWS_WITH(undefined.in(), Catch::Contains("ImageParam::in on an undefined "
                                                        "ImageParam"));
}

TEST_CASE("error: an update definition of a wrapper", "[error][func_in]") {
    Func f("f"), g("g");
    Var x("x");
    f(x) = x;
    g(x) = f(x) + 1;
    Func w = f.in(g);
    auto bad = [&] { w(x) += 1; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f_in_g\" is a wrapper made by in() (its "
                                               "value is f(...)); a wrapper cannot be given "
                                               "update definitions"));
}
