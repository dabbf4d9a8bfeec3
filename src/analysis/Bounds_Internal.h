#ifndef WEFT_ANALYSIS_BOUNDS_INTERNAL_H
#define WEFT_ANALYSIS_BOUNDS_INTERNAL_H

// Internals of the bounds analysis shared by its two files: Bounds.cpp (interval
// arithmetic over expressions: BoundsComputer) and Boxes.cpp (the boxes of calls and
// provides over statements, built on it). Not part of any public interface.

#include "Bounds.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace weft::internal::bounds_detail {

enum class EndOp { Add, Sub, Mul, Div, Min, Max };

/// One end of an interval computed from two ends. Exact for constants (overflow:
/// undefined and `overflow` set); simplified symbolic expression otherwise.
Expr end_op(EndOp op, const Expr &a, const Expr &b, bool &overflow);
Expr min_end(const Expr &a, const Expr &b);
Expr max_end(const Expr &a, const Expr &b);

/// One constraint `var in [min, max]` an `if` condition puts on a variable; an undefined
/// end is no constraint on that side.
struct VarConstraint {
    std::string var;
    Interval range;
};

/// The constraints on single variables that hold wherever `cond` is true.
std::vector<VarConstraint> constraints_of(const Expr &cond);

/// The larger of two lower bounds (undefined: -inf) / smaller of two upper bounds.
Expr tighter_min(const Expr &a, const Expr &b);
Expr tighter_max(const Expr &a, const Expr &b);
/// Does `e` have at most `limit` nodes?
bool has_at_most_nodes(const Expr &e, int limit);

class BoundsComputer {
public:
    explicit BoundsComputer(const Scope<Interval> &outer) : outer_(outer) {}

    Interval bounds(const Expr &e);

    void push(const std::string &name, Interval i);
    /// Binds name to the bounds of `value`, computed at the first lookup.
    void push_lazy(const std::string &name, const Expr &value);
    /// Binds a loop variable to the range of its loop, computed at the first lookup.
    void push_lazy_loop(const std::string &name, const Expr &min, const Expr &extent);
    void pop(const std::string &name);
    /// The innermost visible binding of name (evaluated), or nullptr.
    const Interval *find(const std::string &name);

private:
    struct Binding {
        uint64_t seq;
        Interval bounds;
        // Until bounded: a let's value, or a loop's min and extent.
        Expr pending, pending_extent;
        // A let's value when it is a variable, or a variable plus or minus a constant
        // (see with_simple_lets); undefined otherwise.
        Expr simple_value;
    };

    /// The innermost visible binding of name (not evaluated), or nullptr.
    Binding *visible(const std::string &name);

    /// `e` with the lets it names whose values are simple (a variable, or a variable plus
    /// or minus a constant) replaced by those values, repeatedly: an expression over
    /// several lets of one base (x.max = x.base + 63, x.min = x.base) then simplifies to
    /// what it is (x.max - x.min to 63) instead of being bounded as if the lets moved
    /// apart.
    Expr with_simple_lets(const Expr &e);

    /// The range of a loop variable.
    Interval loop_range(const Expr &min, const Expr &extent);

    void evaluate(const std::string &name, size_t k);

    const Scope<Interval> &outer_;
    std::unordered_map<std::string, std::vector<Binding>> inner_;
    uint64_t next_seq_ = 0;
    /// Push numbers [begin, end) are hidden (the bindings younger than the lazy one
    /// being evaluated).
    uint64_t hidden_begin_ = 0, hidden_end_ = 0;
    bool overflow_ = false;

    /// Applies the overflow policy of the file comment to a result of type t.
    Interval fix(Type t, Interval r);

    Expr op(EndOp o, const Expr &a, const Expr &b);

    Interval raw_bounds(const Expr &e);

    Interval variable_bounds(const Variable *v);

    Interval cast_bounds(const Cast *c);

    Interval mul_bounds(const Mul *m);

    Interval div_bounds(const Div *d);

    Interval mod_bounds(const Mod *m);

    Interval lt_bounds(const Expr &x, const Expr &y, bool strict);

    Interval eq_bounds(const Expr &x, const Expr &y, bool negate);

    Interval select_bounds(const Select *s);

    Interval call_bounds(const Call *c);

    Interval vector_reduce_bounds(const VectorReduce *v);
};

} // namespace weft::internal::bounds_detail

#endif
