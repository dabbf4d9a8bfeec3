// Lesson 6: scheduling a single Func.
//
// Until now we wrote only WHAT to compute: a definition. weft separates that from
// HOW to compute it: the order of the loops, their sizes, which ones use vector
// instructions or run unrolled. That second part is the "schedule". A schedule never
// changes the values a Func produces, only the loop nest that produces them, and so
// the speed and memory traffic of the code.
//
// This lesson introduces the basic loop directives one at a time. After each, it
// prints the loop nest (lesson 3) so you can see exactly what the directive did, and
// it checks that the pixels are still the same.

#include <weft/weft.h>

#include <cstdio>

using namespace weft;

namespace {

int failures = 0;

// Every Func of this lesson has the same definition and is realized over the same
// region: 10 x 6, an extent that some of the factors below do not divide.
const int W = 10, H = 6;

/// The value every schedule must produce at (x, y), in plain C++.
int expected(int x, int y) {
    return 100 * y + x * x;
}

/// A new Func with the lesson's definition. Schedules belong to a Func, so each
/// section makes a fresh one to start from the default schedule.
Func make(const char *name, const Var &x, const Var &y) {
    Func f(name);
    f(x, y) = 100 * y + x * x;
    return f;
}

/// Realizes f over W x H and compares every pixel with expected().
void check(Func f) {
    Buffer<int32_t> out = f.realize({W, H});
    int wrong = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            if (out(i, j) != expected(i, j)) {
                std::printf("%s(%d, %d) = %d, expected %d\n", f.name().c_str(), i, j, out(i, j),
                            expected(i, j));
                wrong++;
            }
        }
    }
    std::printf("%s: %s\n\n", f.name().c_str(), wrong == 0 ? "same pixels" : "WRONG pixels");
    failures += wrong;
}

} // namespace

int main() {
    Var x("x"), y("y");

    // ------------------------------------------------------------------------------
    // 1. The default schedule.
    //
    // With no directives, a Func is computed by one loop per Var, the first Var
    // innermost: for y, for x. That walks the output along rows, which matches how a
    // Buffer is laid out in memory (x is the dimension with stride 1), so consecutive
    // iterations write consecutive addresses.
    Func plain = make("plain", x, y);
    std::printf("Default loop order (outermost first, as read top to bottom):\n");
    plain.print_loop_nest();
    check(plain);

    // ------------------------------------------------------------------------------
    // 2. reorder.
    //
    // reorder() lists loops innermost first and puts them in that order. Here y
    // becomes the inner loop: the image is now walked down columns. The result is the
    // same; only the order of the writes changes (for a large image, walking across
    // memory with a big stride like this is usually slower).
    Func columns = make("columns", x, y);
    columns.reorder(y, x);
    std::printf("After reorder(y, x):\n");
    columns.print_loop_nest();
    check(columns);

    // ------------------------------------------------------------------------------
    // 3. split.
    //
    // split(x, xo, xi, 5) replaces the loop over x by two nested loops: an inner one,
    // xi, running 5 times, and an outer one, xo, counting the groups of 5. Together
    // they visit the same points: x = xo * 5 + xi. A split on its own does not change
    // anything useful; it makes loops that other directives (vectorize, unroll,
    // parallel, reorder) can then act on. New loop names are plain Vars.
    //
    // The loop nest prints a loop's range when it is a constant: xi runs over
    // [0, 4]. The other loops have no range printed, because the region to compute
    // is only known when realize() is called.
    Var xo("xo"), xi("xi");
    Func split5 = make("split5", x, y);
    split5.split(x, xo, xi, 5);
    std::printf("After split(x, xo, xi, 5):\n");
    split5.print_loop_nest();
    check(split5);

    // What if the factor does not divide the extent? Splitting our 10 columns by 4
    // gives groups 0-3, 4-7 and a last group with only 8-9 in it. The TailStrategy
    // argument of split says what to do with that incomplete last group:
    //
    //  - ShiftInwards (the default for a pure definition, via TailStrategy::Auto):
    //    the last group is moved left so it ends at the edge: it computes 6-9, and
    //    columns 6 and 7 are computed twice. Harmless for a pure Func (the same value
    //    is written twice) and every inner loop keeps exactly 4 iterations, which is
    //    what vectorize and unroll need. It requires the extent to be at least 4.
    //  - GuardWithIf: the last group runs 4 times but skips, with an if, the
    //    iterations past the end. Nothing is computed twice; the inner loop has a
    //    test in it (vectorized code pays for that with masking).
    //  - RoundUp: the last group computes 8-11, past the end. That is only valid when
    //    the storage is large enough: weft grows the storage of Funcs it allocates,
    //    but an output Buffer must itself be a multiple of the factor.
    //
    // All three make the same loop nest; the differences are in how xo's range is
    // computed and inside the loop bodies, which the loop nest does not print
    // (compile_to_lowered_stmt, lesson 3, shows them). The checks show each is correct.
    Func shifted = make("shifted", x, y);
    shifted.split(x, xo, xi, 4, TailStrategy::ShiftInwards);
    std::printf("After split(x, xo, xi, 4, TailStrategy::ShiftInwards), with 10 columns:\n");
    shifted.print_loop_nest();
    check(shifted);

    Func guarded = make("guarded", x, y);
    guarded.split(x, xo, xi, 4, TailStrategy::GuardWithIf);
    check(guarded);

    // RoundUp on an output: asked for 10 columns, the loop would write 12. weft
    // notices before running anything and throws a RuntimeError; realizing 12
    // columns (a multiple of 4) is fine.
    Func rounded = make("rounded", x, y);
    rounded.split(x, xo, xi, 4, TailStrategy::RoundUp);
    try {
        Buffer<int32_t> too_small = rounded.realize({W, H});
        std::printf("RoundUp into 10 columns should have been refused\n");
        failures++;
    } catch (const RuntimeError &e) {
        std::printf("RoundUp into 10 columns is refused:\n  %s\n", e.what());
    }
    Buffer<int32_t> twelve = rounded.realize({12, H});
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < 12; i++) {
            if (twelve(i, j) != expected(i, j)) {
                failures++;
            }
        }
    }
    std::printf("RoundUp into 12 columns works.\n\n");

    // ------------------------------------------------------------------------------
    // 4. fuse.
    //
    // fuse() is the opposite of split: two nested loops become one. fuse(x, y, xy)
    // makes a single loop over all W * H points (x = xy % W, y = xy / W). It is
    // useful to give one long loop to a directive that acts on a single loop, for
    // example to parallelize over all pixels of a small image (lesson 7).
    Var xy("xy");
    Func fused = make("fused", x, y);
    fused.fuse(x, y, xy);
    std::printf("After fuse(x, y, xy):\n");
    fused.print_loop_nest();
    check(fused);

    // ------------------------------------------------------------------------------
    // 5. tile.
    //
    // A tile is a small rectangle of the image computed completely before moving to
    // the next. tile(x, y, xo, yo, xi, yi, 4, 2) is shorthand for splitting x by 4
    // and y by 2, then reordering to xi, yi, xo, yo (innermost first). Tiles matter
    // when a computation reads neighbours (lesson 8): a tile's inputs stay in the
    // cache while the tile is computed.
    Var yo("yo"), yi("yi");
    Func tiled = make("tiled", x, y);
    tiled.tile(x, y, xo, yo, xi, yi, 4, 2);
    std::printf("After tile(x, y, xo, yo, xi, yi, 4, 2):\n");
    tiled.print_loop_nest();
    check(tiled);

    // ------------------------------------------------------------------------------
    // 6. vectorize.
    //
    // A modern CPU can add, multiply or store several numbers with one instruction
    // (SSE, AVX: 4, 8 or 16 int32 at once). vectorize(xi) turns the loop xi into such
    // instructions: all its iterations are computed at once, so its extent must be a
    // constant. The usual way is split then vectorize, and vectorize(x, 4) does both,
    // naming the inner loop x_vi. The loop nest shows it as "vectorized"; in the
    // assembly (lesson 3) you would see xmm/ymm registers.
    Func vectors = make("vectors", x, y);
    vectors.vectorize(x, 4);
    std::printf("After vectorize(x, 4):\n");
    vectors.print_loop_nest();
    check(vectors);

    // ------------------------------------------------------------------------------
    // 7. unroll.
    //
    // unroll() copies the body of a loop once per iteration and removes the loop: no
    // counter, no branch, and neighbouring iterations can share work. Like vectorize
    // it needs a constant extent; unroll(y, 2) splits y by 2 and unrolls the inner
    // loop y_ui.
    Func unrolled = make("unrolled", x, y);
    unrolled.unroll(y, 2);
    std::printf("After unroll(y, 2):\n");
    unrolled.print_loop_nest();
    check(unrolled);

    // ------------------------------------------------------------------------------
    // 8. Putting them together.
    //
    // Directives compose: each acts on the loops the previous ones made. A typical
    // single-stage schedule tiles the image, vectorizes across the tile's columns
    // and unrolls its rows. The loop nest now has four loops, each with a role.
    Func combined = make("combined", x, y);
    combined.tile(x, y, xo, yo, xi, yi, 8, 2).vectorize(xi).unroll(yi);
    std::printf("After tile(x, y, xo, yo, xi, yi, 8, 2).vectorize(xi).unroll(yi):\n");
    combined.print_loop_nest();
    check(combined);

    // Eleven schedules, one set of pixels. Choosing among them is a question of speed
    // only; the next lesson adds the biggest factor, multiple cores.
    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
