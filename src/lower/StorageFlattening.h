#ifndef WEFT_LOWER_STORAGEFLATTENING_H
#define WEFT_LOWER_STORAGEFLATTENING_H

// Storage flattening: multi-dimensional storage and accesses become flat ones.
//
//  * Realize f over [min_i, extent_i] becomes LetStmts f.min.<i>, f.extent.<i>,
//    f.stride.<i> (dense: stride.0 = 1, stride.i = stride.(i-1) * extent.(i-1)) around
//    Allocate f (element type, memory type, extents f.extent.<i>).
//  * Provide f(args) = v becomes Store f[index] = v (an IfThenElse when the Provide has
//    a predicate); Func calls f(args) and Image calls b(args) become Load f[index] /
//    Load b[index] (the Load of an input carries its Parameter).
//  * index = sum_i (arg_i - name.min.<i>) * name.stride.<i>: for Realized Funcs these are
//    the lets above; for buffer arguments (outputs and inputs) they are the fields
//    codegen defines at entry (Lower.h).
//
// Assumes: no Tuples (one value per Func). Guarantees: no Provide, Realize, Func or Image
// Call remains.
//
// Tested in tests/pass/lower_storage_flattening.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt storage_flattening(const Stmt &s);

} // namespace weft::internal

#endif
