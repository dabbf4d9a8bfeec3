#ifndef WEFT_BUFFEREXPR_H
#define WEFT_BUFFEREXPR_H

// Reading a concrete Buffer inside a definition, as Halide allows:
//
//   Buffer<float> weights = ...;
//   f(x) = buffer_access(weights, {x}) * 2;    // what weights(x) with an Expr means
//
// The Buffer becomes an input of every pipeline that reads it, bound to that Buffer
// (which the definition keeps alive). One Buffer read several times, or by several
// Funcs, is a single input. The input is named after the Buffer (Buffer::name()), or
// "b0", "b1", ... when the Buffer has no name.

#include "weft/Expr.h"

#include <vector>

namespace weft {

template <typename T>
class Buffer;

/// The element of `b` at `coords` (one integer Expr per dimension of b; CompileError
/// naming the buffer otherwise). The value has b's element type.
Expr buffer_access(const Buffer<void> &b, const std::vector<Expr> &coords);

} // namespace weft

#endif
