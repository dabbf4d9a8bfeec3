#include "FuseGPUThreadLoops.h"

#include "GPULoops.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <string>
#include <vector>

namespace weft::internal {

namespace {

bool has_thread_loop(const Stmt &s) {
    return contains_loop_of_type(s, ForType::GPUThread);
}

bool stores_memory(const Stmt &s) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) { found = found || st.as<Store>() != nullptr; });
    return found;
}

/// Rewrites the block level of one kernel (the body of its innermost block loop).
class BlockLevel {
public:
    explicit BlockLevel(const std::string &kernel) : kernel_(kernel) {}

    Stmt rewrite(const Stmt &s) {
        if (!s.defined()) {
            return s;
        }
        if (!has_thread_loop(s)) {
            if (!stores_memory(s)) {
                return s;
            }
            std::string name = kernel_ + ".__single_thread." + std::to_string(count_++);
            return For::make(name, make_const(Int(32), 0), make_const(Int(32), 1),
                             ForType::GPUThread, DeviceAPI::CUDA, s);
        }
        if (const For *f = s.as<For>()) {
            if (f->for_type == ForType::GPUThread) {
                return s;
            }
            Stmt body = Block::make(rewrite(f->body), gpu_thread_barrier());
            return For::make(f->name, f->min, f->extent, f->for_type, f->device_api, body);
        }
        if (const Block *b = s.as<Block>()) {
            return rewrite_sequence(b);
        }
        if (const LetStmt *l = s.as<LetStmt>()) {
            return LetStmt::make(l->name, l->value, rewrite(l->body));
        }
        if (const Allocate *a = s.as<Allocate>()) {
            return Allocate::make(a->name, a->type, a->memory_type, a->extents, a->condition,
                                  rewrite(a->body));
        }
        if (const ProducerConsumer *pc = s.as<ProducerConsumer>()) {
            return ProducerConsumer::make(pc->name, pc->is_producer, rewrite(pc->body));
        }
        if (const IfThenElse *i = s.as<IfThenElse>()) {
            return IfThenElse::make(i->condition, rewrite(i->then_case), rewrite(i->else_case));
        }
        return s;
    }

private:
    Stmt rewrite_sequence(const Block *b) {
        std::vector<Stmt> parts;
        flatten(b, parts);
        std::vector<Stmt> out;
        for (size_t i = 0; i < parts.size(); i++) {
            Stmt p = rewrite(parts[i]);
            out.push_back(p);
            if (i + 1 < parts.size() && has_thread_loop(p)) {
                out.push_back(gpu_thread_barrier());
            }
        }
        return Block::make(out);
    }

    static void flatten(const Stmt &s, std::vector<Stmt> &out) {
        if (const Block *b = s.as<Block>()) {
            flatten(b->first, out);
            flatten(b->rest, out);
            return;
        }
        if (s.defined()) {
            out.push_back(s);
        }
    }

    std::string kernel_;
    int count_ = 0;
};

class FuseThreadLoops : public IRMutator {
public:
    using IRMutator::mutate;

    Stmt mutate(const Stmt &s) override {
        const For *f = s.as<For>();
        if (!f || f->for_type != ForType::GPUBlock || gpu_loop_dimension(f) != 0) {
            return IRMutator::mutate(s);
        }
        // The innermost block loop: its body is the block level.
        Stmt body = BlockLevel(f->name).rewrite(f->body);
        return For::make(f->name, f->min, f->extent, f->for_type, f->device_api, body);
    }
};

} // namespace

Stmt fuse_gpu_thread_loops(const Stmt &s) {
    if (!contains_loop_of_type(s, ForType::GPUBlock)) {
        return s;
    }
    return FuseThreadLoops().mutate(s);
}

} // namespace weft::internal
