// Uses an installed weft through its public header only: defines a Func, JIT
// compiles and runs it, and checks every value against plain C++.
#include <weft/weft.h>

#include <cstdio>

int main() {
    using namespace weft;
    try {
        Func f("f");
        Var x("x"), y("y");
        f(x, y) = x + y * 10;
        Buffer<int> out = f.realize({8, 4});

        if (out.width() != 8 || out.height() != 4) {
            std::fprintf(stderr, "weft_consumer: output is %dx%d, expected 8x4\n", out.width(),
                         out.height());
            return 1;
        }
        int mismatches = 0;
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 8; i++) {
                const int expected = i + j * 10;
                if (out(i, j) != expected) {
                    std::fprintf(stderr, "weft_consumer: out(%d, %d) = %d, expected %d\n", i, j,
                                 out(i, j), expected);
                    mismatches++;
                }
            }
        }
        if (mismatches != 0) {
            return 1;
        }
        std::printf("weft_consumer: ok, 32 values checked\n");
        return 0;
    } catch (const weft::Error &e) {
        std::fprintf(stderr, "weft_consumer: %s\n", e.what());
        return 1;
    }
}
