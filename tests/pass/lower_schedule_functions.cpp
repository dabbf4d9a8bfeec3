// ScheduleFunctions + StageLoopNest: loop nests from schedule data, placement and
// inlining.

#include "lower/RealizationOrder.h"
#include "lower/ScheduleFunctions.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

namespace {

Stmt schedule(const std::vector<Function> &outputs) {
    auto env = find_functions(outputs);
    return schedule_functions(outputs, realization_order(outputs, env), env);
}

bool is_provide_of(const Stmt &s, const std::string &name) {
    const Provide *p = s.as<Provide>();
    return p && p->name == name;
}

} // namespace

TEST_CASE("a pure Func gets one loop per Var, innermost first", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.y", "f.s0.x"});
    const For *fx = find_loop(s, "f.s0.x");
    REQUIRE(fx);
    CHECK(contains(to_string(fx->min), "f.s0.x.min"));
    CHECK(count_stmts<Realize>(s) == 0); // outputs are not realized
    CHECK(count_stmts<ProducerConsumer>(s) == 1);
}

TEST_CASE("reorder changes the loop order", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    reorder(f, 0, {"y", "x"});
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.x", "f.s0.y"});
}

TEST_CASE("split makes outer and inner loops and a let for the old var", "[lower][schedule]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x * 2);
    split(f, 0, "x", "xo", "xi", 8);
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.xo", "f.s0.xi"});
    const For *xi = find_loop(s, "f.s0.xi");
    REQUIRE(xi);
    CHECK(is_const(xi->extent, 8));
    Expr xv = let_value(s, "f.s0.x");
    REQUIRE(xv.defined());
    // Auto on a pure stage is ShiftInwards: the base is clamped with a min.
    CHECK(xv.as<Add>());
    CHECK(contains(to_string(xv), "min("));
    CHECK(count_stmts<IfThenElse>(s) == 0);
}

TEST_CASE("GuardWithIf and RoundUp tails", "[lower][schedule]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x * 2);
    split(f, 0, "x", "xo", "xi", 8, TailStrategy::GuardWithIf);
    Stmt s = schedule({f});
    CHECK(count_stmts<IfThenElse>(s) == 1);
    // Clamped inside the guard, so that bounds analysis sees the guarded range.
    CHECK(contains(to_string(let_value(s, "f.s0.x")), "min("));

    Function g = make_func("g", {"x"}, x * 2);
    split(g, 0, "x", "xo", "xi", 8, TailStrategy::RoundUp);
    Stmt t = schedule({g});
    CHECK(count_stmts<IfThenElse>(t) == 0);
    CHECK_FALSE(contains(to_string(let_value(t, "g.s0.x")), "min("));
}

TEST_CASE("fuse makes one loop and recovers both vars", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    fuse(f, 0, "x", "y", "xy");
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.xy"});
    CHECK(contains(to_string(let_value(s, "f.s0.x")), "%"));
    CHECK(contains(to_string(let_value(s, "f.s0.y")), "/"));
}

TEST_CASE("tile = two splits and a reorder", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    split(f, 0, "x", "xo", "xi", 4);
    split(f, 0, "y", "yo", "yi", 4);
    reorder(f, 0, {"xi", "yi", "xo", "yo"});
    f.stage(0).schedule.dims[0].for_type = ForType::Vectorized;
    f.stage(0).schedule.dims[3].for_type = ForType::Parallel;
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.yo", "f.s0.xo", "f.s0.yi", "f.s0.xi"});
    CHECK(find_loop(s, "f.s0.xi")->for_type == ForType::Vectorized);
    CHECK(find_loop(s, "f.s0.yo")->for_type == ForType::Parallel);
}

TEST_CASE("a dim that is not a loop of the stage is a CompileError", "[lower][schedule]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x);
    f.stage(0).schedule.dims = {{"z"}};
    REQUIRE_THROWS_WITH(schedule({f}), Catch::Contains("Func \"f\"") &&
                                           Catch::Contains("no loop \"z\"") &&
                                           Catch::Contains("x"));
}

TEST_CASE("unscheduled pure producers are inlined", "[lower][schedule]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x * 3);
    Function f = make_func("f", {"x"}, g.call({x - 1}) + g.call({x + 1}));
    Stmt s = schedule({f});
    CHECK(count_calls(s, "g") == 0);
    CHECK(count_stmts<ProducerConsumer>(s) == 1);
}

TEST_CASE("compute_root producers are realized around their consumers", "[lower][schedule]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x * 3);
    Function f = make_func("f", {"x"}, g.call({x - 1}) + g.call({x + 1}));
    compute_root(g);
    Stmt s = schedule({f});
    const Realize *r = s.as<Realize>();
    REQUIRE(r);
    CHECK(r->name == "g");
    CHECK(contains(to_string(r->bounds[0].min), "g.x.min_realized"));
    const Block *b = r->body.as<Block>();
    REQUIRE(b);
    CHECK(is_produce(b->first, "g"));
    const ProducerConsumer *consume = b->rest.as<ProducerConsumer>();
    REQUIRE(consume);
    CHECK_FALSE(consume->is_producer);
    CHECK(consume->name == "g");
}

TEST_CASE("Funcs with updates are computed at root by default", "[lower][schedule]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x);
    add_update(g, {x}, g.call({x}) + 1);
    Function f = make_func("f", {"x"}, g.call({x}));
    Stmt s = schedule({f});
    CHECK(s.as<Realize>());
    CHECK(count_stmts<Provide>(s) == 3);
}

TEST_CASE("compute_inline of a Func with updates is a CompileError", "[lower][schedule]") {
    Expr x = ivar("x");
    Function g = make_func("g", {"x"}, x);
    add_update(g, {x}, g.call({x}) + 1);
    g.schedule().placement_set = true; // compute_inline() explicitly
    Function f = make_func("f", {"x"}, g.call({x}));
    REQUIRE_THROWS_WITH(schedule({f}),
                        Catch::Contains("\"g\"") && Catch::Contains("cannot be inlined"));
}

TEST_CASE("compute_at injects the producer inside the consumer's loop", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x + y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y - 1}) + g.call({x, y + 1}));
    compute_at(g, f, "y");
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_produce(st, "g"); }) ==
          std::vector<std::string>{"f.s0.y"});
    CHECK(loops_around(s, [](const Stmt &st) {
              const Realize *r = st.as<Realize>();
              return r && r->name == "g";
          }) == std::vector<std::string>{"f.s0.y"});
}

TEST_CASE("compute_at a split loop and store_root", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x + y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}) + g.call({x + 1, y}));
    split(f, 0, "x", "xo", "xi", 8);
    compute_at(g, f, "xo");
    g.schedule().store_level = LoopLevelData::root();
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_produce(st, "g"); }) ==
          std::vector<std::string>{"f.s0.y", "f.s0.xo"});
    CHECK(s.as<Realize>()); // stored at root
}

TEST_CASE("compute_at a loop that does not enclose every use is a CompileError",
          "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x + y);
    Function h = make_func("h", {"x", "y"}, g.call({x, y}) * 2);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}) + h.call({x, y}));
    compute_root(h);
    compute_at(g, f, "y");
    REQUIRE_THROWS_WITH(schedule({f}), Catch::Contains("Func \"g\"") && Catch::Contains("f.s0.y") &&
                                           Catch::Contains("Legal compute levels are: root"));
}

TEST_CASE("store level inside the compute level is a CompileError", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function g = make_func("g", {"x", "y"}, x + y);
    Function f = make_func("f", {"x", "y"}, g.call({x, y}));
    compute_at(g, f, "y");
    g.schedule().store_level = LoopLevelData::at("f", "x");
    REQUIRE_THROWS_WITH(schedule({f}), Catch::Contains("store_at") &&
                                           Catch::Contains("Func \"g\"") &&
                                           Catch::Contains("Legal store levels"));
}

TEST_CASE("updates with RDoms: RVar loops inside pure loops, predicate as if",
          "[lower][schedule]") {
    Expr x = ivar("x");
    ReductionDomain r({{"r.x", Expr(0), Expr(10)}});
    r.where(rvar(r, 0) % 2 == 0);
    Function f = make_func("f", {"x"}, x);
    add_update(f, {x}, f.call({x}) + rvar(r, 0), r);
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) {
              const Provide *p = st.as<Provide>();
              return p && contains(to_string(p->values[0]), "r.x");
          }) == std::vector<std::string>{"f.s1.x", "f.s1.r.x"});
    const For *rx = find_loop(s, "f.s1.r.x");
    REQUIRE(rx);
    CHECK(is_const(rx->extent, 10));
    CHECK(count_stmts<IfThenElse>(s) == 1);
}

TEST_CASE("ShiftInwards on an RVar is a CompileError", "[lower][schedule]") {
    Expr x = ivar("x");
    ReductionDomain r({{"r.x", Expr(0), Expr(10)}});
    Function f = make_func("f", {"x"}, x);
    add_update(f, {x}, f.call({x}) + rvar(r, 0), r);
    split(f, 1, "r.x", "ro", "ri", 4, TailStrategy::ShiftInwards);
    REQUIRE_THROWS_WITH(schedule({f}), Catch::Contains("r.x") && Catch::Contains("GuardWithIf"));
}

TEST_CASE("splits and fuses may reuse the old loop's name", "[lower][schedule]") {
    Expr x = ivar("x"), y = ivar("y");
    Function f = make_func("f", {"x", "y"}, x + y);
    split(f, 0, "x", "x", "xi", 4);
    fuse(f, 0, "x", "y", "x");
    split(f, 0, "x", "x", "xi2", 2);
    Stmt s = schedule({f});
    CHECK(loops_around(s, [](const Stmt &st) { return is_provide_of(st, "f"); }) ==
          std::vector<std::string>{"f.s0.x", "f.s0.xi2", "f.s0.xi"});
    // No name is bound twice on one path.
    std::vector<std::string> bound;
    std::function<void(const Stmt &)> check = [&](const Stmt &st) {
        std::string name;
        Stmt body;
        if (const For *l = st.as<For>()) {
            name = l->name;
            body = l->body;
        } else if (const LetStmt *l = st.as<LetStmt>()) {
            name = l->name;
            body = l->body;
        } else if (const IfThenElse *i = st.as<IfThenElse>()) {
            check(i->then_case);
            return;
        } else if (const ProducerConsumer *pc = st.as<ProducerConsumer>()) {
            check(pc->body);
            return;
        } else {
            return;
        }
        CHECK(std::find(bound.begin(), bound.end(), name) == bound.end());
        bound.push_back(name);
        check(body);
        bound.pop_back();
    };
    check(s);
}
