// Eigen baseline of bench/softmax.cpp, compiled with -O3 -march=native by
// bench/CMakeLists.txt (Eigen's vectorized exp is instantiated here). Row by row, with
// the rows spread over `threads` OpenMP threads (Eigen's coefficient-wise operations
// run on the calling thread; Eigen::setNbThreads only threads its matrix products).

#include <Eigen/Core>

#include <cstddef>

namespace softmax_bench {

/// Numerically stable softmax of each of the `height` rows of `width` floats.
void eigen_softmax(const float *in, float *out, int width, int height, int threads) {
    using Row = Eigen::Array<float, 1, Eigen::Dynamic>;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int y = 0; y < height; y++) {
        Eigen::Map<const Row> x(in + size_t(y) * width, width);
        Eigen::Map<Row> o(out + size_t(y) * width, width);
        o = (x - x.maxCoeff()).exp();
        o *= 1.0f / o.sum();
    }
}

} // namespace softmax_bench
