// Codegen of vector memory access and lane operations: dense Ramp loads/stores,
// Broadcast indices, gathers, scatters, predicated (masked) loads and stores, float
// Ramps, Shuffle (concat, slice, extract) and VectorReduce.

#include "codegen_helpers.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace weft;
using namespace weft::test;

TEST_CASE("codegen: dense, broadcast, gather and scatter accesses", "[codegen]") {
    // dense[8v + l] = in[8v + l] * 2 + in[0]        (ramp load, broadcast index)
    // gather[8v + l] = in[(8v + l) * 3 % 64]        (gather)
    // scatter[(8v + l) * 5 % 64] = in[8v + l]       (scatter)
    const int n = 64;
    Expr v = var("v");
    Type t8 = Int(32, 8);
    Expr dense_idx = Ramp::make(v * 8, 1, 8);
    Expr dense = Load::make(t8, "in", dense_idx);
    Expr first = Load::make(t8, "in", Broadcast::make(0, 8));
    Expr gidx = Mod::make(Mul::make(dense_idx, Broadcast::make(3, 8)), Broadcast::make(n, 8));
    Expr sidx = Mod::make(Mul::make(dense_idx, Broadcast::make(5, 8)), Broadcast::make(n, 8));
    Stmt body = loop(
        "v", n / 8,
        Block::make({Store::make("dense", Add::make(Mul::make(dense, Broadcast::make(2, 8)), first),
                                 dense_idx),
                     Store::make("gather", Load::make(t8, "in", gidx), dense_idx),
                     Store::make("scatter", dense, sidx)}));
    JITModule m =
        jit("vector_access",
            {buffer_arg("dense", Int(32), 1, true), buffer_arg("gather", Int(32), 1, true),
             buffer_arg("scatter", Int(32), 1, true), buffer_arg("in", Int(32))},
            body);
    std::vector<int32_t> in(n);
    std::iota(in.begin(), in.end(), 10);
    RawBuffer<int32_t> d(n), g(n), s(n), input(in);
    REQUIRE(run(m, {&d.raw, &g.raw, &s.raw, &input.raw}) == 0);
    for (int i = 0; i < n; i++) {
        CHECK(d.data[i] == in[i] * 2 + in[0]);
        CHECK(g.data[i] == in[i * 3 % n]);
        CHECK(s.data[i * 5 % n] == in[i]);
    }
}

TEST_CASE("codegen: predicated vector and scalar loads and stores", "[codegen]") {
    // Lanes with in[i] > 0 copy; others keep the output's old value (store) or read 0
    // (load). The scalar loop does the same one element at a time.
    const int n = 16;
    Expr v = var("v"), i = var("i");
    Expr idx = Ramp::make(v * 8, 1, 8);
    Expr positive = GT::make(Load::make(Int(32, 8), "in", idx), Broadcast::make(0, 8));
    Expr x = Load::make(Int(32), "in", i);
    Stmt body = Block::make(
        loop("v", n / 8,
             Block::make(
                 Store::make("masked_store", Load::make(Int(32, 8), "in", idx), idx, positive),
                 Store::make("masked_load", Load::make(Int(32, 8), "in", idx, positive), idx))),
        loop("i", n,
             Store::make("scalar", Load::make(Int(32), "in", i, GT::make(x, 0)), i,
                         LT::make(x, 100))));
    JITModule m = jit("predicated",
                      {buffer_arg("masked_load", Int(32), 1, true),
                       buffer_arg("masked_store", Int(32), 1, true),
                       buffer_arg("scalar", Int(32), 1, true), buffer_arg("in", Int(32))},
                      body);
    std::vector<int32_t> in = {5, -1, 7, 0, -3, 200, 9, -8, 1, 2, -2, 3, 150, -4, 6, -5};
    RawBuffer<int32_t> ml(n, -77), ms(n, -77), sc(n, -77), input(in);
    REQUIRE(run(m, {&ml.raw, &ms.raw, &sc.raw, &input.raw}) == 0);
    for (int k = 0; k < n; k++) {
        INFO(k);
        CHECK(ml.data[k] == (in[k] > 0 ? in[k] : 0));
        CHECK(ms.data[k] == (in[k] > 0 ? in[k] : -77));
        CHECK(sc.data[k] == (in[k] < 100 ? (in[k] > 0 ? in[k] : 0) : -77));
    }
}

TEST_CASE("codegen: Shuffle, float Ramp and VectorReduce", "[codegen]") {
    Type f8 = Float(32, 8);
    Expr a = Load::make(f8, "in", Ramp::make(0, 1, 8));
    Expr b = Load::make(f8, "in", Ramp::make(8, 1, 8));
    // Reverse of the concatenation of a and b: 16 lanes, stored at 0..15.
    std::vector<int> rev;
    for (int k = 15; k >= 0; k--) {
        rev.push_back(k);
    }
    Stmt s1 = Store::make("out", Shuffle::make({a, b}, rev), Ramp::make(0, 1, 16));
    // Lanes 1, 3, 5, 7 of a (slice) at 16..19; lane 6 of b at 20.
    Stmt s2 = Store::make("out", Shuffle::make_slice(a, 1, 2, 4), Ramp::make(16, 1, 4));
    Stmt s3 = Store::make("out", Shuffle::make_extract_element(b, 6), 21);
    // A float ramp 0.5, 1.0, ... at 24..31.
    Stmt s4 = Store::make("out", Ramp::make(Expr(0.5f), Expr(0.5f), 8), Ramp::make(24, 1, 8));
    // Sums of adjacent pairs (4 lanes) at 32..35, total sum at 36, max at 37, min at 38,
    // sums of adjacent triples of a 12-lane vector (odd factor) at 40..43.
    Stmt s5 = Store::make("out", VectorReduce::make(VectorReduce::Add, a, 4), Ramp::make(32, 1, 4));
    Stmt s6 = Store::make("out", VectorReduce::make(VectorReduce::Add, b, 1), 36);
    Stmt s7 = Store::make("out", VectorReduce::make(VectorReduce::Max, b, 1), 37);
    Stmt s8 = Store::make("out", VectorReduce::make(VectorReduce::Min, a, 1), 38);
    Expr twelve = Load::make(Float(32, 12), "in", Ramp::make(0, 1, 12));
    Stmt s9 =
        Store::make("out", VectorReduce::make(VectorReduce::Add, twelve, 4), Ramp::make(40, 1, 4));
    JITModule m = jit("lanes", {buffer_arg("out", Float(32), 1, true), buffer_arg("in", Float(32))},
                      Block::make({s1, s2, s3, s4, s5, s6, s7, s8, s9}));
    std::vector<float> in(16);
    for (int k = 0; k < 16; k++) {
        in[k] = float((k * 7) % 16) - 4.0f;
    }
    RawBuffer<float> out(48), input(in);
    REQUIRE(run(m, {&out.raw, &input.raw}) == 0);
    for (int k = 0; k < 16; k++) {
        CHECK(out.data[k] == in[15 - k]);
    }
    for (int k = 0; k < 4; k++) {
        CHECK(out.data[16 + k] == in[1 + 2 * k]);
        CHECK(out.data[32 + k] == in[2 * k] + in[2 * k + 1]);
        CHECK(out.data[40 + k] == in[3 * k] + in[3 * k + 1] + in[3 * k + 2]);
    }
    CHECK(out.data[21] == in[14]);
    for (int k = 0; k < 8; k++) {
        CHECK(out.data[24 + k] == 0.5f * float(k + 1));
    }
    CHECK(out.data[36] == std::accumulate(in.begin() + 8, in.end(), 0.0f));
    CHECK(out.data[37] == *std::max_element(in.begin() + 8, in.end()));
    CHECK(out.data[38] == *std::min_element(in.begin(), in.begin() + 8));
}

TEST_CASE("codegen: integer VectorReduce and Let", "[codegen]") {
    Type i8x = Int(32, 8);
    Expr a = Load::make(i8x, "in", Ramp::make(0, 1, 8));
    Expr x = Variable::make(i8x, "x");
    Stmt body = Block::make(
        {Store::make("out", VectorReduce::make(VectorReduce::Add, a, 1), 0),
         Store::make("out", VectorReduce::make(VectorReduce::Mul, a, 1), 1),
         Store::make("out", VectorReduce::make(VectorReduce::Min, a, 1), 2),
         Store::make("out", VectorReduce::make(VectorReduce::Max, a, 2), Ramp::make(3, 1, 2)),
         Store::make("out",
                     Let::make("x", a, VectorReduce::make(VectorReduce::Add, Add::make(x, x), 1)),
                     5)});
    JITModule m =
        jit("int_reduce", {buffer_arg("out", Int(32), 1, true), buffer_arg("in", Int(32))}, body);
    std::vector<int32_t> in = {3, -2, 5, 1, -7, 4, 2, 6};
    RawBuffer<int32_t> out(6), input(in);
    REQUIRE(run(m, {&out.raw, &input.raw}) == 0);
    CHECK(out.data[0] == 12);
    CHECK(out.data[1] == 3 * -2 * 5 * 1 * -7 * 4 * 2 * 6);
    CHECK(out.data[2] == -7);
    CHECK(out.data[3] == 5);
    CHECK(out.data[4] == 6);
    CHECK(out.data[5] == 24);
}
