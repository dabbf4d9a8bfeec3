#ifndef WEFT_APPS_CONV_LAYER_REFERENCE_H
#define WEFT_APPS_CONV_LAYER_REFERENCE_H

// Plain C++ convolution layer (conv_layer_reference.cpp, -O3 -march=native): 3x3,
// stride 1, zero padding 1, bias, ReLU, in the layouts of conv_layer_algorithm.h
// (input and output NHWC, weights HWIO with the output channel innermost).

namespace conv_layer_reference {

/// out[n][y][x][k] = max(0, bias[k] + sum over ry, rx, c of
///     w[ry][rx][c][k] * in[n][y + ry - 1][x + rx - 1][c])  (0 outside the image).
void naive_conv_layer(const float *in, const float *w, const float *bias, float *out, int n,
                      int height, int width, int c, int k);

} // namespace conv_layer_reference

#endif
