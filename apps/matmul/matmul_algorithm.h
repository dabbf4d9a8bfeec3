#ifndef WEFT_APPS_MATMUL_ALGORITHM_H
#define WEFT_APPS_MATMUL_ALGORITHM_H

// sgemm, the algorithm only (apps/matmul/matmul_schedules.h schedules it).
//
// Layout: row-major C = A * B with A of M x K, B of K x N and C of M x N, all fp32. In
// weft coordinates dimension 0 is the contiguous one, so
//
//   A(k, i)   (dim 0: k in [0, K), dim 1: row i in [0, M))
//   B(j, k)   (dim 0: j in [0, N), dim 1: k in [0, K))
//   C(j, i) = sum over k of A(k, i) * B(j, k)
//
// and C is realized as Buffer<float>(N, M). Three Funcs besides the inputs:
//
//   B_in(x, k)   = B(x, k)                  a wrapper of B (Halide's B.in()): inlined
//                                           unless a schedule computes it, e.g. as a
//                                           packed copy of one column panel
//   prod(x, y)   = 0
//   prod(x, y)  += A(k, y) * B_in(x, k)     the accumulator, computed per output tile
//   C(x, y)      = prod(x, y)
//
//   matmul::MatmulFuncs f = matmul::make_matmul(A, B);   // ImageParams, Float(32), 2-D
//   matmul::schedule_matmul(f, matmul::Schedule::Packed); // matmul_schedules.h
//   A.set(a); B.set(b);
//   f.C.realize(c);                                       // c: Buffer<float>(N, M)

#include <weft/weft.h>

#include <string>

namespace matmul {

/// The Funcs and Vars of one sgemm pipeline.
struct MatmulFuncs {
    weft::ImageParam A, B;
    weft::Func B_in, prod, C;
    weft::Var x, y;
    weft::RDom k;
};

/// Builds C = A * B over A (A(k, i), K = A.width(), M = A.height()) and B (B(j, k),
/// N = B.width(); B.height() must be K). `prefix` names the Funcs.
inline MatmulFuncs make_matmul(const weft::ImageParam &A, const weft::ImageParam &B,
                               const std::string &prefix = "matmul") {
    MatmulFuncs f;
    f.A = A;
    f.B = B;
    f.B_in = weft::Func(prefix + "_B_in");
    f.prod = weft::Func(prefix + "_prod");
    f.C = weft::Func(prefix + "_C");
    f.x = weft::Var("x");
    f.y = weft::Var("y");
    f.k = weft::RDom(0, A.width(), "k");
    f.B_in(f.x, f.y) = B(f.x, f.y);
    f.prod(f.x, f.y) = 0.0f;
    f.prod(f.x, f.y) += A(f.k, f.y) * f.B_in(f.x, f.k);
    f.C(f.x, f.y) = f.prod(f.x, f.y);
    return f;
}

} // namespace matmul

#endif
