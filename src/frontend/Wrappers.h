#ifndef WEFT_FRONTEND_WRAPPERS_H
#define WEFT_FRONTEND_WRAPPERS_H

// Func::in() wrappers, as in Halide: f.in(g) is a Func "f_in_g" (same arguments and
// type as f, value f(args)) that every call to f inside g's definitions calls instead,
// so that f's values can be staged near g (compute_at, vectorize, store_in...) without
// changing the algorithm. f.in() is the global wrapper "f_global_wrapper", called by
// every consumer of f that has no wrapper of its own and is not itself a wrapper of f.
// ImageParam::in() does the same for an input; its wrappers hang off an "anchor"
// function of the ImageParam (the Parameter points at it).
//
// Definitions are never edited: the wrappers are recorded on the wrapped function
// (FunctionContents::wrappers, which also explains their lifetime), and
// apply_wrappers() builds, just before lowering, a copy of the pipeline's functions in
// which each call is redirected (Wrappers.cpp makes wrappers, WrapCalls.cpp redirects).
//
// Tested in tests/correctness/func_in.cpp, tests/error/func_in.cpp and
// tests/gpu/gpu_func_in.cpp.

#include "ir/Function.h"

#include <string>
#include <vector>

namespace weft::internal {

/// The wrapper of `wrapped` (a defined Func, or an input anchor) for calls from
/// `consumers` (one shared wrapper; none: the global wrapper), made on first use and
/// returned again after. CompileError when a consumer is undefined, is `wrapped`, does
/// not call it, or already has another wrapper of it; or when `wrapped` returns a Tuple.
Function wrapper_of(const Function &wrapped, const std::vector<Function> &consumers);

/// The anchor that holds the wrappers of the buffer input `p` (made once per
/// ImageParam, which keeps it alive).
Function make_input_anchor(const Parameter &p);

/// The function a call to `callee` (a Func, or an input anchor) from `consumer` reaches
/// after following wrappers: consumer's own wrapper first, then the global one (unless
/// the consumer is a wrapper of callee), repeatedly. `callee` itself when none applies.
const FunctionContents *resolve_wrappers(const FunctionContents *callee,
                                         const FunctionContents *consumer);

/// The functions a call to `callee` from `consumer` passes through: callee, then each
/// wrapper resolve_wrappers() follows.
std::vector<const FunctionContents *> wrapper_chain(const FunctionContents *callee,
                                                   const FunctionContents *consumer);

/// True when some call in consumer's definitions reaches `target` (calls it, or calls
/// something whose wrappers lead to it).
bool calls_through(const Function &consumer, const FunctionContents *target);

/// The wrapper anchor of the input an Image call reads, or null.
const FunctionContents *input_anchor_of(const Call *image_call);

/// Copies of the pipeline's functions (outputs first, as given) in which every call
/// goes where resolve_wrappers() says, ready for lowering. The outputs themselves when
/// no reachable function or input has a wrapper.
std::vector<Function> apply_wrappers(const std::vector<Function> &outputs);

} // namespace weft::internal

#endif
