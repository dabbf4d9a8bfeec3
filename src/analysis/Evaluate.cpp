#include "Evaluate.h"

#include "IntArith.h"

#include <cmath>
#include <sstream>

namespace weft::internal {

EvalValue EvalValue::scalar_int(Type t, int64_t v) {
    EvalValue r;
    r.type = t;
    r.ints = {arith::wrap(t, v)};
    return r;
}

EvalValue EvalValue::scalar_float(Type t, double v) {
    EvalValue r;
    r.type = t;
    r.floats = {v};
    return r;
}

bool EvalValue::operator==(const EvalValue &o) const {
    if (type != o.type || ints != o.ints || floats.size() != o.floats.size()) {
        return false;
    }
    for (size_t i = 0; i < floats.size(); i++) {
        bool both_nan = std::isnan(floats[i]) && std::isnan(o.floats[i]);
        if (!both_nan && floats[i] != o.floats[i]) {
            return false;
        }
    }
    return true;
}

std::string EvalValue::to_string() const {
    std::ostringstream s;
    s << weft::to_string(type) << "{";
    for (size_t i = 0; i < ints.size(); i++) {
        s << (i ? ", " : "") << ints[i];
    }
    for (size_t i = 0; i < floats.size(); i++) {
        s << (i ? ", " : "") << floats[i];
    }
    s << "}";
    return s.str();
}

namespace {

struct Unevaluable {};

bool is_float_type(Type t) { return t.is_float(); }

double round_to(Type t, double v) {
    if (t.bits == 32) {
        return static_cast<double>(static_cast<float>(v));
    }
    return v;
}

class Evaluator {
public:
    std::map<std::string, std::vector<EvalValue>> vars;
    bool overflow = false;

    EvalValue eval(const Expr &e) {
        switch (e.node_kind()) {
        case IRNodeKind::IntImm:
            return EvalValue::scalar_int(e.type(), e.as<IntImm>()->value);
        case IRNodeKind::UIntImm:
            return EvalValue::scalar_int(e.type(), static_cast<int64_t>(e.as<UIntImm>()->value));
        case IRNodeKind::FloatImm:
            return EvalValue::scalar_float(e.type(), e.as<FloatImm>()->value);
        case IRNodeKind::Variable: {
            auto it = vars.find(e.as<Variable>()->name);
            if (it == vars.end() || it->second.empty()) {
                throw Unevaluable();
            }
            return it->second.back();
        }
        case IRNodeKind::Cast:
            return cast(e.type(), eval(e.as<Cast>()->value));
        case IRNodeKind::Add:
            return binary(e, e.as<Add>()->a, e.as<Add>()->b);
        case IRNodeKind::Sub:
            return binary(e, e.as<Sub>()->a, e.as<Sub>()->b);
        case IRNodeKind::Mul:
            return binary(e, e.as<Mul>()->a, e.as<Mul>()->b);
        case IRNodeKind::Div:
            return binary(e, e.as<Div>()->a, e.as<Div>()->b);
        case IRNodeKind::Mod:
            return binary(e, e.as<Mod>()->a, e.as<Mod>()->b);
        case IRNodeKind::Min:
            return binary(e, e.as<Min>()->a, e.as<Min>()->b);
        case IRNodeKind::Max:
            return binary(e, e.as<Max>()->a, e.as<Max>()->b);
        case IRNodeKind::EQ:
            return binary(e, e.as<EQ>()->a, e.as<EQ>()->b);
        case IRNodeKind::NE:
            return binary(e, e.as<NE>()->a, e.as<NE>()->b);
        case IRNodeKind::LT:
            return binary(e, e.as<LT>()->a, e.as<LT>()->b);
        case IRNodeKind::LE:
            return binary(e, e.as<LE>()->a, e.as<LE>()->b);
        case IRNodeKind::GT:
            return binary(e, e.as<GT>()->a, e.as<GT>()->b);
        case IRNodeKind::GE:
            return binary(e, e.as<GE>()->a, e.as<GE>()->b);
        case IRNodeKind::And:
            return binary(e, e.as<And>()->a, e.as<And>()->b);
        case IRNodeKind::Or:
            return binary(e, e.as<Or>()->a, e.as<Or>()->b);
        case IRNodeKind::Not: {
            EvalValue a = eval(e.as<Not>()->a);
            for (auto &v : a.ints) {
                v = v ? 0 : 1;
            }
            return a;
        }
        case IRNodeKind::Select:
            return select(e.as<Select>());
        case IRNodeKind::Ramp: {
            const auto *r = e.as<Ramp>();
            EvalValue base = eval(r->base), stride = eval(r->stride);
            EvalValue out;
            out.type = e.type();
            for (int i = 0; i < r->lanes; i++) {
                if (out.type.is_float()) {
                    out.floats.push_back(round_to(out.type, base.floats[0] + i * stride.floats[0]));
                } else {
                    int64_t step = arith::mul(base.type, stride.ints[0], i);
                    out.ints.push_back(arith::add(base.type, base.ints[0], step));
                }
            }
            return out;
        }
        case IRNodeKind::Broadcast: {
            const auto *b = e.as<Broadcast>();
            EvalValue v = eval(b->value);
            EvalValue out;
            out.type = e.type();
            out.ints.assign(v.ints.empty() ? 0 : b->lanes, v.ints.empty() ? 0 : v.ints[0]);
            out.floats.assign(v.floats.empty() ? 0 : b->lanes, v.floats.empty() ? 0 : v.floats[0]);
            return out;
        }
        case IRNodeKind::Call:
            return call(e.as<Call>());
        case IRNodeKind::Let: {
            const auto *l = e.as<Let>();
            EvalValue v = eval(l->value);
            vars[l->name].push_back(v);
            EvalValue r = eval(l->body);
            vars[l->name].pop_back();
            return r;
        }
        case IRNodeKind::StringImm:
        case IRNodeKind::Reinterpret:
        case IRNodeKind::Load:
        case IRNodeKind::Shuffle:
        case IRNodeKind::VectorReduce:
#define WEFT_NOT_EXPR(name) case IRNodeKind::name:
            WEFT_FOR_EACH_STMT_NODE(WEFT_NOT_EXPR)
#undef WEFT_NOT_EXPR
            break;
        }
        throw Unevaluable();
    }

private:
    static int64_t lane(const EvalValue &v, int i) {
        return v.ints.size() == 1 ? v.ints[0] : v.ints[i];
    }
    static double flane(const EvalValue &v, int i) {
        return v.floats.size() == 1 ? v.floats[0] : v.floats[i];
    }

    EvalValue cast(Type to, const EvalValue &v) {
        EvalValue out;
        out.type = to;
        Type from = v.type;
        int lanes = to.lanes;
        for (int i = 0; i < lanes; i++) {
            if (to.is_float()) {
                double d = from.is_float() ? flane(v, i)
                           : from.is_uint() ? static_cast<double>(static_cast<uint64_t>(lane(v, i)))
                                            : static_cast<double>(lane(v, i));
                out.floats.push_back(round_to(to, d));
            } else if (to.is_bool()) {
                out.ints.push_back(from.is_float() ? flane(v, i) != 0 : lane(v, i) != 0);
            } else if (from.is_float()) {
                double d = std::trunc(flane(v, i));
                if (!(std::fabs(d) < 9.2e18)) {
                    throw Unevaluable(); // undefined value
                }
                out.ints.push_back(arith::wrap(to, static_cast<int64_t>(d)));
            } else {
                out.ints.push_back(arith::wrap(to, lane(v, i)));
            }
        }
        return out;
    }

    void check_overflow(Type t, IRNodeKind k, int64_t a, int64_t b) {
        if (!arith::no_overflow(t)) {
            return;
        }
        std::optional<int64_t> exact;
        switch (k) {
        case IRNodeKind::Add:
            exact = arith::checked_add(a, b);
            break;
        case IRNodeKind::Sub:
            exact = arith::checked_sub(a, b);
            break;
        case IRNodeKind::Mul:
            exact = arith::checked_mul(a, b);
            break;
        case IRNodeKind::Div:
            exact = (b == -1 && a == arith::type_min(t)) ? std::nullopt : std::optional(a);
            break;
        default:
            return;
        }
        if (!exact || !arith::fits(t, *exact)) {
            overflow = true;
        }
    }

    int64_t int_op(IRNodeKind k, Type t, int64_t a, int64_t b) {
        check_overflow(t, k, a, b);
        switch (k) {
        case IRNodeKind::Add:
            return arith::add(t, a, b);
        case IRNodeKind::Sub:
            return arith::sub(t, a, b);
        case IRNodeKind::Mul:
            return arith::mul(t, a, b);
        case IRNodeKind::Div:
            return arith::div(t, a, b);
        case IRNodeKind::Mod:
            return arith::mod(t, a, b);
        case IRNodeKind::Min:
            return arith::min(t, a, b);
        case IRNodeKind::Max:
            return arith::max(t, a, b);
        case IRNodeKind::EQ:
            return a == b;
        case IRNodeKind::NE:
            return a != b;
        case IRNodeKind::LT:
            return arith::less(t, a, b);
        case IRNodeKind::LE:
            return !arith::less(t, b, a);
        case IRNodeKind::GT:
            return arith::less(t, b, a);
        case IRNodeKind::GE:
            return !arith::less(t, a, b);
        case IRNodeKind::And:
            return a && b;
        case IRNodeKind::Or:
            return a || b;
        default:
            throw Unevaluable();
        }
    }

    double float_op(IRNodeKind k, double a, double b) {
        switch (k) {
        case IRNodeKind::Add:
            return a + b;
        case IRNodeKind::Sub:
            return a - b;
        case IRNodeKind::Mul:
            return a * b;
        case IRNodeKind::Div:
            return a / b;
        case IRNodeKind::Mod:
            return a - b * std::floor(a / b);
        case IRNodeKind::Min:
            return b < a ? b : a;
        case IRNodeKind::Max:
            return a < b ? b : a;
        case IRNodeKind::EQ:
            return a == b;
        case IRNodeKind::NE:
            return a != b;
        case IRNodeKind::LT:
            return a < b;
        case IRNodeKind::LE:
            return a <= b;
        case IRNodeKind::GT:
            return a > b;
        case IRNodeKind::GE:
            return a >= b;
        default:
            throw Unevaluable();
        }
    }

    EvalValue binary(const Expr &e, const Expr &x, const Expr &y) {
        EvalValue a = eval(x), b = eval(y);
        EvalValue out;
        out.type = e.type();
        Type opt = x.type();
        for (int i = 0; i < out.type.lanes; i++) {
            if (opt.is_float()) {
                double r = float_op(e.node_kind(), flane(a, i), flane(b, i));
                if (out.type.is_bool()) {
                    out.ints.push_back(r != 0);
                } else {
                    out.floats.push_back(round_to(out.type, r));
                }
            } else {
                out.ints.push_back(int_op(e.node_kind(), opt, lane(a, i), lane(b, i)));
            }
        }
        return out;
    }

    EvalValue select(const Select *s) {
        EvalValue c = eval(s->condition);
        EvalValue t = eval(s->true_value), f = eval(s->false_value);
        EvalValue out;
        out.type = s->type;
        for (int i = 0; i < out.type.lanes; i++) {
            bool take = lane(c, i) != 0;
            if (out.type.is_float()) {
                out.floats.push_back(take ? flane(t, i) : flane(f, i));
            } else {
                out.ints.push_back(take ? lane(t, i) : lane(f, i));
            }
        }
        return out;
    }

    EvalValue call(const Call *c) {
        if (c->is_intrinsic(Call::likely) && c->args.size() == 1) {
            return eval(c->args[0]);
        }
        if (c->is_intrinsic(Call::abs) && c->args.size() == 1) {
            EvalValue a = eval(c->args[0]);
            EvalValue out;
            out.type = c->type;
            for (int i = 0; i < out.type.lanes; i++) {
                if (out.type.is_float()) {
                    out.floats.push_back(std::fabs(flane(a, i)));
                } else {
                    int64_t v = lane(a, i);
                    int64_t mag = (a.type.is_int() && v < 0) ? arith::sub(a.type, 0, v) : v;
                    out.ints.push_back(arith::wrap(out.type, mag));
                }
            }
            return out;
        }
        throw Unevaluable();
    }
};

} // namespace

EvalResult evaluate(const Expr &e, const std::map<std::string, EvalValue> &vars) {
    Evaluator ev;
    for (const auto &[name, value] : vars) {
        ev.vars[name].push_back(value);
    }
    EvalResult r;
    try {
        r.value = ev.eval(e);
    } catch (const Unevaluable &) {
        r.value.reset();
    }
    r.int_overflow = ev.overflow;
    return r;
}

} // namespace weft::internal
