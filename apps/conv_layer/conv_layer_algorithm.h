#ifndef WEFT_APPS_CONV_LAYER_ALGORITHM_H
#define WEFT_APPS_CONV_LAYER_ALGORITHM_H

// A ResNet convolution layer, the algorithm only (conv_layer_schedules.h schedules it):
// 3x3 convolution, stride 1, zero padding 1, plus bias, then ReLU; fp32.
//
// Layouts (weft dimension 0 is the contiguous one), channels innermost:
//   input   in(c, x, y, n)        NHWC: C x W x H x N
//   weights w(k, c, rx, ry)       HWIO: K x C x 3 x 3 (output channel innermost)
//   bias    bias(k)               K
//   output  relu(k, x, y, n)      NHWC: K x W x H x N
// With the channels innermost, a vector of 16 output channels is one dense load of the
// weights and one dense store of the output, and the input channel is a broadcast: the
// inner loop is dense vector FMAs.
//
//   padded(c, x, y, n) = in(c, x, y, n) inside the image, 0 outside
//   conv(k, x, y, n)   = bias(k)
//   conv(k, x, y, n)  += w(k, r.c, r.x, r.y) * padded(r.c, x + r.x - 1, y + r.y - 1, n)
//                        over r = [0, C) x [0, 3) x [0, 3)
//   relu(k, x, y, n)   = max(conv(k, x, y, n), 0)
//
// Sizes come from the inputs: C = in.dim(0), W, H, N = in.dim(1..3), K = w.dim(0);
// w.dim(1) must be C and bias must cover K (else a RuntimeError names the buffer).

#include <weft/weft.h>

#include <string>

namespace conv_layer {

struct ConvLayerFuncs {
    weft::ImageParam in, w, bias;
    weft::Func padded, conv, relu;
    weft::Var k, x, y, n;
    weft::RDom r; // r.x: input channel c, r.y: filter column, r.z: filter row
};

inline ConvLayerFuncs make_conv_layer(const weft::ImageParam &in, const weft::ImageParam &w,
                                      const weft::ImageParam &bias,
                                      const std::string &prefix = "conv_layer") {
    using namespace weft;
    ConvLayerFuncs f;
    f.in = in;
    f.w = w;
    f.bias = bias;
    f.padded = Func(prefix + "_padded");
    f.conv = Func(prefix + "_conv");
    f.relu = Func(prefix);
    f.k = Var("k");
    f.x = Var("x");
    f.y = Var("y");
    f.n = Var("n");
    f.r = RDom(0, in.dim(0).extent(), 0, 3, 0, 3, "r");
    const Var &c = f.k, &x = f.x, &y = f.y, &n = f.n; // padded's channel Var is c
    const Expr width = in.dim(1).extent(), height = in.dim(2).extent();
    const Expr inside = x >= 0 && x < width && y >= 0 && y < height;
    f.padded(c, x, y, n) =
        select(inside, in(c, clamp(x, 0, width - 1), clamp(y, 0, height - 1), n), 0.0f);
    const Var &k = f.k;
    f.conv(k, x, y, n) = bias(k);
    f.conv(k, x, y, n) += w(k, f.r.x, f.r.y, f.r.z) * f.padded(f.r.x, x + f.r.y - 1, y + f.r.z - 1, n);
    f.relu(k, x, y, n) = max(f.conv(k, x, y, n), 0.0f);
    return f;
}

} // namespace conv_layer

#endif
