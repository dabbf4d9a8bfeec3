// Pipelines of several stages: inlined and compute_root mixes, a Pipeline with two
// outputs, scalar Params changed between realizations, an ImageParam bound with set(),
// and realizations into output buffers that are not dense zero-min arrays (non-zero
// mins, a transposed view over user memory, a crop of a larger buffer).

#include "test_util.h"

#include "frontend/JITCache.h" // internal::jit_compile_count(), to see recompilations

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using namespace weft;
using weft_test::check_buffer;

namespace {

const int W = 45, H = 23;

/// The input of the multi-stage tests: mins (0, 0), values in [0, 100).
Buffer<int32_t> make_input() {
    Buffer<int32_t> in(W, H);
    in.set_name("input");
    weft_test::fill_uniform(in, 808, 0, 99);
    return in;
}

/// The C++ of the three stages below (edges clamped).
int32_t ref_stage1(const Buffer<int32_t> &in, int x, int y) {
    return in(std::clamp(x, 0, W - 1), std::clamp(y, 0, H - 1)) * 2 + x - y;
}
int32_t ref_stage2(const Buffer<int32_t> &in, int x, int y) {
    return ref_stage1(in, x - 1, y) + ref_stage1(in, x, y) + ref_stage1(in, x + 1, y);
}
int32_t ref_stage3(const Buffer<int32_t> &in, int x, int y) {
    return ref_stage2(in, x, y - 1) - ref_stage2(in, x, y + 1) + 3 * ref_stage2(in, x, y);
}

/// The three-stage pipeline: clamped input -> horizontal sum -> vertical combination.
struct ThreeStages {
    Func clamped, s1{"s1"}, s2{"s2"}, s3{"s3"};
    Var x{"x"}, y{"y"};
    explicit ThreeStages(const Buffer<int32_t> &in) {
        clamped = BoundaryConditions::repeat_edge(in);
        s1(x, y) = clamped(x, y) * 2 + x - y;
        s2(x, y) = s1(x - 1, y) + s1(x, y) + s1(x + 1, y);
        s3(x, y) = s2(x, y - 1) - s2(x, y + 1) + 3 * s2(x, y);
    }
};

} // namespace

TEST_CASE("a three-stage pipeline gives the same values under every schedule", "[pipelines]") {
    Buffer<int32_t> in = make_input();
    // 0: all inlined; 1: s1 root; 2: s2 root; 3: s1 and s2 root; 4: everything root,
    // the clamped input too; 5: s1 at root, s2 computed per row of s3; 6: s3 in
    // parallel tiles (45 x 23 is no multiple of 8 x 4) with s2 computed per tile and
    // vectorized; 7: every stage root, vectorized and parallel.
    for (int schedule = 0; schedule < 8; schedule++) {
        INFO("schedule " << schedule);
        ThreeStages p(in);
        Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
        switch (schedule) {
        case 0:
            break;
        case 1:
            p.s1.compute_root();
            break;
        case 2:
            p.s2.compute_root();
            break;
        case 3:
            p.s1.compute_root();
            p.s2.compute_root();
            break;
        case 4:
            p.clamped.compute_root();
            p.s1.compute_root();
            p.s2.compute_root();
            break;
        case 5:
            p.s1.compute_root();
            p.s2.compute_at(p.s3, p.y);
            break;
        case 6:
            p.s3.tile(p.x, p.y, xo, yo, xi, yi, 8, 4).vectorize(xi, 4).parallel(yo);
            p.s2.compute_at(p.s3, xo).vectorize(p.x, 4);
            break;
        case 7:
            p.s1.compute_root().vectorize(p.x, 8).parallel(p.y);
            p.s2.compute_root().vectorize(p.x, 8).parallel(p.y);
            p.s3.vectorize(p.x, 8).parallel(p.y);
            break;
        }
        Buffer<int32_t> out = p.s3.realize({W, H});
        check_buffer(out, [&](int x, int y) { return ref_stage3(in, x, y); });
    }
}

TEST_CASE("a Pipeline with two outputs", "[pipelines]") {
    Buffer<int32_t> in = make_input();
    ThreeStages p(in);
    p.s2.compute_root();
    // A second output that shares s2 with the first.
    Func other("other");
    other(p.x, p.y) = p.s2(p.x, p.y) * p.s2(p.x, p.y) - 5;
    Pipeline pipe({p.s3, other});
    Realization r = pipe.realize({W, H});
    REQUIRE(r.size() == 2);
    Buffer<int32_t> a = r[0];
    Buffer<int32_t> b = r[1];
    check_buffer(a, [&](int x, int y) { return ref_stage3(in, x, y); });
    check_buffer(b, [&](int x, int y) {
        int32_t v = ref_stage2(in, x, y);
        return v * v - 5;
    });

    // Outputs of different types, into buffers of our own.
    Func as_float("as_float");
    as_float(p.x, p.y) = cast<float>(p.s2(p.x, p.y)) * 0.5f;
    Pipeline pipe2({p.s3, as_float});
    Buffer<int32_t> ia(W, H);
    Buffer<float> fa(W, H);
    pipe2.realize(Realization(std::vector<Buffer<>>{ia, fa}));
    check_buffer(ia, [&](int x, int y) { return ref_stage3(in, x, y); });
    check_buffer(fa, [&](int x, int y) { return ref_stage2(in, x, y) * 0.5; });
}

TEST_CASE("Params change results between realizations without recompiling", "[pipelines]") {
    Param<int32_t> offset("offset");
    Param<float> scale("scale");
    Param<uint8_t> threshold("threshold");
    Var x("x"), y("y");
    Func f("f");
    // All three params in one definition: a uint8 comparison, a float scale and an
    // int offset.
    f(x, y) = select(cast<uint8_t>(x * 7 + y) > threshold, cast<float>(x + offset) * scale,
                     cast<float>(y) - scale);

    struct Values {
        int32_t offset;
        float scale;
        uint8_t threshold;
    };
    const Values values[] = {{0, 1.0f, 0}, {5, 0.5f, 100}, {-30, 2.25f, 200}, {5, 0.5f, 100}};
    // Through a Pipeline object (which keeps its compiled code) and through
    // Func::realize (which finds the code in the process-wide cache).
    Pipeline pipeline(f);
    for (bool through_func : {false, true}) {
        int64_t compiled = -1;
        for (const Values &v : values) {
            INFO((through_func ? "Func::realize" : "Pipeline::realize")
                 << ", offset " << v.offset << ", scale " << v.scale << ", threshold "
                 << int(v.threshold));
            offset.set(v.offset);
            scale.set(v.scale);
            threshold.set(v.threshold);
            Buffer<float> out = through_func ? Buffer<float>(f.realize({40, 20}))
                                             : Buffer<float>(pipeline.realize({40, 20}));
            check_buffer(out, [&](int x, int y) {
                return uint8_t(x * 7 + y) > v.threshold ? float(x + v.offset) * v.scale
                                                        : float(y) - v.scale;
            });
            if (compiled < 0) {
                compiled = internal::jit_compile_count();
            } else if (!through_func || internal::jit_cache_enabled()) {
                // New values are arguments of the compiled code: no new compilation.
                CHECK(internal::jit_compile_count() == compiled);
            }
        }
    }
}

TEST_CASE("an ImageParam bound with set()", "[pipelines]") {
    ImageParam input(UInt(8), 2, "input");
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = cast<uint16_t>(input(x, y)) * 3 + cast<uint16_t>(input(x, 0));
    CHECK(input.dimensions() == 2);

    for (int round = 0; round < 2; round++) {
        // Two different images, with different sizes, through one Func.
        Buffer<uint8_t> img(20 + 7 * round, 10 + round);
        weft_test::fill_random(img, 50 + round);
        input.set(img);
        Buffer<uint16_t> out = f.realize({img.width(), img.height()});
        check_buffer(out, [&](int xx, int yy) { return uint16_t(img(xx, yy) * 3 + img(xx, 0)); });
    }
}

TEST_CASE("realize into buffers with non-zero mins", "[pipelines]") {
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = x * 100 + y;
    Buffer<int32_t> out(11, 7);
    out.set_min({-5, 30});
    f.realize(out);
    weft_test::check_shape(out, {-5, 30}, {11, 7});
    check_buffer(out, [](int x, int y) { return x * 100 + y; });

    // A pipeline with an input at other mins, read at matching coordinates.
    Buffer<int32_t> in(11, 7);
    in.set_min({-5, 30});
    weft_test::fill_with(in, [](int x, int y) { return x - 2 * y; });
    Func I = weft_test::input_func(in);
    Func g("g");
    g(x, y) = I(x, y) * 2 + f(x, y);
    Buffer<int32_t> out2(11, 7);
    out2.set_min({-5, 30});
    g.realize(out2);
    check_buffer(out2, [](int x, int y) { return (x - 2 * y) * 2 + x * 100 + y; });
}

TEST_CASE("realize into a transposed view over user memory", "[pipelines]") {
    // Column-major memory: x has stride H, y has stride 1.
    const int w = 9, h = 6;
    std::vector<int32_t> memory(w * h, -1);
    weft_dimension_t shape[2] = {{0, w, h, 0}, {0, h, 1, 0}};
    Buffer<int32_t> view(memory.data(), 2, shape, "view");
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = x * 10 + y;
    f.realize(view);
    check_buffer(view, [](int x, int y) { return x * 10 + y; });
    for (int xx = 0; xx < w; xx++) {
        for (int yy = 0; yy < h; yy++) {
            INFO("memory at x " << xx << ", y " << yy);
            CHECK(memory[xx * h + yy] == xx * 10 + yy);
        }
    }

    // The same through Buffer::transposed() of an owning buffer.
    Buffer<int32_t> dense(h, w);
    Buffer<int32_t> t = dense.transposed(0, 1);
    f.realize(t);
    check_buffer(dense, [](int yy, int xx) { return xx * 10 + yy; });

    // And a view with padding between rows (stride larger than the width), plus
    // mins that are not zero.
    std::vector<int32_t> padded(16 * h, -1);
    weft_dimension_t pshape[2] = {{3, w, 1, 0}, {-2, h, 16, 0}};
    Buffer<int32_t> pv(padded.data(), 2, pshape, "padded");
    f.realize(pv);
    check_buffer(pv, [](int x, int y) { return x * 10 + y; });
    for (int yy = 0; yy < h; yy++) {
        for (int xx = w; xx < 16; xx++) {
            INFO("padding at " << xx << ", " << yy << " must be untouched");
            CHECK(padded[yy * 16 + xx] == -1);
        }
    }
}

TEST_CASE("realize into a cropped buffer writes only the crop", "[pipelines]") {
    Buffer<int32_t> big(20, 15);
    big.fill(-1);
    Buffer<int32_t> crop = big.cropped(0, 4, 9).cropped(1, 6, 5);
    Var x("x"), y("y");
    Func f("f");
    f(x, y) = x + 1000 * y;
    f.realize(crop);
    weft_test::check_shape(crop, {4, 6}, {9, 5});
    check_buffer(big, [](int x, int y) {
        bool inside = x >= 4 && x < 13 && y >= 6 && y < 11;
        return inside ? x + 1000 * y : -1;
    });
}

TEST_CASE("realize({sizes}) gives a buffer of those sizes with zero mins", "[pipelines]") {
    Var x("x"), y("y"), c("c");
    Func f("f");
    f(x, y, c) = cast<uint8_t>(x + 2 * y + 3 * c);
    Buffer<uint8_t> out = f.realize({7, 5, 3});
    weft_test::check_shape(out, {0, 0, 0}, {7, 5, 3});
    check_buffer(out, [](int x, int y, int c) { return uint8_t(x + 2 * y + 3 * c); });
}
