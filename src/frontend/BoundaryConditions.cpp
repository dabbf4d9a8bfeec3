// Boundary conditions (weft/BoundaryConditions.h): each result is a pure Func whose
// coordinates are remapped into the source's bounds with clamp/select and Euclidean %.

#include "weft/BoundaryConditions.h"

#include "Error.h"
#include "UniqueName.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "weft/BufferExpr.h"
#include "weft/IROperator.h"

#include <functional>

namespace weft::BoundaryConditions {

using namespace internal;

namespace {

/// A source seen through its bounds: how to read it, and its shape.
struct Source {
    std::string label; // for messages: `Func "f"`, `ImageParam "in"`, `Buffer "b"`
    std::vector<Var> args;
    Type type;
    Bounds bounds;
    std::function<Expr(const std::vector<Expr> &)> read;
};

Source from_func(const char *fn, const Func &f, const Bounds &bounds) {
    user_assert(f.defined()) << "BoundaryConditions::" << fn << ": Func \"" << f.name()
                             << "\" has not yet been defined; define it before bounding it";
    user_assert(static_cast<int>(bounds.size()) <= f.dimensions())
        << "BoundaryConditions::" << fn << ": Func \"" << f.name() << "\" has "
        << f.dimensions() << " dimensions but " << bounds.size() << " bounds were given";
    Source s;
    s.label = "Func \"" + f.name() + "\"";
    s.args = f.args();
    s.type = f.type();
    s.bounds = bounds;
    s.read = [f](const std::vector<Expr> &coords) { return Expr(f(coords)); };
    return s;
}

Source from_image_param(const char *fn, const ImageParam &in) {
    user_assert(in.defined()) << "BoundaryConditions::" << fn << ": the ImageParam is undefined";
    Source s;
    s.label = "ImageParam \"" + in.name() + "\"";
    for (int i = 0; i < in.dimensions(); i++) {
        s.args.emplace_back();
        s.bounds.emplace_back(in.dim(i).min(), in.dim(i).extent());
    }
    s.type = in.type();
    s.read = [in](const std::vector<Expr> &coords) { return in(coords); };
    return s;
}

Source from_buffer(const char *fn, const Buffer<void> &b) {
    user_assert(b.defined()) << "BoundaryConditions::" << fn << ": the Buffer is undefined";
    Source s;
    s.label = b.name().empty() ? "Buffer" : "Buffer \"" + b.name() + "\"";
    for (int i = 0; i < b.dimensions(); i++) {
        s.args.emplace_back();
        s.bounds.emplace_back(Expr(b.dim(i).min()), Expr(b.dim(i).extent()));
    }
    s.type = b.type().element_of();
    s.read = [b](const std::vector<Expr> &coords) { return buffer_access(b, coords); };
    return s;
}

/// A bound as int32, checked.
Expr int_bound(const char *fn, const Source &s, size_t d, const Expr &e, const char *what) {
    user_assert(e.type().is_int() || e.type().is_uint())
        << "BoundaryConditions::" << fn << ": the " << what << " of dimension " << d << " of "
        << s.label << " has type " << to_string(e.type()) << "; bounds must be integers";
    return cast(Int(32), e);
}

/// Maps a coordinate x into [min, min + extent) along one dimension.
using Remap = std::function<Expr(const Expr &x, const Expr &min, const Expr &extent)>;

/// The coordinates a point (the result Func's args) reads, and whether it is inside.
struct Mapped {
    std::vector<Expr> coords;
    Expr inside; // undefined: everywhere
};

Mapped map_coords(const char *fn, const Source &s, const Remap &remap) {
    Mapped m;
    for (size_t d = 0; d < s.args.size(); d++) {
        Expr x = s.args[d];
        bool bounded = d < s.bounds.size() && s.bounds[d].first.defined() &&
                       s.bounds[d].second.defined();
        if (!bounded) {
            m.coords.push_back(x);
            continue;
        }
        Expr lo = int_bound(fn, s, d, s.bounds[d].first, "min");
        Expr extent = int_bound(fn, s, d, s.bounds[d].second, "extent");
        // The final clamp keeps every read provably inside, whatever remap computes.
        // x itself is marked likely (as in Halide): partition_loops drops the clamp
        // from the steady state. The mirrors read x itself where it is inside, and
        // their remapping elsewhere: select(likely(inside), likely(x), mirror(x)), whose
        // steady form is the clamp of likely(x) again.
        Expr in_d = x >= lo && x < lo + extent;
        Expr mapped = remap(x, lo, extent);
        if (mapped.same_as(x)) {
            mapped = likely(x);
        } else {
            mapped = select(likely(in_d), likely(x), mapped);
        }
        m.coords.push_back(clamp(mapped, lo, lo + extent - 1));
        m.inside = m.inside.defined() ? (m.inside && in_d) : in_d;
    }
    return m;
}

Func make(const char *fn, const Source &s, const Remap &remap, const Expr &exterior = Expr()) {
    Mapped m = map_coords(fn, s, remap);
    Expr value = s.read(m.coords);
    if (exterior.defined() && m.inside.defined()) {
        value = select(likely(m.inside), value, exterior);
    }
    Func result(unique_name(fn));
    result(s.args) = value;
    return result;
}

Expr identity(const Expr &x, const Expr &, const Expr &) { return x; }

Expr mirror(const Expr &x, const Expr &min, const Expr &extent) {
    Expr period = extent * 2;
    Expr r = (x - min) % period; // Euclidean: in [0, period)
    return select(r < extent, r, period - 1 - r) + min;
}

Expr mirror_inner(const Expr &x, const Expr &min, const Expr &extent) {
    Expr limit = extent - 1;
    Expr r = (x - min) % (limit * 2); // x % 0 == 0 covers extent 1
    return select(r <= limit, r, limit * 2 - r) + min;
}

/// The exterior value in the source's type; a C++ number is checked like a literal.
Expr exterior_value(const Source &s, const Expr &value) {
    user_assert(value.defined()) << "BoundaryConditions::constant_exterior: the value for "
                                 << s.label << " is undefined";
    Expr like = make_zero(s.type);
    if (const auto *i = value.as<IntImm>(); i && value.type() == Int(32)) {
        return int_literal_like(like, i->value);
    }
    if (const auto *f = value.as<FloatImm>(); f && s.type.is_float()) {
        return float_literal_like(like, f->value);
    }
    return cast(s.type, value);
}

} // namespace

Func repeat_edge(const Func &source, const Bounds &bounds) {
    return make("repeat_edge", from_func("repeat_edge", source, bounds), identity);
}
Func repeat_edge(const ImageParam &source) {
    return make("repeat_edge", from_image_param("repeat_edge", source), identity);
}
Func repeat_edge(const Buffer<void> &source) {
    return make("repeat_edge", from_buffer("repeat_edge", source), identity);
}

Func constant_exterior(const Func &source, const Expr &value, const Bounds &bounds) {
    Source s = from_func("constant_exterior", source, bounds);
    return make("constant_exterior", s, identity, exterior_value(s, value));
}
Func constant_exterior(const ImageParam &source, const Expr &value) {
    Source s = from_image_param("constant_exterior", source);
    return make("constant_exterior", s, identity, exterior_value(s, value));
}
Func constant_exterior(const Buffer<void> &source, const Expr &value) {
    Source s = from_buffer("constant_exterior", source);
    return make("constant_exterior", s, identity, exterior_value(s, value));
}

Func mirror_image(const Func &source, const Bounds &bounds) {
    return make("mirror_image", from_func("mirror_image", source, bounds), mirror);
}
Func mirror_image(const ImageParam &source) {
    return make("mirror_image", from_image_param("mirror_image", source), mirror);
}
Func mirror_image(const Buffer<void> &source) {
    return make("mirror_image", from_buffer("mirror_image", source), mirror);
}

Func mirror_interior(const Func &source, const Bounds &bounds) {
    return make("mirror_interior", from_func("mirror_interior", source, bounds), mirror_inner);
}
Func mirror_interior(const ImageParam &source) {
    return make("mirror_interior", from_image_param("mirror_interior", source), mirror_inner);
}
Func mirror_interior(const Buffer<void> &source) {
    return make("mirror_interior", from_buffer("mirror_interior", source), mirror_inner);
}

} // namespace weft::BoundaryConditions
