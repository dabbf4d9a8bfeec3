// sliding_window: with storage hoisted out of the compute loop, each iteration computes
// only the rows earlier iterations did not. Each pipeline is lowered up to the pass and
// run by a reference interpreter (sliding_window_interpreter.h), which counts the points
// computed, checks that nothing is read before it is computed or outside its Realize,
// and compares the output with plain C++.

#include "analysis/Substitute.h"
#include "ir/IREquality.h"
#include "lower/PrintLoopNest.h"
#include "sliding_window_interpreter.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace sliding_test;

namespace {

const int W = 5, H = 11;

/// bx(x, y) = 7x + 3y^2 (no two rows alike); by reads rows y, y + 1, y + 2 of it.
int64_t ref_bx(int64_t x, int64_t y) {
    return 7 * x + 3 * y * y;
}
int64_t ref_by(int x, int y) {
    return ref_bx(x, y) + 2 * ref_bx(x, y + 1) + 5 * ref_bx(x, y + 2);
}

struct Blur {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_func("bx", {"x", "y"}, x * 7 + y * y * 3);
    Function by = make_func("by", {"x", "y"},
                            bx.call({x, y}) + bx.call({x, y + 1}) * 2 + bx.call({x, y + 2}) * 5);
    /// bx.store_root().compute_at(by, y)
    Blur() {
        compute_at(bx, by, "y");
        bx.schedule().store_level = LoopLevelData::root();
    }
};

Expr let_in(const Stmt &s, const std::string &name) {
    Expr e = let_value(s, name);
    REQUIRE(e.defined());
    return e;
}

} // namespace

TEST_CASE("is_monotonic follows sums, scaling, min/max and selects", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    CHECK(is_monotonic(x + 1, "x") == Monotonic::Increasing);
    CHECK(is_monotonic(2 - x, "x") == Monotonic::Decreasing);
    CHECK(is_monotonic(x * -3 + y, "x") == Monotonic::Decreasing);
    CHECK(is_monotonic(x / 2, "x") == Monotonic::Increasing);
    CHECK(is_monotonic(y * 4, "x") == Monotonic::Constant);
    CHECK(is_monotonic(Min::make(x, y), "x") == Monotonic::Increasing);
    CHECK(is_monotonic(Max::make(x, 0 - x), "x") == Monotonic::Unknown);
    CHECK(is_monotonic(x * x, "x") == Monotonic::Unknown);
    CHECK(is_monotonic(x % 4, "x") == Monotonic::Unknown);
    CHECK(is_monotonic(Cast::make(Int(64), x), "x") == Monotonic::Increasing);
    // What sliding writes: the first iteration's value, then a larger one.
    CHECK(is_monotonic(Select::make(x <= 0, x, x + 2), "x") == Monotonic::Increasing);
    CHECK(is_monotonic(Select::make(x <= 0, x + 2, x), "x") == Monotonic::Unknown);
    CHECK(is_monotonic(Select::make(y <= 0, x, x + 2), "x") == Monotonic::Increasing);
}

TEST_CASE("blur: each row of the producer is computed once", "[lower][sliding]") {
    Blur b;
    Stmt slid = lower_until({b.by}, true, false);
    // Only the min of bx's region in y changed: the first iteration computes 3 rows,
    // later ones start past the last row computed.
    Expr min = let_in(slid, "bx.s0.y.min");
    CHECK(min.as<Select>());
    // The max is untouched (the simplifier inlines it, being by.s0.y + 2): read it
    // before simplification.
    {
        std::map<std::string, Function> env = find_functions({b.by});
        std::vector<std::string> order = realization_order({b.by}, env);
        Stmt raw = sliding_window(
            bounds_inference(schedule_functions({b.by}, order, env), {b.by}, order, env), env);
        CHECK(can_prove(simplify(let_in(raw, "bx.s0.y.max")) == ivar("by.s0.y") + 2));
    }
    Expr steady = substitute("by.min.1", Expr(0), substitute("by.s0.y", Expr(5), min));
    CHECK(is_const(simplify(steady), 7));
    Expr first = substitute("by.min.1", Expr(0), substitute("by.s0.y", Expr(0), min));
    CHECK(is_const(simplify(first), 0));

    std::map<int64_t, std::set<int64_t>> rows; // iteration of by.s0.y -> rows of bx computed
    Interpreter run = run_and_check(slid, "by", W, H, ref_by, [&](Interpreter &in) {
        in.on_provide = [&](const std::string &f, const std::vector<int64_t> &c) {
            if (f == "bx") {
                rows[in.scalars.at("by.s0.y")].insert(c[1]);
            }
        };
    });
    CHECK(run.provides["bx"] == W * (H + 2));
    CHECK(rows[0] == std::set<int64_t>{0, 1, 2});
    for (int y = 1; y < H; y++) {
        CHECK(rows[y] == std::set<int64_t>{y + 2});
    }

    // Without the pass every row is computed three times.
    Interpreter plain = run_and_check(lower_until({b.by}, false, false), "by", W, H, ref_by);
    CHECK(plain.provides["bx"] == 3 * W * H);
}

TEST_CASE("store_at an outer split loop slides over the inner one", "[lower][sliding]") {
    Blur b;
    split(b.by, 0, "y", "yo", "yi", 4); // 11 rows: strips at 0, 4 and 7 (ShiftInwards)
    compute_at(b.bx, b.by, "yi");
    b.bx.schedule().store_level = LoopLevelData::at("by", "yo");
    std::vector<SlidDimension> slid;
    auto env = find_functions({b.by});
    auto order = realization_order({b.by}, env);
    Stmt s = bounds_inference(schedule_functions({b.by}, order, env), {b.by}, order, env);
    s = simplify(sliding_window(s, env, &slid));
    REQUIRE(slid.size() == 1);
    CHECK(slid[0].func == "bx");
    CHECK(slid[0].dim == "y");
    CHECK(slid[0].loop == "by.s0.yi");
    // Each strip of 4 rows of by computes its 6 rows of bx once.
    Interpreter run = run_and_check(s, "by", W, H, ref_by);
    CHECK(run.provides["bx"] == 3 * 6 * W);
}

TEST_CASE("a chain of two producers both slide", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function a = make_func("a", {"x", "y"}, x + y * y);
    Function bx = make_func("bx", {"x", "y"}, a.call({x, y}) * 3 - a.call({x, y + 1}));
    Function by = make_func("by", {"x", "y"}, bx.call({x, y}) + bx.call({x, y + 2}) * 2);
    for (Function *f : {&a, &bx}) {
        compute_at(*f, by, "y");
        f->schedule().store_level = LoopLevelData::root();
    }
    auto ra = [](int64_t x, int64_t y) { return x + y * y; };
    auto rbx = [&](int64_t x, int64_t y) { return ra(x, y) * 3 - ra(x, y + 1); };
    Interpreter run = run_and_check(lower_until({by}, true, false), "by", W, H,
                                    [&](int x, int y) { return rbx(x, y) + rbx(x, y + 2) * 2; });
    CHECK(run.provides["bx"] == W * (H + 2));
    CHECK(run.provides["a"] == W * (H + 3));
}

TEST_CASE("sliding in x over the innermost loop of the consumer", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_func("bx", {"x", "y"}, x * x + y * 11);
    Function by = make_func("by", {"x", "y"},
                            bx.call({x, y}) - bx.call({x + 1, y}) + bx.call({x + 2, y}) * 4);
    compute_at(bx, by, "x");
    bx.schedule().store_level = LoopLevelData::root();
    Stmt s = lower_until({by}, true, false);
    CHECK(let_in(s, "bx.s0.x.min").as<Select>());
    auto r = [](int64_t x, int64_t y) { return x * x + y * 11; };
    Interpreter run = run_and_check(
        s, "by", W, H, [&](int x, int y) { return r(x, y) - r(x + 1, y) + r(x + 2, y) * 4; });
    CHECK(run.provides["bx"] == (W + 2) * H);
}

TEST_CASE("a window walking down slides its max", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_func("bx", {"x", "y"}, x * 7 + y * y * 3);
    Function by = make_func("by", {"x", "y"}, bx.call({x, 0 - y}) + bx.call({x, 1 - y}) * 3);
    compute_at(bx, by, "y");
    bx.schedule().store_level = LoopLevelData::root();
    Stmt s = lower_until({by}, true, false);
    CHECK(let_in(s, "bx.s0.y.max").as<Select>());
    Interpreter run = run_and_check(
        s, "by", W, H, [](int x, int y) { return ref_bx(x, -y) + ref_bx(x, 1 - y) * 3; });
    CHECK(run.provides["bx"] == W * (H + 1));
}

TEST_CASE("an upsampling consumer: every other iteration computes nothing", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_func("bx", {"x", "y"}, x * 7 + y * y * 3);
    Function by = make_func("by", {"x", "y"}, bx.call({x, y / 2}) + bx.call({x, y / 2 + 1}) * 3);
    compute_at(bx, by, "y");
    bx.schedule().store_level = LoopLevelData::root();
    std::map<int64_t, int> points; // iteration of by.s0.y -> points of bx computed
    Interpreter run = run_and_check(
        lower_until({by}, true, true), "by", W, H,
        [](int x, int y) { return ref_bx(x, y / 2) + ref_bx(x, y / 2 + 1) * 3; },
        [&](Interpreter &in) {
            in.on_provide = [&](const std::string &f, const std::vector<int64_t> &) {
                points[in.scalars.at("by.s0.y")] += f == "bx";
            };
        });
    CHECK(run.provides["bx"] == W * ((H - 1) / 2 + 2));
    CHECK(points[0] == 2 * W);
    CHECK(points[1] == 0);
    CHECK(points[2] == W);
}

TEST_CASE("no sliding where it would be unsafe or useless", "[lower][sliding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_func("bx", {"x", "y"}, x * 7 + y * y * 3);
    Function by;
    std::function<int64_t(int, int)> ref;
    // (A parallel loop between store and compute is refused by schedule_functions:
    // tests/error/schedule_store_outside_parallel.cpp.)
    SECTION("a producer with an update definition") {
        add_update(bx, {x, y}, bx.call({x, y}) + 1);
        by = make_func("by", {"x", "y"}, bx.call({x, y}) + bx.call({x, y + 1}));
        ref = [](int x, int y) { return ref_bx(x, y) + ref_bx(x, y + 1) + 2; };
    }
    SECTION("a region moving in two dimensions") {
        by = make_func("by", {"x", "y"}, bx.call({x + y, y}) + bx.call({x + y, y + 1}));
        ref = [](int x, int y) { return ref_bx(x + y, y) + ref_bx(x + y, y + 1); };
    }
    SECTION("a region that is not monotonic") {
        by = make_func("by", {"x", "y"}, bx.call({x, y}) + bx.call({x, 6 - y}));
        ref = [](int x, int y) { return ref_bx(x, y) + ref_bx(x, 6 - y); };
    }
    SECTION("a downsampling consumer: consecutive windows do not overlap") {
        by = make_func("by", {"x", "y"}, bx.call({x, y * 2}) + bx.call({x, y * 2 + 1}));
        ref = [](int x, int y) { return ref_bx(x, y * 2) + ref_bx(x, y * 2 + 1); };
    }
    SECTION("a RoundUp split of the producer") {
        split(bx, 0, "y", "yo", "yi", 2, TailStrategy::RoundUp);
        by = make_func("by", {"x", "y"}, bx.call({x, y}) + bx.call({x, y + 1}));
        ref = [](int x, int y) { return ref_bx(x, y) + ref_bx(x, y + 1); };
    }
    compute_at(bx, by, "y");
    bx.schedule().store_level = LoopLevelData::root();
    auto env = find_functions({by});
    auto order = realization_order({by}, env);
    Stmt s = bounds_inference(schedule_functions({by}, order, env), {by}, order, env);
    std::vector<SlidDimension> slid;
    Stmt after = sliding_window(s, env, &slid);
    CHECK(slid.empty());
    CHECK(equal(after, s));
    run_and_check(simplify(after), "by", W, H, ref);
}

TEST_CASE("print_loop_nest marks the sliding Func", "[lower][sliding]") {
    Blur b;
    std::string nest = print_loop_nest({b.by}, Target("x86-64-linux"));
    INFO(nest);
    CHECK(contains(nest, "store bx (sliding over y"));
}
