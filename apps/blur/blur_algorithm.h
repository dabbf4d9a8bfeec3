#ifndef WEFT_APPS_BLUR_ALGORITHM_H
#define WEFT_APPS_BLUR_ALGORITHM_H

// The 3x3 box blur of a uint16 image, the algorithm only (blur_schedules.h schedules
// it). Two stages, in uint16 arithmetic (sums wrap, as in the C++ references):
//
//   blur_x(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3
//   blur_y(x, y) = (blur_x(x, y) + blur_x(x, y + 1) + blur_x(x, y + 2)) / 3
//
// No boundary condition: blur_y is defined on [0, W - 2) x [0, H - 2) of a W x H input
// and is realized as Buffer<uint16_t>(W - 2, H - 2) (a larger output reads past the
// input: a RuntimeError naming the input).
//
//   blur::BlurFuncs f = blur::make_blur(in);          // a Buffer<uint16_t> or ImageParam
//   blur::schedule_blur(f, blur::Schedule::Inline);   // blur_schedules.h
//   f.blur_y.realize(out);                            // out: Buffer<uint16_t>(W - 2, H - 2)

#include <weft/weft.h>

namespace blur {

/// The Funcs and Vars of one blur pipeline.
struct BlurFuncs {
    weft::Func blur_x, blur_y;
    weft::Var x, y;
};

/// Builds the blur over `in` (a 2-D uint16 Buffer or ImageParam).
template <typename Input> BlurFuncs make_blur(const Input &in) {
    BlurFuncs f{weft::Func("blur_x"), weft::Func("blur_y"), weft::Var("x"), weft::Var("y")};
    const weft::Var &x = f.x, &y = f.y;
    f.blur_x(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3;
    f.blur_y(x, y) = (f.blur_x(x, y) + f.blur_x(x, y + 1) + f.blur_x(x, y + 2)) / 3;
    return f;
}

} // namespace blur

#endif
