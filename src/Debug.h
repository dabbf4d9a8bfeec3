#ifndef WEFT_SRC_DEBUG_H
#define WEFT_SRC_DEBUG_H

// Observability (STYLE.md item 6).
//
//   debug(2) << "after bounds inference:\n" << s << "\n";
//
// prints to stderr when the environment variable WEFT_DEBUG is at least the level.
// WEFT_TIME_PASSES=1 makes the lowering pipeline print each pass's time.

#include <sstream>
#include <string>

namespace weft::internal {

/// Value of WEFT_DEBUG (0 when unset), read once.
int debug_level();

/// True when WEFT_TIME_PASSES is set to a nonzero value.
bool time_passes();

class debug {
public:
    explicit debug(int level) : enabled_(level <= debug_level()) {}
    debug(const debug &) = delete;
    ~debug();

    template <typename T>
    debug &operator<<(const T &x) {
        if (enabled_) {
            out_ << x;
        }
        return *this;
    }

private:
    bool enabled_;
    std::ostringstream out_;
};

} // namespace weft::internal

#endif
