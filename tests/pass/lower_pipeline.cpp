// lower(): the whole pass list, its argument list and the contract of Lower.h.

#include "lower/Lower.h"
#include "lower/PrintLoopNest.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

TEST_CASE("lower lists outputs first, then inputs sorted by name", "[lower][pipeline]") {
    Expr x = ivar("x"), y = ivar("y");
    Parameter in_b(UInt(8), 2, "b_image");
    Parameter in_a(Float(32), 1, "a_image");
    Parameter scale(Float(32), "scale");
    Expr scale_v = Variable::make(Float(32), "scale", scale);
    Function g =
        make_func("g", {"x", "y"}, Cast::make(Float(32), image_call(in_b, {x, y})) * scale_v);
    compute_root(g);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}) + image_call(in_a, {x}));
    Function h = make_func("h", {"x"}, image_call(in_a, {x}) * 2.0f);
    LoweredPipeline p = lower({f, h}, "two_outputs", Target("x86-64-linux"));
    REQUIRE(p.arguments.size() == 5);
    CHECK(p.arguments[0].name == "f");
    CHECK(p.arguments[0].is_output);
    CHECK(p.arguments[0].dimensions == 2);
    CHECK(p.arguments[1].name == "h");
    CHECK(p.arguments[2].name == "a_image");
    CHECK(p.arguments[2].is_buffer);
    CHECK(p.arguments[2].param.same_as(in_a));
    CHECK(p.arguments[3].name == "b_image");
    CHECK(p.arguments[3].type == UInt(8));
    CHECK(p.arguments[4].name == "scale");
    CHECK_FALSE(p.arguments[4].is_buffer);
    CHECK(p.arguments[4].type == Float(32));
    CHECK(count_stmts<Provide>(p.body) == 0);
    CHECK(count_stmts<Realize>(p.body) == 0);
    CHECK(count_stmts<Allocate>(p.body) == 1);
    CHECK(count_stmts<Store>(p.body) == 3);
}

TEST_CASE("lowering a histogram and a compute_at pipeline succeeds", "[lower][pipeline]") {
    Expr x = ivar("x"), y = ivar("y");
    Parameter in(UInt(8), 1, "in");
    ReductionDomain r({{"r.x", Expr(0), Expr(100)}});
    Function hist = make_func("hist", {"x"}, Expr(0));
    Expr bin = Cast::make(Int(32), image_call(in, {rvar(r, 0)}));
    add_update(hist, {bin}, hist.call({bin}) + 1, r);
    Function g = make_func("g", {"x", "y"}, hist.call({x}) + y);
    Function out = make_func("out", {"x", "y"}, g.call({x, y}) + g.call({x, y + 1}));
    compute_at(g, out, "y");
    LoweredPipeline p = lower({out}, "hist_pipeline", Target("x86-64-linux"));
    CHECK(count_stmts<Allocate>(p.body) == 2);
    CHECK(p.arguments.size() == 2);
}

TEST_CASE("print_loop_nest shows the loops, placements and loop types", "[lower][pipeline]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x + y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}) + g.call({x, y + 1}));
    split(f, 0, "x", "xo", "xi", 8);
    f.stage(0).schedule.dims[0].for_type = ForType::Vectorized;
    f.stage(0).schedule.dims[2].for_type = ForType::Parallel;
    compute_at(g, f, "y");
    std::string nest = print_loop_nest({f}, Target("x86-64-linux"));
    INFO(nest);
    CHECK(contains(nest, "produce f:"));
    CHECK(contains(nest, "parallel y:"));
    CHECK(contains(nest, "vectorized xi in [0, 7]:"));
    CHECK(contains(nest, "produce g:"));
    CHECK(contains(nest, "consume g:"));
    CHECK(contains(nest, "store g:"));
    CHECK(contains(nest, "f(...) = ..."));
    CHECK(nest.find("produce g:") > nest.find("parallel y:"));
}
