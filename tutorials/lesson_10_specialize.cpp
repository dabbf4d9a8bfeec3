// Lesson 10: specialize, several schedules chosen at run time.
//
// A schedule is fixed when the pipeline is compiled, but the best schedule can depend
// on things known only when it runs: the value of a Param, the size of an input, or
// how an input is laid out in memory. specialize(condition) handles that. It makes a
// copy of a Func's loop nest, with a schedule of its own, that runs instead of the
// normal one whenever the condition holds. Both are compiled into the same code; a
// test at the start picks one each time the pipeline runs.
//
// This lesson specializes on a Param, then on the memory layout of an input, and
// runs each branch to check that all of them give the same pixels.

#include <weft/weft.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace weft;

namespace {

int failures = 0;

/// Writes f's lowered Stmt (lesson 3) and prints the first line that tests
/// `condition` (as the Stmt spells it): the test that picks the specialization.
/// Counts a failure if there is none.
void print_test(Func f, const std::string &condition) {
    const std::string path = "lesson_10_" + f.name() + ".stmt";
    f.compile_to_lowered_stmt(path, Text);
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        size_t at = line.find("if ((" + condition + "))");
        if (at != std::string::npos) {
            std::printf("The test in the lowered Stmt:  %s\n", line.c_str() + at);
            return;
        }
    }
    std::printf("%s has no test of %s\n", path.c_str(), condition.c_str());
    failures++;
}

} // namespace

int main() {
    Var x("x"), y("y"), c("c");

    // ------------------------------------------------------------------------------
    // 1. Specializing on a Param.
    //
    // A Param<T> is a scalar argument of a pipeline: a named value of type T that
    // can be used in definitions like a constant, but is read only when the pipeline
    // runs. Param<int> gain("gain", 1) has the name "gain" and the value 1;
    // gain.set(5) changes the value for the next realize(), without recompiling.
    // Here it multiplies a ramp. Suppose most callers pass gain = 1: for them the
    // multiplication is wasted work.
    //
    // scaled.specialize(gain == 1) returns a Stage: a copy of scaled's definition in
    // which weft may assume gain == 1. Where a condition says that a Param equals a
    // constant, the constant replaces the Param inside the copy, so the multiply by
    // 1 simplifies away. Directives called on the returned Stage schedule the copy
    // only: here it is vectorized. The directives called on scaled itself are the
    // "fallback" schedule, used when the condition is false: here, split by 4.
    Param<int> gain("gain", 1);
    Func scaled("scaled");
    scaled(x) = (x * 3 + 1) * gain;
    scaled.specialize(gain == 1).vectorize(x, 8);
    scaled.split(x, x, Var("xi"), 4);

    // The loop nest lists the specialization's loops first, then the fallback's,
    // without the test between them; the lowered Stmt shows the test.
    std::printf("scaled.specialize(gain == 1).vectorize(x, 8), fallback split(x, x, xi, 4):\n");
    scaled.print_loop_nest();
    print_test(scaled, "gain == 1");

    // Running with gain 1 takes the vectorized branch, gain 5 the fallback. The same
    // compiled code does both: only the Param's value differs.
    const int N = 100;
    for (int g : {1, 5}) {
        gain.set(g);
        Buffer<int32_t> out = scaled.realize({N});
        int wrong = 0;
        for (int i = 0; i < N; i++) {
            wrong += out(i) != (i * 3 + 1) * g;
        }
        std::printf("gain = %d: %s\n", g, wrong == 0 ? "same values" : "WRONG values");
        failures += wrong;
    }

    // ------------------------------------------------------------------------------
    // 2. Specializing on the layout of an input.
    //
    // The same color image can be stored in two common ways:
    //
    //   - planar: all the red values, then all the green, then all the blue. Moving
    //     one pixel along x moves one element in memory: dimension 0 has stride 1.
    //   - interleaved: red, green, blue of one pixel, then of the next. Moving along
    //     x moves three elements (stride 3); it is the channel, dimension 2, that
    //     has stride 1. Most image files and libraries use this layout.
    //
    // So far inputs were Buffers used directly in definitions, fixed when the
    // definition is written. An ImageParam is an input given at run time, like a Param
    // for images: ImageParam input(Int(32), 3, "input") is a three-dimensional
    // input of int32 elements, read in definitions as input(x, y, c) and bound to a
    // Buffer with input.set(buffer) before realize(). weft cannot know its layout
    // when compiling. input.dim(0).stride() is an Expr read at run time, the stride
    // of dimension 0 of whatever Buffer is bound, and a condition on it is a valid
    // specialization condition.
    //
    // For planar images, vectorizing along x is best: 8 neighbouring pixels of one
    // channel are 8 consecutive numbers, loaded with one instruction. For
    // interleaved ones, those 8 numbers are 3 elements apart, so a better schedule
    // makes the channel the innermost loop and unrolls it (bound() promises weft
    // that c runs over exactly 0, 1, 2, so the loop has a constant extent), which
    // writes each pixel's three channels together.
    ImageParam input(Int(32), 3, "input");
    Func darker("darker");
    darker(x, y, c) = input(x, y, c) * 3 / 4;
    darker.bound(c, 0, 3);
    darker.specialize(input.dim(0).stride() == 1).vectorize(x, 8);
    darker.reorder(c, x, y).unroll(c);
    std::printf("\ndarker.specialize(input.dim(0).stride() == 1).vectorize(x, 8),"
                " fallback reorder(c, x, y).unroll(c):\n");
    darker.print_loop_nest();
    print_test(darker, "input.stride.0 == 1");

    // Two inputs with the same pixels, one planar (the default layout of a Buffer)
    // and one interleaved (Buffer::make_interleaved). The output Buffer is planar
    // both times; only the input changes, and with it the branch that runs.
    const int W = 37, H = 11;
    Buffer<int32_t> planar(W, H, 3);
    Buffer<int32_t> interleaved = Buffer<int32_t>::make_interleaved(W, H, 3);
    for (int k = 0; k < 3; k++) {
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                planar(i, j, k) = interleaved(i, j, k) = i * 5 + j * 17 + k * 100;
            }
        }
    }
    std::printf("planar input: stride of x = %d; interleaved input: stride of x = %d\n",
                planar.dim(0).stride(), interleaved.dim(0).stride());
    for (Buffer<int32_t> *in : {&planar, &interleaved}) {
        input.set(*in);
        Buffer<int32_t> out = darker.realize({W, H, 3});
        int wrong = 0;
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < W; i++) {
                    wrong += out(i, j, k) != (*in)(i, j, k) * 3 / 4;
                }
            }
        }
        std::printf("%s input: %s\n", in == &planar ? "planar" : "interleaved",
                    wrong == 0 ? "same pixels" : "WRONG pixels");
        failures += wrong;
    }

    // ------------------------------------------------------------------------------
    // A few more facts about specialize:
    //
    //   - Several specializations of one Func are tried in the order they were
    //     made; the first whose condition holds runs, the fallback otherwise.
    //   - Calling specialize() on the Stage it returns nests a specialization
    //     inside it (both conditions must hold).
    //   - specialize_fail("message") after the specializations turns the fallback
    //     into a run-time error, for pipelines that must never run slowly.
    //   - Every branch is compiled, so each one costs compile time and code size:
    //     specialize on the few cases that matter.
    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
