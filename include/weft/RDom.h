#ifndef WEFT_RDOM_H
#define WEFT_RDOM_H

// Reduction domains, as in Halide.
//
//   RDom r(0, 10);                 // one dimension: r.x in [0, 10)
//   RDom s(0, W, 0, H, "s");       // two: s.x in [0, W), s.y in [0, H); s.x is innermost
//   RDom t(input);                 // one dimension per dimension of a Buffer/ImageParam
//   s.where(s.x < s.y);            // only the points where the condition holds
//
//   f(x) = 0;
//   f(r) += g(r);                  // an update definition iterating r
//
// An RDom's variables (RVar: r.x, r.y, r.z, r.w, or r[i]) are int32 Exprs that may only
// appear in update definitions and inline reductions (sum, maximum, ...). The update
// loops over the domain with r.x innermost. Bounds are int32 (integer Exprs are
// cast); they may use constants, Params and buffer sizes, but not pure Vars.
// RVars are named "<rdom>.x", "<rdom>.y", ... ("r0.x" for an unnamed RDom).

#include "weft/Expr.h"
#include "weft/runtime/weft_runtime.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace weft {

namespace internal {
class ReductionDomain;
/// (min, extent) of every dimension of a buffer, as constants.
std::vector<std::pair<Expr, Expr>> buffer_ranges(const weft_buffer_t *b, const std::string &name);
} // namespace internal

template <typename T>
class Buffer;
class ImageParam;
class RDom;

/// One variable of a reduction domain.
class RVar {
public:
    /// An undefined RVar (the unused x/y/z/w of a low-dimensional RDom).
    RVar() = default;
    /// A free-standing name for scheduling (e.g. the result of splitting an RVar).
    explicit RVar(const std::string &name);

    const std::string &name() const { return name_; }
    bool defined() const { return !name_.empty(); }
    /// The first value and the number of values it takes.
    Expr min() const;
    Expr extent() const;
    /// The RDom this variable belongs to (undefined for a free-standing RVar).
    RDom domain() const;
    /// Its position in the domain (0 for x); -1 when free-standing.
    int index() const { return index_; }

    /// The variable as an int32 expression.
    operator Expr() const;

private:
    friend class RDom;
    RVar(std::shared_ptr<internal::ReductionDomain> domain, int index, std::string name);

    std::shared_ptr<internal::ReductionDomain> domain_;
    int index_ = -1;
    std::string name_;
};

/// A multi-dimensional reduction domain.
class RDom {
public:
    /// An undefined RDom.
    RDom() = default;
    RDom(const Expr &min, const Expr &extent, const std::string &name = "");
    RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
         const std::string &name = "");
    RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
         const Expr &min2, const Expr &extent2, const std::string &name = "");
    RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
         const Expr &min2, const Expr &extent2, const Expr &min3, const Expr &extent3,
         const std::string &name = "");
    /// Any number of dimensions, as (min, extent) pairs, innermost first.
    explicit RDom(const std::vector<std::pair<Expr, Expr>> &ranges, const std::string &name = "");
    /// Covers an ImageParam: dimension i runs over in.dim(i).min() .. max().
    explicit RDom(const ImageParam &in);
    /// Covers a Buffer's current shape (as constants).
    template <typename T>
    explicit RDom(const Buffer<T> &b)
        : RDom(internal::buffer_ranges(b.raw_buffer(), b.name()), "") {}
    /// A handle on an existing internal domain (src/ir/Reduction.h).
    explicit RDom(const internal::ReductionDomain &d);

    bool defined() const { return domain_ != nullptr; }
    const std::string &name() const { return name_; }
    int dimensions() const;

    /// Variable i (0 is x, the innermost).
    RVar operator[](int i) const;
    /// The first four variables; undefined beyond dimensions().
    RVar x, y, z, w;

    /// Restricts the domain to the points where `predicate` (a bool Expr) holds.
    /// Several where() clauses combine with &&. Returns *this.
    RDom &where(const Expr &predicate);
    /// The combined where() condition; undefined when there is none.
    Expr predicate() const;

    /// A one-dimensional RDom used as its single variable.
    operator RVar() const;
    operator Expr() const;

    /// The internal domain (src/ir/Reduction.h).
    const internal::ReductionDomain &domain() const;
    bool same_as(const RDom &other) const;

private:
    friend class RVar;
    RDom(std::shared_ptr<internal::ReductionDomain> domain, std::string name);
    void init(const std::vector<std::pair<Expr, Expr>> &ranges, const std::string &name);

    std::shared_ptr<internal::ReductionDomain> domain_;
    std::string name_;
};

} // namespace weft

#endif
