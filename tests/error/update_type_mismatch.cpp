// Mistake: an update definition whose value has another type than the pure definition.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: update definition of a different type", "[error][frontend]") {
    Func f("f");
    Var x("x");
    f(x) = x; // int32
    auto bad = [&] { f(x) = f(x) + 0.5f; };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"f\": its update definition 0 has type "
                                               "float32 but its pure definition has type int32"));
    REQUIRE(f.num_update_definitions() == 0);
    // += casts to the Func's type instead, as in Halide.
    f(x) += 0.5f;
    REQUIRE(f.num_update_definitions() == 1);
}
