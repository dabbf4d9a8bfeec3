// partition_loops: an innermost loop with likely conditions becomes prologue / steady
// state / epilogue; the steady body has no guard, clamp or predicate; the ranges are
// right (checked by evaluating the bounds the pass emits); loops it must not touch
// (outer, parallel, unsolvable conditions) stay whole; and on real pipelines the
// steady loops of GuardWithIf tails and boundary conditions are clean.

#include "analysis/Evaluate.h"
#include "lower/Lower.h"
#include "lower/PartitionLoops.h"
#include "lower_test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

Expr ivar(const std::string &n) { return Variable::make(Int(32), n); }

Expr likely_of(const Expr &e) {
    return Call::make(e.type(), Call::likely, {e}, Call::PureIntrinsic);
}

Stmt serial(const std::string &name, Expr min, Expr extent, Stmt body,
            ForType t = ForType::Serial) {
    return For::make(name, std::move(min), std::move(extent), t, DeviceAPI::Host,
                     std::move(body));
}

std::vector<const For *> loops_named(const Stmt &s, const std::string &name) {
    std::vector<const For *> found;
    walk_stmts(s, [&](const Stmt &x) {
        if (const For *f = x.as<For>(); f && f->name == name) {
            found.push_back(f);
        }
    });
    return found;
}

template <typename T>
int count_exprs(const Stmt &s) {
    int n = 0;
    walk_exprs(s, [&](const Expr &e) {
        n += e.as<T>() != nullptr;
        return true;
    });
    return n;
}

template <typename T>
int count_stmts(const Stmt &s) {
    int n = 0;
    walk_stmts(s, [&](const Stmt &x) { n += x.as<T>() != nullptr; });
    return n;
}

int predicated_accesses(const Stmt &s) {
    int n = 0;
    auto predicated = [](const Expr &p) { return p.defined() && !is_const_true(p); };
    walk_stmts(s, [&](const Stmt &x) {
        const Store *st = x.as<Store>();
        n += st && predicated(st->predicate);
    });
    walk_exprs(s, [&](const Expr &e) {
        const Load *l = e.as<Load>();
        n += l && predicated(l->predicate);
        return true;
    });
    return n;
}

/// Likely tags outside the top of IfThenElse conditions (which keep theirs for
/// codegen's branch weights).
bool has_likely(const Stmt &s) {
    int tags = 0, on_ifs = 0;
    walk_exprs(s, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        tags += c && c->is_intrinsic(Call::likely);
        return true;
    });
    walk_stmts(s, [&](const Stmt &x) {
        const IfThenElse *op = x.as<IfThenElse>();
        const Call *c = op ? op->condition.as<Call>() : nullptr;
        on_ifs += c && c->is_intrinsic(Call::likely);
    });
    return tags > on_ifs;
}

/// The value bound by the LetStmt `name` in s, with the values of `vars`.
int64_t let_value(const Stmt &s, const std::string &name,
                  const std::map<std::string, int64_t> &vars) {
    Expr value;
    walk_stmts(s, [&](const Stmt &x) {
        if (const LetStmt *l = x.as<LetStmt>(); l && l->name == name) {
            value = l->value;
        }
    });
    REQUIRE(value.defined());
    std::map<std::string, EvalValue> env;
    for (const auto &[n, v] : vars) {
        env[n] = EvalValue::scalar_int(Int(32), v);
    }
    // Other lets of the partition (steady_min in steady_end) by name.
    walk_stmts(s, [&](const Stmt &x) {
        const LetStmt *l = x.as<LetStmt>();
        if (l && l->name != name && !env.count(l->name)) {
            EvalResult r = evaluate(l->value, env);
            if (r.value) {
                env[l->name] = *r.value;
            }
        }
    });
    EvalResult r = evaluate(value, env);
    REQUIRE(r.value.has_value());
    return r.value->ints[0];
}

} // namespace

TEST_CASE("partition: a scalar likely guard leaves the steady loop and stays in the epilogue",
          "[partition]") {
    // for (i, 0, 10) if (likely(i * 4 + 3 <= m)) out[i] = i
    Expr i = ivar("i"), m = ivar("m");
    Stmt store = Store::make("out", i, i);
    Stmt s = serial("i", 0, 10, IfThenElse::make(likely_of(i * 4 + 3 <= m), store));
    Stmt p = partition_loops(s);
    INFO(p);
    auto loops = loops_named(p, "i");
    REQUIRE(loops.size() == 2); // steady, epilogue: the guard holds from the start
    CHECK(count_stmts<IfThenElse>(loops[0]->body) == 0);
    CHECK(count_stmts<IfThenElse>(loops[1]->body) == 1);
    CHECK(is_const(loops[0]->min, 0));
    // The steady loop runs while i * 4 + 3 <= m, and never past the loop's end.
    for (auto [mv, want] : std::vector<std::pair<int, int>>{
             {20, 5}, {2, 0}, {3, 1}, {-100, 0}, {39, 10}, {1000, 10}, {22, 5}, {23, 6}}) {
        CAPTURE(mv);
        CHECK(let_value(p, "i.steady_end", {{"m", mv}}) == want);
    }
}

TEST_CASE("partition: a clamp marked likely gives prologue, clean steady state and epilogue",
          "[partition]") {
    // for (x, a, n) out[x] = in[max(min(likely(x - 1), hi), lo)]
    Expr x = ivar("x"), a = ivar("a"), n = ivar("n"), lo = ivar("lo"), hi = ivar("hi");
    Expr clamped = Max::make(Min::make(likely_of(x - 1), hi), lo);
    Stmt s = serial("x", a, n, Store::make("out", Load::make(Int(32), "in", clamped), x));
    Stmt p = partition_loops(s);
    INFO(p);
    auto loops = loops_named(p, "x");
    REQUIRE(loops.size() == 3);
    CHECK(count_exprs<Min>(loops[1]->body) == 0);
    CHECK(count_exprs<Max>(loops[1]->body) == 0);
    CHECK(count_exprs<Min>(loops[0]->body) == 1);
    CHECK(count_exprs<Min>(loops[2]->body) == 1);
    CHECK_FALSE(has_likely(p));
    // Steady: lo <= x - 1 <= hi, i.e. x in [lo + 1, hi + 1], within [a, a + n).
    struct Case {
        int a, n, lo, hi, first, end;
    };
    for (const Case &c : std::vector<Case>{{0, 100, 0, 63, 1, 65},
                                           {-5, 10, -100, 100, -5, 5},
                                           {0, 100, 10, 5, 11, 11}, // lo > hi: empty steady
                                           {0, 3, 0, 63, 1, 3},
                                           {0, 0, 0, 63, 0, 0},
                                           {50, 10, 0, 20, 50, 50}}) {
        CAPTURE(c.a, c.n, c.lo, c.hi);
        std::map<std::string, int64_t> v = {{"a", c.a}, {"n", c.n}, {"lo", c.lo}, {"hi", c.hi}};
        int64_t first = let_value(p, "x.steady_min", v);
        int64_t end = let_value(p, "x.steady_end", v);
        CHECK(first == c.first);
        CHECK(end == c.end);
        // The three loops tile [a, a + n) in order.
        CHECK(first >= c.a);
        CHECK(end >= first);
        CHECK(end <= std::max(c.a + c.n, c.a));
    }
}

TEST_CASE("partition: likely vector predicates vanish from the steady loop", "[partition]") {
    // for (xo, 0, (m + 16) / 16) out[ramp(xo * 16, 1, 16)] = in[...] if likely(lanes <= m)
    Expr xo = ivar("xo"), m = ivar("m");
    Expr lanes = Ramp::make(xo * 16, Expr(1), 16);
    Expr pred = likely_of(LE::make(lanes, Broadcast::make(m, 16)));
    Expr value = Load::make(Int(32).with_lanes(16), "in", lanes, pred);
    Stmt s = serial("xo", 0, (m + 16) / 16, Store::make("out", value, lanes, pred));
    Stmt p = partition_loops(s);
    INFO(p);
    auto loops = loops_named(p, "xo");
    REQUIRE(loops.size() == 2);
    CHECK(predicated_accesses(loops[0]->body) == 0);
    CHECK(predicated_accesses(loops[1]->body) == 2);
    // Whole vectors only: xo * 16 + 15 <= m.
    for (auto [mv, want] :
         std::vector<std::pair<int, int>>{{15, 1}, {14, 0}, {0, 0}, {100, 6}, {111, 7}}) {
        CAPTURE(mv);
        CHECK(let_value(p, "xo.steady_end", {{"m", mv}}) == want);
    }
}

TEST_CASE("partition: loops it must not split stay whole", "[partition]") {
    Expr i = ivar("i"), j = ivar("j"), m = ivar("m");
    Stmt guarded = IfThenElse::make(likely_of(i <= m), Store::make("out", i, i));
    SECTION("a condition on memory cannot be solved") {
        Expr c = likely_of(Load::make(Int(32), "flags", i) <= m);
        Stmt s = serial("i", 0, 10, IfThenElse::make(c, Store::make("out", i, i)));
        Stmt p = partition_loops(s);
        INFO(p);
        CHECK(loops_named(p, "i").size() == 1);
        CHECK(count_stmts<IfThenElse>(p) == 1);
    }
    SECTION("an outer loop (only innermost loops are split)") {
        Stmt inner = serial("j", 0, 4, Store::make("out2", j, j));
        Stmt s = serial("i", 0, 10, Block::make(guarded, inner));
        Stmt p = partition_loops(s);
        CHECK(loops_named(p, "i").size() == 1);
    }
    SECTION("a parallel loop") {
        Stmt p = partition_loops(serial("i", 0, 10, guarded, ForType::Parallel));
        CHECK(loops_named(p, "i").size() == 1);
    }
    SECTION("a condition that does not depend on the loop") {
        Stmt s = serial("j", 0, 10, IfThenElse::make(likely_of(i <= m), Store::make("o", j, j)));
        Stmt p = partition_loops(s);
        CHECK(loops_named(p, "j").size() == 1);
    }
    SECTION("no likely condition: the same node comes back") {
        Stmt s = serial("i", 0, 10, IfThenElse::make(i <= m, Store::make("out", i, i)));
        CHECK(partition_loops(s).same_as(s));
    }
}

TEST_CASE("partition: a GuardWithIf vector tail and repeat_edge lower to clean steady loops",
          "[partition][lower]") {
    ImageParam in(Float(32), 1, "in");
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = clamped(x - 2) + clamped(x + 2);
    f.split(x, xo, xi, 8, TailStrategy::GuardWithIf).vectorize(xi);
    LoweredPipeline lp = lower({f.function()}, "partitioned", Target("x86-64-linux-avx2"));
    Stmt body = lp.body;
    INFO(body);
    auto loops = loops_named(body, "f.s0.xo");
    // The dense version (specialize_dense_strides) in three parts; the general-stride
    // version, the else branch of `if (likely(dense))`, is cold and stays whole.
    REQUIRE(loops.size() == 4);
    const For *prologue = loops[0], *steady = loops[1], *epilogue = loops[2];
    CHECK(predicated_accesses(steady->body) == 0);
    CHECK(count_exprs<Min>(steady->body) == 0);
    CHECK(count_exprs<Max>(steady->body) == 0);
    CHECK(predicated_accesses(epilogue->body) > 0);
    CHECK(count_exprs<Max>(prologue->body) > 0);
    CHECK(predicated_accesses(loops[3]->body) > 0);
    CHECK(count_exprs<Max>(loops[3]->body) > 0);
    CHECK_FALSE(has_likely(body));
}

TEST_CASE("partition: an rfactored reduction's guarded tail leaves its steady loop",
          "[partition][lower]") {
    ImageParam in(Float(32), 1, "in");
    Func total("total");
    RDom r(0, in.width(), "r");
    RVar ro("ro"), ri("ri");
    Var u("u");
    total() = 0.0f;
    total() += in(r);
    total.update().split(r, ro, ri, 16, TailStrategy::GuardWithIf);
    Func partial = total.update().rfactor(ri, u);
    partial.compute_root().vectorize(u);
    partial.update().vectorize(u);
    LoweredPipeline lp = lower({total.function()}, "sum", Target("x86-64-linux-avx2"));
    INFO(lp.body);
    auto loops = loops_named(lp.body, partial.name() + ".s1.ro");
    REQUIRE(loops.size() >= 2);
    CHECK(predicated_accesses(loops[0]->body) == 0);
    CHECK(predicated_accesses(loops[1]->body) > 0);
}

namespace {

/// The number of nodes of e (a tree: shared subexpressions counted each time).
int expr_size(const Expr &e) {
    int n = 0;
    walk_exprs(e, [&](const Expr &) {
        n++;
        return true;
    });
    return n;
}

Expr let_expr(const Stmt &s, const std::string &name) {
    Expr value;
    walk_stmts(s, [&](const Stmt &x) {
        if (const LetStmt *l = x.as<LetStmt>(); l && l->name == name && !value.defined()) {
            value = l->value;
        }
    });
    return value;
}

/// Whether every Store and Load of `buffer` in s has a Ramp index with stride 1.
bool dense_accesses(const Stmt &s, const std::string &buffer) {
    bool dense = true;
    int found = 0;
    auto is_dense = [](const Expr &index) {
        const Ramp *r = index.as<Ramp>();
        return r && is_const(r->stride, 1);
    };
    walk_stmts(s, [&](const Stmt &x) {
        if (const Store *st = x.as<Store>(); st && st->name == buffer) {
            dense = dense && is_dense(st->index);
            found++;
        }
    });
    walk_exprs(s, [&](const Expr &e) {
        if (const Load *l = e.as<Load>(); l && l->name == buffer) {
            dense = dense && is_dense(l->index);
            found++;
        }
        return true;
    });
    return dense && found > 0;
}

/// The dense-stride version of a lowered pipeline (specialize_dense_strides puts it in
/// the then-branch of the first `if (likely(... stride == 1))`).
Stmt dense_version(const Stmt &s) {
    Stmt found;
    walk_stmts(s, [&](const Stmt &x) {
        const IfThenElse *op = x.as<IfThenElse>();
        if (op && !found.defined() && to_string(op->condition).find("stride") != std::string::npos) {
            found = op->then_case;
        }
    });
    return found.defined() ? found : s;
}

} // namespace

TEST_CASE("partition: a ShiftInwards vector loop has a steady loop of plain ramps",
          "[partition][lower]") {
    // vectorize(x, 16) on a pure output: every vector but the last starts at m + 16 xo;
    // the last is shifted inwards. The steady loop has no min, the epilogue keeps it.
    ImageParam in(Float(32), 2, "in");
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 2.0f + 1.0f;
    f.vectorize(x, 16);
    LoweredPipeline lp = lower({f.function()}, "shifted", Target("x86-64-linux-avx512"));
    Stmt body = dense_version(lp.body);
    INFO(body);
    auto loops = loops_named(body, "f.s0.x");
    REQUIRE(loops.size() == 2); // steady, epilogue: no lower bound
    const For *steady = loops[0], *epilogue = loops[1];
    CHECK(count_exprs<Min>(steady->body) == 0);
    CHECK(count_exprs<Max>(steady->body) == 0);
    CHECK(count_exprs<Select>(steady->body) == 0);
    CHECK(dense_accesses(steady->body, "f"));
    CHECK(dense_accesses(steady->body, "in"));
    CHECK(count_exprs<Min>(epilogue->body) == 1);
    CHECK_FALSE(has_likely(lp.body));
    // The steady loop runs the unshifted vectors: m + 16 xo + 15 <= m + w - 1.
    Expr end = let_expr(body, "f.s0.x.steady_end");
    REQUIRE(end.defined());
    CHECK(expr_size(end) < 40);
    for (auto [w, want] : std::vector<std::pair<int, int>>{
             {16, 1}, {17, 1}, {31, 1}, {32, 2}, {33, 2}, {100, 6}, {15, 0}, {1, 0}}) {
        for (int m : {0, -7, 13}) {
            CAPTURE(w, m);
            CHECK(let_value(body, "f.s0.x.steady_end",
                            {{"f.min.0", m}, {"f.extent.0", w}, {"f.s0.x.max", m + w - 1}}) ==
                  want);
        }
    }
}

TEST_CASE("partition: mirror_image and mirror_interior steady loops read dense vectors",
          "[partition][lower]") {
    for (bool interior : {false, true}) {
        CAPTURE(interior);
        ImageParam in(Int(32), 1, "in");
        Func m = interior ? BoundaryConditions::mirror_interior(in)
                          : BoundaryConditions::mirror_image(in);
        Func f("f");
        Var x("x");
        f(x) = m(x - 2) + m(x + 3) * 2;
        f.vectorize(x, 8);
        LoweredPipeline lp = lower({f.function()}, "mirrored", Target("x86-64-linux-avx2"));
        Stmt body = dense_version(lp.body);
        INFO(body);
        auto loops = loops_named(body, "f.s0.x");
        REQUIRE(loops.size() == 3); // prologue (x - 2 < min), steady, epilogue
        const For *steady = loops[1];
        CHECK(count_exprs<Select>(steady->body) == 0);
        CHECK(count_exprs<Mod>(steady->body) == 0);
        CHECK(count_exprs<Min>(steady->body) == 0);
        CHECK(count_exprs<Max>(steady->body) == 0);
        CHECK(dense_accesses(steady->body, "in"));
        CHECK(count_exprs<Select>(loops[0]->body) > 0);
        CHECK(count_exprs<Select>(loops[2]->body) > 0);
        CHECK_FALSE(has_likely(lp.body));
        // The partition's bounds and the input's buffer check stay small: the mirrored
        // reads are clamped into the input, so its checked region is the input itself.
        for (const char *name : {"f.s0.x.steady_min", "f.s0.x.steady_end"}) {
            CAPTURE(name);
            Expr e = let_expr(body, name);
            REQUIRE(e.defined());
            CHECK(expr_size(e) < 80);
        }
        int checks = 0;
        walk_stmts(lp.body, [&](const Stmt &x) {
            const AssertStmt *a = x.as<AssertStmt>();
            if (a && to_string(a->message).find("\"in\", 0") != std::string::npos) {
                CHECK(expr_size(a->condition) < 30);
                checks++;
            }
        });
        CHECK(checks == 1);
    }
}

TEST_CASE("partition: repeated conditions of an unrolled body are bounded once",
          "[partition]") {
    // for (i, 0, n) { 8 unrolled copies, each guarded by likely(i * 4 + k <= m) and
    // likely(j + k <= h) (k = 0..7), each condition repeated in 3 stores }: the steady
    // range needs only the tightest of them (k = 7).
    Expr i = ivar("i"), j = ivar("j"), m = ivar("m"), h = ivar("h"), n = ivar("n");
    std::vector<Stmt> copies;
    for (int k = 0; k < 8; k++) {
        for (int rep = 0; rep < 3; rep++) {
            Expr guard = likely_of(i * 4 + k <= m) && likely_of(j + k <= h);
            copies.push_back(IfThenElse::make(guard, Store::make("out" + std::to_string(rep),
                                                                 i + k, i * 4 + k)));
        }
    }
    Stmt s = serial("i", 0, n, Block::make(copies));
    Stmt p = partition_loops(s);
    INFO(p);
    auto loops = loops_named(p, "i");
    REQUIRE(loops.size() == 2);
    CHECK(count_stmts<IfThenElse>(loops[0]->body) == 0);
    Expr end = let_expr(p, "i.steady_end");
    REQUIRE(end.defined());
    CAPTURE(end);
    CHECK(count_exprs<LE>(Evaluate::make(end)) + count_exprs<LT>(Evaluate::make(end)) <= 1);
    CHECK(expr_size(end) < 30);
    // Steady while i * 4 + 7 <= m and j + 7 <= h.
    for (int mv : {-5, 6, 7, 10, 11, 40, 1000}) {
        for (int hv : {0, 6, 7, 20}) {
            CAPTURE(mv, hv);
            int64_t want = hv < 7 ? 0 : std::clamp<int64_t>((mv - 7) / 4 + 1, 0, 20);
            if (mv < 7) {
                want = 0;
            }
            CHECK(let_value(p, "i.steady_end", {{"m", mv}, {"h", hv}, {"n", 20}, {"j", 0}}) ==
                  want);
        }
    }
}

TEST_CASE("partition: loops under the else branch of an if (likely(c)) stay whole",
          "[partition]") {
    // The unlikely branch is the cold path (specialize_dense_strides' general-stride
    // version): splitting its loops would only grow the code.
    Expr i = ivar("i"), m = ivar("m"), c = ivar("c");
    auto guarded_loop = [&](const std::string &out) {
        return serial("i", 0, 10, IfThenElse::make(likely_of(i <= m), Store::make(out, i, i)));
    };
    Stmt s = IfThenElse::make(likely_of(c == 1), guarded_loop("hot"), guarded_loop("cold"));
    Stmt p = partition_loops(s);
    INFO(p);
    const IfThenElse *top = p.as<IfThenElse>();
    REQUIRE(top);
    CHECK(loops_named(top->then_case, "i").size() == 2);
    CHECK(loops_named(top->else_case, "i").size() == 1);
    CHECK(count_stmts<IfThenElse>(top->else_case) == 1);
    // Without an else branch, or without the likely tag, both sides are hot.
    Stmt plain = IfThenElse::make(c == 1, guarded_loop("a"), guarded_loop("b"));
    CHECK(loops_named(partition_loops(plain), "i").size() == 4);
}
