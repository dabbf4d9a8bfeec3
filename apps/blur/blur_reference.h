#ifndef WEFT_APPS_BLUR_REFERENCE_H
#define WEFT_APPS_BLUR_REFERENCE_H

// Plain C++ versions of the blur in blur_algorithm.h (blur_reference.cpp, compiled with
// -O3 -march=native), and the copy loop that gives bench/blur.cpp its memory-bandwidth
// roofline. Images are dense: the input `width` x `height`, rows `width` elements
// apart; the output (width - 2) x (height - 2), rows `width - 2` apart. The blur
// functions that take a band compute output rows [y_begin, y_end), so a benchmark can
// split an image across threads.

#include <cstdint>

namespace blur_reference {

/// Both stages in turn, blur_x into a whole temporary image: the obvious program.
void blur_naive(const uint16_t *in, int width, int height, uint16_t *out);

/// One fused loop: each output row from three input rows, blur_x recomputed for each
/// (what a careful C++ programmer writes; GCC/Clang vectorize it).
void blur_fused_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end);

/// Copies rows [y_begin, y_end) of a `width`-wide image with ordinary vector stores (no
/// streaming stores, not a memcpy call): the roofline of a kernel that reads one image
/// and writes another.
void copy_rows(const uint16_t *in, int width, uint16_t *out, int y_begin, int y_end);

} // namespace blur_reference

#endif
