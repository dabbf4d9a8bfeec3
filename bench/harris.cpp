// apps/harris at full size (2560x1536 fp32 RGB; WEFT_BENCH_QUICK=1: 640x384): weft's
// schedules against the naive C++ reference (harris_reference.cpp, -O3 -march=native)
// at 1 and 2 threads. Names harris/<W>x<H>/<threads>/<impl>, impl weft (the best
// schedule, Sliding), weft_<schedule> for the others, naive; counter bytes = input +
// output bytes. Every output is checked against the reference before it is timed.
//
//   build-imga/bench/harris --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "harris/harris_reference.h"
#include "harris/harris_schedules.h"

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

constexpr float k = 0.04f;

struct Problem {
    int w, h;
    Buffer<float> in;
    std::vector<float> want; // the reference's output
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
    double bytes() const { return 4.0 * 4 * double(w) * h; } // 3 channels in, 1 out
};

Problem &problem(int w, int h) {
    static std::map<std::pair<int, int>, std::unique_ptr<Problem>> all;
    auto &p = all[{w, h}];
    if (!p) {
        p = std::make_unique<Problem>(Problem{w, h, Buffer<float>(w, h, 3), {}});
        uint32_t state = 17;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    state = state * 1664525u + 1013904223u;
                    p->in(x, y, c) = 0.2f * float(state >> 8) / float(1 << 24) +
                                     0.4f * (1.0f + std::sin(0.01f * x + c) * std::cos(0.013f * y));
                }
            }
        }
        p->want.resize(size_t(w) * h);
        harris_reference::harris(p->in.data(), w, h, k, p->want.data());
    }
    return *p;
}

bool matches(const Problem &p, const float *out, std::string &why) {
    for (size_t i = 0; i < p.want.size(); i++) {
        if (!(std::abs(out[i] - p.want[i]) <= 1e-6f + 1e-4f * std::abs(p.want[i]))) {
            why = "element " + std::to_string(i) + " is " + std::to_string(out[i]) +
                  ", the reference's " + std::to_string(p.want[i]);
            return false;
        }
    }
    return true;
}

void run_weft(benchmark::State &state, int w, int h, int threads, harris::Schedule s) {
    Problem &p = problem(w, h);
    static std::map<harris::Schedule, harris::Harris> compiled;
    harris::Harris &u = compiled.try_emplace(s, s).first->second;
    Buffer<float> out(w, h);
    set_num_threads(threads);
    std::string why;
    u(p.in, out, k); // compiles
    if (!matches(p, out.data(), why)) {
        state.SkipWithError(("wrong result: " + why).c_str());
        return;
    }
    for (auto _ : state) {
        u(p.in, out, k);
        benchmark::ClobberMemory();
    }
    set_num_threads(0);
    state.counters["bytes"] = p.bytes();
}

void run_naive(benchmark::State &state, int w, int h, int threads) {
    Problem &p = problem(w, h);
    std::vector<float> out(p.want.size());
    for (auto _ : state) {
        harris_reference::harris(p.in.data(), w, h, k, out.data(), threads);
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
        const std::string prefix = "harris/" + size + "/" + std::to_string(threads) + "/";
        for (harris::Schedule s :
             {harris::Schedule::Sliding, harris::Schedule::Tiled, harris::Schedule::Root}) {
            const std::string impl =
                s == harris::Schedule::Sliding ? "weft" : std::string("weft_") + to_string(s);
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
