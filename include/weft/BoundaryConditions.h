#ifndef WEFT_BOUNDARYCONDITIONS_H
#define WEFT_BOUNDARYCONDITIONS_H

// Boundary conditions, as in Halide: a Func defined everywhere that reads `source`
// only inside its bounds, and decides what lies outside them.
//
//   Func clamped = BoundaryConditions::repeat_edge(in);     // a Buffer or ImageParam
//   blur(x) = (clamped(x - 1) + clamped(x) + clamped(x + 1)) / 3;
//
// For a Buffer or ImageParam the bounds are its shape. For a Func they must be given:
// one (min, extent) pair per dimension, innermost first; dimensions past the list, or
// whose pair is undefined, are left unbounded. With min m and extent e, along one
// dimension (the source's values at m, m+1, ... are written 0 1 2 ...):
//
//   repeat_edge          ... 0 0 0 | 0 1 2 ... e-1 | e-1 e-1 ...
//   constant_exterior    ... v v v | 0 1 2 ... e-1 | v v ...
//   mirror_image         ... 2 1 0 | 0 1 2 ... e-1 | e-1 e-2 ...     (edge repeated)
//   mirror_interior      ... 3 2 1 | 0 1 2 ... e-1 | e-2 e-3 ...     (edge not repeated)
//
// The result is a pure Func (inlined by default) whose reads of the source are clamped
// into the bounds, so bounds inference proves the source is read only inside them.

#include "weft/Buffer.h"
#include "weft/Expr.h"
#include "weft/Func.h"
#include "weft/ImageParam.h"

#include <utility>
#include <vector>

namespace weft::BoundaryConditions {

/// (min, extent) per dimension.
using Bounds = std::vector<std::pair<Expr, Expr>>;

Func repeat_edge(const Func &source, const Bounds &bounds);
Func repeat_edge(const ImageParam &source);
Func repeat_edge(const Buffer<void> &source);

/// Outside the bounds the value is `value`, cast to the source's type (a C++ number
/// that type cannot hold is a CompileError).
Func constant_exterior(const Func &source, const Expr &value, const Bounds &bounds);
Func constant_exterior(const ImageParam &source, const Expr &value);
Func constant_exterior(const Buffer<void> &source, const Expr &value);

Func mirror_image(const Func &source, const Bounds &bounds);
Func mirror_image(const ImageParam &source);
Func mirror_image(const Buffer<void> &source);

Func mirror_interior(const Func &source, const Bounds &bounds);
Func mirror_interior(const ImageParam &source);
Func mirror_interior(const Buffer<void> &source);

} // namespace weft::BoundaryConditions

#endif
