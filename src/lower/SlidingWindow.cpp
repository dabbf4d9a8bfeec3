#include "SlidingWindow.h"

#include "Debug.h"
#include "Error.h"
#include "LowerUtil.h"
#include "StageLoopNest.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <optional>

namespace weft::internal {

namespace {

using namespace lowering;

Monotonic flip(Monotonic m) {
    switch (m) {
    case Monotonic::Increasing:
        return Monotonic::Decreasing;
    case Monotonic::Decreasing:
        return Monotonic::Increasing;
    case Monotonic::Constant:
    case Monotonic::Unknown:
        return m;
    }
    return m;
}

/// The monotonicity of a sum of terms with monotonicities a and b.
Monotonic unify(Monotonic a, Monotonic b) {
    if (a == Monotonic::Constant) {
        return b;
    }
    if (b == Monotonic::Constant || a == b) {
        return a;
    }
    return Monotonic::Unknown;
}

bool rises(Monotonic m) {
    return m == Monotonic::Increasing || m == Monotonic::Constant;
}
bool falls(Monotonic m) {
    return m == Monotonic::Decreasing || m == Monotonic::Constant;
}

class MonotonicOf {
public:
    explicit MonotonicOf(const std::string &var) : var_(var) {}

    Monotonic of(const Expr &e) const {
        if (!expr_uses_var(e, var_)) {
            return Monotonic::Constant;
        }
        if (const Variable *v = e.as<Variable>()) {
            return v->name == var_ ? Monotonic::Increasing : Monotonic::Constant;
        }
        if (const Add *op = e.as<Add>()) {
            return unify(of(op->a), of(op->b));
        }
        if (const Sub *op = e.as<Sub>()) {
            return unify(of(op->a), flip(of(op->b)));
        }
        if (const Mul *op = e.as<Mul>()) {
            return scaled(op->a, op->b);
        }
        if (const Div *op = e.as<Div>()) {
            return divided(op);
        }
        if (const Min *op = e.as<Min>()) {
            return unify(of(op->a), of(op->b));
        }
        if (const Max *op = e.as<Max>()) {
            return unify(of(op->a), of(op->b));
        }
        if (const Cast *op = e.as<Cast>()) {
            return widening(op) ? of(op->value) : Monotonic::Unknown;
        }
        if (const Select *op = e.as<Select>()) {
            return selected(op);
        }
        if (const Let *op = e.as<Let>()) {
            return of(substitute(op->name, op->value, op->body));
        }
        if (const Call *op = e.as<Call>()) {
            return op->is_intrinsic(Call::likely) ? of(op->args[0]) : Monotonic::Unknown;
        }
        return comparison(e);
    }

private:
    /// a * b with one side constant.
    Monotonic scaled(const Expr &a, const Expr &b) const {
        if (auto c = as_const_int(b)) {
            return *c == 0 ? Monotonic::Constant : *c > 0 ? of(a) : flip(of(a));
        }
        if (auto c = as_const_int(a)) {
            return *c == 0 ? Monotonic::Constant : *c > 0 ? of(b) : flip(of(b));
        }
        return Monotonic::Unknown;
    }

    Monotonic divided(const Div *op) const {
        auto c = as_const_int(op->b);
        if (!c || *c == 0 || !op->type.is_int()) {
            return Monotonic::Unknown;
        }
        return *c > 0 ? of(op->a) : flip(of(op->a));
    }

    static bool widening(const Cast *op) {
        Type from = op->value.type(), to = op->type;
        return (from.is_int() || from.is_uint()) && to.is_int() && to.bits > from.bits;
    }

    /// Bool-valued nodes: Increasing when they can only switch from false to true.
    Monotonic comparison(const Expr &e) const {
        if (const LT *op = e.as<LT>()) {
            return unify(of(op->b), flip(of(op->a)));
        }
        if (const LE *op = e.as<LE>()) {
            return unify(of(op->b), flip(of(op->a)));
        }
        if (const GT *op = e.as<GT>()) {
            return unify(of(op->a), flip(of(op->b)));
        }
        if (const GE *op = e.as<GE>()) {
            return unify(of(op->a), flip(of(op->b)));
        }
        if (const And *op = e.as<And>()) {
            return unify(of(op->a), of(op->b));
        }
        if (const Or *op = e.as<Or>()) {
            return unify(of(op->a), of(op->b));
        }
        if (const Not *op = e.as<Not>()) {
            return flip(of(op->a));
        }
        return Monotonic::Unknown;
    }

    /// select(c, t, f): each branch monotonic one way, and the switch between them (at
    /// most once, as c is monotonic) goes the same way.
    Monotonic selected(const Select *op) const {
        Monotonic cond = of(op->condition);
        Monotonic branches = unify(of(op->true_value), of(op->false_value));
        if (cond == Monotonic::Constant || branches == Monotonic::Unknown ||
            cond == Monotonic::Unknown) {
            return cond == Monotonic::Constant ? branches : Monotonic::Unknown;
        }
        // The value before and after the switch.
        const Expr &before = cond == Monotonic::Increasing ? op->false_value : op->true_value;
        const Expr &after = cond == Monotonic::Increasing ? op->true_value : op->false_value;
        if (rises(branches) && can_prove(GE::make(after, before))) {
            return Monotonic::Increasing;
        }
        if (falls(branches) && can_prove(LE::make(after, before))) {
            return Monotonic::Decreasing;
        }
        return Monotonic::Unknown;
    }

    const std::string &var_;
};

/// A node on the way from a Realize down to the produce node of its Func.
struct PathStep {
    const For *loop = nullptr;
    const LetStmt *let = nullptr;
    bool is_if = false;
};

/// The For, LetStmt and IfThenElse nodes enclosing the produce node of `func`.
class FindProducePath : public IRVisitor {
public:
    explicit FindProducePath(const std::string &func) : func_(func) {}
    std::vector<PathStep> path;
    bool found = false;

    using IRVisitor::visit;
    void visit(const ProducerConsumer *op) override {
        if (found) {
            return;
        }
        if (op->is_producer && op->name == func_) {
            found = true;
            path = stack_;
            return;
        }
        IRVisitor::visit(op);
    }
    void visit(const For *op) override { within({op, nullptr, false}, op->body); }
    void visit(const LetStmt *op) override { within({nullptr, op, false}, op->body); }
    void visit(const IfThenElse *op) override {
        within({nullptr, nullptr, true}, op->then_case);
        if (op->else_case.defined()) {
            within({nullptr, nullptr, true}, op->else_case);
        }
    }

private:
    void within(PathStep step, const Stmt &body) {
        if (found) {
            return;
        }
        stack_.push_back(step);
        walk(body);
        stack_.pop_back();
    }

    const std::string &func_;
    std::vector<PathStep> stack_;
};

/// Replaces the value of the (uniquely named) LetStmt `name`.
Stmt replace_let_value(const Stmt &s, const std::string &name, const Expr &value) {
    class Replacer : public IRMutator {
    public:
        Replacer(const std::string &n, const Expr &v) : name_(n), value_(v) {}
        using IRMutator::visit;
        Stmt visit(const LetStmt *op) override {
            if (op->name == name_) {
                return LetStmt::make(op->name, value_, op->body);
            }
            return IRMutator::visit(op);
        }

    private:
        const std::string &name_;
        const Expr &value_;
    };
    return Replacer(name, value).mutate(s);
}

bool has_round_up_split(const Definition &d) {
    for (const Split &s : d.schedule.splits) {
        if (s.kind == Split::Kind::SplitVar && s.tail == TailStrategy::RoundUp) {
            return true;
        }
    }
    for (const Specialization &spec : d.specializations) {
        if (spec.definition && has_round_up_split(*spec.definition)) {
            return true;
        }
    }
    return false;
}

/// Slides one Func over the loops between its Realize and its produce node.
class SlideFunction {
public:
    SlideFunction(const Function &f, std::vector<SlidDimension> *slid) : f_(f), slid_(slid) {}

    Stmt run(Stmt body) {
        std::vector<std::string> loops;
        for (const PathStep &step : path_to_produce(body)) {
            if (step.loop) {
                loops.push_back(step.loop->name);
            }
        }
        for (const std::string &loop : loops) {
            body = slide_over(body, loop);
        }
        return body;
    }

private:
    std::vector<PathStep> path_to_produce(const Stmt &body) const {
        FindProducePath finder(f_.name());
        finder.walk(body);
        return finder.path;
    }

    /// `e` with the lets of path[from, to) substituted (innermost first).
    static Expr expand(Expr e, const std::vector<PathStep> &path, size_t from, size_t to) {
        for (size_t k = to; k > from; k--) {
            const LetStmt *l = path[k - 1].let;
            if (l && expr_uses_var(e, l->name)) {
                e = substitute(l->name, l->value, e);
            }
        }
        return simplify(e);
    }

    static std::optional<size_t> find_let(const std::vector<PathStep> &path, size_t from,
                                          const std::string &name) {
        for (size_t k = from; k < path.size(); k++) {
            if (path[k].let && path[k].let->name == name) {
                return k;
            }
        }
        return std::nullopt;
    }

    /// The loops and conditions between path[at] (the loop L) and the produce node
    /// allow sliding over L.
    static bool inner_steps_allow(const std::vector<PathStep> &path, size_t at) {
        const std::string &l = path[at].loop->name;
        for (size_t k = at + 1; k < path.size(); k++) {
            if (path[k].is_if) {
                return false;
            }
            const For *inner = path[k].loop;
            if (!inner) {
                continue;
            }
            bool plain = inner->for_type == ForType::Serial ||
                         inner->for_type == ForType::Unrolled ||
                         inner->for_type == ForType::Parallel;
            if (!plain || expr_uses_var(expand(inner->min, path, at + 1, k), l) ||
                expr_uses_var(expand(inner->extent, path, at + 1, k), l)) {
                return false;
            }
        }
        return true;
    }

    struct DimBounds {
        size_t min_at, max_at; // indices of the lets in the path
        Expr min, max;         // expanded down to L
    };

    Stmt slide_over(const Stmt &body, const std::string &loop_name) {
        std::vector<PathStep> path = path_to_produce(body);
        size_t at = 0;
        while (at < path.size() && !(path[at].loop && path[at].loop->name == loop_name)) {
            at++;
        }
        internal_assert(at < path.size()) << "sliding_window: lost loop " << loop_name;
        const For *loop = path[at].loop;
        if ((loop->for_type != ForType::Serial && loop->for_type != ForType::Unrolled) ||
            !inner_steps_allow(path, at)) {
            return body;
        }
        std::string prefix = stage_prefix(f_.name(), 0);
        std::vector<DimBounds> dims;
        std::vector<int> moving;
        for (int i = 0; i < f_.dimensions(); i++) {
            auto mn = find_let(path, at + 1, prefix + f_.args()[i] + ".min");
            auto mx = find_let(path, at + 1, prefix + f_.args()[i] + ".max");
            if (!mn || !mx) {
                debug(3) << "sliding_window: no bounds of " << f_.name() << " inside " << loop_name
                         << "\n";
                return body;
            }
            DimBounds d{*mn, *mx, expand(path[*mn].let->value, path, at + 1, *mn),
                        expand(path[*mx].let->value, path, at + 1, *mx)};
            if (expr_uses_var(d.min, loop_name) || expr_uses_var(d.max, loop_name)) {
                moving.push_back(i);
            }
            dims.push_back(d);
        }
        if (moving.size() != 1) {
            debug(3) << "sliding_window: " << f_.name() << " moves in " << moving.size()
                     << " dimensions over " << loop_name << "\n";
            return body;
        }
        // The previous iteration of L computed the rows this one reuses only if the
        // window does not also move with a loop inside L: otherwise the "previous"
        // produce was at another inner iteration, with another window.
        const DimBounds &d = dims[moving[0]];
        for (size_t k = at + 1; k < path.size(); k++) {
            const For *inner = path[k].loop;
            if (inner && (expr_uses_var(d.min, inner->name) || expr_uses_var(d.max, inner->name))) {
                debug(3) << "sliding_window: window of " << f_.name() << " also moves with "
                         << inner->name << " inside " << loop_name << "\n";
                return body;
            }
        }
        return slide_dimension(body, path, at, moving[0], dims[moving[0]]);
    }

    Stmt slide_dimension(const Stmt &body, const std::vector<PathStep> &path, size_t at, int dim,
                         const DimBounds &d) {
        const For *loop = path[at].loop;
        const std::string &name = loop->name;
        Monotonic lo = is_monotonic(d.min, name), hi = is_monotonic(d.max, name);
        bool up = rises(lo) && rises(hi), down = falls(lo) && falls(hi);
        if (!up && !down) {
            debug(3) << "sliding_window: region of " << f_.name() << " is not monotonic in " << name
                     << "\n";
            return body;
        }
        Expr l = var(name);
        Expr prev = sub(var(name), 1);
        Expr first = LE::make(l, loop->min);
        Stmt result;
        if (up) {
            Expr prev_max = simplify(substitute(name, prev, d.max));
            if (can_prove(LE::make(add(prev_max, 1), d.min))) {
                return body; // no overlap: nothing to reuse
            }
            const LetStmt *let = path[d.min_at].let;
            Expr new_min = Select::make(first, let->value, max(let->value, add(prev_max, 1)));
            result = replace_let_value(body, let->name, new_min);
        } else {
            Expr prev_min = simplify(substitute(name, prev, d.min));
            if (can_prove(LE::make(d.max, sub(prev_min, 1)))) {
                return body;
            }
            const LetStmt *let = path[d.max_at].let;
            Expr new_max = Select::make(first, let->value, min(let->value, sub(prev_min, 1)));
            result = replace_let_value(body, let->name, new_max);
        }
        debug(2) << "sliding_window: " << f_.name() << " slides in " << f_.args()[dim] << " over "
                 << name << (up ? " (increasing)" : " (decreasing)") << "\n";
        if (slid_) {
            slid_->push_back({f_.name(), f_.args()[dim], name});
        }
        return result;
    }

    const Function &f_;
    std::vector<SlidDimension> *slid_;
};

class SlidingWindow : public IRMutator {
public:
    SlidingWindow(const std::map<std::string, Function> &env, std::vector<SlidDimension> *slid)
        : env_(env), slid_(slid) {}

    using IRMutator::visit;
    Stmt visit(const Realize *op) override {
        Stmt body = mutate(op->body); // inner Realizes (consumers) first
        auto it = env_.find(op->name);
        internal_assert(it != env_.end()) << "sliding_window: Realize of unknown Func " << op->name;
        const Function &f = it->second;
        if (!f.has_update_definition() && !has_round_up_split(f.stage(0))) {
            body = SlideFunction(f, slid_).run(body);
        }
        if (body.same_as(op->body)) {
            return op;
        }
        return Realize::make(op->name, op->types, op->memory_type, op->bounds, op->condition, body);
    }

private:
    const std::map<std::string, Function> &env_;
    std::vector<SlidDimension> *slid_;
};

} // namespace

Monotonic is_monotonic(const Expr &e, const std::string &var) {
    return MonotonicOf(var).of(e);
}

Stmt sliding_window(const Stmt &s, const std::map<std::string, Function> &env,
                    std::vector<SlidDimension> *slid) {
    return SlidingWindow(env, slid).mutate(s);
}

} // namespace weft::internal
