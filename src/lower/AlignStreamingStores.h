#ifndef WEFT_LOWER_ALIGNSTREAMINGSTORES_H
#define WEFT_LOWER_ALIGNSTREAMINGSTORES_H

// align_streaming_stores: Func::store_nontemporal() for the outputs that ask for it.
// x86 streaming (non-temporal) stores write whole 16-, 32- or 64-byte vectors at
// addresses aligned to their size; an output row rarely starts at such an address, so
// this pass moves the vectors of a ShiftInwards-vectorized loop onto aligned addresses:
//
//     for (x, 0, n) { let base = min(m + x * L, M - L + 1)      // vectorize(x, L)
//                     ... out[ramp(idx(base), 1, L)] = ... }
// becomes
//     for (x, 0, n + 1) { let base = max(min((m - mis) + x * L, M - L + 1), m)
//                         ... }                               ; mis = (&out[idx(m)] / elem) mod L
//
// so every vector but the first (shifted up to m) and the last (shifted down to
// M - L + 1) starts at an aligned address. Those two overlap their neighbours, as
// ShiftInwards vectors do, but store only the lanes outside [aligned_min, aligned_end),
// the span the aligned vectors cover (a predicated store, which codegen writes lane by
// lane for these outputs): an ordinary store into a line that a streaming store also
// writes makes the core read that line first, which costs most of the streaming
// stores' benefit on rows that are not 64-byte aligned. At most one vector per run is
// computed twice. The loop
// must read `x` only in that let, and the store's index must advance by 1 per unit of
// `base` with its misalignment independent of loops inside the transformed one. The
// stores stay ordinary Stores: codegen (CodeGen_LLVM::codegen_store) emits a streaming
// store where the address is aligned at run time and an ordinary one elsewhere, for
// the buffers of outputs with store_nontemporal(). Streaming stores are weakly
// ordered, so the pass ends each parallel loop body (each task) that holds a
// transformed loop, or the whole pipeline when none does, with an intrinsic
// `nontemporal_fence` (sfence on x86).
//
// Assumes: after vectorize_loops and simplify (the let and min shapes above), before
// CSE. Guarantees: pipelines without store_nontemporal() are returned unchanged; the
// transformed loop writes the same values at the same places (pure definitions only:
// the loop is in `out.s0.*`). CompileError for store_nontemporal() on a Func that is
// not an output. Tested in tests/codegen/streaming_stores.cpp and
// tests/correctness/streaming_stores.cpp.

#include "ir/Function.h"
#include "ir/IR.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

Stmt align_streaming_stores(const Stmt &s, const std::vector<Function> &outputs,
                            const std::map<std::string, Function> &env);

/// The intrinsic that orders the streaming stores before it (sfence on x86).
constexpr const char *nontemporal_fence_intrinsic = "nontemporal_fence";

} // namespace weft::internal

#endif
