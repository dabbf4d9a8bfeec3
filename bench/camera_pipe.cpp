// apps/camera_pipe at full size (a 2592x1968 10-bit GRBG raw image to 8-bit planar
// RGB; WEFT_BENCH_QUICK=1: 648x492): weft's schedules against the naive C++ reference
// (camera_pipe_reference.cpp, -O3 -march=native) at 1 and 2 threads. Names
// camera_pipe/<W>x<H>/<threads>/<impl>, impl weft (the best schedule, Strips),
// weft_<schedule> for the others, naive; counter bytes = raw bytes read + RGB bytes
// written. Every output is checked (bit-exact) against the reference before it is timed.
//
//   build-imga/bench/camera_pipe --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "app_bench.h"

#include "camera_pipe/camera_pipe_reference.h"
#include "camera_pipe/camera_pipe_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace weft;

namespace {

camera_pipe_reference::Settings reference_settings(const camera_pipe::Settings &s) {
    camera_pipe_reference::Settings r{s.black_level, s.white_level,      s.gamma,
                                      s.contrast,    s.sharpen_strength, {}};
    std::memcpy(r.matrix, s.matrix, sizeof(r.matrix));
    return r;
}

struct Problem {
    int w, h;
    Buffer<uint16_t> in;
    std::vector<uint8_t> want; // the reference's output
    double bytes() const { return (2.0 + 3.0) * double(w) * h; }
};

Problem &problem(int w, int h) {
    return app_bench::per_size<Problem>(w, h, [&] {
        Problem p{w, h, Buffer<uint16_t>(w, h), {}};
        // A 10-bit GRBG mosaic of a colour scene (gradients, discs, stripes) with noise.
        uint32_t state = 17;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                const int noise = int(state >> 27) - 16;
                const bool disc = std::hypot(float(x % 600 - 300), float(y % 500 - 250)) < 180.0f;
                const int r = 100 + 700 * x / w + (disc ? 150 : 0);
                const int g = 150 + 500 * y / h + ((x / 7) % 2 ? 120 : 0);
                const int bl = 600 - 400 * x / w + (disc ? -200 : 100);
                const int v = ((y % 2 == 0) ? (x % 2 == 0 ? g : r) : (x % 2 == 0 ? bl : g)) + noise;
                p.in(x, y) = uint16_t(std::clamp(v, 0, 1023));
            }
        }
        p.want.resize(size_t(w) * h * 3);
        camera_pipe_reference::camera_pipe(
            p.in.data(), w, h, reference_settings(camera_pipe::Settings()), p.want.data());
        return p;
    });
}

void run_weft(benchmark::State &state, int threads, camera_pipe::Schedule s, int w, int h) {
    Problem &p = problem(w, h);
    camera_pipe::CameraPipe &u = app_bench::compiled<camera_pipe::CameraPipe>(s);
    Buffer<uint8_t> out(w, h, 3);
    app_bench::time_weft(
        state, threads, p.bytes(), [&] { u(p.in, out); },
        [&] {
            return app_bench::mismatch(out.data(), p.want,
                                       [](uint8_t a, uint8_t b) { return a == b; });
        });
}

void run_naive(benchmark::State &state, int threads, int w, int h) {
    Problem &p = problem(w, h);
    std::vector<uint8_t> out(p.want.size());
    app_bench::time_baseline(state, p.bytes(), [&] {
        camera_pipe_reference::camera_pipe(
            p.in.data(), w, h, reference_settings(camera_pipe::Settings()), out.data(), threads);
    });
}

} // namespace

int main(int argc, char **argv) {
    const bool quick = app_bench::quick();
    const int w = quick ? 648 : 2592, h = quick ? 492 : 1968;
    app_bench::register_app(
        "camera_pipe", app_bench::size_name(w, h),
        {camera_pipe::Schedule::Strips, camera_pipe::Schedule::Tiled, camera_pipe::Schedule::Root},
        run_weft, run_naive, w, h);
    return app_bench::run_main(argc, argv);
}
