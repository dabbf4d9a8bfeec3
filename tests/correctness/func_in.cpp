// Func::in() wrappers (Halide's f.in(g), f.in(), f.in({g, h}) and ImageParam::in):
// results equal the same pipeline without wrappers (and plain C++), the wrapper is
// realized where it is scheduled, the consumers call the wrapper instead of the Func
// after apply_wrappers while the user's definitions stay as written, and the JIT
// recompiles when a wrapper is added after a realize.

#include "frontend/PipelineInternal.h"
#include "frontend/Wrappers.h"
#include "ir/IRVisitor.h"
#include "lower/RealizationOrder.h"
#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;
using weft_test::fill_random;

namespace {

/// The names of the Funcs that `consumer` calls once wrappers are applied to the
/// pipeline of `outputs` (the copy lowering sees).
std::vector<std::string> callees_after_wrapping(const std::vector<Func> &outputs,
                                                const std::string &consumer) {
    auto env =
        internal::find_functions(internal::apply_wrappers(internal::pipeline_functions(outputs)));
    auto it = env.find(consumer);
    REQUIRE(it != env.end());
    std::vector<std::string> names = internal::direct_callees(it->second);
    std::sort(names.begin(), names.end());
    return names;
}

using Names = std::vector<std::string>;

/// The column (indentation) of the first line of `nest` containing `what`; -1 if none.
int column_of(const std::string &nest, const std::string &what) {
    size_t at = nest.find(what);
    if (at == std::string::npos) {
        return -1;
    }
    size_t line = nest.rfind('\n', at);
    line = line == std::string::npos ? 0 : line + 1;
    return int(nest.find_first_not_of(' ', line) - line);
}

/// True when, in the loop nest, `inner` is printed after `outer` and indented deeper.
bool nested_in(const std::string &nest, const std::string &outer, const std::string &inner) {
    size_t o = nest.find(outer), i = nest.find(inner);
    return o != std::string::npos && i != std::string::npos && o < i &&
           column_of(nest, inner) > column_of(nest, outer);
}

constexpr int W = 67, H = 45; // not multiples of the tile sizes: tails are exercised

int ref_f(const Buffer<int32_t> &in, int x, int y) { return in(x, y) * 3 + x; }

} // namespace

TEST_CASE("func_in: f.in(g) staged per tile of g and vectorized", "[func_in]") {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        set_num_threads(threads);
        Buffer<int32_t> in(W + 2, H + 2);
        fill_random(in, 11);
        Func f("f"), g("g"), h("h");
        Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
        f(x, y) = in(x, y) * 3 + x;
        g(x, y) = f(x, y) + f(x + 1, y) + f(x + 2, y + 1);
        h(x, y) = g(x, y) * 2 - f(x, y + 1);
        // f stays inlined: the wrapper computes f's tile from the input, h computes f
        // where it reads it.
        g.compute_root().tile(x, y, xo, yo, xi, yi, 16, 8).parallel(yo);
        Func w = f.in(g);
        REQUIRE(w.name() == "f_in_g");
        w.compute_at(g, xo).vectorize(x, 8);

        Buffer<int32_t> out = h.realize({W, H});
        REQUIRE(check_buffer(out, [&](int xx, int yy) {
            int gv = ref_f(in, xx, yy) + ref_f(in, xx + 1, yy) + ref_f(in, xx + 2, yy + 1);
            return gv * 2 - ref_f(in, xx, yy + 1);
        }));

        // g reads the wrapper, h still reads f; the user's g is unchanged.
        REQUIRE(callees_after_wrapping({h}, "g") == Names{"f_in_g"});
        REQUIRE(callees_after_wrapping({h}, "h") == Names{"f", "g"});
        REQUIRE(callees_after_wrapping({h}, "f_in_g") == Names{"f"});
        REQUIRE(internal::direct_callees(g.function()) == Names{"f"});

        std::string nest = h.loop_nest_string();
        INFO(nest);
        REQUIRE(nested_in(nest, "for xo", "produce f_in_g"));
        REQUIRE(nested_in(nest, "produce f_in_g", "vectorized x"));
        REQUIRE(nest.find("produce f:") == std::string::npos);
        REQUIRE(nest.find("produce g:") < nest.find("produce h:"));
    }
    set_num_threads(0);
}

TEST_CASE("func_in: an unscheduled wrapper is inlined and changes nothing", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 12);
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) + f(x + 2, y + 1);
    f.compute_root();
    Buffer<int32_t> before = g.realize({W, H});
    std::string nest_before = g.loop_nest_string();
    Func w = f.in(g);
    REQUIRE(w.compute_level().is_inlined());
    Buffer<int32_t> after = g.realize({W, H});
    REQUIRE(check_buffer(after, [&](int xx, int yy) { return before(xx, yy); }));
    REQUIRE(g.loop_nest_string() == nest_before);
    // Asking again gives the same wrapper.
    REQUIRE(f.in(g).same_as(w));
    REQUIRE(f.in(std::vector<Func>{g}).same_as(w));
}

TEST_CASE("func_in: the global wrapper f.in() serves every consumer", "[func_in]") {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        set_num_threads(threads);
        Buffer<int32_t> in(W + 2, H + 2);
        fill_random(in, 13);
        Func f("f"), g("g"), h("h"), out("out");
        Var x("x"), y("y");
        f(x, y) = in(x, y) * 3 + x;
        g(x, y) = f(x + 1, y) - f(x, y);
        h(x, y) = f(x, y + 1) * 5;
        out(x, y) = g(x, y) + h(x, y) + f(x, y);
        out.parallel(y);
        Func w = f.in();
        REQUIRE(w.name() == "f_global_wrapper");
        w.compute_root().vectorize(x, 16);
        g.compute_at(out, y);

        Buffer<int32_t> r = out.realize({W, H});
        REQUIRE(check_buffer(r, [&](int xx, int yy) {
            return ref_f(in, xx + 1, yy) - ref_f(in, xx, yy) + ref_f(in, xx, yy + 1) * 5 +
                   ref_f(in, xx, yy);
        }));
        REQUIRE(callees_after_wrapping({out}, "g") == Names{"f_global_wrapper"});
        REQUIRE(callees_after_wrapping({out}, "h") == Names{"f_global_wrapper"});
        REQUIRE(callees_after_wrapping({out}, "out") == Names{"f_global_wrapper", "g", "h"});
        REQUIRE(callees_after_wrapping({out}, "f_global_wrapper") == Names{"f"});

        std::string nest = out.loop_nest_string();
        INFO(nest);
        REQUIRE(column_of(nest, "store f_global_wrapper") == 0);
        REQUIRE(nested_in(nest, "produce f_global_wrapper", "vectorized x"));
        REQUIRE(nest.find("produce f_global_wrapper") < nest.find("produce out"));
    }
    set_num_threads(0);
}

TEST_CASE("func_in: a consumer's own wrapper wins over the global one", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 14);
    Func f("f"), g("g"), out("out");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) * 2;
    out(x, y) = g(x, y) + f(x + 1, y);
    f.in().compute_root();
    f.in(g).compute_at(out, y).vectorize(x, 8);
    g.compute_at(out, y);
    Buffer<int32_t> r = out.realize({W, H});
    REQUIRE(check_buffer(r, [&](int xx, int yy) {
        return ref_f(in, xx, yy) * 2 + ref_f(in, xx + 1, yy);
    }));
    REQUIRE(callees_after_wrapping({out}, "g") == Names{"f_in_g"});
    REQUIRE(callees_after_wrapping({out}, "out") == Names{"f_global_wrapper", "g"});
    // Wrappers of f call f itself, not each other.
    REQUIRE(callees_after_wrapping({out}, "f_in_g") == Names{"f"});
    REQUIRE(callees_after_wrapping({out}, "f_global_wrapper") == Names{"f"});
}

TEST_CASE("func_in: f.in({g, h}) is one wrapper shared by both", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 15);
    Func f("f"), g("g"), h("h"), k("k"), out("out");
    Var x("x"), y("y"), yo("yo"), yi("yi");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) + 1;
    h(x, y) = f(x + 1, y + 1) * 2;
    k(x, y) = f(x, y) - 7;
    out(x, y) = g(x, y) + h(x, y) + k(x, y);
    out.split(y, yo, yi, 8).parallel(yo);
    Func w = f.in({g, h});
    REQUIRE(w.name() == "f_in_g_h");
    REQUIRE(f.in(g).same_as(w));
    REQUIRE(f.in(h).same_as(w));
    w.compute_at(out, yo).vectorize(x, 8);
    Buffer<int32_t> r = out.realize({W, H});
    REQUIRE(check_buffer(r, [&](int xx, int yy) {
        return ref_f(in, xx, yy) + 1 + ref_f(in, xx + 1, yy + 1) * 2 + ref_f(in, xx, yy) - 7;
    }));
    REQUIRE(callees_after_wrapping({out}, "g") == Names{"f_in_g_h"});
    REQUIRE(callees_after_wrapping({out}, "h") == Names{"f_in_g_h"});
    REQUIRE(callees_after_wrapping({out}, "k") == Names{"f"});
    std::string nest = out.loop_nest_string();
    INFO(nest);
    REQUIRE(nested_in(nest, "parallel yo", "produce f_in_g_h"));
}

TEST_CASE("func_in: an ImageParam staged per tile through in()", "[func_in]") {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        set_num_threads(threads);
        ImageParam input(Float(32), 2, "input");
        Buffer<float> data(W + 1, H + 1);
        fill_random(data, 16);
        input.set(data);
        Func out("out");
        Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
        out(x, y) = input(x, y) * 0.5f + input(x + 1, y) + input(x, y + 1) * 2.0f;
        out.tile(x, y, xo, yo, xi, yi, 32, 8).parallel(yo).vectorize(xi, 8);

        Buffer<float> plain = out.realize({W, H});
        Func staged = input.in();
        REQUIRE(staged.name() == "input_global_wrapper");
        std::vector<Var> a = staged.args();
        REQUIRE(a.size() == 2);
        REQUIRE(a[0].name() == "_0");
        staged.compute_at(out, xo).vectorize(a[0], 8);
        Buffer<float> r = out.realize({W, H});
        REQUIRE(check_buffer(r, [&](int xx, int yy) {
            return data(xx, yy) * 0.5f + data(xx + 1, yy) + data(xx, yy + 1) * 2.0f;
        }));
        REQUIRE(check_buffer(r, [&](int xx, int yy) { return plain(xx, yy); }));
        REQUIRE(callees_after_wrapping({out}, "out") == Names{"input_global_wrapper"});

        std::string nest = out.loop_nest_string();
        INFO(nest);
        REQUIRE(nested_in(nest, "for xo", "produce input_global_wrapper"));
        // The staged tile is (32 + 1) x (8 + 1) floats, allocated per tile.
        const std::string text = weft_test::lowered_text(out);
        INFO(text);
        REQUIRE(text.find("allocate input_global_wrapper[float32 * 33 * 9]") != std::string::npos);
        REQUIRE(text.find("produce input_global_wrapper") != std::string::npos);
    }
    set_num_threads(0);
}

TEST_CASE("func_in: ImageParam::in(g) wraps only g's reads", "[func_in]") {
    ImageParam input(Int(32), 2, "img");
    Buffer<int32_t> data(W + 1, H + 1);
    fill_random(data, 17);
    input.set(data);
    Func g("g"), out("out");
    Var x("x"), y("y");
    g(x, y) = input(x + 1, y) - input(x, y);
    out(x, y) = g(x, y) * input(x, y + 1);
    g.compute_at(out, y);
    input.in(g).compute_at(out, y);
    Buffer<int32_t> r = out.realize({W, H});
    REQUIRE(check_buffer(r, [&](int xx, int yy) {
        return int32_t(uint32_t(data(xx + 1, yy) - data(xx, yy)) * uint32_t(data(xx, yy + 1)));
    }));
    REQUIRE(callees_after_wrapping({out}, "g") == Names{"img_in_g"});
    REQUIRE(callees_after_wrapping({out}, "out") == Names{"g"});
}

TEST_CASE("func_in: a reduction's update calls the wrapper", "[func_in]") {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        set_num_threads(threads);
        constexpr int N = 200, R = 9;
        Buffer<int32_t> in(N + R);
        for (int i = 0; i < N + R; i++) {
            in(i) = (i * 7919) % 1009 - 500; // small: the C++ sum must not overflow
        }
        Func f("f"), g("g");
        Var x("x"), xo("xo"), xi("xi");
        RDom r(0, R, "r");
        f(x) = in(x) / 7 + x;
        r.where(f(r) % 3 != 0); // the RDom's predicate calls f too
        g(x) = 0;
        g(x) += f(x + r) * (r + 1);
        f.compute_root();
        g.split(x, xo, xi, 32).parallel(xo);
        g.update().split(x, xo, xi, 32).parallel(xo);
        Func w = f.in(g);
        w.compute_at(g, xo).vectorize(x, 8); // at the update's xo loop (g's last stage)
        Buffer<int32_t> out = g.realize({N});
        // weft's / and % round down, as Halide's (C++ truncates toward zero).
        auto floor_div = [](int a, int b) { return (a - ((a % b) + b) % b) / b; };
        auto fv = [&](int i) { return floor_div(in(i), 7) + i; };
        REQUIRE(check_buffer(out, [&](int xx) {
            int s = 0;
            for (int k = 0; k < R; k++) {
                if (((fv(k) % 3) + 3) % 3 != 0) {
                    s += fv(xx + k) * (k + 1);
                }
            }
            return s;
        }));
        REQUIRE(callees_after_wrapping({g}, "g") == Names{"f_in_g"});
        std::string nest = g.loop_nest_string();
        INFO(nest);
        REQUIRE(nested_in(nest, "parallel xo", "produce f_in_g"));
    }
    set_num_threads(0);
}

TEST_CASE("func_in: wrapper computed at inner loops of the consumer", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 19);
    Func f("f"), g("g");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) * f(x + 1, y) + f(x, y + 1);
    g.tile(x, y, xo, yo, xi, yi, 8, 4);
    f.compute_at(g, xo);
    SECTION("at yi") { f.in(g).compute_at(g, yi); }
    SECTION("at xi") { f.in(g).compute_at(g, xi); }
    SECTION("store at xo, compute at yi") { f.in(g).store_at(g, xo).compute_at(g, yi); }
    Buffer<int32_t> r = g.realize({W, H});
    REQUIRE(check_buffer(r, [&](int xx, int yy) {
        return int32_t(uint32_t(ref_f(in, xx, yy)) * uint32_t(ref_f(in, xx + 1, yy))) +
               ref_f(in, xx, yy + 1);
    }));
    std::string nest = g.loop_nest_string();
    INFO(nest);
    REQUIRE(nested_in(nest, "for xo", "produce f:"));
    REQUIRE(nested_in(nest, "produce f:", "f(...) ="));
    REQUIRE(nested_in(nest, "for yi", "produce f_in_g"));
}

TEST_CASE("func_in: a wrapper of a wrapper", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 20);
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) + f(x + 1, y + 1);
    Func w1 = f.in(g);
    Func w2 = w1.in(g);
    REQUIRE(w2.name() == "f_in_g_in_g");
    w1.compute_root();
    w2.compute_at(g, y);
    Buffer<int32_t> r = g.realize({W, H});
    REQUIRE(check_buffer(r, [&](int xx, int yy) {
        return ref_f(in, xx, yy) + ref_f(in, xx + 1, yy + 1);
    }));
    REQUIRE(callees_after_wrapping({g}, "g") == Names{"f_in_g_in_g"});
    REQUIRE(callees_after_wrapping({g}, "f_in_g_in_g") == Names{"f_in_g"});
    REQUIRE(callees_after_wrapping({g}, "f_in_g") == Names{"f"});
}

TEST_CASE("func_in: a wrapper added after a realize recompiles the pipeline", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 21);
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = f(x, y) + f(x + 1, y);
    f.compute_root();
    Buffer<int32_t> first = g.realize({W, H});
    // A bound that g's reads exceed: only a pipeline that really calls the wrapper fails.
    f.in(g).compute_root().bound(x, 0, 4);
    REQUIRE_THROWS_AS(g.realize({W, H}), RuntimeError);
    // A schedule change of an existing wrapper is seen too.
    Func f2("f2"), g2("g2");
    f2(x, y) = in(x, y) + 1;
    g2(x, y) = f2(x, y) * 2;
    Func w2 = f2.in(g2);
    Buffer<int32_t> second = g2.realize({W, H});
    REQUIRE(check_buffer(second, [&](int xx, int yy) { return (in(xx, yy) + 1) * 2; }));
    w2.compute_root().bound(y, 0, 3);
    REQUIRE_THROWS_AS(g2.realize({W, H}), RuntimeError);
    ImageParam ip(Int(32), 2, "ip");
    ip.set(in);
    Func k("k");
    k(x, y) = ip(x, y) + 1;
    Buffer<int32_t> kr = k.realize({W, H});
    ip.in(k).compute_root().bound(Var("_1"), 0, 2);
    REQUIRE_THROWS_AS(k.realize({W, H}), RuntimeError);
}

TEST_CASE("func_in: wrappers live as long as what they wrap", "[func_in]") {
    Var x("x");
    Func w;
    Func g("g");
    {
        Func f("f");
        f(x) = x * 2;
        g(x) = f(x) + 1;
        f.in(g).compute_root(); // the returned handle is dropped at once
        w = f.in();             // f's handle is dropped at the end of the block
    }
    Buffer<int32_t> r = g.realize({10});
    REQUIRE(check_buffer(r, [](int xx) { return xx * 2 + 1; }));
    REQUIRE(callees_after_wrapping({g}, "g") == Names{"f_in_g"});
    Buffer<int32_t> rw = w.realize({10}); // the wrapper keeps f alive
    REQUIRE(check_buffer(rw, [](int xx) { return xx * 2; }));
}

TEST_CASE("func_in: a consumer with specializations", "[func_in]") {
    Buffer<int32_t> in(W + 2, H + 2);
    fill_random(in, 22);
    Param<int> p("p");
    Func f("f"), g("g");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 3 + x;
    g(x, y) = select(p > 0, f(x, y) + f(x + 1, y), f(x, y + 1));
    g.specialize(p > 0).vectorize(x, 8);
    f.in(g).compute_root(); // (a Func computed inside a specialized stage is not supported)
    REQUIRE(callees_after_wrapping({g}, "g") == Names{"f_in_g"});
    // The specialization's copy of the definition calls the wrapper too.
    internal::Function gc = internal::apply_wrappers({g.function()})[0];
    REQUIRE(gc.stage(0).specializations.size() == 1);
    Names spec_calls;
    for (const Expr &v : gc.stage(0).specializations[0].definition->values) {
        internal::walk_exprs(v, [&](const Expr &e) {
            if (const internal::Call *c = e.as<internal::Call>();
                c && c->call_type == internal::Call::Func) {
                spec_calls.push_back(c->name);
            }
            return true;
        });
    }
    REQUIRE(!spec_calls.empty());
    REQUIRE(std::all_of(spec_calls.begin(), spec_calls.end(),
                        [](const std::string &n) { return n == "f_in_g"; }));
    for (int pv : {1, 0}) {
        CAPTURE(pv);
        p.set(pv);
        Buffer<int32_t> r = g.realize({W, H});
        REQUIRE(check_buffer(r, [&](int xx, int yy) {
            return pv > 0 ? ref_f(in, xx, yy) + ref_f(in, xx + 1, yy) : ref_f(in, xx, yy + 1);
        }));
    }
}
