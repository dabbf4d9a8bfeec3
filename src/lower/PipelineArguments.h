#ifndef WEFT_LOWER_PIPELINEARGUMENTS_H
#define WEFT_LOWER_PIPELINEARGUMENTS_H

// The argument list of the compiled entry point (the contract of Lower.h): the output
// buffers in order, then every input the Stmt refers to, sorted by name: buffer
// Parameters (of Loads, Image calls and buffer-field Variables) and scalar Params
// (Variables with a Parameter). Two different Parameters with one name, or an input
// named like an output, are CompileErrors.
//
// Tested in tests/pass/lower_pipeline.cpp.

#include "Lower.h"

#include <vector>

namespace weft::internal {

std::vector<LoweredArgument> pipeline_arguments(const Stmt &s,
                                                const std::vector<Function> &outputs);

} // namespace weft::internal

#endif
