// Mistake: a kernel with four nested gpu_blocks loops (a launch has x, y and z only).
// The message names the Func, the kernel's loop and the limit.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: more than three GPU block dimensions", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), z("z"), w("w");
    f(x, y, z, w) = x + y + z + w;
    f.gpu_blocks(x, y, z).gpu_blocks(w);
    auto bad = [&] { f.realize({2, 2, 2, 2}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": the kernel of loop \"f.s0.w\" has 4 "
                                               "nested gpu_blocks loops"));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("at most 3 block dimensions (x, y, z)"));
}

TEST_CASE("error: more than three GPU thread dimensions", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), z("z"), w("w"), b("b");
    f(x, y, z, w, b) = x + y + z + w + b;
    f.gpu_blocks(b).gpu_threads(x, y, z).gpu_threads(w);
    auto bad = [&] { f.realize({2, 2, 2, 2, 2}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": the gpu_threads loop \"f.s0.w\" makes 4 "
                                               "nested thread loops"));
}
