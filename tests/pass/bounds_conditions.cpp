// The boxes a statement touches inside `if`s that compare a loop variable (narrowed to
// what the condition allows), and boxes_touched_correlated, which keeps two lets that
// move with an outer loop together (a stage's min and max in one iteration).

#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32(int64_t v) { return make_const(Int(32), v); }

Stmt loop(const std::string &name, Expr min, Expr extent, Stmt body) {
    return For::make(name, std::move(min), std::move(extent), ForType::Serial, DeviceAPI::Host,
                     std::move(body));
}

/// f(e) = 0 as a Provide of the one-dimensional f.
Stmt write(const Expr &e) { return Provide::make("f", {i32(0)}, {e}); }

void check_ends(const Interval &i, int64_t mn, int64_t mx) {
    INFO("got [" << (i.min.defined() ? to_string(i.min) : "-inf") << ", "
                 << (i.max.defined() ? to_string(i.max) : "+inf") << "]");
    REQUIRE(i.is_bounded());
    CHECK(equal(simplify(i.min), i32(mn)));
    CHECK(equal(simplify(i.max), i32(mx)));
}

} // namespace

TEST_CASE("bounds: an if comparing a loop variable narrows it", "[bounds]") {
    Expr b = int_var("b"), n = int_var("n");
    // for b in [0, 3]: if (b < 3) f(b); if (1 <= b && b <= n) ...: [1, 2].
    Stmt s = loop("b", i32(0), i32(4), IfThenElse::make(LT::make(b, i32(3)), write(b)));
    check_ends(boxes_touched(s, Scope<Interval>())["f"][0], 0, 2);
    check_ends(boxes_touched_correlated(s, Scope<Interval>())["f"][0], 0, 2);

    Expr both = And::make(LE::make(i32(1), b), GE::make(i32(2), b));
    Stmt t = loop("b", i32(0), i32(4), IfThenElse::make(both, write(b)));
    check_ends(boxes_touched(t, Scope<Interval>())["f"][0], 1, 2);
    check_ends(boxes_touched_correlated(t, Scope<Interval>())["f"][0], 1, 2);

    // The else branch is not narrowed.
    Stmt u = loop("b", i32(0), i32(4),
                  IfThenElse::make(LT::make(b, i32(3)), write(b), write(Add::make(b, i32(10)))));
    check_ends(boxes_touched(u, Scope<Interval>())["f"][0], 0, 13);
}

TEST_CASE("bounds: a stage's min and max stay together in one outer iteration", "[bounds]") {
    // for xo in [0, 6]: let m = min(xo * 4, 25); let lo = m; let hi = m + 3;
    //   for i in [0, (hi - lo) / 8]: for a in [0, 7]: f(min(lo + min(i, (hi - lo) / 8) * 8 + a, hi))
    // (a GuardWithIf split's clamp). Each iteration touches [m, m + 3]; bounding lo and
    // hi apart lets hi - lo seem as small as 3 - 24, and the touched min drop below 0.
    Expr xo = int_var("xo"), i = int_var("i"), a = int_var("a");
    Expr lo = int_var("lo"), hi = int_var("hi");
    Expr m = Min::make(Mul::make(xo, i32(4)), i32(25));
    Expr span = Div::make(Sub::make(hi, lo), i32(8));
    Stmt body = loop("a", i32(0), i32(8),
                     write(Min::make(Add::make(Add::make(lo, Mul::make(Min::make(i, span), i32(8))), a), hi)));
    Stmt inner = loop("i", i32(0), Add::make(span, i32(1)), body);
    Stmt s = loop("xo", i32(0), i32(7),
                  LetStmt::make("lo", m, LetStmt::make("hi", Add::make(m, i32(3)), inner)));
    check_ends(boxes_touched_correlated(s, Scope<Interval>())["f"][0], 0, 27);
    Interval loose = boxes_touched(s, Scope<Interval>())["f"][0];
    REQUIRE(loose.is_bounded());
    CHECK(can_prove(LT::make(loose.min, i32(0))));
}

TEST_CASE("bounds: correlated boxes bound loads in lets by their type", "[bounds]") {
    // let k = a load; f(k): the load must not reach the box, only its type's range.
    Expr k = int_var("k");
    Expr load = Load::make(UInt(8), "buf", i32(0));
    Stmt s = LetStmt::make("k", Cast::make(Int(32), load), write(k));
    check_ends(boxes_touched_correlated(s, Scope<Interval>())["f"][0], 0, 255);
}

TEST_CASE("bounds: correlated boxes keep loads out of loop ranges and conditions", "[bounds]") {
    // for b in [0, load]: if (b < load) f(b): the ends are bounded by the load's type.
    Expr b = int_var("b");
    Expr load = Cast::make(Int(32), Load::make(UInt(8), "buf", i32(0)));
    Stmt s = loop("b", i32(0), Add::make(load, i32(1)),
                  IfThenElse::make(LT::make(b, load), write(b)));
    Interval i = boxes_touched_correlated(s, Scope<Interval>())["f"][0];
    REQUIRE(i.is_bounded());
    bool reads = false;
    for (const Expr &end : {i.min, i.max}) {
        walk_exprs(end, [&](const Expr &e) {
            reads = reads || e.as<Load>() != nullptr;
            return true;
        });
    }
    CHECK_FALSE(reads);
    check_ends(i, 0, 255);
}
