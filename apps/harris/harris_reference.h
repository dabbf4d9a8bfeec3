#ifndef WEFT_APPS_HARRIS_REFERENCE_H
#define WEFT_APPS_HARRIS_REFERENCE_H

// Plain C++ Harris corner response (harris_reference.cpp, compiled -O3 -march=native):
// the naive baseline of apps/harris, the algorithm of harris_algorithm.h as one
// full-image loop nest per stage (gray; Ix and Iy; the three vertical box sums of the
// products; the horizontal sums and the response), row bands on `threads` threads.

namespace harris_reference {

/// in: planar float image of width x height x (>= 3) channels, densely packed;
/// out: width x height floats.
void harris(const float *in, int width, int height, float k, float *out, int threads = 1);

} // namespace harris_reference

#endif
