#ifndef WEFT_ANALYSIS_INTERVAL_H
#define WEFT_ANALYSIS_INTERVAL_H

// Intervals and boxes of expressions, the vocabulary of bounds inference.
//
// An Interval [min, max] holds every value an expression may take (both ends
// inclusive). An undefined end means unbounded on that side (-inf / +inf). Ends are
// scalar expressions of the element type of what they bound and may be symbolic
// (refer to variables). A Box is one Interval per dimension of a Func or buffer, plus
// the condition under which the region is used at all (`used`, undefined: always).
// union / intersect results are simplified.

#include "ir/IR.h"

#include <vector>

namespace weft::internal {

struct Interval {
    Expr min, max;

    Interval() = default;
    Interval(Expr mn, Expr mx) : min(std::move(mn)), max(std::move(mx)) {}

    static Interval everything() { return Interval(); }
    static Interval single_point(const Expr &e) { return Interval(e, e); }

    bool has_lower_bound() const { return min.defined(); }
    bool has_upper_bound() const { return max.defined(); }
    bool is_bounded() const { return min.defined() && max.defined(); }
    bool is_everything() const { return !min.defined() && !max.defined(); }
    /// Both ends are the same expression (same node, or structurally equal).
    bool is_single_point() const;
    bool is_single_point(const Expr &e) const;
};

/// The smallest interval holding both (simplified). Unbounded if either side is.
Interval interval_union(const Interval &a, const Interval &b);
/// The intersection (simplified); an unbounded side takes the other's end.
Interval interval_intersect(const Interval &a, const Interval &b);

struct Box {
    std::vector<Interval> bounds;
    Expr used; // undefined: always used

    Box() = default;
    explicit Box(size_t dims) : bounds(dims) {}
    explicit Box(std::vector<Interval> b) : bounds(std::move(b)) {}

    size_t size() const { return bounds.size(); }
    bool empty() const { return bounds.empty(); }
    Interval &operator[](size_t i) { return bounds[i]; }
    const Interval &operator[](size_t i) const { return bounds[i]; }
    bool maybe_unused() const;
};

/// The smallest box holding both. A box with no dimensions is the empty region
/// (the identity of union). Boxes of different dimensionality are an internal error.
Box box_union(const Box &a, const Box &b);
/// a = box_union(a, b).
void box_merge(Box &a, const Box &b);
/// Per-dimension intersection.
Box box_intersect(const Box &a, const Box &b);

} // namespace weft::internal

#endif
