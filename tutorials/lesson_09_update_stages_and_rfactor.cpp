// Lesson 9: scheduling update definitions, and rfactor.
//
// Lesson 4 introduced update definitions and reductions over an RDom; lessons 6 to 8
// scheduled pure definitions. This lesson puts the two together. It shows that each
// update has a schedule of its own, why weft refuses some schedules of a reduction
// (the ones that would give wrong sums), how rfactor() rewrites a reduction so that
// it can use vectors and several cores after all, and atomic() for vector lanes.

#include <weft/weft.h>

#include <cstdio>

using namespace weft;

namespace {

int failures = 0;

void expect(bool ok, const char *what) {
    if (!ok) {
        std::printf("check failed: %s\n", what);
        failures++;
    }
}

} // namespace

int main() {
    // The data of this lesson: a 256 x 64 image of small integers.
    const int W = 256, H = 64;
    Buffer<int32_t> image(W, H);
    image.set_name("image");
    long long total_expected = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            image(i, j) = (i * 13 + j * 29) % 101 - 50;
            total_expected += image(i, j);
        }
    }
    Var x("x"), y("y");

    // ------------------------------------------------------------------------------
    // 1. Each stage has its own loops.
    //
    // A Func with updates is computed in stages: the pure definition over the whole
    // region, then each update in turn. Each stage gets its own loop nest, and the
    // directives of lessons 6 and 7 called on the Func itself schedule only the
    // first one, the pure definition. To schedule an update, call the same
    // directives on f.update(i), the i-th update (counting from 0).
    //
    // Here the pure definition copies the image and one update doubles every pixel
    // and adds one. The pure stage is vectorized; the update is parallel over rows
    // and vectorized too, with different factors. The loop nest shows two nests
    // inside "produce scaled", one per stage.
    Func scaled("scaled");
    scaled(x, y) = image(x, y);
    scaled(x, y) = scaled(x, y) * 2 + 1;
    scaled.vectorize(x, 8);
    scaled.update(0).parallel(y).vectorize(x, 4);
    std::printf("scaled, pure stage vectorize(x, 8), update(0).parallel(y).vectorize(x, 4):\n");
    scaled.print_loop_nest();
    Buffer<int32_t> sb = scaled.realize({W, H});
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            expect(sb(i, j) == image(i, j) * 2 + 1, "scaled pixel");
        }
    }

    // ------------------------------------------------------------------------------
    // 2. The loops of a reduction.
    //
    // An update over an RDom has a loop per RVar as well as a loop per pure Var
    // that appears on its left-hand side. Column sums show it: for each x, add the
    // column's H pixels. The update's loops are, innermost first, r (the RVar; the
    // only variable of a one-dimensional RDom prints as r.x) then x: each column is
    // added up before moving to the next one. The first nest is the pure stage,
    // which sets every column sum to 0.
    //
    // That order reads the image down columns, across memory. Pure Vars of an update
    // can be moved freely (the columns are independent), so we make x the inner loop
    // and vectorize it: each step of r now adds a whole row of 8 columns at once,
    // reading consecutive pixels.
    RDom r(0, H, "r");
    Func col_sum("col_sum");
    col_sum(x) = 0;
    col_sum(x) += image(x, r);
    std::printf("\ncol_sum, default schedule:\n");
    col_sum.print_loop_nest();
    col_sum.update(0).reorder(x, r).vectorize(x, 8);
    std::printf("\ncol_sum after update(0).reorder(x, r).vectorize(x, 8):\n");
    col_sum.print_loop_nest();
    Buffer<int32_t> cb = col_sum.realize({W});
    for (int i = 0; i < W; i++) {
        int s = 0;
        for (int j = 0; j < H; j++) {
            s += image(i, j);
        }
        expect(cb(i) == s, "column sum");
    }

    // ------------------------------------------------------------------------------
    // 3. Loops over RVars cannot simply be made parallel.
    //
    // Now add up the whole image into a single value. Every iteration of the RDom's
    // loops reads total() and writes it back: total() = total() + pixel. If two
    // threads (or two vector lanes) did that at once, both could read the same old
    // value and one addition would be lost. So making a loop over an RVar parallel
    // or vectorized is rejected with a CompileError, at the call that asks for it:
    RDom all(0, W, 0, H, "all");
    Func total("total");
    total() = 0;
    total() += image(all.x, all.y);
    try {
        total.update(0).parallel(all.y);
        std::printf("parallel(all.y) should have been refused\n");
        failures++;
    } catch (const CompileError &e) {
        std::printf("\ntotal.update(0).parallel(all.y) is refused:\n  %s\n", e.what());
    }
    // (The same holds for vectorize(all.x, 8).) The reduction still works serially:
    Buffer<int32_t> tb = total.realize();
    expect(tb() == total_expected, "serial total");

    // ------------------------------------------------------------------------------
    // 4. rfactor: splitting a reduction in two.
    //
    // Addition is associative: the image can be added up row by row, then the row
    // sums added together, and the result is the same. rfactor() makes that
    // rewrite. We define the same total again, as total_rows, and call
    // total_rows.update(0).rfactor(all.y, v): it "factors out" the RVar all.y,
    // replacing it by a new pure Var v, as if we had written
    //
    //   total_rows_intm(v) = 0;
    //   total_rows_intm(v) += image(all.x, v);        // one sum per row, over all.x
    //   total_rows() += total_rows_intm(all.y);       // then add up the rows
    //
    // It returns the intermediate Func, total_rows_intm, an ordinary Func with a
    // pure Var v over the rows. Different rows write different sites of it, so its
    // update can run in parallel over v. We compute it at root (all row sums first,
    // then their total) and parallelize its update over v.
    Var v("v");
    Func total_rows("total_rows");
    total_rows() = 0;
    total_rows() += image(all.x, all.y);
    Func rows = total_rows.update(0).rfactor(all.y, v);
    rows.compute_root();
    rows.update(0).parallel(v);
    std::printf("\nAfter rfactor(all.y, v), with the intermediate %s computed at root and its"
                " update parallel over v:\n",
                rows.name().c_str());
    total_rows.print_loop_nest();
    Buffer<int32_t> rb = total_rows.realize();
    std::printf("total over parallel rows: %d (expected %lld)\n", rb(), total_expected);
    expect(rb() == total_expected, "total after rfactor over rows");

    // ------------------------------------------------------------------------------
    // 5. rfactor for vectors.
    //
    // To use vector instructions, the partial sums must sit side by side: eight
    // running sums, one per lane, each adding every eighth pixel. First split the
    // RVar all.x into an outer RVar and an inner one of 8 (splits of RVars take
    // RVars as new names), then factor out the inner one as a pure Var u. Factoring
    // out all.y as v as well, in the same call, combines this with section 4: the
    // intermediate total_both_intm(u, v) holds 8 partial sums per row. Both of its
    // stages are vectorized over u, its update is parallel over v, and the final
    // update of total_both adds the 8 x 64 partial sums.
    RVar xo("xo"), xi("xi");
    Var u("u");
    Func total_both("total_both");
    total_both() = 0;
    total_both() += image(all.x, all.y);
    total_both.update(0).split(all.x, xo, xi, 8);
    Func lanes = total_both.update(0).rfactor({{xi, u}, {all.y, v}});
    lanes.compute_root().vectorize(u);
    lanes.update(0).parallel(v).vectorize(u);
    std::printf("\nAfter split(all.x, xo, xi, 8) and rfactor({{xi, u}, {all.y, v}}), the"
                " intermediate vectorized over u and parallel over v:\n");
    total_both.print_loop_nest();
    Buffer<int32_t> bb = total_both.realize();
    std::printf("total over vectors and rows: %d (expected %lld)\n", bb(), total_expected);
    expect(bb() == total_expected, "total after rfactor over lanes and rows");

    // ------------------------------------------------------------------------------
    // 6. atomic(): a horizontal reduction without an intermediate Func.
    //
    // rfactor names the partial sums as a Func of their own. For the common case
    // "one running sum per vector lane, added up at the end" there is a shorter way:
    // atomic() declares that the update is an associative reduction whose terms may
    // be combined in any order, and then an RVar that is not in the left-hand side
    // may be vectorized. Here xi (8 lanes) is the outermost loop, so each lane keeps
    // its running sum in a register through the loops over all.y and xo inside it,
    // and the 8 sums are added once, after the loops.
    Func total_atomic("total_atomic");
    total_atomic() = 0;
    total_atomic() += image(all.x, all.y);
    total_atomic.update(0)
        .split(all.x, xo, xi, 8)
        .reorder(xo, all.y, xi) // innermost first: xi outermost
        .atomic()
        .vectorize(xi);
    std::printf("\nWith atomic() and the lanes of xi outermost:\n");
    total_atomic.print_loop_nest();
    Buffer<int32_t> ab = total_atomic.realize();
    std::printf("total with atomic(): %d (expected %lld)\n", ab(), total_expected);
    expect(ab() == total_expected, "total after atomic vectorization");

    // Integer addition gives exactly the same sums in any order. With floats, the
    // different order of additions can change the last bits of a sum: rfactor and
    // atomic() are then correct in the way any reordered float sum is, not bit for bit.
    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
