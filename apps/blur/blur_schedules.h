#ifndef WEFT_APPS_BLUR_SCHEDULES_H
#define WEFT_APPS_BLUR_SCHEDULES_H

// Manual schedules of the blur in blur_algorithm.h, the best one first (bench/blur.cpp
// measures them all). 32 lanes of uint16 fill a zmm register (AVX-512) or two ymm
// (AVX2).
//
//  - Sliding32Streaming: blur_x stored per strip of 32 output rows and computed one new
//    row per output row (sliding window, storage folded to 4 rows), so each row of
//    blur_x once and the input read as one stream; blur_y written with streaming stores
//    (store_nontemporal: no read of each output cache line before it is written). The
//    fastest at 1 and 2 threads (figures in bench/README.md).
//  - Inline: both stages fused into one loop nest (blur_x inlined, so recomputed for
//    each of the 3 rows that use it: what the fused C++ loop does), strips of 8 rows in
//    parallel, x vectorized.
//  - InlineStreaming: Inline with blur_y.store_nontemporal(). It reads three input
//    rows at once, so it gains less from streaming stores than the sliding window.
//  - Strip32: blur_x computed per strip of 32 output rows (34 rows of it, all columns).
//  - Tile256x32: 256 x 32 tiles in parallel rows, blur_x computed per tile (~17 KB).
//    Fast while the image is in cache; at full size its short row segments defeat the
//    hardware prefetchers (whole rows make the input one linear stream).
//  - Sliding32: Sliding32Streaming with ordinary stores.
//  - Sliding32V16: the same with 16 lanes (one ymm register).
//
// Sizes: the splits shift their last piece inwards (TailStrategy::ShiftInwards), so the
// output must be at least as large as one piece: 32 wide (256 for Tile256x32) and 8
// rows (32 for the strip, tile and sliding schedules). Smaller outputs would read
// before the input's start and get a RuntimeError naming the input.

#include "blur_algorithm.h"

#include <weft/weft.h>

#include <vector>

namespace blur {

enum class Schedule { InlineStreaming, Inline, Strip32, Tile256x32, Sliding32, Sliding32V16,
                      Sliding32Streaming };

/// Every schedule, the best first.
inline const std::vector<Schedule> &all_schedules() {
    static const std::vector<Schedule> all = {
        Schedule::Sliding32Streaming, Schedule::Inline,     Schedule::InlineStreaming,
        Schedule::Strip32,            Schedule::Tile256x32, Schedule::Sliding32,
        Schedule::Sliding32V16};
    return all;
}

inline const char *to_string(Schedule s) {
    switch (s) {
    case Schedule::InlineStreaming:
        return "inline_streaming";
    case Schedule::Inline:
        return "inline";
    case Schedule::Strip32:
        return "strip32";
    case Schedule::Tile256x32:
        return "tile256x32";
    case Schedule::Sliding32:
        return "sliding32";
    case Schedule::Sliding32V16:
        return "sliding32_v16";
    case Schedule::Sliding32Streaming:
        return "sliding32_streaming";
    }
    return "?";
}

/// The smallest output (width, height) schedule `s` runs (see the file comment).
inline std::pair<int, int> min_output_size(Schedule s) {
    switch (s) {
    case Schedule::InlineStreaming:
    case Schedule::Inline:
        return {32, 8};
    case Schedule::Tile256x32:
        return {256, 32};
    case Schedule::Strip32:
    case Schedule::Sliding32:
    case Schedule::Sliding32Streaming:
        return {32, 32};
    case Schedule::Sliding32V16:
        return {16, 32};
    }
    return {0, 0};
}

/// Applies schedule `s` to the Funcs of make_blur (once per BlurFuncs).
inline void schedule_blur(BlurFuncs &f, Schedule s) {
    using namespace weft;
    Func &bx = f.blur_x, &by = f.blur_y;
    const Var &x = f.x, &y = f.y;
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    switch (s) {
    case Schedule::InlineStreaming:
        by.split(y, yo, yi, 8).parallel(yo).vectorize(x, 32);
        by.store_nontemporal();
        return;
    case Schedule::Inline:
        by.split(y, yo, yi, 8).parallel(yo).vectorize(x, 32);
        return;
    case Schedule::Strip32:
        by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 32);
        bx.compute_at(by, yo).vectorize(x, 32);
        return;
    case Schedule::Tile256x32:
        by.tile(x, y, xo, yo, xi, yi, 256, 32).vectorize(xi, 32).parallel(yo);
        bx.compute_at(by, xo).vectorize(x, 32);
        return;
    case Schedule::Sliding32:
        by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 32);
        bx.store_at(by, yo).compute_at(by, yi).vectorize(x, 32);
        return;
    case Schedule::Sliding32V16:
        by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 16);
        bx.store_at(by, yo).compute_at(by, yi).vectorize(x, 16);
        return;
    case Schedule::Sliding32Streaming:
        by.split(y, yo, yi, 32).parallel(yo).vectorize(x, 32);
        bx.store_at(by, yo).compute_at(by, yi).vectorize(x, 32);
        by.store_nontemporal();
        return;
    }
}

} // namespace blur

#endif
