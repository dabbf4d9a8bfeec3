// Func::store_nontemporal: the aligned vector loop (src/lower/AlignStreamingStores.h)
// writes exactly what the ordinary one does, for every misalignment of the output rows
// (outputs that are views of a larger buffer, starting at each element offset), odd
// widths (one vector, a vector plus one, many), non-zero mins, uint8/uint16/float
// outputs, 1 and 2 threads, and a second stage scheduled at the rows (sliding window).
// Pixels outside the view are never written.

#include "test_util.h"

#include <weft/weft.h>

#include <catch2/catch.hpp>

#include <cstdint>

using namespace weft;

namespace {

template <typename T> Expr value_of(const Buffer<T> &in, const Var &x, const Var &y) {
    return in(x, y) * 3 + in(x + 1, y) - in(x, y + 1);
}

/// Realizes out(x, y) = in(x, y) * 3 + in(x + 1, y) - in(x, y + 1) into a view of a
/// padded buffer that starts `offset` elements into it, with and without streaming
/// stores, and compares every element of the padded buffers (the padding must stay 7).
template <typename T>
void check(int width, int height, int offset, int lanes, int threads, bool sliding) {
    INFO("width " << width << ", height " << height << ", offset " << offset << ", lanes "
                  << lanes << ", threads " << threads << ", sliding " << sliding);
    // The view's coordinates are those of the padded buffer (x from offset, y from 1).
    Buffer<T> in(width + 41, height + 4);
    weft_test::fill_uniform(in, uint32_t(width * 31 + offset), 0, 100);
    Buffer<T> results[2];
    for (int streaming = 0; streaming < 2; streaming++) {
        Func f("f"), g("g");
        Var x("x"), y("y"), yo("yo"), yi("yi");
        if (sliding) {
            f(x, y) = value_of(in, x, y);
            g(x, y) = f(x, y) + f(x, y + 1);
            g.split(y, yo, yi, 4).parallel(yo).vectorize(x, lanes);
            f.store_at(g, yo).compute_at(g, yi).vectorize(x, lanes);
        } else {
            g(x, y) = value_of(in, x, y);
            g.vectorize(x, lanes).parallel(y);
        }
        if (streaming) {
            g.store_nontemporal();
        }
        const int rows = sliding ? height - 1 : height;
        // A padded buffer whose rows are width + 40 elements apart; the output is a view
        // starting `offset` elements in, so its rows start at many alignments.
        Buffer<T> padded(width + 40, rows + 2);
        padded.fill(T(7));
        Buffer<T> view = padded.cropped(0, offset, width).cropped(1, 1, rows);
        set_num_threads(threads);
        g.realize(view);
        set_num_threads(0);
        results[streaming] = padded;
    }
    int wrong = 0;
    for (int y = 0; y < results[0].height(); y++) {
        for (int x = 0; x < results[0].width(); x++) {
            if (results[0](x, y) != results[1](x, y) && wrong++ == 0) {
                FAIL_CHECK("padded(" << x << ", " << y << ") = " << double(results[1](x, y))
                                     << " with streaming stores, " << double(results[0](x, y))
                                     << " without");
            }
        }
    }
    CHECK(wrong == 0);
}

} // namespace

TEST_CASE("streaming stores write what ordinary stores do, at every alignment", "[stream]") {
    for (int offset : {0, 1, 5, 8, 13, 31}) {
        for (int width : {32, 33, 95, 203}) {
            check<uint16_t>(width, 9, offset, 32, offset % 2 + 1, false);
        }
    }
    check<uint16_t>(16, 5, 3, 16, 1, false);
    check<uint16_t>(400, 7, 9, 16, 2, false);
}

TEST_CASE("streaming stores of uint8 and float outputs", "[stream]") {
    for (int offset : {0, 3, 17}) {
        check<uint8_t>(141, 6, offset, 64, 2, false);
        check<uint8_t>(141, 6, offset, 32, 1, false);
        check<float>(77, 6, offset, 16, 2, false);
        check<float>(77, 6, offset, 8, 1, false);
    }
}

TEST_CASE("streaming stores with a sliding-window producer", "[stream]") {
    for (int offset : {0, 7}) {
        check<uint16_t>(203, 17, offset, 32, 2, true);
    }
}
