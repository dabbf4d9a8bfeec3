#include "PrintLoopNest.h"

#include "BoundsInference.h"
#include "RealizationOrder.h"
#include "ScheduleFunctions.h"
#include "SlidingWindow.h"
#include "StorageFolding.h"
#include "analysis/Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <map>
#include <sstream>

namespace weft::internal {

namespace {

class NestPrinter : public IRVisitor {
public:
    explicit NestPrinter(const std::map<std::string, Function> &env) : env_(env) {}
    std::ostringstream out;
    std::vector<SlidDimension> slid;
    std::vector<FoldedDimension> folded;

    using IRVisitor::visit;
    void visit(const For *op) override {
        line() << weft::to_string(op->for_type) << " " << var_name(op->name);
        auto mn = as_const_int(op->min);
        auto ext = as_const_int(op->extent);
        if (mn && ext) {
            out << " in [" << *mn << ", " << *mn + *ext - 1 << "]";
        }
        out << ":\n";
        nested(op->body);
    }
    void visit(const ProducerConsumer *op) override {
        line() << (op->is_producer ? "produce " : "consume ") << op->name << ":\n";
        nested(op->body);
    }
    void visit(const Realize *op) override {
        line() << "store " << op->name << storage_notes(op->name) << ":\n";
        nested(op->body);
    }
    void visit(const Provide *op) override { line() << op->name << "(...) = ...\n"; }
    void visit(const LetStmt *op) override { walk(op->body); }
    void visit(const AssertStmt *) override {}
    void visit(const IfThenElse *op) override {
        walk(op->then_case);
        if (op->else_case.defined()) {
            walk(op->else_case);
        }
    }

private:
    std::ostringstream &line() {
        out << std::string(2 * depth_, ' ');
        return out;
    }
    void nested(const Stmt &s) {
        depth_++;
        walk(s);
        depth_--;
    }
    /// " (sliding over y, folded y: 4)": what sliding_window and storage_folding did to
    /// the storage of `func`, or nothing.
    std::string storage_notes(const std::string &func) const {
        std::string notes;
        for (const SlidDimension &d : slid) {
            if (d.func == func) {
                notes +=
                    (notes.empty() ? "" : ", ") + std::string("sliding over ") + var_name(d.loop);
            }
        }
        for (const FoldedDimension &d : folded) {
            if (d.func == func) {
                notes += (notes.empty() ? "" : ", ") + std::string("folded ") + d.dim + ": " +
                         std::to_string(d.factor);
            }
        }
        return notes.empty() ? notes : " (" + notes + ")";
    }
    /// "f.s0.xo" -> "xo": the loop's Var as the user wrote it.
    std::string var_name(const std::string &loop) const {
        for (const auto &[name, f] : env_) {
            std::string prefix = name + ".s";
            if (loop.rfind(prefix, 0) != 0) {
                continue;
            }
            size_t dot = loop.find('.', prefix.size());
            if (dot != std::string::npos) {
                return loop.substr(dot + 1);
            }
        }
        return loop;
    }

    const std::map<std::string, Function> &env_;
    int depth_ = 0;
};

} // namespace

std::string print_loop_nest(const std::vector<Function> &outputs, const Target &target) {
    std::map<std::string, Function> env = find_functions(outputs);
    std::vector<std::string> order = realization_order(outputs, env);
    Stmt s = schedule_functions(outputs, order, env);
    NestPrinter printer(env);
    s = sliding_window(bounds_inference(s, outputs, order, env), env, &printer.slid);
    s = storage_folding(simplify(s), env, &printer.folded);
    printer.walk(s);
    return printer.out.str();
}

} // namespace weft::internal
