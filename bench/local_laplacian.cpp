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

#include "local_laplacian/local_laplacian_reference.h"
#include "local_laplacian/local_laplacian_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace weft;

namespace {

constexpr int levels = 8;
constexpr float alpha = 1.0f, beta = 0.5f;

struct Size {
    int w, h;
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
    double bytes() const { return 2.0 * 3.0 * 2.0 * w * h; }
};

Buffer<uint16_t> &input(const Size &s) {
    static std::map<int, Buffer<uint16_t>> inputs;
    auto it = inputs.find(s.w);
    if (it != inputs.end()) {
        return it->second;
    }
    Buffer<uint16_t> in(s.w, s.h, 3);
    uint32_t state = 99;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < s.h; y++) {
            for (int x = 0; x < s.w; x++) {
                state = state * 1664525u + 1013904223u;
                const double v = 0.5 + 0.3 * std::sin(0.01 * x * (c + 1) + 0.02 * y) +
                                 (x > s.w / 2 ? 0.1 : -0.1) + 0.05 * double(state >> 24) / 255.0;
                in(x, y, c) = uint16_t(std::min(1.0, std::max(0.0, v)) * 65535.0);
            }
        }
    }
    return inputs.emplace(s.w, in).first->second;
}

const std::vector<uint16_t> &reference(const Size &s) {
    static std::map<int, std::vector<uint16_t>> refs;
    auto it = refs.find(s.w);
    if (it != refs.end()) {
        return it->second;
    }
    std::vector<uint16_t> r(size_t(s.w) * s.h * 3);
    local_laplacian_reference::local_laplacian(input(s).data(), r.data(), s.w, s.h,
                                               {levels, alpha, beta, 8}, 2);
    return refs.emplace(s.w, std::move(r)).first->second;
}

void bench_weft(benchmark::State &state, Size s, local_laplacian::Schedule sched, int threads) {
    set_num_threads(threads);
    Buffer<uint16_t> &in = input(s);
    Buffer<uint16_t> out(s.w, s.h, 3);
    // Compiled and checked once: Google Benchmark calls this once per repetition.
    static std::map<std::pair<int, int>, std::unique_ptr<local_laplacian::LocalLaplacian>> cache;
    auto &slot = cache[{int(sched), s.w}];
    if (!slot) {
        slot = std::make_unique<local_laplacian::LocalLaplacian>(sched);
    }
    local_laplacian::LocalLaplacian &llf = *slot;
    llf(in, out, levels, alpha, beta);
    const std::vector<uint16_t> &ref = reference(s);
    size_t off = 0;
    for (size_t i = 0; i < ref.size(); i++) {
        const int d = std::abs(int(out.data()[i]) - int(ref[i]));
        off += d > 2;
        if (d > 256 || off > ref.size() / 1000) {
            state.SkipWithError("weft's output differs from the reference");
            return;
        }
    }
    for (auto _ : state) {
        llf(in, out, levels, alpha, beta);
    }
    state.counters["bytes"] = s.bytes();
    set_num_threads(0);
}

void bench_naive(benchmark::State &state, Size s, int threads) {
    Buffer<uint16_t> &in = input(s);
    std::vector<uint16_t> out(size_t(s.w) * s.h * 3);
    for (auto _ : state) {
        local_laplacian_reference::local_laplacian(in.data(), out.data(), s.w, s.h,
                                                   {levels, alpha, beta, 8}, threads);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["bytes"] = s.bytes();
}

int register_all() {
    const char *quick = std::getenv("WEFT_BENCH_QUICK");
    const Size s = quick && std::string(quick) == "1" ? Size{640, 384} : Size{2560, 1536};
    for (int threads : {1, 2}) {
        const std::string prefix =
            "local_laplacian/" + s.name() + "/" + std::to_string(threads) + "/";
        benchmark::RegisterBenchmark((prefix + "weft").c_str(), bench_weft, s,
                                     local_laplacian::Schedule::Parallel, threads)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
        if (threads == 1) {
            benchmark::RegisterBenchmark((prefix + "weft_vectorized").c_str(), bench_weft, s,
                                         local_laplacian::Schedule::Vectorized, threads)
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
