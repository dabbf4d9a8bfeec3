// PNG loading and saving for weft::Buffer (include/weft/ImageIO.h), with libpng's
// classic API. libpng reports errors by longjmp: the setjmp regions below hold no
// C++ objects with destructors, and the results are copied into Buffers after them.

#include "weft/ImageIO.h"

#include "Error.h"

#include <png.h>

#include <cerrno>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

namespace weft {

namespace {

/// A libpng read or write session: the file, libpng's structs and the last error text.
struct PngSession {
    FILE *file = nullptr;
    png_structp png = nullptr;
    png_infop info = nullptr;
    bool writing = false;
    char error[256] = {};

    PngSession() = default;
    PngSession(const PngSession &) = delete;
    PngSession &operator=(const PngSession &) = delete;
    ~PngSession() {
        if (writing) {
            png_destroy_write_struct(png ? &png : nullptr, info ? &info : nullptr);
        } else {
            png_destroy_read_struct(png ? &png : nullptr, info ? &info : nullptr, nullptr);
        }
        if (file) {
            std::fclose(file);
        }
    }
};

void on_png_error(png_structp png, png_const_charp message) {
    auto *s = static_cast<PngSession *>(png_get_error_ptr(png));
    std::snprintf(s->error, sizeof(s->error), "%s", message);
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

/// Reads the whole image into libpng's row buffers; false (with s.error set) on failure.
bool read_png(PngSession &s) {
    if (setjmp(png_jmpbuf(s.png))) {
        return false;
    }
    png_init_io(s.png, s.file);
    png_read_png(s.png, s.info, PNG_TRANSFORM_EXPAND, nullptr);
    return true;
}

/// Writes the rows set with png_set_rows; false (with s.error set) on failure.
bool write_png(PngSession &s, png_uint_32 width, png_uint_32 height, int bit_depth, int color_type,
               png_bytepp rows) {
    if (setjmp(png_jmpbuf(s.png))) {
        return false;
    }
    png_init_io(s.png, s.file);
    png_set_IHDR(s.png, s.info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_rows(s.png, s.info, rows);
    png_write_png(s.png, s.info, PNG_TRANSFORM_IDENTITY, nullptr);
    return true;
}

int color_type_for(int channels) {
    switch (channels) {
    case 1:
        return PNG_COLOR_TYPE_GRAY;
    case 2:
        return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3:
        return PNG_COLOR_TYPE_RGB;
    default:
        return PNG_COLOR_TYPE_RGBA;
    }
}

void check_saveable(const Buffer<> &image, const std::string &path) {
    if (!image.defined()) {
        runtime_user_error << "save_image(\"" << path << "\"): the buffer is undefined.";
    }
    Type t = image.type();
    if (t != UInt(8) && t != UInt(16)) {
        runtime_user_error << "save_image(\"" << path
                           << "\"): " << internal::buffer_label(image.name()) << " has type "
                           << to_string(t) << "; PNG files hold uint8 or uint16 (cast first).";
    }
    int dims = image.dimensions();
    if (dims != 2 && dims != 3) {
        runtime_user_error << "save_image(\"" << path
                           << "\"): " << internal::buffer_label(image.name()) << " has " << dims
                           << " dimensions; images are 2-D (x, y) or 3-D (x, y, c).";
    }
    if (image.channels() < 1 || image.channels() > 4) {
        runtime_user_error << "save_image(\"" << path
                           << "\"): " << internal::buffer_label(image.name()) << " has "
                           << image.channels()
                           << " channels; PNG holds 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA).";
    }
    if (image.width() < 1 || image.height() < 1) {
        runtime_user_error << "save_image(\"" << path
                           << "\"): " << internal::buffer_label(image.name()) << " is empty ("
                           << image.width() << " x " << image.height() << ").";
    }
}

/// The sample at (x, y, c) relative to the mins, as an unsigned value.
unsigned sample(const Buffer<> &image, int x, int y, int c) {
    const weft_buffer_t *b = image.raw_buffer();
    int64_t offset = int64_t(x) * b->dim[0].stride + int64_t(y) * b->dim[1].stride;
    if (b->dimensions == 3) {
        offset += int64_t(c) * b->dim[2].stride;
    }
    if (b->type.bits == 8) {
        return b->host[offset];
    }
    uint16_t v;
    std::memcpy(&v, b->host + offset * 2, 2);
    return v;
}

double max_value(Type t) {
    return t == UInt(8) ? 255.0 : 65535.0;
}

} // namespace

Buffer<> load_image(const std::string &path) {
    PngSession s;
    s.file = std::fopen(path.c_str(), "rb");
    if (!s.file) {
        runtime_user_error << "load_image: cannot open \"" << path << "\": " << std::strerror(errno)
                           << ".";
    }
    png_byte signature[8] = {};
    if (std::fread(signature, 1, 8, s.file) != 8 || png_sig_cmp(signature, 0, 8) != 0) {
        runtime_user_error << "load_image: \"" << path << "\" is not a PNG file.";
    }
    s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, on_png_error, on_png_warning);
    s.info = s.png ? png_create_info_struct(s.png) : nullptr;
    if (!s.info) {
        runtime_user_error << "load_image: \"" << path << "\": out of memory in libpng.";
    }
    png_set_sig_bytes(s.png, 8);
    if (!read_png(s)) {
        runtime_user_error << "load_image: \"" << path << "\" is not a valid PNG: " << s.error
                           << ".";
    }

    int width = static_cast<int>(png_get_image_width(s.png, s.info));
    int height = static_cast<int>(png_get_image_height(s.png, s.info));
    int channels = png_get_channels(s.png, s.info);
    int bit_depth = png_get_bit_depth(s.png, s.info);
    png_bytepp rows = png_get_rows(s.png, s.info);
    std::vector<int> sizes = {width, height};
    if (channels > 1) {
        sizes.push_back(channels);
    }
    Buffer<> image(bit_depth == 16 ? UInt(16) : UInt(8), sizes);
    weft_buffer_t *b = image.raw_buffer();
    int64_t plane = int64_t(width) * height;
    for (int y = 0; y < height; y++) {
        const png_byte *row = rows[y];
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) {
                int64_t i = int64_t(x) * channels + c;
                int64_t dst = int64_t(y) * width + x + c * plane;
                if (bit_depth == 16) {
                    uint16_t v = static_cast<uint16_t>((row[2 * i] << 8) | row[2 * i + 1]);
                    std::memcpy(b->host + 2 * dst, &v, 2);
                } else {
                    b->host[dst] = row[i];
                }
            }
        }
    }
    return image;
}

Buffer<> load_image_as(Type t, const std::string &path) {
    Buffer<> image = load_image(path);
    if (image.type() == t) {
        return image;
    }
    bool is_real = t == Float(32) || t == Float(64);
    if (t != UInt(8) && t != UInt(16) && !is_real) {
        runtime_user_error << "load_image_as(\"" << path << "\"): cannot convert to "
                           << to_string(t) << "; choose uint8, uint16, float32 or float64.";
    }
    std::vector<int> sizes;
    for (int d = 0; d < image.dimensions(); d++) {
        sizes.push_back(image.dim(d).extent());
    }
    Buffer<> out(t, sizes, image.name());
    // Both buffers are dense with zero mins, so element i of one is element i of the other.
    const weft_buffer_t *src = image.raw_buffer();
    weft_buffer_t *dst = out.raw_buffer();
    double scale = max_value(t == UInt(8) || t == UInt(16) ? t : image.type());
    double from_max = max_value(image.type());
    int64_t n = image.number_of_elements();
    for (int64_t i = 0; i < n; i++) {
        unsigned v =
            src->type.bits == 8 ? src->host[i] : reinterpret_cast<uint16_t *>(src->host)[i];
        double unit = v / from_max;
        if (t == Float(32)) {
            reinterpret_cast<float *>(dst->host)[i] = static_cast<float>(unit);
        } else if (t == Float(64)) {
            reinterpret_cast<double *>(dst->host)[i] = unit;
        } else if (t == UInt(8)) {
            dst->host[i] = static_cast<uint8_t>(std::lround(unit * scale));
        } else {
            reinterpret_cast<uint16_t *>(dst->host)[i] =
                static_cast<uint16_t>(std::lround(unit * scale));
        }
    }
    return out;
}

void save_image(const Buffer<> &image, const std::string &path) {
    check_saveable(image, path);
    int width = image.width(), height = image.height(), channels = image.channels();
    int bytes = image.type().bytes();
    std::vector<png_byte> pixels(size_t(width) * height * channels * bytes);
    std::vector<png_bytep> rows(height);
    for (int y = 0; y < height; y++) {
        png_bytep row = pixels.data() + size_t(y) * width * channels * bytes;
        rows[y] = row;
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) {
                unsigned v = sample(image, x, y, c);
                size_t i = size_t(x) * channels + c;
                if (bytes == 2) {
                    row[2 * i] = static_cast<png_byte>(v >> 8); // PNG is big-endian.
                    row[2 * i + 1] = static_cast<png_byte>(v & 0xff);
                } else {
                    row[i] = static_cast<png_byte>(v);
                }
            }
        }
    }

    PngSession s;
    s.writing = true;
    s.file = std::fopen(path.c_str(), "wb");
    if (!s.file) {
        runtime_user_error << "save_image: cannot open \"" << path
                           << "\" for writing: " << std::strerror(errno) << ".";
    }
    s.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s, on_png_error, on_png_warning);
    s.info = s.png ? png_create_info_struct(s.png) : nullptr;
    if (!s.info) {
        runtime_user_error << "save_image: \"" << path << "\": out of memory in libpng.";
    }
    if (!write_png(s, width, height, bytes * 8, color_type_for(channels), rows.data())) {
        runtime_user_error << "save_image: writing \"" << path << "\" failed: " << s.error << ".";
    }
    if (std::fflush(s.file) != 0) {
        runtime_user_error << "save_image: writing \"" << path
                           << "\" failed: " << std::strerror(errno) << ".";
    }
}

} // namespace weft
