// apps/softmax at small sizes: every schedule of softmax_schedules.h against the naive
// C++ softmax (std::exp) of softmax_reference.cpp, on widths that no vector divides,
// rows narrower than one vector (Softmax's naive fallback), a single row, 1 and 2
// threads; rows with huge and
// tiny values (the stability the max subtraction buys); and rows that sum to 1.

#include "softmax/softmax_reference.h"
#include "softmax/softmax_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

struct Size {
    int w, h;
};

Buffer<float> random_input(const Size &s, float lo, float hi, uint32_t seed) {
    Buffer<float> in(s.w, s.h);
    in.set_name("in");
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    for (size_t i = 0; i < size_t(s.w) * s.h; i++) {
        in.data()[i] = d(rng);
    }
    return in;
}

/// Runs schedule `s` on `in` and compares every element with the reference: within
/// 1e-6 absolute plus 2e-6 relative (fast_exp and the reciprocal differ from std::exp
/// and a division by a few ulp). Also checks that each row sums to 1.
void check(const Buffer<float> &in, softmax::Schedule s) {
    const int w = in.width(), h = in.height();
    INFO("schedule " << softmax::to_string(s) << ", " << w << "x" << h);
    std::vector<float> want(size_t(w) * h);
    softmax_reference::naive_softmax(in.data(), want.data(), w, h);
    Buffer<float> out(w, h);
    softmax::Softmax sm(s);
    sm(in, out);
    int wrong = 0, bad_rows = 0;
    for (int y = 0; y < h; y++) {
        double row_sum = 0;
        for (int x = 0; x < w; x++) {
            const float expected = want[size_t(y) * w + x];
            row_sum += out(x, y);
            if (!(std::abs(out(x, y) - expected) <= 1e-6f + 2e-6f * expected)) {
                if (wrong++ == 0) {
                    FAIL_CHECK("softmax(" << x << ", " << y << ") = " << out(x, y)
                                          << ", expected " << expected);
                }
            }
        }
        bad_rows += std::abs(row_sum - 1.0) > 1e-5 ? 1 : 0;
    }
    CHECK(wrong == 0);
    CHECK(bad_rows == 0);
}

const softmax::Schedule all_schedules[] = {softmax::Schedule::Rows,
                                           softmax::Schedule::RowsScalarReductions,
                                           softmax::Schedule::Naive};

const Size sizes[] = {{1000, 37}, {64, 16}, {17, 5}, {5, 3}, {1, 1}, {130, 1}};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[softmax]") {
    for (softmax::Schedule s : all_schedules) {
        for (const Size &sz : sizes) {
            check(random_input(sz, -10.0f, 10.0f, uint32_t(sz.w * 31 + sz.h)), s);
        }
    }
}

TEST_CASE("rows of huge and tiny values stay finite (the max is subtracted)", "[softmax]") {
    for (softmax::Schedule s : all_schedules) {
        // exp(1000) overflows a float: a softmax without the max subtraction gives NaN.
        check(random_input({200, 9}, 900.0f, 1000.0f, 5), s);
        check(random_input({200, 9}, -1000.0f, -900.0f, 6), s);
        // Entries far below their row's max underflow to 0.
        Buffer<float> in = random_input({100, 4}, -1.0f, 1.0f, 7);
        in(3, 2) = 200.0f;
        check(in, s);
    }
}

TEST_CASE("the row schedules on 2 threads", "[softmax]") {
    set_num_threads(2);
    check(random_input({1000, 100}, -5.0f, 5.0f, 8), softmax::Schedule::Rows);
    check(random_input({33, 17}, -5.0f, 5.0f, 9), softmax::Schedule::RowsScalarReductions);
    set_num_threads(0);
}

TEST_CASE("the vectorized schedules alone refuse rows narrower than a vector", "[softmax]") {
    ImageParam I(Float(32), 2, "in");
    softmax::SoftmaxFuncs f = softmax::make_softmax(I, "sm_narrow");
    softmax::schedule_softmax(f, softmax::Schedule::Rows);
    Buffer<float> in = random_input({5, 3}, -1.0f, 1.0f, 10);
    I.set(in);
    Buffer<float> out(5, 3);
    CHECK_THROWS_AS(f.softmax.realize(out), RuntimeError);
}
