#ifndef WEFT_LOWER_GPULOOPCHECKS_H
#define WEFT_LOWER_GPULOOPCHECKS_H

// check_gpu_loops: the compile-time checks of GPU schedules that need the whole loop
// nest, reported in the user's terms (Func, loop, what would be valid).
//
// Assumes: the final loop nest (after simplify), loop names "f.sN.var".
// Guarantees: returns s unchanged, or throws CompileError for
//  - a gpu_threads loop that is not inside a gpu_blocks loop;
//  - a gpu_blocks loop inside a gpu_threads loop;
//  - more than three nested block loops, or more than three nested thread loops;
//  - a gpu_threads loop whose extent is not a constant (after simplification);
//  - a kernel whose blocks would have more than 1024 threads (the product of the
//    largest thread extent in each dimension), or more than 1024 / 1024 / 64 in x / y / z;
//  - a parallel loop inside a kernel.
// It runs for every target: a schedule that is wrong for a GPU is reported even when it
// is compiled for the host (where GPU loops run as serial loops, gpu_loops_to_host).
//
// Tested in tests/error/gpu_*.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt check_gpu_loops(const Stmt &s);

} // namespace weft::internal

#endif
