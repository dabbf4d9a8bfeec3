#include "StorageFlattening.h"

#include "Error.h"
#include "LowerUtil.h"
#include "ir/IRMutator.h"

namespace weft::internal {

namespace {

using namespace lowering;

Expr flat_index(const std::string &name, const std::vector<Expr> &args) {
    Expr index;
    for (size_t i = 0; i < args.size(); i++) {
        int d = static_cast<int>(i);
        Expr term = mul(sub(args[i], var(buffer_field(name, "min", d))),
                        var(buffer_field(name, "stride", d)));
        index = index.defined() ? add(index, term) : term;
    }
    return index.defined() ? index : i32(0);
}

class FlattenStorage : public IRMutator {
public:
    using IRMutator::visit;

    Stmt visit(const Realize *op) override {
        user_assert(op->types.size() == 1)
            << "Func \"" << op->name << "\" has " << op->types.size()
            << " values (a Tuple); Tuples are not supported by storage flattening yet.";
        Stmt body = mutate(op->body);
        std::vector<Expr> extents;
        for (size_t i = 0; i < op->bounds.size(); i++) {
            extents.push_back(var(buffer_field(op->name, "extent", static_cast<int>(i))));
        }
        body =
            Allocate::make(op->name, op->types[0], op->memory_type, extents, op->condition, body);
        for (int i = static_cast<int>(op->bounds.size()) - 1; i >= 0; i--) {
            Expr stride = i == 0 ? i32(1)
                                 : mul(var(buffer_field(op->name, "stride", i - 1)),
                                       var(buffer_field(op->name, "extent", i - 1)));
            body = LetStmt::make(buffer_field(op->name, "stride", i), stride, body);
        }
        for (int i = static_cast<int>(op->bounds.size()) - 1; i >= 0; i--) {
            body = LetStmt::make(buffer_field(op->name, "extent", i), op->bounds[i].extent, body);
            body = LetStmt::make(buffer_field(op->name, "min", i), op->bounds[i].min, body);
        }
        return body;
    }

    Stmt visit(const Provide *op) override {
        user_assert(op->values.size() == 1)
            << "Func \"" << op->name << "\" has " << op->values.size()
            << " values (a Tuple); Tuples are not supported by storage flattening yet.";
        std::vector<Expr> args;
        mutate_all(op->args, args);
        Expr value = mutate(op->values[0]);
        Stmt store = Store::make(op->name, value, flat_index(op->name, args));
        if (op->predicate.defined()) {
            return IfThenElse::make(mutate(op->predicate), store);
        }
        return store;
    }

    Expr visit(const Call *op) override {
        if (op->call_type != Call::Func && op->call_type != Call::Image) {
            return IRMutator::visit(op);
        }
        std::vector<Expr> args;
        mutate_all(op->args, args);
        if (op->call_type == Call::Image) {
            const std::string &name = op->param.name();
            return Load::make(op->type, name, flat_index(name, args), Expr(), op->param);
        }
        return Load::make(op->type, op->name, flat_index(op->name, args));
    }
};

} // namespace

Stmt storage_flattening(const Stmt &s) {
    return FlattenStorage().mutate(s);
}

} // namespace weft::internal
