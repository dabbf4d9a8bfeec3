// Lowering end to end: pipelines whose loop nests come from schedule data (placements,
// splits with each tail strategy, fuse, reorder, compute_at, store_root), checked
// against plain C++, and the run-time buffer checks that keep accesses in bounds.

#include "test_util.h"

#include "ir/Function.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

namespace {

using internal::Dim;
using internal::Split;
using internal::StageSchedule;

/// split(old -> outer, inner, factor) on stage `stage` of f, by editing the schedule data.
void split(const Func &f, int stage, const std::string &old, const std::string &outer,
           const std::string &inner, int factor, TailStrategy tail) {
    internal::Function fn = f.function();
    StageSchedule &s = fn.stage(stage).schedule;
    Split sp;
    sp.kind = Split::Kind::SplitVar;
    sp.old_var = old;
    sp.outer = outer;
    sp.inner = inner;
    sp.factor = Expr(factor);
    sp.tail = tail;
    s.splits.push_back(sp);
    for (size_t i = 0; i < s.dims.size(); i++) {
        if (s.dims[i].var == old) {
            Dim in = s.dims[i], out = s.dims[i];
            in.var = inner;
            out.var = outer;
            s.dims[i] = in;
            s.dims.insert(s.dims.begin() + static_cast<long>(i) + 1, out);
            return;
        }
    }
    FAIL("no loop " << old);
}

void fuse(const Func &f, const std::string &inner, const std::string &outer,
          const std::string &fused) {
    internal::Function fn = f.function();
    StageSchedule &s = fn.stage(0).schedule;
    Split sp;
    sp.kind = Split::Kind::FuseVars;
    sp.inner = inner;
    sp.outer = outer;
    sp.fused = fused;
    s.splits.push_back(sp);
    std::vector<Dim> dims;
    for (const Dim &d : s.dims) {
        if (d.var == inner) {
            dims.push_back({fused, d.for_type, d.device_api, d.is_rvar});
        } else if (d.var != outer) {
            dims.push_back(d);
        }
    }
    s.dims = dims;
}

void reorder(const Func &f, const std::vector<std::string> &innermost_first) {
    internal::Function fn = f.function();
    StageSchedule &s = fn.stage(0).schedule;
    std::vector<Dim> dims;
    for (const std::string &v : innermost_first) {
        for (const Dim &d : s.dims) {
            if (d.var == v) {
                dims.push_back(d);
            }
        }
    }
    REQUIRE(dims.size() == s.dims.size());
    s.dims = dims;
}

} // namespace

TEST_CASE("lowering: a pure pipeline", "[lower][lower_end_to_end]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x * 3 + y * y - 7;
    Buffer<int32_t> out = f.realize({23, 11});
    check_buffer(out, [](int x, int y) { return x * 3 + y * y - 7; });
}

TEST_CASE("lowering: two stages computed at root", "[lower][lower_end_to_end]") {
    Func g("g"), f("f");
    Var x("x"), y("y");
    g(x, y) = x * 2 + y;
    f(x, y) = g(x, y) * 2 + g(x + 1, y) - g(x, y + 2);
    g.compute_root();
    Buffer<int32_t> out = f.realize({17, 9});
    auto gr = [](int x, int y) { return x * 2 + y; };
    check_buffer(out, [&](int x, int y) { return gr(x, y) * 2 + gr(x + 1, y) - gr(x, y + 2); });
}

TEST_CASE("lowering: a 3-tap stencil with repeat_edge", "[lower][lower_end_to_end]") {
    const int W = 37, H = 19;
    Buffer<uint16_t> in(W, H);
    in.set_name("stencil_in");
    weft_test::fill_uniform(in, 11, 0, 1000);
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func blur_x("blur_x"), blur_y("blur_y");
    Var x("x"), y("y");
    blur_x(x, y) = (clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y)) / 3;
    blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 3;
    blur_x.compute_root();
    Buffer<uint16_t> out = blur_y.realize({W, H});
    auto at = [&](int x, int y) {
        return int(in(std::clamp(x, 0, W - 1), std::clamp(y, 0, H - 1)));
    };
    auto bx = [&](int x, int y) { return uint16_t((at(x - 1, y) + at(x, y) + at(x + 1, y)) / 3); };
    check_buffer(out, [&](int x, int y) {
        return uint16_t((int(bx(x, y - 1)) + bx(x, y) + bx(x, y + 1)) / 3);
    });
}

TEST_CASE("lowering: an update over an RDom", "[lower][lower_end_to_end]") {
    Func f("f");
    Var x("x");
    RDom r(0, 5, "r");
    f(x) = x;
    f(x) = f(x) * 2 + r.x; // applied 5 times, r = 0..4
    Buffer<int32_t> out = f.realize({12});
    check_buffer(out, [](int x) {
        int v = x;
        for (int r = 0; r < 5; r++) {
            v = v * 2 + r;
        }
        return v;
    });
}

TEST_CASE("lowering: a histogram", "[lower][lower_end_to_end]") {
    const int N = 300;
    Buffer<int32_t> in(N);
    in.set_name("hist_in");
    weft_test::fill_uniform(in, 5, -20, 280);
    Func I = weft_test::input_func(in);
    Func hist("hist"), out("out");
    Var x("x");
    RDom r(0, N, "r");
    hist(x) = 0;
    hist(clamp(I(r.x), 0, 255)) += 1;
    out(x) = hist(x) * 10;
    Buffer<int32_t> result = out.realize({256});
    std::vector<int> expected(256, 0);
    for (int i = 0; i < N; i++) {
        expected[std::clamp(in(i), 0, 255)]++;
    }
    check_buffer(result, [&](int x) { return expected[x] * 10; });
}

TEST_CASE("lowering: compute_at and store_root", "[lower][lower_end_to_end]") {
    for (int variant = 0; variant < 3; variant++) {
        INFO("variant " << variant);
        Func g("g"), f("f");
        Var x("x"), y("y");
        g(x, y) = x * 5 - y * 3;
        f(x, y) = g(x, y - 1) + g(x, y + 1) * g(x + 2, y);
        if (variant == 0) {
            g.compute_at(f, y);
        } else if (variant == 1) {
            g.compute_at(f, x);
        } else {
            g.compute_at(f, y).store_root();
        }
        Buffer<int32_t> out = f.realize({21, 13});
        auto gr = [](int x, int y) { return x * 5 - y * 3; };
        check_buffer(out, [&](int x, int y) { return gr(x, y - 1) + gr(x, y + 1) * gr(x + 2, y); });
    }
}

TEST_CASE("lowering: splits with every tail strategy, fuse and reorder",
          "[lower][lower_end_to_end]") {
    auto ref = [](int x, int y) { return x * 7 + y * 100; };
    for (TailStrategy tail :
         {TailStrategy::Auto, TailStrategy::GuardWithIf, TailStrategy::ShiftInwards}) {
        INFO("tail " << to_string(tail));
        Func f("f");
        Var x("x"), y("y");
        f(x, y) = x * 7 + y * 100;
        split(f, 0, "x", "xo", "xi", 8, tail);
        reorder(f, {"xi", "y", "xo"});
        Buffer<int32_t> out = f.realize({21, 5});
        check_buffer(out, ref);
    }
    {
        // RoundUp needs the output to be a multiple of the factor.
        Func f("f");
        Var x("x"), y("y");
        f(x, y) = x * 7 + y * 100;
        split(f, 0, "x", "xo", "xi", 4, TailStrategy::RoundUp);
        Buffer<int32_t> out = f.realize({24, 5});
        check_buffer(out, ref);
        Func g("g");
        g(x, y) = x * 7 + y * 100;
        split(g, 0, "x", "xo", "xi", 4, TailStrategy::RoundUp);
        REQUIRE_THROWS_AS(g.realize({22, 5}), RuntimeError);
    }
    {
        Func f("f");
        Var x("x"), y("y");
        f(x, y) = x * 7 + y * 100;
        fuse(f, "x", "y", "xy");
        Buffer<int32_t> out = f.realize({9, 6});
        check_buffer(out, ref);
    }
}

TEST_CASE("lowering: a producer computed inside a split consumer loop",
          "[lower][lower_end_to_end]") {
    Func g("g"), f("f");
    Var x("x"), y("y");
    g(x, y) = x + y * 2;
    f(x, y) = g(x - 1, y) + g(x + 1, y);
    split(f, 0, "x", "xo", "xi", 8, TailStrategy::ShiftInwards);
    g.compute_at(f, Var("xo"));
    Buffer<int32_t> out = f.realize({30, 4});
    check_buffer(out, [](int x, int y) { return (x - 1 + y * 2) + (x + 1 + y * 2); });
}

TEST_CASE("lowering: an update with a split RVar and a where", "[lower][lower_end_to_end]") {
    Func f("f");
    Var x("x");
    RDom r(0, 10, "r");
    r.where(r.x % 3 != 0);
    f(x) = 0;
    f(x) += r.x * x;
    split(f, 1, r.x.name(), "ro", "ri", 4, TailStrategy::GuardWithIf);
    Buffer<int32_t> out = f.realize({6});
    check_buffer(out, [](int x) {
        int s = 0;
        for (int r = 0; r < 10; r++) {
            s += r % 3 != 0 ? r * x : 0;
        }
        return s;
    });
}

TEST_CASE("lowering: reading outside an input is caught before running",
          "[lower][lower_end_to_end]") {
    Buffer<int32_t> in(10);
    in.set_name("small_in");
    Func I = weft_test::input_func(in);
    Func f("f");
    Var x("x");
    f(x) = I(x - 1) + I(x + 1);
    REQUIRE_THROWS_WITH(f.realize({10}), Catch::Contains("small_in"));
    Buffer<int32_t> ok(8);
    ok.set_min(1);
    REQUIRE_NOTHROW(f.realize(ok));
}

namespace {

/// Applies a random schedule to the pure stage of f: splits of x and y (random factors
/// and tails), maybe a fuse, then a random loop order. Returns a description.
std::string random_loops(const Func &f, std::mt19937 &rng, bool allow_round_up) {
    std::string desc;
    std::vector<TailStrategy> tails = {TailStrategy::Auto, TailStrategy::GuardWithIf,
                                       TailStrategy::ShiftInwards};
    if (allow_round_up) {
        tails.push_back(TailStrategy::RoundUp);
    }
    for (const char *v : {"x", "y"}) {
        if (rng() % 2) {
            int factor = 2 + static_cast<int>(rng() % 6);
            TailStrategy t = tails[rng() % tails.size()];
            split(f, 0, v, std::string(v) + "o", std::string(v) + "i", factor, t);
            desc += std::string(" split ") + v + " by " + std::to_string(factor) + " " +
                    to_string(t) + ";";
        }
    }
    internal::Function fn = f.function();
    std::vector<std::string> loops;
    for (const Dim &d : fn.stage(0).schedule.dims) {
        loops.push_back(d.var);
    }
    std::shuffle(loops.begin(), loops.end(), rng);
    reorder(f, loops);
    desc += " order";
    for (const std::string &l : loops) {
        desc += " " + l;
    }
    desc += ";";
    if (loops.size() >= 2 && rng() % 4 == 0) {
        fuse(f, loops[0], loops[1], "fused");
        desc += " fuse " + loops[0] + " " + loops[1] + ";";
    }
    return desc;
}

} // namespace

TEST_CASE("lowering: random schedules give the same values", "[lower][lower_end_to_end]") {
    for (uint32_t seed = 1; seed <= 60; seed++) {
        std::mt19937 rng(seed);
        Func g("g"), f("f");
        Var x("x"), y("y");
        g(x, y) = x * 3 + y * 11;
        f(x, y) = g(x - 1, y) + g(x + 2, y + 1) * 2;
        std::string desc = "f:" + random_loops(f, rng, false) + " g:" + random_loops(g, rng, true);
        internal::Function fn = f.function();
        std::vector<std::string> f_loops;
        for (const Dim &d : fn.stage(0).schedule.dims) {
            f_loops.push_back(d.var);
        }
        int placement = static_cast<int>(rng() % (2 + f_loops.size()));
        if (placement == 0) {
            g.compute_inline();
            desc += " g inline";
        } else if (placement == 1) {
            g.compute_root();
            desc += " g root";
        } else {
            const std::string &loop = f_loops[placement - 2];
            g.compute_at(f, Var(loop));
            desc += " g at " + loop;
            if (rng() % 2) {
                g.store_root();
                desc += " store_root";
            }
        }
        int W = 8 + static_cast<int>(rng() % 20), H = 8 + static_cast<int>(rng() % 6);
        INFO("seed " << seed << ": " << desc << " size " << W << "x" << H);
        Buffer<int32_t> out = f.realize({W, H});
        auto gr = [](int x, int y) { return x * 3 + y * 11; };
        check_buffer(out, [&](int x, int y) { return gr(x - 1, y) + gr(x + 2, y + 1) * 2; });
    }
}

TEST_CASE("lowering: loops that reuse a Var's name", "[lower][lower_end_to_end]") {
    Func g("g"), f("f");
    Var x("x"), y("y");
    g(x, y) = x * 2 - y;
    f(x, y) = g(x, y) + g(x + 3, y);
    split(f, 0, "x", "x", "xi", 4, TailStrategy::GuardWithIf);
    fuse(f, "x", "y", "x");
    g.compute_at(f, x);
    Buffer<int32_t> out = f.realize({13, 7});
    check_buffer(out, [](int x, int y) { return (x * 2 - y) + ((x + 3) * 2 - y); });
}

TEST_CASE("lowering: a producer computed inside an update's RVar loop",
          "[lower][lower_end_to_end]") {
    Func g("g"), f("f");
    Var x("x");
    RDom r(0, 4, "r");
    g(x) = x * x;
    f(x) = x;
    f(x) += g(x + r.x);
    g.compute_at(f, r.x);
    Buffer<int32_t> out = f.realize({10});
    check_buffer(out, [](int x) {
        int v = x;
        for (int r = 0; r < 4; r++) {
            v += (x + r) * (x + r);
        }
        return v;
    });
}

TEST_CASE("lowering: an explicit bound is used and checked", "[lower][lower_end_to_end]") {
    Func g("g"), f("f");
    Var x("x");
    g(x) = x * 3;
    f(x) = g(x) + g(x + 1);
    g.compute_root().bound(x, 0, 16);
    Buffer<int32_t> out = f.realize({15});
    check_buffer(out, [](int x) { return x * 3 + (x + 1) * 3; });
    REQUIRE_THROWS_WITH(f.realize({16}), Catch::Contains("g"));
}
