// The 3x3 box blur of a 6400x4800 uint16 image (apps/blur): weft's schedules
// (apps/blur/blur_schedules.h) against the fused C++ loop and the naive two-pass loop
// compiled with -O3 -march=native (apps/blur/blur_reference.cpp) and against the
// memory-bandwidth roofline of a copy loop with ordinary stores, all measured in the same
// run, at 1 and 2 threads.
//
//   blur_x(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3       (uint16)
//   blur_y(x, y) = (blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3
//
// computed over [0, W-2) x [0, H-2) from a W x H input (no boundary condition).
// Benchmarks are named blur/<image>/<threads>/<impl> (bench/README.md): impl `weft` is
// the best schedule (the first of blur_schedules.h), `weft_<schedule>` the others,
// `fused_cpp` and `naive` (1 thread only) the C++ loops, `copy` the roofline. Images:
// 6400x4800 (the size: 123 MB moved, from and to DRAM) and 1600x1200 (7.7 MB:
// stays in L3, so the compute of each version shows); WEFT_BENCH_QUICK=1 runs only the
// latter. Counter `bytes`: bytes read + written per iteration (the input once, the
// output once; for the copy, the image twice), and GB/s from it.
//
//   blur --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
//        [--benchmark_enable_random_interleaving=true] [--benchmark_filter=6400x4800]
//
// (Random interleaving spreads each version's repetitions over the run, so a machine
// whose load changes during the run biases no version.) After the usual table it prints
// a summary from the medians (or the single runs): each weft schedule's time as a ratio
// to the fused loop's at the same thread count, and its effective bandwidth as a
// fraction of the copy loop's. Goals (issue 3): the best schedule <= 0.8x the fused loop
// at 1 and 2 threads, and >= 80% of the copy roofline at 2 threads.
//
// Every weft output is checked against the fused loop once before it is timed.

#include "blur/blur_reference.h"
#include "blur/blur_schedules.h"

#include "weft/weft.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace weft;

namespace {

struct ImageSize {
    int width, height;
    int out_width() const { return width - 2; }
    int out_height() const { return height - 2; }
    // Bytes a blur moves: the input read once, the output written once; a copy reads
    // and writes the whole input.
    double blur_bytes() const {
        return 2.0 * (double(width) * height + double(out_width()) * out_height());
    }
    double copy_bytes() const { return 2.0 * 2.0 * double(width) * height; }
    std::string name() const { return std::to_string(width) + "x" + std::to_string(height); }
};

const ImageSize sizes[] = {{6400, 4800}, {1600, 1200}};

Buffer<uint16_t> &input(int size) {
    static std::map<int, Buffer<uint16_t>> inputs;
    auto it = inputs.find(size);
    if (it != inputs.end()) {
        return it->second;
    }
    const ImageSize &sz = sizes[size];
    Buffer<uint16_t> b(sz.width, sz.height);
    uint32_t state = 12345;
    for (int y = 0; y < sz.height; y++) {
        for (int x = 0; x < sz.width; x++) {
            state = state * 1664525u + 1013904223u;
            b(x, y) = uint16_t(state >> 16); // full range: the uint16 sums wrap
        }
    }
    return inputs.emplace(size, b).first->second;
}

/// Runs fn(y_begin, y_end) over [0, rows) split into `threads` bands, the calling thread
/// taking the last one.
void run_bands(int threads, int rows, const std::function<void(int, int)> &fn) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads - 1; t++) {
        workers.emplace_back(fn, rows * t / threads, rows * (t + 1) / threads);
    }
    fn(rows * (threads - 1) / threads, rows);
    for (std::thread &w : workers) {
        w.join();
    }
}

const std::vector<uint16_t> &fused_result(int size) {
    static std::map<int, std::vector<uint16_t>> results;
    auto it = results.find(size);
    if (it != results.end()) {
        return it->second;
    }
    const ImageSize &sz = sizes[size];
    std::vector<uint16_t> o(size_t(sz.out_width()) * sz.out_height());
    blur_reference::blur_fused_rows(input(size).data(), sz.width, o.data(), 0, sz.out_height());
    return results.emplace(size, std::move(o)).first->second;
}

// ---------------------------------------------------------------------------------
// weft schedules

struct WeftBlur {
    Func blur_y;
    double compile_ms = 0;
    bool correct = false;
};

WeftBlur make_weft_blur(blur::Schedule s, int size) {
    Buffer<uint16_t> &in = input(size);
    const ImageSize &sz = sizes[size];
    const int OW = sz.out_width(), OH = sz.out_height();
    blur::BlurFuncs f = blur::make_blur(in);
    blur::schedule_blur(f, s);
    Func blur_y = f.blur_y;

    WeftBlur b;
    b.blur_y = blur_y;
    auto t0 = std::chrono::steady_clock::now();
    blur_y.compile_jit();
    b.compile_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    Buffer<uint16_t> out(OW, OH);
    blur_y.realize(out);
    const std::vector<uint16_t> &want = fused_result(size);
    b.correct = true;
    for (int yy = 0; yy < OH && b.correct; yy++) {
        for (int xx = 0; xx < OW; xx++) {
            if (out(xx, yy) != want[size_t(yy) * OW + xx]) {
                std::fprintf(stderr, "weft %s: out(%d, %d) = %d, fused loop: %d\n", blur::to_string(s), xx,
                             yy, int(out(xx, yy)), int(want[size_t(yy) * OW + xx]));
                b.correct = false;
                break;
            }
        }
    }
    return b;
}

// ---------------------------------------------------------------------------------
// Benchmarks (argument: the thread count)

void set_bytes(benchmark::State &state, double bytes) {
    state.counters["bytes"] = bytes;
    state.counters["GB/s"] =
        benchmark::Counter(bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

std::string bench_name(int size, int threads, const std::string &impl);

/// The implementation name of weft schedule s: `weft` for the best (the first).
std::string weft_impl(blur::Schedule s) {
    return s == blur::all_schedules().front() ? "weft" : std::string("weft_") + blur::to_string(s);
}

void BM_fused(benchmark::State &state, int threads, int size) {
    const ImageSize &sz = sizes[size];
    std::vector<uint16_t> out(size_t(sz.out_width()) * sz.out_height());
    const uint16_t *in = input(size).data();
    for (auto _ : state) {
        run_bands(threads, sz.out_height(), [&](int y0, int y1) {
            blur_reference::blur_fused_rows(in, sz.width, out.data(), y0, y1);
        });
        benchmark::DoNotOptimize(out.data());
    }
    set_bytes(state, sz.blur_bytes());
}

void BM_naive(benchmark::State &state, int size) {
    const ImageSize &sz = sizes[size];
    std::vector<uint16_t> out(size_t(sz.out_width()) * sz.out_height());
    const uint16_t *in = input(size).data();
    blur_reference::blur_naive(in, sz.width, sz.height, out.data());
    if (out != fused_result(size)) {
        state.SkipWithError("the naive loop's output differs from the fused loop's");
        return;
    }
    for (auto _ : state) {
        blur_reference::blur_naive(in, sz.width, sz.height, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    set_bytes(state, sz.blur_bytes());
}

void BM_copy(benchmark::State &state, int threads, int size) {
    const ImageSize &sz = sizes[size];
    std::vector<uint16_t> out(size_t(sz.width) * sz.height);
    const uint16_t *in = input(size).data();
    for (auto _ : state) {
        run_bands(threads, sz.height, [&](int y0, int y1) {
            blur_reference::copy_rows(in, sz.width, out.data(), y0, y1);
        });
        benchmark::DoNotOptimize(out.data());
    }
    set_bytes(state, sz.copy_bytes());
}

void BM_weft(benchmark::State &state, blur::Schedule s, int threads, int size) {
    const ImageSize &sz = sizes[size];
    static std::map<std::pair<blur::Schedule, int>, WeftBlur> compiled;
    auto key = std::make_pair(s, size);
    auto it = compiled.find(key);
    if (it == compiled.end()) {
        it = compiled.emplace(key, make_weft_blur(s, size)).first;
    }
    WeftBlur &b = it->second;
    if (!b.correct) {
        state.SkipWithError("weft's output differs from the fused loop's");
        return;
    }
    Buffer<uint16_t> out(sz.out_width(), sz.out_height());
    set_num_threads(threads);
    for (auto _ : state) {
        b.blur_y.realize(out);
        benchmark::DoNotOptimize(out.data());
    }
    set_num_threads(0);
    set_bytes(state, sz.blur_bytes());
    state.counters["compile_ms"] = b.compile_ms;
}

// ---------------------------------------------------------------------------------
// The summary: ratios computed from the medians of the runs just reported.

class SummaryReporter : public benchmark::ConsoleReporter {
public:
    SummaryReporter() : ConsoleReporter(OO_Tabular) {}

    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
            if (r.error_occurred || !(median || single)) {
                continue;
            }
            // Seconds per iteration (the benchmarks report milliseconds).
            seconds_[r.run_name.function_name] = r.GetAdjustedRealTime() * 1e-3;
        }
    }

    void print_summary() const {
        std::printf("\nSummary (uint16, medians; ratio = weft time / fused loop time at the same "
                    "thread count; roofline = weft GB/s / copy loop GB/s)\n");
        std::printf("%-10s %-28s %7s %9s %7s %8s %9s\n", "image", "version", "threads",
                    "time(ms)", "ratio", "GB/s", "roofline");
        for (int size = 0; size < int(std::size(sizes)); size++) {
            const ImageSize &sz = sizes[size];
            for (int threads : {1, 2}) {
                auto key = [&](const std::string &impl) {
                    return bench_name(size, threads, impl);
                };
                const double fused = lookup(key("fused_cpp")), copy = lookup(key("copy"));
                const double copy_gbs = copy > 0 ? sz.copy_bytes() / copy * 1e-9 : 0;
                auto row = [&](const std::string &name, double t, double bytes, bool ratios) {
                    if (t <= 0) {
                        return;
                    }
                    const double gbs = bytes / t * 1e-9;
                    std::printf("%-10s %-28s %7d %9.2f", sz.name().c_str(), name.c_str(), threads,
                                t * 1e3);
                    if (ratios && fused > 0) {
                        std::printf(" %7.2f", t / fused);
                    } else {
                        std::printf(" %7s", "");
                    }
                    std::printf(" %8.2f", gbs);
                    if (ratios && copy_gbs > 0) {
                        std::printf(" %8.0f%%", 100.0 * gbs / copy_gbs);
                    }
                    std::printf("\n");
                };
                row("copy loop (roofline)", copy, sz.copy_bytes(), false);
                row("fused C++ loop", fused, sz.blur_bytes(), true);
                row("naive C++", lookup(key("naive")), sz.blur_bytes(), true);
                std::string best;
                double best_time = 0;
                for (blur::Schedule s : blur::all_schedules()) {
                    const double t = lookup(key(weft_impl(s)));
                    row(std::string("weft ") + blur::to_string(s), t, sz.blur_bytes(), true);
                    if (t > 0 && (best_time == 0 || t < best_time)) {
                        best = blur::to_string(s);
                        best_time = t;
                    }
                }
                row("fastest weft: " + best, best_time, sz.blur_bytes(), true);
            }
        }
    }

private:
    double lookup(const std::string &key) const {
        auto it = seconds_.find(key);
        return it == seconds_.end() ? 0.0 : it->second;
    }
    std::map<std::string, double> seconds_;
};

std::string bench_name(int size, int threads, const std::string &impl) {
    return "blur/" + sizes[size].name() + "/" + std::to_string(threads) + "/" + impl;
}

void register_benchmarks() {
    const char *quick = std::getenv("WEFT_BENCH_QUICK");
    const bool quick_only = quick && std::string(quick) == "1";
    for (int size = 0; size < int(std::size(sizes)); size++) {
        if (quick_only && sizes[size].width > 1600) {
            continue;
        }
        for (int threads : {1, 2}) {
            auto configure = [](benchmark::internal::Benchmark *b) {
                b->UseRealTime()->Unit(benchmark::kMillisecond);
            };
            configure(benchmark::RegisterBenchmark(bench_name(size, threads, "copy").c_str(),
                                                   BM_copy, threads, size));
            configure(benchmark::RegisterBenchmark(
                bench_name(size, threads, "fused_cpp").c_str(), BM_fused, threads, size));
            if (threads == 1) { // the naive loop is single-threaded
                configure(benchmark::RegisterBenchmark(
                    bench_name(size, threads, "naive").c_str(), BM_naive, size));
            }
            for (blur::Schedule s : blur::all_schedules()) {
                configure(benchmark::RegisterBenchmark(
                    bench_name(size, threads, weft_impl(s)).c_str(), BM_weft, s, threads, size));
            }
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    register_benchmarks();
    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_summary();
    benchmark::Shutdown();
    return 0;
}
