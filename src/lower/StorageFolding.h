#ifndef WEFT_LOWER_STORAGEFOLDING_H
#define WEFT_LOWER_STORAGEFOLDING_H

// storage_folding: shrinks the storage of a Func to a circular buffer along a dimension
// in which the region it touches walks monotonically with a serial loop inside its
// Realize (as Halide's storage folding; typically after sliding_window, when a stencil
// keeps only its last few rows alive).
//
// Assumes: after bounds inference, sliding_window and simplify; before storage
// flattening (accesses are Provide / Call::Func with one coordinate per dimension).
//
// For each Realize of f (inner Realizes first), descend from its body to the one
// statement holding every access of f (through lets, produce/consume of other Funcs,
// other Realizes, and the one side of a Block that touches f). At a serial (or unrolled)
// loop L there:
//  * take the box of f touched (written or read) by one iteration of L, with L free;
//  * try dimensions from the outermost in: a dimension folds when its min and max are
//    both monotonic in L in the same direction (one of them really moving) and its
//    extent max - min + 1 has a constant upper bound E <= 1024 over L's range;
//  * the fold factor is F = the next power of two >= E: the Realize's range in that
//    dimension becomes [0, F) and every Provide / call of f in L's body uses coordinate
//    `c % F` (Euclidean, never negative) there. At most one dimension folds per loop.
//    Valid because a slot of the circular buffer is only rewritten with a coordinate F
//    away from the last one stored in it, and no iteration's window (nor any window
//    between the write and a later read, by monotonicity) spans F coordinates.
//  * Inner loops are then tried too when the iterations of L are independent: the
//    folded dimension's windows of consecutive iterations do not overlap, or (when no
//    dimension folded) each iteration writes everything of f it reads.
// Never across a parallel, vectorized or GPU loop (threads would share the slots).
//
// Tested in tests/pass/storage_folding.cpp and tests/correctness/store_at.cpp.

#include "ir/Function.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace weft::internal {

/// One dimension of one Func folded, for print_loop_nest.
struct FoldedDimension {
    std::string func;   // the Func whose storage is folded
    std::string dim;    // its pure Var (dimension) that is folded
    std::string loop;   // the loop the fold is over (full name, e.g. "blur_y.s0.y")
    int64_t factor = 0; // the circular buffer's size in that dimension
};

/// The pass (see the file comment). When `folded` is given, appends what was folded.
Stmt storage_folding(const Stmt &s, const std::map<std::string, Function> &env,
                     std::vector<FoldedDimension> *folded = nullptr);

} // namespace weft::internal

#endif
