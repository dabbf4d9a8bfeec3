// apps/softmax at full size: softmax over the 4096 rows of 1024 floats against the
// naive C++ loop (std::exp; apps/softmax/softmax_reference.cpp) and Eigen row by row
// (bench/softmax_reference.cpp, -O3 -march=native), at 1 and 2 threads.
//
//   ninja -C build bench_softmax
//   build/bench/softmax --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//
// Names follow bench/README.md: softmax/<W>x<H>/<threads>/<impl> with impl weft (the
// Rows schedule), weft_rows_scalar_reductions, naive (1 thread) and eigen; the counter
// flop counts 5 operations per element (max, subtract, exp as one, sum, scale) and
// bytes the input read and output written once. WEFT_BENCH_QUICK=1: 256x128 only.
// WEFT_BENCH_CPU_TIME=1 times by process CPU time instead (for a loaded machine).
// Threads: weft::set_num_threads; Eigen's rows are split over OpenMP threads.
// Outputs are checked against the naive loop before timing.

#include "ml_summary.h"

#include "softmax/softmax_reference.h"
#include "softmax/softmax_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace softmax_bench {
// bench/softmax_reference.cpp (compiled with -O3 -march=native).
void eigen_softmax(const float *in, float *out, int width, int height, int threads);
} // namespace softmax_bench

namespace {

struct Size {
    int w, h;
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
};

struct Problem {
    Size s;
    Buffer<float> in;
    std::vector<float> want;
    explicit Problem(const Size &sz) : s(sz), in(sz.w, sz.h), want(size_t(sz.w) * sz.h) {
        in.set_name("in");
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> d(-10.0f, 10.0f);
        for (size_t i = 0; i < size_t(sz.w) * sz.h; i++) {
            in.data()[i] = d(rng);
        }
        softmax_reference::naive_softmax(in.data(), want.data(), sz.w, sz.h);
    }
};

Problem &problem(const Size &s) {
    static std::map<std::string, std::unique_ptr<Problem>> problems;
    std::unique_ptr<Problem> &p = problems[s.name()];
    if (!p) {
        p = std::make_unique<Problem>(s);
    }
    return *p;
}

using Kernel = std::function<void(const Problem &, float *, int threads)>;

void run_benchmark(benchmark::State &state, Size s, int threads, Kernel kernel) {
    weft::set_num_threads(threads);
    const Problem &p = problem(s);
    std::vector<float> out(p.want.size(), 0.0f);
    try {
        kernel(p, out.data(), threads);
    } catch (const std::exception &e) {
        state.SkipWithError(e.what());
        return;
    }
    double worst = 0;
    for (size_t i = 0; i < out.size(); i++) {
        worst = std::max(worst, double(std::abs(out[i] - p.want[i])));
    }
    if (!(worst <= 1e-6)) {
        state.SkipWithError(("wrong result: max difference " + std::to_string(worst)).c_str());
        return;
    }
    for (auto _ : state) {
        kernel(p, out.data(), threads);
        benchmark::ClobberMemory();
    }
    const double elements = double(s.w) * s.h;
    state.counters["flop"] = 5.0 * elements;
    state.counters["bytes"] = 8.0 * elements;
    state.counters["GB/s"] = benchmark::Counter(8.0 * elements * double(state.iterations()) * 1e-9,
                                                benchmark::Counter::kIsRate);
}

Kernel weft_kernel(softmax::Schedule schedule) {
    auto sm = std::make_shared<softmax::Softmax>(schedule);
    return [sm](const Problem &p, float *out, int) {
        Buffer<float> o(out, p.s.w, p.s.h);
        (*sm)(p.in, o);
    };
}

void naive(const Problem &p, float *out, int) {
    softmax_reference::naive_softmax(p.in.data(), out, p.s.w, p.s.h);
}

void eigen(const Problem &p, float *out, int threads) {
    softmax_bench::eigen_softmax(p.in.data(), out, p.s.w, p.s.h, threads);
}

void register_all() {
    std::vector<Size> sizes = {{1024, 4096}};
    if (ml_bench::quick()) {
        sizes = {{256, 128}};
    }
    for (const Size &s : sizes) {
        for (int threads : {1, 2}) {
            const std::string prefix = "softmax/" + s.name() + "/" + std::to_string(threads) + "/";
            std::vector<std::pair<std::string, Kernel>> impls = {
                {"weft", weft_kernel(softmax::Schedule::Rows)},
                {"weft_rows_scalar_reductions",
                 weft_kernel(softmax::Schedule::RowsScalarReductions)},
                {"eigen", eigen},
            };
            if (threads == 1) {
                impls.emplace_back("naive", naive);
            }
            for (auto &[impl, kernel] : impls) {
                ml_bench::set_timing(benchmark::RegisterBenchmark(
                    (prefix + impl).c_str(), run_benchmark, s, threads, kernel)
                                         ->Unit(benchmark::kMillisecond));
            }
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    register_all();
    return ml_bench::run_with_summary(argc, argv);
}
