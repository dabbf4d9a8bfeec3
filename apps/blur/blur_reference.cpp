// The C++ references of blur_reference.h. Arithmetic matches weft's algorithm exactly,
// uint16 wrap-around included:
//   blur_x(x, y) = uint16(in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3
//   out(x, y)    = uint16(blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3

#include "blur_reference.h"

#include <cstddef>
#include <vector>

namespace blur_reference {

namespace {

inline uint16_t blur3(uint16_t a, uint16_t b, uint16_t c) {
    return uint16_t(uint16_t(a + b + c) / 3);
}

} // namespace

void blur_naive(const uint16_t *in, int width, int height, uint16_t *out) {
    const int out_width = width - 2, out_height = height - 2;
    std::vector<uint16_t> bx(size_t(out_width) * height);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < out_width; x++) {
            const uint16_t *r = in + size_t(y) * width + x;
            bx[size_t(y) * out_width + x] = blur3(r[0], r[1], r[2]);
        }
    }
    for (int y = 0; y < out_height; y++) {
        for (int x = 0; x < out_width; x++) {
            const uint16_t *c = bx.data() + size_t(y) * out_width + x;
            out[size_t(y) * out_width + x] = blur3(c[0], c[out_width], c[2 * out_width]);
        }
    }
}

void blur_fused_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end) {
    const int out_width = width - 2;
    for (int y = y_begin; y < y_end; y++) {
        const uint16_t *r0 = in + size_t(y) * width;
        const uint16_t *r1 = r0 + width;
        const uint16_t *r2 = r1 + width;
        uint16_t *o = out + size_t(y) * out_width;
        for (int x = 0; x < out_width; x++) {
            o[x] = blur3(blur3(r0[x], r0[x + 1], r0[x + 2]), blur3(r1[x], r1[x + 1], r1[x + 2]),
                         blur3(r2[x], r2[x + 1], r2[x + 2]));
        }
    }
}

void copy_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end) {
    // A plain loop the compiler vectorizes with ordinary stores. apps/blur/CMakeLists.txt
    // keeps it from becoming a memcpy call (which may use streaming stores).
    for (int y = y_begin; y < y_end; y++) {
        const uint16_t *src = in + size_t(y) * width;
        uint16_t *dst = out + size_t(y) * width;
        for (int x = 0; x < width; x++) {
            dst[x] = src[x];
        }
    }
}

} // namespace blur_reference
