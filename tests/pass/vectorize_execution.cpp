// VectorizeLoops, executed: each hand-built loop nest is JIT-compiled twice, once
// with its vectorized loops run serially and once after vectorize_loops(), and the
// outputs must match element for element (outputs start filled with a sentinel, so a
// predicated store that writes an inactive lane is caught).

#include "codegen/codegen_helpers.h"
#include "lower/VectorizeLoops.h"

#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <numeric>

using namespace weft;
using namespace weft::test;

namespace {

/// A copy of s with every Vectorized loop made Serial: the reference semantics.
Stmt serialize(const Stmt &s) {
    struct Serialize : IRMutator {
        using IRMutator::visit;
        Stmt visit(const For *op) override {
            Stmt body = mutate(op->body);
            ForType ft = op->for_type == ForType::Vectorized ? ForType::Serial : op->for_type;
            return For::make(op->name, op->min, op->extent, ft, op->device_api, body);
        }
    };
    return Serialize().mutate(s);
}

Stmt vloop(const std::string &name, Expr min, Expr extent, Stmt body,
           ForType ft = ForType::Vectorized) {
    return For::make(name, std::move(min), std::move(extent), ft, DeviceAPI::Host,
                     std::move(body));
}

Expr load(const std::string &buf, Expr index, Type t = Int(32)) {
    return Load::make(t, buf, std::move(index));
}

/// Runs `body` (out: n_out elements of OutT, in: `input`) serially and vectorized and
/// compares the outputs.
template <typename OutT>
void check_against_serial(const std::string &name, const Stmt &body, int n_out,
                          const std::vector<int32_t> &input) {
    Stmt vectorized = vectorize_loops(body, get_jit_target_from_environment());
    INFO("vectorized:\n" << vectorized);
    std::vector<LoweredArgument> args = {buffer_arg("out", type_of<OutT>(), 1, true),
                                         buffer_arg("in", Int(32))};
    JITModule serial_m = jit(name + "_serial", args, serialize(body));
    JITModule vector_m = jit(name + "_vector", args, vectorized);
    RawBuffer<OutT> expected(n_out, OutT(-7)), actual(n_out, OutT(-7));
    RawBuffer<int32_t> in1(input), in2(input);
    REQUIRE(run(serial_m, {&expected.raw, &in1.raw}) == 0);
    REQUIRE(run(vector_m, {&actual.raw, &in2.raw}) == 0);
    for (int i = 0; i < n_out; i++) {
        INFO("element " << i);
        CHECK(actual.data[i] == expected.data[i]);
    }
}

std::vector<int32_t> iota_input(int n, int start = -20) {
    std::vector<int32_t> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), start);
    return v;
}

/// for xo in [0, outer): for xi in [0, 8) vectorized: let x = xo * 8 + xi in body(x)
Stmt split_loop(int outer, const std::function<Stmt(Expr)> &body) {
    Expr xo = var("xo"), xi = var("xi"), x = var("x");
    return vloop("xo", 0, outer,
                 vloop("xi", 0, 8, LetStmt::make("x", xo * 8 + xi, body(x))),
                 ForType::Serial);
}

} // namespace

TEST_CASE("vectorize executes: dense arithmetic", "[vectorize][execution]") {
    Stmt s = split_loop(8, [](Expr x) { return Store::make("out", load("in", x) * 2 + 1, x); });
    check_against_serial<int32_t>("dense", s, 64, iota_input(64));
    // Dense accesses compile to plain vector loads and stores, not gathers/scatters.
    LoweredPipeline p;
    p.name = "dense_asm";
    p.arguments = {buffer_arg("out", Int(32), 1, true), buffer_arg("in", Int(32))};
    p.body = vectorize_loops(s, get_jit_target_from_environment());
    p.target = get_jit_target_from_environment();
    std::string ir = compile_to_llvm_assembly_text(p);
    INFO(ir);
    CHECK(ir.find("<8 x i32>") != std::string::npos);
    CHECK(ir.find("gather") == std::string::npos);
    CHECK(ir.find("scatter") == std::string::npos);
}

TEST_CASE("vectorize executes: predicated tail", "[vectorize][execution]") {
    // 61 elements in 8 vectors of 8: the last 3 lanes of the last vector are off.
    const int n = 61;
    Stmt s = split_loop(8, [&](Expr x) {
        return IfThenElse::make(x < n, Store::make("out", load("in", x) * 3 + load("in", 2), x));
    });
    check_against_serial<int32_t>("tail", s, 64, iota_input(n));
}

TEST_CASE("vectorize executes: if/else predication", "[vectorize][execution]") {
    Stmt s = split_loop(4, [&](Expr x) {
        Expr v = load("in", x);
        return IfThenElse::make(v % 3 == 0, Store::make("out", v, x),
                                Store::make("out", load("in", (x * 7) % 32) - v, x));
    });
    check_against_serial<int32_t>("if_else", s, 32, iota_input(32));
}

TEST_CASE("vectorize executes: gather", "[vectorize][execution]") {
    Stmt s = split_loop(8, [](Expr x) {
        return Store::make("out", load("in", (x * x) % 64) + load("in", 5), x);
    });
    check_against_serial<int32_t>("gather", s, 64, iota_input(64));
}

TEST_CASE("vectorize executes: select, div, mod, min, max, cast and sqrt",
          "[vectorize][execution][cast]") {
    Stmt s = split_loop(4, [](Expr x) {
        Expr v = load("in", x);
        Expr f = Call::make(Float(32), "sqrt", {cast(Float(32), v * v + 1)}, Call::PureIntrinsic);
        Expr value = cast(Float(32), select(v % 3 == 0, min(v / 4, 3), max(v, -5))) + f;
        return Store::make("out", value, x);
    });
    check_against_serial<float>("math", s, 32, iota_input(32));
}

TEST_CASE("vectorize executes: lets and a serial inner loop", "[vectorize][execution]") {
    // out[x] = sum over r in [0, 4) of t * in[x * 4 + r], t = in[x] + 1
    Stmt s = split_loop(2, [](Expr x) {
        Expr r = var("r"), t = var("t");
        Stmt init = Store::make("out", 0, x);
        Stmt update = vloop("r", 0, 4,
                            Store::make("out", load("out", x) + t * load("in", x * 4 + r), x),
                            ForType::Serial);
        return LetStmt::make("t", load("in", x) + 1, Block::make(init, update));
    });
    check_against_serial<int32_t>("reduce", s, 16, iota_input(64));
}

TEST_CASE("vectorize executes: scalarized inner loop and nested vectorized loops",
          "[vectorize][execution]") {
    // Inner loop extent depends on the lane: scalarized.
    Stmt tri = split_loop(2, [](Expr x) {
        Expr r = var("r");
        return Block::make(Store::make("out", 0, x),
                           vloop("r", 0, x + 1, Store::make("out", load("out", x) + r, x),
                                 ForType::Serial));
    });
    check_against_serial<int32_t>("triangle", tri, 16, iota_input(16));
    // for y vectorized 2: for x vectorized 4: out[y * 4 + x] = in[x] * y
    Expr x = var("x"), y = var("y");
    Stmt nested = vloop("y", 0, 2,
                        vloop("x", 0, 4, Store::make("out", load("in", x) * y + x, y * 4 + x)));
    check_against_serial<int32_t>("nested", nested, 8, iota_input(8, 3));
}

TEST_CASE("vectorize executes: an allocation inside the vectorized loop",
          "[vectorize][execution]") {
    // tmp[0] = in[x]; tmp[1] = tmp[0] * 2; out[x] = tmp[1] + tmp[0]
    Stmt s = split_loop(4, [](Expr x) {
        Stmt body = Block::make({Store::make("tmp", load("in", x), 0),
                                 Store::make("tmp", load("tmp", 0) * 2, 1),
                                 Store::make("out", load("tmp", 1) + load("tmp", 0), x)});
        return Allocate::make("tmp", Int(32), MemoryType::Auto, {Expr(2)}, Expr(), body);
    });
    check_against_serial<int32_t>("alloc", s, 32, iota_input(32));
}
