// Modules, launches and contexts on the mock driver: PTX is loaded once per context,
// launches pass grid, block, shared memory and argument values through, failures
// name the call and the kernel, and an application's context and stream are used.

#include "cuda_test_support.h"

#include "jit/JITSupportSymbols.h"
#include "weft/weft.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

using Catch::Matchers::Contains;
using weft_test::ErrorCatcher;
using weft_test::MockCuda;

namespace {

// The shape of PTX that weft's code generator emits: one entry per kernel.
const char ptx_text[] = R"(//
.version 8.0
.target sm_90
.address_size 64

.visible .entry scale_kernel(
	.param .u64 scale_kernel_param_0,
	.param .u32 scale_kernel_param_1,
	.param .f32 scale_kernel_param_2,
	.param .u16 scale_kernel_param_3
)
{
	ret;
}

.visible .entry other_kernel(
	.param .u64 other_kernel_param_0
)
{
	ret;
}
)";

int load(ErrorCatcher &e, void **state) {
    return weft_cuda_load_module(e.uc(), state, ptx_text, sizeof(ptx_text));
}

} // namespace

TEST_CASE("cuda mock: a module is loaded once and kept in module_state", "[runtime][cuda]") {
    MockCuda mock;
    void *state = nullptr;
    ErrorCatcher e;
    REQUIRE(load(e, &state) == 0);
    REQUIRE(state != nullptr);
    void *first = state;
    CHECK(mock.counters().module_loads == 1);
    CHECK(mock.last_ptx() == std::string(ptx_text)); // Without the terminating NUL.
    CHECK(mock.counters().last_module_context == mock.counters().primary_context);
    REQUIRE(load(e, &state) == 0);
    REQUIRE(load(e, &state) == 0);
    CHECK(state == first);
    CHECK(mock.counters().module_loads == 1);

    // Many threads reaching the same fresh module_state load it once.
    void *shared = nullptr;
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < 8; t++) {
        pool.emplace_back([&] {
            ErrorCatcher mine;
            if (load(mine, &shared) != 0) {
                failures++;
            }
        });
    }
    for (std::thread &th : pool) {
        th.join();
    }
    CHECK(failures == 0);
    CHECK(mock.counters().module_loads == 2);

    // Unloading frees the module; the state may be loaded afresh.
    weft_cuda_unload_module(&shared);
    CHECK(shared == nullptr);
    CHECK(mock.counters().module_unloads == 1);
    weft_cuda_unload_module(&shared); // Nothing to do.
    CHECK(mock.counters().module_unloads == 1);
    REQUIRE(load(e, &shared) == 0);
    CHECK(mock.counters().module_loads == 3);
    weft_cuda_unload_module(&shared);
    weft_cuda_unload_module(&state);
    CHECK(mock.counters().module_unloads == 3);
    CHECK(mock.counters().context_depth == 0);
}

TEST_CASE("cuda mock: a launch passes its shape and argument values", "[runtime][cuda]") {
    MockCuda mock;
    void *state = nullptr;
    ErrorCatcher e;
    REQUIRE(load(e, &state) == 0);

    weft::Buffer<float> data(1000);
    data.copy_to_device();
    uint64_t pointer = data.device_ptr();
    int32_t n = 1000;
    float factor = 2.5f;
    uint16_t small = 0xBEEF;
    void *args[] = {&pointer, &n, &factor, &small};
    const int syncs = mock.counters().stream_syncs;
    REQUIRE(weft_cuda_launch(e.uc(), state, "scale_kernel", 4, 2, 1, 128, 2, 1, 256, args) == 0);

    const mock_cuda_launch_t &l = mock.last_launch();
    CHECK(std::string(l.kernel) == "scale_kernel");
    CHECK(l.grid[0] == 4);
    CHECK(l.grid[1] == 2);
    CHECK(l.grid[2] == 1);
    CHECK(l.block[0] == 128);
    CHECK(l.block[1] == 2);
    CHECK(l.block[2] == 1);
    CHECK(l.shared_bytes == 256);
    CHECK(l.stream == nullptr);
    CHECK(l.context == mock.counters().primary_context);
    REQUIRE(l.num_args == 4);
    CHECK(l.arg_bytes[0] == 8);
    CHECK(l.args[0] == pointer);
    CHECK(l.arg_bytes[1] == 4);
    CHECK(l.args[1] == 1000);
    float passed = 0;
    std::memcpy(&passed, &l.args[2], sizeof(float));
    CHECK(passed == 2.5f);
    CHECK(l.args[3] == 0xBEEF);
    // The launch waited for the kernel.
    CHECK(mock.counters().stream_syncs == syncs + 1);

    // The kernel lookup is cached: a second launch looks nothing up.
    const int lookups = mock.counters().function_lookups;
    n = 7;
    REQUIRE(weft_cuda_launch(e.uc(), state, "scale_kernel", 1, 1, 1, 32, 1, 1, 0, args) == 0);
    CHECK(mock.counters().function_lookups == lookups);
    CHECK(mock.last_launch().args[1] == 7);
    void *other_args[] = {&pointer};
    REQUIRE(weft_cuda_launch(e.uc(), state, "other_kernel", 3, 1, 1, 64, 1, 1, 0, other_args) == 0);
    CHECK(std::string(mock.last_launch().kernel) == "other_kernel");
    CHECK(mock.counters().launches == 3);
    weft_cuda_unload_module(&state);
    CHECK(mock.counters().context_depth == 0);
}

TEST_CASE("cuda mock: module and launch failures name the kernel and the call", "[runtime][cuda]") {
    MockCuda mock;
    void *state = nullptr;
    {
        ErrorCatcher e;
        mock.fail_next("cuModuleLoadDataEx", 218); // CUDA_ERROR_INVALID_PTX
        CHECK(load(e, &state) == weft_error_code_cuda_failed);
        CHECK_THAT(e.error_message, Contains("CUDA error in cuModuleLoadDataEx (loading"));
        CHECK_THAT(e.error_message, Contains("CUDA_ERROR_INVALID_PTX"));
        // The PTX compiler's log is part of the message.
        CHECK_THAT(e.error_message, Contains("mock ptxas: syntax error in line 3"));
    }
    ErrorCatcher ok;
    REQUIRE(load(ok, &state) == 0); // A later load may succeed.
    uint64_t pointer = 0;
    int32_t n = 0;
    float f = 0;
    uint16_t s = 0;
    void *args[] = {&pointer, &n, &f, &s};
    {
        ErrorCatcher e;
        CHECK(weft_cuda_launch(e.uc(), state, "missing_kernel", 1, 1, 1, 1, 1, 1, 0, args) ==
              weft_error_code_cuda_failed);
        CHECK_THAT(e.error_message, Contains("CUDA error in cuModuleGetFunction (looking up kernel "
                                             "\"missing_kernel\"): CUDA_ERROR_NOT_FOUND"));
    }
    {
        ErrorCatcher e;
        mock.fail_next("cuStreamSynchronize", 700); // what a faulting kernel reports
        CHECK(weft_cuda_launch(e.uc(), state, "scale_kernel", 2, 1, 1, 32, 1, 1, 0, args) ==
              weft_error_code_cuda_failed);
        CHECK_THAT(e.error_message,
                   Contains("CUDA error in cuStreamSynchronize (running kernel \"scale_kernel\" "
                            "with blocks (2, 1, 1), threads (32, 1, 1)"));
        CHECK_THAT(e.error_message, Contains("CUDA_ERROR_ILLEGAL_ADDRESS"));
    }
    {
        ErrorCatcher e;
        CHECK(weft_cuda_launch(e.uc(), state, "scale_kernel", 2, 0, 1, 32, 1, 1, 0, args) ==
              weft_error_generic);
        CHECK_THAT(e.error_message, Contains("kernel \"scale_kernel\" cannot be launched with "
                                             "blocks (2, 0, 1)"));
    }
    {
        ErrorCatcher e;
        mock.fail_next("cuLaunchKernel", 1);
        CHECK(weft_cuda_launch(e.uc(), state, "scale_kernel", 2, 1, 1, 32, 1, 1, 0, args) ==
              weft_error_code_cuda_failed);
        CHECK_THAT(e.error_message, Contains("CUDA error in cuLaunchKernel (launching kernel "
                                             "\"scale_kernel\""));
    }
    {
        ErrorCatcher e;
        CHECK(weft_cuda_launch(e.uc(), nullptr, "scale_kernel", 1, 1, 1, 1, 1, 1, 0, args) ==
              weft_error_generic);
        CHECK_THAT(e.error_message, Contains("weft_cuda_load_module must come first"));
    }
    weft_cuda_unload_module(&state);
    CHECK(mock.counters().context_depth == 0);
}

TEST_CASE("cuda mock: an application's context and stream are used", "[runtime][cuda]") {
    MockCuda mock;
    int app_context_object = 0, app_stream_object = 0;
    void *app_context = &app_context_object, *app_stream = &app_stream_object;
    void *state = nullptr;
    ErrorCatcher e;
    REQUIRE(load(e, &state) == 0);
    CHECK(mock.counters().module_loads == 1);

    weft::cuda_set_context(app_context, app_stream);
    weft::Buffer<int> b(50);
    b.copy_to_device();
    CHECK(mock.counters().last_alloc_context == app_context);
    CHECK(mock.counters().last_copy_context == app_context);
    CHECK(mock.counters().last_copy_stream == app_stream);
    CHECK(mock.counters().last_sync_stream == app_stream);
    const int syncs = mock.counters().stream_syncs;
    b.device_sync();
    CHECK(mock.counters().stream_syncs == syncs + 1);

    // The module is loaded again in the new context, then launched on the app's stream.
    uint64_t pointer = b.device_ptr();
    void *args[] = {&pointer};
    REQUIRE(weft_cuda_launch(e.uc(), state, "other_kernel", 1, 1, 1, 32, 1, 1, 0, args) == 0);
    CHECK(mock.counters().module_loads == 2);
    CHECK(mock.counters().last_module_context == app_context);
    CHECK(mock.last_launch().context == app_context);
    CHECK(mock.last_launch().stream == app_stream);
    REQUIRE(load(e, &state) == 0);
    CHECK(mock.counters().module_loads == 2);

    // Allocations are cached per context: one freed in the app's context is not handed
    // out in weft's own.
    uint64_t app_address = b.device_ptr();
    b.device_free();
    weft::cuda_set_context(nullptr);
    weft::Buffer<int> c(50);
    c.copy_to_device();
    CHECK(c.device_ptr() != app_address);
    CHECK(mock.counters().last_alloc_context == mock.counters().primary_context);
    CHECK(mock.counters().last_copy_stream == nullptr);
    REQUIRE(weft_cuda_launch(e.uc(), state, "other_kernel", 1, 1, 1, 32, 1, 1, 0, args) == 0);
    CHECK(mock.last_launch().context == mock.counters().primary_context);
    CHECK(mock.counters().module_loads == 2);
    // Unloading reaches both contexts (the mock refuses an unload in the wrong one).
    weft_cuda_unload_module(&state);
    CHECK(mock.counters().module_unloads == 2);
    CHECK(mock.counters().context_depth == 0);
}

TEST_CASE("cuda: JIT code can call every CUDA runtime function", "[runtime][cuda]") {
    const std::vector<std::pair<std::string, void *>> expected = {
        {"weft_cuda_available", reinterpret_cast<void *>(&weft_cuda_available)},
        {"weft_cuda_initialize", reinterpret_cast<void *>(&weft_cuda_initialize)},
        {"weft_cuda_load_module", reinterpret_cast<void *>(&weft_cuda_load_module)},
        {"weft_cuda_launch", reinterpret_cast<void *>(&weft_cuda_launch)},
        {"weft_cuda_unload_module", reinterpret_cast<void *>(&weft_cuda_unload_module)},
        {"weft_cuda_compute_capability", reinterpret_cast<void *>(&weft_cuda_compute_capability)},
        {"weft_cuda_wrap_native", reinterpret_cast<void *>(&weft_cuda_wrap_native)},
        {"weft_cuda_detach_native", reinterpret_cast<void *>(&weft_cuda_detach_native)},
        {"weft_cuda_device_sync", reinterpret_cast<void *>(&weft_cuda_device_sync)},
        {"weft_cuda_copy_to_device", reinterpret_cast<void *>(&weft_cuda_copy_to_device)},
        {"weft_cuda_copy_to_host", reinterpret_cast<void *>(&weft_cuda_copy_to_host)},
        {"weft_cuda_device_malloc", reinterpret_cast<void *>(&weft_cuda_device_malloc)},
        {"weft_cuda_device_free", reinterpret_cast<void *>(&weft_cuda_device_free)},
        {"weft_buffer_set_host_dirty", reinterpret_cast<void *>(&weft_buffer_set_host_dirty)},
        {"weft_buffer_set_device_dirty", reinterpret_cast<void *>(&weft_buffer_set_device_dirty)},
        {"weft_cuda_malloc", reinterpret_cast<void *>(&weft_cuda_malloc)},
        {"weft_cuda_free", reinterpret_cast<void *>(&weft_cuda_free)},
        {"weft_cuda_set_context", reinterpret_cast<void *>(&weft_cuda_set_context)},
        {"weft_cuda_release_unused", reinterpret_cast<void *>(&weft_cuda_release_unused)},
    };
    const auto &table = weft::internal::jit_support_symbols();
    for (const auto &[name, address] : expected) {
        auto it = std::find_if(table.begin(), table.end(),
                               [&](const auto &entry) { return entry.first == name; });
        INFO(name);
        REQUIRE(it != table.end());
        CHECK(it->second == address);
    }
}
