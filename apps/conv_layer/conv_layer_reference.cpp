// The naive convolution layer of conv_layer_reference.h.

#include "conv_layer_reference.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace conv_layer_reference {

void naive_conv_layer(const float *in, const float *w, const float *bias, float *out, int n,
                      int height, int width, int c, int k) {
    std::vector<float> acc(k);
    for (int b = 0; b < n; b++) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int o = 0; o < k; o++) {
                    acc[o] = bias[o];
                }
                for (int ry = 0; ry < 3; ry++) {
                    const int iy = y + ry - 1;
                    if (iy < 0 || iy >= height) {
                        continue;
                    }
                    for (int rx = 0; rx < 3; rx++) {
                        const int ix = x + rx - 1;
                        if (ix < 0 || ix >= width) {
                            continue;
                        }
                        const float *pixel = in + ((size_t(b) * height + iy) * width + ix) * c;
                        const float *tap = w + (size_t(ry) * 3 + rx) * c * k;
                        for (int i = 0; i < c; i++) {
                            for (int o = 0; o < k; o++) {
                                acc[o] += tap[size_t(i) * k + o] * pixel[i];
                            }
                        }
                    }
                }
                float *dst = out + ((size_t(b) * height + y) * width + x) * k;
                for (int o = 0; o < k; o++) {
                    dst[o] = std::max(acc[o], 0.0f);
                }
            }
        }
    }
}

} // namespace conv_layer_reference
