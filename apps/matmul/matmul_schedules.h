#ifndef WEFT_APPS_MATMUL_SCHEDULES_H
#define WEFT_APPS_MATMUL_SCHEDULES_H

// Manual schedules of the sgemm in matmul_algorithm.h, the best one first.
//
//  - Packed: the register tile (Halide's and BLIS's matrix-multiply kernel) over column
//    panels that run in parallel, with B's panel packed. C is tiled tile_w x tile_h with
//    the column panels (x) outermost and parallel, row tiles (y) inside. Per column
//    panel, B_in copies B's tile_w x K panel into a dense buffer (K rows of tile_w
//    floats: one k step of the kernel reads consecutive cache lines, whatever B's row
//    pitch). prod is computed per tile with both stages vectorized on x and unrolled on
//    x and y, the update ordered (x, y, k) innermost first: each k step is tile_h
//    broadcasts of A, tile_w / vector_width vector loads of the packed panel and
//    tile_h * tile_w / vector_width FMAs on registers.
//  - RegisterBlocked: the same kernel reading B in place (no packing), serial.
//  - TiledVectorized: C tiled, prod computed per tile and vectorized on x, k outside the
//    tile's loops; no unrolling, so the tile lives in memory.
//  - Naive: prod computed at root, every loop serial and scalar.
//
// Sizes: the tiled schedules shift the last tile of each dimension inwards
// (TailStrategy::ShiftInwards), so any M, N not multiples of the tile work, but they
// need N >= tile_w and M >= tile_h; any K >= 1 works. Matmul (below) runs any M, N, K:
// the naive schedule where one tile does not fit, and for Packed the register tile
// (64 x 6 or 48 x 8) that wastes fewer columns on the busiest thread (tiling_for_size),
// each compiled once. (A specialization on the sizes would be the Halide way, but weft
// cannot yet place a Func -- prod -- inside a specialized stage.) A B whose height is
// not K is a RuntimeError naming B.

#include "matmul_algorithm.h"

#include <weft/weft.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace matmul {

enum class Schedule { Packed, RegisterBlocked, TiledVectorized, Naive };

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::Packed:
        return "packed";
    case Schedule::RegisterBlocked:
        return "register_blocked";
    case Schedule::TiledVectorized:
        return "tiled_vectorized";
    case Schedule::Naive:
        return "naive";
    }
    return "?";
}

/// The register tile: tile_w floats (a multiple of vector_width) by tile_h rows.
/// 64 x 6 with 16-lane vectors keeps 24 zmm accumulators, 4 B vectors and a broadcast
/// of A in AVX-512's 32 registers. (32 x 12 needs as many registers but reads 12 rows
/// of A per k step; at a row pitch of 4 KiB those rows share one L1 set of 8 ways and
/// evict each other. At 1024^3 on Zen 4 without packing: 32 x 12 85% of peak, 48 x 8
/// 90%, 64 x 6 93%.)
struct Tiling {
    int vector_width = 16;
    int tile_w = 64;
    int tile_h = 6;
};

/// The register tile for a target: 64 x 6 with AVX-512 (32 vector registers); 16 x 6
/// of 8 lanes with AVX2 (12 ymm accumulators, 2 B vectors and a broadcast in 16).
inline Tiling tiling_for(const weft::Target &t) {
    if (t.has_feature(weft::Target::AVX512)) {
        return Tiling{16, 64, 6};
    }
    return Tiling{8, 16, 6};
}

/// The register tile Matmul uses for C of m x n on `threads` threads: 64 x 6 (see
/// tiling_for), or with AVX-512 48 x 8 (also 24 accumulators) where it computes fewer
/// columns on the busiest thread. The last column panel is shifted inwards, so a panel
/// width that does not divide N computes the overlap twice: at N = 1000 on one thread
/// 64 x 6 computes 1024 columns and 48 x 8 1008 (measured 2% faster on Zen 4); on two
/// threads 64 x 6's 16 panels split 8 / 8 (512 columns each) and 48 x 8's 21 panels
/// 11 / 10 (528), so 64 x 6 stays.
inline Tiling tiling_for_size(const weft::Target &target, int m, int n, int threads) {
    const Tiling wide = tiling_for(target);
    const Tiling tall{16, 48, 8};
    if (!target.has_feature(weft::Target::AVX512) || m < tall.tile_h || n < tall.tile_w) {
        return wide;
    }
    const int t = threads < 1 ? 1 : threads;
    auto busiest_columns = [&](const Tiling &tile) {
        const int panels = (n + tile.tile_w - 1) / tile.tile_w;
        return (panels + t - 1) / t * tile.tile_w;
    };
    return busiest_columns(tall) < busiest_columns(wide) ? tall : wide;
}

namespace detail {

/// The register-blocked kernel on the stages given (the specializations of the tiled
/// path): C tiled with column panels outermost, prod per tile in registers.
inline void register_tile(MatmulFuncs &f, weft::Stage C, weft::Stage prod_init,
                          weft::Stage prod_update, const Tiling &t) {
    using namespace weft;
    Var xi("xi"), yi("yi");
    // Column panels outermost, row tiles inside: the B panel of one column of tiles
    // (tile_w x K floats) stays in L2 while every row tile uses it; A streams.
    C.tile(f.x, f.y, xi, yi, t.tile_w, t.tile_h)
        .reorder(xi, yi, f.y, f.x)
        .vectorize(xi, t.vector_width)
        .unroll(xi)
        .unroll(yi);
    // prod covers exactly one tile, a multiple of the vector width: RoundUp splits add
    // no tail (the update's default, GuardWithIf, would hide that the vectors are dense).
    prod_init.vectorize(f.x, t.vector_width, TailStrategy::RoundUp).unroll(f.x).unroll(f.y);
    prod_update.reorder(f.x, f.y, f.k)
        .vectorize(f.x, t.vector_width, TailStrategy::RoundUp)
        .unroll(f.x)
        .unroll(f.y);
}

} // namespace detail

/// True when the tiled schedules can run M x N outputs with tiling `t`.
inline bool tiles_fit(int m, int n, Schedule s, const Tiling &t) {
    return s == Schedule::Naive || (m >= t.tile_h && n >= t.tile_w);
}

/// Applies schedule `s` to the Funcs of make_matmul (once per MatmulFuncs). The tiled
/// schedules need N >= tile_w and M >= tile_h (tiles_fit); Matmul below picks the naive
/// schedule for smaller matrices.
inline void schedule_matmul(MatmulFuncs &f, Schedule s, const Tiling &t = Tiling{}) {
    using namespace weft;
    Var xi("xi"), yi("yi");
    switch (s) {
    case Schedule::Naive:
        f.prod.compute_root();
        return;
    case Schedule::TiledVectorized:
        f.C.tile(f.x, f.y, xi, yi, t.tile_w, t.tile_h)
            .reorder(xi, yi, f.y, f.x)
            .vectorize(xi, t.vector_width);
        f.prod.compute_at(f.C, f.y).vectorize(f.x, t.vector_width, TailStrategy::RoundUp);
        f.prod.update()
            .reorder(f.x, f.y, f.k)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp);
        return;
    case Schedule::RegisterBlocked:
    case Schedule::Packed:
        // Column panels outermost, row tiles inside: the B panel of one column of tiles
        // (tile_w x K floats) stays in L2 while every row tile uses it; A streams.
        f.C.tile(f.x, f.y, xi, yi, t.tile_w, t.tile_h)
            .reorder(xi, yi, f.y, f.x)
            .vectorize(xi, t.vector_width)
            .unroll(xi)
            .unroll(yi);
        // prod covers exactly one tile, a multiple of the vector width: RoundUp splits
        // add no tail (the update's default, GuardWithIf, would hide that the vectors
        // are dense).
        f.prod.compute_at(f.C, f.y)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp)
            .unroll(f.x)
            .unroll(f.y);
        f.prod.update()
            .reorder(f.x, f.y, f.k)
            .vectorize(f.x, t.vector_width, TailStrategy::RoundUp)
            .unroll(f.x)
            .unroll(f.y);
        if (s == Schedule::Packed) {
            f.C.parallel(f.x);
            f.B_in.compute_at(f.C, f.x).vectorize(f.x, t.vector_width);
        }
        return;
    }
}

/// A compiled sgemm for any M, N, K >= 1: schedule `s` where its tiles fit, the naive
/// schedule for matrices smaller than one tile (each compiled at first use). Without a
/// Tiling, each call picks tiling_for_size for its C and weft::get_num_threads() and
/// compiles each register tile it picks once.
///
///   matmul::Matmul mm(matmul::Schedule::Packed);
///   mm(a, b, c);   // a: Buffer<float>(K, M), b: (N, K), c: (N, M)
class Matmul {
public:
    explicit Matmul(Schedule s) : schedule_(s), tiling_(tiling_for(weft::get_host_target())) {}
    Matmul(Schedule s, const Tiling &t) : schedule_(s), tiling_(t), fixed_tiling_(true) {}

    void operator()(const weft::Buffer<float> &a, const weft::Buffer<float> &b,
                    weft::Buffer<float> &c) {
        Tiling t = tiling_;
        if (!fixed_tiling_ && schedule_ == Schedule::Packed) {
            t = tiling_for_size(weft::get_host_target(), c.height(), c.width(),
                                weft::get_num_threads());
        }
        const bool fits = tiles_fit(c.height(), c.width(), schedule_, t);
        Compiled &p = fits ? compiled(schedule_, t) : compiled(Schedule::Naive, tiling_);
        p.A.set(a);
        p.B.set(b);
        p.funcs->C.realize(c);
    }

    /// The pipeline that runs matrices of at least one tile with the default tiling (for
    /// inspection).
    MatmulFuncs &tiled() { return *compiled(schedule_, tiling_).funcs; }

private:
    struct Compiled {
        weft::ImageParam A{weft::Float(32), 2, "A"}, B{weft::Float(32), 2, "B"};
        std::unique_ptr<MatmulFuncs> funcs;
    };

    Compiled &compiled(Schedule s, const Tiling &t) {
        const Key key = s == Schedule::Naive ? Key{int(s), 0, 0, 0}
                                             : Key{int(s), t.vector_width, t.tile_w, t.tile_h};
        std::unique_ptr<Compiled> &p = compiled_[key];
        if (!p) {
            p = std::make_unique<Compiled>();
            p->funcs = std::make_unique<MatmulFuncs>(
                make_matmul(p->A, p->B, std::string("matmul_") + to_string(s)));
            schedule_matmul(*p->funcs, s, t);
        }
        return *p;
    }

    Schedule schedule_;
    Tiling tiling_;
    bool fixed_tiling_ = false;
    using Key = std::tuple<int, int, int, int>; ///< schedule, vector width, tile_w, tile_h
    std::map<Key, std::unique_ptr<Compiled>> compiled_;
};

} // namespace matmul

#endif
