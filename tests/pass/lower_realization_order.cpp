// RealizationOrder: which Funcs a pipeline computes and in which order.

#include "lower/RealizationOrder.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

TEST_CASE("realization order puts producers first", "[lower][realization_order]") {
    Expr x = ivar("x");
    Function a = make_func("a", {"x"}, x);
    Function b = make_func("b", {"x"}, a.call({x}) + 1);
    Function c = make_func("c", {"x"}, a.call({x}) * 2);
    Function d = make_func("d", {"x"}, b.call({x}) + c.call({x}));
    auto env = find_functions({d});
    REQUIRE(env.size() == 4);
    std::vector<std::string> order = realization_order({d}, env);
    REQUIRE(order.size() == 4);
    auto pos = [&](const std::string &n) {
        return std::find(order.begin(), order.end(), n) - order.begin();
    };
    CHECK(pos("a") < pos("b"));
    CHECK(pos("a") < pos("c"));
    CHECK(pos("b") < pos("d"));
    CHECK(pos("c") < pos("d"));
    CHECK(order.back() == "d");
}

TEST_CASE("realization order allows self-reference in updates", "[lower][realization_order]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x);
    add_update(f, {x}, f.call({x + 1}) + 1);
    auto env = find_functions({f});
    CHECK(realization_order({f}, env) == std::vector<std::string>{"f"});
}

TEST_CASE("two Funcs with one name are a CompileError", "[lower][realization_order]") {
    Expr x = ivar("x");
    Function a1 = make_func("a", {"x"}, x);
    Function a2 = make_func("a", {"x"}, x + 1);
    Function out = make_func("out", {"x"}, a1.call({x}) + a2.call({x}));
    REQUIRE_THROWS_AS(find_functions({out}), weft::CompileError);
    REQUIRE_THROWS_WITH(find_functions({out}),
                        Catch::Contains("Two different Funcs") && Catch::Contains("\"a\""));
}

TEST_CASE("a call to an undefined Func is a CompileError", "[lower][realization_order]") {
    Expr x = ivar("x");
    Function undefined("ghost");
    undefined->args = {"x"};
    undefined->output_types = {Int(32)};
    Function out = make_func("out", {"x"}, undefined.call({x}));
    REQUIRE_THROWS_WITH(find_functions({out}),
                        Catch::Contains("ghost") && Catch::Contains("never defined"));
}

TEST_CASE("a cycle of calls is a CompileError", "[lower][realization_order]") {
    Expr x = ivar("x");
    Function f("f"), g("g");
    for (Function *h : {&f, &g}) {
        (*h)->args = {"x"};
        (*h)->output_types = {Int(32)};
        (*h)->init.args = {x};
        (*h)->init.schedule.dims = {{"x"}};
    }
    g->init.values = {x};
    f->init.values = {g.call({x})};
    // Close the cycle through a weak reference so that the test does not leak.
    Expr weak_f = Call::make(Int(32), "f", {x}, Call::Func, FunctionPtr(f.get()).weakened());
    g->init.values = {weak_f};
    auto env = find_functions({f});
    REQUIRE_THROWS_WITH(realization_order({f}, env), Catch::Contains("cycle") &&
                                                         Catch::Contains("\"f\"") &&
                                                         Catch::Contains("\"g\""));
}
