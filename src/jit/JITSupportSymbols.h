#ifndef WEFT_JIT_JIT_SUPPORT_SYMBOLS_H
#define WEFT_JIT_JIT_SUPPORT_SYMBOLS_H

// The C library functions JIT code may call without weft binding them per module:
// memcpy/memmove/memset and the libm functions LLVM lowers math intrinsics to when a
// target has no instruction for them (llvm.sin.f32 -> sinf, llvm.pow.f64 -> pow,
// sin+cos -> sincosf, ...). Their addresses are taken here, in C++, and bound as
// absolute symbols in the session's support JITDylib (JITSession.h): no process-wide
// symbol search is needed for them. The CUDA runtime's C functions (weft_cuda_*,
// weft_buffer_set_*_dirty) are bound here too, for the host code of GPU pipelines. Compiler runtime helpers ("__powisf2",
// "__truncsfhf2", "__divti3", ...), which C++ cannot name portably, are the only names
// looked up in the process, and only names starting with "__" are.

#include <string>
#include <utility>
#include <vector>

namespace weft::internal {

/// (name, address) of every libc/libm function listed above.
const std::vector<std::pair<std::string, void *>> &jit_support_symbols();

} // namespace weft::internal

#endif
