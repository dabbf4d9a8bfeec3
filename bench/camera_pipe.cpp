// apps/camera_pipe at full size (a 2592x1968 10-bit GRBG raw image to 8-bit planar
// RGB; WEFT_BENCH_QUICK=1: 648x492): weft's schedules against the naive C++ reference
// (camera_pipe_reference.cpp, -O3 -march=native) at 1 and 2 threads. Names
// camera_pipe/<W>x<H>/<threads>/<impl>, impl weft (the best schedule, Tiled),
// weft_<schedule> for the others, naive; counter bytes = raw bytes read + RGB bytes
// written. Every output is checked (bit-exact) against the reference before it is timed.
//
//   build-imga/bench/camera_pipe --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "camera_pipe/camera_pipe_reference.h"
#include "camera_pipe/camera_pipe_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
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
    std::string name() const { return std::to_string(w) + "x" + std::to_string(h); }
    double bytes() const { return (2.0 + 3.0) * double(w) * h; }
};

Problem &problem(int w, int h) {
    static std::map<std::pair<int, int>, std::unique_ptr<Problem>> all;
    auto &p = all[{w, h}];
    if (!p) {
        p = std::make_unique<Problem>(Problem{w, h, Buffer<uint16_t>(w, h), {}});
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
                p->in(x, y) = uint16_t(std::clamp(v, 0, 1023));
            }
        }
        p->want.resize(size_t(w) * h * 3);
        camera_pipe_reference::camera_pipe(
            p->in.data(), w, h, reference_settings(camera_pipe::Settings()), p->want.data());
    }
    return *p;
}

bool matches(const Problem &p, const uint8_t *out, std::string &why) {
    for (size_t i = 0; i < p.want.size(); i++) {
        if (out[i] != p.want[i]) {
            why = "element " + std::to_string(i) + " is " + std::to_string(int(out[i])) +
                  ", the reference's " + std::to_string(int(p.want[i]));
            return false;
        }
    }
    return true;
}

void run_weft(benchmark::State &state, int w, int h, int threads, camera_pipe::Schedule s) {
    Problem &p = problem(w, h);
    static std::map<camera_pipe::Schedule, camera_pipe::CameraPipe> compiled;
    camera_pipe::CameraPipe &u = compiled.try_emplace(s, s).first->second;
    Buffer<uint8_t> out(w, h, 3);
    set_num_threads(threads);
    std::string why;
    u(p.in, out); // compiles
    if (!matches(p, out.data(), why)) {
        state.SkipWithError(("wrong result: " + why).c_str());
        return;
    }
    for (auto _ : state) {
        u(p.in, out);
        benchmark::ClobberMemory();
    }
    set_num_threads(0);
    state.counters["bytes"] = p.bytes();
}

void run_naive(benchmark::State &state, int w, int h, int threads) {
    Problem &p = problem(w, h);
    std::vector<uint8_t> out(p.want.size());
    for (auto _ : state) {
        camera_pipe_reference::camera_pipe(
            p.in.data(), w, h, reference_settings(camera_pipe::Settings()), out.data(), threads);
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = p.bytes();
}

} // namespace

int main(int argc, char **argv) {
    const char *quick = std::getenv("WEFT_BENCH_QUICK");
    const bool is_quick = quick && std::string(quick) == "1";
    const int w = is_quick ? 648 : 2592, h = is_quick ? 492 : 1968;
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    for (int threads : {1, 2}) {
        const std::string prefix = "camera_pipe/" + size + "/" + std::to_string(threads) + "/";
        for (camera_pipe::Schedule s :
             {camera_pipe::Schedule::Tiled, camera_pipe::Schedule::Root}) {
            const std::string impl =
                s == camera_pipe::Schedule::Tiled ? "weft" : std::string("weft_") + to_string(s);
            benchmark::RegisterBenchmark((prefix + impl).c_str(), run_weft, w, h, threads, s)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
        benchmark::RegisterBenchmark((prefix + "naive").c_str(), run_naive, w, h, threads)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
