// Zero-copy views between weft::Buffer and Eigen matrices, maps, refs and blocks.

#include <catch2/catch.hpp>

#include "weft/Buffer.h"

using namespace weft;

namespace {

template<typename M> void fill_matrix(M &m) {
    for (int i = 0; i < m.rows(); i++) {
        for (int j = 0; j < m.cols(); j++) {
            m(i, j) = float(10 * i + j);
        }
    }
}

} // namespace

TEST_CASE("view of a column-major matrix: b(j, i) == M(i, j)", "[buffer][eigen]") {
    Eigen::MatrixXf m(3, 4); // column-major by default
    fill_matrix(m);
    Buffer<float> b(m);
    REQUIRE(b.dimensions() == 2);
    REQUIRE(b.width() == 4);
    REQUIRE(b.height() == 3);
    REQUIRE(b.dim(0).stride() == 3); // moving along a row skips a column of 3
    REQUIRE(b.dim(1).stride() == 1);
    REQUIRE(b(3, 2) == 23.0f);
    REQUIRE(b(1, 0) == 1.0f);
    b(2, 1) = -5.0f;
    REQUIRE(m(1, 2) == -5.0f);
}

TEST_CASE("view of a row-major matrix has dim 0 stride 1", "[buffer][eigen]") {
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(3, 4);
    fill_matrix(m);
    Buffer b(m); // deduces Buffer<float>
    REQUIRE(b.dim(0).stride() == 1);
    REQUIRE(b.dim(1).stride() == 4);
    REQUIRE(b(3, 2) == 23.0f);
    b(0, 2) = 99.0f;
    REQUIRE(m(2, 0) == 99.0f);
}

TEST_CASE("views of a Map with outer stride, a Block, a Ref and a vector", "[buffer][eigen]") {
    float mem[4 * 6] = {};
    // 3 x 4 column-major, columns 6 floats apart.
    Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>> map(mem, 3, 4, Eigen::OuterStride<>(6));
    fill_matrix(map);
    Buffer<float> b(map);
    REQUIRE(b.dim(0).stride() == 6);
    REQUIRE(b(2, 1) == 12.0f);
    b(3, 2) = 7.0f;
    REQUIRE(mem[3 * 6 + 2] == 7.0f);

    Eigen::MatrixXf big(5, 5);
    fill_matrix(big);
    Buffer<float> block(big.block(1, 2, 2, 3));
    REQUIRE(block.width() == 3);
    REQUIRE(block.height() == 2);
    REQUIRE(block(0, 0) == 12.0f);
    REQUIRE(block(2, 1) == 24.0f);

    Eigen::Ref<Eigen::MatrixXf> ref = big;
    Buffer<float> r(ref);
    r(4, 4) = 0.5f;
    REQUIRE(big(4, 4) == 0.5f);

    Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(5, 0.0, 4.0);
    Buffer<double> bv(v);
    REQUIRE(bv.dimensions() == 1);
    REQUIRE(bv(3) == 3.0);
    Buffer<float> row(big.row(2)); // a row of a column-major matrix: stride 5
    REQUIRE(row.dimensions() == 1);
    REQUIRE(row.dim(0).stride() == 5);
    REQUIRE(row(4) == 24.0f);
}

TEST_CASE("Buffer<void> views an Eigen matrix with its scalar type", "[buffer][eigen]") {
    Eigen::MatrixXi m = Eigen::MatrixXi::Constant(2, 2, 4);
    Buffer<> b(m);
    REQUIRE(b.type() == Int(32));
    REQUIRE(Buffer<int>(b)(1, 1) == 4);
}

TEST_CASE("as_eigen_map views a buffer as a row-major matrix", "[buffer][eigen]") {
    Buffer<double> b(4, 3); // 4 wide, 3 high
    b.for_each_element([&](int x, int y) { b(x, y) = 10.0 * y + x; });
    auto m = b.as_eigen_map();
    REQUIRE(m.rows() == 3);
    REQUIRE(m.cols() == 4);
    REQUIRE(m(2, 3) == 23.0);
    m(1, 0) = -1.0;
    REQUIRE(b(0, 1) == -1.0);
    REQUIRE(m.row(2).sum() == 20.0 + 21 + 22 + 23);

    // A transposed (strided) view maps too, with the roles of the strides swapped.
    Buffer<double> t = b.transposed(0, 1);
    auto mt = t.as_eigen_map();
    REQUIRE(mt.rows() == 4);
    REQUIRE(mt(3, 2) == 23.0);
    REQUIRE(Eigen::MatrixXd(mt) == Eigen::MatrixXd(m.transpose()));

    // Negative strides work through Eigen as well.
    Eigen::MatrixXd flipped = b.cropped(1, 0, 3).as_eigen_map().colwise().reverse();
    weft_dimension_t shape[2] = {{0, 4, 1, 0}, {0, 3, -4, 0}};
    Buffer<double> upside_down(b.data() + 8, 2, shape);
    REQUIRE(Eigen::MatrixXd(upside_down.as_eigen_map()) == flipped);

    const Buffer<double> &cb = b;
    REQUIRE(cb.as_eigen_map()(2, 2) == 22.0);

    Buffer<float> v(5);
    v(2) = 3.0f;
    REQUIRE(v.as_eigen_vector_map().sum() == 3.0f);
    REQUIRE_THROWS_WITH(v.as_eigen_map(), Catch::Contains("has 1 dimensions; it maps only a 2-D"));
}

TEST_CASE("Eigen products through buffer views", "[buffer][eigen]") {
    Eigen::MatrixXf a = Eigen::MatrixXf::Random(4, 5);
    Buffer<float> out(4, 4); // out(x, y) == (a a^T)(y, x)
    out.as_eigen_map() = a * a.transpose();
    REQUIRE(out(1, 2) == Approx((a * a.transpose())(2, 1)));
}
