#ifndef WEFT_APPS_UNSHARP_REFERENCE_H
#define WEFT_APPS_UNSHARP_REFERENCE_H

// Plain C++ unsharp mask (unsharp_reference.cpp, compiled -O3 -march=native): the naive
// baseline of apps/unsharp, the algorithm of unsharp_algorithm.h written as one full-image
// loop nest per stage (gray, vertical blur, horizontal blur + output), row bands of each
// stage on `threads` threads.

namespace unsharp_reference {

/// in and out: planar float images of width x height x channels (channels >= 3),
/// densely packed (x fastest). Edges repeat outwards.
void unsharp(const float *in, int width, int height, int channels, float amount, float sigma,
             float *out, int threads = 1);

} // namespace unsharp_reference

#endif
