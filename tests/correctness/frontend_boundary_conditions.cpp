// BoundaryConditions build pure Funcs that read their source only through clamped
// coordinates (weft/BoundaryConditions.h). The values they compute are checked by
// boundary_conditions.cpp; this checks what is built, without compiling.

#include <weft/weft.h>

#include "ir/Function.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "ir/IRVisitor.h"

#include <catch2/catch.hpp>

using namespace weft;
using namespace weft::internal;

namespace {

/// Every read of `source` in e (Image or Func calls by that name).
std::vector<const Call *> reads_of(const Expr &e, const std::string &source) {
    std::vector<const Call *> calls;
    walk_exprs(e, [&](const Expr &x) {
        if (const Call *c = x.as<Call>(); c && c->name == source) {
            calls.push_back(c);
        }
        return true;
    });
    return calls;
}

/// True when every coordinate of every read of `source` is a clamp (max(min(...))).
bool reads_are_clamped(const Func &f, const std::string &source) {
    std::vector<const Call *> calls = reads_of(f.value(), source);
    if (calls.empty()) {
        return false;
    }
    for (const Call *c : calls) {
        for (const Expr &a : c->args) {
            if (!a.as<Max>() || !a.as<Max>()->a.as<Min>()) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

TEST_CASE("frontend: boundary conditions of an ImageParam", "[frontend]") {
    ImageParam in(UInt(8), 2, "in");
    for (Func f : {BoundaryConditions::repeat_edge(in), BoundaryConditions::mirror_image(in),
                   BoundaryConditions::mirror_interior(in),
                   BoundaryConditions::constant_exterior(in, 7)}) {
        INFO(f.name());
        REQUIRE(f.defined());
        REQUIRE(f.dimensions() == 2);
        REQUIRE(f.type() == UInt(8));
        REQUIRE_FALSE(f.has_update_definition());
        REQUIRE(f.compute_level().is_inlined());
        REQUIRE(reads_are_clamped(f, "in"));
    }
    Func c = BoundaryConditions::constant_exterior(in, 7);
    const Select *sel = c.value().as<Select>();
    REQUIRE(sel != nullptr);
    REQUIRE(sel->false_value.type() == UInt(8));
    REQUIRE(as_const_uint(sel->false_value).value() == 7);
    REQUIRE_THROWS_WITH(BoundaryConditions::constant_exterior(in, 256),
                        Catch::Contains("Integer constant 256 cannot be represented in uint8"));
    // repeat_edge clamps to [min, min + extent - 1] of each dimension.
    Func r = BoundaryConditions::repeat_edge(in);
    const Call *read = reads_of(r.value(), "in")[0];
    const Max *mx = read->args[1].as<Max>();
    REQUIRE(mx->b.as<Variable>()->name == "in.min.1");
}

TEST_CASE("frontend: boundary conditions of a Buffer", "[frontend]") {
    Buffer<float> b(10, 5);
    b.set_name("image");
    b.set_min({-2, 3});
    Func f = BoundaryConditions::repeat_edge(b);
    REQUIRE(f.type() == Float(32));
    REQUIRE(f.dimensions() == 2);
    REQUIRE(reads_are_clamped(f, "image"));
    const Call *read = reads_of(f.value(), "image")[0];
    REQUIRE(read->call_type == Call::Image);
    // Constant bounds: dimension 0 covers [-2, 7], dimension 1 [3, 7].
    const Max *d0 = read->args[0].as<Max>();
    REQUIRE(is_const(d0->b, -2));
    const Max *d1 = read->args[1].as<Max>();
    REQUIRE(is_const(d1->b, 3));
    REQUIRE(BoundaryConditions::mirror_image(b).defined());
    REQUIRE(BoundaryConditions::mirror_interior(b).defined());
    Func c = BoundaryConditions::constant_exterior(b, 0.5f);
    REQUIRE(as_const_float(c.value().as<Select>()->false_value).value() == 0.5);
}

TEST_CASE("frontend: boundary conditions of a Func", "[frontend]") {
    Func g("g");
    Var x("x"), y("y"), z("z");
    g(x, y, z) = x + y + z;
    Param<int> w("w");
    // Bounds for the first two dimensions only: z passes through unclamped.
    Func f = BoundaryConditions::mirror_interior(g, {{0, w}, {1, 8}});
    REQUIRE(f.dimensions() == 3);
    REQUIRE(f.args()[2].name() == "z");
    const Call *read = reads_of(f.value(), "g")[0];
    REQUIRE(read->call_type == Call::Func);
    REQUIRE(read->args[0].as<Max>() != nullptr);
    REQUIRE(read->args[2].as<Variable>()->name == "z");
    Func e = BoundaryConditions::constant_exterior(g, -1, {{0, 4}, {0, 4}, {0, 4}});
    REQUIRE(e.value().as<Select>() != nullptr);
    REQUIRE(BoundaryConditions::repeat_edge(g, {}).defined());
    REQUIRE_THROWS_WITH(BoundaryConditions::repeat_edge(g, {{0, 1}, {0, 1}, {0, 1}, {0, 1}}),
                        Catch::Contains("has 3 dimensions but 4 bounds were given"));
    Func undefined("u");
    REQUIRE_THROWS_WITH(BoundaryConditions::mirror_image(undefined, {{0, 1}}),
                        Catch::Contains("Func \"u\" has not yet been defined"));
}
