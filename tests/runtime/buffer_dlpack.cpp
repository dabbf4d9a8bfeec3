// DLPack import and export of weft::Buffer.

#include <catch2/catch.hpp>

#include "weft/Buffer.h"

#include <numeric>
#include <vector>

using namespace weft;

TEST_CASE("import a C-contiguous tensor: the last axis becomes dim 0", "[buffer][dlpack]") {
    std::vector<float> mem(2 * 3 * 4);
    std::iota(mem.begin(), mem.end(), 0.0f);
    int64_t shape[3] = {2, 3, 4}; // [c][y][x]
    DLTensor t{};
    t.data = mem.data();
    t.device = {kDLCPU, 0};
    t.ndim = 3;
    t.dtype = {kDLFloat, 32, 1};
    t.shape = shape;
    t.strides = nullptr;
    Buffer<float> b = Buffer<float>::from_dlpack(t);
    REQUIRE(b.dimensions() == 3);
    REQUIRE(b.width() == 4);
    REQUIRE(b.height() == 3);
    REQUIRE(b.channels() == 2);
    REQUIRE(b.dim(0).stride() == 1);
    REQUIRE(b.dim(2).stride() == 12);
    REQUIRE(b(3, 2, 1) == mem[1 * 12 + 2 * 4 + 3]);
    b(0, 0, 1) = -1.0f;
    REQUIRE(mem[12] == -1.0f);
}

TEST_CASE("import a strided tensor with a byte offset", "[buffer][dlpack]") {
    // A transposed 3 x 5 view of a 5 x 3 int16 array, starting one row in.
    std::vector<int16_t> mem(6 * 3);
    std::iota(mem.begin(), mem.end(), int16_t(0));
    int64_t shape[2] = {3, 5};
    int64_t strides[2] = {1, 3};
    DLTensor t{};
    t.data = mem.data();
    t.byte_offset = 3 * sizeof(int16_t);
    t.device = {kDLCPU, 0};
    t.ndim = 2;
    t.dtype = {kDLInt, 16, 1};
    t.shape = shape;
    t.strides = strides;
    Buffer<> b = Buffer<>::from_dlpack(t, "strided");
    REQUIRE(b.type() == Int(16));
    Buffer<int16_t> s = b;
    REQUIRE(s.width() == 5);
    REQUIRE(s.height() == 3);
    REQUIRE(s.dim(0).stride() == 3);
    REQUIRE(s.dim(1).stride() == 1);
    // tensor[i][j] = mem[3 + i + 3 j] = s(j, i)
    REQUIRE(s(4, 2) == mem[3 + 2 + 12]);
    REQUIRE(s(0, 1) == 4);
}

TEST_CASE("export and re-import round trip keeps the storage alive", "[buffer][dlpack]") {
    DLManagedTensor *m = nullptr;
    {
        Buffer<uint16_t> b(5, 3);
        b.for_each_element([&](int x, int y) { b(x, y) = uint16_t(100 * y + x); });
        m = b.to_dlpack();
    } // b is gone; the tensor still holds its memory.
    DLTensor &t = m->dl_tensor;
    REQUIRE(t.ndim == 2);
    REQUIRE(t.shape[0] == 3);
    REQUIRE(t.shape[1] == 5);
    REQUIRE(t.strides[0] == 5);
    REQUIRE(t.strides[1] == 1);
    REQUIRE(t.dtype.code == kDLUInt);
    REQUIRE(t.dtype.bits == 16);
    REQUIRE(t.device.device_type == kDLCPU);
    REQUIRE(static_cast<uint16_t *>(t.data)[2 * 5 + 4] == 204);

    Buffer<uint16_t> back = Buffer<uint16_t>::from_dlpack(m); // takes ownership
    REQUIRE(back(4, 2) == 204);
    REQUIRE(back(1, 1) == 101);
}

TEST_CASE("the deleter of an owned tensor runs when the last Buffer goes", "[buffer][dlpack]") {
    static int deleted = 0;
    deleted = 0;
    std::vector<double> mem(4, 1.5);
    int64_t shape[1] = {4};
    DLManagedTensor m{};
    m.dl_tensor.data = mem.data();
    m.dl_tensor.device = {kDLCPU, 0};
    m.dl_tensor.ndim = 1;
    m.dl_tensor.dtype = {kDLFloat, 64, 1};
    m.dl_tensor.shape = shape;
    m.deleter = [](DLManagedTensor *) { deleted++; };
    {
        Buffer<double> b = Buffer<double>::from_dlpack(&m);
        Buffer<double> c = b.cropped(0, 1, 2);
        b = Buffer<double>();
        REQUIRE(deleted == 0);
        REQUIRE(c(2) == 1.5);
    }
    REQUIRE(deleted == 1);
}

TEST_CASE("DLPack import errors name the problem", "[buffer][dlpack][errors]") {
    float x = 0;
    int64_t shape[1] = {1};
    DLTensor t{};
    t.data = &x;
    t.device = {kDLCUDA, 1};
    t.ndim = 1;
    t.dtype = {kDLFloat, 32, 1};
    t.shape = shape;
    REQUIRE_THROWS_WITH(Buffer<>::from_dlpack(t),
                        Catch::Contains("device kDLCUDA (2) id 1") && Catch::Contains("kDLCPU"));
    t.device = {kDLCPU, 0};
    t.dtype = {kDLComplex, 64, 1};
    REQUIRE_THROWS_WITH(Buffer<>::from_dlpack(t), Catch::Contains("dtype code 5 is not supported"));
    t.dtype = {kDLFloat, 32, 4};
    REQUIRE_THROWS_WITH(Buffer<>::from_dlpack(t), Catch::Contains("4 lanes"));
    t.dtype = {kDLFloat, 32, 1};
    int64_t huge[1] = {int64_t(1) << 33};
    t.shape = huge;
    REQUIRE_THROWS_WITH(Buffer<>::from_dlpack(t),
                        Catch::Contains("size 8589934592 of axis 0 does not fit"));
    t.shape = shape;
    REQUIRE_THROWS_WITH(Buffer<int>::from_dlpack(t),
                        Catch::Contains("Buffer<int32_t> cannot hold a float32 buffer"));
}
