// The GPU schedules of the apps (apps/<app>/<app>_gpu_schedules.h, issue 5 item 8):
// for each, the PTX for sm_70, sm_80 and sm_90 (assembled by ptxas where it is
// installed), checked for what the schedule promises (shared memory, barriers, FMAs);
// the same schedule run on the host target (GPU loops as serial loops) and, where a CUDA
// device is present, on "host-cuda", both against the app's C++ reference at a size no
// tile divides.

#include "gpu_test_util.h"

#include "ir/IRHelpers.h"
#include "lower/GPULoops.h"
#include "runtime/cuda_test_support.h"

#include "blur/blur_gpu_schedules.h"
#include "blur/blur_reference.h"
#include "conv_layer/conv_layer_gpu_schedules.h"
#include "conv_layer/conv_layer_reference.h"
#include "matmul/matmul_gpu_schedules.h"
#include "matmul/matmul_reference.h"
#include "softmax/softmax_gpu_schedules.h"
#include "softmax/softmax_reference.h"
#include "unsharp/unsharp_gpu_schedules.h"
#include "unsharp/unsharp_reference.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace weft;
using namespace weft_gpu_test;

namespace {

/// Compares `got` (densely packed like `want`) within atol + rtol * |want|, failing on
/// the first difference with its index.
void require_close(const float *got, const std::vector<float> &want, float atol, float rtol) {
    int bad = 0;
    for (size_t i = 0; i < want.size(); i++) {
        const float tolerance = atol + rtol * std::fabs(want[i]);
        if (!(std::fabs(got[i] - want[i]) <= tolerance) && bad++ == 0) {
            FAIL_CHECK("element " << i << ": got " << got[i] << ", expected " << want[i]);
        }
    }
    REQUIRE(bad == 0);
}

std::vector<float> random_floats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float &f : v) {
        f = d(rng);
    }
    return v;
}

// ----------------------------------------------------------------------------- blur

struct BlurApp {
    static constexpr int W = 203, H = 141; // output 201 x 139: no tile divides it
    Buffer<uint16_t> in{W, H};
    blur::BlurFuncs f;

    explicit BlurApp(const blur::GpuTiling &t = blur::GpuTiling{}) : f(make(in)) {
        blur::schedule_blur_gpu(f, t);
    }

    static blur::BlurFuncs make(Buffer<uint16_t> &in) {
        uint32_t state = 7;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                state = state * 1664525u + 1013904223u;
                in(x, y) = uint16_t(state >> 16);
            }
        }
        return blur::make_blur(in);
    }

    void run_and_check(const Target &t) {
        Buffer<uint16_t> out(W - 2, H - 2);
        f.blur_y.realize(out, t);
        out.copy_to_host();
        std::vector<uint16_t> want(size_t(W - 2) * (H - 2));
        blur_reference::blur_naive(in.data(), W, H, want.data());
        int bad = 0;
        for (int y = 0; y < H - 2; y++) {
            for (int x = 0; x < W - 2; x++) {
                if (out(x, y) != want[size_t(y) * (W - 2) + x] && bad++ == 0) {
                    FAIL_CHECK("blur_y(" << x << ", " << y << ") = " << out(x, y) << ", expected "
                                         << want[size_t(y) * (W - 2) + x]);
                }
            }
        }
        REQUIRE(bad == 0);
    }
};

TEST_CASE("gpu apps: blur stages blur_x in shared memory", "[gpu][ptx][apps]") {
    BlurApp b;
    std::string stmt = lowered_of({b.f.blur_y}, Target("host-cuda"));
    INFO(stmt);
    // 64 x 34 uint16 of blur_x per block.
    REQUIRE(stmt.find("allocate blur_x[uint16 * 64 * 34] in MemoryType::GPUShared") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({b.f.blur_y}, 1);
    INFO(ptx);
    REQUIRE(ptx.find(".shared .align 16 .b8") != std::string::npos);
    REQUIRE(ptx.find("[4352]") != std::string::npos); // 64 * 34 * 2 bytes
    REQUIRE(count_of(ptx, "bar.sync") == 1);
    REQUIRE(ptx.find("st.shared.u16") != std::string::npos);
    // blur_y reads three rows of blur_x for each of its 4 rows per thread (unrolled).
    REQUIRE(count_of(ptx, "ld.shared.u16") >= 4 * 3);
    REQUIRE(ptx.find("ld.global") != std::string::npos);
    REQUIRE(ptx.find("st.global.u16") != std::string::npos);
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: blur GPU schedule on the host target", "[gpu][host][apps]") {
    BlurApp b;
    b.run_and_check(get_host_target());
}

// The other tiling bench/gpu.cpp measures: 128 x 16 tiles of 128 x 4 threads.
TEST_CASE("gpu apps: blur GPU schedule with 128 x 16 tiles", "[gpu][ptx][apps]") {
    BlurApp b(blur::GpuTiling{128, 16, 4});
    std::string stmt = lowered_of({b.f.blur_y}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(stmt.find("allocate blur_x[uint16 * 128 * 18] in MemoryType::GPUShared") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({b.f.blur_y}, 1);
    REQUIRE(count_of(ptx, "bar.sync") == 1);
    b.run_and_check(get_host_target());
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: blur GPU schedule on the device", "[gpu][device][apps]") {
    require_device();
    for (const blur::GpuTiling &t : {blur::GpuTiling{}, blur::GpuTiling{128, 16, 4}}) {
        INFO("tile " << t.tile_w << " x " << t.tile_h);
        BlurApp b(t);
        b.run_and_check(Target("host-cuda"));
    }
}

// --------------------------------------------------------------------------- matmul

struct MatmulApp {
    static constexpr int M = 141, N = 203, K = 77; // no tile or K chunk divides them
    ImageParam A{Float(32), 2, "A"}, B{Float(32), 2, "B"};
    Buffer<float> a{K, M}, b{N, K};
    matmul::MatmulFuncs f = matmul::make_matmul(A, B);

    explicit MatmulApp(matmul::GpuSchedule s)
        : MatmulApp(s, s == matmul::GpuSchedule::SharedTiles ? matmul::shared_tiles_tiling()
                                                             : matmul::GpuTiling{}) {}

    MatmulApp(matmul::GpuSchedule s, const matmul::GpuTiling &t) {
        std::vector<float> va = random_floats(size_t(K) * M, 11),
                           vb = random_floats(size_t(N) * K, 12);
        std::copy(va.begin(), va.end(), a.data());
        std::copy(vb.begin(), vb.end(), b.data());
        A.set(a);
        B.set(b);
        matmul::schedule_matmul_gpu(f, s, t);
    }

    void run_and_check(const Target &t) {
        Buffer<float> c(N, M);
        f.C.realize(c, t);
        c.copy_to_host();
        std::vector<float> want(size_t(M) * N);
        matmul_reference::naive_matmul(a.data(), b.data(), want.data(), M, N, K);
        require_close(c.data(), want, 1e-5f * K, 0.0f);
    }
};

TEST_CASE("gpu apps: matmul register-blocked", "[gpu][ptx][apps]") {
    MatmulApp m(matmul::GpuSchedule::RegisterBlocked);
    std::string stmt = lowered_of({m.f.C}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(stmt.find("allocate matmul_prod[float32 * 8 * 8] in MemoryType::Register") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({m.f.C}, 1);
    INFO(ptx);
    // The K loop: 8 x 8 FMAs on registers, 8 loads of A and 8 of B, no local memory
    // (LLVM may copy the loop, so whole micro-tiles of FMAs).
    const int fmas = count_of(ptx, "fma.rn.f32");
    REQUIRE(fmas >= 64);
    REQUIRE(fmas % 64 == 0);
    const size_t first_fma = ptx.find("fma.rn.f32"), last_fma = ptx.rfind("fma.rn.f32");
    const std::string k_loop = ptx.substr(first_fma, last_fma - first_fma);
    REQUIRE(count_of(k_loop, "ld.local") == 0);
    REQUIRE(count_of(k_loop, "st.local") == 0);
    REQUIRE(count_of(k_loop, "ld.shared") == 0);
    REQUIRE(count_of(k_loop, "ld.global.f32") <= 16 * (fmas / 64));
    REQUIRE(count_of(ptx, "bar.sync") == 0);
    skip_if_no_ptxas();
}

// The other register tiles bench/gpu.cpp measures: 4 x 4 in 64 x 64 blocks, 4 x 16 in
// 128 x 128 blocks; each a K loop of whole micro-tiles of FMAs on registers.
TEST_CASE("gpu apps: matmul register-blocked, other micro-tiles", "[gpu][ptx][apps]") {
    for (auto [block, mw, mh] : {std::tuple{64, 4, 4}, std::tuple{128, 4, 16}}) {
        matmul::GpuTiling t;
        t.block_w = t.block_h = block;
        t.micro_w = mw;
        t.micro_h = mh;
        INFO("micro-tile " << mw << " x " << mh);
        MatmulApp m(matmul::GpuSchedule::RegisterBlocked, t);
        std::string ptx = require_valid_ptx({m.f.C}, 1);
        const int fmas = count_of(ptx, "fma.rn.f32");
        REQUIRE(fmas >= mw * mh);
        REQUIRE(fmas % (mw * mh) == 0);
        const size_t first_fma = ptx.find("fma.rn.f32"), last_fma = ptx.rfind("fma.rn.f32");
        REQUIRE(count_of(ptx.substr(first_fma, last_fma - first_fma), "ld.local") == 0);
        m.run_and_check(get_host_target());
    }
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: matmul with shared tiles", "[gpu][ptx][apps]") {
    MatmulApp m(matmul::GpuSchedule::SharedTiles);
    std::string stmt = lowered_of({m.f.C}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(stmt.find("allocate matmul_prod[float32 * 64 * 64] in MemoryType::GPUShared") !=
            std::string::npos);
    // k_chunk rows of B per chunk: the region's extent, min(16, K - chunk start), is
    // bounded by 16 (constant_upper_bound's correlated-min rule).
    REQUIRE(stmt.find("allocate matmul_B_in[float32 * 64 * 16] in MemoryType::GPUShared") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({m.f.C}, 1);
    INFO(ptx);
    REQUIRE(count_of(ptx, "bar.sync") >= 3);
    // The unrolled K chunk: 4 x 4 micro-tile x 16 steps of FMAs (whole chunks).
    const int fmas = count_of(ptx, "fma.rn.f32");
    REQUIRE(fmas >= 4 * 4 * 16);
    REQUIRE(fmas % (4 * 4 * 16) == 0);
    REQUIRE(ptx.find("ld.shared.f32") != std::string::npos);
    REQUIRE(ptx.find("st.shared.f32") != std::string::npos);
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: matmul GPU schedules on the host target", "[gpu][host][apps]") {
    for (auto s : {matmul::GpuSchedule::RegisterBlocked, matmul::GpuSchedule::SharedTiles}) {
        INFO(matmul::to_string(s));
        MatmulApp m(s);
        m.run_and_check(get_host_target());
    }
}

TEST_CASE("gpu apps: matmul GPU schedules on the device", "[gpu][device][apps]") {
    require_device();
    for (auto s : {matmul::GpuSchedule::RegisterBlocked, matmul::GpuSchedule::SharedTiles}) {
        INFO(matmul::to_string(s));
        MatmulApp m(s);
        m.run_and_check(Target("host-cuda"));
    }
    for (auto [block, mw, mh] : {std::tuple{64, 4, 4}, std::tuple{128, 4, 16}}) {
        matmul::GpuTiling t;
        t.block_w = t.block_h = block;
        t.micro_w = mw;
        t.micro_h = mh;
        INFO("register-blocked, micro-tile " << mw << " x " << mh);
        MatmulApp m(matmul::GpuSchedule::RegisterBlocked, t);
        m.run_and_check(Target("host-cuda"));
    }
}

// ----------------------------------------------------------------------- conv_layer

struct ConvApp {
    // K, W, H not multiples of the 64 x 8 x 8 block; C and N small and odd.
    static constexpr int N = 2, W = 13, H = 11, C = 5, K = 70;
    ImageParam in{Float(32), 4, "in"}, w{Float(32), 4, "w"}, bias{Float(32), 1, "bias"};
    Buffer<float> bin{C, W, H, N}, bw{K, C, 3, 3}, bbias{K};
    conv_layer::ConvLayerFuncs f = conv_layer::make_conv_layer(in, w, bias);

    ConvApp() {
        std::vector<float> vi = random_floats(size_t(C) * W * H * N, 21),
                           vw = random_floats(size_t(K) * C * 9, 22, -0.5f, 0.5f),
                           vb = random_floats(K, 23, -0.2f, 0.2f);
        std::copy(vi.begin(), vi.end(), bin.data());
        std::copy(vw.begin(), vw.end(), bw.data());
        std::copy(vb.begin(), vb.end(), bbias.data());
        in.set(bin);
        w.set(bw);
        bias.set(bbias);
        conv_layer::schedule_conv_layer_gpu(f);
    }

    void run_and_check(const Target &t) {
        Buffer<float> out(K, W, H, N);
        f.relu.realize(out, t);
        out.copy_to_host();
        std::vector<float> want(size_t(K) * W * H * N);
        conv_layer_reference::naive_conv_layer(bin.data(), bw.data(), bbias.data(), want.data(), N,
                                               H, W, C, K);
        require_close(out.data(), want, 1e-5f, 1e-5f);
    }
};

TEST_CASE("gpu apps: conv_layer register-blocked", "[gpu][ptx][apps]") {
    ConvApp c;
    std::string stmt = lowered_of({c.f.relu}, Target("host-cuda"));
    INFO(stmt);
    REQUIRE(
        stmt.find("allocate conv_layer_conv[float32 * 4 * 1 * 4 * 1] in MemoryType::Register") !=
        std::string::npos);
    std::string ptx = require_valid_ptx({c.f.relu}, 1);
    INFO(ptx);
    // The reduction body: a 4 x 4 micro-tile of FMAs on registers (LLVM unrolls the
    // 3 filter columns around the channel loop: 3 copies).
    const int fmas = count_of(ptx, "fma.rn.f32");
    REQUIRE(fmas >= 16);
    REQUIRE(fmas % 16 == 0);
    const size_t first_fma = ptx.find("fma.rn.f32"), last_fma = ptx.rfind("fma.rn.f32");
    const std::string body = ptx.substr(first_fma, last_fma - first_fma);
    REQUIRE(count_of(body, "ld.local") == 0);
    REQUIRE(count_of(body, "st.local") == 0);
    REQUIRE(ptx.find("max.f32") != std::string::npos); // the ReLU
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: conv_layer GPU schedule on the host target", "[gpu][host][apps]") {
    ConvApp c;
    c.run_and_check(get_host_target());
}

TEST_CASE("gpu apps: conv_layer GPU schedule on the device", "[gpu][device][apps]") {
    require_device();
    ConvApp c;
    c.run_and_check(Target("host-cuda"));
}

// -------------------------------------------------------------------------- softmax

struct SoftmaxApp {
    static constexpr int W = 1000, H = 37; // rows not a multiple of the 256 threads
    ImageParam in{Float(32), 2, "in"};
    Buffer<float> bin{W, H};
    softmax::SoftmaxFuncs f = softmax::make_softmax(in);

    SoftmaxApp() {
        std::vector<float> v = random_floats(size_t(W) * H, 31, -8.0f, 8.0f);
        std::copy(v.begin(), v.end(), bin.data());
        in.set(bin);
        softmax::schedule_softmax_gpu(f);
    }

    void run_and_check(const Target &t) {
        Buffer<float> out(W, H);
        f.softmax.realize(out, t);
        out.copy_to_host();
        std::vector<float> want(size_t(W) * H);
        softmax_reference::naive_softmax(bin.data(), want.data(), W, H);
        require_close(out.data(), want, 1e-9f, 2e-5f);
    }
};

TEST_CASE("gpu apps: softmax rfactor'ed row reductions", "[gpu][ptx][apps]") {
    SoftmaxApp s;
    std::string stmt = lowered_of({s.f.softmax}, Target("host-cuda"));
    INFO(stmt);
    // The two rfactor intermediates: 256 partial results per row in shared memory.
    REQUIRE(
        stmt.find("allocate softmax_row_max_intm[float32 * 1 * 256] in MemoryType::GPUShared") !=
        std::string::npos);
    REQUIRE(
        stmt.find("allocate softmax_row_sum_intm[float32 * 1 * 256] in MemoryType::GPUShared") !=
        std::string::npos);
    std::string ptx = require_valid_ptx({s.f.softmax}, 1);
    INFO(ptx);
    REQUIRE(count_of(ptx, "bar.sync") >= 4);
    REQUIRE(ptx.find("max.f32") != std::string::npos);
    REQUIRE(ptx.find("ld.shared.f32") != std::string::npos);
    REQUIRE(ptx.find("st.shared.f32") != std::string::npos);
    REQUIRE((ptx.find("rcp.") != std::string::npos || ptx.find("div.") != std::string::npos));
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: softmax GPU schedule on the host target", "[gpu][host][apps]") {
    SoftmaxApp s;
    s.run_and_check(get_host_target());
}

TEST_CASE("gpu apps: softmax GPU schedule on the device", "[gpu][device][apps]") {
    require_device();
    SoftmaxApp s;
    s.run_and_check(Target("host-cuda"));
}

// -------------------------------------------------------------------------- unsharp

struct UnsharpApp {
    static constexpr int W = 77, H = 45, C = 3; // not multiples of the 32 x 8 tile
    static constexpr float amount_value = 1.5f;
    ImageParam input{Float(32), 3, "input"};
    Param<float> amount{"amount"};
    Buffer<float> in{W, H, C};
    unsharp::UnsharpFuncs f = unsharp::make_unsharp(input, amount);

    UnsharpApp() {
        std::vector<float> v = random_floats(size_t(W) * H * C, 41, 0.0f, 1.0f);
        std::copy(v.begin(), v.end(), in.data());
        input.set(in);
        amount.set(amount_value);
        unsharp::schedule_unsharp_gpu(f);
    }

    void run_and_check(const Target &t) {
        Buffer<float> out(W, H, C);
        f.output.realize(out, t);
        out.copy_to_host();
        std::vector<float> want(size_t(W) * H * C);
        unsharp_reference::unsharp(in.data(), W, H, C, amount_value, 1.5f, want.data());
        require_close(out.data(), want, 1e-5f, 1e-5f);
    }
};

TEST_CASE("gpu apps: unsharp stages gray and blur_y in shared memory", "[gpu][ptx][apps]") {
    UnsharpApp u;
    std::string stmt = lowered_of({u.f.output}, Target("host-cuda"));
    INFO(stmt);
    // Radius 3: gray (32 + 6) x (8 + 6), blur_y (32 + 6) x 8 per block.
    REQUIRE(stmt.find("allocate unsharp_gray[float32 * 38 * 14] in MemoryType::GPUShared") !=
            std::string::npos);
    REQUIRE(stmt.find("allocate unsharp_blur_y[float32 * 38 * 8] in MemoryType::GPUShared") !=
            std::string::npos);
    std::string ptx = require_valid_ptx({u.f.output}, 1);
    INFO(ptx);
    REQUIRE(count_of(ptx, "bar.sync") == 2);
    REQUIRE(ptx.find("st.shared.f32") != std::string::npos);
    REQUIRE(count_of(ptx, "ld.shared.f32") >= 7 + 7); // the 7 taps of each blur
    skip_if_no_ptxas();
}

TEST_CASE("gpu apps: unsharp GPU schedule on the host target", "[gpu][host][apps]") {
    UnsharpApp u;
    u.run_and_check(get_host_target());
}

TEST_CASE("gpu apps: unsharp GPU schedule on the device", "[gpu][device][apps]") {
    require_device();
    UnsharpApp u;
    u.run_and_check(Target("host-cuda"));
}

// ------------------------------------------------- constant_upper_bound (GPULoops.cpp)

// The region of a Func computed per chunk of a split reduction (SharedTiles' B_in) is
// [min(c * 16, K - 1), min(c * 16 + 15, K - 1)]: its extent is at most 16 for every c
// and K, which interval analysis alone cannot see (it bounds each min separately).
TEST_CASE("gpu apps: constant_upper_bound sees correlated mins", "[gpu][apps]") {
    using namespace weft::internal;
    const Expr c = int_var("c"), k = int_var("K"), base = int_var("base"), top = int_var("top");
    auto i32 = [](int v) { return make_const(Int(32), int64_t(v)); };
    Scope<Interval> scope; // c in [0, (K + 15) / 16): the chunk loop
    scope.push("c", Interval(i32(0), Sub::make(Div::make(Add::make(k, i32(15)), i32(16)), i32(1))));
    std::map<std::string, Expr> lets{
        {"base", Min::make(Mul::make(c, i32(16)), Sub::make(k, i32(1)))},
        {"top", Min::make(Add::make(Mul::make(c, i32(16)), i32(15)), Sub::make(k, i32(1)))}};
    const Expr extent = Add::make(Sub::make(top, base), i32(1));
    Expr bound = constant_upper_bound(extent, scope, lets);
    REQUIRE(bound.defined());
    REQUIRE(as_const_int(bound) == 16);
    // The same through a split of the region by 8 (rounded up to whole pieces).
    const Expr pieces = Mul::make(Div::make(Sub::make(top, base), i32(8)), i32(8));
    bound = constant_upper_bound(Add::make(pieces, i32(8)), scope, lets);
    REQUIRE(bound.defined());
    REQUIRE(as_const_int(bound) == 16);
    // The operands of one min in the other order, and maxes.
    std::map<std::string, Expr> swapped{
        {"base", Min::make(Sub::make(k, i32(1)), Mul::make(c, i32(16)))},
        {"top", Min::make(Add::make(Mul::make(c, i32(16)), i32(15)), Sub::make(k, i32(1)))}};
    bound = constant_upper_bound(extent, scope, swapped);
    REQUIRE(bound.defined());
    REQUIRE(as_const_int(bound) == 16);
    std::map<std::string, Expr> maxes{
        {"base", Max::make(Mul::make(c, i32(16)), k)},
        {"top", Max::make(Add::make(Mul::make(c, i32(16)), i32(7)), k)}};
    bound = constant_upper_bound(extent, scope, maxes);
    REQUIRE(bound.defined());
    REQUIRE(as_const_int(bound) == 8);
    // Mins of unrelated values stay unbounded, and a difference on the subtracted side
    // is not loosened (its upper bound would make a too small bound of the whole).
    const Expr other = int_var("other");
    std::map<std::string, Expr> unrelated{{"base", Min::make(other, k)}, {"top", Min::make(c, k)}};
    REQUIRE(!constant_upper_bound(extent, scope, unrelated).defined());
    // -(top - base) reaches 0 (once c * 16 >= K - 1): a bound below 0 would be wrong.
    bound = constant_upper_bound(Sub::make(i32(0), Sub::make(top, base)), scope, lets);
    REQUIRE((!bound.defined() || *as_const_int(bound) >= 0));
}

// -------------------------------------------------- device-resident outputs (mock driver)

// bench/gpu.cpp times realize() with the output left on the device: a Buffer without
// host memory (Buffer(nullptr, sizes), then device_malloc) is a device-only buffer, which
// the copy back at the end of the pipeline leaves as it is. On the mock driver (device
// memory is host memory, kernels are recorded, not run): the blur's GPU schedule
// launches once, copies its input once, and copies nothing back.
TEST_CASE("gpu apps: a device-only output stays on the device", "[gpu][mock][apps]") {
    weft_test::MockCuda mock;
    BlurApp b;
    Buffer<uint16_t> out(static_cast<uint16_t *>(nullptr), {BlurApp::W - 2, BlurApp::H - 2});
    out.device_malloc();
    b.f.blur_y.realize(out, Target("host-cuda"));
    CHECK(mock.counters().launches == 1);
    CHECK(mock.counters().h2d_copies == 1);
    CHECK(mock.counters().d2h_copies == 0);
    CHECK(out.device_dirty());
    CHECK(out.has_device_allocation());
    // Again (what the benchmark's loop does): the input is not copied again.
    b.f.blur_y.realize(out, Target("host-cuda"));
    CHECK(mock.counters().launches == 2);
    CHECK(mock.counters().h2d_copies == 1);
    CHECK(mock.counters().d2h_copies == 0);
    // An output with host memory is still copied back at the end.
    Buffer<uint16_t> host_out(BlurApp::W - 2, BlurApp::H - 2);
    b.f.blur_y.realize(host_out, Target("host-cuda"));
    CHECK(mock.counters().d2h_copies == 1);
    CHECK(!host_out.device_dirty());
}

} // namespace
