// dense_lane_shuffles (src/lower/DenseLaneShuffles.h): divisions and remainders of a
// vector loop's ramp by 2..4 become constants in per-residue versions of the body; the
// loads they index become dense loads plus shuffles (also under a clamp, in a version
// of the store guarded by the clamp being inactive); the values agree lane by lane
// with the original for every residue (checked by evaluation); what it must not touch
// stays the same; and a lowered interleave pipeline has no gather left.

#include "analysis/Evaluate.h"
#include "analysis/Simplify.h"
#include "codegen/CodeGen.h"
#include "lower/DenseLaneShuffles.h"
#include "lower/Lower.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

constexpr int L = 16;

Expr ivar(const std::string &n) { return Variable::make(Int(32), n); }
Expr lanes_of_v() { return Ramp::make(ivar("v"), make_one(Int(32)), L); }
Expr splat(int c) { return Broadcast::make(make_const(Int(32), c), L); }

/// let v = base * 16 + m in <body>: a vector loop's first lane.
Stmt in_vector_loop(const Stmt &body) {
    return LetStmt::make("v", Add::make(Mul::make(ivar("base"), make_const(Int(32), 16)), ivar("m")),
                         body);
}

Stmt store_out(const Expr &value) { return Store::make("out", value, lanes_of_v()); }

/// The versions a versioned body holds: residue -> body, from
/// if (v % C == 0) b0 else if (v % C == 1) b1 ... else b(C-1).
std::map<int, Stmt> versions_of(const Stmt &s, int modulus) {
    const LetStmt *let = s.as<LetStmt>();
    REQUIRE(let);
    std::map<int, Stmt> out;
    Stmt cur = let->body;
    for (int r = 0; r < modulus - 1; r++) {
        const IfThenElse *ite = cur.as<IfThenElse>();
        REQUIRE(ite);
        const EQ *eq = ite->condition.as<EQ>();
        REQUIRE(eq);
        const Mod *m = eq->a.as<Mod>();
        REQUIRE(m);
        CHECK(as_const_int(m->b) == modulus);
        CHECK(as_const_int(eq->b) == r);
        out[r] = ite->then_case;
        cur = ite->else_case;
    }
    out[modulus - 1] = cur;
    return out;
}

const Store *only_store(const Stmt &s) {
    const Store *found = nullptr;
    int n = 0;
    walk_stmts(s, [&](const Stmt &x) {
        if (const Store *st = x.as<Store>()) {
            found = st;
            n++;
        }
    });
    REQUIRE(n == 1);
    return found;
}

template <typename T>
int count_exprs(const Stmt &s, const std::function<bool(const T *)> &pred = nullptr) {
    int n = 0;
    walk_exprs(s, [&](const Expr &e) {
        const T *t = e.as<T>();
        n += t && (!pred || pred(t));
        return true;
    });
    return n;
}

int vector_div_mods(const Stmt &s) {
    return count_exprs<Div>(s, [](const Div *d) { return d->type.is_vector(); }) +
           count_exprs<Mod>(s, [](const Mod *m) { return m->type.is_vector(); });
}

/// Lane i of a vector expression as a scalar one (the evaluator does not take
/// Shuffles; this follows them to the lane they pick).
Expr lane_of(const Expr &e, int i) {
    if (e.type().is_scalar()) {
        return e;
    }
    if (const Broadcast *b = e.as<Broadcast>()) {
        return b->value;
    }
    if (const Ramp *r = e.as<Ramp>()) {
        return Add::make(r->base, Mul::make(r->stride, make_const(r->stride.type(), i)));
    }
    if (const Shuffle *s = e.as<Shuffle>()) {
        int k = s->indices[size_t(i)];
        for (const Expr &v : s->vectors) {
            if (k < v.type().lanes) {
                return lane_of(v, k);
            }
            k -= v.type().lanes;
        }
        FAIL("shuffle index out of range");
    }
#define WEFT_TEST_LANE_BINARY(T)                                                                   \
    if (const T *op = e.as<T>()) {                                                                 \
        return T::make(lane_of(op->a, i), lane_of(op->b, i));                                      \
    }
    WEFT_TEST_LANE_BINARY(Add)
    WEFT_TEST_LANE_BINARY(Sub)
    WEFT_TEST_LANE_BINARY(Mul)
    WEFT_TEST_LANE_BINARY(Div)
    WEFT_TEST_LANE_BINARY(Mod)
    WEFT_TEST_LANE_BINARY(Min)
    WEFT_TEST_LANE_BINARY(Max)
    WEFT_TEST_LANE_BINARY(EQ)
    WEFT_TEST_LANE_BINARY(LT)
    WEFT_TEST_LANE_BINARY(LE)
    WEFT_TEST_LANE_BINARY(And)
#undef WEFT_TEST_LANE_BINARY
    if (const Select *op = e.as<Select>()) {
        return Select::make(lane_of(op->condition, i), lane_of(op->true_value, i),
                            lane_of(op->false_value, i));
    }
    FAIL("lane_of: unexpected " << e);
    return Expr();
}

std::vector<int64_t> eval_lanes(const Expr &e, const std::map<std::string, EvalValue> &vars) {
    std::vector<int64_t> out;
    for (int i = 0; i < e.type().lanes; i++) {
        EvalResult r = evaluate(lane_of(e, i), vars);
        REQUIRE(r.value.has_value());
        out.push_back(r.value->ints[0]);
    }
    return out;
}

std::map<std::string, EvalValue> bind_v(int64_t v, int64_t w = 0) {
    return {{"v", EvalValue::scalar_int(Int(32), v)}, {"w", EvalValue::scalar_int(Int(32), w)}};
}

} // namespace

TEST_CASE("dense_lane_shuffles: x / c and x % c become constants lane by lane in each residue",
          "[dense_lane_shuffles]") {
    Expr x = lanes_of_v();
    // x / 2 * 10 + x % 2 + (x + 3) / 4 - (x - 1) % 4 * 3: residues modulo lcm(2, 4) = 4.
    Expr value = Add::make(Add::make(Mul::make(Div::make(x, splat(2)), splat(10)), Mod::make(x, splat(2))),
                           Sub::make(Div::make(Ramp::make(Add::make(ivar("v"), make_const(Int(32), 3)),
                                                          make_one(Int(32)), L),
                                               splat(4)),
                                     Mul::make(Mod::make(Ramp::make(Sub::make(ivar("v"),
                                                                             make_one(Int(32))),
                                                                    make_one(Int(32)), L),
                                                         splat(4)),
                                               splat(3))));
    Stmt s = in_vector_loop(store_out(value));
    Stmt out = dense_lane_shuffles(s);
    INFO(out);
    std::map<int, Stmt> versions = versions_of(out, 4);
    for (const auto &[r, body] : versions) {
        CHECK(vector_div_mods(body) == 0);
        const Store *st = only_store(body);
        for (int64_t q : {-7, -1, 0, 1, 5, 1000}) {
            const int64_t v = 4 * q + r;
            CAPTURE(r, v);
            CHECK(eval_lanes(st->value, bind_v(v)) == eval_lanes(value, bind_v(v)));
        }
    }
}

TEST_CASE("dense_lane_shuffles: an interleave reads two dense half vectors and blends them",
          "[dense_lane_shuffles]") {
    Expr x = lanes_of_v();
    Expr half = Div::make(x, splat(2));
    auto load = [&](const std::string &name) {
        return Load::make(UInt(16, L), name,
                          Sub::make(half, Broadcast::make(ivar(name + ".min"), L)));
    };
    Expr value = Select::make(EQ::make(Mod::make(x, splat(2)), splat(0)), load("a"), load("b"));
    Stmt out = dense_lane_shuffles(in_vector_loop(store_out(value)));
    INFO(out);
    std::map<int, Stmt> versions = versions_of(out, 2);
    for (const auto &[r, body] : versions) {
        CAPTURE(r);
        CHECK(vector_div_mods(body) == 0);
        CHECK(count_exprs<Select>(body) == 0);
        // Every load is dense: L / 2 lanes from an even start, L / 2 + 1 from an odd one.
        int dense = 0;
        walk_exprs(body, [&](const Expr &e) {
            if (const Load *l = e.as<Load>()) {
                const Ramp *idx = l->index.as<Ramp>();
                REQUIRE(idx);
                CHECK(is_const_one(idx->stride));
                CHECK(l->type.lanes == (r == 0 ? L / 2 : L / 2 + 1));
                // The span starts at v / 2 (rounded down) in the buffer.
                std::map<std::string, EvalValue> vars = bind_v(2 * 21 + r);
                vars[l->name + ".min"] = EvalValue::scalar_int(Int(32), 3);
                CHECK(eval_lanes(idx->base, vars) == std::vector<int64_t>{21 - 3});
                dense++;
            }
            return true;
        });
        CHECK(dense == 2);
        // The blend takes even lanes from a's shuffle and odd ones from b's.
        const Store *st = only_store(body);
        const Shuffle *blend = st->value.as<Shuffle>();
        REQUIRE(blend);
        REQUIRE(blend->vectors.size() == 2);
        for (int i = 0; i < L; i++) {
            const bool even = (r + i) % 2 == 0;
            CHECK(blend->indices[size_t(i)] == (even ? i : L + i));
        }
        for (const Expr &vec : blend->vectors) {
            const Shuffle *pick = vec.as<Shuffle>();
            REQUIRE(pick);
            for (int i = 0; i < L; i++) {
                CHECK(pick->indices[size_t(i)] == (r + i) / 2);
            }
        }
    }
}

TEST_CASE("dense_lane_shuffles: a clamped up-sampling index is dense where the clamp is inactive",
          "[dense_lane_shuffles]") {
    // in(clamp(x / 2 - 1 + 2 * (x % 2), 0, w - 1)), interpolate's expand.
    Expr x = lanes_of_v();
    Expr idx = Add::make(Sub::make(Div::make(x, splat(2)), splat(1)),
                         Mul::make(splat(2), Mod::make(x, splat(2))));
    Expr clamped = Max::make(Min::make(idx, Broadcast::make(Sub::make(ivar("w"), make_one(Int(32))), L)),
                             splat(0));
    Expr value = Load::make(Float(32, L), "in", clamped);
    // In a loop over vectors (v = m + 16 i): versions of the loop on m % 2, and in
    // each a store version without the clamps.
    Stmt loop = For::make("i", make_zero(Int(32)), ivar("n"), ForType::Serial, DeviceAPI::Host,
                          LetStmt::make("v",
                                        Add::make(ivar("m"), Mul::make(ivar("i"),
                                                                       make_const(Int(32), 16))),
                                        store_out(value)));
    Stmt out = dense_lane_shuffles(loop);
    INFO(out);
    const IfThenElse *by_residue = out.as<IfThenElse>();
    REQUIRE(by_residue);
    std::map<int, Stmt> versions;
    for (int r : {0, 1}) {
        const For *f = (r == 0 ? by_residue->then_case : by_residue->else_case).as<For>();
        REQUIRE(f);
        const LetStmt *let = f->body.as<LetStmt>();
        REQUIRE(let);
        versions[r] = let->body;
    }
    for (const auto &[r, body] : versions) {
        CAPTURE(r);
        const IfThenElse *ite = body.as<IfThenElse>();
        REQUIRE(ite);
        // Unclamped: one dense load (10 lanes from an even start, 9 from an odd one).
        const Store *fast = only_store(ite->then_case);
        const Shuffle *pick = fast->value.as<Shuffle>();
        REQUIRE(pick);
        const Load *dense = pick->vectors[0].as<Load>();
        REQUIRE(dense);
        CHECK(dense->type.lanes == (r == 0 ? 10 : 9));
        REQUIRE(dense->index.as<Ramp>());
        // The clamped store stays for the edges.
        CHECK(count_exprs<Max>(ite->else_case) == 1);
        // The condition holds exactly when no lane is clamped, and then the dense lanes
        // are the unclamped indices.
        for (int64_t w : {1, 5, 9, 10, 40}) {
            for (int64_t q = -3; q < 24; q++) {
                const int64_t v = 2 * q + r;
                CAPTURE(v, w);
                std::vector<int64_t> lanes = eval_lanes(idx, bind_v(v, w));
                bool inside = true;
                for (int64_t i : lanes) {
                    inside = inside && i >= 0 && i <= w - 1;
                }
                CHECK((eval_lanes(ite->condition, bind_v(v, w))[0] != 0) == inside);
                const int64_t first = eval_lanes(dense->index.as<Ramp>()->base, bind_v(v, w))[0];
                for (int i = 0; i < L; i++) {
                    CHECK(first + pick->indices[size_t(i)] == lanes[size_t(i)]);
                }
            }
        }
    }
}

TEST_CASE("dense_lane_shuffles: what it must leave alone", "[dense_lane_shuffles]") {
    Expr x = lanes_of_v();
    SECTION("no division of a ramp") {
        Stmt s = in_vector_loop(store_out(Add::make(x, splat(3))));
        CHECK(dense_lane_shuffles(s).same_as(s));
    }
    SECTION("divisors 2 and 3 would need 6 versions") {
        Stmt s = in_vector_loop(store_out(Add::make(Div::make(x, splat(2)), Div::make(x, splat(3)))));
        CHECK(dense_lane_shuffles(s).same_as(s));
    }
    SECTION("a predicated load keeps its gather") {
        Expr pred = LT::make(x, Broadcast::make(ivar("end"), L));
        Expr value = Load::make(Int(32, L), "a", Div::make(x, splat(2)), pred);
        Stmt out = dense_lane_shuffles(in_vector_loop(store_out(value)));
        INFO(out);
        CHECK(count_exprs<Shuffle>(out, [](const Shuffle *s) {
                  return s->vectors.size() == 1 && s->vectors[0].as<Load>();
              }) == 0);
    }
    SECTION("offsets with a hole are not loaded densely") {
        // x / 2 * 4 reads every fourth element: a dense span would read the others.
        Expr value = Load::make(Int(32, L), "a", Mul::make(Div::make(x, splat(2)), splat(4)));
        Stmt out = dense_lane_shuffles(in_vector_loop(store_out(value)));
        INFO(out);
        CHECK(count_exprs<Shuffle>(out, [](const Shuffle *s) {
                  return s->vectors.size() == 1 && s->vectors[0].as<Load>();
              }) == 0);
    }
}

TEST_CASE("dense_lane_shuffles: a lowered interleave pipeline has no gather left",
          "[dense_lane_shuffles][lower]") {
    Func a("a"), b("b"), g("g");
    Var x("x");
    a(x) = x * 3 + 1;
    b(x) = x * 5 - 2;
    g(x) = select(x % 2 == 0, a(x / 2), b(x / 2)) + (x / 2) * (x % 2);
    a.compute_root().vectorize(x, 16);
    b.compute_root().vectorize(x, 16);
    g.vectorize(x, 16);
    Target t("x86-64-linux-avx2");
    LoweredPipeline lp = lower({g.function()}, "interleave", t);
    INFO(lp.body);
    CHECK(vector_div_mods(lp.body) == 0);
    CHECK(count_exprs<Shuffle>(lp.body) > 0);
    const std::string ll = compile_to_llvm_assembly_text(lp);
    CHECK(ll.find("llvm.masked.gather") == std::string::npos);
}

TEST_CASE("simplify: ramp(b, s, L) / c and % c when c divides the stride",
          "[dense_lane_shuffles][simplify]") {
    for (int stride : {4, -4, 6, 2}) {
        for (int c : {2, 4, 3}) {
            CAPTURE(stride, c);
            Expr r = Ramp::make(ivar("v"), make_const(Int(32), stride), L);
            Expr q = Div::make(r, splat(c)), m = Mod::make(r, splat(c));
            Expr sq = simplify(q), sm = simplify(m);
            INFO(sq << "  " << sm);
            if (stride % c == 0) {
                const Ramp *rq = sq.as<Ramp>();
                REQUIRE(rq);
                CHECK(as_const_int(rq->stride) == stride / c);
                CHECK(sm.as<Broadcast>());
            }
            for (int64_t v : {-13, -4, -1, 0, 1, 6, 7, 101}) {
                CHECK(eval_lanes(sq, bind_v(v)) == eval_lanes(q, bind_v(v)));
                CHECK(eval_lanes(sm, bind_v(v)) == eval_lanes(m, bind_v(v)));
            }
        }
    }
}

TEST_CASE("dense_lane_shuffles: a residue invariant over a loop versions the whole loop",
          "[dense_lane_shuffles]") {
    Expr x = lanes_of_v();
    Expr value = Load::make(Int(32, L), "a", Div::make(x, splat(2)));
    auto loop = [&](const Expr &v_value) {
        return For::make("i", make_zero(Int(32)), ivar("n"), ForType::Serial, DeviceAPI::Host,
                         LetStmt::make("v", v_value, store_out(value)));
    };
    SECTION("v = m + 16 i: versions on m outside the loop, none inside") {
        Stmt out = dense_lane_shuffles(
            loop(Add::make(ivar("m"), Mul::make(ivar("i"), make_const(Int(32), 16)))));
        INFO(out);
        const IfThenElse *ite = out.as<IfThenElse>();
        REQUIRE(ite);
        CHECK(equal(ite->condition,
                    EQ::make(Mod::make(ivar("m"), make_const(Int(32), 2)), make_zero(Int(32)))));
        for (const Stmt &branch : {ite->then_case, ite->else_case}) {
            const For *f = branch.as<For>();
            REQUIRE(f);
            CHECK(count_exprs<Div>(f->body, [](const Div *d) { return d->type.is_vector(); }) == 0);
            int ifs = 0;
            walk_stmts(f->body, [&](const Stmt &s) { ifs += s.as<IfThenElse>() != nullptr; });
            CHECK(ifs == 0);
        }
    }
    SECTION("v = min(m + 16 i, e): a shifted tail changes the residue, versions per iteration") {
        Stmt out = dense_lane_shuffles(loop(
            Min::make(Add::make(ivar("m"), Mul::make(ivar("i"), make_const(Int(32), 16))), ivar("e"))));
        INFO(out);
        const For *f = out.as<For>();
        REQUIRE(f);
        versions_of(f->body, 2);
    }
    SECTION("a clamp under versions made on every iteration keeps one (gathering) store") {
        Expr clamped = Min::make(Div::make(x, splat(2)), Broadcast::make(ivar("w"), L));
        Stmt out = dense_lane_shuffles(in_vector_loop(store_out(Load::make(Int(32, L), "a", clamped))));
        INFO(out);
        for (const auto &[r, body] : versions_of(out, 2)) {
            CHECK(body.as<Store>());
        }
    }
    SECTION("v = m + 15 i: the residue changes every iteration") {
        Stmt out = dense_lane_shuffles(
            loop(Add::make(ivar("m"), Mul::make(ivar("i"), make_const(Int(32), 15)))));
        INFO(out);
        const For *f = out.as<For>();
        REQUIRE(f);
        versions_of(f->body, 2);
    }
}
