#ifndef WEFT_APPS_INTERPOLATE_REFERENCE_H
#define WEFT_APPS_INTERPOLATE_REFERENCE_H

// Plain C++ of the multi-scale interpolation of interpolate_algorithm.h (the same
// formulas, level sizes and per-level edge clamps), compiled with -O3 -march=native:
// the naive baseline the schedules are checked against and benchmarked with. Each
// stage is a loop over whole planar images; with threads > 1 every stage's rows are
// split into that many bands, each on its own std::thread.

namespace interpolate_reference {

/// Interpolates the planar RGBA float image `in` (width x height x 4, channel c at
/// in + c * width * height) with `pyramid_levels` (>= 1) levels into `out` (same shape).
void interpolate(const float *in, float *out, int width, int height, int pyramid_levels = 10,
                 int threads = 1);

} // namespace interpolate_reference

#endif
