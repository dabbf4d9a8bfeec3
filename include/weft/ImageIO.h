#ifndef WEFT_IMAGE_IO_H
#define WEFT_IMAGE_IO_H

// Loading and saving PNG images as Buffers (libpng).
//
//   Buffer<uint8_t> in = load_image("in.png");   // checked: RuntimeError if 16-bit
//   Buffer<float> f = load_image_as<float>("in.png");   // converted, values in [0, 1]
//   save_image(out, "out.png");
//
// Images are Buffers with dimensions (x, y) for grey and (x, y, c) for grey+alpha, RGB
// and RGBA, with the channels PLANAR in memory (dim 0 stride 1, dim 1 stride width,
// dim 2 stride width * height), as in Halide. 8-bit files load as uint8, 16-bit files
// as uint16; palette and low-bit-depth files are expanded to 8 bits per channel.

#include "weft/Buffer.h"

#include <string>

namespace weft {

/// Reads a PNG file. RuntimeError for a missing or unreadable file or a corrupt PNG.
Buffer<> load_image(const std::string &path);

/// Reads a PNG file and converts it to element type `t` (uint8, uint16, float32 or
/// float64): 8 <-> 16 bits scale by 257 (rounding), floats hold values in [0, 1].
Buffer<> load_image_as(Type t, const std::string &path);

/// load_image_as<uint16_t>("in.png"), load_image_as<float>("in.png").
template<typename T> Buffer<T> load_image_as(const std::string &path) {
    return load_image_as(type_of<T>(), path);
}

/// Writes a uint8 or uint16 buffer of 2 dimensions (grey) or 3 with 1 to 4 channels
/// (grey, grey+alpha, RGB, RGBA) as PNG. The pixel at the buffer's mins becomes the top
/// left. Any strides are fine. RuntimeError for other types or shapes, or a write failure.
void save_image(const Buffer<> &image, const std::string &path);

} // namespace weft

#endif
