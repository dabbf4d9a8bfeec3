#include "UniqueName.h"

#include <map>
#include <mutex>

namespace weft::internal {

std::string unique_name(const std::string &prefix) {
    // Function-local statics: built on first use, never at library load.
    static std::mutex mutex;
    static std::map<std::string, int> *counters = new std::map<std::string, int>;
    std::lock_guard<std::mutex> lock(mutex);
    int n = (*counters)[prefix]++;
    return prefix + std::to_string(n);
}

} // namespace weft::internal
