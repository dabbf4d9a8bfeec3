#include "UnrollLoops.h"

#include "Debug.h"
#include "Error.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"

#include <vector>

namespace weft::internal {

namespace {

/// The schedule's name for a loop: the last component of "f.s0.x.xi".
std::string short_loop_name(const std::string &loop) {
    size_t dot = loop.rfind('.');
    return dot == std::string::npos ? loop : loop.substr(dot + 1);
}

class UnrollLoops : public IRMutator {
    using IRMutator::visit;

    Stmt visit(const For *op) override {
        if (op->for_type != ForType::Unrolled) {
            return IRMutator::visit(op);
        }
        Stmt body = mutate(op->body);
        Expr extent = simplify(op->extent);
        std::optional<int64_t> n = as_const_int(extent);
        user_assert(n.has_value())
            << "Can only unroll a loop of constant extent; loop \"" << op->name
            << "\" has extent " << extent << ". Use unroll(" << short_loop_name(op->name)
            << ", factor) to split it first";
        debug(3) << "unroll_loops: " << op->name << " x " << *n << "\n";
        std::vector<Stmt> copies;
        for (int64_t i = 0; i < *n; i++) {
            Expr value = simplify(Add::make(op->min, make_const(op->min.type(), i)));
            copies.push_back(substitute(op->name, value, body));
        }
        if (copies.empty()) {
            return make_no_op();
        }
        return Block::make(copies);
    }
};

} // namespace

Stmt unroll_loops(const Stmt &s) { return UnrollLoops().mutate(s); }

} // namespace weft::internal
