// AddBufferChecks: the run-time checks that keep accesses in bounds.

#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "lower/AddBufferChecks.h"
#include "lower/BoundsInference.h"
#include "lower/RealizationOrder.h"
#include "lower/ScheduleFunctions.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

using namespace lower_test;

namespace {

Stmt checked(const std::vector<Function> &outputs, const Target &t = Target("x86-64-linux")) {
    auto env = find_functions(outputs);
    auto order = realization_order(outputs, env);
    Stmt s = schedule_functions(outputs, order, env);
    s = simplify(bounds_inference(s, outputs, order, env));
    return add_buffer_checks(s, outputs, t);
}

std::vector<const Call *> assert_calls(const Stmt &s, const std::string &fn) {
    std::vector<const Call *> calls;
    walk_stmts(s, [&](const Stmt &st) {
        const AssertStmt *a = st.as<AssertStmt>();
        const Call *c = a ? a->message.as<Call>() : nullptr;
        if (c && c->name == fn) {
            calls.push_back(c);
        }
    });
    return calls;
}

const AssertStmt *assert_for(const Stmt &s, const std::string &fn, const std::string &buffer,
                             int dim) {
    const AssertStmt *found = nullptr;
    walk_stmts(s, [&](const Stmt &st) {
        const AssertStmt *a = st.as<AssertStmt>();
        const Call *c = a ? a->message.as<Call>() : nullptr;
        if (!c || c->name != fn) {
            return;
        }
        const StringImm *name = c->args[1].as<StringImm>();
        if (name && name->value == buffer && is_const(c->args[2], dim)) {
            found = a;
        }
    });
    return found;
}

} // namespace

TEST_CASE("a stencil checks the input covers the output +-1", "[lower][buffer_checks]") {
    Expr x = ivar("x"), y = ivar("y");
    Parameter in(UInt(16), 2, "in");
    Function f =
        make_func("f", {"x", "y"}, image_call(in, {x - 1, y}) + image_call(in, {x + 1, y}));
    Stmt s = checked({f});
    const AssertStmt *a = assert_for(s, "weft_error_buffer_too_small", "in", 0);
    REQUIRE(a);
    const Call *c = a->message.as<Call>();
    REQUIRE(c->args.size() == 7);
    const Variable *uc = c->args[0].as<Variable>();
    REQUIRE(uc);
    CHECK(uc->name == "__user_context");
    CHECK(uc->type == Handle());
    CHECK(can_prove(c->args[3] == ivar("f.min.0") - 1));
    CHECK(can_prove(c->args[4] == ivar("f.min.0") + ivar("f.extent.0")));
    CHECK(can_prove(c->args[5] == ivar("in.min.0")));
    // The condition fails exactly when the input is too small: in = [0, 99], out = [0, 99].
    std::map<std::string, Expr> small = {{"f.min.0", Expr(0)},
                                         {"f.extent.0", Expr(100)},
                                         {"in.min.0", Expr(0)},
                                         {"in.extent.0", Expr(100)}};
    CHECK(is_const_false(simplify(substitute(small, a->condition))));
    std::map<std::string, Expr> big = {{"f.min.0", Expr(1)},
                                       {"f.extent.0", Expr(98)},
                                       {"in.min.0", Expr(0)},
                                       {"in.extent.0", Expr(100)}};
    CHECK(is_const_true(simplify(substitute(big, a->condition))));
    CHECK(assert_for(s, "weft_error_buffer_too_small", "in", 1));
}

TEST_CASE("every buffer gets type, dimension and extent checks", "[lower][buffer_checks]") {
    Expr x = ivar("x");
    Parameter in(Float(32), 1, "in");
    Function f = make_func("f", {"x"}, image_call(in, {x}));
    Stmt s = checked({f});
    CHECK(assert_calls(s, "weft_error_bad_type").size() == 2); // in and f
    CHECK(assert_calls(s, "weft_error_bad_dimensions").size() == 2);
    CHECK(assert_calls(s, "weft_error_assertion").size() == 2); // extents >= 0
    const Call *bt = nullptr;
    for (const Call *c : assert_calls(s, "weft_error_bad_type")) {
        if (c->args[1].as<StringImm>()->value == "in") {
            bt = c;
        }
    }
    REQUIRE(bt);
    CHECK(is_const(bt->args[2], static_cast<int>(TypeCode::Float)));
    CHECK(is_const(bt->args[3], 32));
}

TEST_CASE("outputs are checked against what the pipeline writes", "[lower][buffer_checks]") {
    Expr x = ivar("x");
    ReductionDomain r({{"r.x", Expr(0), Expr(256)}});
    Function f = make_func("f", {"x"}, Expr(0));
    add_update(f, {rvar(r, 0)}, f.call({rvar(r, 0)}) + 1, r);
    Stmt s = checked({f});
    const AssertStmt *a = assert_for(s, "weft_error_output_buffer_too_small", "f", 0);
    REQUIRE(a);
    std::map<std::string, Expr> small = {{"f.min.0", Expr(0)}, {"f.extent.0", Expr(100)}};
    CHECK(is_const_false(simplify(substitute(small, a->condition))));
    std::map<std::string, Expr> enough = {{"f.min.0", Expr(0)}, {"f.extent.0", Expr(256)}};
    CHECK(is_const_true(simplify(substitute(enough, a->condition))));
}

TEST_CASE("RoundUp on an output requires a whole number of splits", "[lower][buffer_checks]") {
    Expr x = ivar("x");
    Function f = make_func("f", {"x"}, x);
    split(f, 0, "x", "xo", "xi", 8, TailStrategy::RoundUp);
    Stmt s = checked({f});
    const AssertStmt *a = assert_for(s, "weft_error_output_buffer_too_small", "f", 0);
    REQUIRE(a);
    std::map<std::string, Expr> odd = {{"f.min.0", Expr(0)}, {"f.extent.0", Expr(10)}};
    CHECK(is_const_false(simplify(substitute(odd, a->condition))));
    std::map<std::string, Expr> even = {{"f.min.0", Expr(0)}, {"f.extent.0", Expr(16)}};
    CHECK(is_const_true(simplify(substitute(even, a->condition))));
}

TEST_CASE("NoAsserts adds no checks", "[lower][buffer_checks]") {
    Expr x = ivar("x");
    Parameter in(Float(32), 1, "in");
    Function f = make_func("f", {"x"}, image_call(in, {x}));
    Stmt s = checked({f}, Target("x86-64-linux-no_asserts"));
    CHECK(count_stmts<AssertStmt>(s) == 0);
}
