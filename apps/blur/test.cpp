// apps/blur at small sizes: every schedule of blur_schedules.h against the naive C++
// blur of blur_reference.cpp, bit-exact, on odd output sizes (no vector width, strip or
// tile divides them), at each schedule's smallest size, with 1 and 2 threads, over
// full-range uint16 data (the sums wrap); the fused loop against the naive one; and
// the error an output too large for the input gets.

#include "blur/blur_reference.h"
#include "blur/blur_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

Buffer<uint16_t> random_image(int width, int height, uint32_t seed) {
    Buffer<uint16_t> in(width, height);
    std::mt19937 rng(seed);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            in(x, y) = uint16_t(rng() >> 16);
        }
    }
    return in;
}

/// Runs schedule `s` on a random (out_w + 2) x (out_h + 2) input and compares every
/// output pixel with the naive reference.
void check(blur::Schedule s, int out_w, int out_h, int threads) {
    INFO("schedule " << blur::to_string(s) << ", output " << out_w << "x" << out_h << ", "
                     << threads << " threads");
    Buffer<uint16_t> in = random_image(out_w + 2, out_h + 2, uint32_t(out_w * 7919 + out_h));
    std::vector<uint16_t> want(size_t(out_w) * out_h);
    blur_reference::blur_naive(in.data(), in.width(), in.height(), want.data());

    blur::BlurFuncs f = blur::make_blur(in);
    blur::schedule_blur(f, s);
    Buffer<uint16_t> out(out_w, out_h);
    set_num_threads(threads);
    f.blur_y.realize(out);
    set_num_threads(0);
    int wrong = 0;
    for (int y = 0; y < out_h; y++) {
        for (int x = 0; x < out_w; x++) {
            const uint16_t w = want[size_t(y) * out_w + x];
            if (out(x, y) != w && wrong++ == 0) {
                FAIL_CHECK("out(" << x << ", " << y << ") = " << out(x, y) << ", expected " << w);
            }
        }
    }
    CHECK(wrong == 0);
}

} // namespace

TEST_CASE("every blur schedule matches the naive reference at odd sizes", "[apps][blur]") {
    for (blur::Schedule s : blur::all_schedules()) {
        auto [min_w, min_h] = blur::min_output_size(s);
        for (int threads : {1, 2}) {
            check(s, min_w + 5, min_h + 3, threads);
            check(s, 2 * min_w + 9, 2 * min_h + 5, threads);
        }
        check(s, min_w, min_h, 2);     // exactly one vector / strip / tile
        check(s, min_w + 1, min_h + 1, 1); // one more than that: the tails overlap most
    }
}

TEST_CASE("the fused C++ loop matches the naive reference", "[apps][blur]") {
    const int w = 203, h = 37;
    Buffer<uint16_t> in = random_image(w, h, 5);
    std::vector<uint16_t> naive(size_t(w - 2) * (h - 2)), fused(naive.size());
    blur_reference::blur_naive(in.data(), w, h, naive.data());
    blur_reference::blur_fused_rows(in.data(), w, fused.data(), 0, 17);
    blur_reference::blur_fused_rows(in.data(), w, fused.data(), 17, h - 2);
    CHECK(fused == naive);
}

TEST_CASE("a blur output larger than its input allows is a RuntimeError", "[apps][blur]") {
    Buffer<uint16_t> in = random_image(40, 20, 9);
    in.set_name("in");
    blur::BlurFuncs f = blur::make_blur(in);
    blur::schedule_blur(f, blur::Schedule::Inline);
    Buffer<uint16_t> out(39, 18); // at most 38 x 18
    try {
        f.blur_y.realize(out);
        FAIL("realize did not throw");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        CHECK(what.find("\"in\"") != std::string::npos);
    }
}
