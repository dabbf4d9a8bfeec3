#ifndef WEFT_FRONTEND_IMAGECALL_H
#define WEFT_FRONTEND_IMAGECALL_H

// The read of an input buffer at coordinates: a Call::Image on a buffer Parameter,
// shared by ImageParam::operator() and buffer_access (weft/BufferExpr.h).

#include "ir/IR.h"

#include <string>
#include <vector>

namespace weft::internal {

/// A Call::Image of `param` at `coords`. Checks the number of coordinates and that
/// each is an integer (cast to int32). `subject` names the input in messages, e.g.
/// `ImageParam "in"` or `Buffer "weights"`.
Expr image_call(const Parameter &param, const std::string &subject,
                const std::vector<Expr> &coords);

} // namespace weft::internal

#endif
