#ifndef WEFT_LOWER_UNROLLLOOPS_H
#define WEFT_LOWER_UNROLLLOOPS_H

// unroll_loops: replaces every For of ForType::Unrolled by copies of its body.
//
// Assumes: a flat loop nest (after storage flattening); loop names are unique.
// Guarantees: no For with ForType::Unrolled remains. A loop whose extent simplifies to
// the constant n becomes a Block of n copies of its body, copy i with the loop
// variable replaced by the (simplified) expression min + i; n <= 0 gives a no-op.
// Inner unrolled loops are unrolled first, so a nest unrolls completely. Lets inside
// the body are copied with their names (as in Halide), so sibling copies may repeat a
// let name; each copy's bindings are only visible inside that copy.
// Errors: an unrolled loop whose extent is not constant throws CompileError naming the
// loop ("Can only unroll a loop of constant extent; loop \"f.s0.x.xi\" has extent ...").
//
// Tested in tests/pass/unroll_loops.cpp.

#include "ir/IR.h"

namespace weft::internal {

Stmt unroll_loops(const Stmt &s);

} // namespace weft::internal

#endif
