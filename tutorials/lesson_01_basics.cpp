// Lesson 1: Funcs, Vars and Exprs.
//
// This lesson builds the smallest useful weft program: it describes an image with a
// formula, asks weft to compute it, and checks the pixels. If you have never used
// Halide, start here; every later lesson builds on the three nouns met below.
//
// Build and run (from the repository root, once `bash scripts/setup.sh` has built
// weft in build/):
//
//     ninja -C build lesson_01_basics && (cd build/tutorials && ./lesson_01_basics)
//
// The program prints what it does and ends with "Success!".

// One header brings in the whole public API.
#include <weft/weft.h>

#include <cstdio>

// Everything lives in namespace weft. Tutorials import it to keep the code short.
using namespace weft;

int main() {
    // ------------------------------------------------------------------------------
    // A Func is a pipeline stage: a function from integer coordinates to a value.
    // Think of it as an image or tensor whose pixels are given by a formula rather
    // than stored in memory. The name we give it ("gradient") shows up in printed
    // loop nests, generated code and error messages, which helps once pipelines grow.
    Func gradient("gradient");

    // A Var names a coordinate, a dimension of a Func. On its own it has no value; it
    // stands for "any x" and "any y" in the definition below.
    Var x("x"), y("y");

    // An Expr is an expression built from Vars, constants, other Funcs and operators.
    // Writing x + y does not add two numbers: it builds a small expression tree that
    // weft will later compile. Every Expr has a type; Vars are 32-bit signed integers
    // (int32), so this sum is an int32 Expr too.
    Expr e = x + y;
    std::printf("The expression x + y has type %s.\n", to_string(e.type()).c_str());

    // Now the definition. This line says: "the value of gradient at any (x, y) is
    // x + y". Nothing is computed yet. A Func is defined over an INFINITE domain: the
    // formula holds for every pair of integers, negative ones included. Only when we
    // ask for a concrete region does weft decide which points to compute.
    gradient(x, y) = e;

    // ------------------------------------------------------------------------------
    // realize() is that request. It takes the size of the region, here 8 wide and
    // 6 tall starting at (0, 0), and:
    //   1. turns the definition into a loop nest (for y: for x: compute the value),
    //   2. compiles the loop nest to machine code for this CPU (a just-in-time
    //      compilation with LLVM),
    //   3. runs the code, writing the values into a new Buffer, and returns it.
    // A Buffer<T> is what holds real numbers in memory: an N-dimensional array whose
    // element type T must match the type of the Func (int32_t for int32).
    const int width = 8, height = 6;
    Buffer<int32_t> output = gradient.realize({width, height});

    // The result is an ordinary array we can read with output(x, y).
    std::printf("gradient over %d x %d:\n", output.width(), output.height());
    for (int j = 0; j < output.height(); j++) {
        for (int i = 0; i < output.width(); i++) {
            std::printf("%3d", output(i, j));
        }
        std::printf("\n");
    }

    // ------------------------------------------------------------------------------
    // Funcs can use other Funcs. A call such as gradient(x, y) inside another
    // definition is an Expr: "the value of gradient at that point". Here a second
    // Func reads the first one at shifted coordinates and mixes in a float constant,
    // which makes its type float32 (an int meeting a float becomes a float, as in C).
    Func shifted("shifted");
    shifted(x, y) = gradient(x - 1, y + 2) * 0.5f;

    // Because gradient is defined everywhere, reading it at x - 1 = -1 is fine: weft
    // just evaluates the formula there. Funcs are evaluated on demand, for exactly the
    // points a consumer needs.
    Buffer<float> half = shifted.realize({width, height});

    // ------------------------------------------------------------------------------
    // The check: compare every pixel with the same formula in plain C++.
    int errors = 0;
    for (int j = 0; j < height; j++) {
        for (int i = 0; i < width; i++) {
            if (output(i, j) != i + j) {
                std::printf("gradient(%d, %d) = %d, expected %d\n", i, j, output(i, j), i + j);
                errors++;
            }
            float expected = float((i - 1) + (j + 2)) * 0.5f;
            if (half(i, j) != expected) {
                std::printf("shifted(%d, %d) = %g, expected %g\n", i, j, half(i, j), expected);
                errors++;
            }
        }
    }
    if (errors != 0) {
        std::printf("%d wrong values\n", errors);
        return 1;
    }

    // The next lesson reads a real image from disk and processes it.
    std::printf("Success!\n");
    return 0;
}
