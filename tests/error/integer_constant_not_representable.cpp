// Mistake: combining an Expr with a C++ integer its type cannot hold.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: integer constant not representable in the Expr's type", "[error][frontend]") {
    Var x("x");
    Expr u8 = cast<uint8_t>(x);
    REQUIRE_THROWS_AS(u8 + 300, CompileError);
    REQUIRE_THROWS_WITH(u8 + 300, Catch::Contains("Integer constant 300 cannot be represented "
                                                  "in uint8"));
    REQUIRE_THROWS_WITH(u8 * -1, Catch::Contains("Integer constant -1 cannot be represented "
                                                 "in uint8"));
    REQUIRE_THROWS_WITH(cast<int8_t>(x) < 128, Catch::Contains("Integer constant 128 cannot be "
                                                               "represented in int8"));
    REQUIRE_THROWS_WITH(clamp(u8, 0, 256), Catch::Contains("Integer constant 256 cannot be "
                                                           "represented in uint8"));
    // In range: fine.
    REQUIRE_NOTHROW(u8 + 255);
}
