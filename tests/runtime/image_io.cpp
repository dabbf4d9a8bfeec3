// PNG load and save of Buffers.

#include <catch2/catch.hpp>

#include "weft/ImageIO.h"

#include <cstdio>
#include <filesystem>
#include <string>

using namespace weft;

namespace {

std::string temp_path(const std::string &name) {
    return (std::filesystem::temp_directory_path() / ("weft_test_" + name)).string();
}

} // namespace

TEST_CASE("load the test gradient: planar RGB, known values", "[image]") {
    Buffer<uint8_t> img = load_image(WEFT_TEST_DATA_DIR "/gradient_rgb.png");
    REQUIRE(img.dimensions() == 3);
    REQUIRE(img.width() == 64);
    REQUIRE(img.height() == 48);
    REQUIRE(img.channels() == 3);
    REQUIRE(img.dim(0).stride() == 1);
    REQUIRE(img.dim(2).stride() == 64 * 48);
    int wrong = 0;
    img.for_each_element([&](int x, int y, int c) {
        int expected = c == 0 ? 4 * x : c == 1 ? 5 * y : 2 * (x + y);
        wrong += img(x, y, c) != expected;
    });
    REQUIRE(wrong == 0);
}

TEST_CASE("8-bit grey and RGB round trip", "[image]") {
    Buffer<uint8_t> grey(37, 21);
    grey.for_each_element([&](int x, int y) { grey(x, y) = uint8_t(x * 7 + y * 13); });
    std::string p = temp_path("grey8.png");
    save_image(grey, p);
    Buffer<> back = load_image(p);
    REQUIRE(back.type() == UInt(8));
    REQUIRE(back.dimensions() == 2);
    Buffer<uint8_t> g = back;
    int wrong = 0;
    grey.for_each_element([&](int x, int y) { wrong += g(x, y) != grey(x, y); });
    REQUIRE(wrong == 0);

    // An interleaved RGBA buffer with nonzero mins saves the same as a planar one.
    Buffer<uint8_t> rgba = Buffer<uint8_t>::make_interleaved(5, 4, 4);
    rgba.set_min(10, 20, 0);
    rgba.for_each_element(
        [&](int x, int y, int c) { rgba(x, y, c) = uint8_t(x + 3 * y + 50 * c); });
    std::string q = temp_path("rgba8.png");
    save_image(rgba, q);
    Buffer<uint8_t> r = load_image(q);
    REQUIRE(r.channels() == 4);
    REQUIRE(r.dim(0).min() == 0);
    REQUIRE(r(4, 3, 2) == 14 + 69 + 100);
    REQUIRE(r(0, 0, 3) == 10 + 60 + 150);
    std::remove(p.c_str());
    std::remove(q.c_str());
}

TEST_CASE("16-bit grey and RGB round trip", "[image]") {
    Buffer<uint16_t> rgb(9, 7, 3);
    rgb.for_each_element(
        [&](int x, int y, int c) { rgb(x, y, c) = uint16_t(1000 * c + 97 * x * y + 255); });
    std::string p = temp_path("rgb16.png");
    save_image(rgb, p);
    Buffer<uint16_t> back = load_image(p);
    REQUIRE(back.channels() == 3);
    int wrong = 0;
    rgb.for_each_element([&](int x, int y, int c) { wrong += back(x, y, c) != rgb(x, y, c); });
    REQUIRE(wrong == 0);

    Buffer<uint16_t> grey(3, 2);
    grey(2, 1) = 65535;
    grey(1, 0) = 258;
    std::string q = temp_path("grey16.png");
    save_image(grey, q);
    Buffer<uint16_t> g = load_image(q);
    REQUIRE(g.dimensions() == 2);
    REQUIRE(g(2, 1) == 65535);
    REQUIRE(g(1, 0) == 258);
    std::remove(p.c_str());
    std::remove(q.c_str());
}

TEST_CASE("load_image_as converts and scales", "[image]") {
    Buffer<float> f = load_image_as<float>(WEFT_TEST_DATA_DIR "/gradient_rgb.png");
    REQUIRE(f(10, 0, 0) == Approx(40.0 / 255.0));
    Buffer<uint16_t> w = load_image_as<uint16_t>(WEFT_TEST_DATA_DIR "/gradient_rgb.png");
    REQUIRE(w(0, 10, 1) == 50 * 257);
}

TEST_CASE("image I/O errors are clear", "[image][errors]") {
    REQUIRE_THROWS_WITH(load_image("/nonexistent/weft.png"),
                        Catch::Contains("cannot open \"/nonexistent/weft.png\""));
    std::string bad = temp_path("not_a.png");
    FILE *f = std::fopen(bad.c_str(), "wb");
    std::fputs("hello, this is not a PNG file", f);
    std::fclose(f);
    REQUIRE_THROWS_WITH(load_image(bad), Catch::Contains("is not a PNG file"));

    // A truncated PNG: the real signature and header, then nothing.
    std::string trunc = temp_path("truncated.png");
    {
        FILE *in = std::fopen(WEFT_TEST_DATA_DIR "/gradient_rgb.png", "rb");
        char head[60];
        size_t n = std::fread(head, 1, sizeof(head), in);
        std::fclose(in);
        FILE *out = std::fopen(trunc.c_str(), "wb");
        std::fwrite(head, 1, n, out);
        std::fclose(out);
    }
    REQUIRE_THROWS_WITH(load_image(trunc), Catch::Contains("is not a valid PNG"));

    REQUIRE_THROWS_WITH(save_image(Buffer<float>(4, 4), bad),
                        Catch::Contains("has type float32; PNG files hold uint8 or uint16"));
    REQUIRE_THROWS_WITH(save_image(Buffer<uint8_t>(4, 4, 5), bad), Catch::Contains("5 channels"));
    REQUIRE_THROWS_WITH(save_image(Buffer<uint8_t>(std::vector<int>{4}), bad),
                        Catch::Contains("has 1 dimensions"));
    REQUIRE_THROWS_WITH(save_image(Buffer<uint8_t>(4, 4), "/nonexistent/dir/x.png"),
                        Catch::Contains("cannot open \"/nonexistent/dir/x.png\" for writing"));
    std::remove(bad.c_str());
    std::remove(trunc.c_str());
}
