#ifndef WEFT_BUFFER_EIGEN_H
#define WEFT_BUFFER_EIGEN_H

// Zero-copy interop between weft::Buffer and Eigen (include/weft/Buffer.h uses these).
//
// Convention: dimension 0 of a Buffer is its innermost loop variable x, which is the
// COLUMN index of a matrix; dimension 1 is y, the ROW index. So for a Buffer b viewing
// a matrix M,
//
//     b(j, i) == M(i, j)        b.width() == M.cols()      b.height() == M.rows()
//
// whatever M's storage order: the strides come from M's inner and outer strides
// (a row-major M gives dim 0 stride 1; a column-major M gives dim 1 stride 1).
// A vector (VectorXf, RowVectorXf, a row or column block) becomes a 1-D buffer with
// b(i) == v(i).
//
// The other way, Buffer::as_eigen_map() views a 2-D buffer as a row-major
// Eigen::Map with M(i, j) == b(b.dim(0).min() + j, b.dim(1).min() + i), and
// Buffer::as_eigen_vector_map() views a 1-D buffer as a column vector.
// Views never copy: writes through either side are visible in the other, and the
// viewed memory must outlive the view.

#include "weft/BufferContents.h"
#include "weft/Error.h"

#include <Eigen/Core>

#include <concepts>
#include <limits>
#include <string>
#include <type_traits>

namespace weft::internal {

/// An Eigen matrix, vector, Map, Ref or Block whose coefficients are in memory.
template <typename E>
concept EigenDirectAccess = std::derived_from<E, Eigen::DenseBase<E>> &&
                            (int(E::Flags) & Eigen::DirectAccessBit) != 0;

template <bool Const, typename M>
using MaybeConst = std::conditional_t<Const, const M, M>;

/// A row-major view of a 2-D buffer: outer stride = dim 1's stride, inner = dim 0's.
template <typename T, bool Const = false>
using EigenMatrixMap =
    Eigen::Map<MaybeConst<Const, Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>,
               Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;

/// A column-vector view of a 1-D buffer.
template <typename T, bool Const = false>
using EigenVectorMap = Eigen::Map<MaybeConst<Const, Eigen::Matrix<T, Eigen::Dynamic, 1>>,
                                  Eigen::Unaligned, Eigen::InnerStride<Eigen::Dynamic>>;

inline int32_t eigen_index_to_int(Eigen::Index v, const char *what) {
    if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) {
        throw RuntimeError(std::string("Buffer view of an Eigen object: its ") + what + " " +
                           std::to_string(v) + " does not fit a 32-bit buffer dimension.");
    }
    return static_cast<int32_t>(v);
}

/// Fills `shape` with the buffer dimensions that view `m`; returns their number.
template <typename E>
int eigen_shape(const E &m, weft_dimension_t *shape) {
    if constexpr (E::IsVectorAtCompileTime) {
        shape[0] = {0, eigen_index_to_int(m.size(), "size"),
                    eigen_index_to_int(m.innerStride(), "stride"), 0};
        return 1;
    } else {
        shape[0] = {0, eigen_index_to_int(m.cols(), "column count"),
                    eigen_index_to_int(m.colStride(), "column stride"), 0};
        shape[1] = {0, eigen_index_to_int(m.rows(), "row count"),
                    eigen_index_to_int(m.rowStride(), "row stride"), 0};
        return 2;
    }
}

inline void check_eigen_map_dimensions(const weft_buffer_t &b, const std::string &name, int dims,
                                       const char *function) {
    if (b.dimensions != dims) {
        throw RuntimeError(std::string(function) + ": " + buffer_label(name) + " has " +
                           std::to_string(b.dimensions) + " dimensions; it maps only a " +
                           std::to_string(dims) + "-D buffer (use " +
                           (dims == 2 ? "as_eigen_vector_map for 1-D" : "as_eigen_map for 2-D") +
                           ").");
    }
}

template <typename T, bool Const>
EigenMatrixMap<T, Const> eigen_matrix_map(const weft_buffer_t &b, const std::string &name) {
    check_eigen_map_dimensions(b, name, 2, "as_eigen_map");
    using Strides = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
    return EigenMatrixMap<T, Const>(reinterpret_cast<T *>(b.host), b.dim[1].extent,
                                    b.dim[0].extent, Strides(b.dim[1].stride, b.dim[0].stride));
}

template <typename T, bool Const>
EigenVectorMap<T, Const> eigen_vector_map(const weft_buffer_t &b, const std::string &name) {
    check_eigen_map_dimensions(b, name, 1, "as_eigen_vector_map");
    return EigenVectorMap<T, Const>(reinterpret_cast<T *>(b.host), b.dim[0].extent,
                                    Eigen::InnerStride<Eigen::Dynamic>(b.dim[0].stride));
}

} // namespace weft::internal

#endif
