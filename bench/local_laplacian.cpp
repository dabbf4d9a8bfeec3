// apps/local_laplacian at full size (2560x1536 RGB uint16, 8 pyramid levels, 8
// intensity levels, alpha 1, beta 0.5): weft's best schedule (Parallel) and the other
// manual schedules against the plain C++ reference (-O3 -march=native; its stages'
// rows split over std::threads), at 1 and 2 threads. Names follow bench/README.md:
// local_laplacian/<W>x<H>/<threads>/<impl>, impl weft (the best schedule),
// weft_vectorized (one thread only: it has no parallel loops) and naive; counter
// `bytes`: the input read and the output written once. WEFT_BENCH_QUICK=1: 640x384.
// Every weft output is checked against the reference once before it is timed (with the
// tolerance of apps/local_laplacian/test.cpp: float rounding).
//
//   build/bench/local_laplacian --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "local_laplacian/local_laplacian_reference.h"
#include "local_laplacian/local_laplacian_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace weft;

namespace {

constexpr int levels = 8;
constexpr float alpha = 1.0f, beta = 0.5f;

struct Size {
    int w, h;
    double bytes() const { return 2.0 * 3.0 * 2.0 * w * h; }
};

Buffer<uint16_t> &input(const Size &s) {
    return app_bench::per_size<Buffer<uint16_t>>(s.w, s.h, [&] {
        Buffer<uint16_t> in(s.w, s.h, 3);
        uint32_t state = 99;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s.h; y++) {
                for (int x = 0; x < s.w; x++) {
                    state = state * 1664525u + 1013904223u;
                    const double v = 0.5 + 0.3 * std::sin(0.01 * x * (c + 1) + 0.02 * y) +
                                     (x > s.w / 2 ? 0.1 : -0.1) +
                                     0.05 * double(state >> 24) / 255.0;
                    in(x, y, c) = uint16_t(std::min(1.0, std::max(0.0, v)) * 65535.0);
                }
            }
        }
        return in;
    });
}

const std::vector<uint16_t> &reference(const Size &s) {
    return app_bench::per_size<std::vector<uint16_t>>(s.w, s.h, [&] {
        std::vector<uint16_t> r(size_t(s.w) * s.h * 3);
        local_laplacian_reference::local_laplacian(input(s).data(), r.data(), s.w, s.h,
                                                   {levels, alpha, beta, 8}, 2);
        return r;
    });
}

void bench_weft(benchmark::State &state, int threads, local_laplacian::Schedule sched, Size s) {
    Buffer<uint16_t> &in = input(s);
    Buffer<uint16_t> out(s.w, s.h, 3);
    local_laplacian::LocalLaplacian &llf =
        app_bench::compiled<local_laplacian::LocalLaplacian>(sched);
    app_bench::time_weft(
        state, threads, s.bytes(), [&] { llf(in, out, levels, alpha, beta); },
        [&]() -> std::optional<std::string> {
            // Float rounding: no value off by more than 256, at most 0.1% off by more than 2.
            const std::vector<uint16_t> &ref = reference(s);
            size_t off = 0;
            const auto close = [&](uint16_t a, uint16_t b) {
                const int d = std::abs(int(a) - int(b));
                off += d > 2;
                return !(d > 256 || off > ref.size() / 1000);
            };
            if (app_bench::mismatch(out.data(), ref, close)) {
                return "weft's output differs from the reference";
            }
            return std::nullopt;
        });
}

void bench_naive(benchmark::State &state, int threads, Size s) {
    Buffer<uint16_t> &in = input(s);
    std::vector<uint16_t> out(size_t(s.w) * s.h * 3);
    app_bench::time_baseline(state, s.bytes(), [&] {
        local_laplacian_reference::local_laplacian(in.data(), out.data(), s.w, s.h,
                                                   {levels, alpha, beta, 8}, threads);
    });
}

int register_all() {
    const Size s = app_bench::quick() ? Size{640, 384} : Size{2560, 1536};
    // The vectorized schedule has no parallel loops: one thread only.
    const auto runs = [](local_laplacian::Schedule sched, int threads) {
        return sched == local_laplacian::Schedule::Parallel || threads == 1;
    };
    app_bench::register_app_if(
        runs, "local_laplacian", app_bench::size_name(s.w, s.h),
        {local_laplacian::Schedule::Parallel, local_laplacian::Schedule::Vectorized}, bench_weft,
        bench_naive, s);
    return 0;
}

const int registered = register_all();

} // namespace

BENCHMARK_MAIN();
