#ifndef WEFT_LOWER_SPECIALIZEDENSESTRIDES_H
#define WEFT_LOWER_SPECIALIZEDENSESTRIDES_H

// specialize_dense_strides: gives vectorized loops a fast path in which every buffer
// argument they touch is dense in its innermost dimension.
//
// Storage flattening multiplies the innermost coordinate of a buffer argument `b` by
// the run-time `b.stride.0`, so a vector access in[ramp(x, 1, 16)] would widen to
// in[ramp(x * b.stride.0, b.stride.0, 16)]: a gather. Halide assumes stride 1 and
// checks it; weft also runs on transposed and strided views, so it specializes:
//
//     if (likely(b1.stride.0 == 1 && b2.stride.0 == 1 ...)) {
//       body with each bi.stride.0 replaced by 1     // dense vector loads/stores
//     } else {
//       body                                         // any strides (gathers)
//     }
//
// Assumes: flat Load/Store form (after storage_flattening), before vectorize_loops
// (which must see the constant stride to produce Ramp(base, 1, L) indices). Buffer
// arguments are recognised as the free variables `<name>.stride.0` of a Load/Store
// `<name>` inside a vectorized loop (allocations bind their strides with LetStmts).
//
// Guarantees: a Stmt without vectorized loops touching buffer arguments is returned
// unchanged (the same node). Otherwise the branch goes around the smallest part that
// holds every vectorized loop: the statements of a Block before and after it (buffer
// checks...) and the lets around it (loop bounds...) stay outside, unduplicated,
// unless a let's value uses a specialized stride. Both branches bind the same names;
// they are siblings, so no name is bound twice on one path. The general path is the
// original code, still vectorized (gathers and scatters), so it costs compile time: a
// vectorized 3x3 blur compiles in ~1.6x the time of an unspecialized one.
//
// Tested in tests/codegen/simd_specialize_dense_strides.cpp (the IR, and results on
// dense, strided and transposed buffers), tests/codegen/simd_assembly.cpp (dense
// vector instructions, no gathers) and tests/correctness/pipelines.cpp (realizing
// into transposed and padded views takes the general path).

#include "ir/IR.h"

namespace weft::internal {

Stmt specialize_dense_strides(const Stmt &s);

} // namespace weft::internal

#endif
