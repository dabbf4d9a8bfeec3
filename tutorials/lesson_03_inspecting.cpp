// Lesson 3: looking at what weft generates.
//
// Lessons 1 and 2 treated weft as a black box: write a definition, call realize(),
// get pixels. This lesson opens the box. weft turns a pipeline into code in several
// steps, and each step can be printed:
//
//   1. the loop nest:     which loops run, in which order (print_loop_nest);
//   2. the lowered Stmt:  weft's own intermediate program, with allocations, bounds
//                         and the arithmetic of every store (compile_to_lowered_stmt);
//   3. LLVM IR:           the same program handed to the LLVM compiler
//                         (compile_to_llvm_assembly);
//   4. machine code:      the x86-64 assembly LLVM produced (compile_to_assembly).
//
// Looking at these is how you learn what a schedule does, and how you check that
// weft did what you meant. Later lessons change schedules and print the loop nest
// after each change.

#include <weft/weft.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace weft;

namespace {

/// The whole content of a text file ("" when it cannot be read).
std::string read_file(const std::string &path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Checks that `path` exists, is not empty and contains every word of `words`.
bool check_file(const std::string &path, std::initializer_list<const char *> words) {
    std::string text = read_file(path);
    if (text.empty()) {
        std::printf("%s is missing or empty\n", path.c_str());
        return false;
    }
    bool ok = true;
    for (const char *w : words) {
        if (text.find(w) == std::string::npos) {
            std::printf("%s does not mention \"%s\"\n", path.c_str(), w);
            ok = false;
        }
    }
    std::printf("%s: %zu bytes\n", path.c_str(), text.size());
    return ok;
}

} // namespace

int main() {
    // A small two-stage pipeline. "warp" computes a value per pixel; "mixed" reads
    // warp at two neighbouring points. The names matter here: they are how you find
    // each stage in the printed output.
    Func warp("warp"), mixed("mixed");
    Var x("x"), y("y");
    warp(x, y) = x * x + 3 * y;
    mixed(x, y) = warp(x, y) + warp(x + 1, y) / 2;

    // By default a Func used by another is "inlined": its formula is pasted into the
    // consumer, and no separate loop or storage exists for it. Asking for
    // compute_root() instead gives warp its own loop nest and buffer, computed in full
    // before mixed starts. (Later lessons are about these choices; here it just makes
    // the printouts more interesting.)
    warp.compute_root();

    // ------------------------------------------------------------------------------
    // 1. The loop nest. print_loop_nest() prints the loops the schedule produces, one
    // per line, indented by nesting, without the arithmetic: "produce warp" marks the
    // loops that compute warp, followed by those that consume it. By default the
    // innermost loop is the first Var (x), as in the definition's argument list.
    std::printf("The loop nest:\n");
    mixed.print_loop_nest();
    // The same text as a string, for programs that want to look at it.
    std::string nest = mixed.loop_nest_string();

    // ------------------------------------------------------------------------------
    // 2. The lowered statement. compile_to_lowered_stmt writes weft's intermediate
    // program: the same loops, plus the buffer for warp, the bounds each loop covers
    // (computed by bounds inference from what mixed reads: x + 1 means warp needs one
    // more column than mixed), the assertions that check the output buffer on entry,
    // and every load and store. Text is plain text; HTML is a colored version.
    mixed.compile_to_lowered_stmt("lesson_03.stmt", Text);

    // ------------------------------------------------------------------------------
    // 3. LLVM IR. After lowering, weft's code generator translates the statement into
    // LLVM's intermediate representation and optimizes it. The file shows the function
    // weft exports, weft_<name>, which takes an array of argument pointers (this is
    // the ABI described in DESIGN.md section 3).
    mixed.compile_to_llvm_assembly("lesson_03.ll");

    // ------------------------------------------------------------------------------
    // 4. Assembly. Finally LLVM generates x86-64 machine code for this CPU; this is the
    // code that realize() runs. Look for the loops (labels and backward jumps) and,
    // in later lessons, for vector registers (xmm, ymm, zmm) after vectorize().
    mixed.compile_to_assembly("lesson_03.s");

    // None of this changes the result. Realizing the pipeline still works as before.
    Buffer<int32_t> out = mixed.realize({10, 4});

    // ------------------------------------------------------------------------------
    // The check: each file exists, is not empty, and mentions the stages by name.
    bool ok = true;
    for (const char *word : {"warp", "mixed"}) {
        if (nest.find(word) == std::string::npos) {
            std::printf("the loop nest does not mention \"%s\"\n", word);
            ok = false;
        }
    }
    ok &= check_file("lesson_03.stmt", {"warp", "mixed", "produce"});
    ok &= check_file("lesson_03.ll", {"mixed", "define"});
    ok &= check_file("lesson_03.s", {"mixed"});
    for (int j = 0; j < 4; j++) {
        for (int i = 0; i < 10; i++) {
            int w0 = i * i + 3 * j, w1 = (i + 1) * (i + 1) + 3 * j;
            int expected = w0 + w1 / 2;
            if (out(i, j) != expected) {
                std::printf("mixed(%d, %d) = %d, expected %d\n", i, j, out(i, j), expected);
                ok = false;
            }
        }
    }
    if (!ok) {
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
