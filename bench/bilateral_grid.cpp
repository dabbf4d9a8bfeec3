// apps/bilateral_grid at full size (2560x1536 fp32 grey, s_sigma 8, r_sigma 0.1;
// WEFT_BENCH_QUICK=1: 640x384): weft's
// schedules against the naive C++ reference (bilateral_grid_reference.cpp, -O3 -march=native)
// at 1 and 2 threads. Names bilateral_grid/<W>x<H>/<threads>/<impl>, impl weft (the best
// schedule, Grid), weft_<schedule> for the others, naive; counter bytes = input +
// output bytes. Every output is checked against the reference before it is timed.
//
//   build-imga/bench/bilateral_grid --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true

#include "bilateral_grid/bilateral_grid_reference.h"
#include "bilateral_grid/bilateral_grid_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace weft;

namespace {

constexpr int s_sigma = 8;
constexpr float r_sigma = 0.1f;

struct Problem {
    int w, h;
    Buffer<float> in;
    std::vector<float> want; // the reference's output
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
    double bytes() const { return 2.0 * 4 * double(w) * h; }
};

Problem &problem(int w, int h) {
    static std::map<std::pair<int, int>, std::unique_ptr<Problem>> all;
    auto &p = all[{w, h}];
    if (!p) {
        p = std::make_unique<Problem>(Problem{w, h, Buffer<float>(w, h), {}});
        uint32_t state = 17;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const float noise = float(state >> 8) / float(1 << 24) - 0.5f;
                const float disc =
                    std::hypot(float(x - w / 2), float(y - h / 2)) < h / 3 ? 0.5f : 0.f;
                p->in(x, y) = 0.2f + disc + 0.2f * float(x) / float(w) + 0.1f * noise;
            }
        }
        p->want.resize(size_t(w) * h);
        bilateral_grid_reference::bilateral_grid(p->in.data(), w, h, s_sigma, r_sigma,
                                                 p->want.data());
    }
    return *p;
}

bool matches(const Problem &p, const float *out, std::string &why) {
    for (size_t i = 0; i < p.want.size(); i++) {
        if (!(std::abs(out[i] - p.want[i]) <= 1e-5f)) {
            why = "element " + std::to_string(i) + " is " + std::to_string(out[i]) +
                  ", the reference's " + std::to_string(p.want[i]);
            return false;
        }
    }
    return true;
}

void run_weft(benchmark::State &state, int w, int h, int threads, bilateral_grid::Schedule s) {
    Problem &p = problem(w, h);
    static std::map<bilateral_grid::Schedule, bilateral_grid::BilateralGrid> compiled;
    bilateral_grid::BilateralGrid &u = compiled.try_emplace(s, s, s_sigma, r_sigma).first->second;
    Buffer<float> out(w, h);
    set_num_threads(threads);
    std::string why;
    u(p.in, out); // compiles
    if (!matches(p, out.data(), why)) {
        state.SkipWithError(("wrong result: " + why).c_str());
        return;
    }
    for (auto _ : state) {
        u(p.in, out);
        benchmark::ClobberMemory();
    }
    set_num_threads(0);
    state.counters["bytes"] = p.bytes();
}

void run_naive(benchmark::State &state, int w, int h, int threads) {
    Problem &p = problem(w, h);
    std::vector<float> out(p.want.size());
    for (auto _ : state) {
        bilateral_grid_reference::bilateral_grid(p.in.data(), w, h, s_sigma, r_sigma, out.data(),
                                                 threads);
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = p.bytes();
}

} // namespace

int main(int argc, char **argv) {
    const char *quick = std::getenv("WEFT_BENCH_QUICK");
    const bool is_quick = quick && std::string(quick) == "1";
    const int w = is_quick ? 640 : 2560, h = is_quick ? 384 : 1536;
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    for (int threads : {1, 2}) {
        const std::string prefix = "bilateral_grid/" + size + "/" + std::to_string(threads) + "/";
        for (bilateral_grid::Schedule s :
             {bilateral_grid::Schedule::Grid, bilateral_grid::Schedule::Root}) {
            const std::string impl =
                s == bilateral_grid::Schedule::Grid ? "weft" : std::string("weft_") + to_string(s);
            benchmark::RegisterBenchmark((prefix + impl).c_str(), run_weft, w, h, threads, s)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
        benchmark::RegisterBenchmark((prefix + "naive").c_str(), run_naive, w, h, threads)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
