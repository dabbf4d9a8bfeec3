#ifndef WEFT_BUFFER_H
#define WEFT_BUFFER_H

// weft::Buffer<T>: an N-dimensional array of T, the images and tensors pipelines read
// and write.
//
//   Buffer<float> a(640, 480);                 // owning, zeroed, dim 0 (x) stride 1
//   a(3, 2) = 1.5f;                            // element at x = 3, y = 2
//   Buffer<uint8_t> v(pixels, {w, h, 3});      // view of memory you own (no copy)
//   Buffer<> any = a;                          // element type known at run time only
//   Buffer<float> back = any;                  // checked: RuntimeError on a wrong type
//
// Each dimension has a min coordinate, an extent and a stride (in elements, may be
// negative or zero); coordinates run from min() to max() = min() + extent() - 1.
// Dimension 0 is the innermost: x, then y, then c (channels) for images.
//
// A Buffer is a handle, like Halide::Buffer: copies share the elements AND the shape
// (set_min on one copy shows in all), and the memory lives until the last copy of an
// owning Buffer goes. cropped(), transposed(), sliced() make new views of the same
// elements; copy() makes new elements. Views of borrowed memory (raw pointers, Eigen
// objects, DLPack tensors) never own it: keep it alive as long as the views.
//
// Interop (see the files named for details):
//   - Eigen (BufferEigen.h): Buffer<float> b(M) views a matrix, Map, Ref or Block with
//     b(j, i) == M(i, j); b.as_eigen_map() views a 2-D buffer as an Eigen::Map.
//   - DLPack (BufferDLPack.h): Buffer<>::from_dlpack(tensor) and b.to_dlpack().
//
// GPU (CUDA) memory, as in Halide: a Buffer may also have a device allocation holding
// the same elements with the same layout, and two dirty bits saying which copy is newer.
//
//   b.copy_to_device();         // allocates if needed, copies when the host is newer
//   ... run a pipeline that writes b on the GPU (it sets device_dirty) ...
//   b.copy_to_host();           // copies back when the device is newer
//   b(3, 2);                    // now current
//
// Call copy_to_host() before reading the host memory of a buffer the GPU wrote. On a
// buffer with a device allocation, non-const element access (b(x, y) = v), fill(),
// for_each_value() and copy_from() refuse a newer device copy (device_dirty) and set
// host_dirty, so the next copy_to_device() sends the new values; views (cropped,
// sliced, transposed) and copy_from() refuse a source whose device copy is newer. Const
// element access and data() check nothing. Views are host views: they do not share the
// device allocation. The device allocation is freed (returned to weft's cache) with
// device_free() or when the last copy of the Buffer goes; device_wrap_native() uses
// device memory you own and never frees it. Without a CUDA driver the device methods
// throw RuntimeError("no CUDA driver found ...").
//
// Errors (a wrong element type, negative extents, more than 16 dimensions, a crop
// outside the buffer) throw weft::RuntimeError. Element access is unchecked.

#include "weft/BufferContents.h"
#include "weft/BufferDLPack.h"
#include "weft/BufferEigen.h"
#include "weft/BufferExpr.h"
#include "weft/Cuda.h"
#include "weft/Error.h"
#include "weft/Target.h"
#include "weft/Type.h"
#include "weft/runtime/weft_runtime.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace weft {

template <typename T = void>
class Buffer;

namespace internal {

template <std::size_t>
using IntArg = int;

/// True when f can be called with N ints.
template <typename F, std::size_t... I>
constexpr bool invocable_with_ints(std::index_sequence<I...>) {
    return std::is_invocable_v<F, IntArg<I>...>;
}

/// The smallest N (up to 16) such that f(int, ..., int) with N ints compiles, else -1.
template <typename F>
constexpr int int_arity() {
    return []<std::size_t... N>(std::index_sequence<N...>) {
        int arity = -1;
        ((arity < 0 && invocable_with_ints<F>(std::make_index_sequence<N>()) ? arity = int(N) : 0),
         ...);
        return arity;
    }(std::make_index_sequence<max_buffer_dimensions + 1>());
}

template <typename F, std::size_t... I>
void call_with_coords(F &f, const int *coords, std::index_sequence<I...>) {
    f(coords[I]...);
}

} // namespace internal

template <typename T>
class Buffer {
    template <typename U>
    friend class Buffer;

    static constexpr bool typed = !std::is_void_v<T>;
    template <typename... Args>
    static constexpr bool all_ints = (std::is_convertible_v<Args, int> && ...);
    /// The element type, with a stand-in for Buffer<void> so declarations stay valid.
    using Elem = std::conditional_t<typed, T, uint8_t>;

public:
    using ElemType = T;

    /// One dimension: coordinates min() .. max(), stride() elements apart.
    class Dimension {
    public:
        explicit Dimension(const weft_dimension_t &d) : d_(d) {}
        int min() const { return d_.min; }
        int extent() const { return d_.extent; }
        int max() const { return d_.min + d_.extent - 1; }
        int stride() const { return d_.stride; }

    private:
        const weft_dimension_t &d_;
    };

    // ---------------------------------------------------------------- construction

    /// An undefined buffer (defined() is false).
    Buffer() = default;

    /// An owning, zeroed buffer of the given extents (mins 0, dim 0 stride 1):
    /// Buffer<float>(640, 480), Buffer<float>({640, 480, 3}, "input").
    template <typename... Ints>
        requires typed && all_ints<Ints...>
    explicit Buffer(int first, Ints... rest) : Buffer(std::vector<int>{first, int(rest)...}) {}

    explicit Buffer(const std::vector<int> &sizes, const std::string &name = "")
        requires typed
        : Buffer(type_of<Elem>(), sizes, name) {}

    /// Buffer<float> b({640, 480}) (a list would otherwise also match the copy constructor).
    explicit Buffer(std::initializer_list<int> sizes, const std::string &name = "")
        requires typed
        : Buffer(type_of<Elem>(), std::vector<int>(sizes), name) {}

    /// An owning, zeroed buffer whose element type is chosen at run time.
    Buffer(Type t, const std::vector<int> &sizes, const std::string &name = "") {
        auto c = new_contents(t, name);
        internal::make_dense_shape(name, t, sizes, c->shape);
        c->raw.dimensions = static_cast<int32_t>(sizes.size());
        c->storage = internal::allocate_buffer_storage(
            name, uint64_t(internal::element_count(c->raw)) * t.bytes());
        c->raw.host = static_cast<uint8_t *>(c->storage.get());
        contents_ = std::move(c);
    }

    template <typename... Ints>
        requires all_ints<Ints...>
    Buffer(Type t, int first, Ints... rest) : Buffer(t, std::vector<int>{first, int(rest)...}) {}

    /// An owning buffer of w x h x channels with the channels interleaved (dim 2 stride 1,
    /// dim 0 stride `channels`), the layout of most image libraries.
    static Buffer make_interleaved(Type t, int width, int height, int channels,
                                   const std::string &name = "") {
        Buffer b(t, {channels, width, height}, name);
        return b.transposed(0, 1).transposed(1, 2);
    }
    static Buffer make_interleaved(int width, int height, int channels,
                                   const std::string &name = "")
        requires typed
    {
        return make_interleaved(type_of<Elem>(), width, height, channels, name);
    }

    /// An owning, zeroed buffer with the type (for Buffer<void>), mins and extents of
    /// `other`, densely laid out.
    template <typename U>
    static Buffer make_with_shape_of(const Buffer<U> &other, const std::string &name = "") {
        std::vector<int> sizes, mins;
        for (int d = 0; d < other.dimensions(); d++) {
            sizes.push_back(other.dim(d).extent());
            mins.push_back(other.dim(d).min());
        }
        Buffer b(other.type(), sizes, name);
        b.set_min(mins);
        return b;
    }

    /// A view of memory the caller owns, densely laid out (dim 0 stride 1), mins 0.
    Buffer(Elem *data, const std::vector<int> &sizes, const std::string &name = "")
        requires typed
        : Buffer(type_of<Elem>(), data, sizes, name) {}

    template <typename... Ints>
        requires typed && all_ints<Ints...>
    Buffer(Elem *data, int first, Ints... rest)
        : Buffer(data, std::vector<int>{first, int(rest)...}) {}

    Buffer(Type t, void *data, const std::vector<int> &sizes, const std::string &name = "") {
        auto c = new_contents(t, name);
        internal::make_dense_shape(name, t, sizes, c->shape);
        c->raw.dimensions = static_cast<int32_t>(sizes.size());
        c->raw.host = static_cast<uint8_t *>(data);
        contents_ = std::move(c);
    }

    /// A view of memory the caller owns with any mins and strides (negative too).
    /// `data` points at the element whose coordinates are the mins of all dimensions.
    Buffer(Elem *data, int dims, const weft_dimension_t *shape, const std::string &name = "")
        requires typed
        : Buffer(type_of<Elem>(), data, dims, shape, name) {}

    Buffer(Type t, void *data, int dims, const weft_dimension_t *shape,
           const std::string &name = "") {
        auto c = new_contents(t, name);
        internal::check_buffer_shape(name, t, dims, shape);
        std::copy(shape, shape + dims, c->shape);
        c->raw.dimensions = dims;
        c->raw.host = static_cast<uint8_t *>(data);
        contents_ = std::move(c);
    }

    /// A view of the memory a weft_buffer_t describes (its shape is copied).
    explicit Buffer(const weft_buffer_t &raw, const std::string &name = "")
        : Buffer(internal::type_of_raw(raw), raw.host, raw.dimensions, raw.dim, name) {
        contents_->raw.device = raw.device;
        // A view never owns (so never frees) the device memory of `raw`.
        contents_->raw.device_interface = internal::non_owning_interface(raw.device_interface);
        contents_->raw.flags = raw.flags;
    }

    /// A view of an Eigen matrix, vector, Map, Ref or Block (BufferEigen.h):
    /// b(j, i) == M(i, j), width() == M.cols(), height() == M.rows(); vectors are 1-D.
    template <typename E>
        requires internal::EigenDirectAccess<std::remove_cvref_t<E>> &&
                 (std::is_void_v<T> ||
                  std::is_convertible_v<decltype(std::declval<E &>().data()), Elem *>) &&
                 // A temporary Matrix would die before the view.
                 (std::is_lvalue_reference_v<E> ||
                  !std::derived_from<std::remove_cvref_t<E>,
                                     Eigen::PlainObjectBase<std::remove_cvref_t<E>>>)
    explicit Buffer(E &&m, const std::string &name = "") {
        using Scalar = typename std::remove_cvref_t<E>::Scalar;
        weft_dimension_t shape[2];
        int dims = internal::eigen_shape(m, shape);
        *this = Buffer(type_of<Scalar>(), const_cast<Scalar *>(m.data()), dims, shape, name);
    }

    /// A view of a CPU DLPack tensor (BufferDLPack.h); the tensor must outlive it.
    static Buffer from_dlpack(const DLTensor &tensor, const std::string &name = "") {
        internal::DLPackView v = internal::import_dlpack(tensor);
        return Buffer(v.type, v.host, v.dimensions, v.shape, name);
    }

    /// A view that takes ownership of `tensor`: its deleter runs when the last copy of
    /// the Buffer goes. When this throws, the caller still owns the tensor.
    static Buffer from_dlpack(DLManagedTensor *tensor, const std::string &name = "") {
        Buffer b = from_dlpack(tensor->dl_tensor, name);
        b.contents_->storage = std::shared_ptr<void>(tensor, [](void *p) {
            auto *t = static_cast<DLManagedTensor *>(p);
            if (t->deleter) {
                t->deleter(t);
            }
        });
        return b;
    }

    /// Buffer<T> -> Buffer<void>, and Buffer<void> -> Buffer<T> checked at run time:
    /// "Buffer<uint8_t> cannot hold a float32 buffer".
    template <typename U>
        requires(!std::is_same_v<T, U>) && (std::is_void_v<T> || std::is_void_v<U>)
    Buffer(const Buffer<U> &other) : contents_(other.contents_) {
        if constexpr (typed) {
            if (contents_) {
                internal::check_element_type(type_of<Elem>(), type(), name());
            }
        }
    }

    /// This buffer as a Buffer<U> (checked as above).
    template <typename U>
    Buffer<U> as() const {
        return Buffer<U>(Buffer<void>(*this));
    }

    // ---------------------------------------------------------------- shape

    bool defined() const { return contents_ != nullptr; }
    Type type() const { return contents_ ? internal::type_of_raw(contents_->raw) : Type(); }
    int dimensions() const { return contents_ ? contents_->raw.dimensions : 0; }
    Dimension dim(int i) const {
        check_dim_index(i, "dim");
        return Dimension(contents_->shape[i]);
    }
    int min(int i) const { return dim(i).min(); }
    int extent(int i) const { return dim(i).extent(); }
    int stride(int i) const { return dim(i).stride(); }
    /// Extent of dimension 0, 1, 2, or 1 when the buffer has fewer dimensions.
    int width() const { return extent_or_one(0); }
    int height() const { return extent_or_one(1); }
    int channels() const { return extent_or_one(2); }
    int64_t number_of_elements() const {
        return contents_ ? internal::element_count(contents_->raw) : 0;
    }

    const std::string &name() const {
        static const std::string none;
        return contents_ ? contents_->name : none;
    }
    void set_name(const std::string &n) { contents_->name = n; }

    /// Moves the coordinate system: the element at the old mins gets coordinates `mins`.
    /// Missing trailing mins are left alone. Shared by every copy of this Buffer.
    void set_min(const std::vector<int> &mins) {
        if (int(mins.size()) > dimensions()) {
            throw RuntimeError("set_min: " + internal::buffer_label(name()) + " has " +
                               std::to_string(dimensions()) + " dimensions, but " +
                               std::to_string(mins.size()) + " mins were given.");
        }
        for (std::size_t d = 0; d < mins.size(); d++) {
            contents_->shape[d].min = mins[d];
        }
    }
    template <typename... Ints>
        requires all_ints<Ints...>
    void set_min(int first, Ints... rest) {
        set_min(std::vector<int>{first, int(rest)...});
    }

    bool contains(const int *coords) const {
        for (int d = 0; d < dimensions(); d++) {
            const weft_dimension_t &s = contents_->shape[d];
            if (coords[d] < s.min || int64_t(coords[d]) >= int64_t(s.min) + s.extent) {
                return false;
            }
        }
        return true;
    }
    bool contains(const std::vector<int> &coords) const {
        return int(coords.size()) == dimensions() && contains(coords.data());
    }
    template <typename... Ints>
        requires all_ints<Ints...>
    bool contains(int first, Ints... rest) const {
        return contains(std::vector<int>{first, int(rest)...});
    }

    // ---------------------------------------------------------------- elements

    /// The element at the given coordinates (one per dimension; unchecked). On a
    /// buffer with a device allocation, non-const access refuses a newer device copy
    /// (device_dirty) and marks the host copy newer (host_dirty), as in Halide.
    template <typename... Ints>
        requires typed && all_ints<Ints...>
    Elem &operator()(Ints... coords) {
        const int c[] = {int(coords)..., 0};
        if (contents_->raw.device) {
            begin_host_write("operator()");
        }
        return *element_at(c, sizeof...(Ints));
    }
    template <typename... Ints>
        requires typed && all_ints<Ints...>
    const Elem &operator()(Ints... coords) const {
        const int c[] = {int(coords)..., 0};
        return *element_at(c, sizeof...(Ints));
    }
    Elem &operator()(const int *coords)
        requires typed
    {
        if (contents_->raw.device) {
            begin_host_write("operator()");
        }
        return *element_at(coords, dimensions());
    }
    const Elem &operator()(const int *coords) const
        requires typed
    {
        return *element_at(coords, dimensions());
    }

    /// Inside a Func definition: the element at Expr coordinates, as an Expr
    /// (`f(x, y) = buf(x, y) * 2`). The Buffer becomes an input of the pipeline.
    template <typename... Args>
        requires(sizeof...(Args) > 0) && (!all_ints<Args...>) &&
                (std::is_convertible_v<const Args &, Expr> && ...)
    Expr operator()(const Args &...coords) const {
        return buffer_access(Buffer<void>(*this), std::vector<Expr>{Expr(coords)...});
    }
    Expr operator()(const std::vector<Expr> &coords) const {
        return buffer_access(Buffer<void>(*this), coords);
    }

    /// Pointer to the element at the mins of every dimension.
    T *data() { return contents_ ? reinterpret_cast<T *>(contents_->raw.host) : nullptr; }
    const T *data() const {
        return contents_ ? reinterpret_cast<const T *>(contents_->raw.host) : nullptr;
    }
    /// The same pointer as bytes.
    uint8_t *host_ptr() const { return contents_ ? contents_->raw.host : nullptr; }
    /// The C description passed to compiled pipelines (stable for this Buffer's life).
    weft_buffer_t *raw_buffer() const { return contents_ ? &contents_->raw : nullptr; }

    void fill(const Elem &value)
        requires typed
    {
        for_each_value([&](Elem &v) { v = value; });
    }

    /// Calls f(element) for every element (dimension 0 innermost).
    template <typename F>
        requires typed
    void for_each_value(F &&f) {
        begin_host_write("for_each_value");
        Elem *base = data();
        internal::for_each_element_offset(contents_->raw, [&](int64_t off) { f(base[off]); });
    }

    /// Calls f for the coordinates of every element, dimension 0 innermost. f takes
    /// either one int per dimension, f(x, y), or a pointer, f(const int *coords).
    template <typename F>
    void for_each_element(F &&f) const {
        int n = dimensions();
        int coords[max_buffer_dimensions + 1] = {};
        if constexpr (std::is_invocable_v<F &, const int *>) {
            visit_coordinates(coords, [&] { f(static_cast<const int *>(coords)); });
        } else {
            constexpr int arity = internal::int_arity<F &>();
            static_assert(arity >= 0, "for_each_element: f must take ints or const int *");
            if (arity != n) {
                throw RuntimeError("for_each_element: " + internal::buffer_label(name()) +
                                   " has " + std::to_string(n) +
                                   " dimensions, but the function takes " +
                                   std::to_string(arity) + " coordinates.");
            }
            visit_coordinates(coords, [&] {
                internal::call_with_coords(f, coords, std::make_index_sequence<arity>());
            });
        }
    }

    /// A new, owning, dense (dim 0 stride 1) buffer with the same mins and elements.
    Buffer copy() const {
        Buffer b = make_with_shape_of(*this, name());
        b.copy_from(*this);
        return b;
    }

    /// Copies the elements at coordinates both buffers contain; the types and the
    /// dimension counts must match.
    template <typename U>
    void copy_from(const Buffer<U> &other) {
        if (!defined() || !other.defined()) {
            throw RuntimeError("copy_from: both buffers must be defined.");
        }
        internal::check_host_current(other.contents_->raw, other.name(), "copy_from");
        begin_host_write("copy_from");
        internal::copy_buffer_region(contents_->raw, name(), other.contents_->raw, other.name());
    }

    // ---------------------------------------------------------------- views

    /// A view of coordinates min .. min + extent - 1 of dimension d.
    Buffer cropped(int d, int min, int extent) const {
        check_dim_index(d, "cropped");
        const weft_dimension_t &s = contents_->shape[d];
        if (extent < 0 || min < s.min || int64_t(min) + extent > int64_t(s.min) + s.extent) {
            throw RuntimeError("cropped: " + internal::buffer_label(name()) + " covers " +
                               std::to_string(s.min) + " to " +
                               std::to_string(s.min + s.extent - 1) + " in dimension " +
                               std::to_string(d) + "; cannot crop it to " + std::to_string(min) +
                               " to " + std::to_string(int64_t(min) + extent - 1) + ".");
        }
        Buffer b = view();
        b.contents_->raw.host += byte_offset(d, min - s.min);
        b.contents_->shape[d].min = min;
        b.contents_->shape[d].extent = extent;
        return b;
    }

    /// A view with dimensions d1 and d2 swapped.
    Buffer transposed(int d1, int d2) const {
        check_dim_index(d1, "transposed");
        check_dim_index(d2, "transposed");
        Buffer b = view();
        std::swap(b.contents_->shape[d1], b.contents_->shape[d2]);
        return b;
    }

    /// A view of the (dimensions() - 1)-D slice at coordinate `pos` of dimension d.
    Buffer sliced(int d, int pos) const {
        check_dim_index(d, "sliced");
        const weft_dimension_t &s = contents_->shape[d];
        if (pos < s.min || int64_t(pos) >= int64_t(s.min) + s.extent) {
            throw RuntimeError("sliced: " + internal::buffer_label(name()) + " covers " +
                               std::to_string(s.min) + " to " +
                               std::to_string(s.min + s.extent - 1) + " in dimension " +
                               std::to_string(d) + "; cannot slice at " + std::to_string(pos) +
                               ".");
        }
        Buffer b = view();
        b.contents_->raw.host += byte_offset(d, pos - s.min);
        int n = dimensions();
        std::copy(contents_->shape + d + 1, contents_->shape + n, b.contents_->shape + d);
        b.contents_->raw.dimensions = n - 1;
        return b;
    }

    // ---------------------------------------------------------------- device (CUDA)

    /// Allocates device memory if there is none and copies the elements to it when the
    /// host copy is newer (host_dirty) or the allocation is new; clears host_dirty.
    void copy_to_device(DeviceAPI api = DeviceAPI::CUDA) {
        internal::buffer_copy_to_device(defined_raw("copy_to_device"), name(), api);
    }
    /// The same, for the GPU API of a target ("host-cuda"; RuntimeError without one).
    void copy_to_device(const Target &t) {
        if (!t.has_gpu_feature()) {
            throw RuntimeError("copy_to_device: target \"" + t.to_string() + "\" of " +
                               internal::buffer_label(name()) +
                               " has no GPU API; use a target with cuda (\"host-cuda\").");
        }
        copy_to_device(DeviceAPI::CUDA);
    }
    /// Copies the elements back when the device copy is newer (device_dirty), and clears
    /// device_dirty; does nothing (and needs no driver) otherwise.
    void copy_to_host() const {
        internal::buffer_copy_to_host(defined_raw("copy_to_host"), name());
    }
    /// Allocates device memory (not initialized) if there is none.
    void device_malloc(DeviceAPI api = DeviceAPI::CUDA) {
        internal::buffer_device_malloc(defined_raw("device_malloc"), name(), api);
    }
    /// Returns the device allocation to weft's cache (or forgets wrapped memory); the
    /// device copy's data is lost, device_dirty is cleared.
    void device_free() {
        if (defined()) {
            internal::buffer_device_free(contents_->raw, name());
        }
    }
    /// Makes `device_address` (device memory you own: the element at the mins, laid out
    /// with this buffer's strides) the device copy; weft never frees it.
    void device_wrap_native(DeviceAPI api, uint64_t device_address) {
        internal::buffer_device_wrap_native(defined_raw("device_wrap_native"), name(), api,
                                            device_address);
    }
    /// Forgets the device memory given to device_wrap_native (it is not freed).
    void device_detach_native() {
        internal::buffer_device_detach_native(defined_raw("device_detach_native"), name());
    }
    /// Waits until the GPU work queued on weft's stream is done.
    void device_sync() const {
        internal::buffer_device_sync(defined_raw("device_sync"), name());
    }
    /// The device address of the element at the mins, or 0 without a device allocation.
    uint64_t device_ptr() const { return contents_ ? contents_->raw.device : 0; }
    bool has_device_allocation() const { return device_ptr() != 0; }
    /// The dirty bits: host_dirty means the host copy is newer, device_dirty the device
    /// copy. Setting one while the other is set throws.
    bool host_dirty() const {
        return contents_ && (contents_->raw.flags & weft_buffer_host_dirty);
    }
    bool device_dirty() const {
        return contents_ && (contents_->raw.flags & weft_buffer_device_dirty);
    }
    void set_host_dirty(bool dirty = true) {
        internal::buffer_set_dirty(defined_raw("set_host_dirty"), name(), weft_buffer_host_dirty,
                                   dirty);
    }
    void set_device_dirty(bool dirty = true) {
        internal::buffer_set_dirty(defined_raw("set_device_dirty"), name(),
                                   weft_buffer_device_dirty, dirty);
    }

    // ---------------------------------------------------------------- interop

    /// A row-major Eigen::Map of a 2-D buffer: M(i, j) == b(min0 + j, min1 + i).
    template <typename U = T>
        requires std::is_same_v<U, T> && typed
    internal::EigenMatrixMap<U> as_eigen_map() {
        return internal::eigen_matrix_map<U, false>(contents_->raw, name());
    }
    template <typename U = T>
        requires std::is_same_v<U, T> && typed
    internal::EigenMatrixMap<U, true> as_eigen_map() const {
        return internal::eigen_matrix_map<U, true>(contents_->raw, name());
    }

    /// An Eigen column-vector Map of a 1-D buffer: v(i) == b(min0 + i).
    template <typename U = T>
        requires std::is_same_v<U, T> && typed
    internal::EigenVectorMap<U> as_eigen_vector_map() {
        return internal::eigen_vector_map<U, false>(contents_->raw, name());
    }
    template <typename U = T>
        requires std::is_same_v<U, T> && typed
    internal::EigenVectorMap<U, true> as_eigen_vector_map() const {
        return internal::eigen_vector_map<U, true>(contents_->raw, name());
    }

    /// A DLPack tensor viewing this buffer (last axis = dim 0). Its deleter keeps this
    /// Buffer's memory alive until it is called; the consumer must call it once.
    DLManagedTensor *to_dlpack() const {
        return internal::export_dlpack(contents_->raw, name(), contents_);
    }

private:
    std::shared_ptr<internal::BufferContents> contents_;

    static std::shared_ptr<internal::BufferContents> new_contents(Type t,
                                                                  const std::string &name) {
        if constexpr (typed) {
            internal::check_element_type(type_of<Elem>(), t, name);
        }
        auto c = std::make_shared<internal::BufferContents>();
        c->raw.type = internal::raw_type_of(t.element_of());
        c->name = name;
        return c;
    }

    /// A new Buffer with a copy of this one's shape, sharing its (host) elements.
    Buffer view() const {
        internal::check_host_current(contents_->raw, name(),
                                     "a view (cropped, sliced, transposed)");
        Buffer b;
        auto c = std::make_shared<internal::BufferContents>();
        c->raw.host = contents_->raw.host;
        c->raw.type = contents_->raw.type;
        c->raw.dimensions = contents_->raw.dimensions;
        std::copy(contents_->shape, contents_->shape + dimensions(), c->shape);
        c->storage = contents_->storage;
        c->name = contents_->name;
        b.contents_ = std::move(c);
        return b;
    }

    /// The C description, or a RuntimeError naming `what` for an undefined Buffer.
    weft_buffer_t &defined_raw(const char *what) const {
        if (!contents_) {
            throw RuntimeError(std::string(what) +
                               ": the Buffer is undefined (default-constructed).");
        }
        return contents_->raw;
    }

    /// Before host code writes elements: refuses when the device copy is newer, and marks
    /// the host copy newer when there is a device copy.
    void begin_host_write(const char *what) {
        internal::check_host_current(contents_->raw, name(), what);
        if (contents_->raw.device) {
            weft_buffer_set_host_dirty(&contents_->raw, 1);
        }
    }

    int extent_or_one(int d) const { return d < dimensions() ? contents_->shape[d].extent : 1; }

    int64_t byte_offset(int d, int steps) const {
        return int64_t(steps) * contents_->shape[d].stride * type().bytes();
    }

    Elem *element_at(const int *coords, int n) const {
        int64_t offset = 0;
        for (int d = 0; d < n; d++) {
            const weft_dimension_t &s = contents_->shape[d];
            offset += int64_t(coords[d] - s.min) * s.stride;
        }
        return reinterpret_cast<Elem *>(contents_->raw.host) + offset;
    }

    void check_dim_index(int d, const char *what) const {
        if (d < 0 || d >= dimensions()) {
            throw RuntimeError(std::string(what) + ": " + internal::buffer_label(name()) +
                               " has no dimension " + std::to_string(d) + "; it has " +
                               std::to_string(dimensions()) + " (0 to " +
                               std::to_string(dimensions() - 1) + ").");
        }
    }

    /// Calls visit() once per element with `coords` holding its coordinates.
    template <typename V>
    void visit_coordinates(int *coords, V &&visit) const {
        int n = dimensions();
        for (int d = 0; d < n; d++) {
            if (contents_->shape[d].extent <= 0) {
                return;
            }
            coords[d] = contents_->shape[d].min;
        }
        if (n == 0) {
            visit();
            return;
        }
        const int x_min = contents_->shape[0].min, x_end = x_min + contents_->shape[0].extent;
        while (true) {
            for (coords[0] = x_min; coords[0] < x_end; coords[0]++) {
                visit();
            }
            int d = 1;
            for (; d < n; d++) {
                const weft_dimension_t &s = contents_->shape[d];
                if (++coords[d] < s.min + s.extent) {
                    break;
                }
                coords[d] = s.min;
            }
            if (d == n) {
                return;
            }
        }
    }
};

/// Buffer b(M) for an Eigen object M deduces Buffer<M's scalar type>.
template <typename E>
    requires internal::EigenDirectAccess<std::remove_cvref_t<E>>
Buffer(E &&, const std::string & = "") -> Buffer<typename std::remove_cvref_t<E>::Scalar>;

} // namespace weft

#endif
