// apps/conv_layer at small sizes: every schedule of conv_layer_schedules.h against the
// naive C++ layer of conv_layer_reference.cpp, on widths no tile divides, batches of
// 1 and 3, channel counts other than 64, layers smaller than one tile (the naive
// fallback), 1 and 2 threads; and the error a weight tensor of the wrong shape gets.

#include "conv_layer/conv_layer_reference.h"
#include "conv_layer/conv_layer_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

struct Shape {
    int n, h, w, c, k;
};

void fill(Buffer<float> &b, size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (size_t i = 0; i < count; i++) {
        b.data()[i] = d(rng);
    }
}

void check(const Shape &s, conv_layer::Schedule schedule) {
    INFO("schedule " << conv_layer::to_string(schedule) << ", N " << s.n << " H " << s.h << " W "
                     << s.w << " C " << s.c << " K " << s.k);
    Buffer<float> in(s.c, s.w, s.h, s.n), w(s.k, s.c, 3, 3), bias(s.k), out(s.k, s.w, s.h, s.n);
    in.set_name("in");
    w.set_name("w");
    bias.set_name("bias");
    fill(in, size_t(s.c) * s.w * s.h * s.n, 1);
    fill(w, size_t(s.k) * s.c * 9, 2);
    fill(bias, size_t(s.k), 3);
    std::vector<float> want(size_t(s.k) * s.w * s.h * s.n);
    conv_layer_reference::naive_conv_layer(in.data(), w.data(), bias.data(), want.data(), s.n,
                                           s.h, s.w, s.c, s.k);
    conv_layer::ConvLayer layer(schedule);
    layer(in, w, bias, out);
    // 9 C products of terms in [-1, 1], summed in another order.
    const float tolerance = 1e-6f * 9 * float(s.c) + 1e-6f;
    int wrong = 0;
    for (size_t i = 0; i < want.size(); i++) {
        if (!(std::abs(out.data()[i] - want[i]) <= tolerance)) {
            if (wrong++ == 0) {
                FAIL_CHECK("element " << i << " (k " << i % s.k << ", x " << (i / s.k) % s.w
                                      << ", y " << (i / s.k / s.w) % s.h << ") = "
                                      << out.data()[i] << ", expected " << want[i]);
            }
        }
    }
    CHECK(wrong == 0);
}

const conv_layer::Schedule all_schedules[] = {conv_layer::Schedule::Blocked,
                                              conv_layer::Schedule::BlockedWide,
                                              conv_layer::Schedule::Naive};

} // namespace

TEST_CASE("every schedule matches the reference", "[conv_layer]") {
    const Shape shapes[] = {
        {1, 9, 13, 64, 64},  // W = 13: no tile width divides it
        {3, 5, 8, 16, 64},   // a batch of 3, few input channels
        {1, 7, 10, 5, 96},   // C = 5, K = 96 (one channel block shifted inwards)
        {2, 3, 3, 8, 16},    // smaller than one tile: the naive fallback
    };
    for (conv_layer::Schedule s : all_schedules) {
        for (const Shape &shape : shapes) {
            check(shape, s);
        }
    }
}

TEST_CASE("the blocked schedule on 2 threads", "[conv_layer]") {
    set_num_threads(2);
    check({2, 11, 20, 32, 64}, conv_layer::Schedule::Blocked);
    check({1, 6, 9, 64, 64}, conv_layer::Schedule::BlockedWide);
    set_num_threads(0);
}

TEST_CASE("weights with the wrong number of input channels are a RuntimeError", "[conv_layer]") {
    Buffer<float> in(16, 12, 6, 1), w(64, 8, 3, 3), bias(64), out(64, 12, 6, 1);
    w.set_name("w");
    conv_layer::ConvLayer layer(conv_layer::Schedule::Blocked);
    try {
        layer(in, w, bias, out);
        FAIL("weights for 8 input channels were accepted for an input of 16");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("w") != std::string::npos);
    }
}
