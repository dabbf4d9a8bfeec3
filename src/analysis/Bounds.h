#ifndef WEFT_ANALYSIS_BOUNDS_H
#define WEFT_ANALYSIS_BOUNDS_H

// Interval analysis of expressions and the regions of Funcs and images a statement
// reads or writes. These drive bounds inference in lowering.
//
// bounds_of_expr_in_scope(e, scope) gives an Interval holding every value e takes when
// each variable in `scope` ranges over its interval; a variable not in scope stands for
// itself (symbolic bounds). Ends are simplified scalar expressions of e's element type;
// an undefined end is unbounded. Int(32)/Int(64) arithmetic is assumed not to overflow
// (as in the simplifier); for narrower ints and uints a result that might wrap is given
// the whole range of its type. Values nothing is known about (loads, calls) are bounded
// by their type: a uint8 load is [0, 255], an int32 load [INT32_MIN, INT32_MAX].
//
// boxes_required / boxes_provided / boxes_touched give, per Func or image name, the Box
// of coordinates at which it is called (Call::Func and Call::Image) / provided
// (Provide) / either, with the loop variables of For nodes inside the statement taking
// their loop ranges and Let/LetStmt names the bounds of their values.
//
// Inside the then-branch of an IfThenElse, a variable the condition compares with an
// expression (`v < e`, `v <= e`, `v >= e`, `v > e`, `v == e`, and conjunctions of these)
// is narrowed to what the comparison allows.
//
// boxes_touched_correlated is boxes_touched with loop variables and let names kept
// symbolic until the walk leaves their scope (lets are then substituted, or kept as Lets
// in the ends where substituting would repeat a large value, loop variables bounded over
// their loop, narrowed by the `if`s comparing them). It keeps what
// boxes_touched loses when two lets move together with an outer loop (a stage's
// f.s0.x.min and f.s0.x.max inside one iteration of its consumer's loop), at the cost of
// larger expressions; add_buffer_checks intersects both.
//
// The walks bound a let or loop variable only when a box they collect needs it (each
// once, in the scope of its definition), so asking for one name's box (box_required)
// costs only what that box uses.
//
// Tested in tests/pass/bounds.cpp, tests/pass/bounds_conditions.cpp,
// tests/pass/bounds_deep_lets.cpp and tests/fuzz/simplify_fuzz.cpp.

#include "Interval.h"
#include "ir/IR.h"
#include "ir/Scope.h"

#include <map>
#include <set>
#include <string>

namespace weft::internal {

Interval bounds_of_expr_in_scope(const Expr &e, const Scope<Interval> &scope);

/// The whole range of a type as an Interval (everything for floats and handles).
Interval interval_of_type(Type t);

std::map<std::string, Box> boxes_required(const Expr &e, const Scope<Interval> &scope);
std::map<std::string, Box> boxes_required(const Stmt &s, const Scope<Interval> &scope);
std::map<std::string, Box> boxes_provided(const Stmt &s, const Scope<Interval> &scope);
std::map<std::string, Box> boxes_touched(const Stmt &s, const Scope<Interval> &scope);
/// The entry of `name` in boxes_required / boxes_provided (empty if none), computing
/// only what that one box needs (the bounds of the lets and loops its coordinates use).
Box box_required(const Stmt &s, const std::string &name, const Scope<Interval> &scope);
Box box_provided(const Stmt &s, const std::string &name, const Scope<Interval> &scope);
std::map<std::string, Box> boxes_touched_correlated(const Stmt &s, const Scope<Interval> &scope);
/// boxes_touched / boxes_touched_correlated of only the given names (the others' boxes,
/// and the lets and loops only they use, are never bounded).
std::map<std::string, Box> boxes_touched(const Stmt &s, const Scope<Interval> &scope,
                                         const std::set<std::string> &names);
std::map<std::string, Box> boxes_touched_correlated(const Stmt &s, const Scope<Interval> &scope,
                                                    const std::set<std::string> &names);

} // namespace weft::internal

#endif
