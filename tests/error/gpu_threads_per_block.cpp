// Mistake: a block of more than 1024 threads (gpu_tile by 64 x 32). The message names
// the Func, the kernel, the thread count with its shape and the CUDA limit.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: more than 1024 threads per block", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f(x, y) = x * y;
    f.gpu_tile(x, y, xo, yo, xi, yi, 64, 32);
    auto bad = [&] { f.realize({128, 64}); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": the kernel of loop \"f.s0.yo\" has "
                                               "2048 threads per block (64 x 32 x 1); CUDA allows "
                                               "at most 1024"));
}
