#ifndef WEFT_APPS_CONV_LAYER_GPU_SCHEDULES_H
#define WEFT_APPS_CONV_LAYER_GPU_SCHEDULES_H

// The GPU schedule of the convolution layer in conv_layer_algorithm.h (issue 5, item 8),
// for a Target with cuda ("host-cuda"); on a host target the same loops run serially.
//
// Register blocking, as in matmul's RegisterBlocked GPU schedule: relu is split into
// blocks of block_k output channels x block_x x block_y pixels of one image; a block's
// threads are (block_k / micro_k) x block_x x (block_y / micro_y), each computing a
// micro_k x micro_y micro-tile (micro_k consecutive channels, micro_y pixels of one
// column). conv is computed per thread (compute_at relu's innermost thread loop), a
// Register allocation of micro_k * micro_y floats kept in registers: both of its stages
// are unrolled on k and y, so the reduction body (over input channel, filter column and
// row) is micro_k loads of w, micro_y loads of the padded input and micro_k * micro_y
// FMAs. A warp's w loads are consecutive channels, its input loads broadcasts, both
// served by L1. The padded input is inlined (its select and clamps depend on the filter
// tap only, so LLVM hoists them out of the channel loop).
//
// Not staged in shared memory: the input tile a block needs is C x (block_x + 2) x
// (block_y + 2) floats, and C is known only at run time, while weft's shared
// allocations need a constant size.
//
// Sizes: relu's tiles shift inwards (TailStrategy::ShiftInwards), so K >= block_k,
// W >= block_x and H >= block_y; any C and N work.

#include "conv_layer_algorithm.h"

#include <weft/weft.h>

namespace conv_layer {

/// The tiling of the GPU schedule: block_k a multiple of micro_k, block_y of micro_y,
/// (block_k / micro_k) * block_x * (block_y / micro_y) <= 1024 threads.
struct GpuTiling {
    int block_k = 64, block_x = 8, block_y = 8;
    int micro_k = 4, micro_y = 4;
};

/// Applies the GPU schedule to the Funcs of make_conv_layer (once per ConvLayerFuncs).
inline void schedule_conv_layer_gpu(ConvLayerFuncs &f, const GpuTiling &t = GpuTiling{}) {
    using namespace weft;
    const Var &k = f.k, &x = f.x, &y = f.y, &n = f.n;
    Var ko("ko"), ki("ki"), xo("xo"), xi("xi"), yo("yo"), yi("yi"), kt("kt"), mk("mk"), yt("yt"),
        my("my"), yn("yn");
    // k = ko * block_k + kt * micro_k + mk; y = yo * block_y + yt * micro_y + my.
    f.relu.split(k, ko, ki, t.block_k)
        .split(x, xo, xi, t.block_x)
        .split(y, yo, yi, t.block_y)
        .split(ki, kt, mk, t.micro_k)
        .split(yi, yt, my, t.micro_y)
        .reorder(mk, my, kt, xi, yt, ko, xo, yo, n)
        .fuse(yo, n, yn)
        .gpu_blocks(ko, xo, yn)
        .gpu_threads(kt, xi, yt)
        .unroll(mk)
        .unroll(my);
    f.conv.compute_at(f.relu, kt).unroll(k).unroll(y);
    f.conv.update().reorder(k, y, x, n, f.r.x, f.r.y, f.r.z).unroll(k).unroll(y);
}

} // namespace conv_layer

#endif
