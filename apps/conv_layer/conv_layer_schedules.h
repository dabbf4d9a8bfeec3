#ifndef WEFT_APPS_CONV_LAYER_SCHEDULES_H
#define WEFT_APPS_CONV_LAYER_SCHEDULES_H

// Manual schedules of the convolution layer in conv_layer_algorithm.h, best first.
//
//  - Blocked: the register tile of a direct convolution (as oneDNN's and Halide's
//    conv_layer): the output is tiled tile_k channels x tile_x pixels of one row; per
//    tile, conv accumulates in tile_k / 16 x tile_x vector registers over the input
//    channels and the 3 x 3 taps (k and x unrolled innermost), so each reduction step is
//    tile_x broadcasts of the input, tile_k / 16 vector loads of the weights and
//    tile_x * tile_k / 16 FMAs. The tiles of one row run channel block by channel block
//    (the weights of one block, tile_k x C x 9 floats, stay in L2). Bands of `rows`
//    output rows (of one image) run in parallel; within a band the zero-padded input
//    slides: each output row computes the one new padded row it needs (the band's first
//    computes three), into a circular buffer of 4 rows.
//    ConvLayer compiles one pipeline per layer shape with the sizes as constants
//    (FixedSizes): the broadcasts of neighbouring pixels are constant offsets from one
//    pointer and the loop bounds and strides fold.
//    Default tile: all 64 channels of 4 pixels (16 accumulators; on Zen 4 with AVX-512
//    it measured fastest of 64x4, 64x7, 32x8, 32x14 and 16x28 at 1 thread).
//  - BlockedWide: Blocked with a tile wide in pixels: 32 channels of 14 pixels (28
//    accumulators; each weight vector serves 14 FMAs, each broadcast 2).
//  - Naive: every stage at root, serial and scalar.
//
// Sizes: Blocked shifts its last tiles inwards, so it needs K >= tile_k (a multiple of
// 16) and W >= tile_x; any H and N work (the last band of rows is guarded). ConvLayer
// (below) runs the naive schedule for smaller layers.

#include "conv_layer_algorithm.h"

#include <weft/weft.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

namespace conv_layer {

enum class Schedule { Blocked, BlockedWide, Naive };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Blocked:
        return "blocked";
    case Schedule::BlockedWide:
        return "blocked_wide";
    case Schedule::Naive:
        return "naive";
    }
    return "?";
}

/// The register tile, tile_k output channels (a multiple of 16) by tile_x pixels, and
/// the band of output rows that one parallel task computes.
struct Tiling {
    int tile_k = 64;
    int tile_x = 4;
    int rows = 4;
};

/// Blocked's default tile (all 64 channels of 4 pixels) and BlockedWide's (32 channels
/// of 14 pixels); both compute bands of 4 rows.
inline Tiling default_tiling(Schedule s) {
    return s == Schedule::BlockedWide ? Tiling{32, 14, 4} : Tiling{64, 4, 4};
}

inline bool tiles_fit(int k, int width, Schedule s, const Tiling &t) {
    return s == Schedule::Naive || (k >= t.tile_k && width >= t.tile_x);
}

/// Sizes a pipeline is compiled for; 0 leaves a size free. C: input channels, K: output
/// channels, W x H: image, N: batch.
struct FixedSizes {
    int c = 0, k = 0, w = 0, h = 0, n = 0;
    bool operator<(const FixedSizes &o) const {
        return std::tie(c, k, w, h, n) < std::tie(o.c, o.k, o.w, o.h, o.n);
    }
};

/// Applies schedule `s` with tiling `t`. Each size `fixed` gives is compiled in as a
/// constant (bound() on the output, and on the padded input's channels): loop extents,
/// the padded input's pitch and the output's strides fold, which measured 2% faster
/// than free sizes on the 56 x 56 x 64 layer. Other sizes are then a RuntimeError
/// naming the Func and the bound (conv_layer for W, H, N, K; conv_layer_padded for C).
inline void schedule_conv_layer(ConvLayerFuncs &f, Schedule s, const Tiling &t,
                                const FixedSizes &fixed = {}) {
    using namespace weft;
    if (s == Schedule::Naive) {
        f.padded.compute_root();
        f.conv.compute_root();
        return;
    }
    const int lanes = 16;
    Var ko("ko"), ki("ki"), xo("xo"), xi("xi"), yo("yo"), yi("yi"), yn("yn");
    // Bands of rows: GuardWithIf, so that any height works (the guard is per row).
    f.relu.split(f.k, ko, ki, t.tile_k)
        .split(f.x, xo, xi, t.tile_x)
        .split(f.y, yo, yi, t.rows, TailStrategy::GuardWithIf)
        .reorder(ki, xi, xo, ko, yi, yo, f.n)
        .fuse(yo, f.n, yn)
        .parallel(yn)
        .vectorize(ki, lanes)
        .unroll(ki)
        .unroll(xi);
    // conv covers exactly one tile (a multiple of the vector width): no RoundUp tail.
    f.conv.compute_at(f.relu, xo)
        .vectorize(f.k, lanes, TailStrategy::RoundUp)
        .unroll(f.k)
        .unroll(f.x);
    f.conv.update()
        .reorder(f.k, f.x, f.r.x, f.r.y, f.r.z, f.y, f.n)
        .vectorize(f.k, lanes, TailStrategy::RoundUp)
        .unroll(f.k)
        .unroll(f.x);
    // Stored per band, computed per row: the sliding window computes each padded row once
    // per band (storage folding keeps 4 rows).
    f.padded.store_at(f.relu, yn)
        .compute_at(f.relu, yi)
        .vectorize(f.k, lanes, TailStrategy::GuardWithIf);
    if (fixed.c > 0) {
        f.padded.bound(f.k, 0, fixed.c);
    }
    const std::pair<const Var *, int> output_sizes[] = {
        {&f.k, fixed.k}, {&f.x, fixed.w}, {&f.y, fixed.h}, {&f.n, fixed.n}};
    for (const auto &[var, size] : output_sizes) {
        if (size > 0) {
            f.relu.bound(*var, 0, size);
        }
    }
}

/// A compiled convolution layer for any sizes: schedule `s` where its tiles fit, the
/// naive schedule for layers smaller than one tile. The tiled pipeline is compiled at
/// the first call with each layer shape, with that shape's sizes as constants (as
/// oneDNN creates one primitive per shape); the naive one once, for any size.
///
///   conv_layer::ConvLayer layer(conv_layer::Schedule::Blocked);
///   layer(in, w, bias, out);   // in: Buffer<float>(C, W, H, N), w: (K, C, 3, 3),
///                              // bias: (K), out: (K, W, H, N)
class ConvLayer {
public:
    explicit ConvLayer(Schedule s) : ConvLayer(s, default_tiling(s)) {}
    ConvLayer(Schedule s, const Tiling &t) : schedule_(s), tiling_(t) {}

    void operator()(const weft::Buffer<float> &in, const weft::Buffer<float> &w,
                    const weft::Buffer<float> &bias, weft::Buffer<float> &out) {
        const bool fits = tiles_fit(out.dim(0).extent(), out.dim(1).extent(), schedule_, tiling_);
        const Schedule s = fits ? schedule_ : Schedule::Naive;
        FixedSizes fixed;
        if (s != Schedule::Naive) {
            fixed = FixedSizes{in.dim(0).extent(), out.dim(0).extent(), out.dim(1).extent(),
                               out.dim(2).extent(), out.dim(3).extent()};
        }
        std::unique_ptr<Compiled> &p = compiled_[fixed];
        if (!p) {
            p = std::make_unique<Compiled>();
            p->funcs = std::make_unique<ConvLayerFuncs>(
                make_conv_layer(p->in, p->w, p->bias, std::string("conv_layer_") + to_string(s)));
            schedule_conv_layer(*p->funcs, s, tiling_, fixed);
        }
        p->in.set(in);
        p->w.set(w);
        p->bias.set(bias);
        p->funcs->relu.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam in{weft::Float(32), 4, "in"}, w{weft::Float(32), 4, "w"},
            bias{weft::Float(32), 1, "bias"};
        std::unique_ptr<ConvLayerFuncs> funcs;
    };
    Schedule schedule_;
    Tiling tiling_;
    std::map<FixedSizes, std::unique_ptr<Compiled>> compiled_; ///< by shape (all 0: naive)
};

} // namespace conv_layer

#endif
