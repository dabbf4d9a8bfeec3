// Real SIMD code for vectorized pipelines built through the public API: the inner loop
// of the dense fast path (specialize_dense_strides) uses vector loads, stores and
// arithmetic on ymm (AVX2) or zmm (AVX-512) registers, no gathers, and no scalar
// fallback for the arithmetic. The loops are found in the assembly text as a label
// and the backward branch to it; a "dense vector loop" is one with ymm/zmm
// instructions and no gather, scatter or lane-by-lane access (vpextr/vpinsr: gathers
// and scatters done one lane at a time); those belong to the strided else-path.
// Each pipeline is also run on the host, on dense and on strided buffers.

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace weft;

namespace {

const Target avx2("x86-64-linux-avx2");
const Target avx512("x86-64-linux-avx512-avx512_bw-avx512_dq-avx512_vl-avx512_cd-bmi2");

std::string assembly_of(Func f, const Target &t) {
    static std::atomic<int> counter{0};
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("weft_simd_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + ".s");
    f.compile_to_assembly(path.string(), t);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::filesystem::remove(path);
    return ss.str();
}

/// The instructions (mnemonic and operands, no labels or directives) of each innermost
/// loop: from a label to the last branch back to it, with no other such loop inside.
std::vector<std::vector<std::string>> loops_of(const std::string &text) {
    std::vector<std::string> lines;
    std::istringstream is(text);
    for (std::string l; std::getline(is, l);) {
        lines.push_back(l);
    }
    const std::regex label(R"(^(\.LBB\d+_\d+):)");
    const std::regex branch(R"(^\s+j[a-z]+\s+(\.LBB\d+_\d+))");
    std::vector<std::pair<size_t, size_t>> spans; // label line, last back branch line
    for (size_t start = 0; start < lines.size(); start++) {
        std::smatch m;
        if (!std::regex_search(lines[start], m, label)) {
            continue;
        }
        const std::string name = m[1];
        size_t end = 0;
        for (size_t i = start + 1; i < lines.size(); i++) {
            std::smatch b;
            if (std::regex_search(lines[i], b, branch) && b[1] == name) {
                end = i;
            }
        }
        if (end != 0) {
            spans.emplace_back(start, end);
        }
    }
    std::vector<std::vector<std::string>> loops;
    for (const auto &[start, end] : spans) {
        bool has_inner = false;
        for (const auto &[s2, e2] : spans) {
            has_inner = has_inner || (s2 > start && e2 <= end) || (s2 >= start && e2 < end);
        }
        if (has_inner) {
            continue;
        }
        std::vector<std::string> body;
        for (size_t i = start + 1; i <= end; i++) {
            const std::string &l = lines[i];
            if (l.size() > 1 && l[0] == '\t' && l[1] != '.') {
                body.push_back(l.substr(1));
            }
        }
        loops.push_back(body);
    }
    return loops;
}

bool mentions(const std::vector<std::string> &loop, const std::string &what) {
    for (const std::string &l : loop) {
        if (l.find(what) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// An instruction whose mnemonic starts with `mnemonic` and that uses register class `reg`.
bool has_vector_op(const std::vector<std::string> &loop, const std::string &mnemonic,
                   const std::string &reg) {
    for (const std::string &l : loop) {
        if (l.rfind(mnemonic, 0) == 0 && l.find(reg) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// A scalar arithmetic instruction among `mnemonics` (matched as whole mnemonics).
std::string scalar_op(const std::vector<std::string> &loop,
                      const std::vector<std::string> &mnemonics) {
    for (const std::string &l : loop) {
        const std::string mnemonic = l.substr(0, l.find_first_of(" \t"));
        for (const std::string &m : mnemonics) {
            if (mnemonic == m || mnemonic == m + "l" || mnemonic == m + "q") {
                return l;
            }
        }
    }
    return "";
}

/// The loops with ymm/zmm instructions (`reg`) and no gathers or scatters, whole or
/// lane by lane.
std::vector<std::vector<std::string>> dense_vector_loops(const std::string &text,
                                                         const std::string &reg) {
    std::vector<std::vector<std::string>> result;
    for (const auto &loop : loops_of(text)) {
        const bool per_lane = mentions(loop, "gather") || mentions(loop, "scatter") ||
                              mentions(loop, "vpextr") || mentions(loop, "vpinsr");
        if (mentions(loop, reg) && !per_lane) {
            result.push_back(loop);
        }
    }
    return result;
}

std::string join(const std::vector<std::string> &loop) {
    std::string s;
    for (const std::string &l : loop) {
        s += l + "\n";
    }
    return s;
}

/// Checks that some dense vector loop has every one of `ops` on `reg`, and that no dense
/// vector loop has one of `scalar` (the arithmetic done one lane at a time).
void check_hot_loop(const std::string &text, const std::string &reg,
                    const std::vector<std::string> &ops, const std::vector<std::string> &scalar) {
    const auto loops = dense_vector_loops(text, reg);
    REQUIRE(!loops.empty());
    bool found = false;
    for (const auto &loop : loops) {
        bool all = true;
        for (const std::string &op : ops) {
            all = all && has_vector_op(loop, op, reg);
        }
        found = found || all;
        INFO("dense vector loop:\n" << join(loop));
        CHECK(scalar_op(loop, scalar).empty());
    }
    INFO("assembly:\n" << text);
    CHECK(found);
}

const std::vector<std::string> scalar_int_ops = {"imul", "mul", "div", "idiv", "call"};
const std::vector<std::string> scalar_float_ops = {
    "addss", "mulss", "vaddss", "vmulss", "vfmadd213ss", "vfmadd231ss", "vfmadd132ss",
    "sqrtss", "vsqrtss", "divss", "vdivss", "call"};

template <typename T>
Buffer<T> ramp_image(int w, int h, int scale, int offset) {
    Buffer<T> b(w, h);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            b(x, y) = T((x * scale + y * 31 + offset) % 4001);
        }
    }
    return b;
}

} // namespace

TEST_CASE("simd: uint16 3-tap average is dense vector code", "[codegen][simd]") {
    const int W = 130, H = 9;
    Buffer<uint16_t> in = ramp_image<uint16_t>(W + 2, H, 7, 3);
    Func f("blur3");
    Var x("x"), y("y");
    f(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3;
    f.vectorize(x, 16);

    // Division by 3 becomes a multiply-high and a shift, in 16-bit lanes.
    check_hot_loop(assembly_of(f, avx2), "%ymm", {"vpaddw", "vpmulhuw", "vpsrlw", "vmovdqu"},
                   scalar_int_ops);
    check_hot_loop(assembly_of(f, avx512), "%ymm", {"vpaddw", "vpmulhuw"}, scalar_int_ops);

    auto expect = [&](int xx, int yy) {
        return uint16_t(uint16_t(in(xx, yy) + in(xx + 1, yy) + in(xx + 2, yy)) / 3);
    };
    Buffer<uint16_t> out = f.realize({W, H});
    // A transposed output takes the strided path.
    Buffer<uint16_t> column_major(H, W);
    Buffer<uint16_t> transposed = column_major.transposed(0, 1);
    f.realize(transposed);
    for (int yy = 0; yy < H; yy++) {
        for (int xx = 0; xx < W; xx++) {
            CHECK(out(xx, yy) == expect(xx, yy));
            CHECK(column_major(yy, xx) == expect(xx, yy));
        }
    }
}

TEST_CASE("simd: uint16 average widened to uint32 narrows back with vector code",
          "[codegen][simd]") {
    const int W = 64, H = 4;
    Buffer<uint16_t> in = ramp_image<uint16_t>(W + 2, H, 4099, 60000);
    Func f("avg32");
    Var x("x"), y("y");
    Expr sum = cast<uint32_t>(in(x, y)) + in(x + 1, y) + in(x + 2, y);
    f(x, y) = cast<uint16_t>(sum / 3);
    f.vectorize(x, 16);

    // Division in 32-bit lanes (vpmuludq), narrowing without extracting lanes.
    for (const auto &[t, reg] : {std::pair{avx2, "%ymm"}, std::pair{avx512, "%zmm"}}) {
        const std::string text = assembly_of(f, t);
        check_hot_loop(text, reg, {"vpmuludq"}, scalar_int_ops);
        for (const auto &loop : dense_vector_loops(text, reg)) {
            INFO("dense vector loop:\n" << join(loop));
            CHECK(!mentions(loop, "vpextr"));
            CHECK(!mentions(loop, "vpinsr"));
        }
    }
    Buffer<uint16_t> out = f.realize({W, H});
    for (int yy = 0; yy < H; yy++) {
        for (int xx = 0; xx < W; xx++) {
            const uint32_t s = uint32_t(in(xx, yy)) + in(xx + 1, yy) + in(xx + 2, yy);
            CHECK(out(xx, yy) == uint16_t(s / 3));
        }
    }
}

TEST_CASE("simd: int32 a * b + c is dense vector code", "[codegen][simd]") {
    const int N = 1000;
    Buffer<int32_t> a(N), b(N), c(N);
    for (int i = 0; i < N; i++) {
        a(i) = i * 7 - 3000;
        b(i) = 50000 - i * 131;
        c(i) = i ^ 0x5555;
    }
    Func f("madd_i32");
    Var x("x");
    f(x) = a(x) * b(x) + c(x);
    f.vectorize(x, 16);

    check_hot_loop(assembly_of(f, avx2), "%ymm", {"vpmulld", "vpaddd"}, scalar_int_ops);
    check_hot_loop(assembly_of(f, avx512), "%zmm", {"vpmulld", "vpaddd"}, scalar_int_ops);

    Buffer<int32_t> out = f.realize({N});
    for (int i = 0; i < N; i++) {
        CHECK(out(i) == int32_t(uint32_t(a(i)) * uint32_t(b(i)) + uint32_t(c(i))));
    }
}

TEST_CASE("simd: float32 a * b + c uses vector fma, sqrt stays vector", "[codegen][simd]") {
    const int N = 777;
    Buffer<float> a(N), b(N), c(N);
    for (int i = 0; i < N; i++) {
        a(i) = 0.5f + i * 0.25f;
        b(i) = 3.0f - i * 0.125f;
        c(i) = float(i % 13);
    }
    Func f("madd_f32"), g("sqrt_f32");
    Var x("x");
    f(x) = a(x) * b(x) + c(x);
    g(x) = sqrt(a(x));
    f.vectorize(x, 16);
    g.vectorize(x, 16);

    check_hot_loop(assembly_of(f, avx2), "%ymm", {"vfmadd"}, scalar_float_ops);
    check_hot_loop(assembly_of(f, avx512), "%zmm", {"vfmadd"}, scalar_float_ops);
    check_hot_loop(assembly_of(g, avx2), "%ymm", {"vsqrtps"}, scalar_float_ops);
    check_hot_loop(assembly_of(g, avx512), "%zmm", {"vsqrtps"}, scalar_float_ops);

    Buffer<float> fo = f.realize({N});
    Buffer<float> go = g.realize({N});
    for (int i = 0; i < N; i++) {
        CHECK(fo(i) == Approx(a(i) * b(i) + c(i)).epsilon(1e-6));
        CHECK(go(i) == std::sqrt(a(i)));
    }
}

TEST_CASE("simd: min, max and select are vector instructions", "[codegen][simd]") {
    const int N = 500;
    Buffer<int32_t> a(N), b(N);
    for (int i = 0; i < N; i++) {
        a(i) = (i * 37) % 101 - 50;
        b(i) = (i * 53) % 97 - 48;
    }
    Func f("minmax_select");
    Var x("x");
    f(x) = select(a(x) > b(x), min(a(x), 10), max(b(x), -10));
    f.vectorize(x, 16);

    const std::string text = assembly_of(f, avx2);
    check_hot_loop(text, "%ymm", {"vpminsd", "vpmaxsd"}, scalar_int_ops);
    bool blends = false;
    for (const auto &loop : dense_vector_loops(text, "%ymm")) {
        blends = blends || has_vector_op(loop, "vblendv", "%ymm") ||
                 has_vector_op(loop, "vpblendv", "%ymm");
    }
    CHECK(blends);

    Buffer<int32_t> out = f.realize({N});
    for (int i = 0; i < N; i++) {
        CHECK(out(i) == (a(i) > b(i) ? std::min(a(i), 10) : std::max(b(i), -10)));
    }
}

TEST_CASE("simd: signed division by a constant keeps multiply-high code", "[codegen][simd]") {
    const int N = 300;
    Buffer<int32_t> a(N);
    for (int i = 0; i < N; i++) {
        a(i) = i * 1000 - 150000;
    }
    Func f("div7");
    Var x("x");
    f(x) = a(x) / 7 + a(x) % 7;
    f.vectorize(x, 8);

    check_hot_loop(assembly_of(f, avx2), "%ymm", {"vpmuludq"}, scalar_int_ops);

    Buffer<int32_t> out = f.realize({N});
    for (int i = 0; i < N; i++) {
        const int32_t v = a(i);
        const int32_t q = v >= 0 ? v / 7 : -((-v + 6) / 7); // rounds to -infinity
        CHECK(out(i) == q + (v - q * 7));
    }
}
