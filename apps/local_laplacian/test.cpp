// apps/local_laplacian at small sizes: every schedule of local_laplacian_schedules.h
// against the plain C++ of local_laplacian_reference.cpp, on images whose sizes are
// multiples neither of the vector width nor of 2^levels (so every pyramid level has a
// clamped edge and a vector tail), down to levels one pixel wide; with 1 and 2 threads;
// and the errors of bad arguments.
//
// Tolerance: the output is uint16, but computed in float through ~90 stages; weft
// contracts multiply-adds into FMAs and reassociates, the reference (GCC -O3
// -march=native) contracts elsewhere, so a value may differ by a rounding. One kind
// of rounding matters more: the remapping table's index (256 steps per intensity
// level) can land on the other side of a .5 for a pixel and level, which moves that
// pixel by one table step (alpha / 1792 of intensity for K = 8: ~40/65535 after the
// colour ratio). So: at least 99% of values exact, at most 0.1% off by more than 2, and
// none by more than 256/65535.

#include "local_laplacian/local_laplacian_reference.h"
#include "local_laplacian/local_laplacian_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A smooth colour gradient with a sharp edge and deterministic noise: both the
/// large-scale and the detail parts of the filter matter.
Buffer<uint16_t> make_input(int w, int h) {
    Buffer<uint16_t> in(w, h, 3);
    uint32_t state = uint32_t(w * 7919 + h);
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const double smooth = 0.5 + 0.4 * std::sin(0.05 * x * (c + 1) + 0.03 * y);
                const double edge = x > w / 2 ? 0.2 : 0.0;
                const double noise = double(state >> 24) / 255.0 * 0.1;
                in(x, y, c) = uint16_t(std::min(1.0, smooth * 0.8 + edge + noise) * 65535.0);
            }
        }
    }
    return in;
}

void check(int w, int h, local_laplacian::Schedule s, int pyramid_levels, int K, float alpha,
           float beta) {
    INFO("schedule " << local_laplacian::to_string(s) << ", " << w << "x" << h << ", J "
                     << pyramid_levels << ", K " << K << ", alpha " << alpha << ", beta " << beta);
    Buffer<uint16_t> in = make_input(w, h);
    std::vector<uint16_t> want(size_t(w) * h * 3);
    local_laplacian_reference::Params p{K, alpha, beta, pyramid_levels};
    local_laplacian_reference::local_laplacian(in.data(), want.data(), w, h, p);

    Buffer<uint16_t> out(w, h, 3);
    local_laplacian::LocalLaplacian llf(s, pyramid_levels);
    llf(in, out, K, alpha, beta);
    int worst = 0;
    size_t inexact = 0, off = 0, changed = 0;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const int got = out(x, y, c), ref = want[(size_t(c) * h + y) * w + x];
                const int d = std::abs(got - ref);
                if (d > worst) {
                    worst = d;
                    UNSCOPED_INFO("worst so far: out(" << x << ", " << y << ", " << c
                                                       << ") = " << got << ", reference " << ref);
                }
                inexact += d != 0;
                off += d > 2;
                changed += ref != in(x, y, c);
            }
        }
    }
    CHECK(worst <= 256);
    CHECK(off <= size_t(w) * h * 3 / 1000);
    CHECK(inexact <= size_t(w) * h * 3 / 100);
    // The filter did something (alpha, beta != 0, 1 change most pixels).
    if (alpha != 0.0f || beta != 1.0f) {
        CHECK(changed > size_t(w) * h * 3 / 2);
    }
}

const local_laplacian::Schedule all_schedules[] = {local_laplacian::Schedule::Parallel,
                                                   local_laplacian::Schedule::Vectorized,
                                                   local_laplacian::Schedule::Root};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[local_laplacian]") {
    for (local_laplacian::Schedule s : all_schedules) {
        check(203, 157, s, 8, 8, 1.0f, 0.5f); // level 7 is 2x2
        check(67, 45, s, 8, 5, 0.5f, 1.0f);   // levels 6 and 7 are 1x1
    }
}

TEST_CASE("other pyramid depths and intensity levels", "[local_laplacian]") {
    check(130, 99, local_laplacian::Schedule::Parallel, 4, 2, 2.0f, 0.8f);
    check(33, 17, local_laplacian::Schedule::Parallel, 1, 3, -0.5f, 1.0f);
}

TEST_CASE("the parallel schedule on 2 threads", "[local_laplacian]") {
    set_num_threads(2);
    check(203, 157, local_laplacian::Schedule::Parallel, 8, 8, 1.0f, 0.5f);
    set_num_threads(0);
}

TEST_CASE("the reference's threads agree with each other", "[local_laplacian]") {
    Buffer<uint16_t> in = make_input(101, 77);
    std::vector<uint16_t> one(101 * 77 * 3), two(101 * 77 * 3);
    local_laplacian_reference::Params p;
    local_laplacian_reference::local_laplacian(in.data(), one.data(), 101, 77, p, 1);
    local_laplacian_reference::local_laplacian(in.data(), two.data(), 101, 77, p, 2);
    CHECK(one == two);
}

TEST_CASE("bad arguments are RuntimeErrors that say what is wrong", "[local_laplacian]") {
    local_laplacian::LocalLaplacian llf(local_laplacian::Schedule::Parallel);
    Buffer<uint16_t> in = make_input(40, 30), out(40, 30, 3), grey(40, 30, 1);
    try {
        llf(in, out, 1, 1.0f, 1.0f);
        FAIL("levels = 1 was accepted");
    } catch (const RuntimeError &e) {
        CHECK(std::string(e.what()).find("levels is 1") != std::string::npos);
    }
    CHECK_THROWS_AS(llf(in, grey, 8, 1.0f, 1.0f), RuntimeError);
    Buffer<uint16_t> small(20, 30, 3);
    CHECK_THROWS_AS(llf(in, small, 8, 1.0f, 1.0f), RuntimeError);
}

TEST_CASE("images narrower than a vector", "[local_laplacian]") {
    // Level 0 is computed exactly over the image: the Parallel schedule's vectors shift
    // inwards, so an image narrower than one is a RuntimeError naming the output, not
    // an out-of-bounds access; the Root schedule (scalar) runs any width.
    check(7, 5, local_laplacian::Schedule::Root, 8, 8, 1.0f, 0.5f);
    local_laplacian::LocalLaplacian llf(local_laplacian::Schedule::Parallel);
    Buffer<uint16_t> in = make_input(7, 5), out(7, 5, 3);
    try {
        llf(in, out, 8, 1.0f, 0.5f);
        FAIL("a 7-pixel-wide image ran with vectors of 8 or 16 lanes");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("llf_parallel") != std::string::npos);
    }
}
