// apps/interpolate at full size (1536x2560 RGBA fp32, 10 pyramid levels): weft's best
// schedule (Parallel) and the single-threaded one against the plain C++ reference
// (-O3 -march=native; its stages' rows split over std::threads), at 1 and 2 threads.
// Names follow bench/README.md: interpolate/<W>x<H>/<threads>/<impl>, impl weft (the
// best schedule), weft_vectorized (1 thread only) and naive; counter `bytes`: the input
// read and the output written once. WEFT_BENCH_QUICK=1: 384x640. Every weft output is
// checked against the reference once before it is timed (within 1e-4 relative).
//
//   build/bench/interpolate --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "interpolate/interpolate_reference.h"
#include "interpolate/interpolate_schedules.h"

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

constexpr int levels = 10;

struct Size {
    int w, h;
    double bytes() const { return 2.0 * 4.0 * 4.0 * w * h; }
};

/// Random colours behind a blotchy alpha mask (about half transparent).
Buffer<float> &input(const Size &s) {
    return app_bench::per_size<Buffer<float>>(s.w, s.h, [&] {
        Buffer<float> in(s.w, s.h, 4);
        uint32_t state = 7;
        for (int y = 0; y < s.h; y++) {
            for (int x = 0; x < s.w; x++) {
                for (int c = 0; c < 3; c++) {
                    state = state * 1664525u + 1013904223u;
                    in(x, y, c) = float(state >> 8) / float(1 << 24);
                }
                const float m = std::sin(0.05f * x) * std::sin(0.037f * y);
                in(x, y, 3) = std::clamp((m - 0.1f) * 3.0f, 0.0f, 1.0f);
            }
        }
        return in;
    });
}

const std::vector<float> &reference(const Size &s) {
    return app_bench::per_size<std::vector<float>>(s.w, s.h, [&] {
        std::vector<float> r(size_t(s.w) * s.h * 4);
        interpolate_reference::interpolate(input(s).data(), r.data(), s.w, s.h, levels, 2);
        return r;
    });
}

void bench_weft(benchmark::State &state, int threads, interpolate::Schedule sched, Size s) {
    Buffer<float> &in = input(s);
    Buffer<float> out(s.w, s.h, 4);
    interpolate::Interpolate &ip = app_bench::compiled<interpolate::Interpolate>(sched, levels);
    app_bench::time_weft(
        state, threads, s.bytes(), [&] { ip(in, out); },
        [&]() -> std::optional<std::string> {
            const auto close = [](float a, float b) {
                return std::abs(a - b) <= 1e-4f * std::max(1.0f, std::abs(b));
            };
            if (app_bench::mismatch(out.data(), reference(s), close)) {
                return "weft's output differs from the reference";
            }
            return std::nullopt;
        });
}

void bench_naive(benchmark::State &state, int threads, Size s) {
    Buffer<float> &in = input(s);
    std::vector<float> out(size_t(s.w) * s.h * 4);
    app_bench::time_baseline(state, s.bytes(), [&] {
        interpolate_reference::interpolate(in.data(), out.data(), s.w, s.h, levels, threads);
    });
}

int register_all() {
    const Size s = app_bench::quick() ? Size{384, 640} : Size{1536, 2560};
    // The vectorized schedule has no parallel loops: one thread only.
    const auto runs = [](interpolate::Schedule sched, int threads) {
        return sched == interpolate::Schedule::Parallel || threads == 1;
    };
    app_bench::register_app_if(runs, "interpolate", app_bench::size_name(s.w, s.h),
                               {interpolate::Schedule::Parallel, interpolate::Schedule::Vectorized},
                               bench_weft, bench_naive, s);
    return 0;
}

const int registered = register_all();

} // namespace

BENCHMARK_MAIN();
