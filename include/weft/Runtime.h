#ifndef WEFT_RUNTIME_API_H
#define WEFT_RUNTIME_API_H

// C++ access to the runtime settings of include/weft/runtime/weft_runtime.h.
//
//   weft::set_num_threads(4);   // parallel loops use at most 4 threads
//   weft::set_num_threads(0);   // back to WEFT_NUM_THREADS, else the number of cores
//
// Parallel loops (Func::parallel) run on one persistent pool of worker threads that
// starts at the first parallel loop; the calling thread takes part in its own loops.

#include "weft/runtime/weft_runtime.h"

namespace weft {

/// Sets the number of threads parallel loops may use (the caller included); 1 runs them
/// serially, 0 restores the default (environment variable WEFT_NUM_THREADS, else the
/// number of cores). Takes effect at the next parallel loop.
inline void set_num_threads(int n) {
    weft_set_num_threads(n);
}

/// The number of threads parallel loops use now.
inline int get_num_threads() {
    return weft_get_num_threads();
}

} // namespace weft

#endif
