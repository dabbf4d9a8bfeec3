// Lesson 11: running a pipeline on a GPU.
//
// The algorithm of a pipeline says nothing about where it runs; the schedule does. In
// this lesson the same two-stage blur is scheduled for the CPU (as in lesson 8) and for
// an NVIDIA GPU, and we look at what moves where:
//
//   - which loops become the blocks and threads of a kernel launch,
//   - where the intermediate stage lives (the GPU's shared memory),
//   - how the host and the device copies of the buffers are kept in step,
//   - and how to read the PTX that weft generates for the GPU.
//
// weft generates PTX (NVIDIA's virtual assembly) on any machine: no GPU is needed to
// compile, only to run. This lesson always compiles and prints some of the PTX; it runs
// the GPU version only where a CUDA driver and a device are present, and says so
// otherwise.

#include <weft/Cuda.h>
#include <weft/weft.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace weft;

namespace {

int failures = 0;

/// Prints the lines of `text` that contain `what` (at most `limit` of them).
void print_lines_with(const std::string &text, const std::string &what, int limit) {
    std::istringstream in(text);
    std::string line;
    int shown = 0;
    while (std::getline(in, line) && shown < limit) {
        if (line.find(what) != std::string::npos) {
            std::printf("    %s\n", line.c_str());
            shown++;
        }
    }
    if (shown == 0) {
        std::printf("    (no line with \"%s\")\n", what.c_str());
        failures++;
    }
}

std::string read_file(const std::string &path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

int main() {
    const int W = 640, H = 480;
    Buffer<uint16_t> input(W, H);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            input(x, y) = uint16_t((x * 7 + y * 3) % 1024);
        }
    }

    // The algorithm: a 3x3 box blur in two passes, with the edges repeated.
    Var x("x"), y("y"), xo("xo"), yo("yo"), xi("xi"), yi("yi");
    auto make_blur = [&](Func &blur_x, Func &blur_y) {
        Func clamped = BoundaryConditions::repeat_edge(input);
        blur_x(x, y) = (clamped(x - 1, y) + clamped(x, y) + clamped(x + 1, y)) / 3;
        blur_y(x, y) = (blur_x(x, y - 1) + blur_x(x, y) + blur_x(x, y + 1)) / 3;
    };

    // ------------------------------------------------------------------------------
    // 1. The CPU schedule (lesson 8): tiles in parallel, blur_x computed per tile.
    Func cpu_x("blur_x"), cpu_y("blur_y");
    make_blur(cpu_x, cpu_y);
    cpu_y.tile(x, y, xo, yo, xi, yi, 64, 32).parallel(yo).vectorize(xi, 16);
    cpu_x.compute_at(cpu_y, xo).vectorize(x, 16);
    Buffer<uint16_t> on_cpu = cpu_y.realize({W, H});
    std::printf("The CPU schedule:\n%s\n", cpu_y.loop_nest_string().c_str());

    // ------------------------------------------------------------------------------
    // 2. The GPU schedule.
    //
    // A GPU runs a kernel as a grid of blocks; each block is a group of threads (at
    // most 1024) that run at the same time and share a small, fast memory of their
    // own (shared memory, 48 KiB per block here). In weft, loops become blocks and
    // threads:
    //
    //   gpu_tile(x, y, xo, yo, xi, yi, 16, 16) tiles blur_y by 16x16: the tile loops
    //   xo and yo become the blocks (gpu_blocks), the loops inside a tile, xi and yi,
    //   become the 16x16 threads of a block (gpu_threads). Each thread computes one
    //   pixel. The first loop named is the x index of the launch, then y.
    //
    //   blur_x.compute_at(blur_y, xo) computes the part of blur_x a tile needs (16x18
    //   pixels: one row more above and below) once per block. A Func computed at the
    //   block level goes to shared memory; gpu_threads(x, y) lets the block's threads
    //   compute it together, one pixel each.
    //
    // Between the threads writing blur_x and the threads reading it, every thread of
    // the block must have finished writing: weft puts a barrier there (bar.sync in
    // PTX). A Func computed inside the thread loops instead would live in each
    // thread's registers.
    Func gpu_x("blur_x"), gpu_y("blur_y");
    make_blur(gpu_x, gpu_y);
    gpu_y.gpu_tile(x, y, xo, yo, xi, yi, 16, 16);
    gpu_x.compute_at(gpu_y, xo).gpu_threads(x, y);
    std::printf("The GPU schedule (gpu_block loops are the grid, gpu_thread loops a "
                "block):\n%s\n",
                gpu_y.loop_nest_string().c_str());

    // ------------------------------------------------------------------------------
    // 3. What moves where.
    //
    // Compiling for Target("host-cuda") (CUDA capability 8.0 by default;
    // "host-cuda_sm90" for an H100) turns the outermost block loop into a kernel. The
    // host code that remains launches it: it makes sure the input is on the device
    // (copying it only when the host copy is newer: buffers carry host and device
    // "dirty" bits), allocates the output there, launches, marks the output's device
    // copy as the newest, and at the end copies it back so that the Buffer realize()
    // returns is readable on the host. The lowered statement (lesson 3) shows the
    // kernel loops, the shared allocation, the barrier and the final copy:
    const Target gpu_target("host-cuda");
    gpu_y.compile_to_lowered_stmt("lesson_11_blur_gpu.stmt", Text, gpu_target);
    const std::string stmt = read_file("lesson_11_blur_gpu.stmt");
    std::printf("From the lowered statement:\n");
    print_lines_with(stmt, "gpu_block", 2);
    print_lines_with(stmt, "GPUShared", 1);
    print_lines_with(stmt, "weft_gpu_thread_barrier", 1);
    print_lines_with(stmt, "weft_cuda_copy_to_host", 1);

    // ------------------------------------------------------------------------------
    // 4. Reading the PTX.
    //
    // compile_to_ptx writes the device code: one ".entry" per kernel, its parameters
    // (the device addresses of the buffers and the scalars it needs: sizes, strides,
    // mins), the block and thread indices it reads (%ctaid.x is the block index in x,
    // %tid.x the thread index), the shared array (.shared), the barrier (bar.sync),
    // and loads and stores to global (ld.global) and shared (st.shared) memory. The
    // CUDA driver compiles this PTX for the actual GPU when the pipeline first runs.
    gpu_y.compile_to_ptx("lesson_11_blur.ptx", gpu_target);
    const std::string ptx = read_file("lesson_11_blur.ptx");
    std::printf("\nFrom the PTX (%zu bytes):\n", ptx.size());
    print_lines_with(ptx, ".target", 1);
    print_lines_with(ptx, ".entry", 1);
    print_lines_with(ptx, ".shared", 1);
    print_lines_with(ptx, "%ctaid.x", 1);
    print_lines_with(ptx, "%tid.x", 1);
    print_lines_with(ptx, "bar.sync", 1);
    print_lines_with(ptx, "ld.global", 1);
    print_lines_with(ptx, "st.shared", 1);

    // ------------------------------------------------------------------------------
    // 5. Running it.
    //
    // The same GPU schedule also runs on a target without CUDA: block and thread loops
    // then become ordinary serial loops, which is a handy way to check a GPU schedule
    // on a machine without a GPU. On a GPU, realize() with the CUDA target runs the
    // kernel. Both must give the CPU schedule's pixels.
    auto compare = [&](const Buffer<uint16_t> &out, const char *what) {
        int wrong = 0;
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                wrong += out(i, j) != on_cpu(i, j);
            }
        }
        std::printf("%s: %s\n", what, wrong == 0 ? "same pixels as the CPU schedule" : "WRONG");
        failures += wrong;
    };
    compare(gpu_y.realize({W, H}, get_host_target()), "GPU schedule on the host target");
    if (cuda_available()) {
        compare(gpu_y.realize({W, H}, gpu_target), "GPU schedule on the GPU");
    } else {
        std::printf("No CUDA driver or device here: the GPU run is skipped (the PTX above "
                    "was still generated).\n");
    }

    if (failures != 0) {
        std::printf("%d checks failed\n", failures);
        return 1;
    }
    std::printf("Success!\n");
    return 0;
}
