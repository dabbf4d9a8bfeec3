#ifndef WEFT_TESTS_CORRECTNESS_TEST_UTIL_H
#define WEFT_TESTS_CORRECTNESS_TEST_UTIL_H

// Helpers shared by the correctness tests: seeded random fills and element-by-element
// comparisons of a realized Buffer with a plain C++ reference.
//
//   Buffer<int16_t> in(64, 32);
//   weft_test::fill_random(in, 7);                       // fixed seed: reproducible
//   Buffer<int16_t> out = f.realize({64, 32});
//   weft_test::check_buffer(out, [&](int x, int y) { return int16_t(in(x, y) + 1); });
//
// check_buffer visits every element of the realized buffer (all dimensions, from each
// dimension's min), counts the mismatches and reports the first one with its
// coordinates, the value weft produced and the value C++ computed.

#include "frontend/PipelineInternal.h"
#include "ir/IRPrinter.h"

#include <weft/weft.h>

#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace weft_test {

/// A Func that reads Buffer `b` at its own coordinates: input_func(b)(x, y) is b(x, y)
/// (through buffer_access, what a Buffer called with Exprs means). A Func of its own
/// lets a test pass inputs around like any stage; it gets a unique name, so several
/// inputs never clash in one pipeline.
template<typename T> weft::Func input_func(const weft::Buffer<T> &b) {
    std::vector<weft::Var> args;
    std::vector<weft::Expr> coords;
    for (int d = 0; d < b.dimensions(); d++) {
        args.emplace_back();
        coords.push_back(args.back());
    }
    weft::Func f;
    f(args) = weft::buffer_access(weft::Buffer<void>(b), coords);
    return f;
}

/// The C++ spelling of an element type, for messages.
template<typename T> std::string type_name() {
    return weft::to_string(weft::type_of<T>());
}

/// A value printed as a number (int8_t and uint8_t would otherwise print as chars).
template<typename T> std::string show(T v) {
    std::ostringstream s;
    if constexpr (std::is_same_v<T, bool>) {
        s << (v ? "true" : "false");
    } else if constexpr (std::is_floating_point_v<T>) {
        s.precision(std::numeric_limits<T>::max_digits10);
        s << v;
    } else if constexpr (std::is_signed_v<T>) {
        s << int64_t(v);
    } else {
        s << uint64_t(v);
    }
    return s.str();
}

/// A random value of type T: a mix of small values (near zero, negative ones for
/// signed types), the extremes of T and values spread over its whole range (for
/// floats: [-1000, 1000]).
template<typename T> T random_value(std::mt19937 &rng) {
    int kind = std::uniform_int_distribution<int>(0, 7)(rng);
    if constexpr (std::is_floating_point_v<T>) {
        if (kind < 2) {
            return T(std::uniform_int_distribution<int>(-20, 20)(rng));
        }
        return T(std::uniform_real_distribution<double>(-1000.0, 1000.0)(rng));
    } else if constexpr (std::is_signed_v<T>) {
        using L = std::numeric_limits<T>;
        if (kind < 2) {
            return T(std::uniform_int_distribution<int>(-20, 20)(rng));
        }
        if (kind == 2) {
            const T extremes[] = {L::min(), T(L::min() + 1), L::max(), T(L::max() - 1), T(0),
                                  T(-1)};
            return extremes[std::uniform_int_distribution<int>(0, 5)(rng)];
        }
        return T(std::uniform_int_distribution<int64_t>(L::min(), L::max())(rng));
    } else {
        using L = std::numeric_limits<T>;
        if (kind < 2) {
            return T(std::uniform_int_distribution<int>(0, 40)(rng));
        }
        if (kind == 2) {
            const T extremes[] = {T(0), T(1), L::max(), T(L::max() - 1), T(L::max() / 2 + 1)};
            return extremes[std::uniform_int_distribution<int>(0, 4)(rng)];
        }
        return T(std::uniform_int_distribution<uint64_t>(0, L::max())(rng));
    }
}

/// Fills every element of `b` with random_value<T>, reproducibly for a given seed.
template<typename T> void fill_random(weft::Buffer<T> &b, uint32_t seed) {
    std::mt19937 rng(seed);
    b.for_each_value([&](T &v) { v = random_value<T>(rng); });
}

/// Fills every element of `b` uniformly from [lo, hi] (integers: inclusive).
template<typename T> void fill_uniform(weft::Buffer<T> &b, uint32_t seed, double lo, double hi) {
    std::mt19937 rng(seed);
    if constexpr (std::is_floating_point_v<T>) {
        std::uniform_real_distribution<double> dist(lo, hi);
        b.for_each_value([&](T &v) { v = T(dist(rng)); });
    } else {
        std::uniform_int_distribution<int64_t> dist{int64_t(lo), int64_t(hi)};
        b.for_each_value([&](T &v) { v = T(dist(rng)); });
    }
}

namespace detail {

template<typename F, std::size_t... I>
decltype(auto) call_with(F &f, const int *c, std::index_sequence<I...>) {
    return f(c[I]...);
}

} // namespace detail

/// f(c[0], ..., c[n - 1]) for n = 1 .. 4.
template<typename F> auto call_at(F &f, const int *c, int n) {
    if constexpr (std::is_invocable_v<F &, int>) {
        (void)n;
        return detail::call_with(f, c, std::make_index_sequence<1>());
    } else if constexpr (std::is_invocable_v<F &, int, int>) {
        return detail::call_with(f, c, std::make_index_sequence<2>());
    } else if constexpr (std::is_invocable_v<F &, int, int, int>) {
        return detail::call_with(f, c, std::make_index_sequence<3>());
    } else {
        static_assert(std::is_invocable_v<F &, int, int, int, int>,
                      "the reference must take 1 to 4 int coordinates");
        return detail::call_with(f, c, std::make_index_sequence<4>());
    }
}

/// Sets every element to f(coordinates...).
template<typename T, typename F> void fill_with(weft::Buffer<T> &b, F &&f) {
    b.for_each_element([&](const int *c) { b(c) = call_at(f, c, b.dimensions()); });
}

/// "(3, -1)"
inline std::string coords_string(const int *c, int n) {
    std::string s = "(";
    for (int i = 0; i < n; i++) {
        s += (i ? ", " : "") + std::to_string(c[i]);
    }
    return s + ")";
}

/// True when a float result `actual` is within `tolerance` of `expected` (absolute, or
/// relative to |expected| when that is larger than 1). NaN matches only NaN;
/// infinities must match exactly.
inline bool close_enough(double actual, double expected, double tolerance) {
    if (std::isnan(expected) || std::isnan(actual)) {
        return std::isnan(expected) && std::isnan(actual);
    }
    if (std::isinf(expected) || std::isinf(actual)) {
        return actual == expected;
    }
    return std::fabs(actual - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

/// Compares every element of `actual` with reference(coordinates...). For integer
/// element types the reference value is converted to T first (so a reference may
/// compute in a wider type and rely on C++'s modular conversion) and compared
/// exactly; for floats it is compared in double within `tolerance`. Reports the number
/// of mismatches and the first one; returns true when all match.
template<typename T, typename F>
bool check_buffer(const weft::Buffer<T> &actual, F &&reference, double tolerance = 0.0) {
    REQUIRE(actual.defined());
    int64_t mismatches = 0, checked = 0;
    std::string first;
    const int n = actual.dimensions();
    actual.for_each_element([&](const int *c) {
        checked++;
        auto r = call_at(reference, c, n);
        const T a = actual(c);
        bool ok;
        std::string expected;
        if constexpr (std::is_floating_point_v<T>) {
            ok = close_enough(double(a), double(r), tolerance);
            expected = show(double(r));
        } else {
            const T converted = static_cast<T>(r);
            ok = converted == a;
            expected = show(converted);
        }
        if (!ok && mismatches++ == 0) {
            first =
                "at " + coords_string(c, n) + ": weft gave " + show(a) + ", C++ gives " + expected;
        }
    });
    INFO("Buffer<" << type_name<T>() << "> \"" << actual.name() << "\": " << mismatches << " of "
                   << checked << " elements differ; first " << first);
    CHECK(mismatches == 0);
    CHECK(checked > 0);
    return mismatches == 0;
}

/// Asserts that a Buffer has the given mins and extents.
template<typename T>
void check_shape(const weft::Buffer<T> &b, const std::vector<int> &mins,
                 const std::vector<int> &extents) {
    REQUIRE(b.dimensions() == int(extents.size()));
    for (int d = 0; d < b.dimensions(); d++) {
        INFO("dimension " << d);
        CHECK(b.dim(d).min() == mins[d]);
        CHECK(b.dim(d).extent() == extents[d]);
    }
}

/// f's lowered loop nest for the host target: the text compile_to_lowered_stmt writes,
/// less its signature line, without a file.
inline std::string lowered_text(const weft::Func &f) {
    std::ostringstream s;
    s << weft::internal::lower_pipeline({f}, weft::get_host_target()).body;
    return s.str();
}

/// n elements of T that end exactly where an inaccessible page begins, so a read past
/// the last one crashes the test; element i is (37 i + 101 seed + 11) % 997.
template<typename T> class PageEndArray {
public:
    explicit PageEndArray(int n, int seed = 0) {
        const size_t page = size_t(sysconf(_SC_PAGESIZE));
        const size_t bytes = (size_t(n) * sizeof(T) + page - 1) / page * page;
        total_ = bytes + page;
        void *m = mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        REQUIRE(m != MAP_FAILED);
        base_ = static_cast<uint8_t *>(m);
        REQUIRE(mprotect(base_ + bytes, page, PROT_NONE) == 0);
        data_ = reinterpret_cast<T *>(base_ + bytes - size_t(n) * sizeof(T));
        for (int i = 0; i < n; i++) {
            data_[i] = T((i * 37 + seed * 101 + 11) % 997);
        }
    }
    PageEndArray(const PageEndArray &) = delete;
    PageEndArray &operator=(const PageEndArray &) = delete;
    ~PageEndArray() { munmap(base_, total_); }
    T *data() { return data_; }
    T operator[](int i) const { return data_[i]; }

private:
    size_t total_ = 0;
    uint8_t *base_ = nullptr;
    T *data_ = nullptr;
};

} // namespace weft_test

#endif
