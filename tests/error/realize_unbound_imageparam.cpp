// Mistake: realizing a pipeline whose ImageParam is not bound to a buffer.

#include "weft/weft.h"

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: realize with an unbound ImageParam", "[error]") {
    ImageParam in(Float(32), 1, "in");
    Func f("f_image");
    Var x("x");
    f(x) = in(x)*2;
    try {
        f.realize({4});
        FAIL("no error");
    } catch (const RuntimeError &e) {
        CHECK_THAT(
            std::string(e.what()),
            Catch::Contains("ImageParam \"in\" is not bound to a buffer; call in.set(buffer) "
                            "before realize"));
    }
}
