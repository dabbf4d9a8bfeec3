#include "InjectHostDeviceCopies.h"

#include "Error.h"
#include "GPULoops.h"
#include "LowerUtil.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <set>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

/// The memory names a statement loads from and stores to.
struct Accesses {
    std::set<std::string> loads, stores;
};

Accesses accesses_of(const Stmt &s) {
    Accesses a;
    walk_exprs(s, [&](const Expr &e) {
        if (const Load *l = e.as<Load>()) {
            a.loads.insert(l->name);
        }
        return true;
    });
    walk_stmts(s, [&](const Stmt &st) {
        if (const Store *st_node = st.as<Store>()) {
            a.stores.insert(st_node->name);
        }
    });
    return a;
}

/// What kernels touch and what host code touches, and the allocations.
class Survey : public IRVisitor {
public:
    Accesses device, host;
    std::set<std::string> allocated_on_host, allocated_in_kernels;

    using IRVisitor::visit;
    void visit(const For *op) override {
        if (op->for_type != ForType::GPUBlock) {
            IRVisitor::visit(op);
            return;
        }
        Accesses a = accesses_of(Stmt(op));
        device.loads.insert(a.loads.begin(), a.loads.end());
        device.stores.insert(a.stores.begin(), a.stores.end());
        walk_stmts(Stmt(op), [&](const Stmt &st) {
            if (const Allocate *al = st.as<Allocate>()) {
                allocated_in_kernels.insert(al->name);
            }
        });
    }
    void visit(const Load *op) override {
        host.loads.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Store *op) override {
        host.stores.insert(op->name);
        IRVisitor::visit(op);
    }
    void visit(const Allocate *op) override {
        allocated_on_host.insert(op->name);
        IRVisitor::visit(op);
    }
};

Expr buffer_handle(const std::string &b) {
    return Variable::make(Handle(), b + ".buffer");
}

Stmt copy_to_host(const std::string &b) {
    return Evaluate::make(Call::make(Int(32), "weft_cuda_copy_to_host",
                                     {lowering::user_context(), buffer_handle(b)}, Call::Extern));
}

Stmt set_host_dirty(const std::string &b) {
    return Evaluate::make(Call::make(Int(32), "weft_buffer_set_host_dirty",
                                     {buffer_handle(b), make_const(Int(32), 1)}, Call::Extern));
}

class InjectCopies : public IRMutator {
public:
    explicit InjectCopies(std::set<std::string> shared) : shared_(std::move(shared)) {}
    using IRMutator::visit;

    Stmt visit(const For *op) override {
        if (op->for_type == ForType::GPUBlock) {
            return op;
        }
        if (contains_loop_of_type(Stmt(op), ForType::GPUBlock)) {
            return IRMutator::visit(op);
        }
        return wrap(Stmt(op));
    }
    Stmt visit(const Store *op) override { return wrap(Stmt(op)); }

private:
    Stmt wrap(const Stmt &s) {
        Accesses a = accesses_of(s);
        std::vector<Stmt> before, after;
        for (const std::string &b : shared_) {
            if (a.loads.count(b) || a.stores.count(b)) {
                before.push_back(copy_to_host(b));
            }
            if (a.stores.count(b)) {
                after.push_back(set_host_dirty(b));
            }
        }
        if (before.empty()) {
            return s;
        }
        before.push_back(s);
        before.insert(before.end(), after.begin(), after.end());
        return Block::make(before);
    }

    std::set<std::string> shared_;
};

} // namespace

Stmt inject_host_device_copies(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUBlock)) {
        return s;
    }
    Survey survey;
    survey.walk(s);
    std::set<std::string> device_touched = survey.device.loads;
    device_touched.insert(survey.device.stores.begin(), survey.device.stores.end());
    std::set<std::string> buffers_shared;
    for (const std::string &name : device_touched) {
        if (survey.allocated_in_kernels.count(name)) {
            continue;
        }
        const bool on_host = survey.host.loads.count(name) || survey.host.stores.count(name);
        if (survey.allocated_on_host.count(name)) {
            user_assert(!on_host)
                << "Func \"" << name << "\" is computed or used both by host code and by a GPU "
                << "kernel; weft keeps such intermediate Funcs in device memory only. Schedule "
                   "its producer and all its consumers with GPU loops (gpu_tile, gpu_blocks), "
                   "or compute it inside the kernel that uses it";
            continue;
        }
        if (on_host) {
            buffers_shared.insert(name);
        }
    }
    Stmt result = InjectCopies(buffers_shared).mutate(s);
    std::vector<Stmt> tail{result};
    for (const std::string &name : survey.device.stores) {
        if (!survey.allocated_on_host.count(name) && !survey.allocated_in_kernels.count(name)) {
            tail.push_back(copy_to_host(name));
        }
    }
    return Block::make(tail);
}

} // namespace weft::internal
