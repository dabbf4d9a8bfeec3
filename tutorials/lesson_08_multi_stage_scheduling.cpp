// Lesson 8: scheduling a pipeline of several Funcs.
//
// Lessons 6 and 7 scheduled the loops of one Func. When one Func reads another, a
// second question appears: WHEN and WHERE is the producer computed, relative to the
// loops of its consumer? All at once before the consumer starts? A little at a time,
// just before each piece of the consumer needs it? Not stored at all?
//
// The answers trade three things against each other:
//
//   - redundant work: computing the same producer value more than once;
//   - locality: how long a value waits between being computed and being used (a
//     value used soon after it is computed is still in the cache; one used much
//     later comes back from main memory, which is far slower);
//   - parallelism: whether independent pieces remain to give to several cores.
//
// This lesson takes a two-stage blur and schedules it in five ways, printing the loop
// nest of each and checking that the pixels never change.

#include <weft/weft.h>

#include <algorithm>
#include <cstdio>

using namespace weft;

namespace {

int failures = 0;

const int W = 160, H = 120;

/// The input, with repeat_edge outside (lesson 5), in plain C++.
int32_t input_at(const Buffer<int32_t> &in, int x, int y) {
    return in(std::clamp(x, 0, W - 1), std::clamp(y, 0, H - 1));
}

/// The two stages below, in plain C++.
int32_t blur_x_at(const Buffer<int32_t> &in, int x, int y) {
    return input_at(in, x - 1, y) + input_at(in, x, y) + input_at(in, x + 1, y);
}
int32_t blur_y_at(const Buffer<int32_t> &in, int x, int y) {
    return (blur_x_at(in, x, y - 1) + blur_x_at(in, x, y) + blur_x_at(in, x, y + 1)) / 9;
}

/// The pipeline: a 3 x 3 box blur done in two passes. blur_x adds three neighbours
/// along x; blur_y adds three values of blur_x along y and divides by 9. Each
/// section makes a new Blur so that it starts from the default schedule.
struct Blur {
    Var x{"x"}, y{"y"};
    Func blur_x{"blur_x"}, blur_y{"blur_y"};
    explicit Blur(const Buffer<int32_t> &in) {
        Func clamped = BoundaryConditions::repeat_edge(in);
        blur_x(x, y) = clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y);
        blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 9;
    }
};

/// Prints the loop nest of b's output, then realizes it and checks every pixel.
void show_and_check(const char *title, Blur &b, const Buffer<int32_t> &in) {
    std::printf("%s\n", title);
    b.blur_y.print_loop_nest();
    Buffer<int32_t> out = b.blur_y.realize({W, H});
    int wrong = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            if (out(i, j) != blur_y_at(in, i, j) && wrong++ < 5) {
                std::printf("blur_y(%d, %d) = %d, expected %d\n", i, j, out(i, j),
                            blur_y_at(in, i, j));
            }
        }
    }
    std::printf("%s\n\n", wrong == 0 ? "same pixels" : "WRONG pixels");
    failures += wrong;
}

} // namespace

int main() {
    Buffer<int32_t> input(W, H);
    input.set_name("input");
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            input(i, j) = (i * 37 + j * 91) % 256;
        }
    }

    // ------------------------------------------------------------------------------
    // 1. Inline: the default.
    //
    // A Func read by another is, by default, inlined: its definition is pasted into
    // the consumer wherever it is called, like a macro. blur_y then reads the input
    // directly, nine pixels per output, and blur_x has no loops and no storage of
    // its own: the loop nest shows only blur_y.
    //
    // Trade-off: no memory for blur_x at all and perfect locality, but redundant
    // work. Each blur_x value is computed three times, once for each output pixel
    // that needs it (the one above, the one below, and its own). For a producer as
    // cheap as this sum, inlining is often fine; for an expensive one it is not.
    {
        Blur b(input);
        show_and_check("Inline (the default):", b, input);
    }

    // ------------------------------------------------------------------------------
    // 2. compute_root: all of the producer first.
    //
    // blur_x.compute_root() computes blur_x over the whole region blur_y will need
    // (bounds inference works it out: one more row above and below the output), into
    // a buffer of its own, before blur_y starts. The loop nest now has a "produce
    // blur_x" part, then blur_y's loops inside "consume blur_x".
    //
    // Trade-off: no redundant work, each blur_x value is computed once. But the whole
    // intermediate image is written to memory and read back only after all of it is
    // done. For a large image, the first rows are long gone from the cache when
    // blur_y reads them: poor locality, and an extra buffer as large as the image.
    // Both loop nests are plain loops over rows, easy to parallelize.
    {
        Blur b(input);
        b.blur_x.compute_root();
        show_and_check("blur_x.compute_root():", b, input);
    }

    // ------------------------------------------------------------------------------
    // 3. compute_at: a little of the producer inside the consumer's loop.
    //
    // blur_x.compute_at(blur_y, y) computes blur_x inside blur_y's loop over y: for
    // each output row, first the three rows of blur_x that this row needs, then the
    // output row. The "produce blur_x" part moves inside "for y", and the storage of
    // blur_x ("store blur_x") is only three rows, allocated there too. The inner
    // "for y" is blur_x's own loop over its rows: it runs three times per output row
    // (its range depends on the outer y, so no constant range is printed).
    //
    // Trade-off: excellent locality (each blur_x row is used right after it is
    // computed), little memory, and the rows of blur_y are still independent, so y
    // can be parallel. The price is redundancy again: each blur_x row is computed
    // three times, once for each output row that needs it. compute_at sits between
    // inline (recompute everything) and compute_root (recompute nothing).
    {
        Blur b(input);
        b.blur_x.compute_at(b.blur_y, b.y);
        show_and_check("blur_x.compute_at(blur_y, y):", b, input);
    }

    // ------------------------------------------------------------------------------
    // 4. store_root + compute_at: the sliding window.
    //
    // The storage of a Func can be placed separately from where it is computed.
    // blur_x.store_root().compute_at(blur_y, y) keeps computing blur_x inside the
    // loop over y, but allocates its storage outside every loop, so that values
    // computed for one row are still there for the next. weft notices that output
    // row y + 1 needs blur_x rows y, y + 1 and y + 2, of which the first two were
    // computed for row y, so each iteration computes only the one new row: the
    // window of three rows slides down the image. And since a row older than the
    // window is never read again, the storage only has to hold a few rows, reused
    // in a circle (the rows are "folded": row r lives at r modulo 4).
    //
    // The loop nest says so on the store line: "sliding over y" and "folded y: 4".
    // The store line has moved outside the loop over y, and blur_x's own loop over
    // y now runs once per output row (three times at the first row, to fill the
    // window).
    //
    // Trade-off: no redundant work, good locality and little memory: the best of
    // sections 2 and 3. But each iteration of y now depends on the one before (it
    // reuses its rows), so y must run in order: this loop can no longer be parallel.
    {
        Blur b(input);
        b.blur_x.store_root().compute_at(b.blur_y, b.y);
        show_and_check("blur_x.store_root().compute_at(blur_y, y):", b, input);
    }

    // ------------------------------------------------------------------------------
    // 5. Getting parallelism back: tiles and strips.
    //
    // Real schedules mix these ideas at a coarser grain. The usual way is to cut the
    // output into pieces that are independent, run the pieces in parallel, and
    // choose inside each piece.
    //
    // Tiles with compute_at: blur_y is tiled 32 x 8 (lesson 6), the tiles run in
    // parallel (lesson 7), and blur_x is computed per tile, at xo: the 32 x 10 block
    // of blur_x that the tile needs. Only the two extra rows of each tile are
    // computed twice (10 rows for 8: 25% more work on blur_x instead of 200%), the
    // block fits in the cache, and blur_x is vectorized inside it too.
    {
        Blur b(input);
        Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
        b.blur_y.tile(b.x, b.y, xo, yo, xi, yi, 32, 8).parallel(yo).vectorize(xi, 8);
        b.blur_x.compute_at(b.blur_y, xo).vectorize(b.x, 8);
        show_and_check("Tiles: blur_y.tile(x, y, xo, yo, xi, yi, 32, 8).parallel(yo)"
                       ".vectorize(xi, 8);\n       blur_x.compute_at(blur_y, xo)"
                       ".vectorize(x, 8):",
                       b, input);
    }

    // Strips with a sliding window: blur_y's rows are split into strips of 16, the
    // strips run in parallel, and inside each strip blur_x slides down as in
    // section 4. store_at(blur_y, yo) allocates the storage once per strip, so the
    // window starts afresh in every strip (each strip recomputes two rows above its
    // first: the only redundant work), and no strip depends on another.
    {
        Blur b(input);
        Var yo("yo"), yi("yi");
        b.blur_y.split(b.y, yo, yi, 16).parallel(yo).vectorize(b.x, 8);
        b.blur_x.store_at(b.blur_y, yo).compute_at(b.blur_y, yi).vectorize(b.x, 8);
        show_and_check("Strips: blur_y.split(y, yo, yi, 16).parallel(yo).vectorize(x, 8);\n"
                       "        blur_x.store_at(blur_y, yo).compute_at(blur_y, yi)"
                       ".vectorize(x, 8):",
                       b, input);
    }

    // No schedule is best for every pipeline and machine: the cost of the producer,
    // the size of the image and the number of cores decide. What the schedule can
    // never change is the result.
    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
