// specialize_dense_strides (src/lower/SpecializeDenseStrides.h) on hand-built loop
// nests: which buffers it specializes, where the branch goes, what each branch holds;
// then the fast and the general path of a JIT-compiled pipeline give the same values.

#include "analysis/Simplify.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "lower/SpecializeDenseStrides.h"
#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace weft;
using namespace weft::internal;

namespace {

Expr i32v(const std::string &name) {
    return Variable::make(Int(32), name);
}

/// out[(x - out.min.0) * out.stride.0] = in[(x - in.min.0) * in.stride.0] * 2 over
/// a loop of type `ft`, after an assertion and a let (the prefix that stays outside).
Stmt copy_loop(ForType ft, const std::string &in = "in") {
    Expr x = i32v("x");
    Expr in_index = Mul::make(Sub::make(x, i32v(in + ".min.0")), i32v(in + ".stride.0"));
    Expr out_index = Mul::make(Sub::make(x, i32v("out.min.0")), i32v("out.stride.0"));
    Expr value = Mul::make(Load::make(Int(32), in, in_index), make_const(Int(32), 2));
    Stmt loop = For::make("x", i32v("out.min.0"), make_const(Int(32), 16), ft, DeviceAPI::Host,
                          Store::make("out", value, out_index));
    Stmt body = LetStmt::make("n", i32v("out.extent.0"), loop);
    Expr msg = Call::make(Int(32), "weft_error_assertion", {}, Call::Extern);
    return Block::make(AssertStmt::make(GE::make(i32v("out.extent.0"), make_zero(Int(32))), msg),
                       body);
}

std::string text_of(const Stmt &s) {
    std::ostringstream os;
    os << s;
    return os.str();
}

} // namespace

TEST_CASE("specialize_dense_strides: leaves a Stmt without vectorized loops alone",
          "[codegen][simd][specialize_dense_strides]") {
    Stmt s = copy_loop(ForType::Serial);
    CHECK(specialize_dense_strides(s).same_as(s));
    Stmt p = copy_loop(ForType::Parallel);
    CHECK(specialize_dense_strides(p).same_as(p));
}

TEST_CASE("specialize_dense_strides: a fast path with unit strides below the prefix",
          "[codegen][simd][specialize_dense_strides]") {
    Stmt s = copy_loop(ForType::Vectorized);
    Stmt r = specialize_dense_strides(s);
    INFO(text_of(r));
    // The assertion and the let stay outside, once.
    const Block *b = r.as<Block>();
    REQUIRE(b);
    CHECK(b->first.as<AssertStmt>());
    const LetStmt *let = b->rest.as<LetStmt>();
    REQUIRE(let);
    const IfThenElse *branch = let->body.as<IfThenElse>();
    REQUIRE(branch);
    // likely(in.stride.0 == 1 && out.stride.0 == 1)
    const Call *likely = branch->condition.as<Call>();
    REQUIRE(likely);
    CHECK(likely->is_intrinsic(Call::likely));
    const std::string cond = text_of(Evaluate::make(likely->args[0]));
    CHECK(cond.find("(in.stride.0 == 1)") != std::string::npos);
    CHECK(cond.find("(out.stride.0 == 1)") != std::string::npos);
    // The fast path has no stride left; the general path is the original loop.
    CHECK(!stmt_uses_var(branch->then_case, "in.stride.0"));
    CHECK(!stmt_uses_var(branch->then_case, "out.stride.0"));
    const LetStmt *original = s.as<Block>()->rest.as<LetStmt>();
    CHECK(branch->else_case.same_as(original->body));
}

TEST_CASE("specialize_dense_strides: statements after the vectorized loops stay outside",
          "[codegen][simd][specialize_dense_strides]") {
    Stmt vectorized = copy_loop(ForType::Vectorized).as<Block>()->rest;
    Stmt after = copy_loop(ForType::Serial).as<Block>()->rest;
    Stmt r = specialize_dense_strides(Block::make(vectorized, after));
    INFO(text_of(r));
    const Block *b = r.as<Block>();
    REQUIRE(b);
    CHECK(b->first.as<LetStmt>());
    CHECK(b->first.as<LetStmt>()->body.as<IfThenElse>());
    CHECK(b->rest.same_as(after));
}

TEST_CASE("specialize_dense_strides: allocations are not specialized",
          "[codegen][simd][specialize_dense_strides]") {
    // The loop reads an allocation "tmp" whose strides are bound by LetStmts (as
    // storage_flattening binds them): only the output buffer's stride is tested.
    Stmt loop = copy_loop(ForType::Vectorized, "tmp").as<Block>()->rest;
    Stmt alloc = Allocate::make("tmp", Int(32), MemoryType::Auto, {make_const(Int(32), 16)},
                                const_true(), loop);
    alloc = LetStmt::make("tmp.stride.0", make_one(Int(32)), alloc);
    alloc = LetStmt::make("tmp.min.0", make_zero(Int(32)), alloc);
    Stmt r = specialize_dense_strides(alloc);
    const std::string text = text_of(r);
    INFO(text);
    CHECK(text.find("(out.stride.0 == 1)") != std::string::npos);
    CHECK(text.find("(tmp.stride.0 == 1)") == std::string::npos);
}

TEST_CASE("specialize_dense_strides: dense, strided and transposed buffers agree",
          "[codegen][simd][specialize_dense_strides]") {
    const int W = 37, H = 11;
    Buffer<float> in(W + 1, H);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x <= W; x++) {
            in(x, y) = float(x * 3 - y * 7) * 0.5f;
        }
    }
    ImageParam p(Float(32), 2, "p");
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = p(x, y) * 2.0f + p(x + 1, y);
    f.vectorize(x, 8);
    auto expect = [&](int xx, int yy) { return in(xx, yy) * 2.0f + in(xx + 1, yy); };

    // Dense input and output: the fast path.
    p.set(in);
    Buffer<float> dense = f.realize({W, H});
    // A transposed copy of the input (x has stride H): the general path.
    Buffer<float> column_major(H, W + 1);
    for (int yy = 0; yy < H; yy++) {
        for (int xx = 0; xx <= W; xx++) {
            column_major(yy, xx) = in(xx, yy);
        }
    }
    p.set(column_major.transposed(0, 1));
    Buffer<float> from_transposed = f.realize({W, H});
    // A transposed output.
    p.set(in);
    Buffer<float> out_storage(H, W);
    f.realize(out_storage.transposed(0, 1));
    for (int yy = 0; yy < H; yy++) {
        for (int xx = 0; xx < W; xx++) {
            CHECK(dense(xx, yy) == expect(xx, yy));
            CHECK(from_transposed(xx, yy) == expect(xx, yy));
            CHECK(out_storage(yy, xx) == expect(xx, yy));
        }
    }
}
