#ifndef WEFT_APPS_LOCAL_LAPLACIAN_REFERENCE_H
#define WEFT_APPS_LOCAL_LAPLACIAN_REFERENCE_H

// Plain C++ of the local Laplacian filter of local_laplacian_algorithm.h (the same
// formulas, level sizes and per-level edge clamps), compiled with -O3 -march=native:
// the naive baseline the schedules are checked against and benchmarked with. Each
// stage is a loop over whole images of floats; with threads > 1 the rows of every stage
// are split into that many bands, each run on its own std::thread.

#include <cstdint>

namespace local_laplacian_reference {

struct Params {
    int levels = 8;         // discrete intensity levels K (>= 2)
    float alpha = 1.0f;     // detail
    float beta = 1.0f;      // large-scale contrast
    int pyramid_levels = 8; // J (>= 1)
};

/// Filters the planar RGB image `in` (width x height x 3, channel c at
/// in + c * width * height) into `out` of the same shape.
void local_laplacian(const uint16_t *in, uint16_t *out, int width, int height, const Params &p,
                     int threads = 1);

} // namespace local_laplacian_reference

#endif
