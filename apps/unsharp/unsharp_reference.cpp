// The naive C++ unsharp mask of unsharp_reference.h.

#include "unsharp_reference.h"

#include "unsharp_algorithm.h" // gaussian_taps: the same weights as the weft pipeline

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace unsharp_reference {

namespace {

/// fn(y_begin, y_end) over [0, rows) in `threads` bands, the caller taking the last.
void run_bands(int threads, int rows, const std::function<void(int, int)> &fn) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads - 1; t++) {
        workers.emplace_back(fn, rows * t / threads, rows * (t + 1) / threads);
    }
    fn(rows * (threads - 1) / threads, rows);
    for (std::thread &w : workers) {
        w.join();
    }
}

} // namespace

void unsharp(const float *in, int width, int height, int channels, float amount, float sigma,
             float *out, int threads) {
    const std::vector<float> w = unsharp::gaussian_taps(sigma);
    const int radius = int(w.size()) - 1;
    const size_t plane = size_t(width) * height;
    std::vector<float> gray(plane), blur_y(plane);
    auto at = [&](int x, int y) { return size_t(y) * width + x; };
    auto cx = [&](int x) { return std::clamp(x, 0, width - 1); };
    auto cy = [&](int y) { return std::clamp(y, 0, height - 1); };
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                const size_t i = at(x, y);
                gray[i] = 0.299f * in[i] + 0.587f * in[plane + i] + 0.114f * in[2 * plane + i];
            }
        }
    });
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                float s = w[0] * gray[at(x, y)];
                for (int i = 1; i <= radius; i++) {
                    s += w[size_t(i)] * (gray[at(x, cy(y - i))] + gray[at(x, cy(y + i))]);
                }
                blur_y[at(x, y)] = s;
            }
        }
    });
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                float s = w[0] * blur_y[at(x, y)];
                for (int i = 1; i <= radius; i++) {
                    s += w[size_t(i)] * (blur_y[at(cx(x - i), y)] + blur_y[at(cx(x + i), y)]);
                }
                const float detail = gray[at(x, y)] - s;
                for (int c = 0; c < channels; c++) {
                    out[c * plane + at(x, y)] = in[c * plane + at(x, y)] + amount * detail;
                }
            }
        }
    });
}

} // namespace unsharp_reference
