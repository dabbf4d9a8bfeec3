// Lesson 2: processing an image from a file.
//
// Lesson 1 computed an image from a formula. Real pipelines start from data: here we
// load a color PNG, make it 50% brighter, save the result, and check a few pixels.
// Along the way we meet the detail that trips up most newcomers: the types of
// values, and why a brightening filter needs casts.

#include <weft/weft.h>

#include <algorithm>
#include <cstdio>
#include <string>

using namespace weft;

int main() {
    // ------------------------------------------------------------------------------
    // Loading. load_image reads a PNG file into a Buffer. An 8-bit color image becomes
    // a Buffer<uint8_t> with three dimensions: x (column), y (row) and c (channel:
    // 0 red, 1 green, 2 blue). The tutorials' build passes the data folder's path
    // as WEFT_TUTORIAL_DATA_DIR.
    const std::string path = std::string(WEFT_TUTORIAL_DATA_DIR) + "/rgb.png";
    Buffer<uint8_t> input = load_image(path);
    std::printf("Loaded %s: %d x %d pixels, %d channels\n", path.c_str(), input.width(),
                input.height(), input.channels());

    // ------------------------------------------------------------------------------
    // Reading the image inside a definition. A Buffer holds numbers; a definition
    // needs an Expr. Called with plain ints, input(3, 4, 0) reads one number from
    // memory right away. Called with Vars, input(x, y, c) reads nothing yet: it is the
    // Expr "the element of input at (x, y, c)", for whatever x, y and c turn out to be
    // when the pipeline runs. Its type is the Buffer's element type, uint8. (The Buffer
    // becomes an input of every pipeline that uses this Expr.)
    Var x("x"), y("y"), c("c");
    Expr value = input(x, y, c);

    // ------------------------------------------------------------------------------
    // Why casting matters. Every Expr has a type, and weft does arithmetic in that
    // type, following fixed rules (Halide's). Our values are uint8: 0 to 255. A
    // tempting way to brighten by 1.5 without floats is value * 3 / 2. But an integer
    // literal next to a uint8 Expr becomes a uint8 too, so the product is computed in
    // 8 bits, and a uint8 that passes 255 wraps around to 0: 200 * 3 = 600 is stored as
    // 600 - 512 = 88, and 88 / 2 = 44. The brightest pixels would turn dark. Let us
    // see it happen on one pixel value, computed by weft:
    Func naive("naive");
    naive() = Expr(uint8_t(200)) * 3 / 2;
    Buffer<uint8_t> wrapped = naive.realize();
    std::printf("As uint8, 200 * 3 / 2 = %d (not 300, which uint8 cannot hold)\n", wrapped());

    // The fix is to choose the type of the arithmetic on purpose: convert to float32
    // (room for any intermediate value), brighten, clamp to what a uint8 can hold,
    // and only then convert back. Each step written out:
    value = cast<float>(value);   // 1. to float: room for any intermediate value
    value = value * 1.5f;         // 2. brighten
    value = min(value, 255.0f);   // 3. keep within what a uint8 can hold
    value = cast<uint8_t>(value); // 4. back to 8 bits (rounds toward zero)
    // Step 3 matters as much as step 1: converting a float above 255 to uint8 has no
    // meaningful result. (Multiplying a uint8 by a float, as in step 2, would have
    // converted it to float by itself; writing the cast makes the intent plain.)

    // The definition over three coordinates, one per dimension of the image.
    Func brighter("brighter");
    brighter(x, y, c) = value;

    // ------------------------------------------------------------------------------
    // Running it. realize() computes brighter over a region of our choosing. The
    // output has the input's size: the pipeline reads input exactly where it writes,
    // so every read is inside the image. (Lesson 5 shows what happens otherwise.)
    Buffer<uint8_t> output = brighter.realize({input.width(), input.height(), input.channels()});

    // Saving. save_image writes a uint8 Buffer of 3 channels as a color PNG, into the
    // current directory (ctest runs the tutorials in the build folder).
    save_image(output, "lesson_02_brighter.png");
    std::printf("Wrote lesson_02_brighter.png\n");

    // ------------------------------------------------------------------------------
    // The check: every pixel against the same computation in plain C++, and a few
    // printed so you can see the effect.
    int errors = 0;
    for (int ch = 0; ch < input.channels(); ch++) {
        for (int j = 0; j < input.height(); j++) {
            for (int i = 0; i < input.width(); i++) {
                float brightened = std::min(float(input(i, j, ch)) * 1.5f, 255.0f);
                uint8_t expected = uint8_t(brightened);
                if (output(i, j, ch) != expected) {
                    if (errors < 10) {
                        std::printf("pixel (%d, %d, %d): got %d, expected %d\n", i, j, ch,
                                    output(i, j, ch), expected);
                    }
                    errors++;
                }
            }
        }
    }
    const int sample[][2] = {
        {0, 0}, {input.width() / 2, input.height() / 2}, {input.width() - 1, input.height() - 1}};
    for (const auto &p : sample) {
        std::printf("pixel (%d, %d): rgb(%d, %d, %d) -> rgb(%d, %d, %d)\n", p[0], p[1],
                    input(p[0], p[1], 0), input(p[0], p[1], 1), input(p[0], p[1], 2),
                    output(p[0], p[1], 0), output(p[0], p[1], 1), output(p[0], p[1], 2));
    }
    if (wrapped() != 44) {
        std::printf("200 * 3 / 2 in uint8 should wrap to 44\n");
        errors++;
    }
    if (errors != 0) {
        std::printf("%d wrong pixels\n", errors);
        return 1;
    }

    // Reading the saved file back gives the same pixels: PNG is lossless.
    Buffer<uint8_t> reloaded = load_image("lesson_02_brighter.png");
    if (reloaded.width() != output.width() || reloaded(3, 4, 1) != output(3, 4, 1)) {
        std::printf("the saved image differs from the output\n");
        return 1;
    }

    std::printf("Success!\n");
    return 0;
}
