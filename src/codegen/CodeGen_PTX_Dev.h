#ifndef WEFT_CODEGEN_CODEGEN_PTX_DEV_H
#define WEFT_CODEGEN_CODEGEN_PTX_DEV_H

// CodeGen_PTX_Dev: the CUDA device code generator (CodeGen_GPU_Dev), through LLVM's
// NVPTX back end. It reuses CodeGen_LLVM's expression code and overrides what differs
// on the device:
//  - kernels: `void name(args...)` with CallingConv::PTX_Kernel and the nvvm.annotations
//    "kernel" mark; a buffer argument is a `ptr addrspace(1)` (the device address of the
//    element at the buffer's mins), a scalar is passed by value;
//  - GPU loops: a block loop's variable is min + %ctaid.<d>; a thread loop runs its body
//    when %tid.<d> < extent, with the variable min + %tid.<d> (the outermost thread loop
//    of a nest also requires the thread indices of the dimensions the nest does not use
//    to be 0, so a nest narrower than the launch runs once per point). Other loops are
//    serial loops in each thread;
//  - allocations: GPUShared is a static `addrspace(3)` array per kernel, Register (and
//    any other constant-size allocation) a per-thread alloca;
//  - Evaluate(Call "weft_gpu_thread_barrier") is llvm.nvvm.barrier0; a failed assertion
//    traps (the host checks every input before a launch);
//  - float math: sqrt, fabs, floor, ceil, round, trunc, fma, min, max lower natively;
//    exp, log, pow, sin, cos, tan, tanh, asin, acos, atan, atan2 call libdevice
//    (__nv_expf, ...) when libdevice.10.bc is found under the CUDA toolkit
//    ($CUDA_HOME, /usr/local/cuda; WEFT_LIBDEVICE=<path> names it, WEFT_LIBDEVICE=none
//    turns it off), else float32 uses fast approximations built on
//    ex2.approx / lg2.approx / sin.approx / cos.approx (CompileError for float64 then).
// compile_to_src() links libdevice (only what is used), runs LLVM's O3 pipeline for
// nvptx64-nvidia-cuda at sm_XX (Target::cuda_capability()) and returns the PTX text.
// Tests: tests/gpu/gpu_ptx.cpp (every kernel assembled by ptxas where it is installed).

#include "codegen/CodeGen_GPU_Dev.h"
#include "codegen/CodeGen_LLVM.h"

#include <array>

namespace weft::internal {

class CodeGen_PTX_Dev : public CodeGen_LLVM, public CodeGen_GPU_Dev {
public:
    CodeGen_PTX_Dev(const Target &target, llvm::LLVMContext &context);
    ~CodeGen_PTX_Dev() override;

    void add_kernel(const Stmt &body, const std::string &name,
                    const std::vector<DeviceArgument> &args) override;
    std::string compile_to_src() override;
    DeviceAPI device_api() const override { return DeviceAPI::CUDA; }

    /// The path of libdevice.10.bc under the CUDA toolkit, or "" when there is none.
    static std::string find_libdevice();

protected:
    using CodeGen_LLVM::visit;
    void visit(const For *op) override;
    void visit(const Allocate *op) override;
    void visit(const Free *op) override;
    void visit(const AssertStmt *op) override;
    void visit(const Evaluate *op) override;
    llvm::Value *codegen_target_intrinsic(const Call *op) override;
    void set_function_attributes(llvm::Function &f) const override;

private:
    /// %tid.<d> (thread) or %ctaid.<d> (block) as an i32.
    llvm::Value *special_register(bool block, int dim);
    llvm::Value *codegen_device_math(const Call *op);
    llvm::Value *fast_math_f32(const std::string &name, const std::vector<llvm::Value *> &args);

    std::array<int64_t, 3> kernel_threads_ = {1, 1, 1};
    int thread_depth_ = 0;
    bool uses_libdevice_ = false;
    std::string libdevice_path_;
};

} // namespace weft::internal

#endif
