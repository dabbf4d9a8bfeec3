// apps/harris at full size (2560x1536 fp32 RGB; WEFT_BENCH_QUICK=1: 640x384): weft's
// schedules against the naive C++ reference (harris_reference.cpp, -O3 -march=native)
// at 1 and 2 threads. Names harris/<W>x<H>/<threads>/<impl>, impl weft (the best
// schedule, Sliding), weft_<schedule> for the others, naive; counter bytes = input +
// output bytes. Every output is checked against the reference before it is timed.
//
//   build-imga/bench/harris --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "harris/harris_reference.h"
#include "harris/harris_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <vector>

using namespace weft;

namespace {

constexpr float k = 0.04f;

struct Problem {
    int w, h;
    Buffer<float> in;
    std::vector<float> want;                                 // the reference's output
    double bytes() const { return 4.0 * 4 * double(w) * h; } // 3 channels in, 1 out
};

Problem &problem(int w, int h) {
    return app_bench::per_size<Problem>(w, h, [&] {
        Problem p{w, h, app_bench::wavy_rgb(w, h), {}};
        p.want.resize(size_t(w) * h);
        harris_reference::harris(p.in.data(), w, h, k, p.want.data());
        return p;
    });
}

void run_weft(benchmark::State &state, int threads, harris::Schedule s, int w, int h) {
    Problem &p = problem(w, h);
    harris::Harris &u = app_bench::compiled<harris::Harris>(s);
    Buffer<float> out(w, h);
    app_bench::time_weft(
        state, threads, p.bytes(), [&] { u(p.in, out, k); },
        [&] { return app_bench::mismatch(out.data(), p.want, app_bench::within(1e-6f, 1e-4f)); });
}

void run_naive(benchmark::State &state, int threads, int w, int h) {
    Problem &p = problem(w, h);
    std::vector<float> out(p.want.size());
    app_bench::time_baseline(state, p.bytes(), [&] {
        harris_reference::harris(p.in.data(), w, h, k, out.data(), threads);
    });
}

} // namespace

int main(int argc, char **argv) {
    const bool quick = app_bench::quick();
    const int w = quick ? 640 : 2560, h = quick ? 384 : 1536;
    app_bench::register_app(
        "harris", app_bench::size_name(w, h),
        {harris::Schedule::Sliding, harris::Schedule::Tiled, harris::Schedule::Root}, run_weft,
        run_naive, w, h);
    return app_bench::run_main(argc, argv);
}
