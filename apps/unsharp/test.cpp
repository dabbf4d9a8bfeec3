// apps/unsharp at small sizes: every schedule of unsharp_schedules.h against the plain
// C++ reference, on sizes that are not multiples of the vector width or of the tile,
// exact tiles, images smaller than one tile (Root fallback), 1 and 2 threads; and the
// error a 2-channel input gets.

#include "unsharp/unsharp_reference.h"
#include "unsharp/unsharp_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A deterministic test image: smooth gradients plus noise, values in [0, 1].
Buffer<float> make_input(int w, int h, int channels = 3) {
    Buffer<float> b(w, h, channels);
    uint32_t state = uint32_t(w * 7919 + h);
    for (int c = 0; c < channels; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const float noise = float(state >> 8) / float(1 << 24);
                b(x, y, c) = 0.5f * noise +
                             0.25f * (1.0f + std::sin(0.05f * x + 0.3f * c) * std::cos(0.07f * y));
            }
        }
    }
    return b;
}

void check(int w, int h, unsharp::Schedule s, float amount = 1.5f) {
    INFO("schedule " << unsharp::to_string(s) << ", " << w << "x" << h);
    Buffer<float> in = make_input(w, h);
    std::vector<float> want(size_t(w) * h * 3);
    unsharp_reference::unsharp(in.data(), w, h, 3, amount, 1.5f, want.data());
    Buffer<float> out(w, h, 3);
    unsharp::Unsharp u(s);
    u(in, out, amount);
    int wrong = 0;
    double worst = 0;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const float e = want[(size_t(c) * h + y) * w + x];
                const double d = std::abs(double(out(x, y, c)) - e);
                worst = std::max(worst, d);
                if (!(d <= 1e-5)) {
                    if (wrong++ == 0) {
                        FAIL_CHECK("out(" << x << ", " << y << ", " << c << ") = " << out(x, y, c)
                                          << ", expected " << e);
                    }
                }
            }
        }
    }
    INFO("largest difference " << worst);
    CHECK(wrong == 0);
}

const unsharp::Schedule all_schedules[] = {unsharp::Schedule::Tiled, unsharp::Schedule::Sliding,
                                           unsharp::Schedule::Root};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[unsharp]") {
    for (unsharp::Schedule s : all_schedules) {
        check(300, 70, s); // neither the vector width nor the tile divides it
        check(256, 32, s); // exactly one tile
        check(517, 99, s); // several tiles, tails in both dimensions
    }
}

TEST_CASE("images smaller than one tile use the root schedule", "[unsharp]") {
    for (unsharp::Schedule s : all_schedules) {
        check(37, 19, s);
        check(1, 1, s);
        check(5, 200, s);
    }
}

TEST_CASE("two threads and another amount", "[unsharp]") {
    set_num_threads(2);
    check(300, 70, unsharp::Schedule::Tiled, 0.5f);
    check(517, 99, unsharp::Schedule::Sliding, 3.0f);
    set_num_threads(0);
}

TEST_CASE("a 2-channel input is a RuntimeError naming the input", "[unsharp]") {
    Buffer<float> in = make_input(300, 70, 2), out(300, 70, 3);
    unsharp::Unsharp u(unsharp::Schedule::Tiled);
    try {
        u(in, out, 1.0f);
        FAIL("a 2-channel image was accepted");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("input") != std::string::npos);
    }
}
