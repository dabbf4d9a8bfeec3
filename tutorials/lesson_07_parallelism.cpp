// Lesson 7: using several cores.
//
// Lesson 6 scheduled the loops of one Func on one core. Most CPUs have several, and
// the simplest large speed-up in weft is to let a loop's iterations run on all of
// them at once. This lesson shows the directive that does it, parallel(), the knobs
// that go with it (task size, number of threads), how it combines with the
// directives of lesson 6, and why it cannot change the result.

#include <weft/weft.h>

#include <chrono>
#include <cstdio>

using namespace weft;

namespace {

int failures = 0;

// A larger image this time, so that there is real work to share.
const int W = 1024, H = 768;

/// The value of every Func of this lesson at (x, y), in plain C++: a small hash of
/// the coordinates, with enough arithmetic per pixel to be worth spreading out.
int32_t expected(int32_t x, int32_t y) {
    int32_t v = x * 73 + y * 151;
    v = (v ^ (v >> 3)) * 33;
    v = (v ^ (v >> 5)) * 17;
    return v & 0xffff;
}

Func make(const char *name, const Var &x, const Var &y) {
    Func f(name);
    Expr v = x * 73 + y * 151;
    v = (v ^ (v >> 3)) * 33;
    v = (v ^ (v >> 5)) * 17;
    f(x, y) = v & 0xffff;
    return f;
}

/// Compares every pixel of out with expected().
void check(const char *what, const Buffer<int32_t> &out) {
    int wrong = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            if (out(i, j) != expected(i, j) && wrong++ < 5) {
                std::printf("%s(%d, %d) = %d, expected %d\n", what, i, j, out(i, j),
                            expected(i, j));
            }
        }
    }
    std::printf("%s: %s\n\n", what, wrong == 0 ? "same pixels" : "WRONG pixels");
    failures += wrong;
}

/// Realizes f (compiled already) a few times and returns the best time in ms.
double best_time_ms(Func f) {
    Buffer<int32_t> out(W, H);
    double best = 1e30;
    for (int i = 0; i < 5; i++) {
        auto t0 = std::chrono::steady_clock::now();
        f.realize(out);
        auto t1 = std::chrono::steady_clock::now();
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        best = ms < best ? ms : best;
    }
    return best;
}

} // namespace

int main() {
    Var x("x"), y("y");

    // ------------------------------------------------------------------------------
    // 1. parallel over rows.
    //
    // parallel(y) marks the loop over y as parallel: its iterations (here, whole
    // rows) become tasks that a pool of worker threads takes in any order, several
    // at a time. The thread that called realize() works on tasks too, and realize()
    // returns only when every row is done. The loop nest prints the loop as
    // "parallel" instead of "for".
    Func rows = make("rows", x, y);
    rows.parallel(y);
    std::printf("After parallel(y):\n");
    rows.print_loop_nest();
    check("rows", rows.realize({W, H}));

    // ------------------------------------------------------------------------------
    // 2. parallel with a task size.
    //
    // Handing a task to a thread has a cost: a few atomic operations, and waking a
    // sleeping thread. With one row per task and cheap rows, that cost can be a
    // large part of the time. parallel(y, 32) makes each task 32 rows: it splits y by 32, runs the
    // outer loop (still called y) in parallel, and the inner one, y_pi, serially
    // inside each task. Fewer, larger tasks cost less to hand out, but there must
    // still be enough of them to keep every core busy (here 768 / 32 = 24 tasks).
    // As with split, the last task may be shifted inwards when 32 does not divide
    // the height.
    Func chunks = make("chunks", x, y);
    chunks.parallel(y, 32);
    std::printf("After parallel(y, 32):\n");
    chunks.print_loop_nest();
    check("chunks", chunks.realize({W, H}));

    // ------------------------------------------------------------------------------
    // 3. How many threads.
    //
    // By default, parallel loops use one thread per core (or the number in the
    // environment variable WEFT_NUM_THREADS). weft::set_num_threads(n) changes that
    // for the whole program from the next parallel loop on; set_num_threads(1)
    // runs parallel loops serially, which is handy when debugging, and
    // set_num_threads(0) goes back to the default. The compiled code stays the same:
    // the number of threads is a run-time setting, not part of the schedule.
    //
    // The times below depend on the machine and on what else it is doing; they are
    // printed to give an idea, not checked: on a busy machine, or one with few cores,
    // they may hardly differ. (The first realize() above compiled the pipeline; these
    // calls reuse the code.)
    std::printf("The default is %d threads.\n", get_num_threads());
    for (int n : {1, 2, 0}) {
        set_num_threads(n);
        Buffer<int32_t> out = chunks.realize({W, H});
        std::printf("set_num_threads(%d): get_num_threads() = %d, best of 5 runs %.2f ms\n", n,
                    get_num_threads(), best_time_ms(chunks));
        check("chunks with another thread count", out);
    }

    // ------------------------------------------------------------------------------
    // 4. Combining parallel, tile and vectorize.
    //
    // Parallelism is one more directive on the loops of lesson 6, so it combines with
    // the others. A common recipe for a whole image: cut it into tiles, give each
    // core whole tiles, and use vector instructions inside a tile:
    //
    //   - tile(x, y, xi, yi, 64, 16) makes tiles of 64 x 16 (this form of tile
    //     reuses x and y as the names of the outer loops);
    //   - fuse(x, y, t) turns the two loops over tiles into one loop t over all
    //     tiles, so that parallel() has one long loop to share out (16 x 48 = 768
    //     tiles) rather than only the 48 rows of tiles;
    //   - parallel(t) runs tiles on all cores;
    //   - vectorize(xi, 8) computes 8 pixels of a tile row per instruction.
    //
    // Cores then work on separate areas of memory, and each vector instruction on
    // consecutive pixels. In the loop nest, vectorize(xi, 8) has split the tile's 64
    // columns into xi (8 groups) and the vector lanes xi_vi (8 pixels each).
    Var xi("xi"), yi("yi"), t("t");
    Func tiles = make("tiles", x, y);
    tiles.tile(x, y, xi, yi, 64, 16).fuse(x, y, t).parallel(t).vectorize(xi, 8);
    std::printf("After tile(x, y, xi, yi, 64, 16).fuse(x, y, t).parallel(t).vectorize(xi, 8):\n");
    tiles.print_loop_nest();
    check("tiles", tiles.realize({W, H}));
    std::printf("tiles with %d threads: best of 5 runs %.2f ms\n\n", get_num_threads(),
                best_time_ms(tiles));

    // ------------------------------------------------------------------------------
    // 5. Why the result cannot change.
    //
    // Every iteration of these loops writes its own pixels and nothing else, and a
    // pixel's value depends only on its coordinates (more generally, on data that no
    // iteration of the loop writes). So it does not matter which thread computes a
    // pixel, or when: no iteration can see another's work half done. That holds for
    // every loop of a pure definition, which is why weft lets you parallelize any of
    // them without further thought.
    //
    // Reductions are different: iterations over an RDom that add into the same place
    // do interfere. weft refuses to parallelize those; lesson 9 shows the error and
    // the way around it.

    // ------------------------------------------------------------------------------
    // 6. Nested parallel loops.
    //
    // More than one loop of a nest may be parallel. Here the rows run in parallel,
    // and inside each row the four quarters of the row run in parallel too. The
    // inner tasks go to the same pool of threads (weft does not start new threads
    // for them), so this does not oversubscribe the machine; it is useful when the
    // outer loop alone has too few iterations to keep every core busy.
    Var xo("xo");
    Func nested = make("nested", x, y);
    nested.split(x, xo, xi, W / 4).parallel(y).parallel(xo).vectorize(xi, 8);
    std::printf("After split(x, xo, xi, %d).parallel(y).parallel(xo).vectorize(xi, 8):\n", W / 4);
    nested.print_loop_nest();
    check("nested", nested.realize({W, H}));

    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
