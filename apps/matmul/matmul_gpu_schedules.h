#ifndef WEFT_APPS_MATMUL_GPU_SCHEDULES_H
#define WEFT_APPS_MATMUL_GPU_SCHEDULES_H

// The GPU schedules of the sgemm in matmul_algorithm.h (issue 5, item 8), for a Target
// with cuda ("host-cuda"); on a host target the same loops run serially. The best first.
//
//  - RegisterBlocked: C is tiled block_w x block_h per block of threads, each thread
//    owning a contiguous micro_w x micro_h micro-tile (block_w / micro_w threads in x).
//    prod is computed per thread (compute_at C's thread loop), so it is a Register
//    allocation of micro_w * micro_h floats that LLVM keeps in registers: both of its
//    stages are unrolled on x and y, the update ordered (x, y, k) innermost first, so the
//    K loop body is micro_w + micro_h loads of A and B (through L1: a warp's A loads are
//    broadcasts, its B loads cover consecutive floats) and micro_w * micro_h FMAs on
//    registers. K is not split, so no guard breaks the straight-line body. Neither A
//    nor B is staged in shared memory (see below).
//  - SharedTiles: the classic staging, as far as weft can express it. prod is computed
//    per block (shared memory) with the threads' micro-tiles threads_x (threads_y)
//    apart; the K loop is split by k_chunk, its outer part a serial loop of the block,
//    and for each chunk B_in (the wrapper of B) stages a block_w x k_chunk tile of B in
//    shared memory (coalesced rows), a barrier, then every thread runs k_chunk unrolled
//    steps of its micro-tile, and a barrier before the next chunk. A is read directly:
//    the algorithm gives it no wrapper Func and weft has no Func::in() yet.
//    Its accumulators stay in shared memory (one shared load and store per FMA): weft
//    cannot keep a per-thread accumulator in registers across a block-level loop
//    (store_in(Register) is refused at the block level), which is what a CUDA sgemm
//    does, so this schedule is the slower one.
// FuseGPUThreadLoops inserts the barriers (tests/gpu/gpu_apps.cpp counts them).
//
// Sizes: C's tiles shift inwards (TailStrategy::ShiftInwards), so N >= block_w and
// M >= block_h; any K >= 1 works (SharedTiles guards its last K chunk).

#include "matmul_algorithm.h"

#include <weft/weft.h>

namespace matmul {

enum class GpuSchedule { RegisterBlocked, SharedTiles };

inline const char *to_string(GpuSchedule s) {
    return s == GpuSchedule::RegisterBlocked ? "register_blocked" : "shared_tiles";
}

/// The block tile and thread layout of the GPU schedules. block_w must be a multiple of
/// micro_w (RegisterBlocked) and threads_x (SharedTiles), block_h of micro_h and
/// threads_y; at most 1024 threads; SharedTiles needs k_chunk <= threads_y and
/// 4 * block_w * (block_h + k_chunk) bytes of shared memory, at most 48 KiB.
struct GpuTiling {
    int block_w = 128, block_h = 128;
    int micro_w = 8, micro_h = 8;       // RegisterBlocked: outputs per thread
    int threads_x = 16, threads_y = 16; // SharedTiles: threads per block
    int k_chunk = 16;                   // SharedTiles: the K rows of B staged at once
};

/// The SharedTiles tiling tested and measured (64 x 64 accumulators in shared memory).
inline GpuTiling shared_tiles_tiling() {
    GpuTiling t;
    t.block_w = t.block_h = 64;
    return t;
}

inline void schedule_matmul_gpu_registers(MatmulFuncs &f, const GpuTiling &t) {
    using namespace weft;
    const Var &x = f.x, &y = f.y;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi"), tx("tx"), ty("ty"), mx("mx"), my("my");
    f.C.tile(x, y, xo, yo, xi, yi, t.block_w, t.block_h)
        .tile(xi, yi, tx, ty, mx, my, t.micro_w, t.micro_h)
        .reorder(mx, my, tx, ty, xo, yo)
        .gpu_blocks(xo, yo)
        .gpu_threads(tx, ty)
        .unroll(mx)
        .unroll(my);
    f.prod.compute_at(f.C, tx).unroll(x).unroll(y);
    f.prod.update().reorder(x, y, f.k.x).unroll(x).unroll(y);
}

inline void schedule_matmul_gpu_shared(MatmulFuncs &f, const GpuTiling &t) {
    using namespace weft;
    const Var &x = f.x, &y = f.y;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi"), tx("tx"), ty("ty"), mx("mx"), my("my");
    RVar ko("ko"), ki("ki");
    // x = xo * block_w + mx * threads_x + tx (and the same for y).
    f.C.tile(x, y, xo, yo, xi, yi, t.block_w, t.block_h)
        .split(xi, mx, tx, t.threads_x)
        .split(yi, my, ty, t.threads_y)
        .reorder(mx, my, tx, ty, xo, yo)
        .gpu_blocks(xo, yo)
        .gpu_threads(tx, ty)
        .unroll(mx)
        .unroll(my);

    f.prod.compute_at(f.C, xo)
        .split(x, mx, tx, t.threads_x)
        .split(y, my, ty, t.threads_y)
        .reorder(mx, my, tx, ty)
        .gpu_threads(tx, ty)
        .unroll(mx)
        .unroll(my);
    f.prod.update()
        .split(f.k.x, ko, ki, t.k_chunk)
        .split(x, mx, tx, t.threads_x)
        .split(y, my, ty, t.threads_y)
        .reorder(mx, my, ki, tx, ty, ko)
        .gpu_threads(tx, ty)
        .unroll(mx)
        .unroll(my)
        .unroll(ki);

    // One k_chunk x block_w tile of B per K chunk: thread (btx, k) copies the elements
    // btx, btx + threads_x, ... of row k (coalesced); k_chunk <= threads_y threads in y
    // (the last chunk of K uses fewer, bound_gpu_thread_extents guards the rest).
    Var bx("bx"), btx("btx");
    f.B_in.compute_at(f.prod, ko)
        .split(x, bx, btx, t.threads_x)
        .reorder(bx, btx, y)
        .gpu_threads(btx, y);
}

/// Applies GPU schedule `s` to the Funcs of make_matmul (once per MatmulFuncs).
inline void schedule_matmul_gpu(MatmulFuncs &f, GpuSchedule s = GpuSchedule::RegisterBlocked,
                                const GpuTiling &t = GpuTiling{}) {
    if (s == GpuSchedule::RegisterBlocked) {
        schedule_matmul_gpu_registers(f, t);
    } else {
        schedule_matmul_gpu_shared(f, t);
    }
}

} // namespace matmul

#endif
