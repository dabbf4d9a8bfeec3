// Target: parsing and printing target strings, implied features, errors for unknown
// names, natural vector sizes, and host detection checked against /proc/cpuinfo.

#include "weft/Error.h"
#include "weft/Target.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace weft;

TEST_CASE("target: explicit string parses and prints back", "[target]") {
    Target t("x86-64-linux");
    CHECK(t.arch == Target::X86);
    CHECK(t.bits == 64);
    CHECK(t.os == Target::Linux);
    CHECK(t.features.none());
    CHECK(t.to_string() == "x86-64-linux");

    Target avx2("x86-64-linux-avx2");
    CHECK(avx2.to_string() == "x86-64-linux-sse41-avx-avx2-fma-f16c");
    CHECK(Target(avx2.to_string()) == avx2);
}

TEST_CASE("target: avx512 implies the AVX2 generation", "[target]") {
    Target t("x86-64-linux-avx512");
    for (Target::Feature f : {Target::SSE41, Target::AVX, Target::AVX2, Target::FMA,
                              Target::F16C, Target::AVX512}) {
        CHECK(t.has_feature(f));
    }
    CHECK_FALSE(t.has_feature(Target::AVX512_BW));
    CHECK_FALSE(t.has_feature(Target::AVX512_FP16));

    Target bf16("x86-64-linux-avx512_bf16");
    CHECK(bf16.has_feature(Target::AVX512_BW));
    CHECK(bf16.has_feature(Target::AVX512));
    CHECK(bf16.has_feature(Target::AVX2));
}

TEST_CASE("target: cuda features and capability", "[target]") {
    Target t("x86-64-linux-avx512-cuda_sm90");
    CHECK(t.has_feature(Target::CUDA));
    CHECK(t.has_feature(Target::CUDACapability90));
    CHECK(t.has_gpu_feature());
    CHECK(t.cuda_capability() == 90);
    CHECK(Target(t.to_string()) == t);

    CHECK(Target("x86-64-linux-cuda").cuda_capability() == 80);
    CHECK(Target("x86-64-linux-cuda_sm70").cuda_capability() == 70);
    CHECK(Target("x86-64-linux").cuda_capability() == 0);
    CHECK_FALSE(Target("x86-64-linux-avx2").has_gpu_feature());
}

TEST_CASE("target: host strings start from the detected host", "[target]") {
    Target host = get_host_target();
    CHECK(Target("host") == host);
    CHECK_FALSE(host.has_gpu_feature());

    Target host_cuda("host-cuda");
    CHECK(host_cuda.has_feature(Target::CUDA));
    CHECK(host_cuda.without_feature(Target::CUDA) == host);

    Target host_avx2("host-avx2");
    CHECK(host_avx2.has_feature(Target::AVX2));
    CHECK(Target(host_avx2.to_string()) == host_avx2);
}

TEST_CASE("target: with/without feature", "[target]") {
    Target t("x86-64-linux");
    Target d = t.with_feature(Target::Debug);
    CHECK(d.has_feature(Target::Debug));
    CHECK_FALSE(t.has_feature(Target::Debug));
    CHECK(d.to_string() == "x86-64-linux-debug");
    CHECK(d.without_feature(Target::Debug) == t);
    CHECK(d != t);
    CHECK(std::string(Target::feature_name(Target::AVX512_VNNI)) == "avx512_vnni");
}

TEST_CASE("target: unknown feature names are errors listing the valid ones", "[target]") {
    try {
        Target t("x86-64-linux-avx513");
        FAIL("expected CompileError");
    } catch (const CompileError &e) {
        std::string msg = e.what();
        CHECK(msg.find("\"avx513\"") != std::string::npos);
        CHECK(msg.find("avx512_bw") != std::string::npos);
        CHECK(msg.find("cuda_sm90") != std::string::npos);
    }
    CHECK_THROWS_AS(Target("x86-64"), CompileError);            // no OS
    CHECK_THROWS_AS(Target("linux-avx2-host"), CompileError);   // host not first
    CHECK_THROWS_AS(Target("x86-32-linux"), CompileError);
    CHECK_THROWS_AS(Target(""), CompileError);
    CHECK_FALSE(Target::validate_target_string("x86-64-linux-sse5"));
    CHECK(Target::validate_target_string("x86-64-linux-avx512_vnni-debug"));
}

TEST_CASE("target: natural vector size", "[target]") {
    Target sse("x86-64-linux-sse41");
    Target avx2("x86-64-linux-avx2");
    Target avx512("x86-64-linux-avx512");
    Target skx("x86-64-linux-avx512_bw");
    CHECK(sse.natural_vector_size(Float(32)) == 4);
    CHECK(avx2.natural_vector_size(Float(32)) == 8);
    CHECK(avx2.natural_vector_size(UInt(8)) == 32);
    CHECK(avx512.natural_vector_size(Float(32)) == 16);
    CHECK(avx512.natural_vector_size(Float(64)) == 8);
    CHECK(avx512.natural_vector_size(Int(32)) == 16);
    // 512-bit byte/word arithmetic needs AVX512-BW.
    CHECK(avx512.natural_vector_size(UInt(16)) == 16);
    CHECK(skx.natural_vector_size(UInt(16)) == 32);
    CHECK(skx.natural_vector_size<uint8_t>() == 64);
    CHECK(Target("x86-64-linux-avx").natural_vector_size(Int(32)) == 4);
    CHECK(Target("x86-64-linux-avx").natural_vector_size(Float(32)) == 8);
}

TEST_CASE("target: environment variables", "[target]") {
    ::setenv("WEFT_TARGET", "x86-64-linux-avx2-debug", 1);
    CHECK(get_target_from_environment() == Target("x86-64-linux-avx2-debug"));
    ::setenv("WEFT_TARGET", "x86-64-linux-bogus", 1);
    CHECK_THROWS_AS(get_target_from_environment(), CompileError);
    ::unsetenv("WEFT_TARGET");
    CHECK(get_target_from_environment() == get_host_target());

    ::setenv("WEFT_JIT_TARGET", "host-debug", 1);
    CHECK(get_jit_target_from_environment() == get_host_target().with_feature(Target::Debug));
    ::unsetenv("WEFT_JIT_TARGET");
    CHECK(get_jit_target_from_environment() == get_host_target());
}

namespace {

std::set<std::string> cpuinfo_flags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) == 0) {
            std::istringstream words(line.substr(line.find(':') + 1));
            std::set<std::string> flags;
            std::string w;
            while (words >> w) {
                flags.insert(w);
            }
            return flags;
        }
    }
    return {};
}

} // namespace

TEST_CASE("target: host detection matches /proc/cpuinfo feature by feature", "[target]") {
    std::set<std::string> flags = cpuinfo_flags();
    if (flags.empty()) {
        WARN("no /proc/cpuinfo flags; skipping");
        return;
    }
    Target host = get_host_target();
    INFO("host target: " << host.to_string());
    CHECK(host.arch == Target::X86);
    CHECK(host.bits == 64);
    CHECK(host.os == Target::Linux);
    const std::pair<const char *, Target::Feature> checks[] = {
        {"sse4_1", Target::SSE41},
        {"avx", Target::AVX},
        {"avx2", Target::AVX2},
        {"fma", Target::FMA},
        {"f16c", Target::F16C},
        {"bmi2", Target::BMI2},
        {"avx512f", Target::AVX512},
        {"avx512bw", Target::AVX512_BW},
        {"avx512dq", Target::AVX512_DQ},
        {"avx512vl", Target::AVX512_VL},
        {"avx512cd", Target::AVX512_CD},
        {"avx512_vnni", Target::AVX512_VNNI},
        {"avx512_bf16", Target::AVX512_BF16},
        {"avx512_fp16", Target::AVX512_FP16},
        {"avx512ifma", Target::AVX512_IFMA},
        {"avx512vbmi", Target::AVX512_VBMI},
        {"avx_vnni", Target::AVX_VNNI},
    };
    for (const auto &[flag, feature] : checks) {
        INFO("cpuinfo flag " << flag);
        CHECK(host.has_feature(feature) == (flags.count(flag) > 0));
    }
}
