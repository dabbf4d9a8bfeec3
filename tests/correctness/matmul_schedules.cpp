// Matrix multiply under several schedules: the sgemm algorithm of apps/matmul
// (matmul_algorithm.h: row-major C = A * B, in weft coordinates C(j, i) = sum_k A(k, i) *
// B(j, k)) scheduled naive, tiled + vectorized, register-blocked (the tile kept in
// registers) and packed (register-blocked over packed B panels with a parallel outer
// loop), on sizes that no tile divides, each compared with a C++ triple loop within
// float tolerance. A last case checks the register-blocked inner loop's machine code:
// FMAs on vectors, no gathers. (apps/matmul/test.cpp checks the app itself.)

#include "test_util.h"

#include "../../apps/matmul/matmul_schedules.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace weft;

namespace {

struct Shape {
    int m, n, k; // C is m x n, the reduction runs over k
};

/// A(k, i) and B(j, k) of the given shape, filled from a fixed seed.
struct Inputs {
    Buffer<float> a, b;
    Inputs(const Shape &s, uint32_t seed) : a(s.k, s.m), b(s.n, s.k) {
        a.set_name("A");
        b.set_name("B");
        weft_test::fill_uniform(a, seed, -1.0, 1.0);
        weft_test::fill_uniform(b, seed + 1, -1.0, 1.0);
    }
};

/// Runs the sgemm pipeline under schedule `s` and compares C with a triple loop. The
/// tolerance is relative to the size of the terms: K products of magnitude <= 1,
/// summed in a different order (and with fused multiply-adds) than the reference.
void check_schedule(const Shape &shape, matmul::Schedule s,
                    const matmul::Tiling &tiling = {}) {
    INFO("schedule " << matmul::to_string(s) << ", C " << shape.m << "x" << shape.n << ", K "
                     << shape.k << ", tile " << tiling.tile_w << "x" << tiling.tile_h);
    Inputs in(shape, uint32_t(shape.m * 131 + shape.n * 7 + shape.k));
    ImageParam A(Float(32), 2, "A"), B(Float(32), 2, "B");
    matmul::MatmulFuncs f = matmul::make_matmul(A, B, std::string("mm_") + matmul::to_string(s));
    matmul::schedule_matmul(f, s, tiling);
    A.set(in.a);
    B.set(in.b);
    Buffer<float> c(shape.n, shape.m);
    f.C.realize(c);
    const double tolerance = 1e-6 * shape.k;
    CHECK(weft_test::check_buffer(
        c,
        [&](int j, int i) {
            float acc = 0.0f;
            for (int r = 0; r < shape.k; r++) {
                acc += in.a(r, i) * in.b(j, r);
            }
            return acc;
        },
        tolerance));
}

std::string read_file(const std::string &path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

/// What one basic block of an assembly listing holds.
struct BlockCounts {
    int zmm_fmas = 0;   // vfmadd231ps with a zmm destination
    int broadcasts = 0; // vbroadcastss, or FMAs with an embedded {1to16} broadcast
    int gathers = 0;
    int stack_accesses = 0; // spills and reloads
};

/// The basic block (from a label or branch to the next) with the most zmm FMAs (of those, the
/// one with the fewest gathers: the dense path rather than the any-stride one).
BlockCounts busiest_fma_block(const std::string &assembly) {
    BlockCounts best, current;
    std::istringstream lines(assembly);
    std::string line;
    auto finish = [&] {
        const bool more = current.zmm_fmas > best.zmm_fmas;
        const bool as_many_fewer_gathers =
            current.zmm_fmas == best.zmm_fmas && current.gathers < best.gathers;
        if (more || as_many_fewer_gathers) {
            best = current;
        }
        current = BlockCounts();
    };
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == ':') {
            finish();
            continue;
        }
        const bool fma = line.find("vfmadd231ps") != std::string::npos;
        if (fma && line.rfind("%zmm") != std::string::npos) {
            current.zmm_fmas++;
        }
        if (line.find("vbroadcastss") != std::string::npos ||
            (fma && line.find("{1to16}") != std::string::npos)) {
            current.broadcasts++;
        }
        if (line.find("vgather") != std::string::npos) {
            current.gathers++;
        }
        if (line.find("(%rsp)") != std::string::npos) {
            current.stack_accesses++;
        }
        if (line.rfind("\tj", 0) == 0) {
            finish(); // a branch ends the block
        }
    }
    finish();
    return best;
}

const Shape odd_shape{67, 45, 31};
const Shape larger_shape{128, 96, 80};
// The default tiles (64 x 6) are wider than the 45 columns of odd_shape: it runs with
// narrower ones (a tiled schedule needs N >= tile_w and M >= tile_h).
const matmul::Tiling narrow_tiles{16, 32, 6};

} // namespace

TEST_CASE("matmul schedules: naive", "[matmul]") {
    check_schedule(odd_shape, matmul::Schedule::Naive);
    check_schedule(larger_shape, matmul::Schedule::Naive);
}

TEST_CASE("matmul schedules: tiled and vectorized", "[matmul]") {
    check_schedule(odd_shape, matmul::Schedule::TiledVectorized, narrow_tiles);
    check_schedule(larger_shape, matmul::Schedule::TiledVectorized);
}

TEST_CASE("matmul schedules: register-blocked", "[matmul]") {
    check_schedule(larger_shape, matmul::Schedule::RegisterBlocked);
    check_schedule(odd_shape, matmul::Schedule::RegisterBlocked, narrow_tiles);
    // 8 lanes (AVX2-sized vectors) in a 24 x 4 tile, and a 32 x 12 tile: tails on both
    // sides, and 12 unrolled rows.
    check_schedule(odd_shape, matmul::Schedule::RegisterBlocked, {8, 24, 4});
    check_schedule(larger_shape, matmul::Schedule::RegisterBlocked, {16, 32, 12});
}

TEST_CASE("matmul schedules: packed, parallel", "[matmul]") {
    set_num_threads(2);
    check_schedule(larger_shape, matmul::Schedule::Packed);
    check_schedule(odd_shape, matmul::Schedule::Packed, narrow_tiles);
    set_num_threads(0);
}

TEST_CASE("matmul schedules: the register-blocked inner loop is vector FMAs", "[matmul]") {
    const Target t = get_host_target();
    if (!t.has_feature(Target::AVX512)) {
        SUCCEED("host has no AVX-512; the machine-code check is for zmm registers");
        return;
    }
    ImageParam A(Float(32), 2, "A"), B(Float(32), 2, "B");
    matmul::MatmulFuncs f = matmul::make_matmul(A, B, "mm_asm");
    matmul::schedule_matmul(f, matmul::Schedule::RegisterBlocked);
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("weft_matmul_" + std::to_string(::getpid()) + ".s"))
                                 .string();
    f.C.compile_to_assembly(path, t);
    const std::string s = read_file(path);
    std::remove(path.c_str());
    // The k loop of the 64 x 6 tile: 24 FMAs on zmm accumulators, 6 broadcasts of A
    // (4 vector loads of B), the tile kept in registers (nothing on the stack), and
    // dense loads (no gathers) on the path where the buffers are dense.
    const BlockCounts k_loop = busiest_fma_block(s);
    CHECK(k_loop.zmm_fmas == 24);
    CHECK(k_loop.broadcasts == 6);
    CHECK(k_loop.gathers == 0);
    CHECK(k_loop.stack_accesses == 0);
}
