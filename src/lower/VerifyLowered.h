#ifndef WEFT_LOWER_VERIFYLOWERED_H
#define WEFT_LOWER_VERIFYLOWERED_H

// The last check of lowering: the Stmt keeps the contract of Lower.h as far as it can
// be checked cheaply: no Provide, Realize, Func call or Image call remains, and no loop
// variable, LetStmt or allocation name is bound twice on one path. An InternalError
// (naming this pass) otherwise. Runs in every build; it is one walk.
//
// Tested in tests/pass/lower_storage_flattening.cpp.

#include "ir/IR.h"

namespace weft::internal {

/// Returns s unchanged after checking it.
Stmt verify_lowered(const Stmt &s);

} // namespace weft::internal

#endif
