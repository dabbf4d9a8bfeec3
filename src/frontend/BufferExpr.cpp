// buffer_access (weft/BufferExpr.h): a Buffer read inside a definition becomes a
// Call::Image on a buffer Parameter bound to that Buffer.
//
// One Parameter per Buffer: a registry maps each Buffer's weft_buffer_t (its address
// is stable for the Buffer's life) to its Parameter. The registry holds the Parameter,
// and the Parameter holds a copy of the Buffer, so an entry stays valid until no
// expression refers to the Parameter any more; such entries are dropped on the next
// call (the registry then holds the last reference).

#include "weft/BufferExpr.h"

#include "Error.h"
#include "ImageCall.h"
#include "UniqueName.h"
#include "ir/IR.h"
#include "weft/Buffer.h"

#include <map>
#include <mutex>

namespace weft {

using namespace internal;

namespace {

class BufferParameters {
public:
    Parameter get(const Buffer<void> &b) {
        std::lock_guard<std::mutex> lock(mutex_);
        drop_unused();
        weft_buffer_t *raw = b.raw_buffer();
        auto it = params_.find(raw);
        if (it != params_.end()) {
            return it->second;
        }
        std::string name = b.name().empty() ? unique_name("b") : b.name();
        Parameter p(b.type().element_of(), b.dimensions(), name);
        p.set_buffer(raw, std::make_shared<Buffer<void>>(b));
        params_.emplace(raw, p);
        return p;
    }

private:
    void drop_unused() {
        for (auto it = params_.begin(); it != params_.end();) {
            bool only_here = it->second.get()->ref_count.load(std::memory_order_acquire) == 1;
            it = only_here ? params_.erase(it) : std::next(it);
        }
    }

    std::mutex mutex_;
    std::map<const weft_buffer_t *, Parameter> params_;
};

BufferParameters &buffer_parameters() {
    // Built on first use and never destroyed: Parameters may outlive static teardown.
    static BufferParameters *registry = new BufferParameters;
    return *registry;
}

} // namespace

Expr buffer_access(const Buffer<void> &b, const std::vector<Expr> &coords) {
    user_assert(b.defined()) << "An undefined Buffer" << (b.name().empty() ? "" : " \"" + b.name() + "\"")
                             << " was read in a definition; give it a shape first";
    Parameter p = buffer_parameters().get(b);
    return image_call(p, buffer_label(b.name()), coords);
}

} // namespace weft
