#ifndef WEFT_APPS_SOFTMAX_REFERENCE_H
#define WEFT_APPS_SOFTMAX_REFERENCE_H

// Plain C++ softmax over rows (softmax_reference.cpp, compiled -O3 -march=native): the
// reference the schedules are checked against and the naive benchmark baseline.

namespace softmax_reference {

/// out[y][x] = exp(in[y][x] - max_x in[y]) / sum_x exp(in[y][x] - max_x in[y]) for the
/// `height` rows of `width` floats (densely packed, row-major), with std::exp.
void naive_softmax(const float *in, float *out, int width, int height);

} // namespace softmax_reference

#endif
