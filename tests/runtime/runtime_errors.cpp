// The runtime's error channel and allocator: messages, codes, the user context.

#include <catch2/catch.hpp>

#include "runtime/UserContext.h"
#include "weft/runtime/weft_runtime.h"

#include <cstdint>
#include <string>
#include <vector>

using weft::internal::JITUserContext;

namespace {

std::vector<std::string> handled;
void capture(void *, const char *message) {
    handled.emplace_back(message);
}

} // namespace

TEST_CASE("buffer_too_small names the buffer, the ranges and the dimension", "[runtime][errors]") {
    JITUserContext ctx;
    int code = weft_error_buffer_too_small(&ctx, "in", 0, 0, 101, 0, 99);
    REQUIRE(code == weft_error_code_buffer_too_small);
    REQUIRE(ctx.error_code == weft_error_code_buffer_too_small);
    REQUIRE(ctx.error_message == "Input buffer \"in\" is accessed at 0 to 101 in dimension 0, "
                                 "but the buffer covers only 0 to 99 (min 0, extent 100).");

    JITUserContext out;
    weft_error_output_buffer_too_small(&out, "f", 1, -2, 5, 0, 3);
    REQUIRE(out.error_message == "Output buffer \"f\" is accessed at -2 to 5 in dimension 1, "
                                 "but the buffer covers only 0 to 3 (min 0, extent 4).");
}

TEST_CASE("the first error of a call wins", "[runtime][errors]") {
    JITUserContext ctx;
    REQUIRE(weft_error_bad_type(&ctx, "img", weft_type_uint, 8, weft_type_float, 32) ==
            weft_error_code_bad_type);
    REQUIRE(weft_error(&ctx, "second") == weft_error_generic);
    REQUIRE(ctx.error_code == weft_error_code_bad_type);
    REQUIRE(ctx.error_message ==
            "Buffer \"img\" has type float32, but the pipeline expects uint8.");
}

TEST_CASE("each builder formats its message and returns its code", "[runtime][errors]") {
    struct Case {
        int code;
        int expected_code;
        std::string expected;
    };
    std::vector<JITUserContext> ctx(6);
    std::vector<Case> cases = {
        {weft_error_bad_dimensions(&ctx[0], "img", 2, 3), weft_error_code_bad_dimensions,
         "Buffer \"img\" has 3 dimensions, but the pipeline expects 2."},
        {weft_error_buffer_too_large(&ctx[1], "big", int64_t(1) << 33),
         weft_error_code_buffer_too_large, "Buffer \"big\" spans 8589934592 elements"},
        {weft_error_out_of_memory(&ctx[2], "tmp", 1000), weft_error_code_out_of_memory,
         "Out of memory: allocating 1000 bytes for \"tmp\" failed."},
        {weft_error_explicit_bound(&ctx[3], "f", "x", 0, 99, 0, 101),
         weft_error_code_explicit_bound,
         "Func \"f\" is bounded to 0 to 99 in \"x\" (by bound()), but the pipeline requires 0 "
         "to 101 of it."},
        {weft_error_assertion(&ctx[4], "x must be even"), weft_error_code_assertion,
         "x must be even"},
        {weft_error(&ctx[5], "plain"), weft_error_generic, "plain"},
    };
    for (size_t i = 0; i < cases.size(); i++) {
        INFO("case " << i);
        REQUIRE(cases[i].code == cases[i].expected_code);
        REQUIRE(ctx[i].error_code == cases[i].expected_code);
        REQUIRE(ctx[i].error_message.find(cases[i].expected) != std::string::npos);
    }
}

TEST_CASE("without a user context errors go to the handler", "[runtime][errors]") {
    handled.clear();
    weft_set_error_handler(capture);
    weft_error_bad_dimensions(nullptr, "img", 2, 3);
    weft_error(nullptr, "hello");
    weft_set_error_handler(nullptr);
    REQUIRE(handled.size() == 2);
    REQUIRE(handled[0] == "Buffer \"img\" has 3 dimensions, but the pipeline expects 2.");
    REQUIRE(handled[1] == "hello");
}

TEST_CASE("weft_malloc aligns to 64 bytes and rejects absurd sizes", "[runtime][alloc]") {
    for (uint64_t bytes :
         {uint64_t(0), uint64_t(1), uint64_t(63), uint64_t(1000), uint64_t(1) << 20}) {
        void *p = weft_malloc(nullptr, bytes);
        REQUIRE(p != nullptr);
        REQUIRE(reinterpret_cast<uintptr_t>(p) % 64 == 0);
        if (bytes) {
            static_cast<uint8_t *>(p)[bytes - 1] = 1; // writable to the end
        }
        weft_free(nullptr, p);
    }
    JITUserContext ctx;
    REQUIRE(weft_malloc(&ctx, uint64_t(1) << 50) == nullptr);
    REQUIRE(ctx.error_code == weft_error_code_out_of_memory);
    REQUIRE(ctx.error_message.find("1125899906842624 bytes") != std::string::npos);
    weft_free(nullptr, nullptr);
}
