#include "weft/ImageParam.h"

#include "Error.h"
#include "ImageCall.h"
#include "UniqueName.h"
#include "Wrappers.h"
#include "ir/IR.h"
#include "weft/BufferContents.h"
#include "weft/IROperator.h"

namespace weft {

using namespace internal;

namespace internal {

Expr image_call(const Parameter &param, const std::string &subject,
                const std::vector<Expr> &coords) {
    int dims = param.dimensions();
    int n = static_cast<int>(coords.size());
    user_assert(n == dims) << subject << " has " << dims << " dimension" << (dims == 1 ? "" : "s")
                           << " but was called with " << n << " coordinate"
                           << (n == 1 ? "" : "s");
    std::vector<Expr> args;
    for (int i = 0; i < n; i++) {
        const Expr &c = coords[i];
        user_assert(c.defined()) << subject << ": coordinate " << i << " is undefined";
        user_assert(c.type().is_scalar() && (c.type().is_int() || c.type().is_uint()))
            << subject << ": coordinate " << i << " has type " << to_string(c.type())
            << "; coordinates must be scalar integers (use cast<int>(floor(e)) for a float)";
        args.push_back(cast(Int(32), c));
    }
    return Call::make(param.type(), param.name(), std::move(args), Call::Image, FunctionPtr(), 0,
                      param);
}

} // namespace internal

namespace {

std::string subject_of(const std::string &name) { return "ImageParam \"" + name + "\""; }

} // namespace

ImageParam::ImageParam(Type t, int dimensions, const std::string &name) {
    std::string n = name.empty() ? unique_name("p") : name;
    user_assert(dimensions >= 0 && dimensions <= max_buffer_dimensions)
        << subject_of(n) << ": " << dimensions << " dimensions requested; an input has 0 to "
        << max_buffer_dimensions;
    user_assert(!t.is_handle() && t.is_scalar())
        << subject_of(n) << ": element type " << to_string(t)
        << " is not allowed; use a scalar number type such as UInt(8) or Float(32)";
    param_ = std::make_shared<Parameter>(t, dimensions, n);
    anchor_ = std::make_shared<Function>(make_input_anchor(*param_));
}

void ImageParam::check_defined(const char *what) const {
    user_assert(defined()) << "ImageParam::" << what
                           << " on an undefined ImageParam; construct it with a type and a "
                              "number of dimensions first";
}

const std::string &ImageParam::name() const {
    check_defined("name");
    return param_->name();
}

Type ImageParam::type() const {
    check_defined("type");
    return param_->type();
}

int ImageParam::dimensions() const {
    check_defined("dimensions");
    return param_->dimensions();
}

ImageParam::Dimension ImageParam::dim(int i) const {
    check_defined("dim");
    user_assert(i >= 0 && i < dimensions())
        << subject_of(name()) << " has " << dimensions() << " dimension"
        << (dimensions() == 1 ? "" : "s") << "; there is no dimension " << i;
    return Dimension(param_, i);
}

Expr ImageParam::Dimension::field(const char *what) const {
    std::string n = param_->name() + "." + what + "." + std::to_string(d_);
    return Variable::make(Int(32), n, *param_);
}

Expr ImageParam::Dimension::min() const { return field("min"); }
Expr ImageParam::Dimension::extent() const { return field("extent"); }
Expr ImageParam::Dimension::max() const { return min() + extent() - 1; }
Expr ImageParam::Dimension::stride() const { return field("stride"); }

Expr ImageParam::operator()(const std::vector<Expr> &coords) const {
    check_defined("operator()");
    return image_call(*param_, subject_of(name()), coords);
}

Expr ImageParam::operator()(const std::vector<Var> &coords) const {
    std::vector<Expr> args(coords.begin(), coords.end());
    return (*this)(args);
}

void ImageParam::bind(weft_buffer_t *raw, std::shared_ptr<void> keepalive,
                      const std::string &buf_name) {
    check_defined("set");
    std::string label = buffer_label(buf_name);
    if (raw == nullptr) {
        runtime_user_error << subject_of(name()) << ": set() was given an undefined Buffer";
    }
    Type t = type_of_raw(*raw).element_of();
    if (t != type() || raw->dimensions != dimensions()) {
        runtime_user_error << subject_of(name()) << " is " << to_string(type()) << " with "
                           << dimensions() << " dimension" << (dimensions() == 1 ? "" : "s")
                           << ", but set() was given " << label << " of " << to_string(t)
                           << " with " << raw->dimensions << " dimension"
                           << (raw->dimensions == 1 ? "" : "s");
    }
    param_->set_buffer(raw, std::move(keepalive));
}

void ImageParam::reset() {
    check_defined("reset");
    param_->set_buffer(nullptr, nullptr);
}

const weft_buffer_t *ImageParam::raw_buffer() const {
    check_defined("raw_buffer");
    return param_->buffer();
}

const Parameter &ImageParam::parameter() const {
    check_defined("parameter");
    return *param_;
}

} // namespace weft
