// apps/interpolate at full size: multi-scale interpolation of a 1536x2560 RGBA fp32
// image (generated: deterministic, see make_input; 60% of it transparent) with 10
// pyramid levels, with the best schedule (Parallel) on WEFT_NUM_THREADS threads
// (default: every core). Prints the first call's time (JIT compilation included), the
// best of 5 run times, the reference's time and the largest difference from it; writes
// the input (holes black) and the output as 8-bit RGB PNGs.
//
//   build/apps/interpolate/interpolate [out.png [W H]]
//   (default out/interpolate.png; the input goes next to it as *_input.png)

#include "interpolate/interpolate_reference.h"
#include "interpolate/interpolate_schedules.h"

#include <weft/weft.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// Colour stripes and rings seen through holes: opaque where a blotchy mask is set,
/// transparent elsewhere (and in a large rectangle), partial alpha along the edges.
Buffer<float> make_input(int w, int h) {
    Buffer<float> in(w, h, 4);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const float u = float(x) / w, v = float(y) / h;
            in(x, y, 0) = 0.5f + 0.5f * std::sin(12.0f * u + 3.0f * v);
            in(x, y, 1) = 0.5f + 0.5f * std::cos(20.0f * std::hypot(u - 0.5f, v - 0.4f));
            in(x, y, 2) = v;
            const float mask =
                std::sin(0.05f * x) * std::sin(0.037f * y) + 0.5f * std::sin(0.011f * (x + 2 * y));
            float a = std::clamp((mask - 0.2f) * 4.0f, 0.0f, 1.0f);
            if (u > 0.3f && u < 0.7f && v > 0.55f && v < 0.8f) {
                a = 0.0f;
            }
            in(x, y, 3) = a;
        }
    }
    return in;
}

/// An 8-bit RGB image of the first three channels (premultiplied by alpha if asked).
Buffer<uint8_t> to_rgb8(const Buffer<float> &f, bool premultiply) {
    Buffer<uint8_t> out(f.width(), f.height(), 3);
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                const float v = f(x, y, c) * (premultiply ? f(x, y, 3) : 1.0f);
                out(x, y, c) = uint8_t(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
            }
        }
    }
    return out;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char **argv) {
    std::string out_path = argc > 1 ? argv[1] : "out/interpolate.png";
    int w = 1536, h = 2560;
    if (argc == 4) {
        w = std::atoi(argv[2]);
        h = std::atoi(argv[3]);
    }
    if (w < 16 || h < 1 || (argc != 1 && argc != 2 && argc != 4)) {
        std::fprintf(stderr, "usage: interpolate [out.png [W H]], W >= 16, H >= 1\n");
        return 1;
    }
    try {
        Buffer<float> in = make_input(w, h), out(w, h, 4);
        interpolate::Interpolate ip(interpolate::Schedule::Parallel);
        auto t0 = std::chrono::steady_clock::now();
        ip(in, out); // the first call compiles
        const double first_ms = ms_since(t0);
        double best = 1e30;
        for (int run = 0; run < 5; run++) {
            t0 = std::chrono::steady_clock::now();
            ip(in, out);
            best = std::min(best, ms_since(t0));
        }
        std::vector<float> ref(size_t(w) * h * 4);
        t0 = std::chrono::steady_clock::now();
        interpolate_reference::interpolate(in.data(), ref.data(), w, h, 10);
        const double ref_ms = ms_since(t0);
        double worst = 0;
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    worst = std::max(
                        worst, double(std::abs(out(x, y, c) - ref[(size_t(c) * h + y) * w + x])));
                }
            }
        }
        std::filesystem::path p(out_path);
        if (p.has_parent_path()) {
            std::filesystem::create_directories(p.parent_path());
        }
        save_image(to_rgb8(out, false), out_path);
        std::filesystem::path in_path = p;
        in_path.replace_filename(p.stem().string() + "_input.png");
        save_image(to_rgb8(in, true), in_path.string());
        std::printf("interpolate %dx%d RGBA fp32, 10 levels: first call %.1f ms, run %.2f ms "
                    "(best of 5); reference (1 thread) %.1f ms; max |diff| %.2g; wrote %s\n",
                    w, h, first_ms, best, ref_ms, worst, out_path.c_str());
        return worst <= 1e-4 ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "interpolate: %s\n", e.what());
        return 1;
    }
}
