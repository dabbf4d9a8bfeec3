// Interval analysis (bounds_of_expr_in_scope) and the boxes a statement touches.

#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "ir/Function.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32(int64_t v) { return make_const(Int(32), v); }
const Expr x = int_var("x"), y = int_var("y");

void check_interval(const Interval &i, const Expr &mn, const Expr &mx) {
    INFO("got [" << (i.min.defined() ? to_string(i.min) : "-inf") << ", "
                 << (i.max.defined() ? to_string(i.max) : "+inf") << "]");
    INFO("expected [" << (mn.defined() ? to_string(mn) : "-inf") << ", "
                      << (mx.defined() ? to_string(mx) : "+inf") << "]");
    CHECK(mn.defined() == i.min.defined());
    CHECK(mx.defined() == i.max.defined());
    if (mn.defined() && i.min.defined()) {
        CHECK(equal(i.min, mn));
    }
    if (mx.defined() && i.max.defined()) {
        CHECK(equal(i.max, mx));
    }
}

Scope<Interval> x_in_0_10() {
    Scope<Interval> s;
    s.push("x", Interval(i32(0), i32(10)));
    return s;
}

} // namespace

TEST_CASE("bounds: affine expressions", "[bounds]") {
    Scope<Interval> s = x_in_0_10();
    check_interval(bounds_of_expr_in_scope(Add::make(Mul::make(x, i32(2)), i32(3)), s), i32(3),
                   i32(23));
    check_interval(bounds_of_expr_in_scope(Sub::make(i32(5), x), s), i32(-5), i32(5));
    check_interval(bounds_of_expr_in_scope(Mul::make(x, i32(-3)), s), i32(-30), i32(0));
    check_interval(bounds_of_expr_in_scope(Div::make(Sub::make(x, i32(3)), i32(2)), s), i32(-2),
                   i32(3));
    check_interval(bounds_of_expr_in_scope(Mod::make(Add::make(x, y), i32(4)), s), i32(0),
                   i32(3));
    check_interval(bounds_of_expr_in_scope(Mul::make(x, x), s), i32(0), i32(100));
    // Variables outside the scope stand for themselves.
    check_interval(bounds_of_expr_in_scope(Add::make(x, y), s), y, Add::make(y, i32(10)));
    // Unbounded variables give unbounded results.
    Scope<Interval> open;
    open.push("x", Interval(i32(0), Expr()));
    check_interval(bounds_of_expr_in_scope(Add::make(x, i32(1)), open), i32(1), Expr());
    check_interval(bounds_of_expr_in_scope(Min::make(x, i32(7)), open), i32(0), i32(7));
}

TEST_CASE("bounds: symbolic loop ranges", "[bounds]") {
    Expr xmin = int_var("x.min"), xext = int_var("x.extent");
    Scope<Interval> s;
    s.push("x", Interval(xmin, Add::make(xmin, Sub::make(xext, i32(1)))));
    Interval i = bounds_of_expr_in_scope(Sub::make(x, Add::make(xmin, xext)), s);
    CHECK(equal(i.max, i32(-1)));
    check_interval(bounds_of_expr_in_scope(Add::make(x, i32(1)), s), Add::make(xmin, i32(1)),
                   Add::make(xmin, xext));
}

TEST_CASE("bounds: clamps, selects and comparisons", "[bounds]") {
    Scope<Interval> s;
    Expr w = int_var("W");
    s.push("x", Interval(int_var("x0"), int_var("x1")));
    Expr clamped = Max::make(Min::make(x, Sub::make(w, i32(1))), i32(0));
    Interval i = bounds_of_expr_in_scope(clamped, s);
    check_interval(i, Max::make(Min::make(int_var("x0"), Add::make(w, i32(-1))), i32(0)),
                   Max::make(Min::make(int_var("x1"), Add::make(w, i32(-1))), i32(0)));
    Scope<Interval> c = x_in_0_10();
    check_interval(bounds_of_expr_in_scope(Select::make(LT::make(x, i32(5)), x, i32(20)), c),
                   i32(0), i32(20));
    check_interval(bounds_of_expr_in_scope(LT::make(x, i32(11)), c), const_true(), const_true());
    check_interval(bounds_of_expr_in_scope(LT::make(x, i32(5)), c), const_false(), const_true());
    Expr likely = Call::make(Int(32), Call::likely, {x}, Call::PureIntrinsic);
    check_interval(bounds_of_expr_in_scope(likely, c), i32(0), i32(10));
}

TEST_CASE("bounds: data-dependent values are bounded by their type", "[bounds]") {
    Scope<Interval> s;
    Expr load8 = Load::make(UInt(8), "in", x);
    check_interval(bounds_of_expr_in_scope(load8, s), make_const(UInt(8), uint64_t(0)),
                   make_const(UInt(8), uint64_t(255)));
    Expr widened = Cast::make(Int(32), load8);
    check_interval(bounds_of_expr_in_scope(Add::make(widened, i32(1)), s), i32(1), i32(256));
    Expr load32 = Load::make(Int(32), "in32", x);
    check_interval(bounds_of_expr_in_scope(load32, s), i32(INT32_MIN), i32(INT32_MAX));
    // uint8 arithmetic that may wrap covers the whole type.
    Expr sum = Add::make(load8, make_const(UInt(8), uint64_t(10)));
    check_interval(bounds_of_expr_in_scope(sum, s), make_const(UInt(8), uint64_t(0)),
                   make_const(UInt(8), uint64_t(255)));
    // A narrowing cast of a value that fits keeps the bounds.
    Scope<Interval> c = x_in_0_10();
    check_interval(bounds_of_expr_in_scope(Cast::make(UInt(8), x), c),
                   make_const(UInt(8), uint64_t(0)), make_const(UInt(8), uint64_t(10)));
}

TEST_CASE("bounds: interval and box helpers", "[bounds]") {
    Interval a(i32(0), i32(5)), b(i32(3), i32(9));
    check_interval(interval_union(a, b), i32(0), i32(9));
    check_interval(interval_intersect(a, b), i32(3), i32(5));
    check_interval(interval_union(a, Interval::everything()), Expr(), Expr());
    CHECK(Interval::single_point(x).is_single_point());
    CHECK_FALSE(a.is_single_point());
    Box b1({a}), b2({b});
    Box u = box_union(b1, b2);
    REQUIRE(u.size() == 1);
    check_interval(u[0], i32(0), i32(9));
    Box empty;
    box_merge(empty, b1);
    REQUIRE(empty.size() == 1);
}

TEST_CASE("bounds: boxes required by a loop nest", "[bounds]") {
    // blur_y(x, y) = blur_x(x, y - 1) + blur_x(x, y + 1), x in [x0, x1], y in [y0, y1].
    Function blur_x("blur_x");
    FunctionPtr fp(blur_x.get());
    auto call = [&](Expr a, Expr b) {
        return Call::make(Int(32), "blur_x", {std::move(a), std::move(b)}, Call::Func, fp);
    };
    Expr x0 = int_var("x0"), x1 = int_var("x1"), y0 = int_var("y0"), y1 = int_var("y1");
    Stmt body = Provide::make("blur_y",
                              {Add::make(call(x, Sub::make(y, i32(1))),
                                         call(x, Add::make(y, i32(1))))},
                              {x, y});
    Stmt inner = For::make("x", x0, Add::make(Sub::make(x1, x0), i32(1)), ForType::Serial,
                           DeviceAPI::Host, body);
    Stmt outer = For::make("y", y0, Add::make(Sub::make(y1, y0), i32(1)), ForType::Serial,
                           DeviceAPI::Host, inner);
    auto boxes = boxes_required(outer, Scope<Interval>());
    REQUIRE(boxes.count("blur_x"));
    const Box &b = boxes["blur_x"];
    REQUIRE(b.size() == 2);
    check_interval(b[0], x0, x1);
    check_interval(b[1], Add::make(y0, i32(-1)), Add::make(y1, i32(1)));
    auto provided = boxes_provided(outer, Scope<Interval>());
    REQUIRE(provided.count("blur_y"));
    check_interval(provided["blur_y"][0], x0, x1);
    check_interval(provided["blur_y"][1], y0, y1);
    auto touched = boxes_touched(outer, Scope<Interval>());
    CHECK(touched.size() == 2);
}

TEST_CASE("bounds: clamped and data-dependent image accesses", "[bounds]") {
    Parameter in(UInt(8), 1, "in");
    Expr w = int_var("W");
    Expr clamped = Max::make(Min::make(x, Sub::make(w, i32(1))), i32(0));
    Expr read = Call::make(UInt(8), "in", {clamped}, Call::Image, FunctionPtr(), 0, in);
    Scope<Interval> s;
    s.push("x", Interval(int_var("x0"), int_var("x1")));
    auto boxes = boxes_required(read, s);
    REQUIRE(boxes.count("in"));
    check_interval(boxes["in"][0],
                   Max::make(Min::make(int_var("x0"), Add::make(w, i32(-1))), i32(0)),
                   Max::make(Min::make(int_var("x1"), Add::make(w, i32(-1))), i32(0)));
    // hist(in(r.x)): the index is a uint8 value.
    Function hist("hist");
    Expr index = Cast::make(Int(32), Call::make(UInt(8), "in", {int_var("r.x")}, Call::Image,
                                                 FunctionPtr(), 0, in));
    Expr h = Call::make(Int(32), "hist", {index}, Call::Func, FunctionPtr(hist.get()));
    auto hb = boxes_required(h, Scope<Interval>());
    REQUIRE(hb.count("hist"));
    check_interval(hb["hist"][0], i32(0), i32(255));
    // Lets are bounded by their values.
    Stmt let = LetStmt::make("t", Mul::make(y, i32(2)),
                             Evaluate::make(Call::make(Int(32), "hist", {int_var("t")},
                                                       Call::Func, FunctionPtr(hist.get()))));
    Scope<Interval> ys;
    ys.push("y", Interval(i32(1), i32(4)));
    auto lb = boxes_required(let, ys);
    check_interval(lb["hist"][0], i32(2), i32(8));
}
