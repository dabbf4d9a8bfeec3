#include "Debug.h"

#include <cstdio>
#include <cstdlib>

namespace weft::internal {

namespace {
int read_env_int(const char *name) {
    const char *v = std::getenv(name);
    return v ? std::atoi(v) : 0;
}
} // namespace

int debug_level() {
    static const int level = read_env_int("WEFT_DEBUG");
    return level;
}

bool time_passes() {
    static const bool on = read_env_int("WEFT_TIME_PASSES") != 0;
    return on;
}

debug::~debug() {
    if (enabled_) {
        std::string s = out_.str();
        std::fwrite(s.data(), 1, s.size(), stderr);
    }
}

} // namespace weft::internal
