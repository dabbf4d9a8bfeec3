#ifndef WEFT_FRONTEND_JIT_CACHE_H
#define WEFT_FRONTEND_JIT_CACHE_H

// The process-wide cache of compiled pipelines, keyed by what the code depends on: the
// lowered Stmt (structural hash, confirmed by structural equality), the argument list
// (names, kinds, types, dimensions, order) and the Target. Two Pipeline objects with
// identical content share one JITModule. The cache keeps the newest 256 modules (it
// holds a JITModule handle; Pipelines hold copies, so eviction frees nothing in use),
// and never the users' Parameters or bound buffers (it stores a stripped Stmt).
//
// WEFT_NO_COMPILE_CACHE=1 (read once) or set_jit_cache_enabled(false) bypasses it:
// every lookup misses and nothing is stored. Tests: tests/runtime/realize_cache.cpp.

#include "jit/JITModule.h"
#include "lower/Lower.h"

#include <cstdint>

namespace weft::internal {

/// Milliseconds of each step of one compilation (all zero on a cache hit).
struct CompileTimes {
    double lower_ms = 0, codegen_ms = 0, optimize_ms = 0, jit_ms = 0;
    bool cache_hit = false;
};

/// The compiled code of p, from the cache or compiled now (and then cached).
JITModule jit_compile_cached(const LoweredPipeline &p, CompileTimes *times = nullptr);

/// Turns the process-wide cache on or off (for benchmarks of compile time).
void set_jit_cache_enabled(bool enabled);
bool jit_cache_enabled();

/// Number of compilations (cache misses) so far in this process.
int64_t jit_compile_count();

} // namespace weft::internal

#endif
