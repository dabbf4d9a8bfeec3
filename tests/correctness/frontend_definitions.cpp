// The structure Func definitions record (weft/Func.h over src/ir/Function.h): pure and
// update stages, default loop orders, reduction domains, self references, implicit
// pure definitions, schedules, Params, ImageParams, Buffers in definitions and inline
// reductions. No compilation.

#include <weft/weft.h>

#include "ir/Function.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {

std::vector<std::string> dims_of(const Definition &d) {
    std::vector<std::string> v;
    for (const Dim &dim : d.schedule.dims) {
        v.push_back(dim.var + (dim.is_rvar ? "(r)" : ""));
    }
    return v;
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("frontend: pure definition", "[frontend]") {
    Func f("f");
    Var x("x"), y("y");
    REQUIRE_FALSE(f.defined());
    REQUIRE(f.dimensions() == 0);
    Stage s = f(x, y) = x + y * 2;
    REQUIRE(s.stage_index() == 0);
    REQUIRE(s.name() == "f");
    REQUIRE(f.defined());
    REQUIRE(f.dimensions() == 2);
    REQUIRE(f.type() == Int(32));
    REQUIRE(f.output_types() == std::vector<Type>{Int(32)});
    REQUIRE(f.args().size() == 2);
    REQUIRE(f.args()[1].name() == "y");
    const Function &fn = f.function();
    REQUIRE(fn.args() == Names{"x", "y"});
    REQUIRE(dims_of(fn.stage(0)) == Names{"x", "y"});
    REQUIRE(fn.stage(0).values.size() == 1);
    REQUIRE(fn.stage(0).values[0].as<Add>() != nullptr);
    REQUIRE_FALSE(fn.stage(0).rdom.defined());
    REQUIRE(s.loop_names() == Names{"x", "y"});

    // A call is a Func call of the value's type, with int32 arguments.
    Func g("g");
    g(x, y) = f(x + 1, cast<uint8_t>(y));
    const Call *c = g.value().as<Call>();
    REQUIRE(c != nullptr);
    REQUIRE(c->call_type == Call::Func);
    REQUIRE(c->name == "f");
    REQUIRE(c->func.get() == fn.get());
    REQUIRE_FALSE(c->func.is_weak());
    REQUIRE(c->args[1].type() == Int(32));
    REQUIRE(c->type == Int(32));

    // f(x) = g(x) assigns (FuncRef to FuncRef) rather than copying the reference.
    Func h("h");
    h(x, y) = g(x, y);
    REQUIRE(h.defined());
    REQUIRE(h.value().as<Call>()->name == "g");
}

TEST_CASE("frontend: unnamed objects get unique names", "[frontend]") {
    Func a, b;
    REQUIRE(a.name() != b.name());
    REQUIRE(a.name()[0] == 'f');
    Var u, v;
    REQUIRE(u.name() != v.name());
    REQUIRE(u.name()[0] == 'v');
    REQUIRE(Var("x").same_as(Var("x")));
    Param<int> p, q;
    REQUIRE(p.name() != q.name());
    RDom r(0, 4), s(0, 4);
    REQUIRE(r.name() != s.name());
    REQUIRE(r.x.name() == r.name() + ".x");
}

TEST_CASE("frontend: update definitions record stages, loops and the RDom", "[frontend]") {
    Func f("f"), in("in");
    Var x("x"), y("y");
    in(x, y) = x * y;
    RDom r(0, 3, 0, 4, "r");
    f(x, y) = 0;
    Stage s1 = f(x, y) = f(x, y) + in(x + r.x, y + r.y);
    REQUIRE(s1.stage_index() == 1);
    REQUIRE(s1.name() == "f.update(0)");
    REQUIRE(f.num_update_definitions() == 1);
    const Definition &u = f.function().stage(1);
    // Default loop order of an update: RVars innermost (r.x first), then pure Vars.
    REQUIRE(dims_of(u) == Names{"r.x(r)", "r.y(r)", "x", "y"});
    REQUIRE(u.rdom.defined());
    REQUIRE(u.rdom.same_as(r.domain()));
    REQUIRE(s1.rdom().same_as(r));
    REQUIRE(u.rdom.domain().size() == 2);
    REQUIRE(is_const(u.rdom.domain()[1].extent, 4));
    // The self call inside the update is weak; the call to `in` is not.
    const Add *add = u.values[0].as<Add>();
    REQUIRE(add != nullptr);
    REQUIRE(add->a.as<Call>()->name == "f");
    REQUIRE(add->a.as<Call>()->func.is_weak());
    REQUIRE_FALSE(add->b.as<Call>()->func.is_weak());

    // An update with a constant coordinate and a one-dimensional RDom.
    RDom k(0, 10, "k");
    Stage s2 = f(k, 0) = f(k, 0) * 2;
    REQUIRE(dims_of(f.function().stage(2)) == Names{"k.x(r)"});
    REQUIRE(s2.args().size() == 2);
    REQUIRE(is_const(s2.args()[1], 0));
    // A pure update (no RDom).
    Stage s3 = f(x, 5) = f(x, 4);
    REQUIRE_FALSE(f.function().stage(3).rdom.defined());
    REQUIRE(dims_of(f.function().stage(3)) == Names{"x"});
    REQUIRE(f.update(2).stage_index() == 3);
    REQUIRE(f.update(0).loop_names() == Names{"r.x", "r.y", "x", "y"});
    REQUIRE_THROWS_AS(f.update(3), CompileError);
}

TEST_CASE("frontend: compound assignment operators", "[frontend]") {
    Var x("x");
    RDom r(0, 8, "r");
    // += on an undefined Func defines it as 0 of the value's type first.
    Func hist("hist");
    Func in("in");
    in(x) = cast<uint8_t>(x);
    hist(in(r)) += 1;
    REQUIRE(hist.defined());
    REQUIRE(hist.type() == Int(32));
    REQUIRE(hist.dimensions() == 1);
    REQUIRE(hist.args()[0].name() == "_0");
    REQUIRE(is_const_zero(hist.value()));
    REQUIRE(hist.num_update_definitions() == 1);
    REQUIRE(hist.function().stage(1).rdom.same_as(r.domain()));

    // *= and /= start from 1.
    Func p("p");
    p(x) *= cast<float>(x);
    REQUIRE(is_const_one(p.value()));
    REQUIRE(p.type() == Float(32));
    const Mul *m = p.function().stage(1).values[0].as<Mul>();
    REQUIRE(m != nullptr);

    // On a defined Func, the value is cast to the Func's type.
    Func g("g");
    g(x) = cast<uint8_t>(0);
    g(x) += 2.7f;
    const Add *a = g.function().stage(1).values[0].as<Add>();
    REQUIRE(a != nullptr);
    REQUIRE(a->type == UInt(8));
    REQUIRE(as_const_uint(a->b).value() == 2);
    g(x) -= x;
    REQUIRE(g.function().stage(2).values[0].as<Sub>() != nullptr);
    // A C++ number on the right of an update takes the Func's type.
    g(3) = 7;
    REQUIRE(g.function().stage(3).values[0].type() == UInt(8));

    // A Func of no arguments.
    Func c(Expr(3.5f));
    REQUIRE(c.defined());
    REQUIRE(c.dimensions() == 0);
    REQUIRE(c.type() == Float(32));
}

TEST_CASE("frontend: RDom shape and where()", "[frontend]") {
    Param<int> n("n");
    ImageParam img(Float(32), 2, "img");
    RDom r(1, n, "r");
    REQUIRE(r.dimensions() == 1);
    REQUIRE(r.x.name() == "r.x");
    REQUIRE(is_const(r.x.min(), 1));
    REQUIRE(r.x.extent().as<Variable>()->name == "n");
    REQUIRE_FALSE(r.y.defined());
    REQUIRE(Expr(r).as<Variable>()->rdom.same_as(r.domain()));
    REQUIRE(RVar(r).name() == "r.x");
    REQUIRE(r.x.domain().same_as(r));

    RDom s(img);
    REQUIRE(s.dimensions() == 2);
    REQUIRE(s.y.extent().as<Variable>()->name == "img.extent.1");
    REQUIRE(s.y.min().as<Variable>()->name == "img.min.1");
    REQUIRE(s[1].name() == s.name() + ".y");
    REQUIRE_THROWS_AS(s[2], CompileError);
    REQUIRE_THROWS_AS(Expr(s), CompileError); // two dimensions: not a single variable

    Buffer<uint8_t> buf(5, 6, 7);
    RDom t(buf);
    REQUIRE(t.dimensions() == 3);
    REQUIRE(is_const(t.z.extent(), 7));
    REQUIRE(is_const(t.x.min(), 0));

    RDom u(0, 10, 0, 10, "u");
    u.where(u.x < u.y).where(u.x + u.y < 12);
    REQUIRE(u.predicate().as<And>() != nullptr);
    // Copies share the domain, so the condition is seen by all of them.
    Func f("f");
    Var x("x");
    f(x) = 0;
    f(u.x) += u.y;
    REQUIRE(f.function().stage(1).rdom.predicate().as<And>() != nullptr);
    REQUIRE_THROWS_AS(u.where(u.x), CompileError); // not a bool
}

TEST_CASE("frontend: Param and ImageParam expressions", "[frontend]") {
    Param<float> gain("gain", 1.5f);
    REQUIRE(gain.get() == 1.5f);
    REQUIRE(gain.has_value());
    gain.set(2.0f);
    REQUIRE(gain.get() == 2.0f);
    Expr g = gain;
    REQUIRE(g.type() == Float(32));
    REQUIRE(g.as<Variable>()->name == "gain");
    REQUIRE(g.as<Variable>()->param.same_as(gain.parameter()));
    Param<bool> flag("flag");
    REQUIRE(flag.name() == "flag");
    REQUIRE(flag.type() == Bool());
    REQUIRE_FALSE(flag.has_value());

    ImageParam in(UInt(16), 2, "in");
    REQUIRE(in.name() == "in");
    REQUIRE(in.type() == UInt(16));
    REQUIRE(in.dimensions() == 2);
    Var x("x"), y("y");
    Expr e = in(x, y + 1);
    const Call *c = e.as<Call>();
    REQUIRE(c != nullptr);
    REQUIRE(c->call_type == Call::Image);
    REQUIRE(c->type == UInt(16));
    REQUIRE(c->param.same_as(in.parameter()));
    REQUIRE(in(cast<uint8_t>(x), y).as<Call>()->args[0].type() == Int(32));
    Expr width = in.width();
    const Variable *w = width.as<Variable>();
    REQUIRE(w->name == "in.extent.0");
    REQUIRE(w->param.same_as(in.parameter()));
    REQUIRE(in.dim(1).stride().as<Variable>()->name == "in.stride.1");
    REQUIRE(in.height().as<Variable>()->name == "in.extent.1");
    REQUIRE(in.dim(0).max().type() == Int(32));
    REQUIRE_THROWS_AS(in.dim(2), CompileError);

    Buffer<uint16_t> good(4, 4);
    in.set(good);
    REQUIRE(in.raw_buffer() == good.raw_buffer());
    Buffer<float> wrong(4, 4);
    REQUIRE_THROWS_AS(in.set(wrong), RuntimeError);
}

TEST_CASE("frontend: a Buffer read in definitions is one input", "[frontend]") {
    Buffer<int16_t> b(8, 8);
    b.set_name("weights");
    Var x("x"), y("y");
    Expr e1 = buffer_access(b, {x, y});
    Expr e2 = buffer_access(b, {x + 1, y});
    const Call *c1 = e1.as<Call>(), *c2 = e2.as<Call>();
    REQUIRE(c1->call_type == Call::Image);
    REQUIRE(c1->name == "weights");
    REQUIRE(c1->type == Int(16));
    REQUIRE(c1->param.same_as(c2->param));
    REQUIRE(c1->param.buffer() == b.raw_buffer());
    REQUIRE(c1->param.dimensions() == 2);
    Buffer<int16_t> other(8, 8);
    Expr e3 = buffer_access(other, {x, y});
    const Call *c3 = e3.as<Call>();
    REQUIRE_FALSE(c3->param.same_as(c1->param));
    REQUIRE(c3->name != "weights");
    REQUIRE_THROWS_WITH(buffer_access(b, {x}),
                        Catch::Contains("Buffer \"weights\" has 2 dimensions but was called "
                                        "with 1 coordinate"));
}

TEST_CASE("frontend: schedule directives record placement", "[frontend]") {
    Func f("f"), g("g");
    Var x("x"), y("y");
    RDom r(0, 4, "r");
    f(x, y) = x + y;
    g(x, y) = f(x, y);
    g(x, y) += f(x, r);
    REQUIRE(f.compute_level().is_inlined());
    REQUIRE_FALSE(f.function().schedule().placement_set);
    f.compute_at(g, y).store_root();
    const FuncSchedule &s = f.function().schedule();
    REQUIRE(s.placement_set);
    REQUIRE(s.compute_level == LoopLevelData::at("g", "y", -1));
    REQUIRE(s.store_level.is_root());
    REQUIRE(f.compute_level().to_string() == "g.y");
    f.compute_at(g, r.x);
    REQUIRE(s.compute_level.var == "r.x");
    f.compute_at(LoopLevel(g, x, 1));
    REQUIRE(s.compute_level.stage_index == 1);
    REQUIRE(f.compute_level().to_string() == "g.update(0).x");
    f.store_at(g, x);
    REQUIRE(s.store_level == LoopLevelData::at("g", "x", -1));
    f.compute_root();
    REQUIRE(s.compute_level.is_root());
    f.compute_inline();
    REQUIRE(s.compute_level.is_inlined());
    f.bound(x, 0, 16).bound(y, cast<uint8_t>(2), 8).bound(x, 1, 4);
    REQUIRE(s.bounds.size() == 2);
    REQUIRE(s.bounds[1].var == "x");
    REQUIRE(is_const(s.bounds[1].min, 1));
    REQUIRE(s.bounds[0].min.type() == Int(32));
}

TEST_CASE("frontend: inline reductions build an anonymous Func", "[frontend]") {
    Func in("in");
    Var x("x"), y("y");
    in(x, y) = cast<uint8_t>(x + y);
    RDom r(0, 3, "r");
    Expr s = sum(cast<int>(in(x + r, y)));
    const Call *c = s.as<Call>();
    REQUIRE(c != nullptr);
    REQUIRE(c->call_type == Call::Func);
    REQUIRE(c->type == Int(32));
    REQUIRE(c->name.rfind("sum", 0) == 0);
    Function sf(c->func);
    REQUIRE(sf.args() == Names{"x", "y"});
    REQUIRE(is_const_zero(sf.stage(0).values[0]));
    REQUIRE(sf.stages() == 2);
    REQUIRE(sf.stage(1).rdom.same_as(r.domain()));
    REQUIRE(dims_of(sf.stage(1)) == Names{"r.x(r)", "x", "y"});
    REQUIRE(sf.stage(1).values[0].as<Add>() != nullptr);

    Expr m = maximum(cast<float>(in(r, y)));
    Function mf(m.as<Call>()->func);
    REQUIRE(mf.args() == Names{"y"});
    REQUIRE(as_const_float(mf.stage(0).values[0]).value() < -1e300);
    REQUIRE(mf.stage(1).values[0].as<Max>() != nullptr);
    Expr mn = minimum(in(r, y));
    REQUIRE(as_const_uint(Function(mn.as<Call>()->func).stage(0).values[0]).value() == 255);
    Expr p = product(in(r, 0));
    REQUIRE(Function(p.as<Call>()->func).dimensions() == 0);
    REQUIRE(is_const_one(Function(p.as<Call>()->func).stage(0).values[0]));

    // An explicit RDom is iterated even when the expression does not use it.
    RDom k(0, 5, "k");
    Expr count = sum(k, 1);
    REQUIRE(Function(count.as<Call>()->func).stage(1).rdom.same_as(k.domain()));

    // argmax: an int32 coordinate; several dimensions need argmax_coords.
    Expr am = argmax(in(r, y));
    REQUIRE(am.type() == Int(32));
    RDom q(0, 3, 0, 4, "q");
    std::vector<Expr> coords = argmin_coords(in(q.x, q.y));
    REQUIRE(coords.size() == 2);
    REQUIRE(coords[1].type() == Int(32));
    REQUIRE_THROWS_WITH(argmax(in(q.x, q.y)), Catch::Contains("argmax: the RDom has 2 dimensions"));
}
