// Mistakes caught at the GPU directive itself: an unknown loop, loops given out of
// nesting order, and a reduction variable as a thread loop (its iterations would race).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: GPU directives on wrong loops", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), z("z");
    f(x, y) = x + y;
    REQUIRE_THROWS_WITH(f.gpu_blocks(z), Catch::Contains("gpu_blocks: Func \"f\" has no loop \"z\"; "
                                                         "its loops are x, y"));
    REQUIRE_THROWS_WITH(f.gpu_threads(y, x),
                        Catch::Contains("gpu_threads: Func \"f\": \"x\" must be outside \"y\""));

    Func g("g");
    RDom r(0, 10, "r");
    g(x) = 0;
    g(x) += r;
    REQUIRE_THROWS_WITH(g.update().gpu_threads(r),
                        Catch::Contains("gpu_threads: Func \"g\" update 0: \"r.x\" iterates a "
                                        "reduction domain"));
}

TEST_CASE("error: GPU loops over a split reduction variable", "[error][gpu]") {
    Func f("f");
    Var x("x"), y("y"), yo("yo"), yi("yi");
    RDom r(1, 15, "r");
    f(x, y) = x + y;
    f(r.x, y) = f(r.x - 1, y) + f(r.x, y); // a prefix sum along x: serial in r.x
    RVar ro("ro"), ri("ri");
    f.update().split(r.x, ro, ri, 4);
    REQUIRE_THROWS_WITH(f.update().gpu_blocks(ro),
                        Catch::Contains("gpu_blocks: Func \"f\" update 0: \"ro\" iterates a "
                                        "reduction domain"));
    // Each row is independent: y may be GPU blocks and threads.
    f.update().gpu_tile(y, yo, yi, 4);
    Buffer<int> out = f.realize({16, 8}, get_host_target());
    for (int yy = 0; yy < 8; yy++) {
        int acc = 0;
        for (int xx = 0; xx < 16; xx++) {
            acc += xx + yy;
            REQUIRE(out(xx, yy) == acc);
        }
    }
}
