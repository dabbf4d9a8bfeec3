#ifndef WEFT_ANALYSIS_EVALUATE_H
#define WEFT_ANALYSIS_EVALUATE_H

// A small interpreter for expressions with weft's semantics, for tests and constant
// evaluation: integers of every width wrap, Div/Mod are Euclidean with x/0 == x%0 == 0,
// Float(32) results are rounded to float, bool is 0/1. Vectors are evaluated lane by
// lane. Loads, image/Func/extern calls and other opaque nodes are not evaluable.
//
// `int_overflow` is set when an Int(32)/Int(64) Add, Sub, Mul or Div overflowed: the
// simplifier and bounds assume that never happens, so callers checking them against
// evaluation skip such cases.

#include "ir/IR.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace weft::internal {

/// A value: one canonical int64 per lane for integer and bool types (see IntArith.h),
/// or one double per lane for floats.
struct EvalValue {
    Type type;
    std::vector<int64_t> ints;
    std::vector<double> floats;

    static EvalValue scalar_int(Type t, int64_t v);
    static EvalValue scalar_float(Type t, double v);
    int lanes() const { return type.lanes; }
    bool operator==(const EvalValue &o) const;
    std::string to_string() const;
};

struct EvalResult {
    std::optional<EvalValue> value; // nullopt: not evaluable
    bool int_overflow = false;
};

/// Evaluates e with free variables bound by `vars` (by name).
EvalResult evaluate(const Expr &e, const std::map<std::string, EvalValue> &vars);

} // namespace weft::internal

#endif
