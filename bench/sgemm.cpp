// sgemm 1024 x 1024 x 1024 fp32: weft's register-blocked schedule against one core's
// FMA peak, measured in the same run by an FMA probe (bench/sgemm_reference.cpp,
// compiled with -O3 -march=native).
//
// Layout (bench/sgemm_pipeline.h): row-major C = A * B, A of M x K, B of K x N; in weft
// coordinates C(j, i) = sum_k A(k, i) * B(j, k).
//
//   sgemm                       Google Benchmark (5 repetitions unless
//                               --benchmark_repetitions says otherwise), then a summary:
//                               median GFLOP/s of each kernel and its fraction of the
//                               probe's median.
//   sgemm --dump=PREFIX         also writes PREFIX.stmt, PREFIX.ll and PREFIX.s for the
//                               register-blocked schedule (the inner loop should be
//                               vfmadd231ps on zmm registers with broadcast loads of A).
//   SGEMM_TILE=WxH              register tile (default: 64x6 with AVX-512, 16x6 with
//                               AVX2; W a multiple of the vector width).
//
// Kernels: fma_probe (the peak), weft register_blocked on 1 thread and
// register_blocked_parallel on 2 threads, weft tiled_vectorized (1 thread) and the
// naive C++ triple loop, for context. Single-thread rates are per CPU second of the
// calling thread (what one core delivers, robust to a loaded machine); the 2-thread
// rates are per wall-clock second (_wall) and per CPU second of both threads
// (_per_core). Goal: register_blocked_1thread >= 85% of fma_probe.

#include "sgemm_pipeline.h"
#include "sgemm_reference.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

constexpr int kM = 1024, kN = 1024, kK = 1024;
constexpr double kFlops = 2.0 * kM * kN * kK;

struct Problem {
    Buffer<float> a{kK, kM}; // A(k, i)
    Buffer<float> b{kN, kK}; // B(j, k)
    Problem() {
        a.set_name("A");
        b.set_name("B");
        std::mt19937 rng(1234);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (int i = 0; i < kM; i++) {
            for (int k = 0; k < kK; k++) {
                a(k, i) = d(rng);
            }
        }
        for (int k = 0; k < kK; k++) {
            for (int j = 0; j < kN; j++) {
                b(j, k) = d(rng);
            }
        }
    }
};

Problem &problem() {
    static Problem p;
    return p;
}

/// The host's register tile (sgemm_tiling_for), or SGEMM_TILE's.
sgemm::SgemmTiling tiling_from_environment() {
    sgemm::SgemmTiling t = sgemm::sgemm_tiling_for(get_host_target());
    if (const char *s = std::getenv("SGEMM_TILE")) {
        int w = 0, h = 0;
        if (std::sscanf(s, "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w % t.vector_width == 0) {
            t.tile_w = w;
            t.tile_h = h;
        }
    }
    return t;
}

/// A compiled weft sgemm with its inputs bound.
struct WeftSgemm {
    ImageParam A{Float(32), 2, "A"}, B{Float(32), 2, "B"};
    sgemm::SgemmFuncs funcs;

    explicit WeftSgemm(sgemm::SgemmSchedule s) {
        funcs = sgemm::make_sgemm(A, B);
        sgemm::schedule_sgemm(funcs, s, tiling_from_environment());
        A.set(problem().a);
        B.set(problem().b);
        funcs.C.compile_jit();
    }
    void run(Buffer<float> &c) { funcs.C.realize(c); }
};

/// Largest |weft - reference| over a sample of entries, relative to the sum of
/// |products| of that entry (the scale of its rounding error).
double sampled_error(const Buffer<float> &c) {
    const Problem &p = problem();
    std::mt19937 rng(99);
    double worst = 0;
    for (int s = 0; s < 512; s++) {
        const int i = int(rng() % kM), j = int(rng() % kN);
        double exact = 0, scale = 0;
        for (int k = 0; k < kK; k++) {
            const double t = double(p.a(k, i)) * double(p.b(j, k));
            exact += t;
            scale += std::abs(t);
        }
        worst = std::max(worst, std::abs(double(c(j, i)) - exact) / scale);
    }
    return worst;
}

/// FLOPS (printed as e.g. "107.5G/s"): per CPU second of the benchmark thread, or per
/// wall-clock second for benchmarks that UseRealTime().
void set_gflops(benchmark::State &state, double flops_per_iteration) {
    state.counters["FLOPS"] =
        benchmark::Counter(flops_per_iteration * double(state.iterations()),
                           benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

void BM_FmaProbe(benchmark::State &state) {
    const int64_t iterations = 1 << 20;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sgemm_reference::fma_probe(iterations));
    }
    set_gflops(state, double(iterations * sgemm_reference::fma_probe_flops_per_iteration()));
    state.SetLabel(sgemm_reference::fma_probe_isa());
}

void BM_NaiveCpp(benchmark::State &state) {
    const Problem &p = problem();
    std::vector<float> c(size_t(kM) * kN);
    for (auto _ : state) {
        sgemm_reference::naive_sgemm(p.a.data(), p.b.data(), c.data(), kM, kN, kK);
        benchmark::ClobberMemory();
    }
    set_gflops(state, kFlops);
}

void BM_Weft(benchmark::State &state, sgemm::SgemmSchedule schedule, int threads) {
    set_num_threads(threads);
    static std::map<sgemm::SgemmSchedule, std::unique_ptr<WeftSgemm>> compiled;
    std::unique_ptr<WeftSgemm> &w = compiled[schedule];
    Buffer<float> c(kN, kM);
    try {
        if (!w) {
            w = std::make_unique<WeftSgemm>(schedule);
        }
        w->run(c);
    } catch (const std::exception &e) {
        state.SkipWithError(e.what());
        set_num_threads(0);
        return;
    }
    const double err = sampled_error(c);
    if (err > 1e-5) {
        state.SkipWithError(("wrong result: relative error " + std::to_string(err)).c_str());
        set_num_threads(0);
        return;
    }
    for (auto _ : state) {
        w->run(c);
    }
    set_gflops(state, kFlops);
    set_num_threads(0);
}

/// The console output plus the medians of GFLOP/s, for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> median_gflops;

    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            if (r.run_type != Run::RT_Aggregate || r.aggregate_name != "median") {
                continue;
            }
            auto it = r.counters.find("FLOPS");
            if (it != r.counters.end()) {
                median_gflops[r.run_name.function_name] = it->second.value * 1e-9;
            }
        }
    }
};

void dump(const std::string &prefix) {
    ImageParam A(Float(32), 2, "A"), B(Float(32), 2, "B");
    sgemm::SgemmFuncs f = sgemm::make_sgemm(A, B);
    sgemm::schedule_sgemm(f, sgemm::SgemmSchedule::RegisterBlocked, tiling_from_environment());
    f.C.compile_to_lowered_stmt(prefix + ".stmt");
    f.C.compile_to_llvm_assembly(prefix + ".ll");
    f.C.compile_to_assembly(prefix + ".s");
    std::printf("wrote %s.stmt, %s.ll, %s.s\n", prefix.c_str(), prefix.c_str(), prefix.c_str());
}

} // namespace

int main(int argc, char **argv) {
    std::vector<char *> args(argv, argv + argc);
    bool has_repetitions = false;
    std::string dump_prefix;
    for (size_t i = 1; i < args.size();) {
        if (std::strncmp(args[i], "--dump=", 7) == 0) {
            dump_prefix = args[i] + 7;
            args.erase(args.begin() + long(i));
            continue;
        }
        has_repetitions = has_repetitions || std::strstr(args[i], "--benchmark_repetitions");
        i++;
    }
    static char repetitions[] = "--benchmark_repetitions=5";
    if (!has_repetitions) {
        args.push_back(repetitions);
    }
    if (!dump_prefix.empty()) {
        dump(dump_prefix);
    }
    int n = int(args.size());
    benchmark::Initialize(&n, args.data());

    using S = sgemm::SgemmSchedule;
    benchmark::RegisterBenchmark("fma_probe", BM_FmaProbe)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("weft_register_blocked_1thread", BM_Weft, S::RegisterBlocked, 1)
        ->Unit(benchmark::kMillisecond);
    // Per wall-clock second (the speed-up; meaningful on an otherwise idle machine) and
    // per CPU second of the whole process (both threads: the efficiency per core).
    benchmark::RegisterBenchmark("weft_register_blocked_parallel_2threads_wall", BM_Weft,
                                 S::RegisterBlockedParallel, 2)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("weft_register_blocked_parallel_2threads_per_core", BM_Weft,
                                 S::RegisterBlockedParallel, 2)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime();
    benchmark::RegisterBenchmark("weft_tiled_vectorized_1thread", BM_Weft, S::TiledVectorized, 1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("naive_cpp_1thread", BM_NaiveCpp)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);

    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    auto found = reporter.median_gflops.find("fma_probe");
    if (found == reporter.median_gflops.end() || found->second <= 0) {
        return 0;
    }
    const double peak = found->second;
    const sgemm::SgemmTiling t = tiling_from_environment();
    std::printf("\nsgemm %dx%dx%d fp32, register tile %dx%d, medians (%% of the one-core "
                "FMA probe):\n",
                kM, kN, kK, t.tile_w, t.tile_h);
    for (const auto &[name, gflops] : reporter.median_gflops) {
        std::printf("  %-52s %8.1f GFLOP/s  %6.1f%%\n", name.c_str(), gflops,
                    100.0 * gflops / peak);
    }
    return 0;
}
