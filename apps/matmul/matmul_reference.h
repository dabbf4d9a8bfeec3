#ifndef WEFT_APPS_MATMUL_REFERENCE_H
#define WEFT_APPS_MATMUL_REFERENCE_H

// Plain C++ for apps/matmul, compiled with -O3 -march=native (matmul_reference.cpp):
// the naive sgemm every schedule is checked against and benchmarked with, and an FMA
// probe that measures one core's fp32 peak (bench/matmul.cpp prints it as fma_peak).

#include <cstdint>

namespace matmul_reference {

/// Row-major C = A * B (A: M x K, B: K x N, C: M x N, each densely packed), the
/// textbook i-j-k loop with a scalar dot product.
void naive_matmul(const float *a, const float *b, float *c, int m, int n, int k);

/// The FMA probe: `iterations` rounds of 16 independent chains of vector FMAs of the
/// widest vectors this file was compiled for (enough to keep one core's FMA pipes
/// busy). Returns a checksum, so the work cannot be dropped.
float fma_probe(int64_t iterations);
/// Floating-point operations of one probe iteration (2 per lane per FMA).
int64_t fma_probe_flops_per_iteration();
/// "avx512", "avx2" or "scalar": the vectors the probe uses.
const char *fma_probe_isa();

} // namespace matmul_reference

#endif
