#include "GPULoopChecks.h"

#include "Error.h"
#include "GPULoops.h"
#include "analysis/Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

const char *dim_name(int d) {
    return d == 0 ? "x" : d == 1 ? "y" : "z";
}

class CheckGPULoops : public IRVisitor {
public:
    using IRVisitor::visit;

    void visit(const For *op) override {
        if (op->for_type == ForType::GPUBlock) {
            visit_block_loop(op);
            return;
        }
        if (op->for_type == ForType::GPUThread) {
            visit_thread_loop(op);
            return;
        }
        user_assert(op->for_type != ForType::Parallel || blocks_.empty())
            << "Func \"" << func_of_loop(op->name) << "\": the parallel loop \"" << op->name
            << "\" is inside the GPU kernel of loop \"" << blocks_.front()
            << "\"; inside a kernel use gpu_threads (or a serial loop) instead of parallel";
        IRVisitor::visit(op);
    }

private:
    void visit_block_loop(const For *op) {
        user_assert(threads_.empty())
            << "Func \"" << func_of_loop(op->name) << "\": the gpu_blocks loop \"" << op->name
            << "\" is inside the gpu_threads loop \"" << threads_.back()
            << "\"; block loops must be outside every thread loop of a kernel";
        const int dims = gpu_loop_dimension(op) + 1 + int(blocks_.size());
        user_assert(dims <= 3) << "Func \"" << func_of_loop(op->name) << "\": the kernel of loop \""
                               << (blocks_.empty() ? op->name : blocks_.front()) << "\" has "
                               << dims
                               << " nested gpu_blocks loops; a GPU launch has at most 3 block "
                                  "dimensions (x, y, z). Fuse loops or keep some serial";
        const bool outermost = blocks_.empty();
        if (outermost) {
            max_threads_ = {1, 1, 1};
        }
        blocks_.push_back(op->name);
        IRVisitor::visit(op);
        blocks_.pop_back();
        if (outermost) {
            check_threads_per_block(op);
        }
    }

    void visit_thread_loop(const For *op) {
        user_assert(!blocks_.empty())
            << "Func \"" << func_of_loop(op->name) << "\": the gpu_threads loop \"" << op->name
            << "\" is not inside a gpu_blocks loop; thread loops must be nested in the block "
               "loops of a kernel (use gpu_tile, or gpu_blocks on an outer loop)";
        const int dim = gpu_loop_dimension(op);
        user_assert(dim + 1 + int(threads_.size()) <= 3)
            << "Func \"" << func_of_loop(op->name) << "\": the gpu_threads loop \"" << op->name
            << "\" makes " << dim + 1 + threads_.size()
            << " nested thread loops; a block has at most 3 thread dimensions (x, y, z)";
        Expr extent = simplify(op->extent);
        std::optional<int64_t> n = as_const_int(extent);
        user_assert(n.has_value())
            << "Func \"" << func_of_loop(op->name) << "\": the gpu_threads loop \"" << op->name
            << "\" has the extent " << extent
            << ", which is not a constant; thread loops need a constant extent (split the "
               "loop by a constant, e.g. gpu_tile(x, xo, xi, 16), or bound() the Var)";
        max_threads_[dim] = std::max(max_threads_[dim], *n);
        extents_by_dim_[dim] = op->name;
        threads_.push_back(op->name);
        IRVisitor::visit(op);
        threads_.pop_back();
    }

    void check_threads_per_block(const For *kernel) {
        const int64_t total = max_threads_[0] * max_threads_[1] * max_threads_[2];
        const std::array<int64_t, 3> limits = {1024, 1024, 64};
        for (int d = 0; d < 3; d++) {
            user_assert(max_threads_[d] <= limits[d])
                << "Func \"" << func_of_loop(kernel->name) << "\": the kernel of loop \""
                << kernel->name << "\" has " << max_threads_[d] << " threads in dimension "
                << dim_name(d) << " (loop \"" << extents_by_dim_[d]
                << "\"); CUDA allows at most " << limits[d];
        }
        user_assert(total <= max_gpu_threads_per_block)
            << "Func \"" << func_of_loop(kernel->name) << "\": the kernel of loop \""
            << kernel->name << "\" has " << total << " threads per block (" << max_threads_[0]
            << " x " << max_threads_[1] << " x " << max_threads_[2]
            << "); CUDA allows at most 1024. Use smaller gpu_threads extents";
    }

    std::vector<std::string> blocks_, threads_;
    std::array<int64_t, 3> max_threads_ = {1, 1, 1};
    std::array<std::string, 3> extents_by_dim_;
};

} // namespace

Stmt check_gpu_loops(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUBlock) &&
        !contains_loop_of_type(s, ForType::GPUThread)) {
        return s;
    }
    CheckGPULoops().walk(s);
    return s;
}

} // namespace weft::internal
