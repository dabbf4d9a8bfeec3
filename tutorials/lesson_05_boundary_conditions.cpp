// Lesson 5: reading outside an image, and boundary conditions.
//
// Filters look at neighbours: a blur at pixel x reads x - 1 and x + 1. At the edge
// of an image those neighbours do not exist. This lesson shows what weft does when a
// pipeline reads outside its input (it refuses, with an error that says exactly
// where), and the four standard ways to give the outside a meaning.

#include <weft/weft.h>

#include <cstdio>
#include <string>

using namespace weft;

namespace {

int failures = 0;

/// Prints a 2-D int Buffer as a grid with its coordinates, marking the input's area.
void print_grid(const char *title, const Buffer<int32_t> &b, int in_w, int in_h) {
    std::printf("%s\n       ", title);
    for (int i = b.dim(0).min(); i <= b.dim(0).max(); i++) {
        std::printf("%4d", i);
    }
    std::printf("   <- x\n");
    for (int j = b.dim(1).min(); j <= b.dim(1).max(); j++) {
        std::printf("  y=%2d ", j);
        for (int i = b.dim(0).min(); i <= b.dim(0).max(); i++) {
            bool inside = i >= 0 && i < in_w && j >= 0 && j < in_h;
            std::printf(inside ? "[%2d]" : " %2d ", b(i, j));
        }
        std::printf("\n");
    }
    std::printf("\n");
}

/// Checks every element of `b` against rule(x, y).
template<typename Rule> void check(const char *what, const Buffer<int32_t> &b, Rule rule) {
    for (int j = b.dim(1).min(); j <= b.dim(1).max(); j++) {
        for (int i = b.dim(0).min(); i <= b.dim(0).max(); i++) {
            if (b(i, j) != rule(i, j)) {
                std::printf("%s at (%d, %d): got %d, expected %d\n", what, i, j, b(i, j),
                            rule(i, j));
                failures++;
            }
        }
    }
}

int clamp_int(int v, int lo, int hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

/// Where mirror_image reads for coordinate c of a dimension of size n at min 0:
/// the image reflected, its edge pixel repeated (... 1 0 | 0 1 ... n-1 | n-1 n-2 ...).
int mirror_image_at(int c, int n) {
    int t = ((c % (2 * n)) + 2 * n) % (2 * n);
    return t < n ? t : 2 * n - 1 - t;
}

/// Where mirror_interior reads: reflected without repeating the edge
/// (... 2 1 | 0 1 ... n-1 | n-2 ...).
int mirror_interior_at(int c, int n) {
    int p = 2 * n - 2;
    int t = ((c % p) + p) % p;
    return t < n ? t : p - t;
}

} // namespace

int main() {
    // A tiny 4 x 3 input with a distinct value per pixel: 10 * y + x. Small enough to
    // print whole.
    const int W = 4, H = 3;
    Buffer<int32_t> input(W, H);
    input.set_name("input");
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            input(i, j) = 10 * j + i;
        }
    }
    Var x("x"), y("y");

    // ------------------------------------------------------------------------------
    // 1. Reading outside fails, loudly.
    //
    // A horizontal difference reads the input at x and x + 1. Asked for the whole
    // 4 x 3 image, the last column needs input at x = 4, which does not exist.
    //
    // weft works out, before running anything, the region of every input the
    // pipeline will touch (this is "bounds inference"), and checks it against the
    // buffers it was given. Here the check fails: instead of reading past the end of
    // the memory (a crash or garbage in C++), realize() throws weft::RuntimeError.
    // Its message names the buffer, the dimension, the range needed and the range
    // the buffer has.
    Func diff("diff");
    diff(x, y) = input(x + 1, y) - input(x, y);
    bool threw = false;
    try {
        Buffer<int32_t> d = diff.realize({W, H});
    } catch (const RuntimeError &e) {
        threw = true;
        std::printf("realize() refused to read outside the input:\n  %s\n\n", e.what());
        std::string message = e.what();
        for (const char *word : {"input", "dimension"}) {
            if (message.find(word) == std::string::npos) {
                std::printf("the message should mention \"%s\"\n", word);
                failures++;
            }
        }
    }
    if (!threw) {
        std::printf("reading outside the input should have thrown a RuntimeError\n");
        failures++;
    }

    // Computing one column less is fine (the region read is then inside the input),
    // but usually we want an output as large as the input. For that the outside must
    // have values: that is what a boundary condition gives.

    // ------------------------------------------------------------------------------
    // 2. Boundary conditions.
    //
    // Each function of BoundaryConditions takes a Buffer and returns a Func that is
    // equal to it inside, and defined EVERYWHERE outside by a rule. Being a Func,
    // it can be read at any coordinates, like the gradient of lesson 1.
    //
    // To see the rules, we realize each one over a region larger than the input: x
    // from -3 to 6, y from -2 to 4. An output Buffer can have any coordinates: we
    // make one with set_min() and realize() into it. In the printouts the input's own
    // pixels are in brackets.
    auto outside_view = [] {
        Buffer<int32_t> b(10, 7);
        b.set_min({-3, -2});
        return b;
    };

    // repeat_edge: the outside takes the value of the nearest edge pixel. The usual
    // choice for image filters: it invents no new values.
    Func repeat("repeat");
    repeat(x, y) = BoundaryConditions::repeat_edge(input)(x, y);
    Buffer<int32_t> r = outside_view();
    repeat.realize(r);
    print_grid("repeat_edge:", r, W, H);
    check("repeat_edge", r,
          [&](int i, int j) { return input(clamp_int(i, 0, W - 1), clamp_int(j, 0, H - 1)); });

    // constant_exterior: the outside is one constant (here -1). Good for zero padding
    // in convolutions.
    Func constant("constant");
    constant(x, y) = BoundaryConditions::constant_exterior(input, -1)(x, y);
    Buffer<int32_t> k = outside_view();
    constant.realize(k);
    print_grid("constant_exterior(-1):", k, W, H);
    check("constant_exterior", k,
          [&](int i, int j) { return (i >= 0 && i < W && j >= 0 && j < H) ? input(i, j) : -1; });

    // mirror_image: the image reflected at its edges, the edge pixel appearing twice
    // (3 2 1 0 | 0 1 2 3 | 3 2 1 0). No seam: it keeps smooth regions smooth.
    Func mirror("mirror");
    mirror(x, y) = BoundaryConditions::mirror_image(input)(x, y);
    Buffer<int32_t> m = outside_view();
    mirror.realize(m);
    print_grid("mirror_image:", m, W, H);
    check("mirror_image", m,
          [&](int i, int j) { return input(mirror_image_at(i, W), mirror_image_at(j, H)); });

    // mirror_interior: reflected around the edge pixel itself, which is not repeated
    // (3 2 1 | 0 1 2 3 | 2 1 0). The choice of many image processing libraries.
    Func interior("interior");
    interior(x, y) = BoundaryConditions::mirror_interior(input)(x, y);
    Buffer<int32_t> mi = outside_view();
    interior.realize(mi);
    print_grid("mirror_interior:", mi, W, H);
    check("mirror_interior", mi,
          [&](int i, int j) { return input(mirror_interior_at(i, W), mirror_interior_at(j, H)); });

    // ------------------------------------------------------------------------------
    // 3. Back to the difference, now over the whole image: reading the clamped Func
    // instead of the Buffer, the last column reads the edge again and gets 0.
    Func clamped = BoundaryConditions::repeat_edge(input);
    Func safe_diff("safe_diff");
    safe_diff(x, y) = clamped(x + 1, y) - clamped(x, y);
    Buffer<int32_t> sd = safe_diff.realize({W, H});
    print_grid("difference with repeat_edge:", sd, W, H);
    check("safe_diff", sd, [&](int i, int) { return i + 1 < W ? 1 : 0; });

    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
