// apps/camera_pipe at full size: a 2592x1968 10-bit GRBG raw image (generated from a
// colour scene: gradients, discs and stripes sampled through the Bayer pattern, with
// noise and hot pixels; deterministic) developed to 8-bit RGB by the best schedule
// (Strips) on WEFT_NUM_THREADS threads (default: every core). Prints the first call's
// time (JIT compilation included), the best of 10 run times, whether the result is
// bit-exact with the C++ reference, and writes the raw mosaic (as 8-bit grey) and the
// RGB result as PNGs.
//
//   build/apps/camera_pipe/camera_pipe [output.png]   (default out/camera_pipe.png; the
//                                                      mosaic goes to *_raw.png)

#include "camera_pipe/camera_pipe_reference.h"
#include "camera_pipe/camera_pipe_schedules.h"

#include <weft/weft.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

using namespace weft;

namespace {

Buffer<uint16_t> make_raw(int w, int h) {
    Buffer<uint16_t> b(w, h);
    uint32_t state = 5;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            state = state * 1664525u + 1013904223u;
            const int noise = int(state >> 27) - 16;
            const float u = float(x) / float(w), v = float(y) / float(h);
            float rgb[3] = {0.15f + 0.5f * u, 0.2f + 0.4f * v, 0.5f - 0.3f * u};
            for (int i = 0; i < 8; i++) {
                const float cx = 0.1f + 0.11f * float(i), cy = 0.45f + 0.25f * std::sin(1.3f * i);
                if (std::hypot((u - cx) * float(w) / float(h), v - cy) < 0.08f) {
                    rgb[i % 3] += 0.45f;
                }
            }
            if (v > 0.8f && (x / 24) % 2 == 0) {
                rgb[0] += 0.3f;
                rgb[1] += 0.3f;
                rgb[2] += 0.3f;
            }
            const int c = (y % 2 == 0) ? (x % 2 == 0 ? 1 : 0) : (x % 2 == 0 ? 2 : 1);
            int val = int(std::min(rgb[c], 1.0f) * 980.0f) + 25 + noise;
            if ((state >> 8) % 4999 == 0) {
                val = 1023; // a hot pixel
            }
            b(x, y) = uint16_t(std::clamp(val, 0, 1023));
        }
    }
    return b;
}

} // namespace

int main(int argc, char **argv) {
    const std::string out_path = argc > 1 ? argv[1] : "out/camera_pipe.png";
    const int w = 2592, h = 1968;
    try {
        const std::filesystem::path parent = std::filesystem::path(out_path).parent_path();
        if (!parent.empty()) {
            std::filesystem::create_directories(parent);
        }
        Buffer<uint16_t> raw = make_raw(w, h);
        Buffer<uint8_t> out(w, h, 3);
        const camera_pipe::Settings settings;
        camera_pipe::CameraPipe cam(camera_pipe::Schedule::Strips, settings);
        using clock = std::chrono::steady_clock;
        auto t0 = clock::now();
        cam(raw, out); // the first call compiles
        const double first_ms =
            std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double best = 1e30;
        for (int run = 0; run < 10; run++) {
            t0 = clock::now();
            cam(raw, out);
            best = std::min(best,
                            std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        camera_pipe_reference::Settings rs{
            settings.black_level, settings.white_level,      settings.gamma,
            settings.contrast,    settings.sharpen_strength, {}};
        std::memcpy(rs.matrix, settings.matrix, sizeof(rs.matrix));
        std::vector<uint8_t> want(size_t(w) * h * 3);
        camera_pipe_reference::camera_pipe(raw.data(), w, h, rs, want.data());
        const bool exact = std::memcmp(want.data(), out.data(), want.size()) == 0;
        save_image(out, out_path);
        Buffer<uint8_t> mosaic(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mosaic(x, y) = uint8_t(raw(x, y) >> 2);
            }
        }
        const std::string raw_path =
            out_path.substr(0, out_path.size() - std::min<size_t>(4, out_path.size())) + "_raw.png";
        save_image(mosaic, raw_path);
        std::printf("camera_pipe %dx%d raw -> RGB: first call %.1f ms, run %.3f ms (best of "
                    "10), %s the reference; wrote %s and %s\n",
                    w, h, first_ms, best, exact ? "bit-exact with" : "DIFFERS from",
                    out_path.c_str(), raw_path.c_str());
        return exact ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "camera_pipe: %s\n", e.what());
        return 1;
    }
}
