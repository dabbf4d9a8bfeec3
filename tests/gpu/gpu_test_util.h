#ifndef WEFT_TESTS_GPU_GPU_TEST_UTIL_H
#define WEFT_TESTS_GPU_GPU_TEST_UTIL_H

// Helpers of the GPU tests: the PTX of a pipeline, ptxas validation and the skips.
//
//   std::string ptx = weft_gpu_test::ptx_of({out}, Target("host-cuda_sm80"));
//   weft_gpu_test::require_ptxas_accepts(ptx, 80);   // asserts ptxas's exit code is 0
//
// ptxas is looked for on PATH, in $CUDA_HOME/bin and /usr/local/cuda/bin. CUDA 13's
// ptxas no longer knows sm_70, so PTX for cuda_sm70 (which is also valid for every
// later GPU) is assembled for sm_75. Tests that need ptxas or a device end with
// skip_test(why): they print why and exit with 77, which ctest reports as a skip.

#include <weft/weft.h>

#include "codegen/CodeGen.h"
#include "frontend/PipelineInternal.h"
#include "ir/IRPrinter.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace weft_gpu_test {

inline std::string ptx_of(const std::vector<weft::Func> &outputs, const weft::Target &t) {
    weft::internal::LoweredPipeline p = weft::internal::lower_pipeline(outputs, t);
    return weft::internal::compile_to_ptx_text(p);
}

inline std::string lowered_of(const std::vector<weft::Func> &outputs, const weft::Target &t) {
    weft::internal::LoweredPipeline p = weft::internal::lower_pipeline(outputs, t);
    std::ostringstream s;
    s << p.body;
    return s.str();
}

inline int count_of(const std::string &text, const std::string &what) {
    int n = 0;
    for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) {
        n++;
    }
    return n;
}

inline std::string find_ptxas() {
    std::vector<std::string> dirs;
    if (const char *path = std::getenv("PATH")) {
        std::string p = path;
        size_t start = 0;
        while (start <= p.size()) {
            size_t end = p.find(':', start);
            dirs.push_back(p.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
    }
    if (const char *home = std::getenv("CUDA_HOME"); home && *home) {
        dirs.push_back(std::string(home) + "/bin");
    }
    dirs.push_back("/usr/local/cuda/bin");
    for (const std::string &d : dirs) {
        std::filesystem::path p = std::filesystem::path(d.empty() ? "." : d) / "ptxas";
        if (::access(p.c_str(), X_OK) == 0) {
            return p.string();
        }
    }
    return "";
}

[[noreturn]] inline void skip_test(const std::string &why) {
    std::printf("SKIPPED: %s\n", why.c_str());
    std::fflush(stdout);
    std::_Exit(77);
}

/// The -arch ptxas assembles PTX of capability sm for.
inline int ptxas_arch(int sm) {
    return sm == 70 ? 75 : sm;
}

/// Assembles ptx with ptxas (skips the test when there is none) and requires success.
inline void require_ptxas_accepts(const std::string &ptx, int sm) {
    const std::string ptxas = find_ptxas();
    if (ptxas.empty()) {
        skip_test("ptxas not found (PATH, $CUDA_HOME/bin, /usr/local/cuda/bin): the PTX was "
                  "generated but not assembled");
    }
    char dir_template[] = "/tmp/weft_ptx_XXXXXX";
    REQUIRE(::mkdtemp(dir_template) != nullptr);
    const std::string dir = dir_template;
    const std::string file = dir + "/kernel.ptx";
    {
        std::ofstream out(file);
        out << ptx;
    }
    const std::string cmd = ptxas + " -arch=sm_" + std::to_string(ptxas_arch(sm)) + " " + file +
                            " -o " + dir + "/kernel.cubin 2>&1";
    std::string message;
    FILE *pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) {
        message += buf;
    }
    const int status = ::pclose(pipe);
    const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    INFO("ptxas -arch=sm_" << ptxas_arch(sm) << " said:\n" << message << "\nPTX:\n" << ptx);
    REQUIRE(rc == 0);
}

/// The Target "host-cuda" with capability sm (70, 80 or 90).
inline weft::Target cuda_target(int sm) {
    weft::Target t("host-cuda");
    return t.with_feature(sm == 70   ? weft::Target::CUDACapability70
                          : sm == 80 ? weft::Target::CUDACapability80
                                     : weft::Target::CUDACapability90);
}

/// Compiles the pipeline's PTX for sm_70, sm_80 and sm_90, requires `kernels` kernels
/// in it and ptxas to accept each (skips after generating them when ptxas is absent).
inline std::string require_valid_ptx(const std::vector<weft::Func> &outputs, int kernels) {
    std::string ptx80;
    std::vector<std::pair<int, std::string>> modules;
    for (int sm : {70, 80, 90}) {
        std::string ptx = ptx_of(outputs, cuda_target(sm));
        INFO("sm_" << sm << " PTX:\n" << ptx);
        REQUIRE(count_of(ptx, ".entry") == kernels);
        REQUIRE(ptx.find(".target sm_" + std::to_string(sm)) != std::string::npos);
        modules.emplace_back(sm, ptx);
        if (sm == 80) {
            ptx80 = ptx;
        }
    }
    if (find_ptxas().empty()) {
        return ptx80; // the caller's checks run; the assembling part is skipped at the end
    }
    for (const auto &[sm, ptx] : modules) {
        require_ptxas_accepts(ptx, sm);
    }
    return ptx80;
}

/// Ends a PTX test: a skip when ptxas was not there to assemble what it generated.
inline void skip_if_no_ptxas() {
    if (find_ptxas().empty()) {
        skip_test("ptxas not found: the PTX was generated and checked but not assembled");
    }
}

/// Skips the test unless a CUDA driver and device are present.
inline void require_device() {
    if (!weft_cuda_available()) {
        skip_test("no CUDA device (weft_cuda_available() == 0): the GPU run was not done");
    }
}

/// Requires c(x, y) == sum over k of a(k, y) * b(x, k) for the M x N result (within a
/// float tolerance); reports the first wrong element.
inline void require_matmul_result(const weft::Buffer<float> &a, const weft::Buffer<float> &b,
                                  const weft::Buffer<float> &c, int M, int N, int K) {
    int bad = 0;
    for (int yy = 0; yy < M; yy++) {
        for (int xx = 0; xx < N; xx++) {
            float e = 0.0f;
            for (int k = 0; k < K; k++) {
                e += a(k, yy) * b(xx, k);
            }
            if (std::fabs(c(xx, yy) - e) > 1e-3f * (1.0f + std::fabs(e)) && bad++ == 0) {
                FAIL_CHECK("at (" << xx << ", " << yy << "): got " << c(xx, yy) << ", expected "
                                  << e);
            }
        }
    }
    REQUIRE(bad == 0);
}

/// A 16x16-tiled matmul `out` with its A and B tiles staged in shared memory (as
/// `a_stage` and `b_stage`) and the product tile `prod` there too: the lowered code
/// allocates the three and has five barriers, and its PTX (one kernel, valid for every
/// capability) has three shared arrays, the barriers and float FMAs.
inline void require_staged_matmul(const weft::Func &out, const std::string &a_stage,
                                  const std::string &b_stage) {
    std::string stmt = lowered_of({out}, weft::Target("host-cuda"));
    INFO(stmt);
    for (const std::string &name : {a_stage, b_stage, std::string("prod")}) {
        REQUIRE(stmt.find("allocate " + name + "[float32 * 16 * 16] in MemoryType::GPUShared") !=
                std::string::npos);
    }
    REQUIRE(count_of(stmt, "weft_gpu_thread_barrier()") == 5);

    std::string ptx = require_valid_ptx({out}, 1);
    INFO(ptx);
    REQUIRE(count_of(ptx, ".shared .align 16 .b8") == 3);
    REQUIRE(count_of(ptx, "bar.sync") >= 4);
    REQUIRE(ptx.find("fma.rn.f32") != std::string::npos);
    skip_if_no_ptxas();
}

} // namespace weft_gpu_test

#endif
