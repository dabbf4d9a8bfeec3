#ifndef WEFT_IR_IRPRINTER_H
#define WEFT_IR_IRPRINTER_H

// Text form of the IR, as shown by WEFT_DEBUG and compile_to_lowered_stmt:
//
//   produce blur_y {
//     for (blur_y.s0.y, blur_y.s0.y.min, blur_y.s0.y.extent) {
//       blur_y[...] = (blur_x(x, y - 1) + ...) / (uint16)3
//     }
//   }

#include "IR.h"

#include <ostream>
#include <string>

namespace weft {

std::ostream &operator<<(std::ostream &os, const Expr &e);
std::ostream &operator<<(std::ostream &os, const Stmt &s);
std::ostream &operator<<(std::ostream &os, const Type &t);

namespace internal {

std::string to_string(const Expr &e);
std::string to_string(const Stmt &s);

} // namespace internal
} // namespace weft

#endif
