#ifndef WEFT_APPS_UNSHARP_GPU_SCHEDULES_H
#define WEFT_APPS_UNSHARP_GPU_SCHEDULES_H

// The GPU schedule of the unsharp mask in unsharp_algorithm.h (issue 5, item 8), for a
// Target with cuda ("host-cuda"); on a host target the same loops run serially.
//
// output is tiled tile_w x tile_h pixels per block of tile_w x tile_h threads, each
// thread computing its pixel for every channel (the channel loop innermost, serial).
// Per block, in shared memory (compute_at output's block loop), by the same threads:
//  - gray, the (tile_w + 2R) x (tile_h + 2R) luminance tile the block needs (R the
//    blur radius, 3 for sigma 1.5), read once from the input's first three channels;
//    each thread computes the pixels of the tile that are tile_w (tile_h) apart (the
//    last piece guarded), then a barrier;
//  - blur_y, the vertical blur of gray, (tile_w + 2R) x tile_h, then a barrier.
// detail (blur_x, the horizontal blur of blur_y, inlined into it) is computed per thread
// (compute_at output's thread loop), once for all channels, in a register. So the
// input is read about twice (once for gray, with its halo, and once for the output) and
// the output written once.
//
// Sizes: output's tiles shift inwards, so the image must be at least tile_w x tile_h;
// any number of channels >= 3.

#include "unsharp_algorithm.h"

#include <weft/weft.h>

namespace unsharp {

/// The block tile of the GPU schedule, tile_w * tile_h <= 1024 threads.
struct GpuTiling {
    int tile_w = 32, tile_h = 8;
};

/// Applies the GPU schedule to the Funcs of make_unsharp (once per UnsharpFuncs).
inline void schedule_unsharp_gpu(UnsharpFuncs &f, const GpuTiling &t = GpuTiling{}) {
    using namespace weft;
    const Var &x = f.x, &y = f.y, &c = f.c;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f.output.tile(x, y, xo, yo, xi, yi, t.tile_w, t.tile_h)
        .reorder(c, xi, yi, xo, yo)
        .gpu_blocks(xo, yo)
        .gpu_threads(xi, yi);
    f.detail.compute_at(f.output, xi);

    // Shared stages, covered by the same tile_w x tile_h threads.
    auto by_block_threads = [&](Func &s) {
        Var sxo("sxo"), syo("syo"), sxi("sxi"), syi("syi");
        s.compute_at(f.output, xo)
            .tile(x, y, sxo, syo, sxi, syi, t.tile_w, t.tile_h, TailStrategy::GuardWithIf)
            .reorder(sxo, syo, sxi, syi)
            .gpu_threads(sxi, syi);
    };
    by_block_threads(f.gray);
    by_block_threads(f.blur_y);
}

} // namespace unsharp

#endif
