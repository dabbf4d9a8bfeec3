// apps/conv_layer at full size: a ResNet 3x3 convolution + bias + ReLU, 56 x 56, 64 -> 64
// channels, stride 1, padding 1, fp32, batch 1 and 4, against the naive C++ loop
// (apps/conv_layer/conv_layer_reference.cpp) and oneDNN, at 1 and 2 threads.
//
//   ninja -C build bench_conv_layer
//   build/bench/conv_layer --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//
// Names follow bench/README.md: conv_layer/56x56x64x64_b<N>/<threads>/<impl> with impl
// weft (the Blocked schedule), weft_blocked_wide, naive (1 thread) and onednn; counter
// flop = 2 N H W K C 9. WEFT_BENCH_QUICK=1: 14 x 14, batch 1 only.
// WEFT_BENCH_CPU_TIME=1 times by process CPU time instead (for a loaded machine).
//
// Same math for all: weft and the naive loop take NHWC input, HWIO weights and write
// NHWC output (conv_layer_algorithm.h). oneDNN gets the layouts it prefers: its
// convolution primitive is created with format_tag::any for source, weights and
// destination (it picks blocked layouts such as nChw16c), with the ReLU as a post-op;
// the reorders from and to the user's layouts run once, outside the timed region (its
// output is reordered back to NHWC and checked). For this layer oneDNN 2.6 picks
// brgconv:avx512_core with NHWC (acdb) source and destination and Acdb64a weights,
// which for 64 output channels is HWIO: the same layouts weft reads, so neither side
// needs a reorder (ONEDNN_VERBOSE=1 shows the choice). weft's ConvLayer compiles its
// pipeline once per input channel count (as oneDNN creates its primitive per shape),
// at the first, untimed call. Threads: weft::set_num_threads;
// oneDNN runs on OpenMP (Debian's libdnnl is built with DNNL_CPU_RUNTIME=OMP), so
// omp_set_num_threads, checked with omp_get_max_threads.

#include "ml_summary.h"

#include "conv_layer/conv_layer_reference.h"
#include "conv_layer/conv_layer_schedules.h"

#include <weft/weft.h>

#include <benchmark/benchmark.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace weft;

namespace {

struct Shape {
    int n, h, w, c, k;
    std::string name() const {
        return std::to_string(h) + "x" + std::to_string(w) + "x" + std::to_string(c) + "x" +
               std::to_string(k) + "_b" + std::to_string(n);
    }
    double flop() const { return 2.0 * n * h * w * k * c * 9; }
    size_t out_size() const { return size_t(k) * w * h * n; }
};

struct Problem {
    Shape s;
    Buffer<float> in, w, bias;
    std::vector<float> want;
    explicit Problem(const Shape &sh)
        : s(sh), in(sh.c, sh.w, sh.h, sh.n), w(sh.k, sh.c, 3, 3), bias(sh.k), want(sh.out_size()) {
        in.set_name("in");
        w.set_name("w");
        bias.set_name("bias");
        std::mt19937 rng(21);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (size_t i = 0; i < size_t(sh.c) * sh.w * sh.h * sh.n; i++) {
            in.data()[i] = d(rng);
        }
        for (size_t i = 0; i < size_t(sh.k) * sh.c * 9; i++) {
            w.data()[i] = d(rng);
        }
        for (int i = 0; i < sh.k; i++) {
            bias(i) = d(rng);
        }
        conv_layer_reference::naive_conv_layer(in.data(), w.data(), bias.data(), want.data(), sh.n,
                                               sh.h, sh.w, sh.c, sh.k);
    }
};

Problem &problem(const Shape &s) {
    static std::map<std::string, std::unique_ptr<Problem>> problems;
    std::unique_ptr<Problem> &p = problems[s.name()];
    if (!p) {
        p = std::make_unique<Problem>(s);
    }
    return *p;
}

/// One implementation: `prepare` runs once before timing (layouts, compilation) and
/// returns the timed call and a function that writes the NHWC result for the check.
struct Impl {
    std::function<void()> run;
    std::function<void(float *)> result;
};
using Prepare = std::function<Impl(const Problem &)>;

void run_benchmark(benchmark::State &state, Shape s, int threads, Prepare prepare) {
    weft::set_num_threads(threads);
    omp_set_num_threads(threads);
    if (omp_get_max_threads() != threads) {
        state.SkipWithError("could not set the OpenMP thread count");
        return;
    }
    const Problem &p = problem(s);
    Impl impl;
    std::vector<float> out(s.out_size(), 0.0f);
    try {
        impl = prepare(p);
        impl.run();
        impl.result(out.data());
    } catch (const std::exception &e) {
        state.SkipWithError(e.what());
        return;
    }
    double worst = 0;
    for (size_t i = 0; i < out.size(); i++) {
        worst = std::max(worst, double(std::abs(out[i] - p.want[i])));
    }
    if (!(worst <= 1e-5 * 9 * s.c)) {
        state.SkipWithError(("wrong result: max difference " + std::to_string(worst)).c_str());
        return;
    }
    for (auto _ : state) {
        impl.run();
    }
    state.counters["flop"] = s.flop();
    state.counters["GFLOP/s"] = benchmark::Counter(s.flop() * double(state.iterations()) * 1e-9,
                                                   benchmark::Counter::kIsRate);
}

Prepare weft_impl(conv_layer::Schedule schedule) {
    return [schedule](const Problem &p) {
        auto layer = std::make_shared<conv_layer::ConvLayer>(schedule);
        auto out = std::make_shared<Buffer<float>>(p.s.k, p.s.w, p.s.h, p.s.n);
        Impl impl;
        impl.run = [&p, layer, out] { (*layer)(p.in, p.w, p.bias, *out); };
        impl.result = [out, &p](float *dst) {
            std::copy(out->data(), out->data() + p.s.out_size(), dst);
        };
        return impl;
    };
}

Impl naive_impl(const Problem &p) {
    auto out = std::make_shared<std::vector<float>>(p.s.out_size());
    Impl impl;
    impl.run = [&p, out] {
        conv_layer_reference::naive_conv_layer(p.in.data(), p.w.data(), p.bias.data(), out->data(),
                                               p.s.n, p.s.h, p.s.w, p.s.c, p.s.k);
        benchmark::ClobberMemory();
    };
    impl.result = [out](float *dst) { std::copy(out->begin(), out->end(), dst); };
    return impl;
}

/// oneDNN's convolution with its preferred layouts (format_tag::any) and a ReLU post-op.
Impl onednn_impl(const Problem &p) {
    using namespace dnnl;
    using tag = memory::format_tag;
    using dt = memory::data_type;
    struct State {
        engine eng{engine::kind::cpu, 0};
        stream strm{eng};
        memory src, weights, bias, dst, user_dst;
        convolution_forward conv;
    };
    auto st = std::make_shared<State>();
    const Shape &s = p.s;
    const memory::dims src_dims = {s.n, s.c, s.h, s.w}, w_dims = {s.k, s.c, 3, 3},
                       b_dims = {s.k}, dst_dims = {s.n, s.k, s.h, s.w};
    // The user's layouts: NHWC input and output, HWIO weights (k innermost).
    memory user_src({src_dims, dt::f32, tag::nhwc}, st->eng, const_cast<float *>(p.in.data()));
    memory user_w({w_dims, dt::f32, tag::hwio}, st->eng, const_cast<float *>(p.w.data()));
    st->bias = memory({b_dims, dt::f32, tag::x}, st->eng, const_cast<float *>(p.bias.data()));
    st->user_dst = memory({dst_dims, dt::f32, tag::nhwc}, st->eng);

    convolution_forward::desc desc(
        prop_kind::forward_inference, algorithm::convolution_direct,
        memory::desc(src_dims, dt::f32, tag::any), memory::desc(w_dims, dt::f32, tag::any),
        memory::desc(b_dims, dt::f32, tag::any), memory::desc(dst_dims, dt::f32, tag::any),
        {1, 1}, {1, 1}, {1, 1});
    post_ops ops;
    ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    primitive_attr attr;
    attr.set_post_ops(ops);
    convolution_forward::primitive_desc pd(desc, attr, st->eng);
    st->conv = convolution_forward(pd);

    // Reorders into oneDNN's layouts, once, outside the timed region.
    st->src = memory(pd.src_desc(), st->eng);
    st->weights = memory(pd.weights_desc(), st->eng);
    st->dst = memory(pd.dst_desc(), st->eng);
    reorder(user_src, st->src).execute(st->strm, user_src, st->src);
    reorder(user_w, st->weights).execute(st->strm, user_w, st->weights);
    st->strm.wait();

    Impl impl;
    impl.run = [st] {
        st->conv.execute(st->strm, {{DNNL_ARG_SRC, st->src},
                                    {DNNL_ARG_WEIGHTS, st->weights},
                                    {DNNL_ARG_BIAS, st->bias},
                                    {DNNL_ARG_DST, st->dst}});
        st->strm.wait();
    };
    impl.result = [st, &p](float *out) {
        reorder(st->dst, st->user_dst).execute(st->strm, st->dst, st->user_dst);
        st->strm.wait();
        const float *d = static_cast<const float *>(st->user_dst.get_data_handle());
        std::copy(d, d + p.s.out_size(), out);
    };
    return impl;
}

void register_all() {
    std::vector<Shape> shapes = {{1, 56, 56, 64, 64}, {4, 56, 56, 64, 64}};
    if (ml_bench::quick()) {
        shapes = {{1, 14, 14, 64, 64}};
    }
    for (const Shape &s : shapes) {
        for (int threads : {1, 2}) {
            const std::string prefix =
                "conv_layer/" + s.name() + "/" + std::to_string(threads) + "/";
            std::vector<std::pair<std::string, Prepare>> impls = {
                {"weft", weft_impl(conv_layer::Schedule::Blocked)},
                {"weft_blocked_wide", weft_impl(conv_layer::Schedule::BlockedWide)},
                {"onednn", onednn_impl},
            };
            if (threads == 1) {
                impls.emplace_back("naive", naive_impl);
            }
            for (auto &[impl, prepare] : impls) {
                ml_bench::set_timing(benchmark::RegisterBenchmark(
                    (prefix + impl).c_str(), run_benchmark, s, threads, prepare)
                                         ->Unit(benchmark::kMillisecond));
            }
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    register_all();
    return ml_bench::run_with_summary(argc, argv);
}
