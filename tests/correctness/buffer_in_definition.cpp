// A concrete Buffer read inside a definition with Expr coordinates (buf(x, y)).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("a Buffer called with Vars is an input of the pipeline", "[buffer]") {
    Buffer<int32_t> in(7, 5);
    in.for_each_element([&](int x, int y) { in(x, y) = x * 10 - y * 3; });
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = in(x, y) * 2 + in(x, 4 - y);
    Buffer<int32_t> out = f.realize({7, 5});
    for (int yy = 0; yy < 5; yy++) {
        for (int xx = 0; xx < 7; xx++) {
            CAPTURE(xx, yy);
            REQUIRE(out(xx, yy) == in(xx, yy) * 2 + in(xx, 4 - yy));
        }
    }
}

TEST_CASE("a Buffer called with too few coordinates is a CompileError", "[buffer]") {
    Buffer<float> in(4, 4);
    Var x("x");
    REQUIRE_THROWS_AS(in(x), CompileError);
}
