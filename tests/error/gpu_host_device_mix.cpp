// Mistake: an intermediate Func computed on the host (no GPU loops) and consumed by a
// GPU kernel. weft keeps intermediates on one side; the message names the Func and
// says how to schedule it.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: a host-computed Func consumed by a GPU kernel", "[error][gpu]") {
    Func stage("stage"), out("out");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    stage(x, y) = x + y;
    out(x, y) = stage(x, y) * 2;
    stage.compute_root();
    out.gpu_tile(x, y, xo, yo, xi, yi, 8, 8);
    auto bad = [&] { out.compile_to_ptx("/dev/null", Target("host-cuda")); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"stage\" is computed or used both by host "
                                               "code and by a GPU kernel"));
    // Computed by its own kernel it stays on the device.
    stage.gpu_tile(x, y, xo, yo, xi, yi, 8, 8);
    out.compile_to_ptx("/dev/null", Target("host-cuda"));
}
