// apps/matmul at full size: sgemm C = A * B, fp32, row-major, against naive C++, Eigen,
// OpenBLAS (cblas_sgemm) and oneDNN (dnnl_sgemm), each at 1 and 2 threads, plus an FMA
// probe (one core's fp32 peak, impl fma_peak) for context.
//
//   ninja -C build bench_matmul
//   build/bench/matmul --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//
// Names follow bench/README.md: matmul/<M>x<N>x<K>/<threads>/<impl> with impl weft (the
// Packed schedule, its register tile picked per size and thread count by
// matmul::tiling_for_size, compiled at the first, untimed call), weft_register_blocked (no packing, serial: 1 thread only), naive
// (1 thread, up to 1024^3), eigen, openblas, onednn; matmul/fma/1/fma_peak. Each sets
// the counter flop = 2 M N K. WEFT_BENCH_QUICK=1: 256^3 and 200^3 only. Thread counts:
// WEFT_BENCH_CPU_TIME=1 times by process CPU time instead (for a loaded machine).
// weft::set_num_threads, openblas_set_num_threads (Debian's pthread OpenBLAS), oneDNN
// (Debian's is built on OpenMP: omp_set_num_threads; checked with omp_get_max_threads)
// and Eigen::setNbThreads (Eigen's gemm threads with OpenMP, on for this program).
// Eigen's product is compiled with -march=native in bench/matmul_reference.cpp.
// Every implementation's C is checked against the naive one on sampled entries before
// timing. A table of medians and ratios follows the runs (bench/ml_summary.h).

#include "ml_summary.h"

#include "matmul/matmul_reference.h"
#include "matmul/matmul_schedules.h"

#include <weft/weft.h>

#include <Eigen/Core>
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <dnnl.h>
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace matmul_bench {
// bench/matmul_reference.cpp (compiled with -O3 -march=native).
void eigen_matmul(const float *a, const float *b, float *c, int m, int n, int k);
} // namespace matmul_bench

namespace {

struct Shape {
    int m, n, k;
    std::string name() const {
        return std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
    }
    double flop() const { return 2.0 * m * n * k; }
};

/// Random A (M x K) and B (K x N), row-major, as weft Buffers A(k, i) and B(j, k).
struct Problem {
    Shape s;
    Buffer<float> a, b;
    explicit Problem(const Shape &sh) : s(sh), a(sh.k, sh.m), b(sh.n, sh.k) {
        a.set_name("A");
        b.set_name("B");
        std::mt19937 rng(1234);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (size_t i = 0; i < size_t(sh.k) * sh.m; i++) {
            a.data()[i] = d(rng);
        }
        for (size_t i = 0; i < size_t(sh.n) * sh.k; i++) {
            b.data()[i] = d(rng);
        }
    }
};

Problem &problem(const Shape &s) {
    static std::map<std::string, std::unique_ptr<Problem>> problems;
    std::unique_ptr<Problem> &p = problems[s.name()];
    if (!p) {
        p = std::make_unique<Problem>(s);
    }
    return *p;
}

/// Largest |C - exact| over 256 sampled entries relative to the sum of |products|.
double sampled_error(const Problem &p, const float *c) {
    std::mt19937 rng(99);
    double worst = 0;
    for (int t = 0; t < 256; t++) {
        const int i = int(rng() % unsigned(p.s.m)), j = int(rng() % unsigned(p.s.n));
        double exact = 0, scale = 0;
        for (int r = 0; r < p.s.k; r++) {
            const double v = double(p.a(r, i)) * double(p.b(j, r));
            exact += v;
            scale += std::abs(v);
        }
        worst = std::max(worst, std::abs(double(c[size_t(i) * p.s.n + j]) - exact) / scale);
    }
    return worst;
}

/// Sets every library's thread count. oneDNN reads omp_get_max_threads().
void set_threads(int threads) {
    weft::set_num_threads(threads);
    openblas_set_num_threads(threads);
    omp_set_num_threads(threads);
    Eigen::setNbThreads(threads);
}

using Kernel = std::function<void(const Problem &, float *)>;

void run_benchmark(benchmark::State &state, Shape s, int threads, Kernel kernel) {
    set_threads(threads);
    if (omp_get_max_threads() != threads || Eigen::nbThreads() != threads) {
        state.SkipWithError("could not set the OpenMP/Eigen thread count");
        return;
    }
    const Problem &p = problem(s);
    std::vector<float> c(size_t(s.m) * s.n, 0.0f);
    try {
        kernel(p, c.data());
    } catch (const std::exception &e) {
        state.SkipWithError(e.what());
        return;
    }
    const double err = sampled_error(p, c.data());
    if (!(err <= 1e-5)) {
        state.SkipWithError(("wrong result: relative error " + std::to_string(err)).c_str());
        return;
    }
    for (auto _ : state) {
        kernel(p, c.data());
        benchmark::ClobberMemory();
    }
    state.counters["flop"] = s.flop();
    state.counters["GFLOP/s"] = benchmark::Counter(s.flop() * double(state.iterations()) * 1e-9,
                                                   benchmark::Counter::kIsRate);
}

Kernel weft_kernel(matmul::Schedule schedule) {
    auto mm = std::make_shared<matmul::Matmul>(schedule);
    return [mm](const Problem &p, float *c) {
        Buffer<float> out(c, p.s.n, p.s.m);
        (*mm)(p.a, p.b, out);
    };
}

void naive(const Problem &p, float *c) {
    matmul_reference::naive_matmul(p.a.data(), p.b.data(), c, p.s.m, p.s.n, p.s.k);
}

void eigen(const Problem &p, float *c) {
    matmul_bench::eigen_matmul(p.a.data(), p.b.data(), c, p.s.m, p.s.n, p.s.k);
}

void openblas(const Problem &p, float *c) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, p.s.m, p.s.n, p.s.k, 1.0f,
                p.a.data(), p.s.k, p.b.data(), p.s.n, 0.0f, c, p.s.n);
}

void onednn(const Problem &p, float *c) {
    const dnnl_status_t st = dnnl_sgemm('N', 'N', p.s.m, p.s.n, p.s.k, 1.0f, p.a.data(), p.s.k,
                                        p.b.data(), p.s.n, 0.0f, c, p.s.n);
    if (st != dnnl_success) {
        throw std::runtime_error("dnnl_sgemm failed: status " + std::to_string(int(st)));
    }
}

void fma_peak(benchmark::State &state) {
    const int64_t iterations = 1 << 20;
    for (auto _ : state) {
        benchmark::DoNotOptimize(matmul_reference::fma_probe(iterations));
    }
    const double flop = double(iterations * matmul_reference::fma_probe_flops_per_iteration());
    state.counters["flop"] = flop;
    state.counters["GFLOP/s"] =
        benchmark::Counter(flop * double(state.iterations()) * 1e-9, benchmark::Counter::kIsRate);
    state.SetLabel(matmul_reference::fma_probe_isa());
}

void register_all() {
    std::vector<Shape> shapes = {{512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048},
                                 {1000, 1000, 1000}};
    if (ml_bench::quick()) {
        shapes = {{256, 256, 256}, {200, 200, 200}};
    }
    ml_bench::set_timing(
        benchmark::RegisterBenchmark("matmul/fma/1/fma_peak", fma_peak)->Unit(benchmark::kMillisecond));
    for (const Shape &s : shapes) {
        for (int threads : {1, 2}) {
            const std::string prefix = "matmul/" + s.name() + "/" + std::to_string(threads) + "/";
            std::vector<std::pair<std::string, Kernel>> impls = {
                {"weft", weft_kernel(matmul::Schedule::Packed)},
                {"eigen", eigen},
                {"openblas", openblas},
                {"onednn", onednn},
            };
            if (threads == 1) {
                impls.emplace_back("weft_register_blocked",
                                   weft_kernel(matmul::Schedule::RegisterBlocked));
                if (s.m <= 1024) {
                    impls.emplace_back("naive", naive);
                }
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
