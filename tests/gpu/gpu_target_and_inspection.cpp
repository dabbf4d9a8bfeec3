// CUDA targets and GPU inspection: parsing "host-cuda" and capabilities, the JIT target
// from WEFT_JIT_TARGET, print_loop_nest of GPU loops, compile_to_ptx to a file and its
// errors, a CPU-only pipeline on a CUDA target, and device math through libdevice and
// through the fast approximations (WEFT_LIBDEVICE=none).

#include "gpu_test_util.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace weft;
using namespace weft_gpu_test;

TEST_CASE("gpu: CUDA targets parse with their capability", "[gpu][target]") {
    Target t("host-cuda");
    REQUIRE(t.has_feature(Target::CUDA));
    REQUIRE(t.has_gpu_feature());
    REQUIRE(t.cuda_capability() == 80);
    REQUIRE(Target("host-cuda_sm90").cuda_capability() == 90);
    REQUIRE(Target("host-cuda_sm90").has_feature(Target::CUDA));
    Target full("x86-64-linux-avx2-cuda_sm70");
    REQUIRE(full.cuda_capability() == 70);
    REQUIRE(full.has_feature(Target::AVX2));
    REQUIRE(Target(t.to_string()) == t);
    REQUIRE_FALSE(get_host_target().has_feature(Target::CUDA));
    REQUIRE_THROWS_AS(Target("host-cuda_sm61"), CompileError);
}

TEST_CASE("gpu: WEFT_JIT_TARGET selects a CUDA JIT target", "[gpu][target]") {
    const char *old = std::getenv("WEFT_JIT_TARGET");
    std::string saved = old ? old : "";
    ::setenv("WEFT_JIT_TARGET", "host-cuda_sm90", 1);
    Target t = get_jit_target_from_environment();
    if (old) {
        ::setenv("WEFT_JIT_TARGET", saved.c_str(), 1);
    } else {
        ::unsetenv("WEFT_JIT_TARGET");
    }
    REQUIRE(t.has_feature(Target::CUDA));
    REQUIRE(t.cuda_capability() == 90);
}

TEST_CASE("gpu: print_loop_nest shows gpu_block and gpu_thread loops", "[gpu][inspect]") {
    Func f("f");
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    f(x, y) = x + y;
    f.gpu_tile(x, y, xo, yo, xi, yi, 8, 4);
    std::string nest = f.loop_nest_string();
    INFO(nest);
    REQUIRE(nest.find("gpu_block yo:") != std::string::npos);
    REQUIRE(nest.find("gpu_block xo:") != std::string::npos);
    REQUIRE(nest.find("gpu_thread yi in [0, 3]:") != std::string::npos);
    REQUIRE(nest.find("gpu_thread xi in [0, 7]:") != std::string::npos);
}

TEST_CASE("gpu: compile_to_ptx writes the PTX module", "[gpu][inspect]") {
    Func f("f");
    Var x("x"), xo("xo"), xi("xi");
    f(x) = x * 2;
    f.gpu_tile(x, xo, xi, 32);
    char path[] = "/tmp/weft_ptx_file_XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    f.compile_to_ptx(path, Target("host-cuda_sm90"));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    ::unlink(path);
    REQUIRE(text.str().find(".target sm_90") != std::string::npos);
    REQUIRE(count_of(text.str(), ".entry") == 1);

    REQUIRE_THROWS_WITH(f.compile_to_ptx("/dev/null", get_host_target()),
                        Catch::Contains("has no CUDA feature"));
    Func g("g");
    g(x) = x;
    REQUIRE_THROWS_WITH(g.compile_to_ptx("/dev/null"),
                        Catch::Contains("pipeline \"g\" has no GPU loops"));
}

TEST_CASE("gpu: a pipeline without GPU loops runs unchanged on a CUDA target", "[gpu][host]") {
    Func f("f");
    Var x("x"), y("y");
    f(x, y) = x * 10 + y;
    Buffer<int> out = f.realize({5, 3}, Target("host-cuda"));
    for (int y_ = 0; y_ < 3; y_++) {
        for (int x_ = 0; x_ < 5; x_++) {
            REQUIRE(out(x_, y_) == x_ * 10 + y_);
        }
    }
}

namespace {

Func math_pipeline(Type t) {
    Func f("math_" + to_string(t));
    Var x("x"), xo("xo"), xi("xi");
    Expr v = cast(t, x) * cast(t, 0.01f) + cast(t, 0.5f);
    f(x) = exp(v) + log(v) + pow(v, cast(t, 1.5f)) + sin(v) + cos(v) + tanh(v);
    f.gpu_tile(x, xo, xi, 64);
    return f;
}

} // namespace

TEST_CASE("gpu: float math through libdevice assembles", "[gpu][ptx]") {
    if (const char *env = std::getenv("WEFT_LIBDEVICE"); env && std::string(env) == "none") {
        skip_test("WEFT_LIBDEVICE=none");
    }
    if (internal::compile_to_ptx_text(internal::lower_pipeline({math_pipeline(Float(32))},
                                                               Target("host-cuda")))
            .empty()) {
        FAIL("no PTX");
    }
    for (Type t : {Float(32), Float(64)}) {
        std::string ptx = require_valid_ptx({math_pipeline(t)}, 1);
        // libdevice is linked: every function called is defined in the module.
        INFO(ptx);
        REQUIRE(ptx.find(".extern") == std::string::npos);
        REQUIRE(ptx.find("__nv_") == std::string::npos); // inlined or internal
        REQUIRE(ptx.find("ex2.approx.f32") == std::string::npos);
    }
    skip_if_no_ptxas();
}

TEST_CASE("gpu: float32 math without libdevice uses the fast approximations", "[gpu][ptx]") {
    ::setenv("WEFT_LIBDEVICE", "none", 1);
    std::string ptx = ptx_of({math_pipeline(Float(32))}, Target("host-cuda"));
    auto bad64 = [&] { ptx_of({math_pipeline(Float(64))}, Target("host-cuda")); };
    REQUIRE_THROWS_WITH(bad64(), Catch::Contains("needs libdevice"));
    ::unsetenv("WEFT_LIBDEVICE");
    INFO(ptx);
    REQUIRE(ptx.find("ex2.approx") != std::string::npos);
    REQUIRE(ptx.find("lg2.approx") != std::string::npos);
    REQUIRE(ptx.find("sin.approx") != std::string::npos);
    REQUIRE(ptx.find("cos.approx") != std::string::npos);
    require_ptxas_accepts(ptx, 80);
}
