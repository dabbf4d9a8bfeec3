#ifndef WEFT_IR_SCOPE_H
#define WEFT_IR_SCOPE_H

// Scope<T>: a map from names to values with shadowing, for passes that walk into
// Let/LetStmt/For bodies. push() hides an outer binding until the matching pop().

#include "Error.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace weft::internal {

template <typename T>
class Scope {
public:
    void push(const std::string &name, T value) { map_[name].push_back(std::move(value)); }
    void pop(const std::string &name) {
        auto it = map_.find(name);
        internal_assert(it != map_.end() && !it->second.empty()) << "Scope::pop of " << name;
        it->second.pop_back();
        if (it->second.empty()) {
            map_.erase(it);
        }
    }
    bool contains(const std::string &name) const { return map_.count(name) != 0; }
    const T &get(const std::string &name) const {
        auto it = map_.find(name);
        internal_assert(it != map_.end()) << "Scope::get of unbound name " << name;
        return it->second.back();
    }
    /// The innermost binding, or nullptr.
    const T *find(const std::string &name) const {
        auto it = map_.find(name);
        return it == map_.end() ? nullptr : &it->second.back();
    }
    bool empty() const { return map_.empty(); }

private:
    std::unordered_map<std::string, std::vector<T>> map_;
};

/// Pushes on construction, pops on destruction.
template <typename T>
class ScopedBinding {
public:
    ScopedBinding(Scope<T> &scope, const std::string &name, T value) : scope_(scope), name_(name) {
        scope_.push(name_, std::move(value));
    }
    ScopedBinding(const ScopedBinding &) = delete;
    ~ScopedBinding() { scope_.pop(name_); }

private:
    Scope<T> &scope_;
    std::string name_;
};

} // namespace weft::internal

#endif
