// Halide 14 versions of the imaging apps (bench/halide/<app>_generator.cpp, compiled
// ahead of time) at the sizes of bench/<app>.cpp, at 1 and 2 threads
// (halide_set_num_threads), with the same inputs as weft's benches. Names follow
// bench/README.md: <app>/<W>x<H>/<threads>/halide for the best Halide schedule,
// halide_<schedule> for others. Every output is checked once against the app's C++
// reference (apps/<app>/<app>_reference.cpp, linked directly: this program does not link
// weft) with the tolerance of the app's weft bench before it is timed.
// WEFT_BENCH_QUICK=1: the quick sizes of the weft benches.
//
//   build-halide/halide_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true

#include "bilateral_grid.h"
#include "camera_pipe.h"
#include "harris.h"
#include "interpolate.h"
#include "interpolate_unrolled.h"
#include "local_laplacian.h"
#include "local_laplacian_sliding.h"
#include "unsharp.h"

#include "bilateral_grid/bilateral_grid_reference.h"
#include "camera_pipe/camera_pipe_reference.h"
#include "harris/harris_reference.h"
#include "interpolate/interpolate_reference.h"
#include "local_laplacian/local_laplacian_reference.h"
#include "unsharp/unsharp_reference.h"

#include <HalideBuffer.h>
#include <HalideRuntime.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

using Halide::Runtime::Buffer;

bool quick() {
    const char *q = std::getenv("WEFT_BENCH_QUICK");
    return q && std::string(q) == "1";
}

/// Runs `fn` (one pipeline call, returning Halide's error code) after `check` accepted
/// its first output; `bytes` as the weft bench counts them.
void time_it(benchmark::State &state, int threads, double bytes, const std::function<int()> &fn,
             const std::function<std::string()> &check) {
    halide_set_num_threads(threads);
    if (int err = fn(); err != 0) {
        state.SkipWithError(("halide pipeline failed with error " + std::to_string(err)).c_str());
        return;
    }
    if (std::string why = check(); !why.empty()) {
        state.SkipWithError(("wrong result: " + why).c_str());
        return;
    }
    for (auto _ : state) {
        fn();
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = bytes;
}

template <typename T>
std::string element(size_t i, T got, T want) {
    return "element " + std::to_string(i) + " is " + std::to_string(got) + ", the reference's " +
           std::to_string(want);
}

void register_one(const std::string &name,
                  const std::function<void(benchmark::State &)> &fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn)->Unit(benchmark::kMillisecond)->UseRealTime();
}

std::string prefix(const char *app, int w, int h, int threads) {
    return std::string(app) + "/" + std::to_string(w) + "x" + std::to_string(h) + "/" +
           std::to_string(threads) + "/";
}

// ---- unsharp and harris: fp32 RGB, the same input as bench/unsharp.cpp, bench/harris.cpp.

Buffer<float> rgb_float(int w, int h) {
    Buffer<float> in(w, h, 3);
    uint32_t state = 17;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                state = state * 1664525u + 1013904223u;
                in(x, y, c) = 0.2f * float(state >> 8) / float(1 << 24) +
                              0.4f * (1.0f + std::sin(0.01f * x + c) * std::cos(0.013f * y));
            }
        }
    }
    return in;
}

void register_unsharp() {
    const int w = quick() ? 640 : 2560, h = quick() ? 384 : 1536;
    constexpr float amount = 1.5f, sigma = 1.5f;
    for (int threads : {1, 2}) {
        register_one(prefix("unsharp", w, h, threads) + "halide", [=](benchmark::State &state) {
            static Buffer<float> in = rgb_float(w, h);
            static std::vector<float> want = [&] {
                std::vector<float> r(size_t(w) * h * 3);
                unsharp_reference::unsharp(in.data(), w, h, 3, amount, sigma, r.data());
                return r;
            }();
            Buffer<float> out(w, h, 3);
            time_it(state, threads, 2.0 * 3 * 4 * double(w) * h,
                    [&] { return unsharp(in, amount, out); },
                    [&]() -> std::string {
                        for (size_t i = 0; i < want.size(); i++) {
                            if (!(std::abs(out.data()[i] - want[i]) <= 1e-5f)) {
                                return element(i, out.data()[i], want[i]);
                            }
                        }
                        return "";
                    });
        });
    }
}

void register_harris() {
    const int w = quick() ? 640 : 2560, h = quick() ? 384 : 1536;
    constexpr float k = 0.04f;
    for (int threads : {1, 2}) {
        register_one(prefix("harris", w, h, threads) + "halide", [=](benchmark::State &state) {
            static Buffer<float> in = rgb_float(w, h);
            static std::vector<float> want = [&] {
                std::vector<float> r(size_t(w) * h);
                harris_reference::harris(in.data(), w, h, k, r.data());
                return r;
            }();
            Buffer<float> out(w, h);
            time_it(state, threads, 4.0 * 4 * double(w) * h, [&] { return harris(in, k, out); },
                    [&]() -> std::string {
                        for (size_t i = 0; i < want.size(); i++) {
                            const float got = out.data()[i];
                            if (!(std::abs(got - want[i]) <= 1e-6f + 1e-4f * std::abs(want[i]))) {
                                return element(i, got, want[i]);
                            }
                        }
                        return "";
                    });
        });
    }
}

// ---- bilateral_grid: the input of bench/bilateral_grid.cpp.

void register_bilateral_grid() {
    const int w = quick() ? 640 : 2560, h = quick() ? 384 : 1536;
    for (int threads : {1, 2}) {
        register_one(prefix("bilateral_grid", w, h, threads) + "halide", [=](benchmark::State &state) {
            static Buffer<float> in = [&] {
                Buffer<float> b(w, h);
                uint32_t s = 17;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        s = s * 1664525u + 1013904223u;
                        const float noise = float(s >> 8) / float(1 << 24) - 0.5f;
                        const float disc =
                            std::hypot(float(x - w / 2), float(y - h / 2)) < h / 3 ? 0.5f : 0.f;
                        b(x, y) = 0.2f + disc + 0.2f * float(x) / float(w) + 0.1f * noise;
                    }
                }
                return b;
            }();
            static std::vector<float> want = [&] {
                std::vector<float> r(size_t(w) * h);
                bilateral_grid_reference::bilateral_grid(in.data(), w, h, 8, 0.1f, r.data());
                return r;
            }();
            Buffer<float> out(w, h);
            time_it(state, threads, 2.0 * 4 * double(w) * h,
                    [&] { return bilateral_grid(in, out); },
                    [&]() -> std::string {
                        for (size_t i = 0; i < want.size(); i++) {
                            if (!(std::abs(out.data()[i] - want[i]) <= 1e-5f)) {
                                return element(i, out.data()[i], want[i]);
                            }
                        }
                        return "";
                    });
        });
    }
}

// ---- camera_pipe: the raw mosaic and settings of bench/camera_pipe.cpp.

void register_camera_pipe() {
    const int w = quick() ? 648 : 2592, h = quick() ? 492 : 1968;
    const camera_pipe_reference::Settings set{25,   1023, 2.0f, 50.0f, 1.0f,
                                              {{1.6f, -0.45f, -0.15f, -20.0f},
                                               {-0.25f, 1.45f, -0.2f, -10.0f},
                                               {-0.1f, -0.5f, 1.6f, -15.0f}}};
    for (int threads : {1, 2}) {
        register_one(prefix("camera_pipe", w, h, threads) + "halide", [=](benchmark::State &state) {
            static Buffer<uint16_t> in = [&] {
                Buffer<uint16_t> b(w, h);
                uint32_t s = 17;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        s = s * 1664525u + 1013904223u;
                        const int noise = int(s >> 27) - 16;
                        const bool disc =
                            std::hypot(float(x % 600 - 300), float(y % 500 - 250)) < 180.0f;
                        const int r = 100 + 700 * x / w + (disc ? 150 : 0);
                        const int g = 150 + 500 * y / h + ((x / 7) % 2 ? 120 : 0);
                        const int bl = 600 - 400 * x / w + (disc ? -200 : 100);
                        const int v =
                            ((y % 2 == 0) ? (x % 2 == 0 ? g : r) : (x % 2 == 0 ? bl : g)) + noise;
                        b(x, y) = uint16_t(std::clamp(v, 0, 1023));
                    }
                }
                return b;
            }();
            static std::vector<uint8_t> want = [&] {
                std::vector<uint8_t> r(size_t(w) * h * 3);
                camera_pipe_reference::camera_pipe(in.data(), w, h, set, r.data());
                return r;
            }();
            Buffer<float> matrix(4, 3);
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 4; col++) {
                    matrix(col, row) = set.matrix[row][col];
                }
            }
            Buffer<uint8_t> out(w, h, 3);
            time_it(state, threads, (2.0 + 3.0) * double(w) * h,
                    [&] {
                        return camera_pipe(in, matrix, set.black_level, set.white_level, set.gamma,
                                           set.contrast, set.sharpen_strength, out);
                    },
                    [&]() -> std::string {
                        for (size_t i = 0; i < want.size(); i++) {
                            if (out.data()[i] != want[i]) {
                                return element(i, int(out.data()[i]), int(want[i]));
                            }
                        }
                        return "";
                    });
        });
    }
}

// ---- local_laplacian: the input and parameters of bench/local_laplacian.cpp.

void register_local_laplacian() {
    const int w = quick() ? 640 : 2560, h = quick() ? 384 : 1536;
    constexpr int levels = 8;
    constexpr float alpha = 1.0f, beta = 0.5f;
    using Fn = int (*)(halide_buffer_t *, int, float, float, halide_buffer_t *);
    const std::pair<const char *, Fn> impls[] = {{"halide", local_laplacian},
                                                 {"halide_sliding", local_laplacian_sliding}};
    for (int threads : {1, 2}) {
        for (const auto &[impl, fn] : impls) {
            register_one(prefix("local_laplacian", w, h, threads) + impl, [=](benchmark::State &state) {
                static Buffer<uint16_t> in = [&] {
                    Buffer<uint16_t> b(w, h, 3);
                    uint32_t s = 99;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                s = s * 1664525u + 1013904223u;
                                const double v = 0.5 + 0.3 * std::sin(0.01 * x * (c + 1) + 0.02 * y) +
                                                 (x > w / 2 ? 0.1 : -0.1) +
                                                 0.05 * double(s >> 24) / 255.0;
                                b(x, y, c) = uint16_t(std::min(1.0, std::max(0.0, v)) * 65535.0);
                            }
                        }
                    }
                    return b;
                }();
                static std::vector<uint16_t> want = [&] {
                    std::vector<uint16_t> r(size_t(w) * h * 3);
                    local_laplacian_reference::local_laplacian(in.data(), r.data(), w, h,
                                                               {levels, alpha, beta, 8}, 2);
                    return r;
                }();
                Buffer<uint16_t> out(w, h, 3);
                time_it(state, threads, 2.0 * 3.0 * 2.0 * w * h,
                        [&] { return fn(in, levels, alpha, beta, out); },
                        [&]() -> std::string {
                            size_t off = 0;
                            for (size_t i = 0; i < want.size(); i++) {
                                const int d = std::abs(int(out.data()[i]) - int(want[i]));
                                off += d > 2;
                                if (d > 256 || off > want.size() / 1000) {
                                    return element(i, int(out.data()[i]), int(want[i])) +
                                           " (more than 0.1% of the elements off by > 2, or one "
                                           "by > 256)";
                                }
                            }
                            return "";
                        });
            });
        }
    }
}

// ---- interpolate: the input of bench/interpolate.cpp.

void register_interpolate() {
    const int w = quick() ? 384 : 1536, h = quick() ? 640 : 2560;
    using Fn = int (*)(halide_buffer_t *, halide_buffer_t *);
    const std::pair<const char *, Fn> impls[] = {{"halide", interpolate},
                                                 {"halide_unrolled", interpolate_unrolled}};
    for (int threads : {1, 2}) {
        for (const auto &[impl, fn] : impls) {
            register_one(prefix("interpolate", w, h, threads) + impl, [=](benchmark::State &state) {
                static Buffer<float> in = [&] {
                    Buffer<float> b(w, h, 4);
                    uint32_t s = 7;
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            for (int c = 0; c < 3; c++) {
                                s = s * 1664525u + 1013904223u;
                                b(x, y, c) = float(s >> 8) / float(1 << 24);
                            }
                            const float m = std::sin(0.05f * x) * std::sin(0.037f * y);
                            b(x, y, 3) = std::clamp((m - 0.1f) * 3.0f, 0.0f, 1.0f);
                        }
                    }
                    return b;
                }();
                static std::vector<float> want = [&] {
                    std::vector<float> r(size_t(w) * h * 4);
                    interpolate_reference::interpolate(in.data(), r.data(), w, h, 10, 2);
                    return r;
                }();
                Buffer<float> out(w, h, 4);
                time_it(state, threads, 2.0 * 4.0 * 4.0 * w * h, [&] { return fn(in, out); },
                        [&]() -> std::string {
                            for (size_t i = 0; i < want.size(); i++) {
                                const float got = out.data()[i];
                                if (!(std::abs(got - want[i]) <=
                                      1e-4f * std::max(1.0f, std::abs(want[i])))) {
                                    return element(i, got, want[i]);
                                }
                            }
                            return "";
                        });
            });
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    register_unsharp();
    register_harris();
    register_bilateral_grid();
    register_camera_pipe();
    register_local_laplacian();
    register_interpolate();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
