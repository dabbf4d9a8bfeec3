#ifndef WEFT_IR_REDUCTION_H
#define WEFT_IR_REDUCTION_H

// ReductionDomain: the internal side of an RDom: an ordered list of reduction
// variables (innermost first, as written: RDom r(0, W, 0, H) has r.x then r.y) each
// with a min and extent, and an optional predicate (RDom::where), the conjunction of
// every where() clause. Variables of a domain appear in expressions as Variable nodes
// carrying the domain.

#include "weft/Expr.h"

#include <string>
#include <vector>

namespace weft::internal {

struct ReductionVariable {
    std::string var;
    Expr min;
    Expr extent;
};

struct ReductionDomainContents {
    mutable std::atomic<int> ref_count{0};
    std::vector<ReductionVariable> domain;
    Expr predicate; // undefined: always true
};

class ReductionDomain {
public:
    ReductionDomain() = default;
    explicit ReductionDomain(std::vector<ReductionVariable> domain);

    bool defined() const { return contents_.defined(); }
    const std::vector<ReductionVariable> &domain() const { return contents_->domain; }
    const Expr &predicate() const { return contents_->predicate; }
    /// ANDs `p` into the predicate (RDom::where).
    void where(Expr p);
    bool same_as(const ReductionDomain &o) const { return contents_.same_as(o.contents_); }
    const ReductionDomainContents *get() const { return contents_.get(); }

private:
    IntrusivePtr<ReductionDomainContents> contents_;
};

} // namespace weft::internal

#endif
