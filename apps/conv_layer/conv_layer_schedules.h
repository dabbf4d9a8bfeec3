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
//    (the weights of one block, tile_k x C x 9 floats, stay in L2), rows (and images)
//    in parallel, and the zero-padded input is computed per output row (3 input rows,
//    in L1).
//  - Naive: every stage at root, serial and scalar.
//
// Sizes: Blocked shifts its last tiles inwards, so it needs K >= tile_k (a multiple of
// 16) and W >= tile_x; ConvLayer (below) runs the naive schedule for smaller layers.

#include "conv_layer_algorithm.h"

#include <weft/weft.h>

#include <memory>
#include <string>

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

/// The register tile: tile_k output channels (a multiple of 16) by tile_x pixels.
struct Tiling {
    int tile_k = 32;
    int tile_x = 8;
};

/// Blocked's default tile, and BlockedWide's: all 64 channels of 4 pixels.
inline Tiling default_tiling(Schedule s) {
    return s == Schedule::BlockedWide ? Tiling{64, 4} : Tiling{32, 8};
}

inline bool tiles_fit(int k, int width, Schedule s, const Tiling &t) {
    return s == Schedule::Naive || (k >= t.tile_k && width >= t.tile_x);
}

inline void schedule_conv_layer(ConvLayerFuncs &f, Schedule s, const Tiling &t) {
    using namespace weft;
    if (s == Schedule::Naive) {
        f.padded.compute_root();
        f.conv.compute_root();
        return;
    }
    const int lanes = 16;
    Var ko("ko"), ki("ki"), xo("xo"), xi("xi"), yn("yn");
    f.relu.split(f.k, ko, ki, t.tile_k)
        .split(f.x, xo, xi, t.tile_x)
        .reorder(ki, xi, xo, ko, f.y, f.n)
        .fuse(f.y, f.n, yn)
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
    f.padded.compute_at(f.relu, yn).vectorize(f.k, lanes, TailStrategy::GuardWithIf);
}

/// A compiled convolution layer for any sizes: schedule `s` where its tiles fit, the
/// naive schedule for layers smaller than one tile (each compiled at first use).
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
        Compiled &p = fits ? tiled_ : small_;
        const Schedule s = fits ? schedule_ : Schedule::Naive;
        if (!p.funcs) {
            p.funcs = std::make_unique<ConvLayerFuncs>(
                make_conv_layer(p.in, p.w, p.bias, std::string("conv_layer_") + to_string(s)));
            schedule_conv_layer(*p.funcs, s, tiling_);
        }
        p.in.set(in);
        p.w.set(w);
        p.bias.set(bias);
        p.funcs->relu.realize(out);
    }

private:
    struct Compiled {
        weft::ImageParam in{weft::Float(32), 4, "in"}, w{weft::Float(32), 4, "w"},
            bias{weft::Float(32), 1, "bias"};
        std::unique_ptr<ConvLayerFuncs> funcs;
    };
    Schedule schedule_;
    Tiling tiling_;
    Compiled tiled_, small_;
};

} // namespace conv_layer

#endif
