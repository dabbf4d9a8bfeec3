// apps/matmul at small sizes: every schedule of matmul_schedules.h against the naive
// C++ sgemm of matmul_reference.cpp, on shapes that no tile divides, shapes smaller than
// one tile (the fallback), K = 1, and with 1 and 2 threads; plus the error a mismatched
// B gets.

#include "matmul/matmul_reference.h"
#include "matmul/matmul_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <exception>
#include <random>
#include <string>
#include <vector>

using namespace weft;

namespace {

struct Shape {
    int m, n, k; // C is m x n, the reduction runs over k
};

/// Runs schedule `s` on one random problem and compares every entry of C with the
/// reference, within a tolerance scaled by K (the terms are in [-1, 1]; weft sums them
/// in another order and with fused multiply-adds).
void check(const Shape &sh, matmul::Matmul &mm, const std::string &what) {
    INFO(what << ", M " << sh.m << ", N " << sh.n << ", K " << sh.k);
    Buffer<float> a(sh.k, sh.m), b(sh.n, sh.k);
    std::mt19937 rng(uint32_t(sh.m * 1000003 + sh.n * 1009 + sh.k));
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (int i = 0; i < sh.m; i++) {
        for (int r = 0; r < sh.k; r++) {
            a(r, i) = d(rng);
        }
    }
    for (int r = 0; r < sh.k; r++) {
        for (int j = 0; j < sh.n; j++) {
            b(j, r) = d(rng);
        }
    }
    std::vector<float> expected(size_t(sh.m) * sh.n);
    matmul_reference::naive_matmul(a.data(), b.data(), expected.data(), sh.m, sh.n, sh.k);

    Buffer<float> c(sh.n, sh.m);
    mm(a, b, c);
    const float tolerance = 1e-6f * float(sh.k) + 1e-6f;
    int wrong = 0;
    for (int i = 0; i < sh.m; i++) {
        for (int j = 0; j < sh.n; j++) {
            const float want = expected[size_t(i) * sh.n + j];
            if (!(std::abs(c(j, i) - want) <= tolerance)) {
                if (wrong++ == 0) {
                    FAIL_CHECK("C(" << j << ", " << i << ") = " << c(j, i) << ", expected "
                                    << want);
                }
            }
        }
    }
    CHECK(wrong == 0);
}

void check(const Shape &sh, matmul::Schedule s, const matmul::Tiling &t = matmul::Tiling{}) {
    matmul::Matmul mm(s, t);
    check(sh, mm,
          std::string("schedule ") + matmul::to_string(s) + ", tile " + std::to_string(t.tile_w) +
              "x" + std::to_string(t.tile_h));
}

const matmul::Schedule all_schedules[] = {
    matmul::Schedule::Packed, matmul::Schedule::RegisterBlocked, matmul::Schedule::TiledVectorized,
    matmul::Schedule::Naive};

// Awkward sizes: tails in both dimensions (N = 100 = 64 + 36, M = 67 = 11 * 6 + 1),
// exact multiples, one row tile, K = 1 and an odd K.
const Shape tiled_shapes[] = {{67, 100, 31}, {128, 128, 64}, {6, 64, 1}, {13, 130, 97}};
// Smaller than one 64 x 6 tile: Matmul's naive fallback.
const Shape small_shapes[] = {{1, 1, 1}, {5, 3, 7}, {67, 45, 31}, {3, 200, 9}};

} // namespace

TEST_CASE("every schedule matches the reference on awkward sizes", "[matmul]") {
    for (matmul::Schedule s : all_schedules) {
        for (const Shape &sh : tiled_shapes) {
            check(sh, s);
        }
    }
}

TEST_CASE("matrices smaller than one tile run the naive fallback", "[matmul]") {
    for (matmul::Schedule s : all_schedules) {
        for (const Shape &sh : small_shapes) {
            check(sh, s);
        }
    }
}

TEST_CASE("other register tiles: 8 lanes, 12 rows", "[matmul]") {
    check({67, 100, 31}, matmul::Schedule::Packed, {8, 24, 4});
    check({50, 70, 20}, matmul::Schedule::Packed, {16, 32, 12});
    check({50, 70, 20}, matmul::Schedule::RegisterBlocked, {16, 48, 8});
}

TEST_CASE("the packed schedule on 2 threads", "[matmul]") {
    set_num_threads(2);
    check({67, 100, 31}, matmul::Schedule::Packed);
    check({130, 1000, 40}, matmul::Schedule::Packed);
    check({5, 3, 7}, matmul::Schedule::Packed);
    set_num_threads(0);
}

TEST_CASE("Matmul picks its register tile by size and thread count", "[matmul]") {
    const Target avx512("x86-64-linux-avx512"), avx2("x86-64-linux-avx2");
    // N = 1000: 64 x 6 computes 1024 columns, 48 x 8 1008; on 2 threads 8 / 8 panels of
    // 64 (512 columns) against 11 / 10 of 48 (528).
    CHECK(matmul::tiling_for_size(avx512, 1000, 1000, 1).tile_w == 48);
    CHECK(matmul::tiling_for_size(avx512, 1000, 1000, 1).tile_h == 8);
    CHECK(matmul::tiling_for_size(avx512, 1000, 1000, 2).tile_w == 64);
    CHECK(matmul::tiling_for_size(avx512, 512, 512, 1).tile_w == 64);
    CHECK(matmul::tiling_for_size(avx512, 2048, 2048, 2).tile_w == 64);
    CHECK(matmul::tiling_for_size(avx512, 7, 1000, 1).tile_h == 6); // 48 x 8 needs 8 rows
    CHECK(matmul::tiling_for_size(avx2, 1000, 1000, 1).tile_w == 16);
    // One Matmul on sizes that pick either tile (90 and 140 columns pick 48 x 8 on the
    // host when it has AVX-512), each against the reference, on 1 and 2 threads.
    for (int threads : {1, 2}) {
        set_num_threads(threads);
        matmul::Matmul mm(matmul::Schedule::Packed);
        for (const Shape &sh : {Shape{67, 90, 31}, Shape{13, 140, 97}, Shape{67, 100, 31},
                                Shape{7, 1000, 5}, Shape{5, 3, 7}}) {
            check(sh, mm, "automatic tiling, " + std::to_string(threads) + " threads");
        }
    }
    set_num_threads(0);
}

TEST_CASE("the tiled pipeline refuses an output smaller than one tile", "[matmul]") {
    // schedule_matmul's tiled schedules alone (without Matmul's fallback) need N >= 64.
    ImageParam A(Float(32), 2, "A"), B(Float(32), 2, "B");
    matmul::MatmulFuncs f = matmul::make_matmul(A, B, "mm_small");
    matmul::schedule_matmul(f, matmul::Schedule::Packed, matmul::Tiling{16, 64, 6});
    Buffer<float> a(8, 16), b(40, 8), c(40, 16);
    A.set(a);
    B.set(b);
    CHECK_THROWS_AS(f.C.realize(c), RuntimeError);
}

TEST_CASE("a B whose height is not K is a RuntimeError naming B", "[matmul]") {
    matmul::Matmul mm(matmul::Schedule::Packed);
    Buffer<float> a(32, 16), b(64, 20), c(64, 16); // K = 32, but B has 20 rows
    b.set_name("B");
    try {
        mm(a, b, c);
        FAIL("a B of 20 rows for K = 32 was accepted");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("B") != std::string::npos);
    }
}
