// Func::store_nontemporal (src/lower/AlignStreamingStores.h): an output vectorized with
// ShiftInwards gets streaming stores (vmovntdq) of whole aligned vectors and a store
// fence (sfence) before its tasks end; without the directive, or for vectors that are
// not 16, 32 or 64 bytes, there are none. The lowered loop places its vectors relative
// to the output's address. store_nontemporal on a Func that is not an output is a
// CompileError naming it.

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace weft;

namespace {

const Target avx2("x86-64-linux-avx2");
const Target avx512("x86-64-linux-avx512-avx512_bw-avx512_dq-avx512_vl-avx512_cd-bmi2");

std::string read_and_remove(const std::filesystem::path &path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::filesystem::remove(path);
    return ss.str();
}

std::filesystem::path temp_file(const char *ext) {
    static std::atomic<int> counter{0};
    return std::filesystem::temp_directory_path() /
           ("weft_stream_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + ext);
}

std::string assembly_of(Func f, const Target &t) {
    const std::filesystem::path path = temp_file(".s");
    f.compile_to_assembly(path.string(), t);
    return read_and_remove(path);
}

std::string lowered_of(Func f) {
    const std::filesystem::path path = temp_file(".stmt");
    f.compile_to_lowered_stmt(path.string(), Text);
    return read_and_remove(path);
}

int count(const std::string &text, const std::string &what) {
    int n = 0;
    for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
        n++;
    }
    return n;
}

/// A two-stage uint16 blur over a buffer, vectorized on x by `lanes`, rows in parallel.
Func blur(const Buffer<uint16_t> &in, int lanes, bool streaming) {
    Func bx("bx"), by("by");
    Var x("x"), y("y");
    bx(x, y) = (in(x, y) + in(x + 1, y) + in(x + 2, y)) / 3;
    by(x, y) = (bx(x, y) + bx(x, y + 1) + bx(x, y + 2)) / 3;
    by.vectorize(x, lanes).parallel(y);
    if (streaming) {
        by.store_nontemporal();
    }
    return by;
}

} // namespace

TEST_CASE("store_nontemporal emits aligned streaming stores and a fence", "[codegen][stream]") {
    Buffer<uint16_t> in(100, 50);
    const std::string with = assembly_of(blur(in, 32, true), avx512);
    CHECK(count(with, "vmovntdq\t%zmm") >= 1);
    CHECK(count(with, "sfence") >= 1);
    const std::string without = assembly_of(blur(in, 32, false), avx512);
    CHECK(count(without, "vmovnt") == 0);
    CHECK(count(without, "sfence") == 0);
    // 16 lanes of uint16 on AVX2: 32-byte streaming stores.
    const std::string ymm = assembly_of(blur(in, 16, true), avx2);
    CHECK(count(ymm, "vmovntdq\t%ymm") >= 1);
}

TEST_CASE("store_nontemporal writes the partial vectors at the ends of a row lane by lane",
          "[codegen][stream]") {
    // Rows of 100 elements rarely start or end on a 64-byte boundary: the vectors shifted
    // to a row's ends store only the lanes no aligned vector writes, with scalar stores
    // (a masked or whole vector store there would share a cache line with a streaming
    // store), so no masked vector store reaches the output.
    Buffer<uint16_t> in(100, 50);
    const std::string text = assembly_of(blur(in, 32, true), avx512);
    std::istringstream lines(text);
    int masked_stores = 0;
    for (std::string line; std::getline(lines, line);) {
        // A masked store names its memory operand last, just before the mask:
        // "vmovdqu16 %zmm1, (%rax) {%k1}" (a masked load ends with its register).
        const size_t mask = line.find("{%k"), paren = line.rfind(')', mask);
        if (line.find("vmovdqu") != std::string::npos && mask != std::string::npos &&
            paren != std::string::npos &&
            line.find('%', paren) == line.find("%k", paren)) {
            masked_stores++;
        }
    }
    CHECK(masked_stores == 0);
    CHECK(count(text, "vpextrw") >= 2);
    const std::string stmt = lowered_of(blur(in, 32, true));
    CHECK(count(stmt, ".stream.aligned_min") >= 1);
    CHECK(count(stmt, ".stream.aligned_end") >= 1);
}

TEST_CASE("store_nontemporal leaves vectors of other sizes alone", "[codegen][stream]") {
    Buffer<uint16_t> in(100, 50);
    // 12 lanes of uint16: 24 bytes, no streaming store exists for that.
    const std::string text = assembly_of(blur(in, 12, true), avx512);
    CHECK(count(text, "vmovnt") == 0);
}

TEST_CASE("store_nontemporal aligns the vector loop to the output's address", "[codegen][stream]") {
    Buffer<uint16_t> in(100, 50);
    const std::string text = lowered_of(blur(in, 32, true));
    // The loop base is offset by the misalignment of the row's first element.
    CHECK(count(text, "reinterpret<int64>(by)") >= 1);
    CHECK(count(text, "nontemporal_fence()") >= 1);
    CHECK(count(lowered_of(blur(in, 32, false)), "nontemporal_fence") == 0);
}

TEST_CASE("store_nontemporal on a Func that is not an output is a CompileError", "[codegen][stream]") {
    Buffer<uint16_t> in(100, 50);
    Func f("inner"), g("outer");
    Var x("x");
    f(x) = in(x, 0) + 1;
    g(x) = f(x) * 2;
    f.compute_root().vectorize(x, 32).store_nontemporal();
    try {
        g.compile_jit();
        FAIL("compile_jit did not throw");
    } catch (const CompileError &e) {
        const std::string what = e.what();
        CHECK(what.find("store_nontemporal") != std::string::npos);
        CHECK(what.find("\"inner\"") != std::string::npos);
        CHECK(what.find("output") != std::string::npos);
    }
}
