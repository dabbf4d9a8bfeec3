// Mistake: realizing into an output buffer of the wrong element type.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: realize into a buffer of the wrong type", "[error]") {
    Func f("f_type");
    Var x("x"), y("y");
    f(x, y) = cast<uint16_t>(x + y);
    Buffer<float> out(8, 8);
    try {
        f.realize(out);
        FAIL("no error");
    } catch (const RuntimeError &e) {
        CHECK_THAT(std::string(e.what()),
                   Catch::Contains("Output buffer for Func \"f_type\" has type float32 but the "
                                   "Func produces uint16"));
    }
}

TEST_CASE("error: realize into a buffer of the wrong dimensionality", "[error]") {
    Func f("f_out_dims");
    Var x("x"), y("y");
    f(x, y) = x + y;
    Buffer<int32_t> out(8, 8, 3);
    try {
        f.realize(out);
        FAIL("no error");
    } catch (const RuntimeError &e) {
        CHECK_THAT(std::string(e.what()),
                   Catch::Contains("Output buffer for Func \"f_out_dims\" has 3 dimensions but "
                                   "the Func has 2"));
    }
}
