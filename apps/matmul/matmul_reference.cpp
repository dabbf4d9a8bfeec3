// Plain C++ of apps/matmul, compiled with -O3 -march=native (weft_app() builds every
// *_reference.cpp that way): the naive triple loop and the FMA probe that measures one
// core's peak. See matmul_reference.h.

#include "matmul_reference.h"

#include <immintrin.h>

namespace matmul_reference {

namespace {

// 16 independent chains: an FMA has a latency of 4 cycles and two issue ports on the
// cores this runs on, so 8 chains would do; 16 leave a margin.
constexpr int chains = 16;

} // namespace

#if defined(__AVX512F__)

const char *fma_probe_isa() {
    return "avx512";
}
int64_t fma_probe_flops_per_iteration() {
    return int64_t(chains) * 16 * 2;
}

float fma_probe(int64_t iterations) {
    __m512 acc[chains];
    for (int i = 0; i < chains; i++) {
        acc[i] = _mm512_set1_ps(float(i) * 0.001f);
    }
    __m512 m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
    for (int64_t it = 0; it < iterations; it++) {
        // Keeps the compiler from folding iterations together: m and a are opaque.
        asm volatile("" : "+v"(m), "+v"(a));
        for (int i = 0; i < chains; i++) {
            acc[i] = _mm512_fmadd_ps(acc[i], m, a);
        }
    }
    __m512 s = acc[0];
    for (int i = 1; i < chains; i++) {
        s = _mm512_add_ps(s, acc[i]);
    }
    return _mm512_reduce_add_ps(s);
}

#elif defined(__AVX2__) && defined(__FMA__)

const char *fma_probe_isa() {
    return "avx2";
}
int64_t fma_probe_flops_per_iteration() {
    return int64_t(chains) * 8 * 2;
}

float fma_probe(int64_t iterations) {
    __m256 acc[chains];
    for (int i = 0; i < chains; i++) {
        acc[i] = _mm256_set1_ps(float(i) * 0.001f);
    }
    __m256 m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
    for (int64_t it = 0; it < iterations; it++) {
        asm volatile("" : "+x"(m), "+x"(a));
        for (int i = 0; i < chains; i++) {
            acc[i] = _mm256_fmadd_ps(acc[i], m, a);
        }
    }
    __m256 s = acc[0];
    for (int i = 1; i < chains; i++) {
        s = _mm256_add_ps(s, acc[i]);
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, s);
    float t = 0;
    for (float v : lanes) {
        t += v;
    }
    return t;
}

#else

const char *fma_probe_isa() {
    return "scalar";
}
int64_t fma_probe_flops_per_iteration() {
    return int64_t(chains) * 2;
}

float fma_probe(int64_t iterations) {
    float acc[chains];
    for (int i = 0; i < chains; i++) {
        acc[i] = float(i) * 0.001f;
    }
    float m = 0.999999f, a = 1e-7f;
    for (int64_t it = 0; it < iterations; it++) {
        asm volatile("" : "+x"(m), "+x"(a));
        for (int i = 0; i < chains; i++) {
            acc[i] = acc[i] * m + a;
        }
    }
    float t = 0;
    for (float v : acc) {
        t += v;
    }
    return t;
}

#endif

void naive_matmul(const float *a, const float *b, float *c, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            float acc = 0.0f;
            for (int r = 0; r < k; r++) {
                acc += a[int64_t(i) * k + r] * b[int64_t(r) * n + j];
            }
            c[int64_t(i) * n + j] = acc;
        }
    }
}

} // namespace matmul_reference
