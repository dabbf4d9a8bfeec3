// Fuzz test of the algebra (STYLE.md item 12): random expressions over Int(32),
// Int(16), UInt(8), UInt(16) and Bool, checked against the evaluator:
//   - eval(simplify(e)) == eval(e) for random variable values,
//   - eval(e) lies within bounds_of_expr_in_scope(e) for values inside the scope,
//   - simplify(e, scope) agrees with e for values inside the scope,
//   - eval(common_subexpression_elimination(e)) == eval(e).
// Int(32) overflow is assumed never to happen by the simplifier (as in Halide), so
// samples whose evaluation overflows an Int(32) operation are skipped.
//
// WEFT_FUZZ_SEED picks the first seed (default fixed), WEFT_FUZZ_COUNT the number of
// expressions (default 5000). A failure prints the seed, the expression, the
// transformed expression and the variable values.

#include "analysis/Bounds.h"
#include "analysis/CSE.h"
#include "analysis/Evaluate.h"
#include "analysis/IntArith.h"
#include "analysis/Simplify.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <random>
#include <sstream>

using namespace weft;
using namespace weft::internal;

namespace {

const Type fuzz_types[] = {Int(32), Int(16), UInt(8), UInt(16)};

struct VarDesc {
    std::string name;
    Type type;
};

const VarDesc fuzz_vars[] = {{"x", Int(32)},  {"y", Int(32)},  {"z", Int(32)},
                             {"s", Int(16)},  {"u", UInt(8)},  {"w", UInt(16)},
                             {"flag", Bool()}};

class Generator {
public:
    explicit Generator(uint64_t seed) : rng_(seed) {}

    uint64_t next() { return rng_(); }
    int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    Expr constant(Type t) {
        if (t.is_bool()) {
            return make_bool(chance(50));
        }
        int64_t v;
        if (chance(70)) {
            v = pick(33) - 16;
        } else if (chance(50)) {
            // Int(32) index math is assumed far from overflow: keep its constants moderate.
            v = static_cast<int64_t>(rng_());
            if (t == Int(32)) {
                v %= (int64_t(1) << 20);
            }
        } else {
            const int64_t specials[] = {0, 1, -1, 2, 127, 128, 255, 256, 32767, -32768, 65535};
            v = specials[pick(11)];
        }
        v = arith::wrap(t, v);
        if (t.is_uint()) {
            return make_const(t, static_cast<uint64_t>(v));
        }
        return make_const(t, v);
    }

    Expr variable(Type t) {
        std::vector<const VarDesc *> of_type;
        for (const auto &v : fuzz_vars) {
            if (v.type == t) {
                of_type.push_back(&v);
            }
        }
        if (of_type.empty()) {
            return constant(t);
        }
        const VarDesc *v = of_type[pick(static_cast<int>(of_type.size()))];
        return Variable::make(v->type, v->name);
    }

    Expr leaf(Type t) { return chance(40) ? constant(t) : variable(t); }

    Type int_type() { return fuzz_types[pick(4)]; }

    Expr gen(Type t, int depth) {
        if (depth <= 0 || chance(15)) {
            if (t.is_bool() && depth > 0 && chance(50)) {
                Type ot = int_type();
                return LT::make(leaf(ot), leaf(ot));
            }
            return leaf(t);
        }
        if (t.is_bool()) {
            return gen_bool(depth);
        }
        Expr a = gen(t, depth - 1);
        Expr b = gen(t, depth - 1);
        switch (pick(13)) {
        case 0:
        case 1:
            return Add::make(a, b);
        case 2:
            return Sub::make(a, b);
        case 3:
            return Mul::make(a, chance(60) ? constant(t) : b);
        case 4:
            return Div::make(a, chance(60) ? constant(t) : b);
        case 5:
            return Mod::make(a, chance(60) ? constant(t) : b);
        case 6:
            return Min::make(a, b);
        case 7:
            return Max::make(a, b);
        case 8:
            return Select::make(gen(Bool(), depth - 1), a, b);
        case 9: {
            Type from = int_type();
            return Cast::make(t, gen(from, depth - 1));
        }
        case 10: {
            // A let whose variable is used (maybe several times) in the body.
            std::string name = "l" + std::to_string(let_counter_++);
            Expr var = Variable::make(t, name);
            return Let::make(name, a, Add::make(Mul::make(var, b), chance(50) ? var : b));
        }
        case 11:
            return Add::make(Mul::make(a, constant(t)), Add::make(a, constant(t)));
        default:
            return Sub::make(Add::make(a, b), chance(50) ? a : constant(t));
        }
    }

    Expr gen_bool(int depth) {
        switch (pick(9)) {
        case 0: {
            Type ot = int_type();
            return LT::make(gen(ot, depth - 1), gen(ot, depth - 1));
        }
        case 1: {
            Type ot = int_type();
            return LE::make(gen(ot, depth - 1), gen(ot, depth - 1));
        }
        case 2: {
            Type ot = int_type();
            return EQ::make(gen(ot, depth - 1), gen(ot, depth - 1));
        }
        case 3: {
            Type ot = int_type();
            return NE::make(gen(ot, depth - 1), gen(ot, depth - 1));
        }
        case 4: {
            Type ot = int_type();
            return chance(50) ? GT::make(gen(ot, depth - 1), gen(ot, depth - 1))
                              : GE::make(gen(ot, depth - 1), gen(ot, depth - 1));
        }
        case 5:
            return And::make(gen(Bool(), depth - 1), gen(Bool(), depth - 1));
        case 6:
            return Or::make(gen(Bool(), depth - 1), gen(Bool(), depth - 1));
        case 7:
            return Not::make(gen(Bool(), depth - 1));
        default:
            return Select::make(gen(Bool(), depth - 1), gen(Bool(), depth - 1),
                                gen(Bool(), depth - 1));
        }
    }

    /// Random values for all variables; int32 values small (no overflow) most of the time.
    std::map<std::string, EvalValue> values() {
        std::map<std::string, EvalValue> m;
        for (const auto &v : fuzz_vars) {
            int64_t x;
            if (v.type == Int(32)) {
                x = chance(90) ? pick(201) - 100 : static_cast<int64_t>(rng_() % 200001) - 100000;
            } else {
                x = static_cast<int64_t>(rng_());
                if (chance(50)) {
                    x = pick(41) - 20;
                }
            }
            m[v.name] = EvalValue::scalar_int(v.type, x);
        }
        return m;
    }

    /// A random interval for each variable, and values inside it.
    struct Ranges {
        Scope<Interval> scope;
        std::map<std::string, std::pair<int64_t, int64_t>> limits;
    };
    Ranges ranges() {
        Ranges r;
        for (const auto &v : fuzz_vars) {
            int64_t lo, hi;
            if (v.type.is_bool()) {
                lo = 0;
                hi = 1;
            } else {
                int64_t a = arith::wrap(v.type, pick(61) - 30);
                int64_t b = arith::wrap(v.type, pick(61) - 30);
                if (v.type.is_uint()) {
                    a = pick(60);
                    b = pick(60);
                }
                lo = std::min(a, b);
                hi = std::max(a, b);
            }
            r.limits[v.name] = {lo, hi};
            Expr l = v.type.is_uint() ? make_const(v.type, static_cast<uint64_t>(lo))
                                      : make_const(v.type, lo);
            Expr h = v.type.is_uint() ? make_const(v.type, static_cast<uint64_t>(hi))
                                      : make_const(v.type, hi);
            r.scope.push(v.name, Interval(l, h));
        }
        return r;
    }

    std::map<std::string, EvalValue> values_in(const Ranges &r) {
        std::map<std::string, EvalValue> m;
        for (const auto &v : fuzz_vars) {
            auto [lo, hi] = r.limits.at(v.name);
            int64_t x = lo + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hi - lo + 1));
            m[v.name] = EvalValue::scalar_int(v.type, x);
        }
        return m;
    }

private:
    std::mt19937_64 rng_;
    int let_counter_ = 0;
};

std::string show(const std::map<std::string, EvalValue> &vals) {
    std::ostringstream s;
    for (const auto &[n, v] : vals) {
        s << n << "=" << v.to_string() << " ";
    }
    return s.str();
}

uint64_t env_or(const char *name, uint64_t fallback) {
    const char *v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 10) : fallback;
}

/// lo <= v <= hi for canonical values of type t (bounds ends evaluated).
bool within(const EvalValue &v, const EvalValue *lo, const EvalValue *hi) {
    for (size_t i = 0; i < v.ints.size(); i++) {
        if (lo && v.ints[i] < lo->ints[0]) {
            return false;
        }
        if (hi && v.ints[i] > hi->ints[0]) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST_CASE("fuzz: simplify, bounds and CSE agree with evaluation", "[fuzz]") {
    uint64_t first_seed = env_or("WEFT_FUZZ_SEED", 20261124);
    uint64_t count = env_or("WEFT_FUZZ_COUNT", 5000);
    int checked_simplify = 0, checked_bounds = 0;
    for (uint64_t n = 0; n < count; n++) {
        uint64_t seed = first_seed + n;
        Generator g(seed);
        Type t = g.chance(20) ? Bool() : g.int_type();
        Expr e = g.gen(t, 2 + g.pick(4));
        CAPTURE(seed);
        CAPTURE(e);

        Expr s = simplify(e);
        Expr c = common_subexpression_elimination(e);
        CAPTURE(s);
        CAPTURE(c);
        for (int trial = 0; trial < 4; trial++) {
            auto vals = g.values();
            auto ve = evaluate(e, vals);
            REQUIRE(ve.value);
            auto vc = evaluate(c, vals);
            INFO("values: " << show(vals));
            REQUIRE(vc.value);
            REQUIRE(*vc.value == *ve.value);
            if (ve.int_overflow) {
                continue;
            }
            auto vs = evaluate(s, vals);
            INFO("eval(e) = " << ve.value->to_string());
            REQUIRE(vs.value);
            INFO("eval(simplify(e)) = " << vs.value->to_string());
            REQUIRE(*vs.value == *ve.value);
            checked_simplify++;
        }

        auto ranges = g.ranges();
        Interval b = bounds_of_expr_in_scope(e, ranges.scope);
        Expr sb = simplify(e, ranges.scope);
        CAPTURE(b.min);
        CAPTURE(b.max);
        CAPTURE(sb);
        for (int trial = 0; trial < 4; trial++) {
            auto vals = g.values_in(ranges);
            INFO("values: " << show(vals));
            auto ve = evaluate(e, vals);
            REQUIRE(ve.value);
            if (ve.int_overflow) {
                continue;
            }
            auto vsb = evaluate(sb, vals);
            REQUIRE(vsb.value);
            INFO("eval(e) = " << ve.value->to_string()
                              << ", eval(simplify(e, scope)) = " << vsb.value->to_string());
            REQUIRE(*vsb.value == *ve.value);
            std::optional<EvalValue> lo, hi;
            if (b.min.defined()) {
                auto r = evaluate(b.min, vals);
                REQUIRE(r.value);
                lo = r.value;
            }
            if (b.max.defined()) {
                auto r = evaluate(b.max, vals);
                REQUIRE(r.value);
                hi = r.value;
            }
            INFO("bounds evaluate to [" << (lo ? lo->to_string() : "-inf") << ", "
                                        << (hi ? hi->to_string() : "+inf") << "]");
            REQUIRE(within(*ve.value, lo ? &*lo : nullptr, hi ? &*hi : nullptr));
            checked_bounds++;
        }
    }
    CHECK(checked_simplify > 0);
    CHECK(checked_bounds > 0);
}
