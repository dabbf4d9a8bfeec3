// The GPU lowering passes on hand-built loop nests: fuse_gpu_thread_loops (barriers
// between sibling thread nests and at the end of a block-level serial loop; block-level
// stores run by one thread), bound_gpu_thread_extents (a bounded extent becomes a
// constant with a guard), place_gpu_allocations (shared at the block level, registers
// in threads, heap refused) and gpu_loops_to_host.

#include "gpu_test_util.h"

#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "lower/FuseGPUThreadLoops.h"
#include "lower/GPULoopsOnHost.h"
#include "lower/GPUMemoryPlacement.h"
#include "lower/GPUThreadExtents.h"

using namespace weft;
using namespace weft::internal;
using namespace weft_gpu_test;

namespace {

Expr i32(int v) {
    return make_const(Int(32), v);
}

Stmt store(const std::string &buf, const std::string &index_var) {
    return Store::make(buf, i32(1), Variable::make(Int(32), index_var));
}

Stmt thread_loop(const std::string &name, int extent, Stmt body) {
    return For::make(name, i32(0), i32(extent), ForType::GPUThread, DeviceAPI::CUDA, body);
}

Stmt block_loop(const std::string &name, Expr extent, Stmt body) {
    return For::make(name, i32(0), extent, ForType::GPUBlock, DeviceAPI::CUDA, body);
}

std::string text(const Stmt &s) {
    std::ostringstream o;
    o << s;
    return o.str();
}

} // namespace

TEST_CASE("gpu pass: sibling thread nests get a barrier between them", "[gpu][pass]") {
    Stmt producer = thread_loop("p.s0.x", 32, store("p", "p.s0.x"));
    Stmt consumer = thread_loop("c.s0.x", 16, store("c", "c.s0.x"));
    Stmt kernel = block_loop("c.s0.xo", Variable::make(Int(32), "n"),
                             Block::make(producer, consumer));
    std::string out = text(fuse_gpu_thread_loops(kernel));
    INFO(out);
    REQUIRE(count_of(out, "weft_gpu_thread_barrier()") == 1);
    REQUIRE(out.find("weft_gpu_thread_barrier()") > out.find("p[p.s0.x]"));
    REQUIRE(out.find("weft_gpu_thread_barrier()") < out.find("c[c.s0.x]"));
}

TEST_CASE("gpu pass: a block-level store runs in one thread, a serial loop ends in a barrier",
          "[gpu][pass]") {
    Stmt init = Store::make("acc", i32(0), i32(0));
    Stmt step = thread_loop("c.s0.x", 64, store("c", "c.s0.x"));
    Stmt serial = For::make("c.s1.k", i32(0), i32(4), ForType::Serial, DeviceAPI::Host, step);
    Stmt kernel = block_loop("c.s0.xo", i32(8), Block::make(init, serial));
    std::string out = text(fuse_gpu_thread_loops(kernel));
    INFO(out);
    REQUIRE(out.find("gpu_thread (c.s0.xo.__single_thread.0, 0, 1)") != std::string::npos);
    // one after the single-thread store, one ending each iteration of the serial loop
    REQUIRE(count_of(out, "weft_gpu_thread_barrier()") == 2);
}

TEST_CASE("gpu pass: a bounded thread extent becomes a constant with a guard", "[gpu][pass]") {
    Expr base = Variable::make(Int(32), "t.base");
    Expr k = Variable::make(Int(32), "k");
    // extent min(16, 40 - k * 16) over k in [0, 2]: at most 16
    Expr extent = Min::make(i32(16), Sub::make(i32(40), Mul::make(k, i32(16))));
    Stmt threads = For::make("t.s0.x", base, extent, ForType::GPUThread, DeviceAPI::CUDA,
                             store("t", "t.s0.x"));
    Stmt serial = For::make("k", i32(0), i32(3), ForType::Serial, DeviceAPI::Host, threads);
    Stmt kernel = block_loop("t.s0.xo", i32(4), LetStmt::make("t.base", i32(0), serial));
    std::string out = text(bound_gpu_thread_extents(kernel));
    INFO(out);
    REQUIRE(out.find("gpu_thread (t.s0.x, t.base, 16)") != std::string::npos);
    REQUIRE(out.find("if ((t.s0.x < ") != std::string::npos);
}

TEST_CASE("gpu pass: allocations in a kernel go to shared memory or registers",
          "[gpu][pass]") {
    Stmt in_thread = Allocate::make("r", Float(32), MemoryType::Auto, {i32(4)}, const_true(),
                                    store("r", "t.s0.x"));
    Stmt threads = thread_loop("t.s0.x", 32, in_thread);
    Stmt shared = Allocate::make("s", Float(32), MemoryType::Auto, {i32(32), i32(2)},
                                 const_true(), threads);
    Stmt kernel = block_loop("t.s0.xo", i32(4), shared);
    std::string out = text(place_gpu_allocations(kernel));
    INFO(out);
    REQUIRE(out.find("allocate s[float32 * 32 * 2] in MemoryType::GPUShared") != std::string::npos);
    REQUIRE(out.find("allocate r[float32 * 4] in MemoryType::Register") != std::string::npos);

    Stmt heap = Allocate::make("h", Float(32), MemoryType::Heap, {i32(4)}, const_true(),
                               threads);
    REQUIRE_THROWS_WITH(place_gpu_allocations(block_loop("t.s0.xo", i32(4), heap)),
                        Catch::Contains("Func \"h\" is store_in(MemoryType::Heap) but computed "
                                        "inside the GPU kernel of loop \"t.s0.xo\""));
}

TEST_CASE("gpu pass: GPU loops become serial host loops without CUDA", "[gpu][pass]") {
    Stmt kernel = block_loop("t.s0.xo", i32(4), thread_loop("t.s0.x", 32, store("t", "t.s0.x")));
    Stmt host = gpu_loops_to_host(kernel);
    std::string out = text(host);
    INFO(out);
    REQUIRE(out.find("gpu_") == std::string::npos);
    REQUIRE(out.find("<CUDA>") == std::string::npos);
    REQUIRE(count_of(out, "for (") == 2);
}
