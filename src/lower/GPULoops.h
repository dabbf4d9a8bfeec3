#ifndef WEFT_LOWER_GPULOOPS_H
#define WEFT_LOWER_GPULOOPS_H

// Small queries about GPU loops shared by the GPU lowering passes (GPULoopChecks,
// GPUMemoryPlacement, FuseGPUThreadLoops, InjectHostDeviceCopies) and the GPU code
// generators. Private to src/lower and src/codegen.
//
// A kernel is an outermost For of ForType::GPUBlock. Its block loops and thread loops
// are numbered by nesting, innermost first, as in Halide: the innermost block loop of
// a nest is block index x, the one outside it y, then z; the same for thread loops
// within one thread loop nest (gpu_loop_dimension).

#include "analysis/Interval.h"
#include "ir/IR.h"
#include "ir/Scope.h"

#include <map>
#include <string>

namespace weft::internal {

inline bool is_gpu_block_loop(const For *op) {
    return op && op->for_type == ForType::GPUBlock;
}
inline bool is_gpu_thread_loop(const For *op) {
    return op && op->for_type == ForType::GPUThread;
}

/// True when s contains a For of type t.
bool contains_loop_of_type(const Stmt &s, ForType t);

/// The index (0 = x, 1 = y, 2 = z) of a GPU block or thread loop: how many loops of its
/// type it has inside it along its deepest nest.
int gpu_loop_dimension(const For *op);

/// The Func a loop belongs to: "f" for "f.s0.x.xi".
std::string func_of_loop(const std::string &loop_name);

/// The largest value of e as a constant (undefined when there is none): the enclosing
/// lets (name -> value) are substituted into e first, so that lets that move together
/// (x.max - x.base) keep their correlation, then interval analysis bounds it over
/// `scope` (the loop variables' ranges). Where that finds no constant, differences of
/// correlated mins or maxes (min(a + 15, e) - min(a, e) <= 15) are bounded by the larger
/// difference of their paired operands (tested in tests/gpu/gpu_apps.cpp).
Expr constant_upper_bound(const Expr &e, const Scope<Interval> &scope,
                          const std::map<std::string, Expr> &lets);

/// The Evaluate(Call "weft_gpu_thread_barrier") that synchronises a block's threads.
Stmt gpu_thread_barrier();
bool is_gpu_thread_barrier(const Stmt &s);

/// The largest number of threads per block CUDA allows, and the static shared memory
/// per block weft allows (48 KiB on every capability weft targets).
constexpr int max_gpu_threads_per_block = 1024;
constexpr int64_t max_gpu_shared_bytes = 48 * 1024;

} // namespace weft::internal

#endif
