// Equivalence under scheduling: a schedule changes how a pipeline runs, never what it
// computes. For six pipelines (a two-stage blur, a histogram, a matrix multiply, a
// 4-level pyramid, a separable convolution, an iterative stencil of several updates)
// each test applies many random legal schedules (schedule_random.h) and compares the
// output with the default schedule's: bit-exact for integers, within a tight
// tolerance for floats (vector and scalar code may contract a*b+c differently, and
// rfactor reorders sums). The associative updates (histogram, matrix multiply, both
// convolution passes) are sometimes rfactored.
//
// WEFT_EQUIV_SEED sets the seed (default 1); WEFT_EQUIV_COUNT the number of schedules
// per pipeline (default 55, 40 for the slower pyramid: 315 per run); WEFT_EQUIV_FIRST
// the first schedule's number (WEFT_EQUIV_FIRST=117 WEFT_EQUIV_COUNT=1 reruns one);
// WEFT_EQUIV_PRINT=1 prints every schedule to stderr. A failure prints the seed, the
// pipeline and the schedule as C++.
//
// Known issue (reported): bounds checks on entry may over-approximate the region a
// legal schedule accesses (nested GuardWithIf splits of a Func computed at an inner
// loop; a GuardWithIf split inside a ShiftInwards one), and realize() then throws a
// RuntimeError "... is accessed at A to B ..., but the buffer covers only ...". Such a
// schedule computes nothing wrong, it is refused; these are counted and reported as a
// warning, and fail the test only with WEFT_EQUIV_STRICT=1. Any wrong value, any other
// exception, fails it.

#include "schedule_random.h"
#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace weft;
using namespace weft_test;

namespace {

uint32_t env_or(const char *name, uint32_t fallback) {
    const char *v = std::getenv(name);
    return v && *v ? uint32_t(std::strtoul(v, nullptr, 10)) : fallback;
}

/// One pipeline, built afresh for each schedule.
struct Built {
    PipelineGraph graph;
    Func output;
};

struct PipelineCase {
    std::string name;
    std::function<Built()> build;
    std::function<std::vector<double>(Func &)> realize;
    bool is_float = false;
};

template <typename T>
std::function<std::vector<double>(Func &)> realize_as(std::vector<int> sizes) {
    return [sizes](Func &f) {
        Buffer<T> out = f.realize(sizes);
        std::vector<double> values;
        out.for_each_value([&](T &v) { values.push_back(double(v)); });
        return values;
    };
}

std::vector<LoopModel> loops_of(const Func &f) {
    std::vector<std::string> names;
    for (const Var &v : f.args()) {
        names.push_back(v.name());
    }
    return pure_loops(names);
}

// ----------------------------------------------------------------------- pipelines

PipelineCase blur_case() {
    static Buffer<uint16_t> in = [] {
        Buffer<uint16_t> b(37, 29);
        fill_uniform(b, 11, 0, 4000);
        return b;
    }();
    PipelineCase c{"blur", nullptr, realize_as<uint16_t>({37, 29}), false};
    c.build = [] {
        Built b;
        Var x("x"), y("y");
        Func clamped = BoundaryConditions::repeat_edge(in);
        Func blur_x("blur_x"), blur_y("blur_y");
        blur_x(x, y) = (clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y)) / 3;
        blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 3;
        PipelineGraph &g = b.graph;
        g.add(blur_y, {pure_loops({"x", "y"}, {37, 29})}, true);
        g.add(blur_x, {pure_loops({"x", "y"})});
        g.add(clamped, {loops_of(clamped)});
        g.call(blur_x, blur_y);
        g.call(clamped, blur_x);
        b.output = blur_y;
        return b;
    };
    return c;
}

PipelineCase histogram_case() {
    static Buffer<uint8_t> img = [] {
        Buffer<uint8_t> b(37, 29);
        fill_uniform(b, 12, 0, 255);
        return b;
    }();
    PipelineCase c{"histogram", nullptr, realize_as<int32_t>({16}), false};
    c.build = [] {
        Built b;
        Var x("x");
        Func in = input_func(img);
        Func hist("hist"), out("out");
        RDom r(0, 37, 0, 29, "r");
        hist(x) = 0;
        hist(clamp(cast<int>(in(r.x, r.y)) / 16, 0, 15)) += 1;
        hist(x) = hist(x) * 3 + x;
        out(x) = hist(x) + hist(15 - x) * 2;
        PipelineGraph &g = b.graph;
        g.add(out, {pure_loops({"x"}, {16})}, true);
        g.add(hist, {pure_loops({"x"}),
                     {rvar_loop("r.x", 37, false), rvar_loop("r.y", 29, false)},
                     pure_loops({"x"})});
        int i = g.add(in, {loops_of(in)});
        g.funcs[i].allow_round_up = g.funcs[i].allow_shift_inwards = false; // reads img
        g.call(hist, out);
        g.call(in, hist, 1);
        g.associative(hist, 1);
        b.output = out;
        return b;
    };
    return c;
}

PipelineCase matmul_case() {
    static Buffer<float> A = [] {
        Buffer<float> m(23, 29); // A(k, y)
        fill_uniform(m, 13, -1, 1);
        return m;
    }();
    static Buffer<float> B = [] {
        Buffer<float> m(37, 23); // B(x, k)
        fill_uniform(m, 14, -1, 1);
        return m;
    }();
    PipelineCase c{"matmul", nullptr, realize_as<float>({37, 29}), true};
    c.build = [] {
        Built b;
        Var x("x"), y("y");
        RDom r(0, 23, "r");
        Func C("C"), out("out");
        C(x, y) = 0.0f;
        C(x, y) += A(r.x, y) * B(x, r.x);
        out(x, y) = C(x, y) * 2.0f;
        PipelineGraph &g = b.graph;
        g.add(out, {pure_loops({"x", "y"}, {37, 29})}, true);
        int i = g.add(C, {pure_loops({"x", "y"}), {rvar_loop("r.x", 23, false),
                                                    pure_loop("x"), pure_loop("y")}});
        g.funcs[i].allow_round_up = false; // its update reads A and B directly
        g.call(C, out);
        g.associative(C, 1);
        b.output = out;
        return b;
    };
    return c;
}

PipelineCase pyramid_case() {
    static Buffer<float> in = [] {
        Buffer<float> b(37, 29);
        fill_uniform(b, 15, 0, 1);
        return b;
    }();
    PipelineCase c{"pyramid", nullptr, realize_as<float>({37, 29}), true};
    c.build = [] {
        Built b;
        Var x("x"), y("y");
        const int levels = 4;
        Func base = BoundaryConditions::repeat_edge(in);
        std::vector<Func> down, up;
        for (int l = 0; l < levels; l++) {
            down.emplace_back("down" + std::to_string(l));
            up.emplace_back("up" + std::to_string(l));
        }
        down[0](x, y) = base(x, y);
        for (int l = 1; l < levels; l++) {
            Func d = down[l - 1];
            down[l](x, y) =
                (d(2 * x, 2 * y) + d(2 * x + 1, 2 * y) + d(2 * x, 2 * y + 1) + d(2 * x + 1, 2 * y + 1)) *
                0.25f;
        }
        up[levels - 1](x, y) = down[levels - 1](x, y);
        for (int l = levels - 2; l >= 0; l--) {
            up[l](x, y) = down[l](x, y) * 0.5f + up[l + 1](x / 2, y / 2) * 0.5f;
        }
        PipelineGraph &g = b.graph;
        g.add(up[0], {pure_loops({"x", "y"}, {37, 29})}, true);
        for (int l = 1; l < levels; l++) {
            g.add(up[l], {pure_loops({"x", "y"})});
        }
        for (int l = levels - 1; l >= 0; l--) {
            g.add(down[l], {pure_loops({"x", "y"})});
        }
        g.add(base, {loops_of(base)});
        for (int l = 0; l < levels; l++) {
            g.call(down[l], up[l]);
            if (l + 1 < levels) {
                g.call(up[l + 1], up[l]);
                g.call(down[l], down[l + 1]);
            }
        }
        g.call(base, down[0]);
        b.output = up[0];
        return b;
    };
    return c;
}

PipelineCase convolution_case() {
    static Buffer<float> in = [] {
        Buffer<float> b(37, 29);
        fill_uniform(b, 16, -1, 1);
        return b;
    }();
    PipelineCase c{"separable_convolution", nullptr, realize_as<float>({37, 29}), true};
    c.build = [] {
        Built b;
        Var x("x"), y("y"), i("i");
        Func clamped = BoundaryConditions::mirror_interior(in);
        Func kernel("kernel"), conv_x("conv_x"), conv_y("conv_y");
        kernel(i) = 1.0f / cast<float>(1 + (i - 2) * (i - 2));
        RDom r(0, 5, "r"), s(0, 5, "s");
        conv_x(x, y) = 0.0f;
        conv_x(x, y) += clamped(x + r.x - 2, y) * kernel(r.x);
        conv_y(x, y) = 0.0f;
        conv_y(x, y) += conv_x(x, y + s.x - 2) * kernel(s.x);
        PipelineGraph &g = b.graph;
        g.add(conv_y, {pure_loops({"x", "y"}, {37, 29}),
                       {rvar_loop("s.x", 5, false), pure_loop("x", 37), pure_loop("y", 29)}},
              true);
        g.add(conv_x, {pure_loops({"x", "y"}),
                       {rvar_loop("r.x", 5, false), pure_loop("x"), pure_loop("y")}});
        g.add(kernel, {pure_loops({"i"})});
        g.add(clamped, {loops_of(clamped)});
        g.call(conv_x, conv_y, 1);
        g.call(kernel, conv_y, 1);
        g.call(kernel, conv_x, 1);
        g.call(clamped, conv_x, 1);
        g.associative(conv_x, 1);
        g.associative(conv_y, 1);
        b.output = conv_y;
        return b;
    };
    return c;
}

PipelineCase stencil_case() {
    static Buffer<int32_t> in = [] {
        Buffer<int32_t> b(37, 29);
        fill_uniform(b, 17, -100, 100);
        return b;
    }();
    PipelineCase c{"iterative_stencil", nullptr, realize_as<int32_t>({37, 29}), false};
    c.build = [] {
        Built b;
        Var x("x"), y("y");
        Func clamped = BoundaryConditions::repeat_edge(in);
        Func f("f"), out("out");
        RDom rx(1, 36, "rx"), ry(1, 28, "ry");
        f(x, y) = clamped(x, y) + clamped(x + 1, y);
        f(x, y) = f(x, y) * 3 + 1;
        f(rx, y) = f(rx - 1, y) / 2 + f(rx, y);      // a serial sweep along x
        f(x, ry) = f(x, ry) - f(x, ry - 1) / 4;      // a serial sweep along y
        f(x, y) = f(x, y) + clamped(x, y + 1);
        out(x, y) = f(x, y) * 2 - clamped(x, y);
        PipelineGraph &g = b.graph;
        g.add(out, {pure_loops({"x", "y"}, {37, 29})}, true);
        g.add(f, {pure_loops({"x", "y"}), pure_loops({"x", "y"}),
                  {rvar_loop("rx.x", 36, false), pure_loop("y")},
                  {rvar_loop("ry.x", 28, false), pure_loop("x")}, pure_loops({"x", "y"})});
        g.add(clamped, {loops_of(clamped)});
        g.call(f, out);
        g.call(clamped, out);
        g.call(clamped, f, 0);
        g.call(clamped, f, 4);
        b.output = out;
        return b;
    };
    return c;
}

// ----------------------------------------------------------------------- harness

std::string compare(const std::vector<double> &ref, const std::vector<double> &got, bool is_float) {
    if (ref.size() != got.size()) {
        return "output has " + std::to_string(got.size()) + " values, expected " +
               std::to_string(ref.size());
    }
    for (size_t i = 0; i < ref.size(); i++) {
        double tol = is_float ? 1e-4 * std::max(1.0, std::abs(ref[i])) : 0.0;
        if (!(std::abs(ref[i] - got[i]) <= tol)) {
            std::ostringstream os;
            os.precision(9);
            os << "value " << i << " (in storage order) is " << got[i] << ", expected " << ref[i];
            return os.str();
        }
    }
    return "";
}

void check_equivalence(const PipelineCase &c, uint32_t default_count = 55) {
    uint32_t seed = env_or("WEFT_EQUIV_SEED", 1);
    uint32_t count = env_or("WEFT_EQUIV_COUNT", default_count);
    Built reference = c.build();
    std::vector<double> expected = c.realize(reference.output);
    auto start = std::chrono::steady_clock::now();
    bool strict = env_or("WEFT_EQUIV_STRICT", 0) != 0;
    int failures = 0, refused = 0;
    uint32_t first = env_or("WEFT_EQUIV_FIRST", 0); // to rerun one failing schedule
    const bool print = env_or("WEFT_EQUIV_PRINT", 0) != 0;
    for (uint32_t k = first; k < first + count && failures < 3; k++) {
        uint32_t schedule_seed = seed * 1000003u + k;
        std::mt19937 rng(schedule_seed ^ uint32_t(std::hash<std::string>()(c.name)));
        Built b = c.build();
        std::string schedule, problem;
        try {
            random_schedule(b.graph, rng, schedule);
            if (print) {
                std::fprintf(stderr, "pipeline %s, schedule %u:\n%s\n", c.name.c_str(), k,
                             schedule.c_str());
            }
            problem = compare(expected, c.realize(b.output), c.is_float);
        } catch (const RuntimeError &e) {
            std::string what = e.what();
            bool over_approximated = what.find(" is accessed at ") != std::string::npos &&
                                     what.find("but the buffer covers only") != std::string::npos;
            if (over_approximated && !strict) {
                refused++;
                UNSCOPED_INFO("refused (known bounds over-approximation): pipeline "
                              << c.name << ", schedule " << k << ": " << what << "\n"
                              << schedule);
                continue;
            }
            problem = std::string("exception: ") + what;
        } catch (const std::exception &e) {
            problem = std::string("exception: ") + e.what();
        }
        if (!problem.empty()) {
            failures++;
            UNSCOPED_INFO("pipeline " << c.name << ", WEFT_EQUIV_SEED=" << seed << ", schedule "
                                      << k << " (generator seed " << schedule_seed << "): "
                                      << problem << "\nschedule:\n"
                                      << schedule);
            CHECK(problem.empty());
        }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN(c.name << ": " << count << " schedules in " << seconds << " s; " << refused
                << " refused by over-approximated bounds checks");
    REQUIRE(failures == 0);
}

} // namespace

TEST_CASE("schedule equivalence: blur", "[correctness][schedule]") {
    check_equivalence(blur_case());
}

TEST_CASE("schedule equivalence: histogram", "[correctness][schedule]") {
    check_equivalence(histogram_case());
}

TEST_CASE("schedule equivalence: matrix multiply", "[correctness][schedule]") {
    check_equivalence(matmul_case());
}

TEST_CASE("schedule equivalence: pyramid", "[correctness][schedule]") {
    check_equivalence(pyramid_case(), 40);
}

TEST_CASE("schedule equivalence: separable convolution", "[correctness][schedule]") {
    check_equivalence(convolution_case());
}

TEST_CASE("schedule equivalence: iterative stencil", "[correctness][schedule]") {
    check_equivalence(stencil_case());
}
