// The compile caches: realizing the same pipeline again does not recompile; a changed
// schedule or definition does; two Pipeline objects with identical content share code.

#include "frontend/JITCache.h"
#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;
using weft::internal::jit_compile_count;

TEST_CASE("realize cache: a second realize does not recompile", "[realize][cache]") {
    Func f("cache_f");
    Var x("x"), y("y");
    f(x, y) = x * 3 + y;
    Pipeline p(f);
    p.realize({8, 8});
    const int64_t n = jit_compile_count();
    Buffer<int32_t> out = p.realize({8, 8});
    CHECK(jit_compile_count() == n);
    CHECK(out(2, 5) == 11);
    // Func::realize makes a new Pipeline each time; the process-wide cache still hits.
    f.realize({8, 8});
    CHECK(jit_compile_count() == n);
}

TEST_CASE("realize cache: a changed schedule or definition recompiles", "[realize][cache]") {
    Func f("cache_g"), g("cache_h");
    Var x("x"), y("y");
    f(x, y) = x + y;
    g(x, y) = f(x, y) * 2;
    Pipeline p(g);
    p.realize({16, 16});
    int64_t n = jit_compile_count();
    f.compute_root(); // a schedule change of a Func the output calls
    Buffer<int32_t> out = p.realize({16, 16});
    CHECK(jit_compile_count() == n + 1);
    CHECK(out(3, 4) == 14);
    // A changed definition (an update) recompiles too.
    n = jit_compile_count();
    g(x, y) = g(x, y) + 1;
    out = p.realize({16, 16});
    CHECK(jit_compile_count() == n + 1);
    CHECK(out(3, 4) == 15);
}

TEST_CASE("realize cache: identical pipelines share code", "[realize][cache]") {
    auto make = [] {
        Func f("shared_f");
        Var x("x");
        f(x) = x * x + 7;
        return f;
    };
    Func a = make();
    Pipeline(a).realize({10});
    const int64_t n = jit_compile_count();
    Func b = make();
    Buffer<int32_t> out = Pipeline(b).realize({10});
    CHECK(jit_compile_count() == n);
    CHECK(out(3) == 16);
}

TEST_CASE("realize cache: with the process-wide cache off, identical pipelines compile",
          "[realize][cache]") {
    auto make = [] {
        Func f("uncached_f");
        Var x("x");
        f(x) = x - 5;
        return f;
    };
    const bool was = weft::internal::jit_cache_enabled();
    weft::internal::set_jit_cache_enabled(false);
    Pipeline(make()).realize({4});
    const int64_t n = jit_compile_count();
    Buffer<int32_t> out = Pipeline(make()).realize({4});
    weft::internal::set_jit_cache_enabled(was);
    CHECK(jit_compile_count() == n + 1);
    CHECK(out(3) == -2);
}
