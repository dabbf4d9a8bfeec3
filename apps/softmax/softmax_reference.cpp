// The naive row-wise softmax of softmax_reference.h.

#include "softmax_reference.h"

#include <cmath>
#include <cstddef>

namespace softmax_reference {

void naive_softmax(const float *in, float *out, int width, int height) {
    for (int y = 0; y < height; y++) {
        const float *row = in + size_t(y) * width;
        float *o = out + size_t(y) * width;
        float m = row[0];
        for (int x = 1; x < width; x++) {
            m = std::fmax(m, row[x]);
        }
        float sum = 0.0f;
        for (int x = 0; x < width; x++) {
            o[x] = std::exp(row[x] - m);
            sum += o[x];
        }
        const float inv = 1.0f / sum;
        for (int x = 0; x < width; x++) {
            o[x] *= inv;
        }
    }
}

} // namespace softmax_reference
