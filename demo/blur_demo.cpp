// weft_demo: the blur of README.md as a program.
//
//   weft_demo input.png output.png
//
// Loads an 8- or 16-bit PNG (gray or color), blurs it with a two-stage 3x3 box blur
// whose edges repeat the border pixels, and saves the result as a 16-bit PNG. It
// reports the JIT compilation time and the run time apart: the first is paid once
// per pipeline, the second on every call to realize().

#include <weft/ImageIO.h>
#include <weft/weft.h>

#include <chrono>
#include <cstdio>
#include <exception>

using namespace weft;

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The input as a three-dimensional uint16 Func over (x, y, c), read past its edges by
// repeating the border. 8-bit values are scaled by 257 so that 255 becomes 65535.
Func as_uint16_with_repeated_edges(const Buffer<> &image, const Var &x, const Var &y,
                                   const Var &c) {
    Func clamped = BoundaryConditions::repeat_edge(image);
    Expr value = image.dimensions() == 3 ? Expr(clamped(x, y, c)) : Expr(clamped(x, y));
    value = cast<uint16_t>(value);
    if (image.type() == UInt(8)) {
        value = value * 257;
    }
    Func input("input");
    input(x, y, c) = value;
    return input;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s input.png output.png\n", argv[0]);
        return 2;
    }
    const char *input_path = argv[1];
    const char *output_path = argv[2];

    try {
        Buffer<> image = load_image(input_path);
        if (image.type() != UInt(8) && image.type() != UInt(16)) {
            std::fprintf(stderr, "weft_demo: %s: expected an 8- or 16-bit image\n", input_path);
            return 1;
        }
        const int width = image.width();
        const int height = image.height();
        const int channels = image.dimensions() == 3 ? image.channels() : 1;

        // The algorithm. Sums are taken in 32 bits so 16-bit inputs cannot overflow.
        Var x("x"), y("y"), c("c"), xi("xi"), yi("yi");
        Func input = as_uint16_with_repeated_edges(image, x, y, c);
        Func blur_x("blur_x"), blur_y("blur_y");
        blur_x(x, y, c) = cast<uint16_t>(
            (cast<uint32_t>(input(x - 1, y, c)) + input(x, y, c) + input(x + 1, y, c)) / 3);
        blur_y(x, y, c) = cast<uint16_t>(
            (cast<uint32_t>(blur_x(x, y - 1, c)) + blur_x(x, y, c) + blur_x(x, y + 1, c)) / 3);

        // The schedule: 256x32 tiles, rows of a tile in 16-lane vectors, tile rows in
        // parallel; blur_x is computed per tile, as much of it as the tile needs.
        blur_y.tile(x, y, xi, yi, 256, 32).vectorize(xi, 16).parallel(y);
        blur_x.compute_at(blur_y, x).vectorize(x, 16);

        const auto compile_start = Clock::now();
        blur_y.compile_jit();
        const double compile_ms = milliseconds_since(compile_start);

        const auto run_start = Clock::now();
        Buffer<uint16_t> blurred = blur_y.realize({width, height, channels});
        const double run_ms = milliseconds_since(run_start);

        save_image(blurred, output_path);

        std::printf("weft_demo: wrote %s\n", output_path);
        std::printf("  image:   %d x %d, %d channel%s, %d-bit input\n", width, height, channels,
                    channels == 1 ? "" : "s", image.type().bits);
        std::printf("  compile: %.1f ms (lowering + LLVM + JIT, once per pipeline)\n", compile_ms);
        std::printf("  run:     %.2f ms (one realize)\n", run_ms);
        return 0;
    } catch (const weft::Error &e) {
        std::fprintf(stderr, "weft_demo: %s\n", e.what());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "weft_demo: unexpected error: %s\n", e.what());
        return 1;
    }
}
