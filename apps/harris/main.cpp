// apps/harris at full size: the Harris corner response of a 2560x1536 fp32 RGB image
// (generated: soft shapes and bars on a gradient, deterministic) with the best
// schedule (Sliding) on
// WEFT_NUM_THREADS threads (default: every core). Prints the first call's time (JIT
// compilation included), the best of 10 run times, the largest difference from the
// C++ reference, and writes the input and the response as 8-bit PNGs (the response
// mapped to grey: 128 + 128 * r / max|r|, corners bright, edges dark).
//
//   build/apps/harris/harris [output.png]      (default out/harris.png; the input
//                                                 goes next to it as *_input.png)

#include "harris/harris_reference.h"
#include "harris/harris_schedules.h"

#include <weft/weft.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

using namespace weft;

namespace {

/// A soft scene: a colour gradient, discs and bars blurred by a smooth falloff, so that
/// sharpening visibly crisps their edges.
Buffer<float> make_scene(int w, int h) {
    Buffer<float> b(w, h, 3);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const float u = float(x) / float(w), v = float(y) / float(h);
            float rgb[3] = {0.2f + 0.5f * u, 0.3f + 0.4f * v, 0.6f - 0.3f * u * v};
            for (int i = 0; i < 12; i++) {
                const float cx = 0.08f + 0.07f * float(i), cy = 0.5f + 0.3f * std::sin(1.7f * i);
                const float r = 0.03f + 0.01f * float(i % 4);
                const float d = std::hypot((u - cx) * float(w) / float(h), v - cy);
                const float cover = 1.0f / (1.0f + std::exp((d - r) * 400.0f));
                rgb[i % 3] += 0.4f * cover;
            }
            const float bars = 0.5f + 0.5f * std::tanh(8.0f * std::sin(float(x) * 0.05f));
            if (y > h * 3 / 4) {
                for (float &c : rgb) {
                    c = 0.6f * c + 0.4f * bars;
                }
            }
            for (int c = 0; c < 3; c++) {
                b(x, y, c) = std::clamp(rgb[c], 0.0f, 1.0f);
            }
        }
    }
    return b;
}

Buffer<uint8_t> to_8bit(const Buffer<float> &f) {
    Buffer<uint8_t> b(f.width(), f.height(), f.channels());
    for (int c = 0; c < f.channels(); c++) {
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                b(x, y, c) = uint8_t(std::lround(std::clamp(f(x, y, c), 0.0f, 1.0f) * 255.0f));
            }
        }
    }
    return b;
}

/// The response as grey: 128 + 128 r / max |r|.
Buffer<uint8_t> response_to_8bit(const Buffer<float> &r) {
    float peak = 1e-30f;
    for (int y = 0; y < r.height(); y++) {
        for (int x = 0; x < r.width(); x++) {
            peak = std::max(peak, std::abs(r(x, y)));
        }
    }
    Buffer<uint8_t> b(r.width(), r.height());
    for (int y = 0; y < r.height(); y++) {
        for (int x = 0; x < r.width(); x++) {
            b(x, y) = uint8_t(std::clamp(std::lround(128.0f + 127.0f * r(x, y) / peak), 0L, 255L));
        }
    }
    return b;
}

} // namespace

int main(int argc, char **argv) {
    const std::string out_path = argc > 1 ? argv[1] : "out/harris.png";
    const int w = 2560, h = 1536;
    const float k = 0.04f;
    try {
        const std::filesystem::path parent = std::filesystem::path(out_path).parent_path();
        if (!parent.empty()) {
            std::filesystem::create_directories(parent);
        }
        Buffer<float> in = make_scene(w, h), out(w, h);
        harris::Harris u(harris::Schedule::Sliding);
        using clock = std::chrono::steady_clock;
        auto t0 = clock::now();
        u(in, out, k); // the first call compiles
        const double first_ms =
            std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double best = 1e30;
        for (int run = 0; run < 10; run++) {
            t0 = clock::now();
            u(in, out, k);
            best = std::min(best,
                            std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        std::vector<float> want(size_t(w) * h);
        harris_reference::harris(in.data(), w, h, k, want.data());
        double worst = 0;
        for (size_t i = 0; i < want.size(); i++) {
            worst = std::max(worst, double(std::abs(out.data()[i] - want[i])) /
                                        (1e-6 + 1e-4 * std::abs(want[i])));
        }
        save_image(response_to_8bit(out), out_path);
        const std::string in_path =
            out_path.substr(0, out_path.size() - std::min<size_t>(4, out_path.size())) +
            "_input.png";
        save_image(to_8bit(in), in_path);
        std::printf("harris %dx%d fp32 RGB: first call %.1f ms, run %.3f ms (best of 10), largest "
                    "difference from the reference %.2g of the tolerance; wrote %s and %s\n",
                    w, h, first_ms, best, worst, out_path.c_str(), in_path.c_str());
        return worst <= 1 ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "harris: %s\n", e.what());
        return 1;
    }
}
