#include "PassLog.h"

#include "Debug.h"
#include "ir/IRPrinter.h"

namespace weft::internal {

void PassLog::begin(const char *name, const Stmt &input) {
    name_ = name;
    input_ = input;
    debug(1) << "[" << pipeline_ << "] " << name << "...\n";
    start_ = std::chrono::steady_clock::now();
}

void PassLog::end(const Stmt &output) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
                    .count();
    bool changed = !output.same_as(input_);
    debug(1) << "[" << pipeline_ << "] " << name_ << ": " << ms << " ms"
             << (changed ? "" : " (no change)") << "\n";
    if (time_passes() && debug_level() < 1) {
        debug(0) << "[" << pipeline_ << "] " << name_ << ": " << ms << " ms\n";
    }
    if (changed && output.defined()) {
        debug(2) << "After " << name_ << ":\n" << output << "\n";
    }
    input_ = Stmt();
}

} // namespace weft::internal
