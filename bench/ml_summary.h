#ifndef WEFT_BENCH_ML_SUMMARY_H
#define WEFT_BENCH_ML_SUMMARY_H

// The table that bench/matmul.cpp, bench/conv_layer.cpp and bench/softmax.cpp print
// after their runs: per benchmark `<app>/<size>/<threads>/<impl>` the median real time,
// GFLOP/s (from the `flop` counter) and the ratio of its speed to the fastest baseline
// of the same size and thread count (baselines: every impl but weft* and naive; the
// naive one only where no other baseline exists). With --benchmark_repetitions=N the
// medians are Google Benchmark's; with one repetition, the single runs. With
// WEFT_BENCH_CPU_TIME=1 the times are process CPU times (set_timing).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace ml_bench {

struct Row {
    double ms = 0;    // median real time per iteration
    double flop = 0;  // floating-point operations per iteration
};

/// Console output plus the medians, then the table (print_table).
inline bool cpu_time();

class SummaryReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
            if ((!median && !single) || r.error_occurred) {
                continue;
            }
            Row row;
            row.ms = (cpu_time() ? r.GetAdjustedCPUTime() : r.GetAdjustedRealTime()) *
                     unit_to_ms(r.time_unit);
            auto f = r.counters.find("flop");
            row.flop = f == r.counters.end() ? 0 : double(f->second.value);
            rows_[r.run_name.function_name] = row;
        }
    }

    /// Prints one line per benchmark, grouped by `<app>/<size>/<threads>`.
    void print_table() const {
        std::map<std::string, std::map<std::string, Row>> groups;
        for (const auto &[name, row] : rows_) {
            const size_t cut = name.rfind('/');
            if (cut == std::string::npos) {
                continue;
            }
            groups[name.substr(0, cut)][name.substr(cut + 1)] = row;
        }
        std::printf("\n%-40s %-22s %10s %9s %12s\n", "app/size/threads", "impl", "median ms",
                    "GFLOP/s", "vs baseline");
        for (const auto &[group, impls] : groups) {
            double best = 0, best_naive = 0;
            std::string best_name;
            for (const auto &[impl, row] : impls) {
                const double speed = 1.0 / row.ms;
                if (impl.rfind("weft", 0) == 0 || impl == "fma_peak") {
                    continue;
                }
                if (impl == "naive") {
                    best_naive = speed;
                    continue;
                }
                if (speed > best) {
                    best = speed;
                    best_name = impl;
                }
            }
            if (best == 0) {
                best = best_naive;
                best_name = "naive";
            }
            for (const auto &[impl, row] : impls) {
                const double gflops = row.flop > 0 ? row.flop / row.ms * 1e-6 : 0;
                char ratio[64] = "";
                if (best > 0) {
                    std::snprintf(ratio, sizeof ratio, "%.3fx %s", (1.0 / row.ms) / best,
                                  best_name.c_str());
                }
                std::printf("%-40s %-22s %10.3f %9.1f %s\n", group.c_str(), impl.c_str(), row.ms,
                            gflops, ratio);
            }
        }
    }

private:
    static double unit_to_ms(benchmark::TimeUnit u) {
        switch (u) {
        case benchmark::kNanosecond:
            return 1e-6;
        case benchmark::kMicrosecond:
            return 1e-3;
        case benchmark::kMillisecond:
            return 1.0;
        case benchmark::kSecond:
            return 1e3;
        }
        return 1.0;
    }
    std::map<std::string, Row> rows_;
};

/// Runs the registered benchmarks with the table at the end.
inline int run_with_summary(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    reporter.print_table();
    return 0;
}

/// True when environment variable `name` is set to something other than 0 or empty.
inline bool env_flag(const char *name) {
    const char *q = std::getenv(name);
    return q && *q && std::string(q) != "0";
}

/// WEFT_BENCH_QUICK=1: small sizes only.
inline bool quick() { return env_flag("WEFT_BENCH_QUICK"); }

/// WEFT_BENCH_CPU_TIME=1: time each benchmark by the CPU time of the whole process
/// instead of real time (for a loaded machine: at 1 thread it is the work of that
/// thread; at 2 threads the sum over both, so it shows efficiency, not speed-up).
inline bool cpu_time() { return env_flag("WEFT_BENCH_CPU_TIME"); }

/// Real time (the bench/README.md convention) or, with WEFT_BENCH_CPU_TIME=1, process
/// CPU time.
inline void set_timing(benchmark::internal::Benchmark *b) {
    if (cpu_time()) {
        b->MeasureProcessCPUTime();
        return;
    }
    b->UseRealTime();
}

} // namespace ml_bench

#endif
