// BoundsInference: the regions each stage computes and each Realize holds.

#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "lower/BoundsInference.h"
#include "lower/RealizationOrder.h"
#include "lower/ScheduleFunctions.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

namespace {

Stmt infer(const std::vector<Function> &outputs) {
    auto env = find_functions(outputs);
    auto order = realization_order(outputs, env);
    Stmt s = schedule_functions(outputs, order, env);
    return bounds_inference(s, outputs, order, env);
}

/// e with the values of every LetStmt of s substituted (repeatedly).
Expr resolve(const Stmt &s, Expr e) {
    std::map<std::string, Expr> lets;
    walk_stmts(s, [&](const Stmt &st) {
        if (const LetStmt *l = st.as<LetStmt>()) {
            lets.emplace(l->name, l->value);
        }
    });
    for (int i = 0; i < 10; i++) {
        e = substitute(lets, e);
    }
    return simplify(e);
}

bool let_is(const Stmt &s, const std::string &name, const Expr &expected) {
    Expr v = let_value(s, name);
    if (!v.defined()) {
        UNSCOPED_INFO(name << " is not defined");
        return false;
    }
    if (can_prove(v == expected) || can_prove(resolve(s, v) == resolve(s, expected))) {
        return true;
    }
    UNSCOPED_INFO(name << " = " << (v.defined() ? to_string(v) : "<undefined>") << ", expected "
                       << expected);
    return false;
}

Parameter image(const std::string &name, Type t, int dims) {
    return Parameter(t, dims, name);
}

} // namespace

TEST_CASE("output stage bounds are the output buffer", "[lower][bounds]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    Stmt s = infer({f});
    CHECK(let_is(s, "f.s0.x.min", ivar("f.min.0")));
    CHECK(let_is(s, "f.s0.x.max", ivar("f.min.0") + ivar("f.extent.0") - 1));
    CHECK(let_is(s, "f.s0.y.max", ivar("f.min.1") + ivar("f.extent.1") - 1));
}

TEST_CASE("a 3-tap stencil's producer covers the consumer +-1", "[lower][bounds]") {
    Expr x = ivar("x"), y = ivar("y");
    Parameter in = image("in", UInt(16), 2);
    Function blur_x =
        make_func("blur_x", {"x", "y"},
                  image_call(in, {x - 1, y}) + image_call(in, {x, y}) + image_call(in, {x + 1, y}));
    Function blur_y =
        make_func("blur_y", {"x", "y"},
                  blur_x.call({x, y - 1}) + blur_x.call({x, y}) + blur_x.call({x, y + 1}));
    compute_root(blur_x);
    Stmt s = infer({blur_y});
    CHECK(let_is(s, "blur_x.s0.y.min", ivar("blur_y.s0.y.min") - 1));
    CHECK(let_is(s, "blur_x.s0.y.max", ivar("blur_y.s0.y.max") + 1));
    CHECK(let_is(s, "blur_x.s0.x.min", ivar("blur_y.s0.x.min")));
    CHECK(let_is(s, "blur_x.s0.x.max", ivar("blur_y.s0.x.max")));
    // The realization holds exactly what is computed.
    CHECK(let_is(s, "blur_x.y.min_realized", ivar("blur_x.s0.y.min")));
    CHECK(let_is(s, "blur_x.y.extent_realized",
                 ivar("blur_x.s0.y.max") - ivar("blur_x.s0.y.min") + 1));
    // The loop of the producer iterates its bounds.
    const For *loop = find_loop(s, "blur_x.s0.y");
    REQUIRE(loop);
    CHECK(can_prove(loop->min == ivar("blur_x.s0.y.min")));
}

TEST_CASE("compute_at bounds are in terms of the consumer's loop variable", "[lower][bounds]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x * y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y - 1}) + g.call({x, y + 1}));
    compute_at(g, f, "y");
    Stmt s = infer({f});
    CHECK(let_is(s, "g.s0.y.min", ivar("f.s0.y") - 1));
    CHECK(let_is(s, "g.s0.y.max", ivar("f.s0.y") + 1));
    CHECK(let_is(s, "g.s0.x.min", ivar("f.s0.x.min")));
    CHECK(let_is(s, "g.y.extent_realized", Expr(3)));
}

TEST_CASE("compute_at a split loop sees the inner loop's range", "[lower][bounds]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x * y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}) + g.call({x + 1, y}));
    split(f, 0, "x", "xo", "xi", 8, TailStrategy::RoundUp);
    compute_at(g, f, "xo");
    Stmt s = infer({f});
    Expr base = ivar("f.s0.x.min") + ivar("f.s0.xo") * 8;
    CHECK(let_is(s, "g.s0.x.min", base));
    CHECK(let_is(s, "g.s0.x.max", base + 8));
    CHECK(let_is(s, "g.x.extent_realized", Expr(9)));
}

TEST_CASE("store_root grows the realization over the loops between", "[lower][bounds]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x * y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y - 1}) + g.call({x, y + 1}));
    compute_at(g, f, "y");
    g.schedule().store_level = LoopLevelData::root();
    Stmt s = infer({f});
    CHECK(let_is(s, "g.y.min_realized", ivar("f.s0.y.min") - 1));
    CHECK(let_is(s, "g.y.extent_realized", ivar("f.s0.y.max") - ivar("f.s0.y.min") + 3));
}

TEST_CASE("an update reading neighbours widens the earlier stage", "[lower][bounds]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x);
    add_update(f, {x}, f.call({x + 1}) + f.call({x}));
    Function out = make_func("out", {"x"}, f.call({x}));
    compute_root(f);
    Stmt s = infer({out});
    CHECK(let_is(s, "f.s1.x.min", ivar("out.s0.x.min")));
    CHECK(let_is(s, "f.s1.x.max", ivar("out.s0.x.max")));
    CHECK(let_is(s, "f.s0.x.max", ivar("out.s0.x.max") + 1));
    CHECK(let_is(s, "f.x.extent_realized", ivar("f.s0.x.max") - ivar("f.s0.x.min") + 1));
}

TEST_CASE("a histogram's realization covers its data-dependent LHS", "[lower][bounds]") {
    Expr x = ivar("x");
    Parameter in = image("in", Int(32), 1);
    ReductionDomain r({{"r.x", Expr(0), Expr(100)}});
    Function hist = make_func("hist", {"x"}, Expr(0));
    Expr bin = clamp(image_call(in, {rvar(r, 0)}), 0, 255);
    add_update(hist, {bin}, hist.call({bin}) + 1, r);
    Function out = make_func("out", {"x"}, hist.call({x}));
    compute_root(hist);
    Stmt s = infer({out});
    CHECK(let_is(s, "hist.s0.x.min", min(ivar("out.s0.x.min"), 0)));
    CHECK(let_is(s, "hist.s0.x.max", max(ivar("out.s0.x.max"), 255)));
    std::map<std::string, Expr> at = {{"out.s0.x.min", Expr(10)},
                                      {"out.s0.x.max", Expr(19)},
                                      {"hist.s0.x.min", Expr(0)},
                                      {"hist.s0.x.max", Expr(255)}};
    CHECK(is_const(simplify(substitute(at, let_value(s, "hist.x.min_realized"))), 0));
    CHECK(is_const(simplify(substitute(at, let_value(s, "hist.x.extent_realized"))), 256));
}

TEST_CASE("RoundUp grows the realization to whole vectors", "[lower][bounds]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x * 2);
    Function f = make_func("f", {"x"}, g.call({x}));
    compute_root(g);
    split(g, 0, "x", "xo", "xi", 8, TailStrategy::RoundUp);
    Stmt s = infer({f});
    std::map<std::string, Expr> at = {{"g.s0.x.min", Expr(0)}, {"g.s0.x.max", Expr(9)}};
    CHECK(is_const(simplify(substitute(at, let_value(s, "g.x.extent_realized"))), 16));
}

TEST_CASE("an explicit bound fixes the region and asserts it is enough", "[lower][bounds]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x * 2);
    Function f = make_func("f", {"x"}, g.call({x}) + g.call({x + 1}));
    compute_root(g);
    g.schedule().bounds.push_back({"x", Expr(0), Expr(64)});
    Stmt s = infer({f});
    CHECK(let_is(s, "g.s0.x.min", Expr(0)));
    CHECK(let_is(s, "g.s0.x.max", Expr(63)));
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) {
        const AssertStmt *a = st.as<AssertStmt>();
        const Call *c = a ? a->message.as<Call>() : nullptr;
        found = found || (c && c->name == "weft_error_explicit_bound");
    });
    CHECK(found);
}

TEST_CASE("a bound on a Var the Func does not have is a CompileError", "[lower][bounds]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x * 2);
    Function f = make_func("f", {"x"}, g.call({x}));
    compute_root(g);
    g.schedule().bounds.push_back({"q", Expr(0), Expr(64)});
    REQUIRE_THROWS_WITH(infer({f}), Catch::Contains("\"g\"") && Catch::Contains("\"q\""));
}

TEST_CASE("an unclamped data-dependent index is a CompileError", "[lower][bounds]") {
    Expr x = ivar("x");
    Parameter in = image("in", Int(32), 1);
    Function g = make_func("g", {"x"}, x * 2);
    Function f = make_func("f", {"x"}, g.call({image_call(in, {x})}));
    compute_root(g);
    REQUIRE_THROWS_WITH(infer({f}), Catch::Contains("Func \"g\"") &&
                                        Catch::Contains("unbounded") &&
                                        Catch::Contains("dimension 0"));
    // Clamped, it is fine.
    Function h = make_func("h", {"x"}, x * 2);
    Function f2 = make_func("f2", {"x"}, h.call({clamp(image_call(in, {x}), 0, 9)}));
    compute_root(h);
    Stmt s = infer({f2});
    CHECK(let_is(s, "h.s0.x.min", Expr(0)));
    CHECK(let_is(s, "h.s0.x.max", Expr(9)));
}
