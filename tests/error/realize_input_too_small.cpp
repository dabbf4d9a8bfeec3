// Mistake: an input buffer smaller than the region the pipeline reads.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: realize with an input buffer too small", "[error]") {
    ImageParam in(UInt(8), 2, "small_in");
    in.set(Buffer<uint8_t>(10, 10));
    Func f("f_small");
    Var x("x"), y("y");
    f(x, y) = in(x + 1, y);
    try {
        f.realize({10, 10});
        FAIL("no error");
    } catch (const RuntimeError &e) {
        const std::string msg = e.what();
        // Names the buffer, the dimension, the required range and the buffer's own.
        CHECK_THAT(msg, Catch::Contains("small_in"));
        CHECK_THAT(msg, Catch::Contains("dimension 0"));
        CHECK_THAT(msg, Catch::Contains("1 to 10"));
        CHECK_THAT(msg, Catch::Contains("0 to 9"));
    }
}
