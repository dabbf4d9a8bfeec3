// The naive C++ bilateral grid of bilateral_grid_reference.h.

#include "bilateral_grid_reference.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace bilateral_grid_reference {

namespace {

/// fn(begin, end) over [0, n) in `threads` bands, the caller taking the last.
void run_bands(int threads, int n, const std::function<void(int, int)> &fn) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads - 1; t++) {
        workers.emplace_back(fn, n * t / threads, n * (t + 1) / threads);
    }
    fn(n * (threads - 1) / threads, n);
    for (std::thread &w : workers) {
        w.join();
    }
}

/// A grid of (x, y, z, c) cells over [x0, x0 + nx) x [y0, y0 + ny) x [z0, z0 + nz) x 2.
struct Grid {
    int x0, y0, z0, nx, ny, nz;
    std::vector<float> v;
    Grid(int x0_, int y0_, int z0_, int nx_, int ny_, int nz_)
        : x0(x0_), y0(y0_), z0(z0_), nx(nx_), ny(ny_), nz(nz_), v(size_t(nx_) * ny_ * nz_ * 2) {}
    float &operator()(int x, int y, int z, int c) {
        return v[((size_t(c) * nz + (z - z0)) * ny + (y - y0)) * nx + (x - x0)];
    }
};

float taps(float a, float b, float m, float d, float e) {
    return (a + e) + 4.0f * (b + d) + 6.0f * m;
}

float lerp(float a, float b, float w) {
    return a + (b - a) * w;
}

} // namespace

void bilateral_grid(const float *in, int width, int height, int s, float r_sigma, float *out,
                    int threads) {
    auto val = [&](int x, int y) {
        const float v =
            in[size_t(std::clamp(y, 0, height - 1)) * width + std::clamp(x, 0, width - 1)];
        return std::clamp(v, 0.0f, 1.0f);
    };
    const float inv_r = 1.0f / r_sigma;
    const int depth = int(std::ceil(1.0f / r_sigma)); // z cells [0, depth]
    // The slice reads cells [0, (W - 1) / s + 1] in x (and y) and [0, depth] in z; each
    // blur widens that by 2 cells.
    const int gx = (width - 1) / s + 2, gy = (height - 1) / s + 2;
    Grid hist(-2, -2, -2, gx + 4, gy + 4, depth + 5);
    run_bands(threads, gy + 4, [&](int b0, int b1) {
        for (int y = b0 - 2; y < b1 - 2; y++) {
            for (int x = -2; x < gx + 2; x++) {
                for (int j = 0; j < s; j++) {
                    for (int i = 0; i < s; i++) {
                        const float v = val(x * s + i - s / 2, y * s + j - s / 2);
                        const int z = std::clamp(int(v * inv_r + 0.5f), 0, depth);
                        hist(x, y, z, 0) += v;
                        hist(x, y, z, 1) += 1.0f;
                    }
                }
            }
        }
    });
    Grid bz(-2, -2, 0, gx + 4, gy + 4, depth + 1);
    run_bands(threads, gy + 4, [&](int b0, int b1) {
        for (int c = 0; c < 2; c++) {
            for (int y = b0 - 2; y < b1 - 2; y++) {
                for (int z = 0; z <= depth; z++) {
                    for (int x = -2; x < gx + 2; x++) {
                        bz(x, y, z, c) =
                            taps(hist(x, y, z - 2, c), hist(x, y, z - 1, c), hist(x, y, z, c),
                                 hist(x, y, z + 1, c), hist(x, y, z + 2, c));
                    }
                }
            }
        }
    });
    Grid bx(0, -2, 0, gx, gy + 4, depth + 1);
    run_bands(threads, depth + 1, [&](int b0, int b1) {
        for (int c = 0; c < 2; c++) {
            for (int z = b0; z < b1; z++) {
                for (int y = -2; y < gy + 2; y++) {
                    for (int x = 0; x < gx; x++) {
                        bx(x, y, z, c) =
                            taps(bz(x - 2, y, z, c), bz(x - 1, y, z, c), bz(x, y, z, c),
                                 bz(x + 1, y, z, c), bz(x + 2, y, z, c));
                    }
                }
            }
        }
    });
    Grid by(0, 0, 0, gx, gy, depth + 1);
    run_bands(threads, depth + 1, [&](int b0, int b1) {
        for (int c = 0; c < 2; c++) {
            for (int z = b0; z < b1; z++) {
                for (int y = 0; y < gy; y++) {
                    for (int x = 0; x < gx; x++) {
                        by(x, y, z, c) =
                            taps(bx(x, y - 2, z, c), bx(x, y - 1, z, c), bx(x, y, z, c),
                                 bx(x, y + 1, z, c), bx(x, y + 2, z, c));
                    }
                }
            }
        }
    });
    run_bands(threads, height, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < width; x++) {
                const float zv = val(x, y) * inv_r;
                const int zc = std::clamp(int(zv), 0, depth - 1);
                const float zf = zv - float(zc);
                const int xc = x / s, yc = y / s;
                const float xf = float(x % s) * (1.0f / float(s));
                const float yf = float(y % s) * (1.0f / float(s));
                float channel[2];
                for (int c = 0; c < 2; c++) {
                    auto along_x = [&](int yy, int zz) {
                        return lerp(by(xc, yy, zz, c), by(xc + 1, yy, zz, c), xf);
                    };
                    auto along_xy = [&](int zz) {
                        return lerp(along_x(yc, zz), along_x(yc + 1, zz), yf);
                    };
                    channel[c] = lerp(along_xy(zc), along_xy(zc + 1), zf);
                }
                out[size_t(y) * width + x] = channel[0] / channel[1];
            }
        }
    });
}

} // namespace bilateral_grid_reference
