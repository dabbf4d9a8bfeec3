// Eigen baseline of bench/matmul.cpp, in its own file so that bench/CMakeLists.txt
// compiles it with -O3 -march=native (as an Eigen user would build it; Eigen's kernels
// are templates instantiated here). Eigen threads its gemm with OpenMP
// (Eigen::setNbThreads, set by the caller).

#include <Eigen/Core>

namespace matmul_bench {

/// Row-major C = A * B (A: M x K, B: K x N, C: M x N, densely packed) with Eigen.
void eigen_matmul(const float *a, const float *b, float *c, int m, int n, int k) {
    using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const Mat> ma(a, m, k), mb(b, k, n);
    Eigen::Map<Mat> mc(c, m, n);
    mc.noalias() = ma * mb;
}

} // namespace matmul_bench
