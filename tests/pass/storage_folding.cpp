// storage_folding: a Func whose window walks with a serial loop keeps only a circular
// buffer of it. Each pipeline is lowered through the pass and run by a reference
// interpreter (sliding_window_interpreter.h) that keeps each Realize at its folded size,
// so a fold too small, or a slot rewritten while still needed, shows up as a wrong
// output or an access outside the Realize.

#include "ir/IREquality.h"
#include "lower/PrintLoopNest.h"
#include "sliding_window_interpreter.h"

#include <catch2/catch.hpp>

using namespace sliding_test;

namespace {

const int W = 5, H = 13;

int64_t ref_bx(int64_t x, int64_t y) {
    return 7 * x + 3 * y * y;
}

const Realize *find_realize(const Stmt &s, const std::string &name) {
    const Realize *found = nullptr;
    walk_stmts(s, [&](const Stmt &st) {
        const Realize *r = st.as<Realize>();
        if (r && r->name == name) {
            found = r;
        }
    });
    REQUIRE(found);
    return found;
}

/// The Realize range of `name` in dimension `dim` is [0, factor).
bool folded_to(const Stmt &s, const std::string &name, int dim, int64_t factor) {
    const Realize *r = find_realize(s, name);
    return is_const(r->bounds[dim].min, 0) && is_const(r->bounds[dim].extent, factor);
}

/// Every Provide and call of `name` uses `c % factor` in dimension `dim`.
bool accesses_folded(const Stmt &s, const std::string &name, int dim, int64_t factor) {
    int total = 0, folded = 0;
    auto check = [&](const std::vector<Expr> &args) {
        total++;
        const Mod *m = args[dim].as<Mod>();
        folded += m && is_const(m->b, factor);
    };
    walk_stmts(s, [&](const Stmt &st) {
        const Provide *p = st.as<Provide>();
        if (p && p->name == name) {
            check(p->args);
        }
    });
    walk_exprs(s, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        if (c && c->call_type == Call::Func && c->name == name) {
            check(c->args);
        }
        return true;
    });
    return total > 0 && folded == total;
}

/// by(x, y) = sum of bx(x, y + k) * (k + 1) for k in [0, taps).
Function stencil(const Function &bx, int taps) {
    Expr x = ivar("x"), y = ivar("y");
    Expr sum;
    for (int k = 0; k < taps; k++) {
        Expr term = bx.call({x, y + k}) * (k + 1);
        sum = sum.defined() ? sum + term : term;
    }
    return make_func("by", {"x", "y"}, sum);
}
int64_t ref_stencil(int x, int y, int taps) {
    int64_t sum = 0;
    for (int k = 0; k < taps; k++) {
        sum += ref_bx(x, y + k) * (k + 1);
    }
    return sum;
}

Function make_bx() {
    Expr x = ivar("x"), y = ivar("y");
    return make_func("bx", {"x", "y"}, x * 7 + y * y * 3);
}

void store_root_compute_at(Function &f, const Function &g, const std::string &v) {
    compute_at(f, g, v);
    f.schedule().store_level = LoopLevelData::root();
}

} // namespace

TEST_CASE("a 3-row stencil after sliding folds to 4 rows", "[lower][folding]") {
    Function bx = make_bx();
    Function by = stencil(bx, 3);
    store_root_compute_at(bx, by, "y");
    auto env = find_functions({by});
    auto order = realization_order({by}, env);
    Stmt s = bounds_inference(schedule_functions({by}, order, env), {by}, order, env);
    s = simplify(sliding_window(s, env));
    std::vector<FoldedDimension> folds;
    Stmt folded = storage_folding(s, env, &folds);
    REQUIRE(folds.size() == 1);
    CHECK(folds[0].func == "bx");
    CHECK(folds[0].dim == "y");
    CHECK(folds[0].loop == "by.s0.y");
    CHECK(folds[0].factor == 4);
    CHECK(folded_to(folded, "bx", 1, 4));
    CHECK(equal(find_realize(folded, "bx")->bounds[0].extent,
                find_realize(s, "bx")->bounds[0].extent)); // x is not folded
    CHECK(accesses_folded(folded, "bx", 1, 4));
    Interpreter run =
        run_and_check(folded, "by", W, H, [](int x, int y) { return ref_stencil(x, y, 3); });
    CHECK(run.provides["bx"] == W * (H + 2));
}

TEST_CASE("a 5-row stencil folds to 8 rows, a 2-row one to 2", "[lower][folding]") {
    auto taps = GENERATE(2, 5);
    Function bx = make_bx();
    Function by = stencil(bx, taps);
    store_root_compute_at(bx, by, "y");
    Stmt s = lower_until({by}, true, true);
    int64_t factor = taps == 5 ? 8 : 2;
    CHECK(folded_to(s, "bx", 1, factor));
    CHECK(accesses_folded(s, "bx", 1, factor));
    run_and_check(s, "by", W, H, [&](int x, int y) { return ref_stencil(x, y, taps); });
}

TEST_CASE("folding without sliding: a producer with an update", "[lower][folding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_bx();
    add_update(bx, {x, y}, bx.call({x, y}) * 2);
    Function by = stencil(bx, 3);
    store_root_compute_at(bx, by, "y");
    Stmt s = lower_until({by}, true, true);
    CHECK(folded_to(s, "bx", 1, 4));
    Interpreter run =
        run_and_check(s, "by", W, H, [](int x, int y) { return 2 * ref_stencil(x, y, 3); });
    CHECK(run.provides["bx"] == 2 * 3 * W * H); // both stages, 3 rows per iteration
}

TEST_CASE("folding in x, and in y by 1, for compute_at the innermost loop", "[lower][folding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_bx();
    Function by = make_func("by", {"x", "y"},
                            bx.call({x, y}) - bx.call({x + 1, y}) * 2 + bx.call({x + 2, y}));
    store_root_compute_at(bx, by, "x");
    Stmt s = lower_until({by}, true, true);
    CHECK(folded_to(s, "bx", 0, 4));
    CHECK(folded_to(s, "bx", 1, 1));
    run_and_check(s, "by", W, H, [](int x, int y) {
        return ref_bx(x, y) - ref_bx(x + 1, y) * 2 + ref_bx(x + 2, y);
    });
}

TEST_CASE("store_at an outer split loop folds the Realize inside it", "[lower][folding]") {
    Function bx = make_bx();
    Function by = stencil(bx, 3);
    split(by, 0, "y", "yo", "yi", 4);
    compute_at(bx, by, "yi");
    bx.schedule().store_level = LoopLevelData::at("by", "yo");
    Stmt s = lower_until({by}, true, true);
    CHECK(folded_to(s, "bx", 1, 4));
    CHECK(loops_around(s, [](const Stmt &st) { return st.as<Realize>() != nullptr; }) ==
          std::vector<std::string>{"by.s0.yo"});
    run_and_check(s, "by", W, H, [](int x, int y) { return ref_stencil(x, y, 3); });
}

TEST_CASE("a window walking down folds too", "[lower][folding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_bx();
    Function by = make_func("by", {"x", "y"}, bx.call({x, 0 - y}) + bx.call({x, 2 - y}) * 3);
    store_root_compute_at(bx, by, "y");
    Stmt s = lower_until({by}, true, true);
    CHECK(folded_to(s, "bx", 1, 4));
    run_and_check(s, "by", W, H, [](int x, int y) { return ref_bx(x, -y) + ref_bx(x, 2 - y) * 3; });
}

TEST_CASE("no folding where the window is unbounded or not monotonic", "[lower][folding]") {
    Expr x = ivar("x"), y = ivar("y");
    Function bx = make_bx();
    Function by;
    std::function<int64_t(int, int)> ref;
    // (A parallel loop between store and compute is refused by schedule_functions:
    // tests/error/schedule_store_outside_parallel.cpp.)
    SECTION("a window that grows with the loop") {
        by = make_func("by", {"x", "y"}, bx.call({x, 0}) + bx.call({x, y}));
        ref = [](int x, int y) { return ref_bx(x, 0) + ref_bx(x, y); };
    }
    SECTION("a window that is not monotonic") {
        by = make_func("by", {"x", "y"}, bx.call({x, y % 3}) + bx.call({x, y % 3 + 1}));
        ref = [](int x, int y) { return ref_bx(x, y % 3) + ref_bx(x, y % 3 + 1); };
    }
    store_root_compute_at(bx, by, "y");
    auto env = find_functions({by});
    Stmt s = lower_until({by}, true, false);
    std::vector<FoldedDimension> folds;
    Stmt after = storage_folding(s, env, &folds);
    CHECK(folds.empty());
    CHECK(after.same_as(s));
    run_and_check(after, "by", W, H, ref);
}

TEST_CASE("print_loop_nest shows the folded dimension and factor", "[lower][folding]") {
    Function bx = make_bx();
    Function by = stencil(bx, 3);
    store_root_compute_at(bx, by, "y");
    std::string nest = print_loop_nest({by}, Target("x86-64-linux"));
    INFO(nest);
    CHECK(contains(nest, "store bx (sliding over y, folded y: 4):"));
}
