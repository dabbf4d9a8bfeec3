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

void check(const Shape &s, conv_layer::ConvLayer &layer, conv_layer::Schedule schedule) {
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
    conv_layer_reference::naive_conv_layer(in.data(), w.data(), bias.data(), want.data(), s.n, s.h,
                                           s.w, s.c, s.k);
    layer(in, w, bias, out);
    // 9 C products of terms in [-1, 1], summed in another order.
    const float tolerance = 1e-6f * 9 * float(s.c) + 1e-6f;
    int wrong = 0;
    for (size_t i = 0; i < want.size(); i++) {
        if (!(std::abs(out.data()[i] - want[i]) <= tolerance)) {
            if (wrong++ == 0) {
                FAIL_CHECK("element " << i << " (k " << i % s.k << ", x " << (i / s.k) % s.w
                                      << ", y " << (i / s.k / s.w) % s.h << ") = " << out.data()[i]
                                      << ", expected " << want[i]);
            }
        }
    }
    CHECK(wrong == 0);
}

void check(const Shape &s, conv_layer::Schedule schedule) {
    conv_layer::ConvLayer layer(schedule);
    check(s, layer, schedule);
}

const conv_layer::Schedule all_schedules[] = {
    conv_layer::Schedule::Blocked, conv_layer::Schedule::BlockedWide, conv_layer::Schedule::Naive};

} // namespace

TEST_CASE("every schedule matches the reference", "[conv_layer]") {
    const Shape shapes[] = {
        {1, 9, 13, 64, 64}, // W = 13: no tile width divides it
        {3, 5, 8, 16, 64},  // a batch of 3, few input channels
        {1, 7, 10, 5, 96},  // C = 5, K = 96 (one channel block shifted inwards)
        {2, 3, 3, 8, 16},   // smaller than one tile: the naive fallback
        {1, 5, 30, 24, 80}, // W = 30 and K = 80: both tiles shifted inwards (also BlockedWide's)
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
    check({1, 6, 29, 64, 64}, conv_layer::Schedule::BlockedWide);
    set_num_threads(0);
}

TEST_CASE("one layer object on several channel counts and band heights", "[conv_layer]") {
    // ConvLayer compiles the tiled pipeline once per input channel count; the bands of
    // rows (4 by default) are cut short on heights they do not divide, or exceed.
    set_num_threads(2);
    for (conv_layer::Schedule s :
         {conv_layer::Schedule::Blocked, conv_layer::Schedule::BlockedWide}) {
        conv_layer::ConvLayer layer(s);
        check({2, 10, 17, 64, 64}, layer, s);
        check({1, 2, 9, 24, 64}, layer, s);
        check({3, 1, 8, 64, 64}, layer, s);
        check({1, 13, 11, 24, 128}, layer, s);
    }
    conv_layer::ConvLayer tall(conv_layer::Schedule::Blocked, conv_layer::Tiling{32, 8, 5});
    check({2, 23, 12, 16, 32}, tall, conv_layer::Schedule::Blocked);
    set_num_threads(0);
}

namespace {

/// Runs a Blocked pipeline compiled for `fixed` on a layer of shape `s` and returns the
/// RuntimeError's message ("" when it ran).
std::string run_fixed(const conv_layer::FixedSizes &fixed, const Shape &s) {
    ImageParam in(Float(32), 4, "in"), w(Float(32), 4, "w"), bias(Float(32), 1, "bias");
    conv_layer::ConvLayerFuncs f = conv_layer::make_conv_layer(in, w, bias);
    conv_layer::schedule_conv_layer(f, conv_layer::Schedule::Blocked, conv_layer::Tiling{}, fixed);
    Buffer<float> bin(s.c, s.w, s.h, s.n), bw(s.k, s.c, 3, 3), bb(s.k), out(s.k, s.w, s.h, s.n);
    in.set(bin);
    w.set(bw);
    bias.set(bb);
    try {
        f.relu.realize(out);
        return "";
    } catch (const RuntimeError &e) {
        return e.what();
    }
}

} // namespace

TEST_CASE("a pipeline compiled for fixed sizes refuses others", "[conv_layer]") {
    const std::string channels = run_fixed({32, 0, 0, 0, 0}, {1, 6, 12, 64, 64});
    INFO(channels);
    CHECK(channels.find("conv_layer_padded") != std::string::npos);
    CHECK(channels.find("0 to 63") != std::string::npos);
    const std::string width = run_fixed({64, 64, 12, 6, 1}, {1, 6, 16, 64, 64});
    INFO(width);
    CHECK(width.find("conv_layer") != std::string::npos);
    CHECK(width.find("0 to 15") != std::string::npos);
    CHECK(run_fixed({64, 64, 12, 6, 1}, {1, 6, 12, 64, 64}).empty());
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
