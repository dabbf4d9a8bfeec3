// The GPU benchmark (issue 5, item 8): each app's GPU schedule (apps/<app>/<app>_gpu_schedules.h)
// at the issue-4 full sizes on a CUDA device, next to the device's peaks and, for matmul,
// cuBLAS SGEMM (fp32, CUBLAS_DEFAULT_MATH: no TF32) on the same device in the same run.
//
// Rows follow bench/README.md's `<app>/<size>/<threads>/<impl>` with "gpu" as the
// thread count:
//   blur/6400x4800/gpu/weft                 counter bytes (input read + output written)
//   blur/6400x4800/gpu/weft_tile128x16      128 x 16 tiles of 128 x 4 threads
//   blur/6400x4800/gpu/weft_host_output     weft into a host Buffer: with the copy back
//   matmul/<M>x<N>x<K>/gpu/weft             RegisterBlocked (128 x 128 blocks, 8 x 8 per
//                                           thread), counter flop
//   matmul/<M>x<N>x<K>/gpu/weft_micro4x4    RegisterBlocked, 64 x 64 blocks, 4 x 4 per thread
//   matmul/<M>x<N>x<K>/gpu/weft_micro4x16   RegisterBlocked, 128 x 128 blocks, 4 x 16
//   matmul/<M>x<N>x<K>/gpu/weft_shared_tiles
//   matmul/<M>x<N>x<K>/gpu/cublas           cublasSgemm_v2 (when libcublas is found)
//   conv_layer/56x56x64x64_b4/gpu/weft      counter flop
//   softmax/1024x4096/gpu/weft              counter bytes
//   unsharp/2560x1536/gpu/weft              counter bytes
//
// Timing: the inputs are copied to the device once, before the timed loop (and the
// pipeline JIT-compiled and its output checked against the app's reference); each
// iteration is one realize() into a device-only output Buffer (no host memory, so the
// output stays on the device: realize() copies an output with host memory back at its
// end) followed by a device synchronisation. weft_host_output shows what that copy
// costs for blur. cuBLAS runs on the same device buffers.
//
// After the runs a table prints the medians with GFLOP/s or GB/s, the device's peak
// (fp32: SMs x FP32 lanes x 2 x clock; memory: 2 x memory clock x bus width, from
// cuDeviceGetAttribute) and weft's speed relative to cuBLAS. Without a CUDA driver or
// device the program says so and every benchmark is skipped (SkipWithError); it exits 0.
//
//   ninja -C build bench_gpu && build/bench/gpu --benchmark_repetitions=5 \
//       --benchmark_report_aggregates_only=true
// WEFT_BENCH_QUICK=1 runs small sizes only.

#include "blur/blur_gpu_schedules.h"
#include "blur/blur_reference.h"
#include "conv_layer/conv_layer_gpu_schedules.h"
#include "conv_layer/conv_layer_reference.h"
#include "matmul/matmul_gpu_schedules.h"
#include "softmax/softmax_gpu_schedules.h"
#include "softmax/softmax_reference.h"
#include "unsharp/unsharp_gpu_schedules.h"
#include "unsharp/unsharp_reference.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>

#include <dlfcn.h>

#include <exception>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

bool quick() {
    const char *q = std::getenv("WEFT_BENCH_QUICK");
    return q && std::string(q) == "1";
}

// ------------------------------------------------------------------ the device's peaks

/// What the CUDA driver says about device 0 (looked up with dlopen, as weft's runtime
/// does, so this program needs no CUDA to build).
struct DeviceInfo {
    bool present = false;
    std::string name;
    int capability = 0;     // 90 for sm_90
    double memory_gbps = 0; // 2 x memory clock x bus width
    double fp32_gflops = 0; // SMs x FP32 lanes per SM x 2 x SM clock
};

/// FP32 lanes per SM of a compute capability (CUDA programming guide, arithmetic
/// instructions table): 64 on sm_70/sm_80, 128 on sm_86/89/90.
int fp32_lanes_per_sm(int capability) {
    return capability == 70 || capability == 75 || capability == 80 ? 64 : 128;
}

/// The driver weft's runtime opens: $WEFT_CUDA_DRIVER or libcuda.so.1.
const char *driver_library() {
    const char *d = std::getenv("WEFT_CUDA_DRIVER");
    return d && *d ? d : "libcuda.so.1";
}

DeviceInfo query_device() {
    DeviceInfo d;
    if (!cuda_available()) {
        return d;
    }
    void *lib = dlopen(driver_library(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        return d;
    }
    using Init = int (*)(unsigned);
    using Get = int (*)(int *, int);
    using Attr = int (*)(int *, int, int);
    using Name = int (*)(char *, int, int);
    auto init = reinterpret_cast<Init>(dlsym(lib, "cuInit"));
    auto get = reinterpret_cast<Get>(dlsym(lib, "cuDeviceGet"));
    auto attr = reinterpret_cast<Attr>(dlsym(lib, "cuDeviceGetAttribute"));
    auto name = reinterpret_cast<Name>(dlsym(lib, "cuDeviceGetName"));
    int dev = 0;
    if (!init || !get || !attr || init(0) != 0 || get(&dev, 0) != 0) {
        return d;
    }
    // CUdevice_attribute values (cuda.h).
    constexpr int clock_rate_khz = 13, multiprocessors = 16, memory_clock_khz = 36,
                  bus_width_bits = 37, major = 75, minor = 76;
    auto value = [&](int a) {
        int v = 0;
        return attr(&v, a, dev) == 0 ? v : 0;
    };
    char buf[256] = "unknown device";
    if (name) {
        name(buf, sizeof buf - 1, dev);
    }
    d.present = true;
    d.name = buf;
    d.capability = value(major) * 10 + value(minor);
    d.memory_gbps = 2.0 * value(memory_clock_khz) * 1e3 * (value(bus_width_bits) / 8.0) * 1e-9;
    d.fp32_gflops = double(value(multiprocessors)) * fp32_lanes_per_sm(d.capability) * 2.0 *
                    value(clock_rate_khz) * 1e3 * 1e-9;
    return d;
}

const DeviceInfo &device() {
    static const DeviceInfo d = query_device();
    return d;
}

/// Skips the benchmark (SkipWithError) without a device; true when it did.
bool skip_without_device(benchmark::State &state) {
    if (device().present) {
        return false;
    }
    state.SkipWithError("no CUDA device found (weft::cuda_available() is false)");
    return true;
}

// ----------------------------------------------------------------------------- cuBLAS

/// cuBLAS's SGEMM, loaded with dlopen (libcublas.so.13, .12 or unversioned) when present.
class Cublas {
public:
    static Cublas &get() {
        static Cublas c;
        return c;
    }
    bool available() const { return handle_ != nullptr; }
    /// Row-major C (m x n) = A (m x k) * B (k x n) on device pointers, then waits.
    /// cuBLAS is column-major: C^T = B^T * A^T.
    bool sgemm(int m, int n, int k, uint64_t a, uint64_t b, uint64_t c) {
        const float alpha = 1.0f, beta = 0.0f;
        const int no_transpose = 0;
        if (sgemm_(handle_, no_transpose, no_transpose, n, m, k, &alpha,
                   reinterpret_cast<const float *>(b), n, reinterpret_cast<const float *>(a), k,
                   &beta, reinterpret_cast<float *>(c), n) != 0) {
            return false;
        }
        return ctx_synchronize_() == 0;
    }

private:
    using Create = int (*)(void **);
    using SetMathMode = int (*)(void *, int);
    using Sgemm = int (*)(void *, int, int, int, int, int, const float *, const float *, int,
                          const float *, int, const float *, float *, int);
    using Sync = int (*)();

    Cublas() {
        for (const char *n : {"libcublas.so.13", "libcublas.so.12", "libcublas.so"}) {
            if ((lib_ = dlopen(n, RTLD_NOW | RTLD_LOCAL))) {
                break;
            }
        }
        void *cuda = dlopen(driver_library(), RTLD_NOW | RTLD_LOCAL);
        if (!lib_ || !cuda || !device().present) {
            return;
        }
        auto create = reinterpret_cast<Create>(dlsym(lib_, "cublasCreate_v2"));
        auto math = reinterpret_cast<SetMathMode>(dlsym(lib_, "cublasSetMathMode"));
        sgemm_ = reinterpret_cast<Sgemm>(dlsym(lib_, "cublasSgemm_v2"));
        ctx_synchronize_ = reinterpret_cast<Sync>(dlsym(cuda, "cuCtxSynchronize"));
        void *h = nullptr;
        constexpr int cublas_default_math = 0; // fp32 stays fp32 (no TF32 tensor cores)
        if (!create || !math || !sgemm_ || !ctx_synchronize_ || create(&h) != 0 ||
            math(h, cublas_default_math) != 0) {
            return;
        }
        handle_ = h; // cublasCreate makes device 0's primary context current: weft's too
    }

    void *lib_ = nullptr;
    void *handle_ = nullptr;
    Sgemm sgemm_ = nullptr;
    Sync ctx_synchronize_ = nullptr;
};

// ------------------------------------------------------------------------ helpers

const Target &gpu_target() {
    static const Target t("host-cuda");
    return t;
}

/// A device-only Buffer of b's shape (no host memory): a pipeline realized into it
/// leaves its output on the device (weft_cuda_copy_to_host skips host-less buffers).
template<typename T> Buffer<T> device_only_like(const Buffer<T> &b) {
    std::vector<int> sizes;
    for (int d = 0; d < b.dimensions(); d++) {
        sizes.push_back(b.extent(d));
    }
    Buffer<T> out(static_cast<T *>(nullptr), sizes, b.name());
    out.device_malloc();
    return out;
}

template<typename T> double bytes_of(const Buffer<T> &b) {
    return double(b.number_of_elements()) * sizeof(T);
}

std::vector<float> random_floats(size_t n, uint32_t seed, float lo, float hi) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float &f : v) {
        f = d(rng);
    }
    return v;
}

/// The largest |got - want| / (atol + rtol |want|), > 1 when some element is off.
double worst_error(const float *got, const float *want, size_t n, double atol, double rtol) {
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        const double e = std::fabs(double(got[i]) - want[i]) / (atol + rtol * std::fabs(want[i]));
        worst = std::isnan(e) ? 1e30 : std::max(worst, e);
    }
    return worst;
}

// ----------------------------------------------------------------------------- blur

void bm_blur(benchmark::State &state, int w, int h, const blur::GpuTiling &tiling,
             bool host_output) {
    if (skip_without_device(state)) {
        return;
    }
    Buffer<uint16_t> in(w, h), out(w - 2, h - 2);
    uint32_t s = 12345;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            s = s * 1664525u + 1013904223u;
            in(x, y) = uint16_t(s >> 16);
        }
    }
    blur::BlurFuncs f = blur::make_blur(in);
    blur::schedule_blur_gpu(f, tiling);
    f.blur_y.realize(out, gpu_target());
    std::vector<uint16_t> want(size_t(w - 2) * (h - 2));
    blur_reference::blur_naive(in.data(), w, h, want.data());
    if (!std::equal(want.begin(), want.end(), out.data())) {
        state.SkipWithError("blur: the GPU output differs from blur_reference");
        return;
    }
    if (host_output) {
        for (auto _ : state) {
            f.blur_y.realize(out, gpu_target()); // copies the output back at its end
        }
        state.counters["bytes"] = bytes_of(in) + bytes_of(out);
        return;
    }
    Buffer<uint16_t> dev_out = device_only_like(out);
    for (auto _ : state) {
        f.blur_y.realize(dev_out, gpu_target());
        dev_out.device_sync();
    }
    state.counters["bytes"] = bytes_of(in) + bytes_of(out);
}

// --------------------------------------------------------------------------- matmul

struct MatmulProblem {
    int m, n, k;
    Buffer<float> a, b, c;
    MatmulProblem(int m_, int n_, int k_) : m(m_), n(n_), k(k_), a(k_, m_), b(n_, k_), c(n_, m_) {
        std::vector<float> va = random_floats(size_t(k) * m, 1, -1, 1),
                           vb = random_floats(size_t(n) * k, 2, -1, 1);
        std::copy(va.begin(), va.end(), a.data());
        std::copy(vb.begin(), vb.end(), b.data());
    }
    /// Compares 512 sampled entries of c (on the host) with double-precision dot products.
    bool check() const {
        std::mt19937 rng(3);
        for (int t = 0; t < 512; t++) {
            const int i = int(rng() % uint32_t(m)), j = int(rng() % uint32_t(n));
            double e = 0;
            for (int r = 0; r < k; r++) {
                e += double(a(r, i)) * b(j, r);
            }
            if (!(std::fabs(c(j, i) - e) <= 1e-5 * k)) {
                return false;
            }
        }
        return true;
    }
};

void bm_matmul(benchmark::State &state, int m, int n, int k, const std::string &impl) {
    if (skip_without_device(state)) {
        return;
    }
    MatmulProblem p(m, n, k);
    state.counters["flop"] = 2.0 * m * n * k;
    if (impl == "cublas") {
        Cublas &cb = Cublas::get();
        if (!cb.available()) {
            state.SkipWithError("cuBLAS (libcublas.so.13/.12) not found");
            return;
        }
        p.a.copy_to_device(DeviceAPI::CUDA);
        p.b.copy_to_device(DeviceAPI::CUDA);
        p.c.device_malloc();
        if (!cb.sgemm(m, n, k, p.a.device_ptr(), p.b.device_ptr(), p.c.device_ptr())) {
            state.SkipWithError("cublasSgemm_v2 failed");
            return;
        }
        p.c.set_device_dirty(true);
        p.c.copy_to_host();
        if (!p.check()) {
            state.SkipWithError("cuBLAS: C differs from the double-precision reference");
            return;
        }
        for (auto _ : state) {
            cb.sgemm(m, n, k, p.a.device_ptr(), p.b.device_ptr(), p.c.device_ptr());
        }
        return;
    }
    ImageParam A(Float(32), 2, "A"), B(Float(32), 2, "B");
    matmul::MatmulFuncs f = matmul::make_matmul(A, B);
    const bool shared = impl == "weft_shared_tiles";
    matmul::GpuTiling tiling = shared ? matmul::shared_tiles_tiling() : matmul::GpuTiling{};
    if (impl == "weft_micro4x4") { // RegisterBlocked with 64 x 64 blocks of 4 x 4 tiles
        tiling.block_w = tiling.block_h = 64;
        tiling.micro_w = tiling.micro_h = 4;
    } else if (impl == "weft_micro4x16") { // 128 x 128 blocks, 4 x 16 tiles: warps of
        tiling.micro_w = 4;                // 32 threads in x (broadcast loads of A)
        tiling.micro_h = 16;
    }
    matmul::schedule_matmul_gpu(
        f, shared ? matmul::GpuSchedule::SharedTiles : matmul::GpuSchedule::RegisterBlocked,
        tiling);
    A.set(p.a);
    B.set(p.b);
    f.C.realize(p.c, gpu_target());
    if (!p.check()) {
        state.SkipWithError("matmul: the GPU output differs from the double-precision reference");
        return;
    }
    Buffer<float> c = device_only_like(p.c);
    for (auto _ : state) {
        f.C.realize(c, gpu_target());
        c.device_sync();
    }
}

// ----------------------------------------------------------------------- conv_layer

void bm_conv_layer(benchmark::State &state, int n, int w, int h, int c, int k) {
    if (skip_without_device(state)) {
        return;
    }
    Buffer<float> in(c, w, h, n), wt(k, c, 3, 3), bias(k), out(k, w, h, n);
    std::vector<float> vi = random_floats(in.number_of_elements(), 4, -1, 1),
                       vw = random_floats(wt.number_of_elements(), 5, -0.1f, 0.1f),
                       vb = random_floats(size_t(k), 6, -0.1f, 0.1f);
    std::copy(vi.begin(), vi.end(), in.data());
    std::copy(vw.begin(), vw.end(), wt.data());
    std::copy(vb.begin(), vb.end(), bias.data());
    ImageParam pin(Float(32), 4, "in"), pw(Float(32), 4, "w"), pb(Float(32), 1, "bias");
    conv_layer::ConvLayerFuncs f = conv_layer::make_conv_layer(pin, pw, pb);
    conv_layer::schedule_conv_layer_gpu(f);
    pin.set(in);
    pw.set(wt);
    pb.set(bias);
    f.relu.realize(out, gpu_target());
    std::vector<float> want(out.number_of_elements());
    conv_layer_reference::naive_conv_layer(in.data(), wt.data(), bias.data(), want.data(), n, h, w,
                                           c, k);
    if (worst_error(out.data(), want.data(), want.size(), 1e-4, 1e-4) > 1) {
        state.SkipWithError("conv_layer: the GPU output differs from conv_layer_reference");
        return;
    }
    Buffer<float> dev_out = device_only_like(out);
    for (auto _ : state) {
        f.relu.realize(dev_out, gpu_target());
        dev_out.device_sync();
    }
    state.counters["flop"] = 2.0 * n * w * h * k * c * 9;
}

// -------------------------------------------------------------------------- softmax

void bm_softmax(benchmark::State &state, int w, int h) {
    if (skip_without_device(state)) {
        return;
    }
    Buffer<float> in(w, h), out(w, h);
    std::vector<float> v = random_floats(size_t(w) * h, 7, -8, 8);
    std::copy(v.begin(), v.end(), in.data());
    ImageParam p(Float(32), 2, "in");
    softmax::SoftmaxFuncs f = softmax::make_softmax(p);
    softmax::schedule_softmax_gpu(f);
    p.set(in);
    f.softmax.realize(out, gpu_target());
    std::vector<float> want(size_t(w) * h);
    softmax_reference::naive_softmax(in.data(), want.data(), w, h);
    if (worst_error(out.data(), want.data(), want.size(), 1e-9, 2e-5) > 1) {
        state.SkipWithError("softmax: the GPU output differs from softmax_reference");
        return;
    }
    Buffer<float> dev_out = device_only_like(out);
    for (auto _ : state) {
        f.softmax.realize(dev_out, gpu_target());
        dev_out.device_sync();
    }
    state.counters["bytes"] = double(bytes_of(in) + bytes_of(out));
}

// -------------------------------------------------------------------------- unsharp

void bm_unsharp(benchmark::State &state, int w, int h) {
    if (skip_without_device(state)) {
        return;
    }
    constexpr int channels = 3;
    constexpr float amount_value = 1.5f;
    Buffer<float> in(w, h, channels), out(w, h, channels);
    std::vector<float> v = random_floats(in.number_of_elements(), 8, 0, 1);
    std::copy(v.begin(), v.end(), in.data());
    ImageParam input(Float(32), 3, "input");
    Param<float> amount("amount");
    unsharp::UnsharpFuncs f = unsharp::make_unsharp(input, amount);
    unsharp::schedule_unsharp_gpu(f);
    input.set(in);
    amount.set(amount_value);
    f.output.realize(out, gpu_target());
    std::vector<float> want(out.number_of_elements());
    unsharp_reference::unsharp(in.data(), w, h, channels, amount_value, 1.5f, want.data());
    if (worst_error(out.data(), want.data(), want.size(), 1e-5, 1e-5) > 1) {
        state.SkipWithError("unsharp: the GPU output differs from unsharp_reference");
        return;
    }
    Buffer<float> dev_out = device_only_like(out);
    for (auto _ : state) {
        f.output.realize(dev_out, gpu_target());
        dev_out.device_sync();
    }
    state.counters["bytes"] = double(bytes_of(in) + bytes_of(out));
}

// -------------------------------------------------------------------------- summary

/// Console output, then a table of medians with GFLOP/s or GB/s, the device's peaks and
/// weft's speed relative to cuBLAS.
class GpuSummary : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
            if ((!median && !single) || r.error_occurred) {
                continue;
            }
            Row row;
            row.ms = r.GetAdjustedRealTime() * to_ms(r.time_unit);
            if (auto f = r.counters.find("flop"); f != r.counters.end()) {
                row.flop = f->second.value;
            }
            if (auto b = r.counters.find("bytes"); b != r.counters.end()) {
                row.bytes = b->second.value;
            }
            rows_[r.run_name.function_name] = row;
        }
    }

    void print_table() const {
        const DeviceInfo &d = device();
        if (!d.present) {
            std::printf("\nNo CUDA device found: nothing was measured.\n");
            return;
        }
        std::printf("\n%s (sm_%d): fp32 peak %.0f GFLOP/s, memory %.0f GB/s\n", d.name.c_str(),
                    d.capability, d.fp32_gflops, d.memory_gbps);
        std::printf("%-44s %10s %10s %9s %s\n", "benchmark", "median ms", "rate", "of peak",
                    "vs cublas");
        for (const auto &[name, row] : rows_) {
            char rate[32] = "", peak[16] = "", vs[32] = "";
            if (row.flop > 0) {
                const double g = row.flop / row.ms * 1e-6;
                std::snprintf(rate, sizeof rate, "%.0f GF/s", g);
                if (d.fp32_gflops > 0) {
                    std::snprintf(peak, sizeof peak, "%.1f%%", 100 * g / d.fp32_gflops);
                }
            } else if (row.bytes > 0) {
                const double g = row.bytes / row.ms * 1e-6;
                std::snprintf(rate, sizeof rate, "%.0f GB/s", g);
                if (d.memory_gbps > 0) {
                    std::snprintf(peak, sizeof peak, "%.1f%%", 100 * g / d.memory_gbps);
                }
            }
            const std::string group = name.substr(0, name.rfind('/'));
            if (auto cb = rows_.find(group + "/cublas");
                cb != rows_.end() && name.rfind('/') != std::string::npos &&
                name.substr(name.rfind('/') + 1).rfind("weft", 0) == 0) {
                std::snprintf(vs, sizeof vs, "%.3fx", cb->second.ms / row.ms);
            }
            std::printf("%-44s %10.3f %10s %9s %s\n", name.c_str(), row.ms, rate, peak, vs);
        }
    }

private:
    struct Row {
        double ms = 0, flop = 0, bytes = 0;
    };
    static double to_ms(benchmark::TimeUnit u) {
        switch (u) {
        case benchmark::kNanosecond:
            return 1e-6;
        case benchmark::kMicrosecond:
            return 1e-3;
        case benchmark::kMillisecond:
            return 1.0;
        case benchmark::kSecond:
            return 1e3;
        }
        return 1.0;
    }
    std::map<std::string, Row> rows_;
};

void register_all() {
    // A RuntimeError of weft (or any exception) skips the benchmark with its message.
    auto reg = [](const std::string &name, auto fn) {
        auto guarded = [fn](benchmark::State &s) {
            try {
                fn(s);
            } catch (const std::exception &e) {
                s.SkipWithError(e.what());
            }
        };
        benchmark::RegisterBenchmark(name.c_str(), guarded)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    };
    const bool q = quick();
    {
        const int w = q ? 1600 : 6400, h = q ? 1200 : 4800;
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        const blur::GpuTiling wide{128, 16, 4}; // 128 x 4 threads, 4 rows each
        reg("blur/" + size + "/gpu/weft",
            [w, h](benchmark::State &s) { bm_blur(s, w, h, blur::GpuTiling{}, false); });
        reg("blur/" + size + "/gpu/weft_tile128x16",
            [w, h, wide](benchmark::State &s) { bm_blur(s, w, h, wide, false); });
        reg("blur/" + size + "/gpu/weft_host_output",
            [w, h](benchmark::State &s) { bm_blur(s, w, h, blur::GpuTiling{}, true); });
    }
    std::vector<int> sizes = q ? std::vector<int>{512} : std::vector<int>{1024, 2048, 4096};
    for (int n : sizes) {
        const std::string size =
            std::to_string(n) + "x" + std::to_string(n) + "x" + std::to_string(n);
        for (const char *impl :
             {"weft", "weft_micro4x4", "weft_micro4x16", "weft_shared_tiles", "cublas"}) {
            const std::string i = impl;
            reg("matmul/" + size + "/gpu/" + i,
                [n, i](benchmark::State &s) { bm_matmul(s, n, n, n, i); });
        }
    }
    {
        const int n = q ? 1 : 4, wh = q ? 14 : 56;
        const std::string size =
            std::to_string(wh) + "x" + std::to_string(wh) + "x64x64_b" + std::to_string(n);
        reg("conv_layer/" + size + "/gpu/weft",
            [n, wh](benchmark::State &s) { bm_conv_layer(s, n, wh, wh, 64, 64); });
    }
    {
        const int w = q ? 256 : 1024, h = q ? 128 : 4096;
        reg("softmax/" + std::to_string(w) + "x" + std::to_string(h) + "/gpu/weft",
            [w, h](benchmark::State &s) { bm_softmax(s, w, h); });
    }
    {
        const int w = q ? 640 : 2560, h = q ? 384 : 1536;
        reg("unsharp/" + std::to_string(w) + "x" + std::to_string(h) + "/gpu/weft",
            [w, h](benchmark::State &s) { bm_unsharp(s, w, h); });
    }
}

} // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    const DeviceInfo &d = device();
    if (d.present) {
        benchmark::AddCustomContext("cuda_device", d.name);
    } else {
        std::printf("No CUDA device found (no driver libcuda.so.1 or no device): every GPU "
                    "benchmark is skipped.\n");
    }
    register_all();
    GpuSummary reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    reporter.print_table();
    return 0;
}
