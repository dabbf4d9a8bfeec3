// The naive C++ camera pipeline of camera_pipe_reference.h. Each stage is computed on
// a margin around the image wide enough for the stages after it (the weft pipeline
// evaluates every stage wherever its consumers need it, through the mirrored input).

#include "camera_pipe_reference.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

namespace camera_pipe_reference {

namespace {

/// fn(begin, end) over [lo, hi) in `threads` bands, the caller taking the last.
void run_bands(int threads, int lo, int hi, const std::function<void(int, int)> &fn) {
    const int n = hi - lo;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads - 1; t++) {
        workers.emplace_back(fn, lo + n * t / threads, lo + n * (t + 1) / threads);
    }
    fn(lo + n * (threads - 1) / threads, hi);
    for (std::thread &w : workers) {
        w.join();
    }
}

/// A 2-D array over [-margin, w + margin) x [-margin, h + margin).
template<typename T> struct Plane {
    int w, h, m;
    std::vector<T> v;
    Plane(int w_, int h_, int m_) : w(w_), h(h_), m(m_), v(size_t(w_ + 2 * m_) * (h_ + 2 * m_)) {}
    T &operator()(int x, int y) { return v[size_t(y + m) * (w + 2 * m) + (x + m)]; }
};

/// mirror_interior: reflect about the edge pixels without repeating them.
int mirror(int x, int extent) {
    if (extent == 1) {
        return 0;
    }
    const int period = 2 * (extent - 1);
    int r = x % period;
    if (r < 0) {
        r += period;
    }
    return r < extent ? r : period - r;
}

int16_t avg(int a, int b) {
    return int16_t((a + b) >> 1);
}

} // namespace

void tone_curve(const Settings &s, uint8_t *table) {
    const float black = float(s.black_level), white = float(s.white_level);
    const float range = std::max(white - black, 1.0f);
    const float b = 2.0f - std::pow(2.0f, s.contrast / 100.0f);
    const float a = 2.0f - 2.0f * b;
    for (int v = 0; v < 1024; v++) {
        const float xf = std::clamp((float(v) - black) / range, 0.0f, 1.0f);
        const float g = std::pow(xf, 1.0f / s.gamma);
        const float h = 1.0f - g;
        const float val = g > 0.5f ? 1.0f - (a * h * h + b * h) : a * g * g + b * g;
        table[v] = uint8_t(std::clamp(val * 256.0f, 0.0f, 255.0f));
    }
}

void camera_pipe(const uint16_t *raw, int width, int height, const Settings &s, uint8_t *out,
                 int threads) {
    const int hw = width / 2, hh = height / 2;
    // Margins (in each stage's own pixels) that the later stages read.
    Plane<uint16_t> den(width, height, 16);
    run_bands(threads, -16, height + 16, [&](int y0, int y1) {
        auto r = [&](int x, int y) {
            return raw[size_t(mirror(y, height)) * width + mirror(x, width)];
        };
        for (int y = y0; y < y1; y++) {
            for (int x = -16; x < width + 16; x++) {
                const uint16_t n[4] = {r(x - 2, y), r(x + 2, y), r(x, y - 2), r(x, y + 2)};
                const uint16_t lo = std::min({n[0], n[1], n[2], n[3]});
                const uint16_t hi = std::max({n[0], n[1], n[2], n[3]});
                den(x, y) = std::max(std::min(r(x, y), hi), lo);
            }
        }
    });
    const int hm = 7; // half-resolution margin
    Plane<int16_t> Ggr(hw, hh, hm), Rr(hw, hh, hm), Bb(hw, hh, hm), Ggb(hw, hh, hm);
    run_bands(threads, -hm, hh + hm, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = -hm; x < hw + hm; x++) {
                Ggr(x, y) = int16_t(den(2 * x, 2 * y));
                Rr(x, y) = int16_t(den(2 * x + 1, 2 * y));
                Bb(x, y) = int16_t(den(2 * x, 2 * y + 1));
                Ggb(x, y) = int16_t(den(2 * x + 1, 2 * y + 1));
            }
        }
    });
    Plane<int16_t> gr(hw, hh, hm), gb(hw, hh, hm);
    run_bands(threads, -hm + 1, hh + hm - 1, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = -hm + 1; x < hw + hm - 1; x++) {
                gr(x, y) = std::abs(Ggr(x, y) - Ggr(x + 1, y)) < std::abs(Ggb(x, y - 1) - Ggb(x, y))
                               ? avg(Ggr(x, y), Ggr(x + 1, y))
                               : avg(Ggb(x, y - 1), Ggb(x, y));
                gb(x, y) = std::abs(Ggb(x - 1, y) - Ggb(x, y)) < std::abs(Ggr(x, y) - Ggr(x, y + 1))
                               ? avg(Ggb(x - 1, y), Ggb(x, y))
                               : avg(Ggr(x, y), Ggr(x, y + 1));
            }
        }
    });
    auto dr = [&](int x, int y) { return int16_t(Rr(x, y) - gr(x, y)); };
    auto db = [&](int x, int y) { return int16_t(Bb(x, y) - gb(x, y)); };
    Plane<int16_t> rgr(hw, hh, hm), bgr(hw, hh, hm), rgb_(hw, hh, hm), bgb(hw, hh, hm);
    Plane<int16_t> br(hw, hh, hm), rb(hw, hh, hm);
    run_bands(threads, -hm + 2, hh + hm - 2, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = -hm + 2; x < hw + hm - 2; x++) {
                rgr(x, y) = int16_t(Ggr(x, y) + avg(dr(x - 1, y), dr(x, y)));
                bgr(x, y) = int16_t(Ggr(x, y) + avg(db(x, y - 1), db(x, y)));
                rgb_(x, y) = int16_t(Ggb(x, y) + avg(dr(x, y), dr(x, y + 1)));
                bgb(x, y) = int16_t(Ggb(x, y) + avg(db(x, y), db(x + 1, y)));
                br(x, y) = int16_t(gr(x, y) + (std::abs(Bb(x + 1, y - 1) - Bb(x, y)) <
                                                       std::abs(Bb(x, y - 1) - Bb(x + 1, y))
                                                   ? avg(db(x + 1, y - 1), db(x, y))
                                                   : avg(db(x, y - 1), db(x + 1, y))));
                rb(x, y) = int16_t(gb(x, y) + (std::abs(Rr(x, y) - Rr(x - 1, y + 1)) <
                                                       std::abs(Rr(x - 1, y) - Rr(x, y + 1))
                                                   ? avg(dr(x, y), dr(x - 1, y + 1))
                                                   : avg(dr(x - 1, y), dr(x, y + 1))));
            }
        }
    });
    int m[3][4];
    for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 4; k++) {
            m[c][k] = int(std::floor(s.matrix[c][k] * 256.0f + 0.5f));
        }
    }
    uint8_t table[1024];
    tone_curve(s, table);
    // Full resolution from here: interleave, correct and curve on a one-pixel margin.
    Plane<uint8_t> curved[3] = {Plane<uint8_t>(width, height, 1), Plane<uint8_t>(width, height, 1),
                                Plane<uint8_t>(width, height, 1)};
    run_bands(threads, -1, height + 1, [&](int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = -1; x < width + 1; x++) {
                // x / 2 and y / 2 round down, as weft's division does.
                const int hx = x >= 0 ? x / 2 : -((1 - x) / 2),
                          hy = y >= 0 ? y / 2 : -((1 - y) / 2);
                const bool xe = (x & 1) == 0, ye = (y & 1) == 0;
                int r, g, b;
                if (ye && xe) {
                    r = rgr(hx, hy), g = Ggr(hx, hy), b = bgr(hx, hy);
                } else if (ye) {
                    r = Rr(hx, hy), g = gr(hx, hy), b = br(hx, hy);
                } else if (xe) {
                    r = rb(hx, hy), g = gb(hx, hy), b = Bb(hx, hy);
                } else {
                    r = rgb_(hx, hy), g = Ggb(hx, hy), b = bgb(hx, hy);
                }
                for (int c = 0; c < 3; c++) {
                    const int16_t v =
                        int16_t((m[c][3] + m[c][0] * r + m[c][1] * g + m[c][2] * b) >> 8);
                    curved[c](x, y) = table[std::clamp(int(v), 0, 1023)];
                }
            }
        }
    });
    const int strength = int(s.sharpen_strength * 32.0f);
    run_bands(threads, 0, height, [&](int y0, int y1) {
        for (int c = 0; c < 3; c++) {
            Plane<uint8_t> &k = curved[c];
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < width; x++) {
                    auto by = [&](int xx) { return k(xx, y - 1) + 2 * k(xx, y) + k(xx, y + 1); };
                    const int blurred = (by(x - 1) + 2 * by(x) + by(x + 1) + 8) >> 4;
                    const int center = k(x, y);
                    const int v = center + (((center - blurred) * strength) >> 5);
                    out[(size_t(c) * height + y) * width + x] = uint8_t(std::clamp(v, 0, 255));
                }
            }
        }
    });
}

} // namespace camera_pipe_reference
