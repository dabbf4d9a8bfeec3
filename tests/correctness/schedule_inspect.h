#ifndef WEFT_TESTS_SCHEDULE_INSPECT_H
#define WEFT_TESTS_SCHEDULE_INSPECT_H

// Reading a Func's recorded schedule in tests: its loops (innermost first) and their types.

#include <weft/weft.h>

#include "ir/Function.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace weft_test {

using Names = std::vector<std::string>;

inline Names loops_of(const weft::Func &f, int stage = 0) {
    Names n;
    for (const weft::internal::Dim &d : f.function().stage(stage).schedule.dims) {
        n.push_back(d.var);
    }
    return n;
}

inline weft::ForType type_of_loop(const weft::Func &f, const std::string &var, int stage = 0) {
    for (const weft::internal::Dim &d : f.function().stage(stage).schedule.dims) {
        if (d.var == var) {
            return d.for_type;
        }
    }
    FAIL("no loop " << var);
    return weft::ForType::Serial;
}

} // namespace weft_test

#endif
