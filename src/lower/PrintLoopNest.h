#ifndef WEFT_LOWER_PRINTLOOPNEST_H
#define WEFT_LOWER_PRINTLOOPNEST_H

// A compact, readable view of a pipeline's loop nest, as Halide's print_loop_nest:
//
//   produce f:
//     parallel y:
//       store g:
//         produce g:
//           for y:
//             for x:
//               g(...) = ...
//         consume g:
//           for xo:
//             vectorized xi in [0, 7]:
//               f(...) = ...
//
// Runs lowering as far as the loop nest with bounds (schedule_functions,
// bounds_inference, simplify) and prints loops by their Var names with their kind
// (for / parallel / vectorized / unrolled / gpu_block / gpu_thread), constant ranges
// where known, Realize as `store`, produce/consume blocks at their levels and one
// `f(...) = ...` line per stage. Throws CompileError for schedule mistakes, like
// lowering.
//
// Tested in tests/pass/lower_pipeline.cpp.

#include "ir/Function.h"
#include "weft/Target.h"

#include <string>
#include <vector>

namespace weft::internal {

std::string print_loop_nest(const std::vector<Function> &outputs, const Target &target);

} // namespace weft::internal

#endif
