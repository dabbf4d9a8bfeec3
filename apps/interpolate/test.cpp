// apps/interpolate at small sizes: every schedule of interpolate_schedules.h against the
// plain C++ of interpolate_reference.cpp, on images whose sizes are multiples neither of
// the vector width nor of 2^levels (so every level has a clamped edge and a vector
// tail, the coarsest ones narrower than a vector), with holes of every size: single
// pixels, blocks, a fully transparent half; with 1 and 2 threads; plus an image with no
// opaque pixel, and the error a wrong shape gets.
//
// Tolerance: fp32 computed in another order (weft contracts multiply-adds into FMAs)
// through ~40 stages: every value within 1e-4 relative (of max(1, |reference|)).

#include "interpolate/interpolate_reference.h"
#include "interpolate/interpolate_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// Random colours, alpha 1 except: a transparent left half of the rows below h/2,
/// blocks of 7x5 holes, scattered transparent pixels and some partial alpha.
Buffer<float> make_input(int w, int h) {
    Buffer<float> in(w, h, 4);
    uint32_t state = uint32_t(w * 104729 + h);
    auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return float(state >> 8) / float(1 << 24);
    };
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            for (int c = 0; c < 3; c++) {
                in(x, y, c) = next();
            }
            float a = 1.0f;
            const float r = next();
            if ((y > h / 2 && x < w / 2) || (x % 19 < 7 && y % 13 < 5) || r < 0.2f) {
                a = 0.0f;
            } else if (r < 0.3f) {
                a = r;
            }
            in(x, y, 3) = a;
        }
    }
    return in;
}

void check(const Buffer<float> &in, interpolate::Schedule s, int levels) {
    const int w = in.width(), h = in.height();
    INFO("schedule " << interpolate::to_string(s) << ", " << w << "x" << h << ", " << levels
                     << " levels");
    std::vector<float> want(size_t(w) * h * 4);
    interpolate_reference::interpolate(in.data(), want.data(), w, h, levels);
    Buffer<float> out(w, h, 4);
    interpolate::Interpolate ip(s, levels);
    ip(in, out);
    int wrong = 0;
    for (int c = 0; c < 4; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const float ref = want[(size_t(c) * h + y) * w + x], got = out(x, y, c);
                if (!(std::abs(got - ref) <= 1e-4f * std::max(1.0f, std::abs(ref)))) {
                    if (wrong++ == 0) {
                        FAIL_CHECK("out(" << x << ", " << y << ", " << c << ") = " << got
                                          << ", reference " << ref);
                    }
                }
            }
        }
    }
    CHECK(wrong == 0);
}

const interpolate::Schedule all_schedules[] = {interpolate::Schedule::Parallel,
                                               interpolate::Schedule::Vectorized,
                                               interpolate::Schedule::Root};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[interpolate]") {
    for (interpolate::Schedule s : all_schedules) {
        check(make_input(211, 149), s, 10); // levels 8 and 9 are 1x1
        check(make_input(67, 300), s, 6);
    }
}

TEST_CASE("one level, and the parallel schedule on 2 threads", "[interpolate]") {
    check(make_input(50, 21), interpolate::Schedule::Parallel, 1);
    set_num_threads(2);
    check(make_input(211, 149), interpolate::Schedule::Parallel, 10);
    set_num_threads(0);
}

TEST_CASE("holes are filled and opaque pixels kept", "[interpolate]") {
    Buffer<float> in = make_input(128, 96);
    Buffer<float> out(128, 96, 4);
    interpolate::Interpolate ip(interpolate::Schedule::Parallel);
    ip(in, out);
    for (int y = 0; y < 96; y++) {
        for (int x = 0; x < 128; x++) {
            INFO("pixel " << x << ", " << y);
            if (in(x, y, 3) == 1.0f) {
                // An opaque pixel keeps its colour (up to the premultiply and divide).
                for (int c = 0; c < 3; c++) {
                    REQUIRE(std::abs(out(x, y, c) - in(x, y, c)) <= 1e-5f);
                }
            }
            // Every pixel ends up covered (alpha > 0, and never less than its own), with
            // a colour within the inputs' range.
            REQUIRE(out(x, y, 3) > 0.0f);
            REQUIRE(out(x, y, 3) >= in(x, y, 3) - 1e-5f);
            for (int c = 0; c < 3; c++) {
                REQUIRE(out(x, y, c) >= -1e-5f);
                REQUIRE(out(x, y, c) <= 1.0f + 1e-5f);
            }
        }
    }
}

TEST_CASE("an image with no opaque pixel gives zeros, not NaNs", "[interpolate]") {
    Buffer<float> in(40, 30, 4), out(40, 30, 4);
    in.fill(0.5f);
    for (int y = 0; y < 30; y++) {
        for (int x = 0; x < 40; x++) {
            in(x, y, 3) = 0.0f;
        }
    }
    interpolate::Interpolate ip(interpolate::Schedule::Parallel);
    ip(in, out);
    for (int c = 0; c < 4; c++) {
        CHECK(out(17, 11, c) == 0.0f);
        CHECK(out(39, 29, c) == 0.0f);
    }
}

TEST_CASE("a wrong shape is a RuntimeError naming the buffers", "[interpolate]") {
    interpolate::Interpolate ip(interpolate::Schedule::Parallel);
    Buffer<float> in(40, 30, 4), rgb(40, 30, 3);
    rgb.set_name("rgb_out");
    in.set_name("rgba_in");
    try {
        ip(in, rgb);
        FAIL("a 3-channel output was accepted");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        CHECK(what.find("rgb_out") != std::string::npos);
        CHECK(what.find("W x H x 4") != std::string::npos);
    }
}

TEST_CASE("images narrower than a vector", "[interpolate]") {
    // Level 0 is computed exactly over the image: the Parallel schedule's vectors of
    // 8 or 16 lanes shift inwards, so an image narrower than one is a RuntimeError,
    // not an out-of-bounds access; the Root schedule (scalar) runs any width.
    check(make_input(5, 9), interpolate::Schedule::Root, 10);
    interpolate::Interpolate ip(interpolate::Schedule::Parallel);
    Buffer<float> in = make_input(5, 9), out(5, 9, 4);
    try {
        ip(in, out);
        FAIL("a 5-pixel-wide image ran with vectors of 8 or 16 lanes");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("interp_parallel") != std::string::npos);
    }
}
