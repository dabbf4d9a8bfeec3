// Sliding window must not slide over a loop whose window also moves with a loop nested
// inside it (the equivalence test found this: a split x loop with the producer computed
// at the innermost piece and stored at root).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("store_root with compute_at below a reordered split stays correct", "[store_at]") {
    Buffer<int32_t> in(64);
    for (int i = 0; i < 64; i++) {
        in(i) = i * 7 - 100;
    }
    Func g("g"), f("f");
    Var x("x"), xi("xi"), xa("xa"), xb("xb");
    g(x) = in(clamp(x, 0, 63)) * 2;
    f(x) = g(x - 1) + g(x) + g(x + 1);
    f.split(x, x, xi, 4).split(xi, xa, xb, 2).reorder(xb, x, xa);
    g.compute_at(f, xb).store_root();
    Buffer<int32_t> out = f.realize({32});
    auto gv = [&](int i) { return in(std::clamp(i, 0, 63)) * 2; };
    for (int i = 0; i < 32; i++) {
        CAPTURE(i);
        REQUIRE(out(i) == gv(i - 1) + gv(i) + gv(i + 1));
    }
}
