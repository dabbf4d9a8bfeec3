// JIT compile time of the two-stage 3x3 blur (uint16 ImageParam, repeat_edge, blur_x
// computed at root, blur_y the output).
//
//   jit_compile                 Google Benchmark: "warm" compiles (a fresh, structurally
//                               new Pipeline each iteration, the process-wide cache off),
//                               plus the first compile of the process as a counter.
//   jit_compile --first-only    prints the first compile's milliseconds and exits; run it
//                               in fresh processes (bench/first_compile.sh) for a median.
//
// Goals on the development machine: first <= 60 ms, warm <= 30 ms.

#include "weft/weft.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

using namespace weft;

namespace {

Buffer<uint16_t> &input() {
    static Buffer<uint16_t> in(256, 256);
    return in;
}

/// A new blur pipeline (new Funcs, new ImageParam) each call.
Pipeline make_blur() {
    ImageParam in(UInt(16), 2, "in");
    in.set(input());
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func blur_x(std::string("blur_x")), blur_y(std::string("blur_y"));
    Var x("x"), y("y");
    blur_x(x, y) = (clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y)) / 3;
    blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 3;
    blur_x.compute_root();
    return Pipeline(blur_y);
}

double first_compile_ms = 0, first_compile_cpu_ms = 0;

/// CPU time of this thread: on a loaded machine a steadier figure than wall time.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

void compile_once() {
    Pipeline p = make_blur();
    const double c0 = thread_cpu_ms();
    auto t0 = std::chrono::steady_clock::now();
    p.compile_jit();
    auto t1 = std::chrono::steady_clock::now();
    first_compile_cpu_ms = thread_cpu_ms() - c0;
    first_compile_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
}

void BM_WarmCompile(benchmark::State &state) {
    for (auto _ : state) {
        Pipeline p = make_blur();
        p.compile_jit();
        benchmark::DoNotOptimize(p);
    }
    state.counters["first_compile_ms"] = first_compile_ms;
    state.counters["first_compile_cpu_ms"] = first_compile_cpu_ms;
}
BENCHMARK(BM_WarmCompile)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_CachedRealize(benchmark::State &state) {
    // Realizing a compiled pipeline again: the cost of the cache check and the call.
    Pipeline p = make_blur();
    Buffer<uint16_t> out(256, 256);
    p.realize(out);
    for (auto _ : state) {
        p.realize(out);
    }
}
BENCHMARK(BM_CachedRealize)->Unit(benchmark::kMicrosecond);

void BM_RealizeOverhead(benchmark::State &state) {
    // A one-element pipeline: what realize() costs around the generated code (cache
    // check, argument block, call) on a Pipeline object that is already compiled.
    Func f(std::string("tiny"));
    Var x("x");
    f(x) = x * 2;
    Pipeline p(f);
    Buffer<int32_t> out(1);
    p.realize(out);
    for (auto _ : state) {
        p.realize(out);
    }
}
BENCHMARK(BM_RealizeOverhead)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char **argv) {
    // Every compile must really compile: no process-wide cache.
    setenv("WEFT_NO_COMPILE_CACHE", "1", 1);
    compile_once();
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--first-only") == 0) {
            // wall ms, then CPU ms of the compiling thread
            std::printf("%.3f %.3f\n", first_compile_ms, first_compile_cpu_ms);
            return 0;
        }
    }
    std::printf("first compile in this process: %.2f ms (%.2f ms CPU)\n", first_compile_ms,
                first_compile_cpu_ms);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
