// apps/harris at small sizes: every schedule of harris_schedules.h against the plain
// C++ reference, on sizes that are not multiples of the vector width or of the tile,
// exact tiles, images smaller than one tile (Root fallback), 1 and 2 threads; and the
// error a 2-channel input gets.

#include "harris/harris_reference.h"
#include "harris/harris_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A deterministic test image with corners: a checkerboard of 9-pixel squares, a
/// gradient and noise, values in [0, 1].
Buffer<float> make_input(int w, int h, int channels = 3) {
    Buffer<float> b(w, h, channels);
    uint32_t state = uint32_t(w * 7919 + h);
    for (int c = 0; c < channels; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const float noise = float(state >> 8) / float(1 << 24);
                const float board = ((x / 9 + y / 9) % 2) ? 0.8f : 0.1f;
                b(x, y, c) = 0.6f * board + 0.1f * noise + 0.3f * float(x + c) / float(w + 3);
            }
        }
    }
    return b;
}

void check(int w, int h, harris::Schedule s, float k = 0.04f) {
    INFO("schedule " << harris::to_string(s) << ", " << w << "x" << h);
    Buffer<float> in = make_input(w, h);
    std::vector<float> want(size_t(w) * h);
    harris_reference::harris(in.data(), w, h, k, want.data());
    Buffer<float> out(w, h);
    harris::Harris hr(s);
    hr(in, out, k);
    int wrong = 0;
    double worst = 0, largest = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const float e = want[size_t(y) * w + x];
            const double d = std::abs(double(out(x, y)) - e);
            worst = std::max(worst, d);
            largest = std::max(largest, double(std::abs(e)));
            // The response subtracts products of sums of squares: allow rounding
            // relative to the terms (|e| and the squared trace are of one magnitude).
            if (!(d <= 1e-6 + 1e-4 * std::abs(e))) {
                if (wrong++ == 0) {
                    FAIL_CHECK("out(" << x << ", " << y << ") = " << out(x, y) << ", expected "
                                      << e);
                }
            }
        }
    }
    INFO("largest difference " << worst << ", largest response " << largest);
    CHECK(wrong == 0);
    if (w >= 16 && h >= 16) {
        CHECK(largest > 1e-4); // the image has corners: the test compares real responses
    }
}

const harris::Schedule all_schedules[] = {harris::Schedule::Tiled, harris::Schedule::Sliding,
                                          harris::Schedule::Root};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[harris]") {
    for (harris::Schedule s : all_schedules) {
        check(300, 70, s);
        check(256, 32, s);
        check(517, 99, s);
    }
}

TEST_CASE("images smaller than one tile use the root schedule", "[harris]") {
    for (harris::Schedule s : all_schedules) {
        check(37, 19, s);
        check(2, 2, s);
        check(9, 200, s);
    }
}

TEST_CASE("two threads and another k", "[harris]") {
    set_num_threads(2);
    check(300, 70, harris::Schedule::Tiled, 0.06f);
    check(517, 99, harris::Schedule::Sliding);
    set_num_threads(0);
}

TEST_CASE("a 2-channel input is a RuntimeError naming the input", "[harris]") {
    Buffer<float> in = make_input(300, 70, 2), out(300, 70);
    harris::Harris hr(harris::Schedule::Tiled);
    try {
        hr(in, out);
        FAIL("a 2-channel image was accepted");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("input") != std::string::npos);
    }
}
