// Mistake: store_in a memory type the place a Func is computed cannot have: Heap
// inside a GPU kernel, GPUShared inside a thread loop. The messages name the Func and
// the kernel and say what would be valid.

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("error: store_in(Heap) for a Func computed in a GPU kernel", "[error][gpu]") {
    Func stage("stage"), out("out");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    stage(x, y) = x * y;
    out(x, y) = stage(x, y) + 1;
    out.gpu_tile(x, y, xo, yo, xi, yi, 8, 8);
    stage.compute_at(out, xo).gpu_threads(x, y).store_in(MemoryType::Heap);
    auto bad = [&] { out.compile_to_ptx("/dev/null", Target("host-cuda")); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"stage\" is store_in(MemoryType::Heap) but "
                                               "computed inside the GPU kernel of loop "
                                               "\"out.s0.yo\""));
}

TEST_CASE("error: store_in(GPUShared) for a Func computed per thread", "[error][gpu]") {
    Func stage("stage"), out("out");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    stage(x, y) = x * y;
    out(x, y) = stage(x, y) + 1;
    out.gpu_tile(x, y, xo, yo, xi, yi, 8, 8);
    stage.compute_at(out, xi).store_in(MemoryType::GPUShared);
    auto bad = [&] { out.compile_to_ptx("/dev/null", Target("host-cuda")); };
    REQUIRE_THROWS_AS(bad(), CompileError);
    REQUIRE_THROWS_WITH(bad(), Catch::Contains("Func \"stage\" is store_in(MemoryType::GPUShared) "
                                               "but computed inside a gpu_threads loop"));
    // In registers it is fine.
    stage.store_in(MemoryType::Register);
    out.compile_to_ptx("/dev/null", Target("host-cuda"));
}
