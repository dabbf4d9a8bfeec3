// Codegen of allocations, assertions and parallel loops: stack (alloca) and heap
// (weft_malloc) allocations, dynamic sizes, a failing AssertStmt whose message reaches
// the caller (with heap allocations freed on the way out), parallel loops writing
// distinct elements, a parallel loop with an allocation inside, and a task that fails.

#include "codegen_helpers.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::test;

namespace {

Expr error_call(const std::string &message) {
    return Call::make(Int(32), "weft_error_assertion", {user_context(), Expr(message)},
                      Call::Extern);
}

/// tmp[i] = in[i] * 3 for i < n, then out[i] = tmp[n - 1 - i]: a reversal through an
/// allocation of `extent` elements.
Stmt reverse_through(const std::string &tmp, MemoryType mt, Expr extent, Expr n) {
    Expr i = var("i." + tmp), j = var("j." + tmp);
    Stmt fill = loop("i." + tmp, n, Store::make(tmp, Load::make(Int(32), "in", i) * 3, i));
    Stmt use = loop("j." + tmp, n, Store::make("out", Load::make(Int(32), tmp, n - 1 - j), j));
    return Allocate::make(tmp, Int(32), mt, {extent}, Expr(), Block::make(fill, use));
}

} // namespace

TEST_CASE("codegen: stack and heap allocations", "[codegen]") {
    const int n = 100;
    Expr dyn = var("n");
    for (MemoryType mt : {MemoryType::Auto, MemoryType::Stack, MemoryType::Heap}) {
        for (bool constant : {true, false}) {
            // A big constant allocation (1 MB) goes to the heap even with Auto.
            Expr extent = constant ? Expr(mt == MemoryType::Auto ? 250000 : n) : dyn;
            Stmt body = reverse_through("tmp", mt, extent, dyn);
            JITModule m = jit("alloc",
                              {buffer_arg("out", Int(32), 1, true), buffer_arg("in", Int(32)),
                               scalar_arg("n", Int(32))},
                              body);
            std::vector<int32_t> in(n);
            for (int k = 0; k < n; k++) {
                in[k] = k - 7;
            }
            RawBuffer<int32_t> out(n), input(in);
            int32_t count = n;
            REQUIRE(run(m, {&out.raw, &input.raw, &count}) == 0);
            for (int k = 0; k < n; k++) {
                CHECK(out.data[k] == in[n - 1 - k] * 3);
            }
        }
    }
}

TEST_CASE("codegen: a failing assertion returns its code and message", "[codegen]") {
    // A heap allocation is live when the assertion fails: it must be freed (run under
    // a leak checker to see), and the message must reach the user context.
    Expr x = Load::make(Int(32), "in", 0);
    Stmt check = AssertStmt::make(LT::make(x, 10), error_call("x is too large"));
    Stmt body = Allocate::make(
        "scratch", Float(32), MemoryType::Heap, {Expr(1000)}, Expr(),
        Block::make(
            {Store::make("scratch", Expr(1.0f), 0), check,
             Store::make("out", Cast::make(Int(32), Load::make(Float(32), "scratch", 0)), 0)}));
    JITModule m =
        jit("assert", {buffer_arg("out", Int(32), 1, true), buffer_arg("in", Int(32))}, body);
    RawBuffer<int32_t> out(1, -1), ok(std::vector<int32_t>{3}), bad(std::vector<int32_t>{30});
    std::string message;
    CHECK(run(m, {&out.raw, &ok.raw}, &message) == 0);
    CHECK(out.data[0] == 1);
    CHECK(message.empty());
    out.data[0] = -1;
    CHECK(run(m, {&out.raw, &bad.raw}, &message) == weft_error_code_assertion);
    CHECK(message.find("x is too large") != std::string::npos);
    CHECK(out.data[0] == -1);
}

TEST_CASE("codegen: allocation failure is an out-of-memory error", "[codegen]") {
    // 2^48 int32 elements: refused before weft_malloc is called; the entry point returns its code.
    Expr huge = var("n");
    Stmt body = Allocate::make("big", Int(32), MemoryType::Heap, {huge, huge}, Expr(),
                               Store::make("big", Expr(1), 0));
    JITModule m = jit("oom", {scalar_arg("n", Int(32))}, body);
    int32_t n = 1 << 24; // 2^50 bytes
    std::string message;
    CHECK(run(m, {&n}, &message) == weft_error_code_out_of_memory);
    CHECK(message.find("big") != std::string::npos);
}

TEST_CASE("codegen: parallel loops", "[codegen]") {
    // out[y * w + x] = x + y * 1000 + k over a parallel y loop; each task also uses a
    // small stack allocation and a heap allocation of its own.
    const int w = 37, h = 53;
    Expr x = var("x"), y = var("y"), k = var("k");
    Stmt inner = loop("x", w,
                      Store::make("out",
                                  x + y * 1000 + k + Load::make(Int(32), "row", x) -
                                      Load::make(Int(32), "heap_row", x),
                                  y * w + x));
    Stmt fill = loop("x0", w,
                     Block::make(Store::make("row", var("x0") * 2, var("x0")),
                                 Store::make("heap_row", var("x0") * 2, var("x0"))));
    Stmt task = Allocate::make("row", Int(32), MemoryType::Stack, {Expr(w)}, Expr(),
                               Allocate::make("heap_row", Int(32), MemoryType::Heap, {Expr(w)},
                                              Expr(), Block::make(fill, inner)));
    Stmt body = For::make("y", 0, h, ForType::Parallel, DeviceAPI::Host, task);
    JITModule m = jit("par", {buffer_arg("out", Int(32), 1, true), scalar_arg("k", Int(32))}, body);
    RawBuffer<int32_t> out(w * h);
    int32_t kv = 5;
    REQUIRE(run(m, {&out.raw, &kv}) == 0);
    for (int yy = 0; yy < h; yy++) {
        for (int xx = 0; xx < w; xx++) {
            CHECK(out.data[yy * w + xx] == xx + yy * 1000 + 5);
        }
    }
}

TEST_CASE("codegen: a failing task fails the parallel loop", "[codegen]") {
    Expr y = var("y");
    Stmt task = Block::make(
        AssertStmt::make(NE::make(y, var("bad")), error_call("task failed at the bad row")),
        Store::make("out", y, y));
    // An outer heap allocation must be freed when the loop fails.
    Stmt body = Allocate::make(
        "outer", Int(32), MemoryType::Heap, {Expr(5000)}, Expr(),
        Block::make(Store::make("outer", Expr(0), 0),
                    For::make("y", 0, 64, ForType::Parallel, DeviceAPI::Host, task)));
    JITModule m =
        jit("par_fail", {buffer_arg("out", Int(32), 1, true), scalar_arg("bad", Int(32))}, body);
    RawBuffer<int32_t> out(64);
    int32_t bad = 40;
    std::string message;
    CHECK(run(m, {&out.raw, &bad}, &message) == weft_error_code_assertion);
    CHECK(message.find("task failed at the bad row") != std::string::npos);
    bad = 1000;
    CHECK(run(m, {&out.raw, &bad}, &message) == 0);
    CHECK(out.data[63] == 63);
}

TEST_CASE("codegen: nested parallel loops and IfThenElse", "[codegen]") {
    Expr x = var("x"), y = var("y");
    Stmt store = IfThenElse::make(LT::make(x, y), Store::make("out", x * 100 + y, y * 16 + x),
                                  Store::make("out", Expr(-1), y * 16 + x));
    Stmt body = For::make("y", 0, 16, ForType::Parallel, DeviceAPI::Host,
                          For::make("x", 0, 16, ForType::Parallel, DeviceAPI::Host, store));
    JITModule m = jit("nested_par", {buffer_arg("out", Int(32), 1, true)}, body);
    RawBuffer<int32_t> out(256);
    REQUIRE(run(m, {&out.raw}) == 0);
    for (int yy = 0; yy < 16; yy++) {
        for (int xx = 0; xx < 16; xx++) {
            CHECK(out.data[yy * 16 + xx] == (xx < yy ? xx * 100 + yy : -1));
        }
    }
}

TEST_CASE("codegen: buffer fields are defined at entry", "[codegen]") {
    // out[0..] = in.min.0, in.extent.0, in.stride.0, in.dimensions, type code and bits.
    std::vector<Expr> fields = {var("in.min.0"),
                                var("in.extent.0"),
                                var("in.stride.0"),
                                var("in.dimensions"),
                                Cast::make(Int(32), var("in.type.code", UInt(8))),
                                Cast::make(Int(32), var("in.type.bits", UInt(8)))};
    std::vector<Stmt> stores;
    for (size_t k = 0; k < fields.size(); k++) {
        stores.push_back(Store::make("out", fields[k], int(k)));
    }
    JITModule m = jit("fields", {buffer_arg("out", Int(32), 1, true), buffer_arg("in", UInt(16))},
                      Block::make(stores));
    RawBuffer<int32_t> out(6);
    RawBuffer<uint16_t> in(10);
    in.dim.min = -3;
    REQUIRE(run(m, {&out.raw, &in.raw}) == 0);
    CHECK(out.data == std::vector<int32_t>{-3, 10, 1, 1, int(weft_type_uint), 16});
}
