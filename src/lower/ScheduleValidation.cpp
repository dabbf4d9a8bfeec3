#include "ScheduleValidation.h"

#include "Error.h"
#include "StageLoopNest.h"
#include "analysis/Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <vector>

namespace weft::internal {

namespace {

/// A loop name `f.s<k>.<v>` read back as the Func, stage and loop the user scheduled.
struct UserLoop {
    std::string func, var;
    int stage = -1;
};

UserLoop user_loop(const std::string &loop, const std::map<std::string, Function> &env) {
    UserLoop best;
    size_t best_len = 0;
    for (const auto &[name, f] : env) {
        for (int k = 0; k < f.stages(); k++) {
            std::string prefix = stage_prefix(name, k);
            if (loop.size() > prefix.size() && loop.compare(0, prefix.size(), prefix) == 0 &&
                prefix.size() > best_len) {
                best = {name, loop.substr(prefix.size()), k};
                best_len = prefix.size();
            }
        }
    }
    if (best_len == 0) {
        best.var = loop; // not a stage loop (should not happen); report it as it is
    }
    return best;
}

std::string stage_label(const UserLoop &l) {
    std::string label = "Func \"" + l.func + "\"";
    if (l.stage > 0) {
        label += " update " + std::to_string(l.stage - 1);
    }
    return label;
}

class CheckLoopExtents : public IRVisitor {
public:
    explicit CheckLoopExtents(const std::map<std::string, Function> &env) : env_(env) {}

    using IRVisitor::visit;
    void visit(const For *op) override {
        bool checked = op->for_type == ForType::Unrolled ||
                       (op->for_type == ForType::Vectorized && !uses_unrolled_var(op->extent));
        if (checked) {
            check(op);
        }
        if (op->for_type == ForType::Unrolled) {
            unrolled_.push_back(op->name);
        }
        IRVisitor::visit(op);
        if (op->for_type == ForType::Unrolled) {
            unrolled_.pop_back();
        }
    }

private:
    bool uses_unrolled_var(const Expr &e) const {
        for (const std::string &v : unrolled_) {
            if (expr_uses_var(e, v)) {
                return true;
            }
        }
        return false;
    }

    void check(const For *op) const {
        Expr extent = simplify(op->extent);
        if (as_const_int(extent)) {
            return;
        }
        bool vector = op->for_type == ForType::Vectorized;
        const char *directive = vector ? "vectorize" : "unroll";
        UserLoop l = user_loop(op->name, env_);
        user_error << directive << ": " << stage_label(l) << " " << (vector ? "vectorizes" : "unrolls")
                   << " loop \"" << l.var << "\", whose extent is not a constant (it is "
                   << extent << "); " << directive << " needs a constant number of iterations. Use "
                   << directive << "(" << l.var << ", factor) to split it by a constant factor"
                   << (l.stage == 0 ? ", or bound(" + l.var + ", min, extent) with a constant extent"
                                    : std::string())
                   << ".";
    }

    const std::map<std::string, Function> &env_;
    std::vector<std::string> unrolled_;
};

} // namespace

Stmt validate_loop_extents(const Stmt &s, const std::map<std::string, Function> &env) {
    CheckLoopExtents check(env);
    check.walk(s);
    return s;
}

} // namespace weft::internal
