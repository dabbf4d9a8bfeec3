#ifndef WEFT_IR_PARAMETER_H
#define WEFT_IR_PARAMETER_H

// Parameter: the internal side of a pipeline input, shared by the user's Param<T>,
// ImageParam and Buffers used directly in a definition. A scalar Parameter holds
// its value once bound; a buffer Parameter holds the bound buffer. Lowering turns
// every Parameter a pipeline reads into one argument of the compiled entry point.

#include "weft/Expr.h"
#include "weft/runtime/weft_runtime.h"

#include <cstring>
#include <memory>
#include <string>

namespace weft::internal {

struct FunctionContents;

struct ParameterContents {
    mutable std::atomic<int> ref_count{0};
    std::string name;
    Type type;
    bool is_buffer = false;
    int dimensions = 0;

    // Scalar value (the low sizeof(type) bytes), valid when scalar_bound.
    uint64_t scalar_bits = 0;
    bool scalar_bound = false;

    // Bound buffer (an ImageParam after set(), or a Buffer used in a definition).
    // `buffer_keepalive` owns whatever keeps `buffer` valid (a weft::Buffer copy).
    weft_buffer_t *buffer = nullptr;
    std::shared_ptr<void> buffer_keepalive;

    // A buffer input's Func::in() wrappers (ImageParam::in, src/frontend/Wrappers.h):
    // the function that holds them, or null. Not a reference (the anchor holds this
    // Parameter); the anchor's destructor resets it.
    FunctionContents *wrapper_anchor = nullptr;
};

class Parameter {
public:
    Parameter() = default;
    /// A scalar parameter of type t.
    Parameter(Type t, const std::string &name);
    /// A buffer parameter of element type t with `dimensions` dimensions.
    Parameter(Type t, int dimensions, const std::string &name);

    bool defined() const { return contents_.defined(); }
    const std::string &name() const { return contents_->name; }
    Type type() const { return contents_->type; }
    bool is_buffer() const { return contents_->is_buffer; }
    int dimensions() const { return contents_->dimensions; }

    template <typename T>
    void set_scalar(T value) {
        static_assert(sizeof(T) <= sizeof(uint64_t));
        contents_->scalar_bits = 0;
        std::memcpy(&contents_->scalar_bits, &value, sizeof(T));
        contents_->scalar_bound = true;
    }
    bool scalar_bound() const { return contents_->scalar_bound; }
    const void *scalar_address() const { return &contents_->scalar_bits; }
    uint64_t scalar_bits() const { return contents_->scalar_bits; }

    void set_buffer(weft_buffer_t *b, std::shared_ptr<void> keepalive) {
        contents_->buffer = b;
        contents_->buffer_keepalive = std::move(keepalive);
    }
    weft_buffer_t *buffer() const { return contents_->buffer; }
    const std::shared_ptr<void> &buffer_keepalive() const { return contents_->buffer_keepalive; }

    bool same_as(const Parameter &o) const { return contents_.same_as(o.contents_); }
    const ParameterContents *get() const { return contents_.get(); }
    ParameterContents *mutable_contents() const { return contents_.get(); }
    bool operator<(const Parameter &o) const { return contents_.get() < o.contents_.get(); }

private:
    IntrusivePtr<ParameterContents> contents_;
};

} // namespace weft::internal

#endif
