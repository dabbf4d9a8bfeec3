// StorageFlattening and VerifyLowered: flat allocations and indices.

#include "analysis/Simplify.h"
#include "lower/StorageFlattening.h"
#include "lower/VerifyLowered.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

TEST_CASE("Realize becomes Allocate with dense strides", "[lower][flatten]") {
    Expr x = ivar("x"), y = ivar("y");
    Stmt provide = Provide::make("g", {x + y}, {x, y});
    Region bounds = {Range(Expr(1), Expr(10)), Range(Expr(2), Expr(20))};
    Stmt s = Realize::make("g", {Int(32)}, MemoryType::Auto, bounds, const_true(), provide);
    Stmt flat = storage_flattening(s);
    CHECK(count_stmts<Realize>(flat) == 0);
    CHECK(count_stmts<Provide>(flat) == 0);
    REQUIRE(count_stmts<Allocate>(flat) == 1);
    CHECK(is_const(let_value(flat, "g.min.0"), 1));
    CHECK(is_const(let_value(flat, "g.extent.1"), 20));
    CHECK(is_const(let_value(flat, "g.stride.0"), 1));
    CHECK(can_prove(let_value(flat, "g.stride.1") == ivar("g.stride.0") * ivar("g.extent.0")));
    const Store *st = nullptr;
    walk_stmts(flat, [&](const Stmt &n) {
        if (const Store *p = n.as<Store>()) {
            st = p;
        }
    });
    REQUIRE(st);
    CHECK(st->name == "g");
    Expr expected =
        (x - ivar("g.min.0")) * ivar("g.stride.0") + (y - ivar("g.min.1")) * ivar("g.stride.1");
    CHECK(can_prove(st->index == expected));
}

TEST_CASE("Image and Func calls become Loads from the buffer fields", "[lower][flatten]") {
    Expr x = ivar("x"), y = ivar("y");
    Parameter in(UInt(8), 2, "in");
    Function g("g");
    g->args = {"x"};
    g->output_types = {Int(32)};
    Expr value = Cast::make(Int(32), image_call(in, {x, y})) + g.call({x});
    Stmt flat = storage_flattening(Provide::make("out", {value}, {x, y}));
    std::vector<const Load *> loads;
    walk_exprs(flat, [&](const Expr &e) {
        if (const Load *l = e.as<Load>()) {
            loads.push_back(l);
        }
        return true;
    });
    REQUIRE(loads.size() == 2);
    const Load *li = loads[0]->name == "in" ? loads[0] : loads[1];
    const Load *lg = loads[0]->name == "in" ? loads[1] : loads[0];
    CHECK(li->param.same_as(in));
    CHECK(can_prove(li->index == (x - ivar("in.min.0")) * ivar("in.stride.0") +
                                     (y - ivar("in.min.1")) * ivar("in.stride.1")));
    CHECK_FALSE(lg->param.defined());
    CHECK(can_prove(lg->index == (x - ivar("g.min.0")) * ivar("g.stride.0")));
    CHECK_NOTHROW(verify_lowered(flat));
}

TEST_CASE("verify_lowered rejects leftover Provides and Func calls", "[lower][flatten]") {
    Expr x = ivar("x");
    CHECK_THROWS_AS(verify_lowered(Provide::make("f", {x}, {x})), weft::InternalError);
    Function g("g");
    g->args = {"x"};
    g->output_types = {Int(32)};
    CHECK_THROWS_AS(verify_lowered(Evaluate::make(g.call({x}))), weft::InternalError);
    Stmt twice = LetStmt::make("a", x, LetStmt::make("a", x, Evaluate::make(x)));
    CHECK_THROWS_AS(verify_lowered(twice), weft::InternalError);
}
