// DropGuardedClamps: in predicated vector accesses, the clamp min(ramp, x(m)) that a
// GuardWithIf tail leaves in the index becomes the ramp when the predicate is
// ramp <= x(m) (also shifted by a common offset, and through a vector let); clamps the
// predicate does not imply stay; a predicated load of a Broadcast index becomes one
// scalar load under "lane 0 is enabled", broadcast; unpredicated accesses are untouched.

#include "lower/DropGuardedClamps.h"

#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/IROperator.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

Expr ivar(const std::string &n) { return Variable::make(Int(32), n); }
Expr ramp16(const Expr &base) { return Ramp::make(base, 1, 16); }
Expr x16(const Expr &e) { return Broadcast::make(e, 16); }

const Load *only_load(const Stmt &s) {
    const Load *found = nullptr;
    int count = 0;
    walk_exprs(s, [&](const Expr &e) {
        if (const Load *l = e.as<Load>()) {
            found = l;
            count++;
        }
        return true;
    });
    return count == 1 ? found : nullptr;
}

} // namespace

TEST_CASE("drop_guarded_clamps: a guarded clamp in a load index becomes the ramp",
          "[pass][drop_guarded_clamps]") {
    Expr x = ivar("x"), m = ivar("m"), c = ivar("c");
    Expr pred = LE::make(ramp16(x), x16(m));
    // in[min(ramp(x), x16(m)) + x16(c)] if ramp(x) <= x16(m)
    Expr index = Add::make(Min::make(ramp16(x), x16(m)), x16(c));
    Stmt s = Store::make("out", Load::make(Float(32, 16), "in", index, pred), ramp16(x), pred);
    Stmt result = drop_guarded_clamps(s);
    const Load *l = only_load(result);
    REQUIRE(l);
    INFO(to_string(result));
    const Ramp *r = l->index.as<Ramp>();
    REQUIRE(r);
    CHECK(is_const_one(r->stride));
    CHECK(equal(l->predicate, pred));
}

TEST_CASE("drop_guarded_clamps: a clamp the predicate does not imply stays",
          "[pass][drop_guarded_clamps]") {
    Expr x = ivar("x"), m = ivar("m"), other = ivar("other");
    Expr pred = LE::make(ramp16(x), x16(m));
    Expr index = Min::make(ramp16(x), x16(other)); // bounded by another value
    Stmt s = Store::make("out", Load::make(Float(32, 16), "in", index, pred), ramp16(x), pred);
    CHECK(drop_guarded_clamps(s).same_as(s));
    // Without a predicate nothing changes either.
    Stmt unpredicated = Store::make(
        "out", Load::make(Float(32, 16), "in", Min::make(ramp16(x), x16(m))), ramp16(x));
    CHECK(drop_guarded_clamps(unpredicated).same_as(unpredicated));
}

TEST_CASE("drop_guarded_clamps: the clamp of a vectorized pure stage, bound in a let",
          "[pass][drop_guarded_clamps]") {
    Expr x = ivar("x"), m = ivar("m");
    Expr pred = LE::make(ramp16(x), x16(m));
    Expr widened = Variable::make(Int(32, 16), "f.x.widened");
    Stmt store = Store::make("out", Load::make(Float(32, 16), "in", widened, pred), widened, pred);
    Stmt s = LetStmt::make("f.x.widened", Min::make(ramp16(x), x16(m)), store);
    Stmt result = drop_guarded_clamps(s);
    INFO(to_string(result));
    const Load *l = only_load(result);
    REQUIRE(l);
    CHECK(l->index.as<Ramp>() != nullptr);
    bool store_is_dense = false;
    walk_stmts(result, [&](const Stmt &st) {
        if (const Store *op = st.as<Store>()) {
            store_is_dense = op->index.as<Ramp>() != nullptr;
        }
    });
    CHECK(store_is_dense);
}

TEST_CASE("drop_guarded_clamps: a predicated load of one address is a scalar load",
          "[pass][drop_guarded_clamps]") {
    Expr x = ivar("x"), m = ivar("m"), y = ivar("y");
    Expr pred = LE::make(ramp16(x), x16(m));
    Stmt s = Store::make("out", Load::make(Float(32, 16), "row_max", x16(y), pred), ramp16(x),
                         pred);
    Stmt result = drop_guarded_clamps(s);
    INFO(to_string(result));
    const Load *l = only_load(result);
    REQUIRE(l);
    CHECK(l->type == Float(32));
    CHECK(equal(l->index, y));
    CHECK(equal(l->predicate, LE::make(x, m)));
}
