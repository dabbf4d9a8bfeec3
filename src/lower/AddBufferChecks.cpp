#include "AddBufferChecks.h"

#include "Error.h"
#include "LowerUtil.h"
#include "analysis/Bounds.h"
#include "analysis/Simplify.h"
#include "ir/IRVisitor.h"

#include <map>
#include <set>

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
    std::set<std::string> names;
    for (const BufferInfo &b : buffers) {
        names.insert(b.name);
    }
    std::map<std::string, Box> touched = boxes_touched(s, Scope<Interval>(), names);
    for (const auto &[name, box] : boxes_touched_correlated(s, Scope<Interval>(), names)) {
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
