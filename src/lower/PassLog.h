#ifndef WEFT_LOWER_PASSLOG_H
#define WEFT_LOWER_PASSLOG_H

// Observability of the pass list (STYLE.md item 6): Lower.cpp brackets each pass with
// begin()/end(). WEFT_DEBUG=1 logs each pass's name, time and whether it changed the
// Stmt; WEFT_DEBUG=2 also dumps the IR after it; WEFT_TIME_PASSES=1 prints the times.

#include "ir/IR.h"

#include <chrono>
#include <string>

namespace weft::internal {

class PassLog {
public:
    explicit PassLog(std::string pipeline) : pipeline_(std::move(pipeline)) {}

    /// Marks the start of pass `name` whose input is `input` (may be undefined).
    void begin(const char *name, const Stmt &input);
    /// Logs the pass just run; `output` is its result.
    void end(const Stmt &output);

private:
    std::string pipeline_;
    const char *name_ = "";
    Stmt input_;
    std::chrono::steady_clock::time_point start_;
};

} // namespace weft::internal

#endif
