// apps/blur at full size: the 3x3 box blur of a 6400 x 4800 uint16 image with the best
// schedule (blur_schedules.h), on WEFT_NUM_THREADS threads (default: every core), and
// the fused C++ loop on one thread. Prints the first call's time (JIT compilation
// included) and the best of 10 run times of each, checks weft's output against the
// fused loop's, and writes 640 x 480 crops of the input and the output as 16-bit PNGs.
//
//   build/apps/blur/blur [output_dir]        (default: out/)
//
// The input is a smooth pattern plus noise, in [0, 21845) so that the uint16 sums do
// not wrap and the picture shows the blur (the benchmark uses full-range noise).

#include "blur/blur_reference.h"
#include "blur/blur_schedules.h"

#include <weft/weft.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace weft;

int main(int argc, char **argv) {
    const std::string dir = argc > 1 ? argv[1] : "out";
    const int width = 6400, height = 4800, out_w = width - 2, out_h = height - 2;
    try {
        Buffer<uint16_t> in(width, height);
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> noise(-2500, 2500);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                const double v = 10900 + 7000 * std::sin(x / 23.0) * std::cos(y / 17.0);
                in(x, y) = uint16_t(std::clamp(int(v) + noise(rng), 0, 21844));
            }
        }
        blur::BlurFuncs f = blur::make_blur(in);
        const blur::Schedule best = blur::all_schedules().front();
        blur::schedule_blur(f, best);
        Buffer<uint16_t> out(out_w, out_h);

        using clock = std::chrono::steady_clock;
        auto ms_since = [](clock::time_point t0) {
            return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        };
        auto t0 = clock::now();
        f.blur_y.realize(out); // the first call compiles
        const double first_ms = ms_since(t0);
        double weft_ms = 1e30, fused_ms = 1e30;
        std::vector<uint16_t> fused(size_t(out_w) * out_h);
        for (int run = 0; run < 10; run++) {
            t0 = clock::now();
            f.blur_y.realize(out);
            weft_ms = std::min(weft_ms, ms_since(t0));
            t0 = clock::now();
            blur_reference::blur_fused_rows(in.data(), width, fused.data(), 0, out_h);
            fused_ms = std::min(fused_ms, ms_since(t0));
        }
        long wrong = 0;
        for (int y = 0; y < out_h; y++) {
            for (int x = 0; x < out_w; x++) {
                wrong += out(x, y) != fused[size_t(y) * out_w + x];
            }
        }
        std::printf("blur %dx%d uint16, weft schedule \"%s\": first call %.1f ms, run %.2f ms "
                    "(best of 10); fused C++ loop (1 thread): %.2f ms; %ld pixels differ\n",
                    width, height, blur::to_string(best), first_ms, weft_ms, fused_ms, wrong);

        std::filesystem::create_directories(dir);
        const int cx = 2880, cy = 2160, cw = 640, ch = 480; // a crop near the centre
        save_image(in.cropped(0, cx, cw).cropped(1, cy, ch), dir + "/blur_input.png");
        save_image(out.cropped(0, cx, cw).cropped(1, cy, ch), dir + "/blur_output.png");
        std::printf("wrote %s/blur_input.png and %s/blur_output.png (640x480 crops)\n",
                    dir.c_str(), dir.c_str());
        return wrong == 0 ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "blur: %s\n", e.what());
        return 1;
    }
}
