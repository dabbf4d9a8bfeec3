#ifndef WEFT_FRONTEND_UNIQUENAME_H
#define WEFT_FRONTEND_UNIQUENAME_H

// Fresh names for objects the user did not name: Vars ("v0"), Funcs ("f0"), RDoms
// ("r0"), Params ("p0"), buffers ("b0"), inline reductions ("sum0"). Each prefix has
// its own counter; the counters are shared by every thread.

#include <string>

namespace weft::internal {

/// `prefix` followed by the next number of that prefix's counter: "f0", "f1", ...
std::string unique_name(const std::string &prefix);

} // namespace weft::internal

#endif
