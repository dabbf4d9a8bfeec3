#include "StorageFolding.h"

#include "Debug.h"
#include "Error.h"
#include "LowerUtil.h"
#include "SlidingWindow.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "analysis/Substitute.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <algorithm>
#include <optional>

namespace weft::internal {

namespace {

using namespace lowering;

constexpr int64_t max_fold_factor = 1024;

int64_t next_power_of_two(int64_t v) {
    int64_t p = 1;
    while (p < v) {
        p *= 2;
    }
    return p;
}

std::optional<int64_t> pick_min(std::optional<int64_t> a, std::optional<int64_t> b) {
    if (a && b) {
        return std::min(*a, *b);
    }
    return a ? a : b;
}
std::optional<int64_t> pick_max(std::optional<int64_t> a, std::optional<int64_t> b) {
    if (a && b) {
        return std::max(*a, *b);
    }
    return std::nullopt;
}

/// A constant upper bound of the Int(32) expression e when the variables of `scope`
/// range over their intervals. Distributes differences over min / max / select first,
/// so that `y + 2 - min(select(c, y, y + 2), y)` is bounded by 2 although interval
/// arithmetic alone, blind to the correlation of the two y, would not bound it.
std::optional<int64_t> constant_upper_bound(const Expr &e, const Scope<Interval> &scope,
                                            int depth = 0) {
    Expr s = simplify(e);
    if (auto c = as_const_int(s)) {
        return c;
    }
    if (depth < 8) {
        auto ub = [&](const Expr &x) { return constant_upper_bound(x, scope, depth + 1); };
        if (const Select *op = s.as<Select>()) {
            return pick_max(ub(op->true_value), ub(op->false_value));
        }
        if (const Min *op = s.as<Min>()) {
            return pick_min(ub(op->a), ub(op->b));
        }
        if (const Max *op = s.as<Max>()) {
            return pick_max(ub(op->a), ub(op->b));
        }
        const Sub *sb = s.as<Sub>();
        const Add *ad = s.as<Add>();
        if (sb || ad) {
            Expr a = sb ? sb->a : ad->a, b = sb ? sb->b : ad->b;
            auto combine = [&](const Expr &x, const Expr &y) { return sb ? sub(x, y) : add(x, y); };
            // The side whose choice the bound follows; subtracting flips min and max.
            if (const Select *op = b.as<Select>()) {
                return pick_max(ub(combine(a, op->true_value)), ub(combine(a, op->false_value)));
            }
            if (const Select *op = a.as<Select>()) {
                return pick_max(ub(combine(op->true_value, b)), ub(combine(op->false_value, b)));
            }
            const Min *bmin = b.as<Min>();
            const Max *bmax = b.as<Max>();
            if (bmin || bmax) {
                Expr b1 = bmin ? bmin->a : bmax->a, b2 = bmin ? bmin->b : bmax->b;
                bool is_max = (bmax != nullptr) == (sb == nullptr);
                auto u1 = ub(combine(a, b1)), u2 = ub(combine(a, b2));
                return is_max ? pick_max(u1, u2) : pick_min(u1, u2);
            }
            const Min *amin = a.as<Min>();
            const Max *amax = a.as<Max>();
            if (amin || amax) {
                Expr a1 = amin ? amin->a : amax->a, a2 = amin ? amin->b : amax->b;
                auto u1 = ub(combine(a1, b)), u2 = ub(combine(a2, b));
                return amax ? pick_max(u1, u2) : pick_min(u1, u2);
            }
        }
    }
    Interval in = bounds_of_expr_in_scope(s, scope);
    return in.max.defined() ? as_const_int(simplify(in.max)) : std::nullopt;
}

/// True when s writes or reads Func `func`.
bool touches(const Stmt &s, const std::string &func) {
    bool found = false;
    walk_stmts(s, [&](const Stmt &st) {
        const Provide *p = st.as<Provide>();
        found = found || (p && p->name == func);
    });
    walk_exprs(s, [&](const Expr &e) {
        const Call *c = e.as<Call>();
        found = found || (c && c->call_type == Call::Func && c->name == func);
        return !found;
    });
    return found;
}

bool touches(const Expr &e, const std::string &func) {
    return touches(Evaluate::make(e), func);
}

/// Every coordinate `dim` of a Provide or call of `func` becomes `c % factor`.
class FoldAccesses : public IRMutator {
public:
    FoldAccesses(const std::string &func, int dim, int64_t factor)
        : func_(func), dim_(dim), factor_(factor) {}

    using IRMutator::visit;
    Stmt visit(const Provide *op) override {
        Stmt s = IRMutator::visit(op);
        const Provide *p = s.as<Provide>();
        if (p->name != func_) {
            return s;
        }
        return Provide::make(p->name, p->values, folded(p->args), p->predicate);
    }
    Expr visit(const Call *op) override {
        Expr e = IRMutator::visit(op);
        const Call *c = e.as<Call>();
        if (c->call_type != Call::Func || c->name != func_) {
            return e;
        }
        return Call::make(c->type, c->name, folded(c->args), c->call_type, c->func, c->value_index,
                          c->param);
    }

private:
    std::vector<Expr> folded(std::vector<Expr> args) const {
        internal_assert(dim_ < static_cast<int>(args.size()))
            << "storage_folding: access to " << func_ << " with " << args.size() << " coordinates";
        args[dim_] = mod(args[dim_], i32(factor_));
        return args;
    }

    const std::string &func_;
    int dim_;
    int64_t factor_;
};

/// min or max of two interval ends, choosing one when the simplifier can order them.
Expr lower_end(const Expr &a, const Expr &b) {
    if (can_prove(LE::make(a, b))) {
        return a;
    }
    return can_prove(LE::make(b, a)) ? b : simplify(min(a, b));
}
Expr upper_end(const Expr &a, const Expr &b) {
    if (can_prove(GE::make(a, b))) {
        return a;
    }
    return can_prove(GE::make(b, a)) ? b : simplify(max(a, b));
}

/// Per dimension, the union of the provided and required boxes (either may be empty).
Box touched_box(const Box &provided, const Box &required) {
    if (provided.empty() || required.empty()) {
        return provided.empty() ? required : provided;
    }
    Box b(provided.size());
    for (size_t i = 0; i < provided.size(); i++) {
        const Interval &p = provided[i], &r = required[i];
        if (!p.is_bounded() || !r.is_bounded()) {
            return Box(std::vector<Interval>(provided.size()));
        }
        b[i] = Interval(lower_end(p.min, r.min), upper_end(p.max, r.max));
    }
    return b;
}

/// Each iteration writes everything of f it reads: no values flow between iterations.
bool provides_what_it_requires(const Box &provided, const Box &required) {
    if (required.empty()) {
        return true;
    }
    if (provided.size() != required.size()) {
        return false;
    }
    for (size_t i = 0; i < provided.size(); i++) {
        const Interval &p = provided[i], &r = required[i];
        if (!p.is_bounded() || !r.is_bounded() ||
            !can_prove(And::make(LE::make(p.min, r.min), LE::make(r.max, p.max)))) {
            return false;
        }
    }
    return true;
}

Box box_of(const std::map<std::string, Box> &boxes, const std::string &name) {
    auto it = boxes.find(name);
    return it == boxes.end() ? Box() : it->second;
}

/// Folds the storage of one Func within the body of its Realize.
class FoldFunction {
public:
    FoldFunction(const Function &f, const Region &realized) : f_(f), realized_(realized) {}

    std::vector<FoldedDimension> folds;

    /// Descends to the one statement that touches f (see the file comment).
    Stmt fold_in(const Stmt &s) {
        const std::string &name = f_.name();
        if (const LetStmt *op = s.as<LetStmt>()) {
            if (touches(op->value, name)) {
                return s;
            }
            Stmt body = fold_in(op->body);
            return body.same_as(op->body) ? s : LetStmt::make(op->name, op->value, body);
        }
        if (const ProducerConsumer *op = s.as<ProducerConsumer>()) {
            if (op->name == name) {
                return s; // f is produced right here: no loop to fold over
            }
            Stmt body = fold_in(op->body);
            return body.same_as(op->body) ? s
                                          : ProducerConsumer::make(op->name, op->is_producer, body);
        }
        if (const Realize *op = s.as<Realize>()) {
            Stmt body = fold_in(op->body);
            return body.same_as(op->body) ? s
                                          : Realize::make(op->name, op->types, op->memory_type,
                                                          op->bounds, op->condition, body);
        }
        if (const Block *op = s.as<Block>()) {
            bool in_first = touches(op->first, name), in_rest = touches(op->rest, name);
            if (in_first && in_rest) {
                return s;
            }
            if (in_first) {
                return Block::make(fold_in(op->first), op->rest);
            }
            return in_rest ? Block::make(op->first, fold_in(op->rest)) : s;
        }
        if (const For *op = s.as<For>()) {
            return fold_over(op);
        }
        return s;
    }

private:
    bool already_folded(int dim) const {
        return std::any_of(folds.begin(), folds.end(),
                           [&](const FoldedDimension &d) { return d.dim == f_.args()[dim]; });
    }

    /// The fold factor of dimension `dim` over `loop`, if it can fold.
    std::optional<int64_t> fold_factor(const For *loop, const Interval &window, int dim) const {
        const std::string &l = loop->name;
        if (already_folded(dim) || !window.is_bounded() ||
            !(expr_uses_var(window.min, l) || expr_uses_var(window.max, l))) {
            return std::nullopt;
        }
        Monotonic lo = is_monotonic(window.min, l), hi = is_monotonic(window.max, l);
        auto rises = [](Monotonic m) {
            return m == Monotonic::Increasing || m == Monotonic::Constant;
        };
        auto falls = [](Monotonic m) {
            return m == Monotonic::Decreasing || m == Monotonic::Constant;
        };
        if (!(rises(lo) && rises(hi)) && !(falls(lo) && falls(hi))) {
            debug(3) << "storage_folding: window of " << f_.name() << " in dimension " << dim
                     << " is not monotonic in " << l << "\n";
            return std::nullopt;
        }
        Scope<Interval> scope;
        scope.push(l, Interval(loop->min, simplify(sub(add(loop->min, loop->extent), 1))));
        auto extent = constant_upper_bound(add(sub(window.max, window.min), 1), scope);
        if (!extent || *extent < 1 || *extent > max_fold_factor) {
            debug(3) << "storage_folding: window of " << f_.name() << " in dimension " << dim
                     << " over " << l << " has no small constant extent\n";
            return std::nullopt;
        }
        int64_t factor = next_power_of_two(*extent);
        auto realized = as_const_int(realized_[dim].extent);
        if (realized && *realized <= factor) {
            return std::nullopt; // folding would not shrink it
        }
        return factor;
    }

    /// The windows of consecutive iterations are disjoint in dimension `dim`.
    static bool iterations_disjoint(const For *loop, const Interval &window) {
        const std::string &l = loop->name;
        Expr next = add(var(l), 1);
        Expr next_min = substitute(l, next, window.min);
        Expr next_max = substitute(l, next, window.max);
        return can_prove(LT::make(window.max, next_min)) ||
               can_prove(LT::make(next_max, window.min));
    }

    Stmt fold_over(const For *loop) {
        if (loop->for_type != ForType::Serial && loop->for_type != ForType::Unrolled) {
            return loop;
        }
        const std::string &name = f_.name();
        Box provided = box_of(boxes_provided(loop->body, Scope<Interval>()), name);
        Box required = box_of(boxes_required(loop->body, Scope<Interval>()), name);
        Box window = touched_box(provided, required);
        for (int dim = static_cast<int>(window.size()) - 1; dim >= 0; dim--) {
            auto factor = fold_factor(loop, window[dim], dim);
            if (!factor) {
                continue;
            }
            debug(2) << "storage_folding: " << name << " folds " << f_.args()[dim] << " by "
                     << *factor << " over " << loop->name << "\n";
            folds.push_back({name, f_.args()[dim], loop->name, *factor});
            Stmt body = FoldAccesses(name, dim, *factor).mutate(loop->body);
            if (iterations_disjoint(loop, window[dim])) {
                body = fold_in(body);
            }
            return For::make(loop->name, loop->min, loop->extent, loop->for_type, loop->device_api,
                             body);
        }
        if (!provides_what_it_requires(provided, required)) {
            return loop;
        }
        Stmt body = fold_in(loop->body);
        return body.same_as(loop->body) ? Stmt(loop)
                                        : For::make(loop->name, loop->min, loop->extent,
                                                    loop->for_type, loop->device_api, body);
    }

    const Function &f_;
    const Region &realized_;
};

class StorageFolding : public IRMutator {
public:
    StorageFolding(const std::map<std::string, Function> &env, std::vector<FoldedDimension> *out)
        : env_(env), out_(out) {}

    using IRMutator::visit;
    Stmt visit(const Realize *op) override {
        Stmt body = mutate(op->body);
        auto it = env_.find(op->name);
        internal_assert(it != env_.end())
            << "storage_folding: Realize of unknown Func " << op->name;
        FoldFunction folder(it->second, op->bounds);
        body = folder.fold_in(body);
        Region bounds = op->bounds;
        for (const FoldedDimension &d : folder.folds) {
            const auto &args = it->second.args();
            size_t dim = std::find(args.begin(), args.end(), d.dim) - args.begin();
            bounds[dim] = Range(i32(0), i32(d.factor));
            if (out_) {
                out_->push_back(d);
            }
        }
        if (body.same_as(op->body) && folder.folds.empty()) {
            return op;
        }
        return Realize::make(op->name, op->types, op->memory_type, bounds, op->condition, body);
    }

private:
    const std::map<std::string, Function> &env_;
    std::vector<FoldedDimension> *out_;
};

} // namespace

Stmt storage_folding(const Stmt &s, const std::map<std::string, Function> &env,
                     std::vector<FoldedDimension> *folded) {
    return StorageFolding(env, folded).mutate(s);
}

} // namespace weft::internal
