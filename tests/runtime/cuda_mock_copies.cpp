// Buffer copies between host and device, on the mock driver (tests/runtime/mock_cuda):
// its "device memory" is host memory, so a test can read and write it directly, as a
// kernel would, and the mock refuses any copy that reaches outside an allocation.

#include "cuda_test_support.h"

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

using Catch::Matchers::Contains;
using weft_test::ErrorCatcher;
using weft_test::MockCuda;

namespace {

/// The element at `coords` of the device copy of b (mock device memory is host memory).
template<typename T> T &on_device(const weft::Buffer<T> &b, std::initializer_list<int> coords) {
    int64_t offset = 0;
    int d = 0;
    for (int c : coords) {
        offset += int64_t(c - b.dim(d).min()) * b.dim(d).stride();
        d++;
    }
    return reinterpret_cast<T *>(static_cast<uintptr_t>(b.device_ptr()))[offset];
}

/// Copies b to the device, checks the device copy, overwrites it as a kernel would,
/// copies back and checks the host copy. `value(x, y)` gives the expected contents.
template<typename T, typename V> void round_trip_2d(MockCuda &mock, weft::Buffer<T> &b, V &&value) {
    b.for_each_element([&](int x, int y) { b(x, y) = value(x, y); });
    b.copy_to_device();
    REQUIRE(b.has_device_allocation());
    CHECK_FALSE(b.host_dirty());
    b.for_each_element([&](int x, int y) { REQUIRE(on_device(b, {x, y}) == value(x, y)); });
    // Exactly the buffer's own elements went over, no more.
    CHECK(mock.counters().h2d_bytes == uint64_t(b.number_of_elements()) * sizeof(T));

    b.for_each_element([&](int x, int y) { on_device(b, {x, y}) = T(value(x, y) + 1); });
    b.set_device_dirty();
    b.copy_to_host();
    CHECK_FALSE(b.device_dirty());
    b.for_each_element([&](int x, int y) { REQUIRE(b(x, y) == T(value(x, y) + 1)); });
    CHECK(mock.counters().d2h_bytes == uint64_t(b.number_of_elements()) * sizeof(T));
    CHECK(mock.counters().bad_device_ranges == 0);
    CHECK(mock.counters().context_depth == 0);
}

} // namespace

TEST_CASE("cuda mock: a dense buffer goes to the device and back", "[runtime][cuda]") {
    MockCuda mock;
    REQUIRE(weft::cuda_available());
    CHECK(weft::cuda_compute_capability() == 90);
    weft::Buffer<int32_t> b(37, 19);
    b.set_min({-5, 3});
    round_trip_2d(mock, b, [](int x, int y) { return x * 1000 + y; });
    // A dense buffer is one copy each way.
    CHECK(mock.counters().h2d_copies == 1);
    CHECK(mock.counters().d2h_copies == 1);
    CHECK(mock.counters().last_alloc_context == mock.counters().primary_context);
    CHECK(mock.counters().last_copy_stream == nullptr);
}

TEST_CASE("cuda mock: a crop copies only its own elements", "[runtime][cuda]") {
    MockCuda mock;
    weft::Buffer<uint16_t> parent(64, 48);
    parent.for_each_element([&](int x, int y) { parent(x, y) = uint16_t(x + 100 * y); });
    weft::Buffer<uint16_t> crop = parent.cropped(0, 10, 20).cropped(1, 5, 7);
    round_trip_2d(mock, crop, [](int x, int y) { return uint16_t(3 * x + 7 * y); });
    // Rows of 20 elements 64 apart: one 2-D copy each way.
    CHECK(mock.counters().h2d_copies == 1);
    // The parent's other elements were not touched by the copy back.
    parent.for_each_element([&](int x, int y) {
        bool inside = x >= 10 && x < 30 && y >= 5 && y < 12;
        REQUIRE(parent(x, y) == (inside ? uint16_t(3 * x + 7 * y + 1) : uint16_t(x + 100 * y)));
    });
}

TEST_CASE("cuda mock: negative strides", "[runtime][cuda]") {
    MockCuda mock;
    const int w = 13, h = 9;
    std::vector<float> storage(w * h, -1.0f);
    // A vertically flipped view: row y lives at storage row h - 1 - y, x runs backwards.
    weft_dimension_t shape[2] = {{0, w, -1, 0}, {0, h, -w, 0}};
    weft::Buffer<float> flipped(storage.data() + (h - 1) * w + (w - 1), 2, shape, "flipped");
    round_trip_2d(mock, flipped, [](int x, int y) { return float(x) * 0.5f + float(y) * 16.0f; });
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            REQUIRE(storage[(h - 1 - y) * w + (w - 1 - x)] == float(x) * 0.5f + y * 16.0f + 1.0f);
        }
    }
}

TEST_CASE("cuda mock: interleaved channels and a channel slice", "[runtime][cuda]") {
    MockCuda mock;
    auto rgb = weft::Buffer<uint8_t>::make_interleaved(11, 7, 3);
    rgb.for_each_element([&](int x, int y, int c) { rgb(x, y, c) = uint8_t(x + 11 * y + 77 * c); });
    weft::Buffer<uint8_t> green = rgb.sliced(2, 1); // x stride 3: element by element
    round_trip_2d(mock, green, [](int x, int y) { return uint8_t(2 * x + y); });
    rgb.for_each_element([&](int x, int y, int c) {
        REQUIRE(rgb(x, y, c) == (c == 1 ? uint8_t(2 * x + y + 1) : uint8_t(x + 11 * y + 77 * c)));
    });

    // The whole interleaved image is dense: one copy.
    const int copies = mock.counters().h2d_copies;
    const uint64_t bytes = mock.counters().h2d_bytes;
    rgb.copy_to_device();
    CHECK(mock.counters().h2d_copies == copies + 1);
    CHECK(mock.counters().h2d_bytes == bytes + 11 * 7 * 3);
    CHECK(on_device(rgb, {4, 5, 2}) == rgb(4, 5, 2));
}

TEST_CASE("cuda mock: 4-D buffers and empty ones", "[runtime][cuda]") {
    MockCuda mock;
    weft::Buffer<double> big(6, 5, 4, 3);
    weft::Buffer<double> part = big.cropped(0, 1, 4).cropped(2, 1, 2);
    int n = 0;
    part.for_each_value([&](double &v) { v = n++; });
    part.copy_to_device();
    // Rows of 4 doubles, 5 per 2-D copy, 2 x 3 copies.
    CHECK(mock.counters().h2d_copies == 6);
    CHECK(mock.counters().h2d_bytes == 4 * 5 * 2 * 3 * sizeof(double));
    part.for_each_element([&](const int *c) {
        REQUIRE(on_device(part, {c[0], c[1], c[2], c[3]}) == part(c[0], c[1], c[2], c[3]));
    });
    CHECK(mock.counters().bad_device_ranges == 0);

    weft::Buffer<float> empty(0, 4);
    empty.copy_to_device();
    CHECK(empty.has_device_allocation());
    empty.set_device_dirty();
    empty.copy_to_host();
    CHECK(mock.counters().bad_device_ranges == 0);
}

TEST_CASE("cuda mock: dirty bits decide what is copied", "[runtime][cuda]") {
    MockCuda mock;
    weft::Buffer<float> b(100);
    b.fill(2.0f);
    b.copy_to_device();
    CHECK(mock.counters().h2d_copies == 1);

    // Host not dirty: nothing to copy.
    b.copy_to_device();
    CHECK(mock.counters().h2d_copies == 1);
    b.copy_to_host(); // Device not dirty either.
    CHECK(mock.counters().d2h_copies == 0);

    b.set_host_dirty();
    b.copy_to_device();
    CHECK(mock.counters().h2d_copies == 2);

    // Host writes through fill()/for_each_value() mark the host copy newer.
    b.fill(3.0f);
    CHECK(b.host_dirty());
    b.copy_to_device();
    CHECK(mock.counters().h2d_copies == 3);
    CHECK(on_device(b, {99}) == 3.0f);

    // Element writes mark the host copy newer too.
    b(42) = 9.0f;
    CHECK(b.host_dirty());
    b.copy_to_device(weft::Target("host-cuda"));
    CHECK(mock.counters().h2d_copies == 4);
    CHECK(on_device(b, {42}) == 9.0f);
    CHECK_THROWS_WITH(b.copy_to_device(weft::Target("x86-64-linux")),
                      Contains("has no GPU API; use a target with cuda"));

    // A device copy that is newer is protected from stale host use.
    b.set_device_dirty();
    CHECK_THROWS_WITH(b(42), Contains("operator(): Buffer has newer data on the device"));
    const weft::Buffer<float> &read_only = b;
    CHECK(read_only(42) == 9.0f); // Const access is unchecked.
    CHECK_THROWS_WITH(b.set_host_dirty(), Contains("has device_dirty set"));
    CHECK_THROWS_WITH(b.fill(1.0f), Contains("newer data on the device (device_dirty)"));
    CHECK_THROWS_WITH(b.cropped(0, 0, 10), Contains("call copy_to_host() first"));
    weft::Buffer<float> other(100);
    CHECK_THROWS_WITH(other.copy_from(b), Contains("newer data on the device"));
    b.copy_to_device(); // Device newer: nothing goes over.
    CHECK(mock.counters().h2d_copies == 4);
    b.copy_to_host();
    CHECK(mock.counters().d2h_copies == 1);
    CHECK_NOTHROW(b.cropped(0, 0, 10));

    // device_malloc leaves the allocation unwritten, so the next copy_to_device copies
    // even with the host clean.
    weft::Buffer<int> c(64);
    c.device_malloc();
    CHECK(c.has_device_allocation());
    CHECK(mock.counters().h2d_copies == 4);
    c.copy_to_device();
    CHECK(mock.counters().h2d_copies == 5);
}

TEST_CASE("cuda mock: the C functions refuse inconsistent buffers", "[runtime][cuda]") {
    MockCuda mock;
    float host[8] = {};
    weft_dimension_t dim[1] = {{0, 8, 1, 0}};
    weft_buffer_t buf{};
    buf.host = reinterpret_cast<uint8_t *>(host);
    buf.type = {weft_type_float, 32, 1};
    buf.dimensions = 1;
    buf.dim = dim;
    buf.flags = weft_buffer_host_dirty | weft_buffer_device_dirty;
    {
        ErrorCatcher e;
        CHECK(weft_cuda_copy_to_device(e.uc(), &buf) == weft_error_code_device_buffer);
        CHECK_THAT(e.error_message, Contains("both host_dirty and device_dirty"));
    }
    {
        ErrorCatcher e;
        buf.flags = weft_buffer_device_dirty;
        CHECK(weft_cuda_copy_to_host(e.uc(), &buf) == weft_error_code_device_buffer);
        CHECK_THAT(e.error_message, Contains("device_dirty set but no device allocation"));
    }
    {
        ErrorCatcher e;
        buf.flags = 0;
        buf.device = 0x4000;
        buf.device_interface = weft_cuda_device_interface();
        CHECK(weft_cuda_device_free(e.uc(), &buf) == weft_error_code_device_buffer);
        CHECK_THAT(e.error_message, Contains("0x4000 is not a device allocation of weft's"));
        buf.device = 0;
        buf.device_interface = nullptr;
    }
    {
        ErrorCatcher e;
        mock.fail_next("cuMemcpyHtoDAsync", 1);
        CHECK(weft_cuda_copy_to_device(e.uc(), &buf) == weft_error_code_cuda_failed);
        CHECK_THAT(e.error_message,
                   Contains("CUDA error in cuMemcpyHtoDAsync (copying a 1-D buffer of 4-byte "
                            "elements): CUDA_ERROR_INVALID_VALUE (invalid argument)"));
        CHECK(weft_cuda_device_free(e.uc(), &buf) == 0);
    }
    CHECK(mock.counters().context_depth == 0);
}
