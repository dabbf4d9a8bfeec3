#ifndef WEFT_BENCH_APP_BENCH_H
#define WEFT_BENCH_APP_BENCH_H

// What the imaging-app benchmarks (bench/harris.cpp, unsharp.cpp, bilateral_grid.cpp,
// camera_pipe.cpp, interpolate.cpp, local_laplacian.cpp) share, as small helpers: the
// WEFT_BENCH_QUICK switch, the registration of bench/README.md's names
// `<app>/<size>/<threads>/<impl>` at 1 and 2 threads (real time, milliseconds), the
// check of an output against the reference, and the timing loops that set the `bytes`
// counter. Each program keeps its own inputs (harris and unsharp share wavy_rgb),
// reference call, tolerance and main().

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace app_bench {

/// True when WEFT_BENCH_QUICK=1: a program then registers its small size only.
inline bool quick() {
    const char *q = std::getenv("WEFT_BENCH_QUICK");
    return q && std::string(q) == "1";
}

/// The `<size>` field of a 2-D image of w x h pixels: "<w>x<h>".
inline std::string size_name(int w, int h) {
    return std::to_string(w) + "x" + std::to_string(h);
}

/// The `<impl>` field of a weft schedule: `weft` for the best one, else
/// `weft_<to_string(s)>` (the app's to_string, found by argument-dependent lookup).
template<class Schedule> std::string weft_impl(Schedule s, Schedule best) {
    return s == best ? std::string("weft") : std::string("weft_") + to_string(s);
}

/// Registers the benchmark `name` running fn(state), timed in real time and reported in
/// milliseconds.
template<class Fn> void add(const std::string &name, Fn fn) {
    benchmark::RegisterBenchmark(name.c_str(), std::move(fn))
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
}

/// Registers an app's benchmarks: for threads 1 then 2, each schedule s of `schedules`
/// for which runs(s, threads) holds, as `<app>/<size>/<threads>/<weft_impl(s, first
/// schedule)>` running weft(state, threads, s, args...), then
/// `<app>/<size>/<threads>/naive` running naive(state, threads, args...).
template<class Runs, class Schedule, class Weft, class Naive, class... Args>
void register_app_if(Runs runs, const std::string &app, const std::string &size,
                     std::initializer_list<Schedule> schedules, Weft weft, Naive naive,
                     Args... args) {
    const Schedule best = *schedules.begin();
    for (int threads : {1, 2}) {
        const std::string prefix = app + "/" + size + "/" + std::to_string(threads) + "/";
        for (Schedule s : schedules) {
            if (runs(s, threads)) {
                add(prefix + weft_impl(s, best),
                    [=](benchmark::State &state) { weft(state, threads, s, args...); });
            }
        }
        add(prefix + "naive", [=](benchmark::State &state) { naive(state, threads, args...); });
    }
}

/// register_app_if with every schedule at both thread counts.
template<class Schedule, class Weft, class Naive, class... Args>
void register_app(const std::string &app, const std::string &size,
                  std::initializer_list<Schedule> schedules, Weft weft, Naive naive, Args... args) {
    register_app_if([](Schedule, int) { return true; }, app, size, schedules, weft, naive, args...);
}

/// Google Benchmark's main() after the registrations: parses the flags and runs.
inline int run_main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

/// The fp32 RGB test image of harris and unsharp (w x h x 3): smooth waves plus 20%
/// uniform noise, values in [0, 1].
inline weft::Buffer<float> wavy_rgb(int w, int h) {
    weft::Buffer<float> in(w, h, 3);
    uint32_t state = 17;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                in(x, y, c) = 0.2f * float(state >> 8) / float(1 << 24) +
                              0.4f * (1.0f + std::sin(0.01f * x + c) * std::cos(0.013f * y));
            }
        }
    }
    return in;
}

/// What make() returns, made on the first call for the size (w, h) and kept for the
/// program's life (an app's input and its reference output, made once).
template<class T, class Make> T &per_size(int w, int h, Make make) {
    static std::map<std::pair<int, int>, std::unique_ptr<T>> all;
    std::unique_ptr<T> &p = all[{w, h}];
    if (!p) {
        p = std::make_unique<T>(make());
    }
    return *p;
}

/// The app object (e.g. harris::Harris) for schedule s, constructed from (s, args...) on
/// the first call for s and kept, so that a pipeline is compiled once although Google
/// Benchmark calls a benchmark function once per repetition.
template<class App, class Schedule, class... Args> App &compiled(Schedule s, Args... args) {
    static std::map<Schedule, App> all;
    return all.try_emplace(s, s, args...).first->second;
}

/// The first i (in order) for which close(out[i], want[i]) is false, described as
/// "wrong result: element <i> is <out[i]>, the reference's <want[i]>"; nothing when all
/// are close. `out` holds want.size() elements.
template<class T, class Close>
std::optional<std::string> mismatch(const T *out, const std::vector<T> &want, Close close) {
    for (size_t i = 0; i < want.size(); i++) {
        if (!close(out[i], want[i])) {
            return "wrong result: element " + std::to_string(i) + " is " + std::to_string(out[i]) +
                   ", the reference's " + std::to_string(want[i]);
        }
    }
    return std::nullopt;
}

/// close(a, b) for mismatch: |a - b| <= abs_tol + rel_tol * |b| (false for NaN).
inline auto within(float abs_tol, float rel_tol = 0.0f) {
    return [=](float a, float b) { return std::abs(a - b) <= abs_tol + rel_tol * std::abs(b); };
}

/// Times call() (one run of a weft pipeline) at `threads` weft threads. It is called once
/// first (compiling the pipeline), then check() says what is wrong with that output, if
/// anything: the benchmark is then skipped with that error. Sets the counter `bytes`.
template<class Call, class Check>
void time_weft(benchmark::State &state, int threads, double bytes, Call call, Check check) {
    weft::set_num_threads(threads);
    call();
    if (const std::optional<std::string> error = check()) {
        weft::set_num_threads(0);
        state.SkipWithError(error->c_str());
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    weft::set_num_threads(0);
    state.counters["bytes"] = bytes;
}

/// Times call() (a baseline that sets its own thread count) and sets the counter `bytes`.
template<class Call> void time_baseline(benchmark::State &state, double bytes, Call call) {
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = bytes;
}

} // namespace app_bench

#endif // WEFT_BENCH_APP_BENCH_H
