// Codegen of arithmetic, comparisons and select for every integer and float type,
// scalar and 8-lane vectors, against C++ reference values: wrapping add/sub/mul,
// Euclidean division and modulus (negative operands, x / 0 == 0, INT_MIN / -1), min/max.

#include "codegen_helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

using namespace weft;
using namespace weft::test;

namespace {

template<typename T> T wrap(uint64_t v) {
    return static_cast<T>(v);
}

template<typename T> T ref_div(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a / b;
    } else {
        if (b == 0) {
            return 0;
        }
        if constexpr (std::is_signed_v<T>) {
            if (b == -1) {
                return wrap<T>(0 - uint64_t(a));
            }
            T q = T(a / b), r = T(a % b);
            if (r < 0) {
                q = b > 0 ? T(q - 1) : T(q + 1);
            }
            return q;
        } else {
            return T(a / b);
        }
    }
}

template<typename T> T ref_mod(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a - b * std::floor(a / b);
    } else {
        if (b == 0) {
            return 0;
        }
        if constexpr (std::is_signed_v<T>) {
            if (b == -1) {
                return 0;
            }
            T r = T(a % b);
            if (r < 0) {
                r = T(r + (b < 0 ? -b : b));
            }
            return r;
        } else {
            return T(a % b);
        }
    }
}

template<typename T> std::vector<T> interesting_values() {
    std::vector<double> base = {0, 1, -1, 2, -2, 3, -3, 7, -7, 100, -100, 1000, -1000, 1e6};
    std::vector<T> v;
    for (double d : base) {
        if constexpr (std::is_unsigned_v<T>) {
            if (d < 0) {
                v.push_back(wrap<T>(uint64_t(int64_t(d))));
                continue;
            }
        }
        if (d >= double(std::numeric_limits<T>::lowest()) &&
            d <= double(std::numeric_limits<T>::max())) {
            v.push_back(T(d));
        }
    }
    v.push_back(std::numeric_limits<T>::max());
    v.push_back(std::numeric_limits<T>::lowest());
    if constexpr (std::is_floating_point_v<T>) {
        v.push_back(T(0.375));
        v.push_back(T(-2.5));
    }
    return v;
}

template<typename T> struct BinaryCase {
    const char *name;
    std::function<Expr(Expr, Expr)> make;
    std::function<T(T, T)> ref;
};

template<typename T> std::vector<BinaryCase<T>> binary_cases() {
    const Type t = type_of<T>();
    auto as_t = [t](Expr cond) {
        return Select::make(cond, broadcast_to(make_one(t.element_of()), cond.type().lanes),
                            broadcast_to(make_zero(t.element_of()), cond.type().lanes));
    };
    std::vector<BinaryCase<T>> c = {
        {"add", [](Expr a, Expr b) { return Add::make(a, b); },
         [](T a, T b) {
             if constexpr (std::is_floating_point_v<T>) {
                 return T(a + b);
             } else {
                 return wrap<T>(uint64_t(a) + uint64_t(b));
             }
         }},
        {"sub", [](Expr a, Expr b) { return Sub::make(a, b); },
         [](T a, T b) {
             if constexpr (std::is_floating_point_v<T>) {
                 return T(a - b);
             } else {
                 return wrap<T>(uint64_t(a) - uint64_t(b));
             }
         }},
        {"mul", [](Expr a, Expr b) { return Mul::make(a, b); },
         [](T a, T b) {
             if constexpr (std::is_floating_point_v<T>) {
                 return T(a * b);
             } else {
                 return wrap<T>(uint64_t(a) * uint64_t(b));
             }
         }},
        {"div", [](Expr a, Expr b) { return Div::make(a, b); }, ref_div<T>},
        {"mod", [](Expr a, Expr b) { return Mod::make(a, b); }, ref_mod<T>},
        {"min", [](Expr a, Expr b) { return Min::make(a, b); },
         [](T a, T b) { return a < b ? a : b; }},
        {"max", [](Expr a, Expr b) { return Max::make(a, b); },
         [](T a, T b) { return a > b ? a : b; }},
        {"lt", [=](Expr a, Expr b) { return as_t(LT::make(a, b)); },
         [](T a, T b) { return T(a < b); }},
        {"le", [=](Expr a, Expr b) { return as_t(LE::make(a, b)); },
         [](T a, T b) { return T(a <= b); }},
        {"gt", [=](Expr a, Expr b) { return as_t(GT::make(a, b)); },
         [](T a, T b) { return T(a > b); }},
        {"ge", [=](Expr a, Expr b) { return as_t(GE::make(a, b)); },
         [](T a, T b) { return T(a >= b); }},
        {"eq", [=](Expr a, Expr b) { return as_t(EQ::make(a, b)); },
         [](T a, T b) { return T(a == b); }},
        {"ne", [=](Expr a, Expr b) { return as_t(NE::make(a, b)); },
         [](T a, T b) { return T(a != b); }},
        {"and_or_not",
         [=](Expr a, Expr b) {
             Expr zero = broadcast_to(make_zero(t.element_of()), a.type().lanes);
             return as_t(Or::make(And::make(LT::make(a, b), NE::make(a, zero)),
                                  Not::make(LE::make(b, zero))));
         },
         [](T a, T b) { return T((a < b && a != 0) || !(b <= 0)); }},
    };
    return c;
}

template<typename T> bool same_value(T expected, T actual, double scale = 0) {
    if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(expected)) {
            return std::isnan(actual);
        }
        if (std::isinf(expected)) {
            return expected == actual;
        }
        // Contraction into fma may change a - b * q by rounding of the product: scale.
        const double tol = std::max({1e-5 * std::abs(double(expected)), 1e-5, 1e-5 * scale});
        return std::abs(expected - actual) <= tol;
    } else {
        return expected == actual;
    }
}

template<typename T> void check_binary_ops() {
    const Type t = type_of<T>();
    std::vector<T> vals = interesting_values<T>();
    std::vector<T> av, bv;
    for (T a : vals) {
        for (T b : vals) {
            if (std::is_floating_point_v<T> && b == 0) {
                b = T(1);
            }
            av.push_back(a);
            bv.push_back(b);
        }
    }
    while (av.size() % 8) {
        av.push_back(av[0]);
        bv.push_back(bv[0]);
    }
    const int n = int(av.size());
    const auto cases = binary_cases<T>();
    const int k_count = int(cases.size());

    // Scalar: out[k * n + i] = op_k(a[i], b[i]). Vector: the same 8 lanes at a time.
    std::vector<Stmt> scalar_stores, vector_stores;
    Expr i = var("i"), v = var("v");
    Expr a_s = Load::make(t, "a", i), b_s = Load::make(t, "b", i);
    Expr ramp = Ramp::make(v * 8, 1, 8);
    Expr a_v = Load::make(t.with_lanes(8), "a", ramp), b_v = Load::make(t.with_lanes(8), "b", ramp);
    for (int k = 0; k < k_count; k++) {
        scalar_stores.push_back(Store::make("out", cases[k].make(a_s, b_s), i + k * n));
        vector_stores.push_back(
            Store::make("out_v", cases[k].make(a_v, b_v), Ramp::make(v * 8 + k * n, 1, 8)));
    }
    Stmt body = Block::make(loop("i", n, Block::make(scalar_stores)),
                            loop("v", n / 8, Block::make(vector_stores)));
    JITModule m = jit("arith_" + to_string(t),
                      {buffer_arg("out", t, 1, true), buffer_arg("out_v", t, 1, true),
                       buffer_arg("a", t), buffer_arg("b", t)},
                      body);
    RawBuffer<T> out(n * k_count), out_v(n * k_count), a(av), b(bv);
    REQUIRE(run(m, {&out.raw, &out_v.raw, &a.raw, &b.raw}) == 0);
    for (int k = 0; k < k_count; k++) {
        for (int j = 0; j < n; j++) {
            const T expected = cases[k].ref(av[j], bv[j]);
            const bool is_mod = std::string(cases[k].name) == "mod";
            if (std::is_floating_point_v<T> && is_mod && std::abs(double(av[j])) > 1e30) {
                continue; // b * floor(a / b) overflows in the reference, not under fma
            }
            const double scale = is_mod ? double(av[j]) : 0.0;
            if (!same_value(expected, out.data[k * n + j], std::abs(scale)) ||
                !same_value(expected, out_v.data[k * n + j], std::abs(scale))) {
                FAIL_CHECK(to_string(t)
                           << " " << cases[k].name << "(" << +av[j] << ", " << +bv[j]
                           << "): expected " << +expected << ", scalar " << +out.data[k * n + j]
                           << ", vector " << +out_v.data[k * n + j]);
            }
        }
    }
}

} // namespace

TEMPLATE_TEST_CASE("codegen: binary operators match C++", "[codegen]", int8_t, int16_t, int32_t,
                   int64_t, uint8_t, uint16_t, uint32_t, uint64_t, float, double) {
    check_binary_ops<TestType>();
}

TEMPLATE_TEST_CASE("codegen: division by constants matches Euclidean division", "[codegen]", int8_t,
                   int16_t, int32_t, int64_t, uint8_t, uint32_t) {
    // Constant divisors take the fast paths (shifts, unsigned division of s ^ a), in
    // scalar and 8-lane vector form.
    using T = TestType;
    const Type t = type_of<T>();
    std::vector<T> av;
    for (int x = -300; x < 300; x++) {
        av.push_back(T(x));
    }
    av.push_back(std::numeric_limits<T>::min());
    av.push_back(std::numeric_limits<T>::max());
    av.push_back(T(std::numeric_limits<T>::min() + 1));
    while (av.size() % 8) {
        av.push_back(T(0));
    }
    std::vector<int> divisors = {1, 2, 3, 7, 8, 64, 100};
    if (std::is_signed_v<T>) {
        divisors.insert(divisors.end(), {-1, -3, -8});
    }
    const int n = int(av.size());
    std::vector<Stmt> stores;
    Expr i = var("i"), v = var("v");
    Expr a = Load::make(t, "a", i);
    Expr ramp = Ramp::make(v * 8, 1, 8);
    Expr av8 = Load::make(t.with_lanes(8), "a", ramp);
    int k = 0;
    for (int d : divisors) {
        Expr c = make_const(t, d), c8 = make_const(t.with_lanes(8), d);
        stores.push_back(Store::make("out", Div::make(a, c), i + (4 * k) * n));
        stores.push_back(Store::make("out", Mod::make(a, c), i + (4 * k + 1) * n));
        stores.push_back(
            Store::make("out", Div::make(av8, c8), Ramp::make(v * 8 + (4 * k + 2) * n, 1, 8)));
        stores.push_back(
            Store::make("out", Mod::make(av8, c8), Ramp::make(v * 8 + (4 * k + 3) * n, 1, 8)));
        k++;
    }
    // Scalar stores in the i loop, vector ones in the v loop.
    std::vector<Stmt> scalar, vector;
    for (size_t j = 0; j < stores.size(); j++) {
        ((j % 4) < 2 ? scalar : vector).push_back(stores[j]);
    }
    JITModule m =
        jit("const_div_" + to_string(t), {buffer_arg("out", t, 1, true), buffer_arg("a", t)},
            Block::make(loop("i", n, Block::make(scalar)), loop("v", n / 8, Block::make(vector))));
    RawBuffer<T> out(4 * k * n), in(av);
    REQUIRE(run(m, {&out.raw, &in.raw}) == 0);
    k = 0;
    for (int d : divisors) {
        const T dt = T(d);
        for (int j = 0; j < n; j++) {
            INFO(to_string(t) << " " << +av[j] << " / " << d);
            CHECK(+out.data[(4 * k) * n + j] == +ref_div<T>(av[j], dt));
            CHECK(+out.data[(4 * k + 1) * n + j] == +ref_mod<T>(av[j], dt));
            CHECK(+out.data[(4 * k + 2) * n + j] == +ref_div<T>(av[j], dt));
            CHECK(+out.data[(4 * k + 3) * n + j] == +ref_mod<T>(av[j], dt));
        }
        k++;
    }
}
