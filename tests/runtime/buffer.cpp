// weft::Buffer: construction, element access, shapes, views and copies.

#include <catch2/catch.hpp>

#include "weft/Buffer.h"

#include <numeric>
#include <vector>

using namespace weft;

TEST_CASE("owning buffer is zeroed, dense, and sized", "[buffer]") {
    Buffer<float> b(5, 4, 3);
    REQUIRE(b.defined());
    REQUIRE(b.dimensions() == 3);
    REQUIRE(b.type() == Float(32));
    REQUIRE(b.width() == 5);
    REQUIRE(b.height() == 4);
    REQUIRE(b.channels() == 3);
    REQUIRE(b.number_of_elements() == 60);
    REQUIRE(b.dim(0).stride() == 1);
    REQUIRE(b.dim(1).stride() == 5);
    REQUIRE(b.dim(2).stride() == 20);
    REQUIRE(b.dim(2).max() == 2);
    REQUIRE(reinterpret_cast<uintptr_t>(b.data()) % 64 == 0);
    int nonzero = 0;
    b.for_each_value([&](float v) { nonzero += v != 0.0f; });
    REQUIRE(nonzero == 0);

    b(4, 3, 2) = 7.5f;
    REQUIRE(b.data()[4 + 3 * 5 + 2 * 20] == 7.5f);
    const int coords[] = {4, 3, 2};
    REQUIRE(b(coords) == 7.5f);
}

TEST_CASE("width/height/channels default to 1 and an empty Buffer is undefined", "[buffer]") {
    Buffer<uint8_t> line(std::vector<int>{7}, "line");
    REQUIRE(line.width() == 7);
    REQUIRE(line.height() == 1);
    REQUIRE(line.channels() == 1);
    REQUIRE(line.name() == "line");
    Buffer<int> none;
    REQUIRE_FALSE(none.defined());
    REQUIRE(none.dimensions() == 0);
    REQUIRE(none.raw_buffer() == nullptr);
}

TEST_CASE("copies share elements and shape", "[buffer]") {
    Buffer<int> a(3, 3);
    Buffer<int> b = a;
    b(1, 1) = 42;
    REQUIRE(a(1, 1) == 42);
    b.set_min(10, 20);
    REQUIRE(a.dim(0).min() == 10);
    REQUIRE(a(11, 21) == 42);
    REQUIRE(a.raw_buffer() == b.raw_buffer());
}

TEST_CASE("raw_buffer describes the buffer for pipelines", "[buffer]") {
    Buffer<uint16_t> b(6, 2);
    b.set_min(-1, 3);
    weft_buffer_t *raw = b.raw_buffer();
    REQUIRE(raw->dimensions == 2);
    REQUIRE(raw->type.code == weft_type_uint);
    REQUIRE(raw->type.bits == 16);
    REQUIRE(raw->type.lanes == 1);
    REQUIRE(raw->dim[0].min == -1);
    REQUIRE(raw->dim[1].min == 3);
    REQUIRE(raw->dim[1].stride == 6);
    REQUIRE(raw->host == reinterpret_cast<uint8_t *>(b.data()));

    Buffer<uint16_t> wrapped(*raw, "wrapped");
    wrapped(0, 4) = 9;
    REQUIRE(b(0, 4) == 9);
}

TEST_CASE("borrowed dense view reads and writes user memory", "[buffer]") {
    std::vector<int> mem(12);
    std::iota(mem.begin(), mem.end(), 0);
    Buffer<int> v(mem.data(), 4, 3);
    REQUIRE(v(3, 0) == 3);
    REQUIRE(v(1, 2) == 9);
    v(2, 1) = -6;
    REQUIRE(mem[6] == -6);
    Buffer<int> w(mem.data(), std::vector<int>{2, 6});
    REQUIRE(w(1, 5) == 11);
}

TEST_CASE("borrowed view with mins and negative strides", "[buffer]") {
    // A 4 x 3 row-major array viewed upside down: y runs from 10 to 12 going upward in
    // memory, so data points at the last row.
    std::vector<int> mem(12);
    std::iota(mem.begin(), mem.end(), 0);
    weft_dimension_t shape[2] = {{5, 4, 1, 0}, {10, 3, -4, 0}};
    Buffer<int> flipped(mem.data() + 8, 2, shape, "flipped");
    REQUIRE(flipped(5, 10) == 8);
    REQUIRE(flipped(8, 10) == 11);
    REQUIRE(flipped(5, 12) == 0);
    REQUIRE(flipped(7, 11) == 6);
    REQUIRE(flipped.contains(8, 12));
    REQUIRE_FALSE(flipped.contains(9, 12));
    REQUIRE_FALSE(flipped.contains(5, 9));

    // A deep copy is dense again and keeps the mins.
    Buffer<int> dense = flipped.copy();
    REQUIRE(dense.dim(1).stride() == 4);
    REQUIRE(dense.dim(1).min() == 10);
    REQUIRE(dense(5, 12) == 0);
    REQUIRE(dense(7, 11) == 6);
    REQUIRE(dense.data() != flipped.data());
}

TEST_CASE("cropped, transposed and sliced views share elements", "[buffer]") {
    Buffer<int> b(8, 6);
    b.for_each_element([&](int x, int y) { b(x, y) = 10 * y + x; });

    Buffer<int> c = b.cropped(0, 2, 3).cropped(1, 1, 4);
    REQUIRE(c.dim(0).min() == 2);
    REQUIRE(c.dim(0).extent() == 3);
    REQUIRE(c.dim(1).max() == 4);
    REQUIRE(c(2, 1) == 12);
    REQUIRE(c(4, 4) == 44);
    c(3, 2) = -1;
    REQUIRE(b(3, 2) == -1);

    Buffer<int> t = b.transposed(0, 1);
    REQUIRE(t.width() == 6);
    REQUIRE(t.height() == 8);
    REQUIRE(t(5, 7) == 57);
    REQUIRE(t.dim(0).stride() == 8);

    Buffer<int> row = b.sliced(1, 4);
    REQUIRE(row.dimensions() == 1);
    REQUIRE(row(6) == 46);
    Buffer<int> column = b.sliced(0, 7);
    REQUIRE(column(5) == 57);
}

TEST_CASE("views outlive the Buffer they came from", "[buffer]") {
    Buffer<double> view;
    {
        Buffer<double> owner(10, 10);
        owner(3, 4) = 2.5;
        view = owner.cropped(0, 3, 1);
    }
    REQUIRE(view(3, 4) == 2.5);
}

TEST_CASE("fill, copy and copy_from", "[buffer]") {
    Buffer<int16_t> a(4, 4);
    a.fill(3);
    int64_t sum = 0;
    a.for_each_value([&](int16_t v) { sum += v; });
    REQUIRE(sum == 48);

    Buffer<int16_t> b = a.copy();
    b(0, 0) = 100;
    REQUIRE(a(0, 0) == 3);

    // copy_from copies only the overlap: b covers (2..5, 2..5) after set_min.
    Buffer<int16_t> c(4, 4);
    c.fill(7);
    c.set_min(2, 2);
    a.copy_from(c);
    REQUIRE(a(1, 1) == 3);
    REQUIRE(a(2, 2) == 7);
    REQUIRE(a(3, 3) == 7);
    REQUIRE(a(1, 3) == 3);
}

TEST_CASE("copy_from a transposed view", "[buffer]") {
    Buffer<float> a(3, 2);
    a.for_each_element([&](int x, int y) { a(x, y) = float(x + 10 * y); });
    Buffer<float> t(2, 3);
    t.copy_from(a.transposed(0, 1));
    REQUIRE(t(1, 2) == 12.0f);
    REQUIRE(t(0, 1) == 1.0f);
}

TEST_CASE("for_each_element visits every coordinate, dim 0 innermost", "[buffer]") {
    Buffer<int> b(3, 2);
    b.set_min(1, -1);
    std::vector<std::pair<int, int>> seen;
    b.for_each_element([&](int x, int y) { seen.emplace_back(x, y); });
    REQUIRE(seen ==
            std::vector<std::pair<int, int>>{{1, -1}, {2, -1}, {3, -1}, {1, 0}, {2, 0}, {3, 0}});
    int count = 0, sum = 0;
    b.for_each_element([&](const int *c) {
        count++;
        sum += c[0] * 10 + c[1];
    });
    REQUIRE(count == 6);
    REQUIRE(sum == (1 + 2 + 3) * 10 * 2 + (-1 + 0) * 3);

    Buffer<int> scalar{std::vector<int>{}};
    REQUIRE(scalar.number_of_elements() == 1);
    int calls = 0;
    scalar.for_each_element([&](const int *) { calls++; });
    REQUIRE(calls == 1);
    REQUIRE_THROWS_WITH(b.for_each_element([](int) {}),
                        Catch::Contains("has 2 dimensions, but the function takes 1"));
}

TEST_CASE("Buffer<void> holds any type; conversions are checked", "[buffer]") {
    Buffer<> any(UInt(8), 4, 4);
    REQUIRE(any.type() == UInt(8));
    Buffer<uint8_t> u8 = any;
    u8(1, 2) = 200;
    REQUIRE(static_cast<uint8_t *>(any.data())[1 + 2 * 4] == 200);
    REQUIRE(any.as<uint8_t>()(1, 2) == 200);

    Buffer<> f = Buffer<float>(2, 2);
    REQUIRE(f.type() == Float(32));
    REQUIRE_THROWS_AS(Buffer<uint8_t>(f), RuntimeError);
    REQUIRE_THROWS_WITH(Buffer<uint8_t>(f),
                        Catch::Contains("Buffer<uint8_t> cannot hold a float32 buffer"));
    REQUIRE_THROWS_WITH(Buffer<float>(Int(32), {2}), Catch::Contains("Buffer<float> cannot hold"));
}

TEST_CASE("make_interleaved puts channels innermost in memory", "[buffer]") {
    Buffer<uint8_t> rgb = Buffer<uint8_t>::make_interleaved(4, 3, 3);
    REQUIRE(rgb.width() == 4);
    REQUIRE(rgb.height() == 3);
    REQUIRE(rgb.channels() == 3);
    REQUIRE(rgb.dim(2).stride() == 1);
    REQUIRE(rgb.dim(0).stride() == 3);
    REQUIRE(rgb.dim(1).stride() == 12);
    rgb(2, 1, 1) = 5;
    REQUIRE(rgb.data()[1 * 12 + 2 * 3 + 1] == 5);
}

TEST_CASE("make_with_shape_of copies mins and extents", "[buffer]") {
    Buffer<int> a(5, 3);
    a.set_min(-2, 7);
    Buffer<> b = Buffer<>::make_with_shape_of(a);
    REQUIRE(b.type() == Int(32));
    REQUIRE(b.dim(0).min() == -2);
    REQUIRE(b.dim(1).min() == 7);
    REQUIRE(b.dim(1).extent() == 3);
}

TEST_CASE("bad shapes and views throw RuntimeError with a clear message", "[buffer][errors]") {
    REQUIRE_THROWS_WITH(Buffer<float>(4, -3), Catch::Contains("extent -3 in dimension 1") &&
                                                  Catch::Contains("must be >= 0"));
    std::vector<int> too_many(17, 1);
    REQUIRE_THROWS_WITH(Buffer<float>(too_many, "big"),
                        Catch::Contains("Buffer \"big\" has 17 dimensions") &&
                            Catch::Contains("0 to 16"));
    REQUIRE_THROWS_WITH(Buffer<uint8_t>(std::vector<int>{1 << 16, 1 << 16, 1 << 16}),
                        Catch::Contains("too large"));

    Buffer<int> b(std::vector<int>{10, 5}, "b");
    REQUIRE_THROWS_WITH(b.cropped(0, 8, 4),
                        Catch::Contains("Buffer \"b\" covers 0 to 9 in dimension 0") &&
                            Catch::Contains("8 to 11"));
    REQUIRE_THROWS_WITH(b.dim(2), Catch::Contains("has no dimension 2; it has 2 (0 to 1)"));
    REQUIRE_THROWS_WITH(b.sliced(1, 5), Catch::Contains("cannot slice at 5"));
    REQUIRE_THROWS_WITH(b.set_min(1, 2, 3), Catch::Contains("3 mins were given"));
}

TEST_CASE("constructor spellings users write", "[buffer]") {
    Buffer<float> a({6, 4});
    Buffer<float> b({6, 4}, "b");
    Buffer<float> c{6, 4};
    Buffer<> d(Float(32), {6, 4});
    Buffer<> e(Float(32), 6, 4);
    float mem[24] = {};
    Buffer<float> f(mem, {6, 4});
    Buffer<float> g(mem, 6, 4);
    for (const Buffer<> &x :
         {Buffer<>(a), Buffer<>(b), Buffer<>(c), d, e, Buffer<>(f), Buffer<>(g)}) {
        REQUIRE(x.width() == 6);
        REQUIRE(x.height() == 4);
        REQUIRE(x.type() == Float(32));
    }
    REQUIRE(b.name() == "b");
    g(5, 3) = 1.0f;
    REQUIRE(f(5, 3) == 1.0f);
    REQUIRE(f.host_ptr() == reinterpret_cast<uint8_t *>(mem));
}
