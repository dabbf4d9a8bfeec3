// UnrollLoops: unrolled loops become copies of their body with the loop variable
// replaced by min + i; nested unrolled loops unroll completely; other loops are left
// alone; a non-constant extent is an error naming the loop.

#include "lower/UnrollLoops.h"

#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/Error.h"
#include "weft/IROperator.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

Expr ivar(const std::string &n) { return Variable::make(Int(32), n); }

Stmt loop(const std::string &name, Expr min, Expr extent, Stmt body,
          ForType ft = ForType::Unrolled) {
    return For::make(name, std::move(min), std::move(extent), ft, DeviceAPI::Host,
                     std::move(body));
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

int count_loops(const Stmt &s) {
    int n = 0;
    walk_stmts(s, [&](const Stmt &st) { n += st.as<For>() != nullptr; });
    return n;
}

} // namespace

TEST_CASE("unroll: a loop of constant extent becomes that many copies", "[unroll]") {
    // for i in [0, 3) unrolled: out[i] = in[i] * 2
    Expr i = ivar("i");
    Stmt s = loop("i", 0, 3, Store::make("out", Load::make(Int(32), "in", i) * 2, i));
    Stmt u = unroll_loops(s);
    INFO(u);
    CHECK(count_loops(u) == 0);
    auto stores = stores_of(u);
    REQUIRE(stores.size() == 3);
    for (int k = 0; k < 3; k++) {
        CHECK(is_const(stores[k]->index, k));
        CHECK(equal(stores[k]->value, Load::make(Int(32), "in", Expr(k)) * 2));
    }
}

TEST_CASE("unroll: copies use min + i for a symbolic min", "[unroll]") {
    Expr i = ivar("i"), m = ivar("m");
    Stmt u = unroll_loops(loop("i", m, 2, Store::make("out", i, i)));
    INFO(u);
    auto stores = stores_of(u);
    REQUIRE(stores.size() == 2);
    CHECK(equal(stores[0]->index, m));
    CHECK(equal(stores[1]->index, m + 1));
}

TEST_CASE("unroll: nested unrolled loops unroll completely, others stay", "[unroll]") {
    // for y serial: for a unrolled 2: for b unrolled 3: out[y*6 + a*3 + b] = 0
    Expr y = ivar("y"), a = ivar("a"), b = ivar("b");
    Stmt store = Store::make("out", 0, y * 6 + a * 3 + b);
    Stmt s = loop("y", 0, ivar("n"), loop("a", 0, 2, loop("b", 0, 3, store)),
                  ForType::Serial);
    Stmt u = unroll_loops(s);
    INFO(u);
    CHECK(count_loops(u) == 1);
    CHECK(stores_of(u).size() == 6);
}

TEST_CASE("unroll: an extent that simplifies to a constant is accepted", "[unroll]") {
    Expr i = ivar("i");
    Stmt u = unroll_loops(loop("i", 0, Expr(2) * 2, Store::make("out", i, i)));
    CHECK(stores_of(u).size() == 4);
    Stmt empty = unroll_loops(loop("i", 0, 0, Store::make("out", i, i)));
    CHECK(stores_of(empty).empty());
}

TEST_CASE("unroll: a loop of non-constant extent is an error naming the loop",
          "[unroll][error]") {
    Expr x = ivar("f.s0.x.xi"), n = ivar("n");
    Stmt s = loop("f.s0.x.xi", 0, n, Store::make("f", x, x));
    CHECK_THROWS_AS(unroll_loops(s), CompileError);
    CHECK_THROWS_WITH(unroll_loops(s),
                      Catch::Contains("Can only unroll a loop of constant extent") &&
                          Catch::Contains("loop \"f.s0.x.xi\" has extent n") &&
                          Catch::Contains("unroll(xi, factor)"));
}
