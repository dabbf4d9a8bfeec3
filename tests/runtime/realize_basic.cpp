// Pipeline::realize through the public API: a pure Func, Params and ImageParams,
// realizing into buffers with nonzero mins, several outputs, Realization conversions.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("realize: f(x, y) = x + y", "[realize]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x + y;
    Buffer<int32_t> out = f.realize({10, 7});
    REQUIRE(out.width() == 10);
    REQUIRE(out.height() == 7);
    for (int j = 0; j < 7; j++) {
        for (int i = 0; i < 10; i++) {
            CHECK(out(i, j) == i + j);
        }
    }
}

TEST_CASE("realize: into a buffer with nonzero mins computes exactly that region", "[realize]") {
    Func f("f_region");
    Var x("x"), y("y");
    f(x, y) = x * 100 + y;
    Buffer<int32_t> out(5, 4);
    out.set_min({-3, 20});
    Pipeline(f).realize(out);
    for (int j = 20; j < 24; j++) {
        for (int i = -3; i < 2; i++) {
            CHECK(out(i, j) == i * 100 + j);
        }
    }
}

TEST_CASE("realize: Params and ImageParams", "[realize]") {
    ImageParam in(UInt(16), 2, "in");
    Param<int> offset("offset");
    Param<float> gain("gain", 0.5f);
    Func f("f_params");
    Var x("x"), y("y");
    f(x, y) = cast<float>(in(x, y) + offset) * gain;
    Buffer<uint16_t> input(8, 6);
    for (int j = 0; j < 6; j++) {
        for (int i = 0; i < 8; i++) {
            input(i, j) = uint16_t(i * 10 + j);
        }
    }
    in.set(input);
    offset.set(4);
    Pipeline p(f);
    Buffer<float> out = p.realize({8, 6});
    CHECK(out(3, 2) == Approx((32 + 4) * 0.5f));
    // Changing a Param's value changes the result without recompiling.
    gain.set(2.0f);
    Buffer<float> out2 = p.realize({8, 6});
    CHECK(out2(3, 2) == Approx((32 + 4) * 2.0f));
}

TEST_CASE("realize: a pipeline with two outputs", "[realize]") {
    Func a("two_a"), b("two_b");
    Var x("x");
    a(x) = x * 2;
    b(x) = a(x) + 1;
    Pipeline p({a, b});
    Realization r = p.realize({16});
    REQUIRE(r.size() == 2);
    Buffer<int32_t> ra = r[0], rb = r[1];
    for (int i = 0; i < 16; i++) {
        CHECK(ra(i) == i * 2);
        CHECK(rb(i) == i * 2 + 1);
    }
    // A Realization of two buffers does not convert to one Buffer.
    CHECK_THROWS_AS(
        [&] {
            Buffer<int32_t> one = r;
            (void)one;
        }(),
        RuntimeError);
}

TEST_CASE("realize: a two-stage blur with repeat_edge matches C++", "[realize]") {
    const int w = 37, h = 23;
    Buffer<uint16_t> input(w, h);
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            input(i, j) = uint16_t((i * 37 + j * 101) % 1000);
        }
    }
    ImageParam in(UInt(16), 2, "blur_in");
    in.set(input);
    Func clamped = BoundaryConditions::repeat_edge(in);
    Func bx("bx"), by("by");
    Var x("x"), y("y");
    bx(x, y) = (clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y)) / 3;
    by(x, y) = (bx(x, y - 1) + bx(x, y) + bx(x, y + 1)) / 3;
    bx.compute_root();
    Buffer<uint16_t> out = by.realize({w, h});
    auto at = [&](int i, int j) {
        return int(input(std::clamp(i, 0, w - 1), std::clamp(j, 0, h - 1)));
    };
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            auto bxr = [&](int jj) {
                return uint16_t((at(i - 1, jj) + at(i, jj) + at(i + 1, jj)) / 3);
            };
            const uint16_t expected = uint16_t((bxr(j - 1) + bxr(j) + bxr(j + 1)) / 3);
            CHECK(out(i, j) == expected);
        }
    }
}

/// f.parallel(y) when Func has that directive (it lands with the loop directives).
template<typename F> bool try_parallel(F &f, const Var &y) {
    if constexpr (requires { f.parallel(y); }) {
        f.parallel(y);
        return true;
    } else {
        return false;
    }
}

TEST_CASE("realize: parallel loops run through the thread pool", "[realize]") {
    Func f("f_par");
    Var x("x"), y("y");
    f(x, y) = x * y;
    if (!try_parallel(f, y)) {
        WARN("Func::parallel is not available yet; running serially");
    }
    Buffer<int32_t> out = f.realize({64, 64});
    for (int j = 0; j < 64; j++) {
        for (int i = 0; i < 64; i++) {
            CHECK(out(i, j) == i * j);
        }
    }
}
