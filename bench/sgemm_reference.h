#ifndef WEFT_BENCH_SGEMM_REFERENCE_H
#define WEFT_BENCH_SGEMM_REFERENCE_H

// Hand-written baselines of bench/sgemm.cpp, defined in bench/sgemm_reference.cpp, which
// bench/CMakeLists.txt compiles with -O3 -march=native (as a user would build them).

#include <cstdint>

namespace sgemm_reference {

/// The FMA probe: `iterations` rounds of independent vector FMAs on as many accumulators
/// as keep one core's FMA pipes busy (16 chains of the widest vector the TU was
/// compiled for). Returns a checksum (so the work cannot be dropped).
float fma_probe(int64_t iterations);
/// Floating-point operations of one probe iteration (2 per lane per FMA).
int64_t fma_probe_flops_per_iteration();
/// "avx512", "avx2" or "scalar": the vectors the probe uses.
const char *fma_probe_isa();

/// Row-major C = A * B (A: M x K, B: K x N, C: M x N), the textbook i-j-k loop with a
/// scalar dot product: the naive baseline.
void naive_sgemm(const float *a, const float *b, float *c, int m, int n, int k);

} // namespace sgemm_reference

#endif
