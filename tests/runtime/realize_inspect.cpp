// Pipeline inspection: loop_nest_string(), compile_to_lowered_stmt (Text and HTML),
// compile_to_llvm_assembly and compile_to_assembly write what they promise.

#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace weft;

namespace {

std::string read_file(const std::string &path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

Pipeline two_stage(Func &producer, Func &consumer) {
    Var x("x"), y("y");
    producer(x, y) = x + y;
    consumer(x, y) = producer(x, y) * 2;
    producer.compute_root();
    return Pipeline(consumer);
}

} // namespace

TEST_CASE("realize inspect: loop nest", "[realize]") {
    Func p("inspect_p"), c("inspect_c");
    Pipeline pipe = two_stage(p, c);
    const std::string nest = pipe.loop_nest_string();
    CHECK_THAT(nest, Catch::Contains("produce inspect_p:"));
    CHECK_THAT(nest, Catch::Contains("produce inspect_c:"));
    CHECK_THAT(nest, Catch::Contains("for y:"));
    CHECK_THAT(nest, Catch::Contains("store inspect_p:"));
    CHECK(c.loop_nest_string() == nest);
}

TEST_CASE("realize inspect: lowered stmt, LLVM IR and assembly files", "[realize]") {
    Func p("inspect2_p"), c("inspect2_c");
    Pipeline pipe = two_stage(p, c);
    const std::string base =
        (std::filesystem::temp_directory_path() / ("weft_inspect_" + std::to_string(::getpid())))
            .string();
    pipe.compile_to_lowered_stmt(base + ".stmt");
    pipe.compile_to_lowered_stmt(base + ".html", HTML);
    pipe.compile_to_llvm_assembly(base + ".ll");
    pipe.compile_to_assembly(base + ".s");
    const std::string stmt = read_file(base + ".stmt");
    CHECK_THAT(stmt, Catch::Contains("// weft_inspect2_c(buffer int32 inspect2_c)"));
    CHECK_THAT(stmt, Catch::Contains("produce inspect2_p"));
    const std::string html = read_file(base + ".html");
    CHECK_THAT(html, Catch::Contains("<pre>"));
    CHECK_THAT(html, Catch::Contains("<span class=\"kw\">produce</span> inspect2_p"));
    CHECK_THAT(html, !Catch::Contains("<<"));
    const std::string ll = read_file(base + ".ll");
    CHECK_THAT(ll, Catch::Contains("define i32 @weft_inspect2_c(ptr"));
    const std::string s = read_file(base + ".s");
    CHECK_THAT(s, Catch::Contains("weft_inspect2_c:"));
    for (const char *ext : {".stmt", ".html", ".ll", ".s"}) {
        std::remove((base + ext).c_str());
    }
}

TEST_CASE("realize inspect: an unwritable path is a CompileError", "[realize]") {
    Func p("inspect3_p"), c("inspect3_c");
    Pipeline pipe = two_stage(p, c);
    CHECK_THROWS_AS(pipe.compile_to_lowered_stmt("/nonexistent/dir/x.stmt"), CompileError);
}
