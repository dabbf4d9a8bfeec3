// Pipelines reading and writing memory owned by other libraries, without copies:
// Eigen matrices (row-major and column-major) as inputs and outputs, and DLPack
// tensors imported as inputs, exported, and imported back as outputs.
//
// Convention (weft/BufferEigen.h, weft/BufferDLPack.h): dimension 0 (x) of a Buffer is
// the column, dimension 1 (y) the row, so b(j, i) == M(i, j) for a matrix M, and
// b(j, i) == tensor[i][j] for a DLPack tensor of shape (rows, cols).

#include "test_util.h"

#include <Eigen/Core>
#include <dlpack/dlpack.h>

#include <cstdint>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

namespace {

using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

/// out(i, j) = 2 * A(i, j) + B(j, i) + i - j, as a Func over x = column, y = row:
/// out(x, y) = 2 * a(x, y) + b(y, x) + y - x.
Func combine(Func a, Func b) {
    Var x("x"), y("y");
    Func out("combine");
    out(x, y) = 2.0f * a(x, y) + b(y, x) + cast<float>(y - x);
    return out;
}

/// A tensor description over memory owned by the test; the deleter only counts calls.
struct TestTensor {
    std::vector<float> data;
    std::vector<int64_t> shape, strides;
    DLManagedTensor managed{};
    int deleted = 0;

    /// rows x cols, row-major (C-contiguous) when `transposed` is false, else
    /// column-major (explicit strides).
    TestTensor(int rows, int cols, bool transposed) : data(rows * cols) {
        shape = {rows, cols};
        strides = transposed ? std::vector<int64_t>{1, rows} : std::vector<int64_t>{cols, 1};
        DLTensor &t = managed.dl_tensor;
        t.data = data.data();
        t.device = {kDLCPU, 0};
        t.ndim = 2;
        t.dtype = {kDLFloat, 32, 1};
        t.shape = shape.data();
        t.strides = strides.data();
        t.byte_offset = 0;
        managed.manager_ctx = this;
        managed.deleter = [](DLManagedTensor *self) {
            static_cast<TestTensor *>(self->manager_ctx)->deleted++;
        };
    }
    float &at(int i, int j) { return data[i * strides[0] + j * strides[1]]; }
};

} // namespace

TEST_CASE("Eigen matrices as pipeline inputs and outputs", "[interop]") {
    const int rows = 7, cols = 11;
    // A is rows x cols; B is cols x rows (it is read transposed).
    ColMajorF a_col = ColMajorF::Random(rows, cols);
    RowMajorF a_row = a_col;
    RowMajorF b_row = RowMajorF::Random(cols, rows);
    ColMajorF b_col = b_row;
    auto expected = [&](int i, int j) { return 2.0f * a_col(i, j) + b_row(j, i) + float(i - j); };

    // Every combination of storage orders, inputs and output.
    for (int variant = 0; variant < 4; variant++) {
        INFO("variant " << variant);
        bool a_is_row = variant & 1, out_is_row = variant & 2;
        Buffer<float> a = a_is_row ? Buffer<float>(a_row, "A") : Buffer<float>(a_col, "A");
        Buffer<float> b = a_is_row ? Buffer<float>(b_col, "B") : Buffer<float>(b_row, "B");
        CHECK(a.width() == cols);
        CHECK(a.height() == rows);
        CHECK(a.dim(0).stride() == (a_is_row ? 1 : rows));
        Func f = combine(weft_test::input_func(a), weft_test::input_func(b));

        RowMajorF out_row = RowMajorF::Zero(rows, cols);
        ColMajorF out_col = ColMajorF::Zero(rows, cols);
        Buffer<float> out =
            out_is_row ? Buffer<float>(out_row, "out") : Buffer<float>(out_col, "out");
        f.realize(out);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                INFO("M(" << i << ", " << j << ")");
                float got = out_is_row ? out_row(i, j) : out_col(i, j);
                CHECK(got == Approx(expected(i, j)).epsilon(1e-6).margin(1e-5));
            }
        }
    }
}

TEST_CASE("Eigen Maps and blocks as views, and as_eigen_map of a result", "[interop]") {
    const int rows = 6, cols = 5;
    // A block of a larger matrix: a view with an outer stride bigger than its size.
    ColMajorF big = ColMajorF::Random(rows + 4, cols + 3);
    auto block = big.block(2, 1, rows, cols);
    Buffer<float> in(block, "block");
    CHECK(in.width() == cols);
    CHECK(in.height() == rows);
    Func I = weft_test::input_func(in);
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = I(x, y) * I(x, y) - 1.0f;
    Buffer<float> out = f.realize({cols, rows});
    auto m = out.as_eigen_map();
    REQUIRE(m.rows() == rows);
    REQUIRE(m.cols() == cols);
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
            float v = big(i + 2, j + 1);
            CHECK(m(i, j) == Approx(v * v - 1.0f).epsilon(1e-6).margin(1e-6));
        }
    }
    // The map views the buffer's memory: writing it shows in the buffer.
    m(1, 2) = 42.0f;
    CHECK(out(2, 1) == 42.0f);

    // A writable Eigen::Map over a plain array, as an output.
    std::vector<float> raw(rows * cols, 0.0f);
    Eigen::Map<RowMajorF> map(raw.data(), rows, cols);
    Buffer<float> mv(map, "map");
    f.realize(mv);
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
            float v = big(i + 2, j + 1);
            CHECK(raw[i * cols + j] == Approx(v * v - 1.0f).epsilon(1e-6).margin(1e-6));
        }
    }
}

TEST_CASE("DLPack tensors as pipeline input and output", "[interop]") {
    const int rows = 8, cols = 13;
    for (bool transposed : {false, true}) {
        INFO((transposed ? "column-major" : "row-major") << " tensors");
        TestTensor a(rows, cols, transposed), out(rows, cols, !transposed);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a.at(i, j) = float(i * 100 + j) * 0.5f;
            }
        }
        {
            Buffer<float> in = Buffer<float>::from_dlpack(a.managed.dl_tensor, "a");
            CHECK(in.width() == cols);
            CHECK(in.height() == rows);
            Buffer<float> result = Buffer<float>::from_dlpack(out.managed.dl_tensor, "out");
            Func I = weft_test::input_func(in);
            Var x("x"), y("y");
            Func f("f");
            f(x, y) = I(x, y) + 1.0f;
            f.realize(result);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                INFO("tensor[" << i << "][" << j << "]");
                CHECK(out.at(i, j) == float(i * 100 + j) * 0.5f + 1.0f);
            }
        }
        // Views of a DLTensor never call its deleter.
        CHECK(a.deleted == 0);
    }
}

TEST_CASE("DLPack export and import round trip through two pipelines", "[interop]") {
    // Stage one writes a weft Buffer; it is exported as a DLPack tensor, which is
    // imported back (taking ownership) and read by stage two.
    const int w = 10, h = 4;
    Var x("x"), y("y");
    Func first("first");
    first(x, y) = cast<int16_t>(x * 3 - y * 7);
    Buffer<int16_t> produced = first.realize({w, h});

    DLManagedTensor *tensor = produced.to_dlpack();
    REQUIRE(tensor != nullptr);
    const DLTensor &t = tensor->dl_tensor;
    CHECK(t.device.device_type == kDLCPU);
    CHECK(t.ndim == 2);
    CHECK(t.dtype.code == kDLInt);
    CHECK(t.dtype.bits == 16);
    REQUIRE(t.shape != nullptr);
    CHECK(t.shape[0] == h); // outermost axis first
    CHECK(t.shape[1] == w);
    // Read the tensor the way a DLPack consumer would.
    const auto *base =
        reinterpret_cast<const int16_t *>(static_cast<const uint8_t *>(t.data) + t.byte_offset);
    const int64_t s0 = t.strides ? t.strides[0] : w, s1 = t.strides ? t.strides[1] : 1;
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            CHECK(base[i * s0 + j * s1] == j * 3 - i * 7);
        }
    }

    Buffer<int16_t> imported = Buffer<int16_t>::from_dlpack(tensor, "imported");
    CHECK(imported.data() == produced.data()); // no copy
    Func I = weft_test::input_func(imported);
    Func second("second");
    second(x, y) = I(x, y) * 2 + I(w - 1 - x, y);
    Buffer<int16_t> out = second.realize({w, h});
    check_buffer(out, [&](int xx, int yy) {
        return int16_t((xx * 3 - yy * 7) * 2 + ((w - 1 - xx) * 3 - yy * 7));
    });

    // Export a result and write through the tensor into a pipeline's output.
    Buffer<int16_t> target(w, h);
    DLManagedTensor *exported = target.to_dlpack();
    Buffer<int16_t> back = Buffer<int16_t>::from_dlpack(exported, "back");
    second.realize(back);
    check_buffer(target, [&](int xx, int yy) { return out(xx, yy); });
}
