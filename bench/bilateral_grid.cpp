// apps/bilateral_grid at full size (2560x1536 fp32 grey, s_sigma 8, r_sigma 0.1;
// WEFT_BENCH_QUICK=1: 640x384): weft's
// schedules against the naive C++ reference (bilateral_grid_reference.cpp, -O3 -march=native)
// at 1 and 2 threads. Names bilateral_grid/<W>x<H>/<threads>/<impl>, impl weft (the best
// schedule, Grid), weft_<schedule> for the others, naive; counter bytes = input +
// output bytes. Every output is checked against the reference before it is timed.
//
//   build-imga/bench/bilateral_grid --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "bilateral_grid/bilateral_grid_reference.h"
#include "bilateral_grid/bilateral_grid_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace weft;

namespace {

constexpr int s_sigma = 8;
constexpr float r_sigma = 0.1f;

struct Problem {
    int w, h;
    Buffer<float> in;
    std::vector<float> want; // the reference's output
    double bytes() const { return 2.0 * 4 * double(w) * h; }
};

Problem &problem(int w, int h) {
    return app_bench::per_size<Problem>(w, h, [&] {
        Problem p{w, h, Buffer<float>(w, h), {}};
        uint32_t state = 17;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const float noise = float(state >> 8) / float(1 << 24) - 0.5f;
                const float disc =
                    std::hypot(float(x - w / 2), float(y - h / 2)) < h / 3 ? 0.5f : 0.f;
                p.in(x, y) = 0.2f + disc + 0.2f * float(x) / float(w) + 0.1f * noise;
            }
        }
        p.want.resize(size_t(w) * h);
        bilateral_grid_reference::bilateral_grid(p.in.data(), w, h, s_sigma, r_sigma,
                                                 p.want.data());
        return p;
    });
}

void run_weft(benchmark::State &state, int threads, bilateral_grid::Schedule s, int w, int h) {
    Problem &p = problem(w, h);
    bilateral_grid::BilateralGrid &u =
        app_bench::compiled<bilateral_grid::BilateralGrid>(s, s_sigma, r_sigma);
    Buffer<float> out(w, h);
    app_bench::time_weft(
        state, threads, p.bytes(), [&] { u(p.in, out); },
        [&] { return app_bench::mismatch(out.data(), p.want, app_bench::within(1e-5f)); });
}

void run_naive(benchmark::State &state, int threads, int w, int h) {
    Problem &p = problem(w, h);
    std::vector<float> out(p.want.size());
    app_bench::time_baseline(state, p.bytes(), [&] {
        bilateral_grid_reference::bilateral_grid(p.in.data(), w, h, s_sigma, r_sigma, out.data(),
                                                 threads);
    });
}

} // namespace

int main(int argc, char **argv) {
    const bool quick = app_bench::quick();
    const int w = quick ? 640 : 2560, h = quick ? 384 : 1536;
    app_bench::register_app("bilateral_grid", app_bench::size_name(w, h),
                            {bilateral_grid::Schedule::Grid, bilateral_grid::Schedule::Root},
                            run_weft, run_naive, w, h);
    return app_bench::run_main(argc, argv);
}
