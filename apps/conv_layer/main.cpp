// apps/conv_layer at full size: a ResNet 3x3 layer, 56 x 56, 64 -> 64 channels, batch 4
// (or N H W C K from the command line), with the best schedule (Blocked), on
// WEFT_NUM_THREADS threads (default: every core). Prints the first call's time (JIT
// compilation included), the best of 10 run times, GFLOP/s and the largest difference
// from the naive reference.
//
//   build/apps/conv_layer/conv_layer [N H W C K]

#include "conv_layer/conv_layer_reference.h"
#include "conv_layer/conv_layer_schedules.h"

#include <weft/weft.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <random>
#include <vector>

using namespace weft;

int main(int argc, char **argv) {
    int n = 4, h = 56, w = 56, c = 64, k = 64;
    if (argc == 6) {
        n = std::atoi(argv[1]);
        h = std::atoi(argv[2]);
        w = std::atoi(argv[3]);
        c = std::atoi(argv[4]);
        k = std::atoi(argv[5]);
    }
    if (n < 1 || h < 1 || w < 1 || c < 1 || k < 1) {
        std::fprintf(stderr, "usage: conv_layer [N H W C K], each >= 1\n");
        return 1;
    }
    try {
        Buffer<float> in(c, w, h, n), weights(k, c, 3, 3), bias(k), out(k, w, h, n);
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (size_t i = 0; i < size_t(c) * w * h * n; i++) {
            in.data()[i] = d(rng);
        }
        for (size_t i = 0; i < size_t(k) * c * 9; i++) {
            weights.data()[i] = d(rng);
        }
        for (int i = 0; i < k; i++) {
            bias(i) = d(rng);
        }
        conv_layer::ConvLayer layer(conv_layer::Schedule::Blocked);
        using clock = std::chrono::steady_clock;
        auto t0 = clock::now();
        layer(in, weights, bias, out);
        const double first_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double best = 1e30;
        for (int run = 0; run < 10; run++) {
            t0 = clock::now();
            layer(in, weights, bias, out);
            best = std::min(best, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        std::vector<float> want(size_t(k) * w * h * n);
        conv_layer_reference::naive_conv_layer(in.data(), weights.data(), bias.data(), want.data(),
                                               n, h, w, c, k);
        double worst = 0;
        for (size_t i = 0; i < want.size(); i++) {
            worst = std::max(worst, double(std::abs(out.data()[i] - want[i])));
        }
        const double flop = 2.0 * n * h * w * k * c * 9;
        std::printf("conv_layer N %d, %dx%d, %d -> %d channels: first call %.1f ms, run %.3f ms "
                    "(best of 10), %.1f GFLOP/s, max |difference| %.2g\n",
                    n, h, w, c, k, first_ms, best, flop / best * 1e-6, worst);
        return worst <= 1e-5 * 9 * c ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "conv_layer: %s\n", e.what());
        return 1;
    }
}
