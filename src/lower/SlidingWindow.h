#ifndef WEFT_LOWER_SLIDINGWINDOW_H
#define WEFT_LOWER_SLIDINGWINDOW_H

// sliding_window: when a Func's storage is hoisted outside its compute level
// (`f.store_root().compute_at(g, y)`, `f.store_at(g, yo).compute_at(g, yi)`), each
// iteration of a serial loop between the store and the compute level computes only the
// part of f's region that earlier iterations did not (as Halide's sliding window).
//
// Assumes: bounds inference has run and the IR is NOT simplified yet: the region f
// computes at its compute site is the LetStmts `f.s0.<v>.min` / `.max` at the top of the
// compute loop's body, and f's stage loops iterate those names (simplify would inline
// them). Loop and let names are unique.
//
// For each Realize of a Func f with no update definitions (inner Realizes first, so a
// consumer's shrunken region shrinks what its producers must compute), for each loop L
// from the Realize down to f's produce node, outermost first: when
//  * L is serial (or unrolled), no loop between L and the produce is vectorized or on a
//    GPU, none of their bounds depends on L, and no `if` lies between them;
//  * exactly one dimension v of f's region depends on L, and both its min and its max
//    are monotonic in L in the same direction (is_monotonic below);
//  * consecutive iterations overlap (else there is nothing to reuse), and f's pure
//    stage has no RoundUp split (which would write past the realized region);
// then, for an increasing window,
//     f.s0.v.min = select(L <= L.min, min, max(min, max[L := L - 1] + 1))
// (symmetrically f.s0.v.max for a decreasing one): the first iteration computes the
// whole region, later ones only the rows past what the previous iteration computed.
// Rows below the new min were computed by an earlier iteration and the storage still
// holds them (storage outlives L; the region's monotonic min guarantees they were in
// an earlier iteration's region). Values are pure, so recomputing is always harmless.
//
// Guarantees: every value a consumer reads was computed before it is read; the realized
// region (computed by bounds inference before this pass) still covers every write.
//
// Tested in tests/pass/sliding_window.cpp and tests/correctness/store_at.cpp.

#include "ir/Function.h"

#include <map>
#include <string>
#include <vector>

namespace weft::internal {

/// One dimension of one Func slid over one loop, for print_loop_nest.
struct SlidDimension {
    std::string func; // the Func whose produce region slides
    std::string dim;  // its pure Var (dimension) that slides
    std::string loop; // the loop it slides over (full name, e.g. "blur_y.s0.y")
};

/// The pass (see the file comment). When `slid` is given, appends what was slid.
Stmt sliding_window(const Stmt &s, const std::map<std::string, Function> &env,
                    std::vector<SlidDimension> *slid = nullptr);

/// How an expression varies with a variable. Shared by sliding_window and
/// storage_folding.
enum class Monotonic { Constant, Increasing, Decreasing, Unknown };

/// Monotonicity of `e` in the Int(32) variable `var` (other free variables are held
/// fixed). Conservative: Unknown when it cannot tell. A Bool `e` is Increasing when it
/// can only switch from false to true as var increases. Handles + - min max, * and /
/// by constants, widening casts, comparisons, logic, and select (a condition that
/// switches once, with branches ordered as the switch requires, as proved by the
/// simplifier).
Monotonic is_monotonic(const Expr &e, const std::string &var);

} // namespace weft::internal

#endif
