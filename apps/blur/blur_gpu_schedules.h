#ifndef WEFT_APPS_BLUR_GPU_SCHEDULES_H
#define WEFT_APPS_BLUR_GPU_SCHEDULES_H

// The GPU schedule of the blur in blur_algorithm.h (issue 5, item 8), for a Target with
// cuda ("host-cuda"); on a host target the same loops run serially (a correct but slow
// CPU schedule).
//
// blur_y is tiled tile_w x tile_h per block of tile_w x threads_y threads: each thread
// computes tile_h / threads_y outputs of one column, rows threads_y apart, so a warp
// writes consecutive pixels of one row and each thread has several independent loads in
// flight. blur_x is computed per block (compute_at the block loop: shared memory, a
// tile_w x (tile_h + 2) tile of uint16) by the same threads, its rows split by
// threads_y (the last piece guarded) and unrolled, so that a thread's loads of all its
// rows are in flight together (a memory-bound kernel needs many bytes in flight per SM),
// then one barrier, then blur_y reads it from shared memory. So each input pixel is read
// from global memory (tile_h + 2) / tile_h times and each output pixel written once.
//
// Sizes: blur_y's tiles shift the last tile of each dimension inwards, so the output
// must be at least tile_w x tile_h (64 x 32 by default); bench/gpu.cpp measures it.
// tests/gpu/gpu_apps.cpp checks its PTX (shared loads and stores, one barrier) for
// sm_70/80/90 and runs it against blur_reference where there is a device.

#include "blur_algorithm.h"

#include <weft/weft.h>

namespace blur {

/// The block tile of the GPU schedule; tile_h must be a multiple of threads_y and
/// tile_w * threads_y at most 1024.
struct GpuTiling {
    int tile_w = 64, tile_h = 32, threads_y = 8;
};

/// Applies the GPU schedule to the Funcs of make_blur (once per BlurFuncs).
inline void schedule_blur_gpu(BlurFuncs &f, const GpuTiling &t = GpuTiling{}) {
    using namespace weft;
    const Var &x = f.x, &y = f.y;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi"), ty("ty"), yr("yr");
    // Output rows of a thread are threads_y apart: yi = yr * threads_y + ty.
    f.blur_y.tile(x, y, xo, yo, xi, yi, t.tile_w, t.tile_h)
        .split(yi, yr, ty, t.threads_y)
        .reorder(yr, xi, ty, xo, yo)
        .gpu_blocks(xo, yo)
        .gpu_threads(xi, ty)
        .unroll(yr);
    // tile_w x (tile_h + 2) of blur_x per block, in shared memory, by the same threads.
    Var bty("bty"), byr("byr");
    f.blur_x.compute_at(f.blur_y, xo)
        .split(y, byr, bty, t.threads_y, TailStrategy::GuardWithIf)
        .reorder(byr, x, bty)
        .gpu_threads(x, bty)
        .unroll(byr);
}

} // namespace blur

#endif
