// apps/unsharp at full size (2560x1536 fp32 RGB; WEFT_BENCH_QUICK=1: 640x384): weft's
// schedules against the naive C++ reference (unsharp_reference.cpp, -O3 -march=native)
// at 1 and 2 threads. Names unsharp/<W>x<H>/<threads>/<impl>, impl weft (the best
// schedule, Sliding), weft_<schedule> for the others, naive; counter bytes = input +
// output bytes. Every output is checked against the reference before it is timed.
//
//   build-imga/bench/unsharp --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "unsharp/unsharp_reference.h"
#include "unsharp/unsharp_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <vector>

using namespace weft;

namespace {

constexpr float amount = 1.5f, sigma = 1.5f;

struct Problem {
    int w, h;
    Buffer<float> in;
    std::vector<float> want; // the reference's output
    double bytes() const { return 2.0 * 3 * 4 * double(w) * h; }
};

Problem &problem(int w, int h) {
    return app_bench::per_size<Problem>(w, h, [&] {
        Problem p{w, h, app_bench::wavy_rgb(w, h), {}};
        p.want.resize(size_t(w) * h * 3);
        unsharp_reference::unsharp(p.in.data(), w, h, 3, amount, sigma, p.want.data());
        return p;
    });
}

void run_weft(benchmark::State &state, int threads, unsharp::Schedule s, int w, int h) {
    Problem &p = problem(w, h);
    unsharp::Unsharp &u = app_bench::compiled<unsharp::Unsharp>(s, sigma);
    Buffer<float> out(w, h, 3);
    app_bench::time_weft(
        state, threads, p.bytes(), [&] { u(p.in, out, amount); },
        [&] { return app_bench::mismatch(out.data(), p.want, app_bench::within(1e-5f)); });
}

void run_naive(benchmark::State &state, int threads, int w, int h) {
    Problem &p = problem(w, h);
    std::vector<float> out(p.want.size());
    app_bench::time_baseline(state, p.bytes(), [&] {
        unsharp_reference::unsharp(p.in.data(), w, h, 3, amount, sigma, out.data(), threads);
    });
}

} // namespace

int main(int argc, char **argv) {
    const bool quick = app_bench::quick();
    const int w = quick ? 640 : 2560, h = quick ? 384 : 1536;
    app_bench::register_app(
        "unsharp", app_bench::size_name(w, h),
        {unsharp::Schedule::Sliding, unsharp::Schedule::Tiled, unsharp::Schedule::Root}, run_weft,
        run_naive, w, h);
    return app_bench::run_main(argc, argv);
}
