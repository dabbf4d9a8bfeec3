// apps/camera_pipe at small sizes: every schedule of camera_pipe_schedules.h against the
// plain C++ reference, bit-exact, on sizes that are not multiples of the vector width
// or of the tile, exact tiles, images smaller than one tile (Root fallback), other
// settings, 1 and 2 threads; the tone curve's table alone; and the errors an odd-sized
// raw image gets.

#include "camera_pipe/camera_pipe_reference.h"
#include "camera_pipe/camera_pipe_schedules.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A synthetic 10-bit GRBG mosaic: a colour scene (gradients, a disc, stripes) sampled
/// through the Bayer pattern, plus noise and a few hot (1023) and dead (0) pixels.
Buffer<uint16_t> make_raw(int w, int h) {
    Buffer<uint16_t> b(w, h);
    uint32_t state = uint32_t(w * 7919 + h);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            state = state * 1664525u + 1013904223u;
            const int noise = int(state >> 27) - 16;
            const bool disc = (x - w / 3) * (x - w / 3) + (y - h / 2) * (y - h / 2) < h * h / 9;
            const int r = 100 + 700 * x / w + (disc ? 150 : 0);
            const int g = 150 + 500 * y / h + ((x / 7) % 2 ? 120 : 0);
            const int bl = 600 - 400 * x / w + (disc ? -200 : 100);
            int v = (y % 2 == 0) ? (x % 2 == 0 ? g : r) : (x % 2 == 0 ? bl : g);
            v += noise;
            if ((state >> 8) % 997 == 0) {
                v = (state >> 20) % 2 ? 1023 : 0;
            }
            b(x, y) = uint16_t(std::clamp(v, 0, 1023));
        }
    }
    return b;
}

camera_pipe_reference::Settings reference_settings(const camera_pipe::Settings &s) {
    camera_pipe_reference::Settings r{s.black_level, s.white_level,      s.gamma,
                                      s.contrast,    s.sharpen_strength, {}};
    std::memcpy(r.matrix, s.matrix, sizeof(r.matrix));
    return r;
}

void check(int w, int h, camera_pipe::Schedule sched,
           const camera_pipe::Settings &settings = camera_pipe::Settings()) {
    INFO("schedule " << camera_pipe::to_string(sched) << ", " << w << "x" << h);
    Buffer<uint16_t> raw = make_raw(w, h);
    std::vector<uint8_t> want(size_t(w) * h * 3);
    camera_pipe_reference::camera_pipe(raw.data(), w, h, reference_settings(settings), want.data());
    Buffer<uint8_t> out(w, h, 3);
    camera_pipe::CameraPipe cam(sched, settings);
    cam(raw, out);
    int wrong = 0;
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const int e = want[(size_t(c) * h + y) * w + x];
                if (out(x, y, c) != e) {
                    if (wrong++ == 0) {
                        FAIL_CHECK("out(" << x << ", " << y << ", " << c
                                          << ") = " << int(out(x, y, c)) << ", expected " << e);
                    }
                }
            }
        }
    }
    CHECK(wrong == 0);
}

const camera_pipe::Schedule all_schedules[] = {
    camera_pipe::Schedule::Strips, camera_pipe::Schedule::Tiled, camera_pipe::Schedule::Root};

} // namespace

TEST_CASE("the tone curve table matches the reference", "[camera_pipe]") {
    ImageParam raw(UInt(16), 2, "raw"), matrix(Float(32), 2, "matrix");
    camera_pipe::CameraPipeFuncs f = camera_pipe::make_camera_pipe(raw, matrix, "cp_curve");
    for (float gamma : {2.0f, 2.2f, 1.0f}) {
        camera_pipe::Settings s;
        s.gamma = gamma;
        s.contrast = gamma * 30.0f;
        f.gamma.set(s.gamma);
        f.contrast.set(s.contrast);
        Buffer<int32_t> table = f.curve.realize({1024});
        uint8_t want[1024];
        camera_pipe_reference::tone_curve(reference_settings(s), want);
        int wrong = 0;
        for (int v = 0; v < 1024; v++) {
            if (table(v) != want[v] && wrong++ == 0) {
                FAIL_CHECK("gamma " << gamma << ": curve(" << v << ") = " << int(table(v))
                                    << ", expected " << int(want[v]));
            }
        }
        CHECK(wrong == 0);
        CHECK(table(0) == 0);
        CHECK(table(1023) == 255);
    }
}

TEST_CASE("every schedule matches the reference on awkward sizes", "[camera_pipe]") {
    for (camera_pipe::Schedule s : all_schedules) {
        check(302, 70, s); // neither the vector width nor the tile divides it
        check(256, 32, s); // exactly one tile
        check(530, 98, s); // several tiles, tails in both dimensions
    }
}

TEST_CASE("strips match the reference at their smallest and awkward sizes", "[camera_pipe]") {
    REQUIRE(camera_pipe::fits(camera_pipe::Schedule::Strips, camera_pipe::strip_min_w,
                              camera_pipe::strip_h));
    check(camera_pipe::strip_min_w, camera_pipe::strip_h, camera_pipe::Schedule::Strips);
    check(66, 130, camera_pipe::Schedule::Strips);  // narrow; two strips and a tail
    check(1030, 66, camera_pipe::Schedule::Strips); // wide; the last strip shifted up by 62
    check(130, 128, camera_pipe::Schedule::Strips); // exactly two strips
}

TEST_CASE("images smaller than one tile use the root schedule", "[camera_pipe]") {
    for (camera_pipe::Schedule s : all_schedules) {
        check(38, 20, s);
        check(2, 2, s);
        check(6, 200, s);
    }
}

TEST_CASE("other settings and two threads", "[camera_pipe]") {
    camera_pipe::Settings s;
    s.gamma = 2.2f;
    s.contrast = 80.0f;
    s.sharpen_strength = 3.0f;
    s.black_level = 64;
    s.white_level = 1000;
    s.matrix[0][3] = 30.0f;
    check(302, 70, camera_pipe::Schedule::Strips, s);
    check(302, 70, camera_pipe::Schedule::Tiled, s);
    set_num_threads(2);
    check(530, 198, camera_pipe::Schedule::Strips, s);
    check(530, 98, camera_pipe::Schedule::Tiled, s);
    check(302, 70, camera_pipe::Schedule::Root);
    set_num_threads(0);
}

TEST_CASE("an odd-sized raw image is a RuntimeError naming it", "[camera_pipe]") {
    Buffer<uint16_t> raw = make_raw(301, 70);
    raw.set_name("my_raw");
    Buffer<uint8_t> out(301, 70, 3);
    camera_pipe::CameraPipe cam(camera_pipe::Schedule::Strips);
    try {
        cam(raw, out);
        FAIL("an odd width was accepted");
    } catch (const RuntimeError &e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("my_raw") != std::string::npos);
        CHECK(what.find("even") != std::string::npos);
    }
}
