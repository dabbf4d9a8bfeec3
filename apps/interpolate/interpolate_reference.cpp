// Plain C++ of the multi-scale interpolation; see interpolate_reference.h and the
// formulas in interpolate_algorithm.h, which this follows step by step.

#include "interpolate_reference.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace interpolate_reference {

namespace {

/// A planar RGBA float image.
struct Image {
    int w = 0, h = 0;
    std::vector<float> v;
    Image() = default;
    Image(int w_, int h_) : w(w_), h(h_), v(size_t(w_) * h_ * 4) {}
    float &operator()(int x, int y, int c) { return v[(size_t(c) * h + y) * w + x]; }
    float operator()(int x, int y, int c) const { return v[(size_t(c) * h + y) * w + x]; }
    int cx(int x) const { return std::clamp(x, 0, w - 1); }
    int cy(int y) const { return std::clamp(y, 0, h - 1); }
};

/// Runs fn(row) for every row in [0, rows), in `threads` bands on their own threads.
void for_rows(int threads, int rows, const std::function<void(int)> &fn) {
    auto band = [&](int b) {
        for (int r = rows * b / threads; r < rows * (b + 1) / threads; r++) {
            fn(r);
        }
    };
    std::vector<std::thread> workers;
    for (int b = 0; b + 1 < threads; b++) {
        workers.emplace_back(band, b);
    }
    band(threads - 1);
    for (std::thread &t : workers) {
        t.join();
    }
}

/// reduce(): [1 2 1] / 4 in y, then in x, every other sample, edges clamped.
Image reduce(const Image &f, int threads) {
    const int w = (f.w + 1) / 2, h = (f.h + 1) / 2;
    Image dy(f.w, h), out(w, h);
    for_rows(threads, h * 4, [&](int r) {
        const int y = r % h, c = r / h;
        for (int x = 0; x < f.w; x++) {
            dy(x, y, c) = (f(x, f.cy(2 * y - 1), c) + f(x, f.cy(2 * y + 1), c) +
                           2.0f * f(x, f.cy(2 * y), c)) *
                          0.25f;
        }
    });
    for_rows(threads, h * 4, [&](int r) {
        const int y = r % h, c = r / h;
        for (int x = 0; x < w; x++) {
            out(x, y, c) = (dy(dy.cx(2 * x - 1), y, c) + dy(dy.cx(2 * x + 1), y, c) +
                            2.0f * dy(dy.cx(2 * x), y, c)) *
                           0.25f;
        }
    });
    return out;
}

/// expand(): bilinear, the coarse image s to w x h, in x then in y, edges clamped.
Image expand(const Image &s, int w, int h, int threads) {
    Image ux(w, s.h), out(w, h);
    for_rows(threads, s.h * 4, [&](int r) {
        const int y = r % s.h, c = r / s.h;
        for (int x = 0; x < w; x++) {
            ux(x, y, c) =
                0.75f * s(s.cx(x / 2), y, c) + 0.25f * s(s.cx(x / 2 - 1 + 2 * (x % 2)), y, c);
        }
    });
    for_rows(threads, h * 4, [&](int r) {
        const int y = r % h, c = r / h;
        for (int x = 0; x < w; x++) {
            out(x, y, c) =
                0.75f * ux(x, ux.cy(y / 2), c) + 0.25f * ux(x, ux.cy(y / 2 - 1 + 2 * (y % 2)), c);
        }
    });
    return out;
}

} // namespace

void interpolate(const float *in, float *out, int width, int height, int pyramid_levels,
                 int threads) {
    const int L = pyramid_levels;
    const size_t plane = size_t(width) * height;
    std::vector<Image> down(L);
    down[0] = Image(width, height);
    for_rows(threads, height, [&](int y) {
        for (int x = 0; x < width; x++) {
            const size_t i = size_t(y) * width + x;
            const float a = in[i + 3 * plane];
            for (int c = 0; c < 3; c++) {
                down[0](x, y, c) = in[i + c * plane] * a;
            }
            down[0](x, y, 3) = a;
        }
    });
    for (int l = 1; l < L; l++) {
        down[l] = reduce(down[l - 1], threads);
    }
    Image interp = down[L - 1];
    for (int l = L - 2; l >= 0; l--) {
        Image up = expand(interp, down[l].w, down[l].h, threads);
        const Image &d = down[l];
        for_rows(threads, d.h * 4, [&](int r) {
            const int y = r % d.h, c = r / d.h;
            for (int x = 0; x < d.w; x++) {
                up(x, y, c) = d(x, y, c) + (1.0f - d(x, y, 3)) * up(x, y, c);
            }
        });
        interp = std::move(up);
    }
    for_rows(threads, height, [&](int y) {
        for (int x = 0; x < width; x++) {
            const size_t i = size_t(y) * width + x;
            const float a = interp(x, y, 3);
            for (int c = 0; c < 3; c++) {
                out[i + c * plane] = a > 0.0f ? interp(x, y, c) / a : 0.0f;
            }
            out[i + 3 * plane] = std::min(a, 1.0f);
        }
    });
}

} // namespace interpolate_reference
