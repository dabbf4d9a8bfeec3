// apps/interpolate at full size (1536x2560 RGBA fp32, 10 pyramid levels): weft's best
// schedule (Parallel) and the single-threaded one against the plain C++ reference
// (-O3 -march=native; its stages' rows split over std::threads), at 1 and 2 threads.
// Names follow bench/README.md: interpolate/<W>x<H>/<threads>/<impl>, impl weft (the
// best schedule), weft_vectorized (1 thread only) and naive; counter `bytes`: the input
// read and the output written once. WEFT_BENCH_QUICK=1: 384x640. Every weft output is
// checked against the reference once before it is timed (within 1e-4 relative).
//
//   build/bench/interpolate --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "interpolate/interpolate_reference.h"
#include "interpolate/interpolate_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace weft;

namespace {

constexpr int levels = 10;

struct Size {
    int w, h;
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
    double bytes() const { return 2.0 * 4.0 * 4.0 * w * h; }
};

/// Random colours behind a blotchy alpha mask (about half transparent).
Buffer<float> &input(const Size &s) {
    static std::map<int, Buffer<float>> inputs;
    auto it = inputs.find(s.w);
    if (it != inputs.end()) {
        return it->second;
    }
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
    return inputs.emplace(s.w, in).first->second;
}

const std::vector<float> &reference(const Size &s) {
    static std::map<int, std::vector<float>> refs;
    auto it = refs.find(s.w);
    if (it != refs.end()) {
        return it->second;
    }
    std::vector<float> r(size_t(s.w) * s.h * 4);
    interpolate_reference::interpolate(input(s).data(), r.data(), s.w, s.h, levels, 2);
    return refs.emplace(s.w, std::move(r)).first->second;
}

void bench_weft(benchmark::State &state, Size s, interpolate::Schedule sched, int threads) {
    set_num_threads(threads);
    Buffer<float> &in = input(s);
    Buffer<float> out(s.w, s.h, 4);
    // Compiled once: Google Benchmark calls this once per repetition.
    static std::map<std::pair<int, int>, std::unique_ptr<interpolate::Interpolate>> cache;
    auto &slot = cache[{int(sched), s.w}];
    if (!slot) {
        slot = std::make_unique<interpolate::Interpolate>(sched, levels);
    }
    interpolate::Interpolate &ip = *slot;
    ip(in, out);
    const std::vector<float> &ref = reference(s);
    for (size_t i = 0; i < ref.size(); i++) {
        if (!(std::abs(out.data()[i] - ref[i]) <= 1e-4f * std::max(1.0f, std::abs(ref[i])))) {
            state.SkipWithError("weft's output differs from the reference");
            return;
        }
    }
    for (auto _ : state) {
        ip(in, out);
    }
    state.counters["bytes"] = s.bytes();
    set_num_threads(0);
}

void bench_naive(benchmark::State &state, Size s, int threads) {
    Buffer<float> &in = input(s);
    std::vector<float> out(size_t(s.w) * s.h * 4);
    for (auto _ : state) {
        interpolate_reference::interpolate(in.data(), out.data(), s.w, s.h, levels, threads);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["bytes"] = s.bytes();
}

int register_all() {
    const char *quick = std::getenv("WEFT_BENCH_QUICK");
    const Size s = quick && std::string(quick) == "1" ? Size{384, 640} : Size{1536, 2560};
    for (int threads : {1, 2}) {
        const std::string prefix = "interpolate/" + s.name() + "/" + std::to_string(threads) + "/";
        benchmark::RegisterBenchmark((prefix + "weft").c_str(), bench_weft, s,
                                     interpolate::Schedule::Parallel, threads)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
        if (threads == 1) {
            benchmark::RegisterBenchmark((prefix + "weft_vectorized").c_str(), bench_weft, s,
                                         interpolate::Schedule::Vectorized, threads)
                ->UseRealTime()
                ->Unit(benchmark::kMillisecond);
        }
        benchmark::RegisterBenchmark((prefix + "naive").c_str(), bench_naive, s, threads)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
    return 0;
}

const int registered = register_all();

} // namespace

BENCHMARK_MAIN();
