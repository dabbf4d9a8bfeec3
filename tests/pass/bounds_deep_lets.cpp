// Boxes of statements with long chains of lets, as deep pipelines make them (each
// stage's bounds are lets over its consumers' bounds): box_required / box_provided
// bound only the lets and loops the one asked-for box uses, in the scope where each is
// defined; boxes_touched_correlated keeps a large let value let-bound in the ends
// instead of repeating it at every use (which grew the ends exponentially with depth).

#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/Function.h"
#include "ir/IREquality.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32(int64_t v) {
    return make_const(Int(32), v);
}

Stmt loop(const std::string &name, Expr min, Expr extent, Stmt body) {
    return For::make(name, std::move(min), std::move(extent), ForType::Serial, DeviceAPI::Host,
                     std::move(body));
}

Stmt write(const std::string &f, const Expr &e) {
    return Provide::make(f, {i32(0)}, {e});
}

/// A call f(e) of a Func made for the test (kept alive for the whole run).
Stmt read(const std::string &f, const Expr &e) {
    static std::map<std::string, Function> funcs;
    auto it = funcs.try_emplace(f, Function(f)).first;
    return Evaluate::make(Call::make(Int(32), f, {e}, Call::Func, FunctionPtr(it->second.get())));
}

/// The constant an end takes when the free variables are given values.
std::optional<int64_t> value_at(const Expr &end, const std::map<std::string, Expr> &values) {
    return as_const_int(simplify(substitute(values, end)));
}

int node_count(const Expr &e) {
    int n = 0;
    walk_exprs(e, [&](const Expr &) {
        n++;
        return true;
    });
    return n;
}

/// C++ floor division (weft's Div rounds towards negative infinity).
int64_t floor_div(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

TEST_CASE("bounds: box_required matches the one entry of boxes_required", "[bounds]") {
    // for y in [0, n): let a = y * 2; let b = a + x0; for x in [b, b + 16):
    //   if (x < 40) g(x - a) ; h(min(a, 7)) ; f(x + 1) = ...
    Expr y = int_var("y"), x = int_var("x"), a = int_var("a"), b = int_var("b");
    Expr n = int_var("n"), x0 = int_var("x0");
    Stmt inner = Block::make({IfThenElse::make(LT::make(x, i32(40)), read("g", Sub::make(x, a))),
                              read("h", Min::make(a, i32(7))), write("f", Add::make(x, i32(1)))});
    Stmt s =
        loop("y", i32(0), n,
             LetStmt::make("a", Mul::make(y, i32(2)),
                           LetStmt::make("b", Add::make(a, x0), loop("x", b, i32(16), inner))));
    auto all = boxes_required(s, Scope<Interval>());
    auto provided = boxes_provided(s, Scope<Interval>());
    for (const char *name : {"g", "h"}) {
        Box one = box_required(s, name, Scope<Interval>());
        REQUIRE(one.size() == 1);
        REQUIRE(all.at(name).size() == 1);
        INFO(name << ": [" << one[0].min << ", " << one[0].max << "] vs [" << all.at(name)[0].min
                  << ", " << all.at(name)[0].max << "]");
        CHECK(equal(one[0].min, all.at(name)[0].min));
        CHECK(equal(one[0].max, all.at(name)[0].max));
    }
    Box f = box_provided(s, "f", Scope<Interval>());
    REQUIRE(f.size() == 1);
    CHECK(equal(f[0].min, provided.at("f")[0].min));
    CHECK(equal(f[0].max, provided.at("f")[0].max));
    CHECK(box_required(s, "f", Scope<Interval>()).empty());
    CHECK(box_provided(s, "g", Scope<Interval>()).empty());

    // boxes_touched of some names: the same boxes, and no others.
    auto touched = boxes_touched(s, Scope<Interval>());
    auto some = boxes_touched(s, Scope<Interval>(), {"g", "f"});
    CHECK(some.size() == 2);
    CHECK(some.count("h") == 0);
    for (const char *name : {"g", "f"}) {
        REQUIRE(some.at(name).size() == 1);
        CHECK(equal(some.at(name)[0].min, touched.at(name)[0].min));
        CHECK(equal(some.at(name)[0].max, touched.at(name)[0].max));
    }
    auto correlated = boxes_touched_correlated(s, Scope<Interval>());
    auto some_correlated = boxes_touched_correlated(s, Scope<Interval>(), {"h"});
    CHECK(some_correlated.size() == 1);
    REQUIRE(some_correlated.at("h").size() == 1);
    CHECK(equal(some_correlated.at("h")[0].min, correlated.at("h")[0].min));
    CHECK(equal(some_correlated.at("h")[0].max, correlated.at("h")[0].max));
}

TEST_CASE("bounds: a let is bounded in the scope of its definition", "[bounds]") {
    // for i in [0, 9]: let a = i * 2 in for i in [100, 109]: f(a). The inner loop
    // rebinds i after a was defined: a is in [0, 18], not [200, 218].
    Expr i = int_var("i"), a = int_var("a");
    Stmt s =
        loop("i", i32(0), i32(10),
             LetStmt::make("a", Mul::make(i, i32(2)), loop("i", i32(100), i32(10), read("f", a))));
    for (const Box &box :
         {boxes_required(s, Scope<Interval>())["f"], box_required(s, "f", Scope<Interval>())}) {
        REQUIRE(box.size() == 1);
        CHECK(equal(simplify(box[0].min), i32(0)));
        CHECK(equal(simplify(box[0].max), i32(18)));
    }
    // A let whose value is itself a let expression, used under another loop: the
    // bindings made while bounding it come and go without disturbing the scope.
    Expr t = int_var("t"), j = int_var("j");
    Expr value = Let::make("t", Add::make(i, i32(1)), Mul::make(t, t));
    Stmt u = loop("i", i32(1), i32(3),
                  LetStmt::make("a", value, loop("j", i32(0), a, read("f", Add::make(j, a)))));
    Box box = box_required(u, "f", Scope<Interval>());
    REQUIRE(box.size() == 1);
    // i in [1, 3]: a in [4, 16] (t * t with t in [2, 4]); j in [0, a - 1].
    CHECK(equal(simplify(box[0].min), i32(4)));
    CHECK(equal(simplify(box[0].max), i32(31)));
}

TEST_CASE("bounds: correlated ends of a deep chain of lets stay small and exact", "[bounds]") {
    // let l0 = x; let l(k) = min(l(k-1) / 2, (l(k-1) + 7) / 2 - 3) ...; f(l(depth)) = 0.
    // Each let uses the previous one twice, and the divisions keep the simplifier from
    // merging the two: substituted, the end would hold 2^depth copies of x.
    const int depth = 18;
    Expr x = int_var("x");
    auto name = [](int k) { return "l" + std::to_string(k); };
    Stmt s = write("f", int_var(name(depth)));
    for (int k = depth; k >= 1; k--) {
        Expr prev = int_var(name(k - 1));
        Expr value = Min::make(Div::make(prev, i32(2)),
                               Sub::make(Div::make(Add::make(prev, i32(7)), i32(2)), i32(3)));
        s = LetStmt::make(name(k), value, s);
    }
    s = LetStmt::make(name(0), x, s);
    Box box = boxes_touched_correlated(s, Scope<Interval>())["f"];
    REQUIRE(box.size() == 1);
    REQUIRE(box[0].is_bounded());
    INFO("min: " << box[0].min << " (" << node_count(box[0].min) << " nodes)");
    CHECK(node_count(box[0].min) < 40 * depth);
    CHECK(node_count(box[0].max) < 40 * depth);
    for (int64_t x_value : {-1000003, -77, 0, 5, 123456, 99999989}) {
        int64_t v = x_value;
        for (int k = 1; k <= depth; k++) {
            v = std::min(floor_div(v, 2), floor_div(v + 7, 2) - 3);
        }
        std::map<std::string, Expr> at{{"x", i32(x_value)}};
        CHECK(value_at(box[0].min, at) == v);
        CHECK(value_at(box[0].max, at) == v);
    }
}
