#ifndef WEFT_APPS_CAMERA_PIPE_REFERENCE_H
#define WEFT_APPS_CAMERA_PIPE_REFERENCE_H

// Plain C++ camera pipeline (camera_pipe_reference.cpp, compiled -O3 -march=native):
// the naive baseline of apps/camera_pipe, the algorithm of camera_pipe_algorithm.h
// stage by stage over whole (padded) images, each stage in row bands on `threads`
// threads. Bit-exact with the weft pipeline.

#include <cstdint>

namespace camera_pipe_reference {

struct Settings {
    uint16_t black_level, white_level;
    float gamma, contrast, sharpen_strength;
    float matrix[3][4]; // row c: channel c from r, g, b, offset
};

/// The tone curve's 1024 entries.
void tone_curve(const Settings &s, uint8_t *table);

/// raw: width x height uint16 (even sizes), densely packed; out: planar
/// width x height x 3 uint8.
void camera_pipe(const uint16_t *raw, int width, int height, const Settings &s, uint8_t *out,
                 int threads = 1);

} // namespace camera_pipe_reference

#endif
