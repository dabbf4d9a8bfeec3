#ifndef WEFT_APPS_SOFTMAX_ALGORITHM_H
#define WEFT_APPS_SOFTMAX_ALGORITHM_H

// Numerically stable softmax over the rows of a matrix, the algorithm only
// (softmax_schedules.h schedules it). fp32, row-major: the input is a W x H ImageParam,
// in(x, y) the element in column x of row y (dimension 0 contiguous), and
//
//   row_max(y) = max over r in [0, W) of in(r, y)
//   e(x, y)    = fast_exp(in(x, y) - row_max(y))     in (0, 1]: no overflow
//   row_sum(y) = sum over r of e(r, y)                >= 1
//   inv(y)     = 1 / row_sum(y)
//   softmax(x, y) = e(x, y) * inv(y)
//
// fast_exp (weft/IROperator.h) rather than exp: it is built from arithmetic and
// vectorizes (exp calls the C library once per lane), within a few ulp of exp.
//
//   softmax::SoftmaxFuncs f = softmax::make_softmax(in);   // in: ImageParam Float(32), 2-D
//   softmax::schedule_softmax(f, softmax::Schedule::Rows);
//   f.softmax.realize(out);                                // out: Buffer<float>(W, H)

#include <weft/weft.h>

#include <limits>
#include <string>

namespace softmax {

struct SoftmaxFuncs {
    weft::ImageParam in;
    weft::Func row_max, e, row_sum, inv, softmax;
    weft::Var x, y;
    weft::RDom r_max, r_sum;
};

inline SoftmaxFuncs make_softmax(const weft::ImageParam &in, const std::string &prefix = "softmax") {
    using namespace weft;
    SoftmaxFuncs f;
    f.in = in;
    f.row_max = Func(prefix + "_row_max");
    f.e = Func(prefix + "_e");
    f.row_sum = Func(prefix + "_row_sum");
    f.inv = Func(prefix + "_inv");
    f.softmax = Func(prefix);
    f.x = Var("x");
    f.y = Var("y");
    f.r_max = RDom(0, in.width(), "r_max");
    f.r_sum = RDom(0, in.width(), "r_sum");
    const Var &x = f.x, &y = f.y;
    f.row_max(y) = -std::numeric_limits<float>::infinity();
    f.row_max(y) = max(f.row_max(y), in(f.r_max, y));
    f.e(x, y) = fast_exp(in(x, y) - f.row_max(y));
    f.row_sum(y) = 0.0f;
    f.row_sum(y) += f.e(f.r_sum, y);
    f.inv(y) = 1.0f / f.row_sum(y);
    f.softmax(x, y) = f.e(x, y) * f.inv(y);
    return f;
}

} // namespace softmax

#endif
