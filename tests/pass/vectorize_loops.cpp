// VectorizeLoops: the structure of hand-built flat loops after vectorize_loops():
// dense Ramp accesses, Broadcast invariants, gathers, lets, predication of if-guarded
// stores, nested serial loops, scalarization, widened allocations and the error for a
// non-constant extent. tests/pass/vectorize_execution.cpp runs the same shapes.

#include "lower/VectorizeLoops.h"

#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/Error.h"
#include "weft/IROperator.h"
#include "weft/Target.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

Expr ivar(const std::string &n) { return Variable::make(Int(32), n); }

Stmt vloop(const std::string &name, Expr min, Expr extent, Stmt body,
           ForType ft = ForType::Vectorized) {
    return For::make(name, std::move(min), std::move(extent), ft, DeviceAPI::Host,
                     std::move(body));
}

Expr load(const std::string &buf, Expr index, Type t = Int(32)) {
    return Load::make(t, buf, std::move(index));
}

Stmt vectorize(const Stmt &s) {
    Stmt r = vectorize_loops(s, Target("x86-64-linux-avx2"));
    INFO(r);
    return r;
}

std::vector<const Store *> stores_of(const Stmt &s) {
    std::vector<const Store *> result;
    walk_stmts(s, [&](const Stmt &st) {
        if (const Store *op = st.as<Store>()) {
            result.push_back(op);
        }
    });
    return result;
}

std::vector<const Load *> loads_of(const Stmt &s, const std::string &name) {
    std::vector<const Load *> result;
    walk_exprs(s, [&](const Expr &e) {
        const Load *l = e.as<Load>();
        if (l && l->name == name) {
            result.push_back(l);
        }
        return true;
    });
    return result;
}

template <typename T>
int count(const Stmt &s) {
    int n = 0;
    walk_stmts(s, [&](const Stmt &st) { n += st.as<T>() != nullptr; });
    return n;
}

int count_calls(const Stmt &s, const std::string &name) {
    int n = 0;
    walk_exprs(s, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        n += c && c->name == name;
        return true;
    });
    return n;
}

bool has_vectorized_loop(const Stmt &s) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) {
        const For *f = st.as<For>();
        found = found || (f && f->for_type == ForType::Vectorized);
    });
    return found;
}

bool is_ramp(const Expr &e, const Expr &base, int64_t stride, int lanes) {
    const Ramp *r = e.as<Ramp>();
    return r && r->lanes == lanes && equal(r->base, base) && is_const(r->stride, stride);
}

bool contains(const std::string &haystack, const std::string &needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("vectorize: dense load and store get Ramp indices, constants Broadcasts",
          "[vectorize]") {
    // for x in [m, m + 8) vectorized: out[x] = in[x] * 2 + 1
    Expr x = ivar("x"), m = ivar("m");
    Stmt s = vloop("x", m, 8, Store::make("out", load("in", x) * 2 + 1, x));
    Stmt v = vectorize(s);
    CHECK_FALSE(has_vectorized_loop(v));
    CHECK(count<For>(v) == 0);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    const Store *st = stores[0];
    CHECK(is_ramp(st->index, m, 1, 8));
    CHECK(st->value.type() == Int(32, 8));
    CHECK_FALSE(st->predicate.defined());
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(loads[0]->type == Int(32, 8));
    CHECK(is_ramp(loads[0]->index, m, 1, 8));
    // The value is in * x2 + x1 with both constants broadcast.
    Expr expected = Add::make(Mul::make(load("in", Ramp::make(m, 1, 8), Int(32, 8)),
                                        Broadcast::make(2, 8)),
                              Broadcast::make(1, 8));
    CHECK(equal(st->value, expected));
}

TEST_CASE("vectorize: Ramp algebra folds strided indices", "[vectorize]") {
    // out[x * 2 + y] = in[x + 3]  ->  out[ramp(y, 2, 8)] = in[ramp(3, 1, 8)]
    Expr x = ivar("x"), y = ivar("y");
    Stmt v = vectorize(vloop("x", 0, 8, Store::make("out", load("in", x + 3), x * 2 + y)));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(is_ramp(stores[0]->index, y, 2, 8));
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(is_ramp(loads[0]->index, Expr(3), 1, 8));
}

TEST_CASE("vectorize: invariants stay scalar", "[vectorize]") {
    // out[x] = in[x] + in[k] + k: the load of in[k] is a scalar load, broadcast.
    Expr x = ivar("x"), k = ivar("k");
    Stmt v = vectorize(
        vloop("x", 0, 16, Store::make("out", load("in", x) + load("in", k) + k, x)));
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 2);
    int scalar = 0, vector = 0;
    for (const Load *l : loads) {
        scalar += l->type == Int(32);
        vector += l->type == Int(32, 16);
    }
    CHECK(scalar == 1);
    CHECK(vector == 1);
    // A store that depends on nothing stays a scalar store.
    Stmt inv = vectorize(vloop("x", 0, 8, Store::make("out", k, 0)));
    auto stores = stores_of(inv);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0]->value.type().is_scalar());
}

TEST_CASE("vectorize: a gather keeps a general vector index", "[vectorize]") {
    // out[x] = in[x * x]
    Expr x = ivar("x");
    Stmt v = vectorize(vloop("x", 0, 8, Store::make("out", load("in", x * x), x)));
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(loads[0]->type == Int(32, 8));
    CHECK(loads[0]->index.type() == Int(32, 8));
    CHECK(loads[0]->index.as<Ramp>() == nullptr);
    CHECK(loads[0]->index.as<Broadcast>() == nullptr);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(is_ramp(stores[0]->index, Expr(0), 1, 8));
}

TEST_CASE("vectorize: select, cast, div/mod, min/max and math widen lane-wise",
          "[vectorize][cast]") {
    Expr x = ivar("x"), n = ivar("n");
    Expr f = cast(Float(32), load("in", x));
    Expr value = select(x % 3 == 0, min(x / 2, n), max(x, 5)) +
                 cast(Int(32), Call::make(Float(32), "sqrt", {f}, Call::PureIntrinsic));
    Stmt v = vectorize(vloop("x", 0, 8, Store::make("out", value, x)));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0]->value.type() == Int(32, 8));
    bool vector_sqrt = false, vector_select = false;
    walk_exprs(v, [&](const Expr &e) {
        if (const Call *c = e.as<Call>(); c && c->name == "sqrt") {
            vector_sqrt = c->type == Float(32, 8) && c->args[0].type() == Float(32, 8);
        }
        if (const Select *sel = e.as<Select>()) {
            vector_select = sel->condition.type() == Bool(8);
        }
        return true;
    });
    CHECK(vector_sqrt);
    CHECK(vector_select);
}

TEST_CASE("vectorize: a let of a varying value is widened and renamed", "[vectorize]") {
    // let t = in[x] * 3 in out[x] = t + t ; let k = n * 2 (invariant) stays scalar.
    Expr x = ivar("x"), t = ivar("t"), k = ivar("k"), n = ivar("n");
    Stmt body = LetStmt::make(
        "k", n * 2,
        LetStmt::make("t", load("in", x) * 3, Store::make("out", t + t + k, x)));
    Stmt v = vectorize(vloop("x", 0, 8, body));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0]->value.type() == Int(32, 8));
    // No scalar use of t survives; any remaining use of t is the widened vector name,
    // and any use of k is scalar.
    walk_exprs(v, [&](const Expr &e) {
        if (const Variable *var = e.as<Variable>()) {
            CHECK(var->name != "t");
            if (var->name == "t.widened.x") {
                CHECK(var->type == Int(32, 8));
            }
            if (var->name == "k") {
                CHECK(var->type == Int(32));
            }
        }
        return true;
    });
    walk_stmts(v, [&](const Stmt &st) {
        if (const LetStmt *l = st.as<LetStmt>()) {
            if (l->name == "k") {
                CHECK(l->value.type() == Int(32));
            }
            if (l->name == "t.widened.x") {
                CHECK(l->value.type() == Int(32, 8));
            }
        }
    });
}

TEST_CASE("vectorize: an if on the loop variable predicates stores and loads",
          "[vectorize]") {
    // if (x < n) out[x] = in[x] else out[x] = 0
    Expr x = ivar("x"), n = ivar("n");
    Stmt body = IfThenElse::make(x < n, Store::make("out", load("in", x), x),
                                 Store::make("out", 0, x));
    Stmt v = vectorize(vloop("x", 0, 8, body));
    CHECK(count<IfThenElse>(v) == 0);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 2);
    for (const Store *st : stores) {
        REQUIRE(st->predicate.defined());
        CHECK(st->predicate.type() == Bool(8));
        CHECK(is_ramp(st->index, Expr(0), 1, 8));
    }
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(loads[0]->predicate.defined());
    CHECK(loads[0]->predicate.type() == Bool(8));
}

TEST_CASE("vectorize: an invariant if stays an if", "[vectorize]") {
    Expr x = ivar("x"), n = ivar("n");
    Stmt body = IfThenElse::make(n > 0, Store::make("out", load("in", x), x));
    Stmt v = vectorize(vloop("x", 0, 8, body));
    CHECK(count<IfThenElse>(v) == 1);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK_FALSE(stores[0]->predicate.defined());
    CHECK(is_ramp(stores[0]->index, Expr(0), 1, 8));
}

TEST_CASE("vectorize: a varying if around a loop is scalarized", "[vectorize]") {
    Expr x = ivar("x"), r = ivar("r");
    Stmt inner = vloop("r", 0, 4, Store::make("out", r, x), ForType::Serial);
    Stmt v = vectorize(vloop("x", 0, 4, IfThenElse::make(x < 2, inner)));
    CHECK(count<For>(v) <= 4);
    for (const Store *st : stores_of(v)) {
        CHECK(st->value.type().is_scalar());
    }
}

TEST_CASE("vectorize: a serial loop inside keeps its loop and gets a vector body",
          "[vectorize]") {
    // for x vectorized: for r in [0, 4): out[x] = out[x] + in[x * 4 + r]
    Expr x = ivar("x"), r = ivar("r");
    Stmt inner =
        vloop("r", 0, 4, Store::make("out", load("out", x) + load("in", x * 4 + r), x),
              ForType::Serial);
    Stmt v = vectorize(vloop("x", 0, 8, inner));
    REQUIRE(count<For>(v) == 1);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(is_ramp(stores[0]->index, Expr(0), 1, 8));
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(is_ramp(loads[0]->index, r, 4, 8));
}

TEST_CASE("vectorize: an inner loop whose extent depends on the lane is scalarized",
          "[vectorize]") {
    // for x vectorized: for r in [0, x + 1): out[x] = out[x] + r
    Expr x = ivar("x"), r = ivar("r");
    Stmt inner = vloop("r", 0, x + 1, Store::make("out", load("out", x) + r, x), ForType::Serial);
    Stmt v = vectorize(vloop("x", 0, 8, inner));
    CHECK(count<For>(v) == 8);
    for (const Store *st : stores_of(v)) {
        CHECK(st->value.type().is_scalar());
    }
}

TEST_CASE("vectorize: an impure extern call is scalarized lane by lane", "[vectorize]") {
    // out[x] = in[x] + 1 ; out2[x] = side_effect(x)
    Expr x = ivar("x");
    Expr call = Call::make(Int(32), "side_effect", {x}, Call::Extern);
    Stmt body = Block::make(Store::make("out", load("in", x) + 1, x),
                            Store::make("out2", call, x));
    Stmt v = vectorize(vloop("x", 0, 8, body));
    CHECK(count_calls(v, "side_effect") == 8);
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 9);
    int vector = 0;
    for (const Store *st : stores) {
        vector += st->value.type().is_vector();
    }
    CHECK(vector == 1); // out is still vectorized
    // The scalar copies use lanes 0..7 in order.
    std::vector<Expr> indices;
    for (const Store *st : stores) {
        if (st->name == "out2") {
            indices.push_back(st->index);
        }
    }
    REQUIRE(indices.size() == 8);
    for (int i = 0; i < 8; i++) {
        CHECK(is_const(indices[i], i));
    }
}

TEST_CASE("vectorize: scalarized copies read their lane of a widened let", "[vectorize]") {
    Expr x = ivar("x"), t = ivar("t");
    Stmt body = LetStmt::make(
        "t", load("in", x) * 2,
        Evaluate::make(Call::make(Int(32), "side_effect", {t}, Call::Extern)));
    Stmt v = vectorize(vloop("x", 0, 4, body));
    CHECK(count_calls(v, "side_effect") == 4);
    int extracts = 0;
    walk_exprs(v, [&](const Expr &e) {
        if (const Call *c = e.as<Call>(); c && c->name == "side_effect") {
            CHECK(c->args[0].type() == Int(32));
        }
        extracts += e.as<Shuffle>() != nullptr;
        return true;
    });
    CHECK(extracts >= 1);
}

TEST_CASE("vectorize: an allocation inside gets one slot per lane", "[vectorize]") {
    // for x vectorized: allocate tmp[4]; tmp[1] = in[x]; out[x] = tmp[1] * 2
    Expr x = ivar("x");
    Stmt body = Allocate::make(
        "tmp", Int(32), MemoryType::Auto, {Expr(4)}, Expr(),
        Block::make(Store::make("tmp", load("in", x), 1),
                    Store::make("out", load("tmp", 1) * 2, x)));
    Stmt v = vectorize(vloop("x", 0, 8, body));
    const Allocate *alloc = nullptr;
    walk_stmts(v, [&](const Stmt &st) {
        if (const Allocate *a = st.as<Allocate>()) {
            alloc = a;
        }
    });
    REQUIRE(alloc);
    CHECK(alloc->constant_allocation_size() == 32);
    for (const Store *st : stores_of(v)) {
        CHECK(st->value.type() == Int(32, 8));
        if (st->name == "tmp") {
            CHECK(is_ramp(st->index, Expr(8), 1, 8));
        }
    }
    auto loads = loads_of(v, "tmp");
    REQUIRE(loads.size() == 1);
    CHECK(is_ramp(loads[0]->index, Expr(8), 1, 8));
}

TEST_CASE("vectorize: nested vectorized loops", "[vectorize]") {
    // for y vectorized 2: for x vectorized 4: out[y * 4 + x] = x + y
    Expr x = ivar("x"), y = ivar("y");
    Stmt s = vloop("y", 0, 2, vloop("x", 0, 4, Store::make("out", x + y, y * 4 + x)));
    Stmt v = vectorize(s);
    CHECK_FALSE(has_vectorized_loop(v));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 2);
    CHECK(is_ramp(stores[0]->index, Expr(0), 1, 4));
    CHECK(is_ramp(stores[1]->index, Expr(4), 1, 4));
}

TEST_CASE("vectorize: extent 1 and empty loops", "[vectorize]") {
    Expr x = ivar("x");
    Stmt one = vectorize(vloop("x", 5, 1, Store::make("out", x, x)));
    auto stores = stores_of(one);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0]->value.type().is_scalar());
    Stmt none = vectorize(vloop("x", 5, 0, Store::make("out", x, x)));
    CHECK(stores_of(none).empty());
}

TEST_CASE("vectorize: a loop of non-constant extent is an error naming the loop",
          "[vectorize][error]") {
    Expr x = ivar("f.s0.x.xi"), n = ivar("n");
    Stmt s = vloop("f.s0.x.xi", 0, n, Store::make("f", x, x));
    CHECK_THROWS_AS(vectorize_loops(s, Target("x86-64-linux-avx2")), CompileError);
    CHECK_THROWS_WITH(vectorize_loops(s, Target("x86-64-linux-avx2")),
                      Catch::Contains("Can only vectorize a loop of constant extent") &&
                          Catch::Contains("loop \"f.s0.x.xi\" has extent n") &&
                          Catch::Contains("vectorize(xi, factor)"));
}

TEST_CASE("vectorize: a constant extent after simplification is accepted", "[vectorize]") {
    Expr x = ivar("x");
    Stmt v = vectorize(vloop("x", 0, Expr(3) + 5, Store::make("out", x, x)));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0]->value.type() == Int(32, 8));
    CHECK(contains(to_string(v), "ramp"));
}

TEST_CASE("vectorize: a let bound to the lane index keeps accesses dense", "[vectorize]") {
    // for xi vectorized 8: let x = xo * 8 + xi in out[x] = in[x]  (a split loop)
    Expr x = ivar("x"), xo = ivar("xo"), xi = ivar("xi");
    Stmt body = LetStmt::make("x", xo * 8 + xi, Store::make("out", load("in", x), x));
    Stmt v = vectorize(vloop("xi", 0, 8, body));
    auto stores = stores_of(v);
    REQUIRE(stores.size() == 1);
    const Ramp *r = stores[0]->index.as<Ramp>();
    REQUIRE(r);
    CHECK(is_const(r->stride, 1));
    CHECK(r->base.type() == Int(32));
    auto loads = loads_of(v, "in");
    REQUIRE(loads.size() == 1);
    CHECK(loads[0]->index.as<Ramp>() != nullptr);
}
