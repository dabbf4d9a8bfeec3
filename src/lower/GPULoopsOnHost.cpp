#include "GPULoopsOnHost.h"

#include "GPULoops.h"
#include "ir/IRMutator.h"

namespace weft::internal {

namespace {

class GPULoopsToHost : public IRMutator {
    using IRMutator::visit;

    Stmt visit(const For *op) override {
        Stmt body = mutate(op->body);
        const bool gpu = op->for_type == ForType::GPUBlock || op->for_type == ForType::GPUThread;
        if (!gpu && op->device_api == DeviceAPI::Host && body.same_as(op->body)) {
            return op;
        }
        ForType t = gpu ? ForType::Serial : op->for_type;
        return For::make(op->name, op->min, op->extent, t, DeviceAPI::Host, body);
    }
};

} // namespace

Stmt gpu_loops_to_host(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUBlock) &&
        !contains_loop_of_type(s, ForType::GPUThread)) {
        return s;
    }
    return GPULoopsToHost().mutate(s);
}

} // namespace weft::internal
