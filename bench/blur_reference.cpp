// Hand-written baselines for bench/blur.cpp, compiled with -O3 -march=native (see
// bench/CMakeLists.txt): the 3x3 box blur as one fused C++ loop, and a plain copy loop
// that gives the memory-bandwidth roofline. Each works on a band of rows, so the
// benchmark can split an image across threads.
//
// The blur matches weft's algorithm exactly, uint16 arithmetic included (sums wrap):
//   blur_x(x, y) = uint16(in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3
//   out(x, y)    = uint16(blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3
// over out's [0, width - 2) x [0, height - 2) from an input of width x height; both
// images are dense, rows `width` and `width - 2` elements apart.

#include <cstddef>
#include <cstdint>

namespace blur_reference {

namespace {

inline uint16_t blur3(uint16_t a, uint16_t b, uint16_t c) {
    return uint16_t(uint16_t(a + b + c) / 3);
}

} // namespace

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
    // Ordinary stores, as the blur makes (no streaming stores): the roofline of a kernel
    // that reads one image and writes another. bench/CMakeLists.txt keeps the compiler
    // from turning this into a memcpy call (which may use streaming stores).
    for (int y = y_begin; y < y_end; y++) {
        const uint16_t *src = in + size_t(y) * width;
        uint16_t *dst = out + size_t(y) * width;
        for (int x = 0; x < width; x++) {
            dst[x] = src[x];
        }
    }
}

} // namespace blur_reference
