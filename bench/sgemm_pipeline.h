#ifndef WEFT_BENCH_SGEMM_PIPELINE_H
#define WEFT_BENCH_SGEMM_PIPELINE_H

// sgemm as a weft algorithm plus a few schedules for it, shared by bench/sgemm.cpp,
// tests/correctness/matmul_schedules.cpp and (later) apps/matmul.
//
// Layout: row-major C = A * B with A of M x K, B of K x N and C of M x N, all fp32. In
// weft coordinates dimension 0 is the contiguous one, so
//
//   A(k, i)   (dim 0: k in [0, K), dim 1: row i in [0, M))
//   B(j, k)   (dim 0: j in [0, N), dim 1: k in [0, K))
//   C(j, i) = sum over k of A(k, i) * B(j, k)
//
// and C is realized as Buffer<float>(N, M). The reduction lives in an accumulator Func
// `prod` (pure definition 0, one update over RDom k) so that a schedule can compute it
// at an output tile and keep the tile in registers; C copies it out:
//
//   prod(x, y)  = 0
//   prod(x, y) += A(k, y) * B(x, k)
//   C(x, y)     = prod(x, y)
//
//   SgemmFuncs f = make_sgemm(A, B);        // A, B: ImageParams (Float(32), 2 dims)
//   schedule_sgemm(f, SgemmSchedule::RegisterBlocked);
//   f.C.realize(out);                       // out: Buffer<float>(N, M)
//
// Schedules (schedule_sgemm):
//  - Naive:            prod computed at root, every loop serial and scalar.
//  - TiledVectorized:  C tiled, prod computed per tile, its stages vectorized on x with
//                      k outside the tile's x/y loops; no unrolling, so the tile lives
//                      in memory.
//  - RegisterBlocked:  the register tile (Halide's matrix-multiply schedule): C tiled
//                      tile_w x tile_h with the column panels outermost, prod computed
//                      at the tile with both stages vectorized on x and unrolled on x and
//                      y, the update ordered (x, y, k) innermost first. Each k step is
//                      then tile_h broadcasts of A, tile_w / vector_width vector loads
//                      of B and tile_h * tile_w / vector_width FMAs on registers.
//  - RegisterBlockedParallel: the same with the column panels spread over threads.
//
// Sizes: the tiled schedules shift the last tile inwards (TailStrategy::ShiftInwards),
// so they need N >= tile_w and M >= tile_h (else a RuntimeError says the output is too
// small for the region computed); any K >= 1 works.

#include <weft/weft.h>

#include <string>

namespace sgemm {

/// The Funcs and Vars of one sgemm pipeline.
struct SgemmFuncs {
    weft::ImageParam A, B;
    weft::Func prod, C;
    weft::Var x, y;
    weft::RDom k;
};

/// Builds C = A * B over the inputs A (K x M in weft order: A(k, i)) and B (B(j, k)).
/// The reduction runs over A's dimension 0 (K = A.width()); B must have height K.
inline SgemmFuncs make_sgemm(const weft::ImageParam &A, const weft::ImageParam &B,
                             const std::string &prefix = "sgemm") {
    SgemmFuncs f;
    f.A = A;
    f.B = B;
    f.prod = weft::Func(prefix + "_prod");
    f.C = weft::Func(prefix + "_C");
    f.x = weft::Var("x");
    f.y = weft::Var("y");
    f.k = weft::RDom(0, A.width(), "k");
    f.prod(f.x, f.y) = 0.0f;
    f.prod(f.x, f.y) += A(f.k, f.y) * B(f.x, f.k);
    f.C(f.x, f.y) = f.prod(f.x, f.y);
    return f;
}

enum class SgemmSchedule { Naive, TiledVectorized, RegisterBlocked, RegisterBlockedParallel };

inline const char *to_string(SgemmSchedule s) {
    switch (s) {
    case SgemmSchedule::Naive:
        return "naive";
    case SgemmSchedule::TiledVectorized:
        return "tiled_vectorized";
    case SgemmSchedule::RegisterBlocked:
        return "register_blocked";
    case SgemmSchedule::RegisterBlockedParallel:
        return "register_blocked_parallel";
    }
    return "?";
}

/// The register tile: tile_w floats (a multiple of vector_width) by tile_h rows.
/// 64 x 6 with 16-lane vectors keeps 24 zmm accumulators, 4 B vectors and a broadcast
/// of A in AVX-512's 32 registers. (32 x 12 needs as many registers but reads 12 rows
/// of A per k step; at a row pitch of 4 KiB those rows share one L1 set of 8 ways and
/// evict each other. At 1024^3 on Zen 4: 32 x 12 85% of peak, 48 x 8 90%, 64 x 6 93%.)
struct SgemmTiling {
    int vector_width = 16;
    int tile_w = 64;
    int tile_h = 6;
};

/// The register tile for a target: 64 x 6 with AVX-512 (32 vector registers); 16 x 6
/// of 8 lanes with AVX2 (12 ymm accumulators, 2 B vectors and a broadcast in 16).
inline SgemmTiling sgemm_tiling_for(const weft::Target &t) {
    if (t.has_feature(weft::Target::AVX512)) {
        return SgemmTiling{16, 64, 6};
    }
    return SgemmTiling{8, 16, 6};
}

/// Applies schedule `s` to the Funcs of make_sgemm (call once per SgemmFuncs).
inline void schedule_sgemm(SgemmFuncs &f, SgemmSchedule s, const SgemmTiling &t = {}) {
    using namespace weft;
    Var xi("xi"), yi("yi");
    switch (s) {
    case SgemmSchedule::Naive:
        f.prod.compute_root();
        return;
    case SgemmSchedule::TiledVectorized:
        f.C.tile(f.x, f.y, xi, yi, t.tile_w, t.tile_h).vectorize(xi, t.vector_width);
        f.prod.compute_at(f.C, f.x).vectorize(f.x, t.vector_width, TailStrategy::RoundUp);
        f.prod.update()
            .reorder(f.x, f.y, f.k)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp);
        return;
    case SgemmSchedule::RegisterBlocked:
    case SgemmSchedule::RegisterBlockedParallel:
        // Column panels outermost, row tiles inside: the B panel of one column of tiles
        // (tile_w x K floats) stays in L2 while every row tile uses it, and A, read
        // tile_h floats per k step, streams.
        f.C.tile(f.x, f.y, xi, yi, t.tile_w, t.tile_h)
            .reorder(xi, yi, f.y, f.x)
            .vectorize(xi, t.vector_width)
            .unroll(xi)
            .unroll(yi);
        if (s == SgemmSchedule::RegisterBlockedParallel) {
            f.C.parallel(f.x);
        }
        // prod covers exactly one tile, a multiple of the vector width: RoundUp splits
        // add no tail (the update's default, GuardWithIf, would clamp the vector
        // index, hiding that it is dense).
        f.prod.compute_at(f.C, f.y)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp)
            .unroll(f.x)
            .unroll(f.y);
        f.prod.update()
            .reorder(f.x, f.y, f.k)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp)
            .unroll(f.x)
            .unroll(f.y);
        return;
    }
}

} // namespace sgemm

#endif
