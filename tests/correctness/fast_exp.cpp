// fast_exp: e^x from arithmetic (so it vectorizes), against std::exp on a dense sweep of
// [-87.3, 88.3] plus the edges, scalar and 16-lane vectorized; its saturation below
// and above the range of normal floats; and the error for a non-float32 argument.

#include "test_util.h"

#include <cmath>
#include <limits>
#include <string>

using namespace weft;

namespace {

/// Largest error of fast_exp over `in`, in units of the last place of std::exp's result.
double worst_ulps(const Buffer<float> &in, const Buffer<float> &out) {
    double worst = 0;
    for (int i = 0; i < in.width(); i++) {
        const double want = std::exp(double(in(i)));
        const double ulp = std::nextafter(float(want), std::numeric_limits<float>::infinity()) -
                           float(want);
        worst = std::max(worst, std::abs(double(out(i)) - want) / ulp);
    }
    return worst;
}

Buffer<float> sweep(int n, float lo, float hi) {
    Buffer<float> in(n);
    in.set_name("in");
    for (int i = 0; i < n; i++) {
        in(i) = lo + (hi - lo) * float(i) / float(n - 1);
    }
    return in;
}

} // namespace

TEST_CASE("fast_exp is within 4 ulp of exp over the normal range", "[fast_exp]") {
    Buffer<float> in = sweep(200003, -87.3f, 88.3f);
    for (int lanes : {1, 16}) {
        INFO("vectorized " << lanes);
        Func f("fast_exp_sweep");
        Var x("x");
        f(x) = fast_exp(in(x));
        if (lanes > 1) {
            f.vectorize(x, lanes);
        }
        Buffer<float> out = f.realize({in.width()});
        CHECK(worst_ulps(in, out) <= 4.0);
    }
}

TEST_CASE("fast_exp is exact where exp is: 0 and small integers", "[fast_exp]") {
    Buffer<float> in(5);
    const float xs[] = {0.0f, 1.0f, -1.0f, 10.0f, -20.0f};
    for (int i = 0; i < 5; i++) {
        in(i) = xs[i];
    }
    Func f("fast_exp_points");
    Var x("x");
    f(x) = fast_exp(in(x));
    Buffer<float> out = f.realize({5});
    CHECK(out(0) == 1.0f);
    for (int i = 1; i < 5; i++) {
        CHECK(out(i) == Approx(std::exp(double(xs[i]))).epsilon(4e-7));
    }
}

TEST_CASE("fast_exp flushes to 0 far below the normal floats and to inf above", "[fast_exp]") {
    Buffer<float> in(6);
    const float xs[] = {-87.8f, -100.0f, -1e30f, 88.5f, 100.0f, 1e30f};
    for (int i = 0; i < 6; i++) {
        in(i) = xs[i];
    }
    Func f("fast_exp_edges");
    Var x("x");
    f(x) = fast_exp(in(x));
    f.vectorize(x, 8, TailStrategy::GuardWithIf);
    Buffer<float> out = f.realize({6});
    for (int i = 0; i < 3; i++) {
        CHECK(out(i) == 0.0f);
    }
    for (int i = 3; i < 6; i++) {
        CHECK(std::isinf(out(i)));
        CHECK(out(i) > 0);
    }
}

TEST_CASE("fast_exp of a non-float32 argument is a CompileError", "[fast_exp]") {
    Var x("x");
    try {
        fast_exp(cast<double>(x));
        FAIL("fast_exp accepted a float64");
    } catch (const CompileError &e) {
        const std::string what = e.what();
        CHECK(what.find("fast_exp") != std::string::npos);
        CHECK(what.find("Float(32)") != std::string::npos);
    }
}
