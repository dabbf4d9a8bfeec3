// Lesson 4: update definitions and reductions.
//
// So far every Func had one definition, a formula giving each point independently of
// the others. Many computations are not like that: a sum over an image, a histogram,
// a running total. In weft these are written with two more tools:
//
//   - update definitions: further lines that modify a Func after its first
//     definition, applied in order, like statements of a program;
//   - reduction domains (RDom): a range of points an update iterates over, in order,
//     the way a for loop would.
//
// The inline reductions sum(), product(), maximum(), minimum(), argmax() and argmin()
// are shorthands built on the same machinery.

#include <weft/weft.h>

#include <cstdio>
#include <vector>

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
    Var x("x"), y("y");

    // ------------------------------------------------------------------------------
    // 1. Update definitions.
    //
    // The first definition of a Func is its "pure" definition: a formula over its
    // Vars, the same for every point. Each further assignment is an update. An update
    // may write only some points (f(3) = ...) and may read the Func's current values
    // on its right-hand side. weft runs the pure definition over the whole realized
    // region first, then each update, in the order they were written.
    Func f("f");
    f(x) = x * 10;   // pure: 0 10 20 30 40 50
    f(3) = 7;        // update 1 writes one point:  0 10 20 7 40 50
    f(x) = f(x) + 1; // update 2 touches every point: 1 11 21 8 41 51
    f(0) = f(3) * 2; // update 3 reads update 2's result: 16 11 21 8 41 51

    Buffer<int32_t> fb = f.realize({6});
    std::printf("f:");
    for (int i = 0; i < 6; i++) {
        std::printf(" %d", fb(i));
    }
    std::printf("\n");
    const int f_expected[] = {16, 11, 21, 8, 41, 51};
    for (int i = 0; i < 6; i++) {
        expect(fb(i) == f_expected[i], "update definitions run in order");
    }

    // ------------------------------------------------------------------------------
    // 2. Reduction domains.
    //
    // A Var means "every point, in any order": a schedule may reorder, split or
    // parallelize pure loops freely. A reduction needs the opposite: a definite range
    // visited in a definite order. That is an RDom. RDom r(1, 10) is the range 1, 2, ..., 10 (a
    // minimum and a number of points, like every range in weft). Used in an update,
    // the update is run once per point of r, in increasing order.
    //
    // Here a Func with no arguments (a single value) adds up 1..10.
    RDom r(1, 10, "r");
    Func total("total");
    total() = 0;  // the starting value
    total() += r; // for r in 1..10: total() = total() + r
    Buffer<int32_t> tb = total.realize();
    std::printf("1 + 2 + ... + 10 = %d\n", tb());
    expect(tb() == 55, "sum of 1..10");

    // The order is part of the meaning. The update below computes running sums: each
    // point adds the value just computed for the point before it, so only a loop that
    // visits step = 1, 2, ..., 9 in turn gets it right (the RDom guarantees that).
    Func running("running");
    running(x) = x;
    RDom step(1, 9, "step");
    running(step) = running(step) + running(step - 1); // prefix sums of 0..9
    Buffer<int32_t> rb = running.realize({10});
    for (int i = 0; i < 10; i++) {
        expect(rb(i) == i * (i + 1) / 2, "prefix sum");
    }

    // ------------------------------------------------------------------------------
    // 3. A histogram.
    //
    // The left-hand side of an update may be any integer expression, even one that
    // depends on data. A histogram counts how many pixels have each value: for each
    // pixel, add one to the bin the pixel's value selects.
    //
    // The image is itself a Func (a pattern of values between 0 and 255), 64 x 48.
    const int W = 64, H = 48;
    Func image("image");
    image(x, y) = cast<uint8_t>((x * 7 + y * y * 3) % 256);

    Func histogram("histogram");
    histogram(x) = 0; // every bin starts empty
    // An RDom can have several dimensions, each a (minimum, count) pair: pixel.x is
    // the inner loop (0..W-1), pixel.y the outer one (0..H-1).
    RDom pixel(0, W, 0, H, "pixel");
    // The bin index must be an int32 coordinate: cast the uint8 value. weft cannot
    // know in advance which bins a data-dependent index will write; clamp() bounds it
    // to 0..255, so bounds inference knows every write lands in the 256 bins we
    // realize (and the reader knows it too).
    Expr bin = clamp(cast<int32_t>(image(pixel.x, pixel.y)), 0, 255);
    histogram(bin) += 1;
    Buffer<int32_t> hb = histogram.realize({256});

    std::vector<int> h_expected(256, 0);
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            h_expected[(i * 7 + j * j * 3) % 256]++;
        }
    }
    int counted = 0;
    for (int v = 0; v < 256; v++) {
        expect(hb(v) == h_expected[v], "histogram bin");
        counted += hb(v);
    }
    std::printf("the histogram counted %d pixels\n", counted);
    expect(counted == W * H, "every pixel counted once");

    // ------------------------------------------------------------------------------
    // 4. Inline reductions.
    //
    // The pattern "start at 0, add each point of an RDom" is so common that it has a
    // shorthand: sum(expression involving an RDom). It creates the hidden Func with
    // the pure and update definitions for you and evaluates to its result. The RVars
    // inside are the points summed over; the pure Vars (y below) stay free.
    RDom col(0, W, "col");
    Func row_sum("row_sum"), row_max("row_max");
    row_sum(y) = sum(cast<int32_t>(image(col, y))); // widened first: a uint8 sum would wrap
    row_max(y) = maximum(image(col, y));
    Buffer<int32_t> sb = row_sum.realize({H});
    Buffer<uint8_t> mb = row_max.realize({H});
    for (int j = 0; j < H; j++) {
        int s = 0, m = 0;
        for (int i = 0; i < W; i++) {
            int v = (i * 7 + j * j * 3) % 256;
            s += v;
            m = v > m ? v : m;
        }
        expect(sb(j) == s, "row sum");
        expect(mb(j) == m, "row maximum");
    }
    std::printf("row 5: sum %d, maximum %d\n", sb(5), int(mb(5)));

    // ------------------------------------------------------------------------------
    // 5. where(): reductions over irregular domains.
    //
    // An RDom is a box. RDom::where(condition) keeps only the points where the
    // condition holds; the update (or inline reduction) skips the others. Here the
    // condition keeps the upper-left triangle of an 8 x 8 box (r.x + r.y < 8), and
    // counts, per row, how many points remain.
    RDom tri(0, 8, 0, 8, "tri");
    tri.where(tri.x + tri.y < 8);
    Func per_row("per_row");
    per_row(y) = 0;
    per_row(tri.y) += 1;
    Buffer<int32_t> pb = per_row.realize({8});
    std::printf("points per row of the triangle:");
    for (int j = 0; j < 8; j++) {
        std::printf(" %d", pb(j));
        expect(pb(j) == 8 - j, "triangle row count");
    }
    std::printf("\n");

    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
