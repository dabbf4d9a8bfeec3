#include "AddBufferChecks.h"

#include "Error.h"
#include "LowerUtil.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "ir/IRPrinter.h"
#include "ir/IRMutator.h"
#include "ir/IRVisitor.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace weft::internal {

namespace {

using namespace lowering;

struct BufferInfo {
    std::string name;
    Type type;
    int dimensions = 0;
    bool is_output = false;
};

/// Input buffers: the Parameters of Image calls and of Variables naming buffer fields.
std::map<std::string, BufferInfo> input_buffers(const Stmt &s) {
    std::map<std::string, BufferInfo> result;
    auto add = [&](const Parameter &p) {
        if (p.defined() && p.is_buffer()) {
            result[p.name()] = {p.name(), p.type(), p.dimensions(), false};
        }
    };
    walk_exprs(s, [&](const Expr &e) {
        if (const Call *c = e.as<Call>(); c && c->call_type == Call::Image) {
            add(c->param);
        } else if (const Variable *v = e.as<Variable>()) {
            add(v->param);
        } else if (const Load *l = e.as<Load>()) {
            add(l->param);
        }
        return true;
    });
    return result;
}

Expr field(const std::string &b, const char *f, int i) {
    return var(buffer_field(b, f, i));
}

Stmt make_assert(const Expr &cond, const Expr &msg) {
    return AssertStmt::make(simplify(cond), msg);
}

Expr u8(int v) {
    return make_const(UInt(8), static_cast<int64_t>(v));
}

std::vector<Stmt> header_checks(const BufferInfo &b) {
    std::vector<Stmt> checks;
    Expr dims = Variable::make(Int(32), b.name + ".dimensions");
    checks.push_back(make_assert(
        EQ::make(dims, i32(b.dimensions)),
        error_call("weft_error_bad_dimensions", {Expr(b.name), i32(b.dimensions), dims})));
    Expr code = Variable::make(UInt(8), b.name + ".type.code");
    Expr bits = Variable::make(UInt(8), b.name + ".type.bits");
    int want_code = static_cast<int>(b.type.code);
    Expr ok = And::make(EQ::make(code, u8(want_code)), EQ::make(bits, u8(b.type.bits)));
    checks.push_back(
        make_assert(ok, error_call("weft_error_bad_type",
                                   {Expr(b.name), u8(want_code), u8(b.type.bits), code, bits})));
    return checks;
}

std::vector<Stmt> extent_checks(const BufferInfo &b) {
    std::vector<Stmt> checks;
    for (int i = 0; i < b.dimensions; i++) {
        std::string msg = std::string(b.is_output ? "Output" : "Input") + " buffer " + b.name +
                          " has a negative extent in dimension " + std::to_string(i) + ".";
        checks.push_back(make_assert(GE::make(field(b.name, "extent", i), i32(0)),
                                     error_call("weft_error_assertion", {Expr(msg)})));
    }
    return checks;
}

std::vector<Stmt> region_checks(const BufferInfo &b, const Box &touched) {
    std::vector<Stmt> checks;
    if (touched.empty()) {
        return checks;
    }
    internal_assert(static_cast<int>(touched.size()) == b.dimensions)
        << "add_buffer_checks: " << b.name << " accessed with " << touched.size()
        << " coordinates but has " << b.dimensions << " dimensions";
    for (int i = 0; i < b.dimensions; i++) {
        const Interval &r = touched[i];
        user_assert(r.is_bounded())
            << (b.is_output ? "Output" : "Input") << " buffer \"" << b.name
            << "\" is accessed over an unbounded region in dimension " << i
            << " (a data-dependent coordinate); clamp the coordinate so its region can be "
               "checked.";
        Expr mn = simplify(r.min), mx = simplify(r.max);
        Expr buf_min = field(b.name, "min", i);
        Expr buf_max = sub(add(buf_min, field(b.name, "extent", i)), 1);
        Expr ok = And::make(GE::make(mn, buf_min), LE::make(mx, buf_max));
        if (touched.used.defined()) {
            ok = Or::make(Not::make(touched.used), ok);
        }
        const char *fn =
            b.is_output ? "weft_error_output_buffer_too_small" : "weft_error_buffer_too_small";
        checks.push_back(
            make_assert(ok, error_call(fn, {Expr(b.name), i32(i), mn, mx, buf_min, buf_max})));
    }
    return checks;
}

/// For the analysis only: each coordinate of an input read clamped into that input's
/// own range, max(min(e, b.max.i), b.min.i) or min(max(e, b.min.i), b.max.i) (what
/// BoundaryConditions make), replaced by a fresh variable bounded by the clamp's range
/// alone. Those reads lie in [b.min.i, b.max.i] whatever e is, and e (the consumer's
/// coordinates through the whole pipeline, or a mirror's select between them and their
/// reflection) would only make the region's expression large.
class BoundClampedReads : public IRMutator {
public:
    explicit BoundClampedReads(const std::set<std::string> &inputs) : inputs_(inputs) {}
    Scope<Interval> bounds;

private:
    using IRMutator::visit;

    Expr visit(const Call *op) override {
        Expr call = IRMutator::visit(op);
        const Call *c = call.as<Call>();
        if (!c || c->call_type != Call::Image || !c->param.defined() ||
            !inputs_.count(c->param.name())) {
            return call;
        }
        std::vector<Expr> args = c->args;
        bool changed = false;
        for (size_t i = 0; i < args.size(); i++) {
            std::optional<Interval> range = clamp_range(c->param.name(), int(i), args[i]);
            if (range) {
                std::string name = c->param.name() + ".clamped." + std::to_string(count_++);
                bounds.push(name, *range);
                args[i] = Variable::make(args[i].type(), name);
                changed = true;
            }
        }
        if (!changed) {
            return call;
        }
        return Call::make(c->type, c->name, args, c->call_type, c->func, c->value_index,
                          c->param);
    }

    /// The values a clamp of `e` to buffer b's dimension i can take, or nothing when e is
    /// no such clamp.
    static std::optional<Interval> clamp_range(const std::string &b, int i, const Expr &e) {
        // The shape first: most coordinates are no clamp, and need no bounds built.
        const Max *outer_max = e.as<Max>();
        const Min *outer_min = e.as<Min>();
        const Min *inner_min = outer_max ? outer_max->a.as<Min>() : nullptr;
        const Max *inner_max = outer_min ? outer_min->a.as<Max>() : nullptr;
        if (e.type() != Int(32) || (!inner_min && !inner_max)) {
            return std::nullopt;
        }
        Expr lo = field(b, "min", i);
        Expr hi = simplify(sub(add(lo, field(b, "extent", i)), 1));
        // By name: the IR's buffer fields carry their Parameter, these do not.
        auto is = [](const Expr &x, const Expr &want) {
            const bool small_form = x.as<Variable>() || x.as<Add>() || x.as<Sub>();
            return small_form && to_string(simplify(x)) == to_string(want);
        };
        // max(min(e, hi), lo): lo when lo > hi
        if (inner_min && is(outer_max->b, lo) && is(inner_min->b, hi)) {
            return Interval(lo, max(lo, hi));
        }
        // min(max(e, lo), hi): hi when lo > hi
        if (inner_max && is(outer_min->b, hi) && is(inner_max->b, lo)) {
            return Interval(min(lo, hi), hi);
        }
        return std::nullopt;
    }

    const std::set<std::string> &inputs_;
    int count_ = 0;
};

Box touched_box(const std::map<std::string, Box> &touched, const std::string &name) {
    auto it = touched.find(name);
    return it == touched.end() ? Box() : it->second;
}

} // namespace

Stmt add_buffer_checks(const Stmt &s, const std::vector<Function> &outputs, const Target &t) {
    if (t.has_feature(Target::NoAsserts)) {
        return s;
    }
    std::vector<BufferInfo> buffers;
    for (const Function &f : outputs) {
        user_assert(f.output_types().size() == 1)
            << "Func \"" << f.name() << "\" has " << f.output_types().size()
            << " values (a Tuple); Tuple outputs are not supported yet.";
        buffers.push_back({f.name(), f.output_types()[0], f.dimensions(), true});
    }
    for (const auto &[name, b] : input_buffers(s)) {
        for (const Function &f : outputs) {
            user_assert(f.name() != name)
                << "The input buffer \"" << name << "\" has the same name as the output Func \""
                << name << "\"; rename one of them.";
        }
        buffers.push_back(b);
    }
    // Two sound over-approximations of the same region; their intersection is sound too.
    // Only the buffers' boxes are needed (not those of the Funcs inside).
    std::set<std::string> names, inputs;
    for (const BufferInfo &b : buffers) {
        names.insert(b.name);
        if (!b.is_output) {
            inputs.insert(b.name);
        }
    }
    BoundClampedReads bound_clamps(inputs);
    Stmt analysed = bound_clamps.mutate(s);
    const Scope<Interval> &scope = bound_clamps.bounds;
    std::map<std::string, Box> touched = boxes_touched(analysed, scope, names);
    for (const auto &[name, box] : boxes_touched_correlated(analysed, scope, names)) {
        auto it = touched.find(name);
        if (it != touched.end() && it->second.size() == box.size()) {
            it->second = box_intersect(it->second, box);
        }
    }
    std::vector<Stmt> headers, extents, regions;
    for (const BufferInfo &b : buffers) {
        for (Stmt c : header_checks(b)) {
            headers.push_back(c);
        }
        for (Stmt c : extent_checks(b)) {
            extents.push_back(c);
        }
        for (Stmt c : region_checks(b, touched_box(touched, b.name))) {
            regions.push_back(c);
        }
    }
    std::vector<Stmt> all = headers;
    all.insert(all.end(), extents.begin(), extents.end());
    all.insert(all.end(), regions.begin(), regions.end());
    all.push_back(s);
    return Block::make(all);
}

} // namespace weft::internal
