// apps/softmax at full size: softmax over the 4096 rows of 1024 floats (or W H from the
// command line) with the best schedule (Rows), on WEFT_NUM_THREADS threads (default:
// every core). Prints the first call's time (JIT compilation included), the best of 20
// run times and the largest difference from the naive reference.
//
//   build/apps/softmax/softmax [W H]

#include "softmax/softmax_reference.h"
#include "softmax/softmax_schedules.h"

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
    int w = 1024, h = 4096;
    if (argc == 3) {
        w = std::atoi(argv[1]);
        h = std::atoi(argv[2]);
    }
    if (w < 1 || h < 1) {
        std::fprintf(stderr, "usage: softmax [W H], each >= 1\n");
        return 1;
    }
    try {
        Buffer<float> in(w, h), out(w, h);
        in.set_name("in");
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> d(-10.0f, 10.0f);
        for (size_t i = 0; i < size_t(w) * h; i++) {
            in.data()[i] = d(rng);
        }
        softmax::Softmax sm(softmax::Schedule::Rows);
        using clock = std::chrono::steady_clock;
        auto t0 = clock::now();
        sm(in, out);
        const double first_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double best = 1e30;
        for (int run = 0; run < 20; run++) {
            t0 = clock::now();
            sm(in, out);
            best = std::min(best, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        std::vector<float> want(size_t(w) * h);
        softmax_reference::naive_softmax(in.data(), want.data(), w, h);
        double worst = 0;
        for (size_t i = 0; i < want.size(); i++) {
            worst = std::max(worst, double(std::abs(out.data()[i] - want[i])));
        }
        std::printf("softmax %dx%d fp32: first call %.1f ms, run %.3f ms (best of 20), "
                    "max |difference| from the reference %.2g\n",
                    w, h, first_ms, best, worst);
        return worst <= 1e-5 ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "softmax: %s\n", e.what());
        return 1;
    }
}
