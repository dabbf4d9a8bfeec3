#ifndef WEFT_LOWER_LOWER_H
#define WEFT_LOWER_LOWER_H

// lower(): from Funcs and their schedules to one flat loop nest (a Stmt) plus the
// list of arguments of the compiled entry point. The pass list is Lower.cpp.
//
// The contract between lowering and codegen (what the final Stmt looks like):
//
//  * Arguments. `LoweredPipeline::arguments` lists every buffer and scalar the entry
//    point takes, in slot order: the output buffers first (in the order of the
//    Pipeline's outputs), then the input buffers and scalar Params sorted by name.
//    Slot i of `void **args` holds a weft_buffer_t* for a buffer argument and a
//    pointer to the value for a scalar; slot N (one past the last) holds the user
//    context pointer.
//  * At entry, codegen defines these names for each buffer argument `b` with d
//    dimensions, visible to the whole body:
//       b.buffer            Handle   the weft_buffer_t*
//       b                   Handle   the host pointer (element at the buffer's mins)
//       b.min.<i>           Int(32)  for i in [0, d)
//       b.extent.<i>        Int(32)
//       b.stride.<i>        Int(32)  (in elements)
//       b.type.code         UInt(8)
//       b.type.bits         UInt(8)
//       b.dimensions        Int(32)
//    and for each scalar argument `p` the Variable `p` of its type.
//  * The body refers to memory only through flat Load/Store on names that are a
//    buffer argument or an Allocate in scope, indexed in elements from the host
//    pointer (lowering subtracts the mins and multiplies by the strides). No
//    Provide, Realize or Func/Image Call survives lowering.
//  * Errors are AssertStmts whose message is a call to a weft_error_* runtime
//    function (Call::Extern, Int(32)); codegen returns its result from the entry
//    point when the condition is false. The first argument of every such call is
//    the Variable `__user_context` (Handle), which codegen defines at entry.
//  * Runtime calls (weft_malloc, weft_free, weft_do_par_for...) are made by
//    codegen itself for Allocate/Free/parallel For; lowering never emits them.
//  * Loop variables, lets and allocations have names unique within the Stmt.

#include "ir/Function.h"
#include "ir/IR.h"
#include "weft/Target.h"

#include <string>
#include <vector>

namespace weft::internal {

struct LoweredArgument {
    std::string name;
    bool is_buffer = false;
    Type type;          // element type for buffers
    int dimensions = 0; // buffers only
    bool is_output = false;
    Parameter param;    // the input's Parameter (undefined for outputs)
};

struct LoweredPipeline {
    std::string name;   // entry point is weft_<name>
    std::vector<LoweredArgument> arguments;
    std::vector<Function> outputs;
    Stmt body;
    Target target;
};

/// Lowers the pipeline computing `outputs` for `target`. `name` names the entry point.
/// Throws CompileError for schedule or algorithm mistakes found here.
LoweredPipeline lower(const std::vector<Function> &outputs, const std::string &name,
                      const Target &target);

} // namespace weft::internal

#endif
