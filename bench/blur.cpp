// The 3x3 box blur of a 6400x4800 uint16 image: weft's schedules against a fused C++
// loop compiled with -O3 -march=native (bench/blur_reference.cpp) and against the
// memory-bandwidth roofline of a copy loop, all measured in the same run, at 1 and 2
// threads.
//
//   blur_x(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3       (uint16)
//   blur_y(x, y) = (blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3
//
// computed over [0, W-2) x [0, H-2) from a W x H input (no boundary condition).
// Benchmark arguments: the thread count, then the image: 0 is 6400x4800 (the issue's
// size: 123 MB moved, from and to DRAM), 1 is 1600x1200 (7.7 MB: stays in L3, so
// the compute of each version shows).
//
//   blur --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
//        [--benchmark_enable_random_interleaving=true] [--benchmark_filter=/0/]
//
// (Random interleaving spreads each version's repetitions over the run, so a machine
// whose load changes during the run biases no version.) After the usual table it prints a summary from the medians (or the single runs):
// each weft schedule's time as a ratio to the fused loop's at the same thread count,
// and its effective bandwidth (bytes read + written per second) as a fraction of the
// copy loop's. Goals (issue 3): the best schedule <= 0.8x the fused loop at 1 and 2
// threads, and >= 80% of the copy roofline at 2 threads.
//
// Every weft output is checked against the fused loop once before it is timed.

#include "weft/weft.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace blur_reference {
// bench/blur_reference.cpp: rows [y_begin, y_end) of the output (blur) or the image (copy).
void blur_fused_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end);
void copy_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end);
} // namespace blur_reference

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

struct Schedule {
    const char *name;
    std::function<void(Func &blur_x, Func &blur_y, Var x, Var y)> apply;
};

// 32 lanes of uint16 fill a zmm register (AVX-512) or two ymm (AVX2).
const std::vector<Schedule> &schedules() {
    static const std::vector<Schedule> all = {
        // Both stages fused into one loop nest, blur_x recomputed for each of 3 rows
        // (what the fused C++ loop does).
        {"inline",
         [](Func &, Func &by, Var x, Var y) {
             Var yo("yo"), yi("yi");
             by.split(y, yo, yi, 8).parallel(yo).vectorize(x, 32);
         }},
        // blur_x computed per strip of 32 rows (34 rows of it, all columns: 435 KB).
        {"strip32",
         [](Func &bx, Func &by, Var x, Var y) {
             Var yo("yo"), yi("yi");
             by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 32);
             bx.compute_at(by, yo).vectorize(x, 32);
         }},
        // The README's schedule: 256x32 tiles, blur_x per tile (~17 KB).
        {"tile256x32",
         [](Func &bx, Func &by, Var x, Var y) {
             Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
             by.tile(x, y, xo, yo, xi, yi, 256, 32).vectorize(xi, 32).parallel(yo);
             bx.compute_at(by, xo).vectorize(x, 32);
         }},
        // Sliding window: blur_x stored per strip of 32 rows and computed one new row
        // per output row (storage folded to 4 rows), so each row of it once.
        {"sliding32",
         [](Func &bx, Func &by, Var x, Var y) {
             Var yo("yo"), yi("yi");
             by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 32);
             bx.store_at(by, yo).compute_at(by, yi).vectorize(x, 32);
         }},
        // The same with 16 lanes (one ymm register).
        {"sliding32_v16",
         [](Func &bx, Func &by, Var x, Var y) {
             Var yo("yo"), yi("yi");
             by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 16);
             bx.store_at(by, yo).compute_at(by, yi).vectorize(x, 16);
         }},
    };
    return all;
}

struct WeftBlur {
    Func blur_y;
    double compile_ms = 0;
    bool correct = false;
};

WeftBlur make_weft_blur(const Schedule &s, int size) {
    Buffer<uint16_t> &in = input(size);
    const ImageSize &sz = sizes[size];
    const int OW = sz.out_width(), OH = sz.out_height();
    Func blur_x("blur_x"), blur_y("blur_y");
    Var x("x"), y("y");
    blur_x(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3;
    blur_y(x, y) = (blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3;
    s.apply(blur_x, blur_y, x, y);

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
                std::fprintf(stderr, "weft %s: out(%d, %d) = %d, fused loop: %d\n", s.name, xx,
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
    state.counters["GB/s"] =
        benchmark::Counter(bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_fused(benchmark::State &state) {
    const int threads = int(state.range(0)), size = int(state.range(1));
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

void BM_copy(benchmark::State &state) {
    const int threads = int(state.range(0)), size = int(state.range(1));
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

void BM_weft(benchmark::State &state, const Schedule *s) {
    const int threads = int(state.range(0)), size = int(state.range(1));
    const ImageSize &sz = sizes[size];
    static std::map<std::pair<std::string, int>, WeftBlur> compiled;
    auto key = std::make_pair(std::string(s->name), size);
    auto it = compiled.find(key);
    if (it == compiled.end()) {
        it = compiled.emplace(key, make_weft_blur(*s, size)).first;
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
            seconds_[r.run_name.function_name + "/" + r.run_name.args] =
                r.GetAdjustedRealTime() * 1e-3;
        }
    }

    void print_summary() const {
        std::printf("\nSummary (uint16, medians; ratio = weft time / fused loop time at the same "
                    "thread count; roofline = weft GB/s / copy loop GB/s)\n");
        std::printf("%-10s %-24s %7s %9s %7s %8s %9s\n", "image", "version", "threads",
                    "time(ms)", "ratio", "GB/s", "roofline");
        for (int size = 0; size < int(std::size(sizes)); size++) {
            const ImageSize &sz = sizes[size];
            for (int threads : {1, 2}) {
                const std::string args = "/" + std::to_string(threads) + "/" + std::to_string(size);
                const double fused = lookup("fused" + args), copy = lookup("copy" + args);
                const double copy_gbs = copy > 0 ? sz.copy_bytes() / copy * 1e-9 : 0;
                auto row = [&](const std::string &name, double t, double bytes, bool ratios) {
                    if (t <= 0) {
                        return;
                    }
                    const double gbs = bytes / t * 1e-9;
                    std::printf("%-10s %-24s %7d %9.2f", sz.name().c_str(), name.c_str(), threads,
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
                std::string best;
                double best_time = 0;
                for (const Schedule &s : schedules()) {
                    const double t = lookup(std::string("weft_") + s.name + args);
                    row(std::string("weft ") + s.name, t, sz.blur_bytes(), true);
                    if (t > 0 && (best_time == 0 || t < best_time)) {
                        best = s.name;
                        best_time = t;
                    }
                }
                row("best weft: " + best, best_time, sz.blur_bytes(), true);
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

void register_benchmarks() {
    auto configure = [](benchmark::internal::Benchmark *b) {
        // Names read blur/<threads>/<image>/real_time.
        b->ArgsProduct({{1, 2}, {0, 1}})
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    };
    configure(benchmark::RegisterBenchmark("copy", BM_copy));
    configure(benchmark::RegisterBenchmark("fused", BM_fused));
    for (const Schedule &s : schedules()) {
        configure(benchmark::RegisterBenchmark((std::string("weft_") + s.name).c_str(), BM_weft,
                                               &s));
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
