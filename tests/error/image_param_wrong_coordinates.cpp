// Mistake: reading an ImageParam with the wrong number of coordinates.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: ImageParam called with the wrong number of coordinates", "[error][frontend]") {
    ImageParam in(UInt(8), 2, "in");
    Var x("x");
    auto bad = [&] { return in(x); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains(
                                   "ImageParam \"in\" has 2 dimensions but was called with 1 "
                                   "coordinate"));
}

TEST_CASE("error: ImageParam read at a float coordinate", "[error][frontend]") {
    ImageParam in(UInt(8), 1, "in");
    Var x("x");
    auto bad = [&] { return in(x * 0.5f); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("ImageParam \"in\": coordinate 0 has type float32"));
}
