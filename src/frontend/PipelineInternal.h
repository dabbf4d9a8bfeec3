#ifndef WEFT_FRONTEND_PIPELINE_INTERNAL_H
#define WEFT_FRONTEND_PIPELINE_INTERNAL_H

// Helpers shared by Pipeline.cpp and PipelineInspect.cpp.

#include "lower/Lower.h"
#include "weft/Pipeline.h"

#include <string>
#include <vector>

namespace weft::internal {

/// The outputs' Functions; CompileError when there are none or one is undefined.
std::vector<Function> pipeline_functions(const std::vector<Func> &outputs);

/// The name of the pipeline (its first output's), which names the entry point.
std::string pipeline_name(const std::vector<Func> &outputs);

LoweredPipeline lower_pipeline(const std::vector<Func> &outputs, const Target &target);

/// The loop-nest summary of a lowered Stmt (Pipeline::loop_nest_string()).

/// The lowered Stmt as an HTML page (escaped, keywords highlighted).
std::string stmt_to_html(const std::string &title, const std::string &text);

} // namespace weft::internal

#endif
