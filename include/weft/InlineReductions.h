#ifndef WEFT_INLINEREDUCTIONS_H
#define WEFT_INLINEREDUCTIONS_H

// Inline reductions, as in Halide: an expression reduced over the RDom it uses.
//
//   RDom r(0, 3, 0, 3);
//   blur(x, y) = sum(in(x + r.x - 1, y + r.y - 1)) / 9;
//   peak(y) = maximum(in(r.x, y));
//   where(y) = argmax(in(r.x, y));      // the r.x of the first maximum
//
// Each call makes an anonymous Func (named "sum0", "maximum1", ...) over the pure Vars
// the expression uses, with a pure definition (the starting value) and one update over
// the RDom; the result is a call to it at those Vars. Such a Func has an update, so the
// default schedule computes it rather than inlining it.
//
// The RDom is the one whose variables the expression uses (CompileError if none, or
// variables of two RDoms); the forms taking an RDom name it explicitly. Its where()
// condition applies. The value has the expression's type (sum of uint8 wraps at 256:
// cast first to accumulate wider, as in Halide).

#include "weft/Expr.h"
#include "weft/RDom.h"

#include <string>
#include <vector>

namespace weft {

/// Sum over the domain, starting from 0.
Expr sum(const Expr &e, const std::string &name = "sum");
Expr sum(const RDom &r, const Expr &e, const std::string &name = "sum");
/// Product over the domain, starting from 1.
Expr product(const Expr &e, const std::string &name = "product");
Expr product(const RDom &r, const Expr &e, const std::string &name = "product");
/// Largest value, starting from the type's lowest (-infinity for floats).
Expr maximum(const Expr &e, const std::string &name = "maximum");
Expr maximum(const RDom &r, const Expr &e, const std::string &name = "maximum");
/// Smallest value, starting from the type's highest (+infinity for floats).
Expr minimum(const Expr &e, const std::string &name = "minimum");
Expr minimum(const RDom &r, const Expr &e, const std::string &name = "minimum");

/// The coordinate (int32) where e is largest over a one-dimensional RDom; the first in
/// iteration order wins ties. (Halide returns a Tuple of coordinates and value; weft
/// has no Tuples yet: use maximum() for the value.) When no point qualifies (empty
/// domain, where() excluding all, NaN everywhere) the result is min + extent.
Expr argmax(const Expr &e, const std::string &name = "argmax");
Expr argmax(const RDom &r, const Expr &e, const std::string &name = "argmax");
/// The same for the smallest value.
Expr argmin(const Expr &e, const std::string &name = "argmin");
Expr argmin(const RDom &r, const Expr &e, const std::string &name = "argmin");

/// argmax/argmin over an RDom of any dimensions: one coordinate per dimension, r.x
/// first. Ties go to the first point in iteration order (r.x innermost). When no
/// point qualifies, every coordinate is its min except the last, which is min + extent.
std::vector<Expr> argmax_coords(const Expr &e, const std::string &name = "argmax");
std::vector<Expr> argmax_coords(const RDom &r, const Expr &e, const std::string &name = "argmax");
std::vector<Expr> argmin_coords(const Expr &e, const std::string &name = "argmin");
std::vector<Expr> argmin_coords(const RDom &r, const Expr &e, const std::string &name = "argmin");

} // namespace weft

#endif
