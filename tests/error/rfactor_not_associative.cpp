// Mistake: rfactor of an update that is not an associative reduction
// (f(x) = f(x) * 2 + g(r): the self-call is not an operand of the outer +).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: rfactor of a non-associative update", "[error][rfactor]") {
    Func g("g"), f("f");
    Var x("x"), u("u");
    RDom r(0, 16, "r");
    g(x) = x * 3;
    f(x) = 0;
    f(x) = f(x) * 2 + g(r);
    auto bad = [&] { f.update(0).rfactor(r, u); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("rfactor: update 0 of Func \"f\" is not an "
                                               "associative reduction: "));
    // f is unchanged and still computes the serial reduction: f = sum 2^(15-i) * 3i.
    Buffer<int32_t> out = f.realize({1});
    int32_t want = 0;
    for (int i = 0; i < 16; i++) {
        want = want * 2 + 3 * i;
    }
    CHECK(out(0) == want);
}

TEST_CASE("error: rfactor of an RVar the update does not have", "[error][rfactor]") {
    Func f("f");
    Var x("x"), u("u");
    RDom r(0, 16, "r"), s(0, 4, "s");
    f(x) = 0;
    f(x) += r + x;
    REQUIRE_THROWS_WITH(f.update(0).rfactor(s, u),
                        Catch::Contains("rfactor: update 0 of Func \"f\" has no reduction "
                                        "variable \"s.x\"; its reduction variables are r.x"));
    REQUIRE_THROWS_WITH(f.update(0).rfactor(r, x),
                        Catch::Contains("must be a new name"));
}
