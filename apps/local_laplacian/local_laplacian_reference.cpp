// Plain C++ of the local Laplacian filter; see local_laplacian_reference.h and the
// formulas in local_laplacian_algorithm.h, which this follows step by step.

#include "local_laplacian_reference.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

namespace local_laplacian_reference {

namespace {

/// A planar float image of w x h x n (n pyramid "slices": the intensity levels).
struct Image {
    int w = 0, h = 0, n = 0;
    std::vector<float> v;
    Image() = default;
    Image(int w_, int h_, int n_ = 1) : w(w_), h(h_), n(n_), v(size_t(w_) * h_ * n_) {}
    float &operator()(int x, int y, int k = 0) { return v[(size_t(k) * h + y) * w + x]; }
    float operator()(int x, int y, int k = 0) const { return v[(size_t(k) * h + y) * w + x]; }
    /// The value at (x, y) clamped to the image: repeat-edge.
    float at(int x, int y, int k = 0) const {
        return (*this)(std::clamp(x, 0, w - 1), std::clamp(y, 0, h - 1), k);
    }
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

float binomial5(float a, float b, float c, float d, float e) {
    return ((a + e) + 4.0f * (b + d) + 6.0f * c) * 0.0625f;
}

float expand(int v, float prev, float at, float next) {
    return v % 2 == 0 ? ((prev + next) + 6.0f * at) * 0.125f : (at + next) * 0.5f;
}

/// down(): [1 4 6 4 1] / 16 in y, then in x, every other sample, edges clamped.
Image down(const Image &f, int threads) {
    const int w = (f.w + 1) / 2, h = (f.h + 1) / 2;
    Image dy(f.w, h, f.n), out(w, h, f.n);
    for_rows(threads, h * f.n, [&](int r) {
        const int y = r % h, k = r / h;
        for (int x = 0; x < f.w; x++) {
            dy(x, y, k) = binomial5(f.at(x, 2 * y - 2, k), f.at(x, 2 * y - 1, k), f.at(x, 2 * y, k),
                                    f.at(x, 2 * y + 1, k), f.at(x, 2 * y + 2, k));
        }
    });
    for_rows(threads, h * f.n, [&](int r) {
        const int y = r % h, k = r / h;
        for (int x = 0; x < w; x++) {
            out(x, y, k) =
                binomial5(dy.at(2 * x - 2, y, k), dy.at(2 * x - 1, y, k), dy.at(2 * x, y, k),
                          dy.at(2 * x + 1, y, k), dy.at(2 * x + 2, y, k));
        }
    });
    return out;
}

/// up(): the coarse image f expanded to w x h, in x then in y, edges clamped.
Image up(const Image &f, int w, int h, int threads) {
    Image ux(w, f.h, f.n), out(w, h, f.n);
    for_rows(threads, f.h * f.n, [&](int r) {
        const int y = r % f.h, k = r / f.h;
        for (int x = 0; x < w; x++) {
            ux(x, y, k) =
                expand(x, f.at(x / 2 - 1, y, k), f.at(x / 2, y, k), f.at(x / 2 + 1, y, k));
        }
    });
    for_rows(threads, h * f.n, [&](int r) {
        const int y = r % h, k = r / h;
        for (int x = 0; x < w; x++) {
            out(x, y, k) =
                expand(y, ux.at(x, y / 2 - 1, k), ux.at(x, y / 2, k), ux.at(x, y / 2 + 1, k));
        }
    });
    return out;
}

} // namespace

void local_laplacian(const uint16_t *in, uint16_t *out, int width, int height, const Params &p,
                     int threads) {
    const int K = p.levels, J = p.pyramid_levels;
    const float K1 = float(K - 1);
    const size_t plane = size_t(width) * height;
    const float inv = 1.0f / 65535.0f;

    Image gray(width, height);
    for_rows(threads, height, [&](int y) {
        for (int x = 0; x < width; x++) {
            const size_t i = size_t(y) * width + x;
            gray(x, y) = 0.299f * (float(in[i]) * inv) + 0.587f * (float(in[i + plane]) * inv) +
                         0.114f * (float(in[i + 2 * plane]) * inv);
        }
    });

    const int span = (K - 1) * 256;
    std::vector<float> remap(2 * size_t(span) + 1);
    for (int i = -span; i <= span; i++) {
        const float t = float(i) * (1.0f / 256.0f);
        remap[size_t(i + span)] = p.alpha * (t / K1) * std::exp(-(t * t) * 0.5f);
    }

    std::vector<Image> g(J), in_g(J), l(J);
    g[0] = Image(width, height, K);
    for_rows(threads, height * K, [&](int r) {
        const int y = r % height, k = r / height;
        const float level = float(k) / K1;
        for (int x = 0; x < width; x++) {
            const float v = gray(x, y);
            const int idx = std::clamp(int(v * K1 * 256.0f + 0.5f), 0, span);
            g[0](x, y, k) = level + p.beta * (v - level) + remap[size_t(idx - 256 * k + span)];
        }
    });
    in_g[0] = gray;
    for (int j = 1; j < J; j++) {
        g[j] = down(g[j - 1], threads);
        in_g[j] = down(in_g[j - 1], threads);
    }
    l[J - 1] = g[J - 1];
    for (int j = 0; j < J - 1; j++) {
        l[j] = up(g[j + 1], g[j].w, g[j].h, threads);
        for (size_t i = 0; i < l[j].v.size(); i++) {
            l[j].v[i] = g[j].v[i] - l[j].v[i];
        }
    }

    // out_l[j], then the collapse: out_g[j] = up(out_g[j + 1]) + out_l[j].
    Image out_g;
    for (int j = J - 1; j >= 0; j--) {
        const Image &lj = l[j], &ig = in_g[j];
        Image next = j == J - 1 ? Image(ig.w, ig.h) : up(out_g, ig.w, ig.h, threads);
        for_rows(threads, ig.h, [&](int y) {
            for (int x = 0; x < ig.w; x++) {
                const float v = ig(x, y) * K1;
                const int li = std::clamp(int(v), 0, K - 2);
                const float lf = v - float(li);
                next(x, y) += (1.0f - lf) * lj(x, y, li) + lf * lj(x, y, li + 1);
            }
        });
        out_g = std::move(next);
    }

    for_rows(threads, height * 3, [&](int r) {
        const int y = r % height, c = r / height;
        for (int x = 0; x < width; x++) {
            const size_t i = size_t(c) * plane + size_t(y) * width + x;
            const float ratio = (float(in[i]) * inv + 0.01f) / (gray(x, y) + 0.01f);
            out[i] = uint16_t(std::clamp(out_g(x, y) * ratio, 0.0f, 1.0f) * 65535.0f + 0.5f);
        }
    });
}

} // namespace local_laplacian_reference
