// Mistakes in expressions: operands the operators and math functions cannot take.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: operator misuse", "[error][frontend]") {
    Var x("x");
    Expr i = x, f = cast<float>(x), u = cast<uint16_t>(x);
    REQUIRE_THROWS_WITH(i && (x > 0), Catch::Contains("Operator && needs bool operands, but its "
                                                      "left operand has type int32"));
    REQUIRE_THROWS_WITH(f & i, Catch::Contains("Operator & needs integer or bool operands, "
                                               "not float32"));
    REQUIRE_THROWS_WITH(u | i, Catch::Contains("Operator | needs operands of the same "
                                               "signedness, not uint16 and int32"));
    REQUIRE_THROWS_WITH(select(i, 1, 2), Catch::Contains("select: the condition must be bool"));
    REQUIRE_THROWS_WITH(is_nan(i), Catch::Contains("is_nan: the argument must be a float, "
                                                   "not int32"));
    REQUIRE_THROWS_WITH(reinterpret<uint16_t>(f), Catch::Contains("reinterpret: cannot read "
                                                                  "float32 (32 bits) as uint16 "
                                                                  "(16 bits)"));
    REQUIRE_THROWS_WITH(lerp(i, i, i), Catch::Contains("lerp: the weight must be a float"));
    REQUIRE_THROWS_AS(i + Expr(), CompileError);
}

TEST_CASE("error: inline reduction without a reduction variable", "[error][frontend]") {
    Var x("x");
    REQUIRE_THROWS_AS(sum(x * 2), CompileError);
    REQUIRE_THROWS_WITH(sum(x * 2), Catch::Contains("sum: the expression uses no reduction "
                                                    "variable"));
}

TEST_CASE("error: RDom bounds that are not integers", "[error][frontend]") {
    REQUIRE_THROWS_WITH(RDom(0, 2.5f, "r"), Catch::Contains("RDom \"r\": the extent of "
                                                            "dimension 0 has type float32"));
    Var x("x");
    REQUIRE_THROWS_WITH(RDom(0, x, "s"), Catch::Contains("RDom \"s\": the extent of dimension 0 "
                                                         "uses the Var \"x\""));
}
