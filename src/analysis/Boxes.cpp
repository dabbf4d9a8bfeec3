// The boxes of calls and provides over statements (Bounds.h: boxes_required,
// boxes_provided, boxes_touched and their correlated and single-name forms), built on
// the interval arithmetic of Bounds.cpp.

#include "Bounds_Internal.h"

#include "Simplify.h"
#include "Substitute.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

using namespace bounds_detail;

/// Collects the boxes of calls (and/or provides) in a tree.
class BoxCollector : public IRVisitor {
public:
    /// Collects the boxes of the names in `only` (nullptr: of every name).
    BoxCollector(const Scope<Interval> &scope, bool calls, bool provides,
                 const std::set<std::string> *only = nullptr)
        : bounds_(scope), calls_(calls), provides_(provides), only_(only) {}

    std::map<std::string, Box> boxes;

    using IRVisitor::visit;

    void visit(const Call *op) override {
        IRVisitor::visit(op);
        if (calls_ && (op->call_type == Call::Func || op->call_type == Call::Image)) {
            record(op->name, op->args);
        }
    }

    void visit(const Provide *op) override {
        IRVisitor::visit(op);
        if (provides_) {
            record(op->name, op->args);
        }
    }

    void visit(const Let *op) override {
        walk(op->value);
        bounds_.push_lazy(op->name, op->value);
        walk(op->body);
        bounds_.pop(op->name);
    }

    void visit(const LetStmt *op) override {
        walk(op->value);
        bounds_.push_lazy(op->name, op->value);
        walk(op->body);
        bounds_.pop(op->name);
    }

    void visit(const For *op) override {
        walk(op->min);
        walk(op->extent);
        bounds_.push_lazy_loop(op->name, op->min, op->extent);
        walk(op->body);
        bounds_.pop(op->name);
    }

    void visit(const IfThenElse *op) override {
        walk(op->condition);
        Expr c = simplify(op->condition);
        if (!is_const_false(c)) {
            walk_narrowed(op->condition, op->then_case);
        }
        if (op->else_case.defined() && !is_const_true(c)) {
            walk(op->else_case);
        }
    }

private:
    /// Walks `body` with each variable in scope that `cond` compares with an expression
    /// narrowed to the values the comparison allows (cond holds throughout body).
    void walk_narrowed(const Expr &cond, const Stmt &body) {
        std::vector<std::string> pushed;
        for (const VarConstraint &k : constraints_of(cond)) {
            const Interval *found = bounds_.find(k.var);
            if (!found) {
                continue;
            }
            Interval current = *found; // bounding the constraint may move the binding
            Expr lo = k.range.min.defined() ? bounds_.bounds(k.range.min).min : Expr();
            Expr hi = k.range.max.defined() ? bounds_.bounds(k.range.max).max : Expr();
            Interval narrowed(tighter_min(current.min, lo), tighter_max(current.max, hi));
            bounds_.push(k.var, narrowed);
            pushed.push_back(k.var);
        }
        walk(body);
        for (const std::string &v : pushed) {
            bounds_.pop(v);
        }
    }

    void record(const std::string &name, const std::vector<Expr> &args) {
        if (only_ && !only_->count(name)) {
            return;
        }
        Box box(args.size());
        for (size_t i = 0; i < args.size(); i++) {
            box[i] = bounds_.bounds(args[i]);
        }
        auto it = boxes.find(name);
        if (it == boxes.end()) {
            boxes.emplace(name, std::move(box));
        } else if (it->second.size() == box.size()) {
            box_merge(it->second, box);
        }
    }

    BoundsComputer bounds_;
    bool calls_, provides_;
    const std::set<std::string> *only_;
};

/// Collects the boxes of calls and provides with loop variables and let names kept
/// symbolic inside their scope, and eliminated only when the walk leaves it: a let is
/// substituted (so `f.s0.x.max - f.s0.x.min` of one iteration cancels), or kept as a Let
/// around an end that substitution would make too large, a loop variable bounded over
/// the loop's range (narrowed by the `if` conditions comparing it). Finer
/// than BoxCollector where a stage's min and max move together with an outer loop;
/// every step over-approximates, so the result is sound.
class CorrelatedBoxCollector : public IRVisitor {
public:
    /// Collects the boxes of the names in `only` (nullptr: of every name).
    CorrelatedBoxCollector(const Scope<Interval> &scope, const std::set<std::string> *only)
        : scope_(scope), only_(only) {}

    std::map<std::string, Box> boxes;

    using IRVisitor::visit;

    void visit(const Call *op) override {
        IRVisitor::visit(op);
        if (op->call_type == Call::Func || op->call_type == Call::Image) {
            record(op->name, op->args);
        }
    }

    void visit(const Provide *op) override {
        IRVisitor::visit(op);
        record(op->name, op->args);
    }

    void visit(const Let *op) override {
        walk(op->value);
        auto inner = collect_in_let(op->name, [&] { walk(op->body); });
        eliminate_let(op->name, op->value, inner);
    }

    void visit(const LetStmt *op) override {
        walk(op->value);
        auto inner = collect_in_let(op->name, [&] { walk(op->body); });
        eliminate_let(op->name, op->value, inner);
    }

    void visit(const For *op) override {
        walk(op->min);
        walk(op->extent);
        Expr last = simplify(Add::make(op->min, Sub::make(op->extent, make_one(Int(32)))));
        Interval range(op->min, last);
        if (!is_substitutable(op->min) || !is_substitutable(last)) {
            // Data-dependent loop bounds: only what their types allow reaches the boxes.
            range = Interval(bounds_of_expr_in_scope(op->min, Scope<Interval>()).min,
                             bounds_of_expr_in_scope(last, Scope<Interval>()).max);
        }
        loops_.push(op->name, range);
        auto inner = collect([&] { walk(op->body); });
        loops_.pop(op->name);
        eliminate_by_bounds(op->name, range, inner);
        merge(inner);
    }

    void visit(const IfThenElse *op) override {
        walk(op->condition);
        Expr c = simplify(op->condition);
        if (!is_const_false(c)) {
            auto inner = collect([&] { walk(op->then_case); });
            // All constraints on a variable narrow it before it is eliminated.
            std::map<std::string, Interval> narrowed;
            for (const VarConstraint &k : constraints_of(op->condition)) {
                const std::optional<Interval> *loop = loops_.find(k.var);
                bool pure = (!k.range.min.defined() || is_substitutable(k.range.min)) &&
                            (!k.range.max.defined() || is_substitutable(k.range.max));
                if (loop && *loop && pure) {
                    auto [it, _] = narrowed.emplace(k.var, **loop);
                    it->second = Interval(tighter_min(it->second.min, k.range.min),
                                          tighter_max(it->second.max, k.range.max));
                }
            }
            for (const auto &[name, range] : narrowed) {
                eliminate_by_bounds(name, range, inner);
            }
            merge(inner);
        }
        if (op->else_case.defined() && !is_const_true(c)) {
            walk(op->else_case);
        }
    }

private:
    using BoxMap = std::map<std::string, Box>;

    template<typename F> BoxMap collect_in_let(const std::string &name, F &&walk_body) {
        loops_.push(name, std::nullopt);
        BoxMap inner = collect(walk_body);
        loops_.pop(name);
        return inner;
    }

    template<typename F> BoxMap collect(F &&walk_body) {
        BoxMap saved;
        std::swap(saved, boxes);
        walk_body();
        std::swap(saved, boxes);
        return saved;
    }

    void merge(const BoxMap &inner) {
        for (const auto &[name, box] : inner) {
            auto it = boxes.find(name);
            if (it == boxes.end()) {
                boxes.emplace(name, box);
            } else if (it->second.size() == box.size()) {
                box_merge(it->second, box);
            }
        }
    }

    /// Replaces `name` in every end of `inner` by its bounds over `range`.
    void eliminate_by_bounds(const std::string &name, const Interval &range, BoxMap &inner) {
        Scope<Interval> scope;
        scope.push(name, range);
        for (auto &[_, box] : inner) {
            for (Interval &i : box.bounds) {
                if (i.min.defined() && expr_uses_var(i.min, name)) {
                    i.min = bounds_of_expr_in_scope(i.min, scope).min;
                }
                if (i.max.defined() && expr_uses_var(i.max, name)) {
                    i.max = bounds_of_expr_in_scope(i.max, scope).max;
                }
            }
        }
    }

    /// Substitutes a let's value into the ends that use it, or bounds them over the
    /// value's bounds when the value reads memory (a load must not reach the checks).
    void eliminate_let(const std::string &name, const Expr &value, BoxMap &inner) {
        if (!is_substitutable(value)) {
            Interval range = bounds_of_expr_in_scope(value, Scope<Interval>());
            eliminate_by_bounds(name, range, inner);
            merge(inner);
            return;
        }
        auto replace = [&](const Expr &end) {
            if (!end.defined() || !expr_uses_var(end, name)) {
                return end;
            }
            Expr substituted = substitute(name, value, end);
            if (has_at_most_nodes(substituted, max_end_nodes)) {
                return simplify(substituted);
            }
            // Too large to carry on substituted (the ends of a deep pipeline would
            // repeat the value once per use, and grow exponentially with depth): keep
            // it let-bound in the end, which is exact.
            return simplify(Let::make(name, value, end));
        };
        for (auto &[_, box] : inner) {
            for (Interval &i : box.bounds) {
                i.min = replace(i.min);
                i.max = replace(i.max);
            }
        }
        merge(inner);
    }

    /// Bounds the size of the ends substitution builds (they are trees to simplify).
    static constexpr int max_end_nodes = 400;

    /// A scalar integer expression that reads no memory (no loads or calls), which may
    /// be carried into the boxes and so into the checks at the pipeline's entry.
    static bool is_substitutable(const Expr &value) {
        bool ok = value.type().is_int() && value.type().is_scalar();
        if (!ok) {
            return false;
        }
        bool reads = false;
        walk_exprs(value, [&](const Expr &e) {
            if (const auto *c = e.as<Call>(); c && !c->is_intrinsic(Call::likely)) {
                reads = true;
            }
            reads = reads || e.as<Load>() != nullptr || e.as<Let>() != nullptr;
            return !reads;
        });
        return !reads;
    }

    void record(const std::string &name, const std::vector<Expr> &args) {
        if (only_ && !only_->count(name)) {
            return;
        }
        Box box(args.size());
        for (size_t i = 0; i < args.size(); i++) {
            box[i] = bounds_of_expr_in_scope(args[i], scope_);
        }
        merge({{name, box}});
    }

    const Scope<Interval> &scope_;
    const std::set<std::string> *only_;
    /// The ranges of the enclosing loops; a let hides a loop of its name (nullopt).
    Scope<std::optional<Interval>> loops_;
};

} // namespace

std::map<std::string, Box> boxes_required(const Expr &e, const Scope<Interval> &scope) {
    BoxCollector c(scope, true, false);
    c.walk(e);
    return std::move(c.boxes);
}

std::map<std::string, Box> boxes_required(const Stmt &s, const Scope<Interval> &scope) {
    BoxCollector c(scope, true, false);
    c.walk(s);
    return std::move(c.boxes);
}

Box box_required(const Stmt &s, const std::string &name, const Scope<Interval> &scope) {
    std::set<std::string> only{name};
    BoxCollector c(scope, true, false, &only);
    c.walk(s);
    auto it = c.boxes.find(name);
    return it == c.boxes.end() ? Box() : std::move(it->second);
}

Box box_provided(const Stmt &s, const std::string &name, const Scope<Interval> &scope) {
    std::set<std::string> only{name};
    BoxCollector c(scope, false, true, &only);
    c.walk(s);
    auto it = c.boxes.find(name);
    return it == c.boxes.end() ? Box() : std::move(it->second);
}

std::map<std::string, Box> boxes_provided(const Stmt &s, const Scope<Interval> &scope) {
    BoxCollector c(scope, false, true);
    c.walk(s);
    return std::move(c.boxes);
}

std::map<std::string, Box> boxes_touched(const Stmt &s, const Scope<Interval> &scope) {
    BoxCollector c(scope, true, true);
    c.walk(s);
    return std::move(c.boxes);
}

std::map<std::string, Box> boxes_touched_correlated(const Stmt &s, const Scope<Interval> &scope) {
    CorrelatedBoxCollector c(scope, nullptr);
    c.walk(s);
    return std::move(c.boxes);
}

std::map<std::string, Box> boxes_touched(const Stmt &s, const Scope<Interval> &scope,
                                         const std::set<std::string> &names) {
    BoxCollector c(scope, true, true, &names);
    c.walk(s);
    return std::move(c.boxes);
}

std::map<std::string, Box> boxes_touched_correlated(const Stmt &s, const Scope<Interval> &scope,
                                                    const std::set<std::string> &names) {
    CorrelatedBoxCollector c(scope, &names);
    c.walk(s);
    return std::move(c.boxes);
}

} // namespace weft::internal
