#ifndef WEFT_PARAM_H
#define WEFT_PARAM_H

// Param<T>: a scalar argument of a pipeline, as in Halide. Its value is read when the
// pipeline runs, so changing it does not recompile.
//
//   Param<float> gain("gain", 1.5f);     // name and value
//   f(x) = in(x) * gain;
//   gain.set(2.0f);                      // the next realize() uses 2.0
//
// A Param made without a name gets a unique one ("p0", "p1", ...). Names matter:
// two Params of one pipeline must not share a name.

#include "weft/Expr.h"
#include "weft/Type.h"

#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

namespace weft {

namespace internal {
class Parameter;

/// The non-template part of Param<T>: owns the internal Parameter.
class ScalarParamHandle {
public:
    ScalarParamHandle(Type t, const std::string &name);
    const std::string &name() const;
    Type type() const;
    void set_bits(const void *value, size_t bytes);
    /// Copies the bound value's bytes (zero when none was set).
    void get_bits(void *value, size_t bytes) const;
    bool has_value() const;
    Expr expr() const;
    const Parameter &parameter() const { return *param_; }

private:
    std::shared_ptr<Parameter> param_;
};

std::string unique_param_name();
} // namespace internal

template <typename T>
class Param {
    static_assert(std::is_arithmetic_v<T> || std::is_pointer_v<T>,
                  "Param<T>: T must be a C++ number type, bool or a pointer");

public:
    /// A Param with a unique name and no value yet.
    Param() : handle_(type_of<T>(), internal::unique_param_name()) {}
    explicit Param(const std::string &name) : handle_(type_of<T>(), name) {}
    /// (So that Param<bool>("flag") names the Param instead of converting to bool.)
    explicit Param(const char *name) : Param(std::string(name)) {}
    /// A Param with a unique name and an initial value.
    explicit Param(T value) : Param() { set(value); }
    Param(const std::string &name, T value) : Param(name) { set(value); }
    Param(const char *name, T value) : Param(std::string(name), value) {}

    const std::string &name() const { return handle_.name(); }
    Type type() const { return handle_.type(); }

    /// Binds the value the next realize() uses.
    void set(T value) { handle_.set_bits(&value, sizeof(T)); }
    /// The bound value (T() when none was set).
    T get() const {
        T value{};
        handle_.get_bits(&value, sizeof(T));
        return value;
    }
    /// True once set() was called or a value was given to the constructor.
    bool has_value() const { return handle_.has_value(); }

    /// The Param as an expression of type T.
    operator Expr() const { return handle_.expr(); }

    /// The internal parameter (src/ir/Parameter.h), for lowering.
    const internal::Parameter &parameter() const { return handle_.parameter(); }

private:
    internal::ScalarParamHandle handle_;
};

} // namespace weft

#endif
