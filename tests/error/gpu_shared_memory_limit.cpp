// Mistake: a Func computed per block (in shared memory) larger than the 48 KiB of
// static shared memory a block may use. The message names the Func and its size.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: shared memory over 48 KiB per block", "[error][gpu]") {
    Func stage("stage"), out("out");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    stage(x, y) = cast<float>(x + y);
    out(x, y) = stage(x, y) * 2.0f;
    // Tiles of 128 x 128 threads would also be too many; split the threads further.
    out.tile(x, y, xo, yo, xi, yi, 128, 128).gpu_blocks(xo, yo);
    Var xii("xii"), yii("yii");
    out.split(xi, xi, xii, 16).split(yi, yi, yii, 16).gpu_threads(xii, yii);
    stage.compute_at(out, xo);
    auto bad = [&] { out.compile_to_ptx("/dev/null", Target("host-cuda")); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"stage\" needs 65536 bytes of GPU shared "
                                               "memory in the kernel of loop \"out.s0.yo\""));
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("at most 49152 bytes (48 KiB)"));
}
