// apps/matmul at full size: C = A * B for 1024 x 1024 fp32 matrices (or M N K from the
// command line) with the best schedule (Packed), on WEFT_NUM_THREADS threads (default:
// every core). Prints the first call's time (JIT compilation included), the best of 10 run times, GFLOP/s and the
// largest error against the naive reference on 64 sampled rows.
//
//   build/apps/matmul/matmul [M N K]

#include "matmul/matmul_reference.h"
#include "matmul/matmul_schedules.h"

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
    int m = 1024, n = 1024, k = 1024;
    if (argc == 4) {
        m = std::atoi(argv[1]);
        n = std::atoi(argv[2]);
        k = std::atoi(argv[3]);
    }
    if (m < 1 || n < 1 || k < 1) {
        std::fprintf(stderr, "usage: matmul [M N K], each >= 1\n");
        return 1;
    }
    try {
        Buffer<float> a(k, m), b(n, k), c(n, m);
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (size_t i = 0; i < size_t(k) * m; i++) {
            a.data()[i] = d(rng);
        }
        for (size_t i = 0; i < size_t(n) * k; i++) {
            b.data()[i] = d(rng);
        }
        matmul::Matmul mm(matmul::Schedule::Packed);
        using clock = std::chrono::steady_clock;
        auto t0 = clock::now();
        mm(a, b, c); // the first call compiles
        const double compile_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double best = 1e30;
        for (int run = 0; run < 10; run++) {
            t0 = clock::now();
            mm(a, b, c);
            best = std::min(best, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        // Check 64 rows against the reference.
        double worst = 0;
        std::vector<float> row(n);
        for (int s = 0; s < 64; s++) {
            const int i = int(rng() % unsigned(m));
            matmul_reference::naive_matmul(&a(0, i), b.data(), row.data(), 1, n, k);
            for (int j = 0; j < n; j++) {
                worst = std::max(worst, double(std::abs(row[j] - c(j, i))));
            }
        }
        std::printf("matmul %dx%dx%d fp32: first call %.1f ms, run %.3f ms (best of 10), %.1f "
                    "GFLOP/s, max |error| %.2g on 64 rows\n",
                    m, n, k, compile_ms, best, 2.0 * m * n * k / best * 1e-6, worst);
        return worst <= 1e-5 * k ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "matmul: %s\n", e.what());
        return 1;
    }
}
