// Parallel-for runtime comparison: weft_do_par_for (the hand-written pool in
// src/runtime/ThreadPool.cpp) vs oneTBB's tbb::parallel_for vs a std::thread
// fork-join baseline that spawns threads per loop.
//
// All three run the same weft_task_t through the same C-style entry point, so the
// numbers are what generated code would see:
//   int par_for(void *user_context, weft_task_t task, int32_t min, int32_t extent,
//               uint8_t *closure);   // 0, or the first nonzero task result
//
// Benchmarks (each for 1 and 2 threads, wall-clock time):
//   BM_Overhead  empty tasks, extents 2, 16, 256, 4096        (per-loop overhead)
//   BM_Memory    scale 16M floats and sum per task, N tasks    (memory bound)
//   BM_Imbalance 64 tasks, task i does (i+1) units of work     (compute bound)
//   BM_Nested    outer 4 x inner 64 par_for, work per inner task 0 or 2000
//
// Before the benchmarks run, main() checks error propagation for each
// implementation (task 37 of 4096 fails with -7) and prints how many tasks ran.
//
// `par_for --callgrind IMPL THREADS EXTENT LOOPS` runs LOOPS empty loops with the
// callgrind instrumentation on only around them (run under
// `valgrind --tool=callgrind --instr-atstart=no`), for instruction counts per loop.

#include "weft/runtime/weft_runtime.h"

#include <benchmark/benchmark.h>

// bench/CMakeLists.txt builds every bench/*.cpp; without TBB (WEFT_BENCH_HAVE_TBB
// unset, see bench/par_for_CMake.txt) the tbb rows are skipped with an error message.
#ifdef WEFT_BENCH_HAVE_TBB
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#endif
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(x)
#endif

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// ---------------------------------------------------------------------------
// The three implementations.

enum Impl { Weft = 0, Tbb = 1, StdThread = 2 };
const char *impl_name(int impl) {
    static const char *names[] = {"weft", "tbb", "std_thread"};
    return names[impl];
}

// Thread count for the tbb and std_thread implementations (weft has its own).
int g_threads = 1;

// oneTBB: one blocked_range loop; a failing task records the first error and cancels
// the loop's task_group_context (bound to any enclosing loop's context, so an outer
// cancellation also stops nested loops).
#ifdef WEFT_BENCH_HAVE_TBB
constexpr bool have_tbb = true;
int tbb_par_for(void *uc, weft_task_t task, int32_t min, int32_t extent, uint8_t *closure) {
    if (extent <= 0) {
        return 0;
    }
    std::atomic<int> error{0};
    tbb::task_group_context ctx;
    tbb::parallel_for(
        tbb::blocked_range<int32_t>(min, min + extent),
        [&](const tbb::blocked_range<int32_t> &r) {
            for (int32_t i = r.begin(); i != r.end(); ++i) {
                if (int e = task(uc, i, closure)) {
                    int expected = 0;
                    error.compare_exchange_strong(expected, e);
                    ctx.cancel_group_execution();
                    return;
                }
                if (error.load(std::memory_order_relaxed)) {
                    return;
                }
            }
        },
        tbb::auto_partitioner(), ctx);
    return error.load();
}
#else
constexpr bool have_tbb = false;
int tbb_par_for(void *, weft_task_t, int32_t, int32_t, uint8_t *) {
    return -1;
}
#endif

// Fork-join baseline: spawn threads-1 std::threads per loop, all (caller included)
// claim chunks of ~extent/(8*threads) from an atomic counter (as weft does).
int thread_par_for(void *uc, weft_task_t task, int32_t min, int32_t extent,
                   uint8_t *closure) {
    if (extent <= 0) {
        return 0;
    }
    const int threads = std::min<int64_t>(g_threads, extent);
    const int64_t chunk = std::max<int64_t>(1, extent / (8 * int64_t(g_threads)));
    std::atomic<int64_t> next{0};
    std::atomic<int> error{0};
    auto body = [&] {
        while (true) {
            int64_t start = next.fetch_add(chunk, std::memory_order_relaxed);
            if (start >= extent) {
                return;
            }
            int64_t end = std::min<int64_t>(start + chunk, extent);
            for (int64_t i = start; i < end; i++) {
                if (int e = task(uc, int32_t(min + i), closure)) {
                    int expected = 0;
                    error.compare_exchange_strong(expected, e);
                    next.store(extent, std::memory_order_relaxed);
                    return;
                }
            }
            if (error.load(std::memory_order_relaxed)) {
                return;
            }
        }
    };
    std::vector<std::thread> workers;
    workers.reserve(threads > 1 ? threads - 1 : 0);
    for (int t = 1; t < threads; t++) {
        workers.emplace_back(body);
    }
    body();
    for (auto &w : workers) {
        w.join();
    }
    return error.load();
}

using ParFor = int (*)(void *, weft_task_t, int32_t, int32_t, uint8_t *);
ParFor par_for_of(int impl) {
    switch (impl) {
    case Weft: return weft_do_par_for;
    case Tbb: return tbb_par_for;
    default: return thread_par_for;
    }
}

// Sets the thread count of all implementations for the lifetime of the object.
class ThreadScope {
public:
    explicit ThreadScope(int threads)
#ifdef WEFT_BENCH_HAVE_TBB
        : control_(tbb::global_control::max_allowed_parallelism, size_t(threads))
#endif
    {
        weft_set_num_threads(threads);
        g_threads = threads;
    }
    ~ThreadScope() { weft_set_num_threads(0); }

private:
#ifdef WEFT_BENCH_HAVE_TBB
    tbb::global_control control_;
#endif
};

// Skips a tbb benchmark when the bench was built without TBB.
template <int impl>
bool skip_unavailable(benchmark::State &state) {
    if (impl == Tbb && !have_tbb) {
        state.SkipWithError("built without TBB (see bench/par_for_CMake.txt)");
        return true;
    }
    return false;
}

// ---------------------------------------------------------------------------
// Tasks.

int empty_task(void *, int32_t, uint8_t *) {
    return 0;
}

// (a) per-loop overhead.
template <int impl>
void BM_Overhead(benchmark::State &state) {
    if (skip_unavailable<impl>(state)) return;
    ThreadScope scope(int(state.range(0)));
    const int32_t extent = int32_t(state.range(1));
    ParFor pf = par_for_of(impl);
    for (auto _ : state) {
        int r = pf(nullptr, empty_task, 0, extent, nullptr);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations()); // items/s = parallel loops/s
}

// (b) memory bound: out[j] = in[j] * 1.5f over 16M floats and a per-task sum.
constexpr int64_t kMemElems = int64_t(16) << 20;
struct MemClosure {
    const float *in;
    float *out;
    double *sums;
    int64_t per_task;
};
int mem_task(void *, int32_t i, uint8_t *c) {
    auto *m = reinterpret_cast<MemClosure *>(c);
    const int64_t b = i * m->per_task;
    const int64_t e = std::min<int64_t>(b + m->per_task, kMemElems);
    float s = 0;
    for (int64_t j = b; j < e; j++) {
        float v = m->in[j] * 1.5f;
        m->out[j] = v;
        s += v;
    }
    m->sums[i] = s;
    return 0;
}
float *mem_in() {
    static std::unique_ptr<float[]> p = [] {
        std::unique_ptr<float[]> a(new float[kMemElems]);
        for (int64_t j = 0; j < kMemElems; j++) a[j] = float(j & 1023);
        return a;
    }();
    return p.get();
}
float *mem_out() {
    static std::unique_ptr<float[]> p = [] {
        std::unique_ptr<float[]> a(new float[kMemElems]);
        std::memset(a.get(), 0, kMemElems * sizeof(float));
        return a;
    }();
    return p.get();
}
template <int impl>
void BM_Memory(benchmark::State &state) {
    if (skip_unavailable<impl>(state)) return;
    ThreadScope scope(int(state.range(0)));
    const int32_t tasks = int32_t(state.range(1));
    std::vector<double> sums(tasks);
    MemClosure m{mem_in(), mem_out(), sums.data(), (kMemElems + tasks - 1) / tasks};
    ParFor pf = par_for_of(impl);
    for (auto _ : state) {
        int r = pf(nullptr, mem_task, 0, tasks, reinterpret_cast<uint8_t *>(&m));
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * kMemElems * 2 * int64_t(sizeof(float)));
}

// A dependent chain of float ops the compiler cannot vectorise or drop.
float spin(int64_t steps, float x) {
    for (int64_t k = 0; k < steps; k++) {
        x = x * 0.9999f + 1.0f;
    }
    return x;
}

// (c) compute bound, imbalanced: 64 tasks, task i does (i+1) * 2000 steps.
struct ComputeClosure {
    float *results;
    int64_t unit;
};
int imbalance_task(void *, int32_t i, uint8_t *c) {
    auto *k = reinterpret_cast<ComputeClosure *>(c);
    k->results[i] = spin(int64_t(i + 1) * k->unit, float(i));
    return 0;
}
template <int impl>
void BM_Imbalance(benchmark::State &state) {
    if (skip_unavailable<impl>(state)) return;
    ThreadScope scope(int(state.range(0)));
    const int32_t tasks = 64;
    std::vector<float> results(tasks);
    ComputeClosure k{results.data(), 2000};
    ParFor pf = par_for_of(impl);
    for (auto _ : state) {
        int r = pf(nullptr, imbalance_task, 0, tasks, reinterpret_cast<uint8_t *>(&k));
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
}

// (d) nested: outer 4 tasks, each a par_for of 64 inner tasks of `work` steps.
struct NestedClosure {
    ParFor pf;
    float *results; // 4 * 64
    int64_t work;
};
int inner_task(void *, int32_t j, uint8_t *c) {
    auto *n = reinterpret_cast<NestedClosure *>(c);
    float *slot = n->results + j; // j already includes the outer offset
    *slot = n->work ? spin(n->work, float(j)) : float(j);
    return 0;
}
int outer_task(void *uc, int32_t i, uint8_t *c) {
    auto *n = reinterpret_cast<NestedClosure *>(c);
    return n->pf(uc, inner_task, i * 64, 64, c);
}
template <int impl>
void BM_Nested(benchmark::State &state) {
    if (skip_unavailable<impl>(state)) return;
    ThreadScope scope(int(state.range(0)));
    std::vector<float> results(4 * 64);
    NestedClosure n{par_for_of(impl), results.data(), state.range(1)};
    for (auto _ : state) {
        int r = n.pf(nullptr, outer_task, 0, 4, reinterpret_cast<uint8_t *>(&n));
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
}

using Fn = void (*)(benchmark::State &);
void register_three(const char *name, Fn weft, Fn tbb, Fn thr,
                    const std::vector<std::vector<int64_t>> &args,
                    const std::vector<std::string> &names) {
    const Fn fns[] = {weft, tbb, thr};
    for (int impl : {Weft, Tbb, StdThread}) {
        std::string full = std::string(name) + "/" + impl_name(impl);
        benchmark::RegisterBenchmark(full.c_str(), fns[impl])
            ->ArgsProduct(args)
            ->ArgNames(names)
            ->UseRealTime()
            ->MeasureProcessCPUTime();
    }
}
#define WEFT_PAR_BENCH(fn, ...)                                                          \
    register_three(#fn, fn<Weft>, fn<Tbb>, fn<StdThread>, __VA_ARGS__)

void register_all() {
    WEFT_PAR_BENCH(BM_Overhead, {{1, 2}, {2, 16, 256, 4096}}, {"threads", "extent"});
    WEFT_PAR_BENCH(BM_Memory, {{1, 2}, {2, 16, 256}}, {"threads", "tasks"});
    WEFT_PAR_BENCH(BM_Imbalance, {{1, 2}}, {"threads"});
    WEFT_PAR_BENCH(BM_Nested, {{1, 2}, {0, 2000}}, {"threads", "work"});
}

// ---------------------------------------------------------------------------
// Error propagation check.

std::atomic<int> g_ran{0};
int failing_task(void *, int32_t i, uint8_t *) {
    g_ran.fetch_add(1, std::memory_order_relaxed);
    return i == 37 ? -7 : 0;
}
struct NestedFail {
    ParFor pf;
};
int failing_outer(void *uc, int32_t i, uint8_t *c) {
    auto *n = reinterpret_cast<NestedFail *>(c);
    return n->pf(uc, failing_task, i * 64, 64, c); // task 37 lies in outer task 0
}

bool check_errors() {
    bool ok = true;
    for (int threads : {1, 2}) {
        ThreadScope scope(threads);
        for (int impl : {Weft, Tbb, StdThread}) {
            if (impl == Tbb && !have_tbb) continue;
            ParFor pf = par_for_of(impl);
            g_ran = 0;
            int r = pf(nullptr, failing_task, 0, 4096, nullptr);
            int ran = g_ran.load();
            NestedFail nf{pf};
            g_ran = 0;
            int rn = pf(nullptr, failing_outer, 0, 64, reinterpret_cast<uint8_t *>(&nf));
            int ran_nested = g_ran.load();
            std::fprintf(stderr,
                         "error check: %-10s threads=%d  flat: result %d, %4d of 4096 tasks ran"
                         "  nested 64x64: result %d, %4d of 4096 inner tasks ran\n",
                         impl_name(impl), threads, r, ran, rn, ran_nested);
            ok = ok && r == -7 && rn == -7;
        }
    }
    return ok;
}

int callgrind_mode(int argc, char **argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s --callgrind weft|tbb|std_thread THREADS EXTENT LOOPS\n",
                     argv[0]);
        return 2;
    }
    int impl = -1;
    for (int k : {Weft, Tbb, StdThread}) {
        if (std::strcmp(argv[2], impl_name(k)) == 0) impl = k;
    }
    if (impl < 0) return 2;
    const int threads = std::atoi(argv[3]);
    const int32_t extent = std::atoi(argv[4]);
    const int loops = std::atoi(argv[5]);
    ThreadScope scope(threads);
    ParFor pf = par_for_of(impl);
    int r = 0;
    for (int k = 0; k < 100; k++) r |= pf(nullptr, empty_task, 0, extent, nullptr); // warm up
    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
    for (int k = 0; k < loops; k++) r |= pf(nullptr, empty_task, 0, extent, nullptr);
    CALLGRIND_STOP_INSTRUMENTATION;
    CALLGRIND_DUMP_STATS_AT("measured");
    return r;
}

} // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strcmp(argv[1], "--callgrind") == 0) {
        return callgrind_mode(argc, argv);
    }
    if (!check_errors()) {
        std::fprintf(stderr, "error propagation check FAILED\n");
        return 1;
    }
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
