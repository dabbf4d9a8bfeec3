// apps/bilateral_grid at small sizes: every schedule of bilateral_grid_schedules.h
// against the plain C++ reference, on sizes that are not multiples of the vector width
// or of the grid cell, images smaller than one cell or one vector, other r_sigma and
// s_sigma, 1 and 2 threads; and that the filter smooths noise but keeps an edge.

#include "bilateral_grid/bilateral_grid_reference.h"
#include "bilateral_grid/bilateral_grid_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A step edge (0.2 left of x = w / 2, 0.8 right) plus uniform noise of +-0.05, with a
/// few values outside [0, 1] (clamped by the filter).
Buffer<float> make_input(int w, int h) {
    Buffer<float> b(w, h);
    uint32_t state = uint32_t(w * 7919 + h);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            state = state * 1664525u + 1013904223u;
            const float noise = float(state >> 8) / float(1 << 24) - 0.5f;
            b(x, y) = (x < w / 2 ? 0.2f : 0.8f) + 0.1f * noise;
        }
    }
    b(0, 0) = -0.5f;
    b(w - 1, h - 1) = 1.5f;
    return b;
}

void check(int w, int h, bilateral_grid::Schedule s, float r_sigma = 0.1f, int s_sigma = 8) {
    INFO("schedule " << bilateral_grid::to_string(s) << ", " << w << "x" << h << ", r_sigma "
                     << r_sigma << ", s_sigma " << s_sigma);
    Buffer<float> in = make_input(w, h);
    std::vector<float> want(size_t(w) * h);
    bilateral_grid_reference::bilateral_grid(in.data(), w, h, s_sigma, r_sigma, want.data());
    Buffer<float> out(w, h);
    bilateral_grid::BilateralGrid bg(s, s_sigma, r_sigma);
    bg(in, out);
    int wrong = 0;
    double worst = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const float e = want[size_t(y) * w + x];
            const double d = std::abs(double(out(x, y)) - e);
            worst = std::max(worst, d);
            if (!(d <= 1e-5)) {
                if (wrong++ == 0) {
                    FAIL_CHECK("out(" << x << ", " << y << ") = " << out(x, y) << ", expected "
                                      << e);
                }
            }
        }
    }
    INFO("largest difference " << worst);
    CHECK(wrong == 0);
}

const bilateral_grid::Schedule all_schedules[] = {bilateral_grid::Schedule::Grid,
                                                  bilateral_grid::Schedule::Root};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[bilateral_grid]") {
    for (bilateral_grid::Schedule s : all_schedules) {
        check(300, 70, s);
        check(517, 99, s);
        check(256, 64, s);
    }
}

TEST_CASE("images smaller than a grid cell or a vector", "[bilateral_grid]") {
    for (bilateral_grid::Schedule s : all_schedules) {
        check(37, 19, s);
        check(5, 3, s);
        check(1, 1, s);
    }
}

TEST_CASE("other r_sigma and s_sigma, two threads", "[bilateral_grid]") {
    check(300, 70, bilateral_grid::Schedule::Grid, 0.25f);
    check(300, 70, bilateral_grid::Schedule::Grid, 0.07f, 5);
    set_num_threads(2);
    check(517, 99, bilateral_grid::Schedule::Grid, 0.1f, 16);
    check(300, 70, bilateral_grid::Schedule::Root, 0.3f, 4);
    set_num_threads(0);
}

TEST_CASE("bad sigmas are a CompileError naming them", "[bilateral_grid]") {
    ImageParam in(Float(32), 2, "in");
    try {
        bilateral_grid::make_bilateral_grid(in, 8, 0.0f, "bg_bad");
        FAIL("r_sigma 0 was accepted");
    } catch (const CompileError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("r_sigma") != std::string::npos);
        CHECK(what.find("bg_bad") != std::string::npos);
    }
    CHECK_THROWS_AS(bilateral_grid::make_bilateral_grid(in, 0, 0.1f), CompileError);
}

TEST_CASE("the filter smooths noise and keeps the edge", "[bilateral_grid]") {
    const int w = 256, h = 64;
    Buffer<float> in = make_input(w, h), out(w, h);
    bilateral_grid::BilateralGrid bg(bilateral_grid::Schedule::Grid);
    bg(in, out);
    // Away from the image border, the noise of +-0.05 shrinks and the step stays sharp.
    double in_dev = 0, out_dev = 0;
    int n = 0;
    for (int y = 16; y < h - 16; y++) {
        for (int x = 16; x < w / 2 - 16; x++) {
            in_dev += std::abs(in(x, y) - 0.2f);
            out_dev += std::abs(out(x, y) - 0.2f);
            n++;
        }
        CHECK(out(w / 2 - 2, y) < 0.3f);
        CHECK(out(w / 2 + 1, y) > 0.7f);
    }
    CHECK(out_dev < 0.5 * in_dev);
    CHECK(n > 0);
}
