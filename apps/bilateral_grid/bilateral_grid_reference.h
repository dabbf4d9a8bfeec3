#ifndef WEFT_APPS_BILATERAL_GRID_REFERENCE_H
#define WEFT_APPS_BILATERAL_GRID_REFERENCE_H

// Plain C++ bilateral grid (bilateral_grid_reference.cpp, compiled -O3 -march=native):
// the naive baseline of apps/bilateral_grid, the algorithm of
// bilateral_grid_algorithm.h as one loop nest per stage (splat, blur z, x, y, slice),
// each split into bands of its outermost dimension on `threads` threads.

namespace bilateral_grid_reference {

/// in, out: width x height floats, densely packed.
void bilateral_grid(const float *in, int width, int height, int s_sigma, float r_sigma, float *out,
                    int threads = 1);

} // namespace bilateral_grid_reference

#endif
