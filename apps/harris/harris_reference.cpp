// The naive C++ Harris corner response of harris_reference.h.

#include "harris_reference.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace harris_reference {

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

void harris(const float *in, int width, int height, float k, float *out, int threads) {
    // As in harris_algorithm.h, only the input's edges repeat outwards: Ix and Iy are
    // computed on a one-pixel border around the image (from clamped gray), and the
    // vertical sums on a one-column border, so every stage sees what weft computes.
    const size_t plane = size_t(width) * height;
    const int pw = width + 2, ph = height + 2; // padded: (x, y) at (x + 1, y + 1)
    std::vector<float> gray(plane), ix(size_t(pw) * ph), iy(size_t(pw) * ph);
    std::vector<float> sxx(size_t(pw) * height), syy(sxx.size()), sxy(sxx.size());
    auto g = [&](int x, int y) {
        return gray[size_t(std::clamp(y, 0, height - 1)) * width + std::clamp(x, 0, width - 1)];
    };
    auto p = [&](int x, int y) { return size_t(y + 1) * pw + (x + 1); };
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                const size_t i = size_t(y) * width + x;
                gray[i] = 0.299f * in[i] + 0.587f * in[plane + i] + 0.114f * in[2 * plane + i];
            }
        }
    });
    run_bands(threads, ph, [&](int y0, int y1) {
        for (int y = y0 - 1; y < y1 - 1; y++) {
            for (int x = -1; x <= width; x++) {
                ix[p(x, y)] =
                    ((g(x + 1, y - 1) - g(x - 1, y - 1)) + 2.0f * (g(x + 1, y) - g(x - 1, y)) +
                     (g(x + 1, y + 1) - g(x - 1, y + 1))) *
                    (1.0f / 12.0f);
                iy[p(x, y)] =
                    ((g(x - 1, y + 1) - g(x - 1, y - 1)) + 2.0f * (g(x, y + 1) - g(x, y - 1)) +
                     (g(x + 1, y + 1) - g(x + 1, y - 1))) *
                    (1.0f / 12.0f);
            }
        }
    });
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = -1; x <= width; x++) {
                const size_t u = p(x, y - 1), i = p(x, y), d = p(x, y + 1);
                const size_t o = size_t(y) * pw + (x + 1);
                sxx[o] = ix[u] * ix[u] + ix[i] * ix[i] + ix[d] * ix[d];
                syy[o] = iy[u] * iy[u] + iy[i] * iy[i] + iy[d] * iy[d];
                sxy[o] = ix[u] * iy[u] + ix[i] * iy[i] + ix[d] * iy[d];
            }
        }
    });
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                const size_t i = size_t(y) * pw + (x + 1);
                const float a = sxx[i - 1] + sxx[i] + sxx[i + 1];
                const float b = syy[i - 1] + syy[i] + syy[i + 1];
                const float c = sxy[i - 1] + sxy[i] + sxy[i + 1];
                const float det = a * b - c * c;
                const float trace = a + b;
                out[size_t(y) * width + x] = det - k * trace * trace;
            }
        }
    });
}

} // namespace harris_reference
