#ifndef WEFT_IMAGEPARAM_H
#define WEFT_IMAGEPARAM_H

// ImageParam: an input buffer of a pipeline, as in Halide. Its element type and number
// of dimensions are fixed; its size and contents come with the Buffer bound by set().
//
//   ImageParam in(UInt(8), 2, "in");
//   f(x, y) = in(x, y) * 2 + in.width();
//   in.set(Buffer<uint8_t>(640, 480));
//
// dim(i).min()/extent()/stride() are int32 Exprs standing for the bound buffer's
// shape when the pipeline runs (Variables named "in.min.0", "in.extent.0",
// "in.stride.0": the names codegen defines, see src/lower/Lower.h; they carry the
// ImageParam's Parameter, so a pipeline that only reads the size still takes it).

#include "weft/Expr.h"
#include "weft/Type.h"
#include "weft/Var.h"
#include "weft/runtime/weft_runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace weft {

namespace internal {
class Function;
class Parameter;
} // namespace internal

class Func;

template <typename T>
class Buffer;

class ImageParam {
public:
    /// An undefined ImageParam.
    ImageParam() = default;
    /// An input of element type t with `dimensions` dimensions; unnamed ones get a
    /// unique name ("p0", ...).
    ImageParam(Type t, int dimensions, const std::string &name = "");

    bool defined() const { return param_ != nullptr; }
    const std::string &name() const;
    Type type() const;
    int dimensions() const;

    /// One dimension of the input, as Exprs evaluated when the pipeline runs.
    class Dimension {
    public:
        Expr min() const;
        Expr extent() const;
        /// min() + extent() - 1.
        Expr max() const;
        /// In elements.
        Expr stride() const;

    private:
        friend class ImageParam;
        Dimension(std::shared_ptr<internal::Parameter> param, int d)
            : param_(std::move(param)), d_(d) {}
        Expr field(const char *what) const;
        std::shared_ptr<internal::Parameter> param_;
        int d_;
    };
    Dimension dim(int i) const;

    /// Shorthands for images: the extents of dimensions 0, 1 and 2, and the
    /// coordinates of the edges of dimensions 0 and 1.
    Expr width() const { return dim(0).extent(); }
    Expr height() const { return dim(1).extent(); }
    Expr channels() const { return dim(2).extent(); }
    Expr left() const { return dim(0).min(); }
    Expr right() const { return dim(0).max(); }
    Expr top() const { return dim(1).min(); }
    Expr bottom() const { return dim(1).max(); }

    /// The element at the given coordinates (one integer Expr per dimension).
    template <typename... Args>
    Expr operator()(const Args &...coords) const {
        return (*this)(std::vector<Expr>{Expr(coords)...});
    }
    Expr operator()(const std::vector<Expr> &coords) const;
    Expr operator()(const std::vector<Var> &coords) const;

    /// Binds the buffer the next realize() reads. Its type and dimensions must be the
    /// ImageParam's (RuntimeError otherwise). The ImageParam keeps it alive.
    template <typename T>
    void set(const Buffer<T> &b) {
        bind(b.raw_buffer(), std::make_shared<Buffer<T>>(b), b.name());
    }
    /// Forgets the bound buffer.
    void reset();
    /// The bound buffer's description, or nullptr.
    const weft_buffer_t *raw_buffer() const;

    /// Wrappers of this input (see Func::in): a Func "<in>_in_<g>" (or
    /// "<in>_global_wrapper" for in()) with arguments _0, _1, ... (Func::args() gives them)
    /// whose value is in(_0, _1, ...), which the consumers read instead of the buffer;
    /// e.g. in.in(g).compute_at(g, xo) copies the tile g needs into a dense buffer.
    /// The wrappers live as long as this ImageParam (or a copy of it).
    Func in(const Func &consumer);
    Func in(const std::vector<Func> &consumers);
    Func in();

    /// The internal parameter (src/ir/Parameter.h), for lowering.
    const internal::Parameter &parameter() const;

private:
    void bind(weft_buffer_t *raw, std::shared_ptr<void> keepalive, const std::string &buf_name);
    void check_defined(const char *what) const;

    std::shared_ptr<internal::Parameter> param_;
    /// Holds the wrappers made by in() (src/frontend/Wrappers.h).
    std::shared_ptr<internal::Function> anchor_;
};

} // namespace weft

#endif
