#ifndef WEFT_PIPELINE_H
#define WEFT_PIPELINE_H

// Pipeline: one or more output Funcs compiled and run together, as in Halide.
//
//   Pipeline p({blur_x, blur_y});              // or Pipeline p(f); f.realize() uses one
//   Realization r = p.realize({640, 480});     // one new Buffer per output
//   Buffer<uint16_t> out(640, 480);
//   p.realize(out);                            // into existing storage (any mins)
//
// realize() lowers and JIT-compiles the pipeline on first use and reuses the code
// while the definitions, schedules and target stay the same: each Pipeline object
// keeps its compiled code, and a process-wide cache shares code between Pipelines whose
// lowered loop nests are identical (WEFT_NO_COMPILE_CACHE=1 turns the shared cache
// off). A change to any reachable Func's definition or schedule recompiles.
//
// Errors: a mistake found while lowering is a CompileError; at run time (wrong number
// of sizes, an output buffer of the wrong type or dimensionality, an unbound Param or
// ImageParam, an input buffer too small for the region read) a RuntimeError naming
// the Func or buffer. WEFT_DEBUG=1 logs the time spent lowering, generating code,
// optimizing and JIT-compiling.
//
// Inspection: print_loop_nest() / loop_nest_string() show the loops the schedule
// makes; compile_to_lowered_stmt() writes the whole lowered Stmt (Text or HTML);
// compile_to_llvm_assembly() and compile_to_assembly() write LLVM IR and x86 assembly.

#include "weft/Buffer.h"
#include "weft/Func.h"
#include "weft/Target.h"

#include <memory>
#include <string>
#include <vector>

namespace weft {


/// The buffers a realize() call produced, one per output Func, in the Pipeline's order.
class Realization {
public:
    Realization() = default;
    explicit Realization(std::vector<Buffer<>> buffers) : buffers_(std::move(buffers)) {}
    template<typename T> Realization(const Buffer<T> &b) : buffers_{Buffer<>(b)} {}

    size_t size() const { return buffers_.size(); }
    Buffer<> &operator[](size_t i) { return buffers_.at(i); }
    const Buffer<> &operator[](size_t i) const { return buffers_.at(i); }
    auto begin() { return buffers_.begin(); }
    auto end() { return buffers_.end(); }
    auto begin() const { return buffers_.begin(); }
    auto end() const { return buffers_.end(); }
    const std::vector<Buffer<>> &buffers() const { return buffers_; }

    /// The only buffer, as Buffer<T> (RuntimeError when there is not exactly one, or
    /// its element type is not T).
    template<typename T> operator Buffer<T>() const {
        check_single();
        return Buffer<T>(buffers_[0]);
    }

private:
    void check_single() const;
    std::vector<Buffer<>> buffers_;
};

class Pipeline {
public:
    /// A pipeline without outputs (realize() is an error until one is assigned).
    Pipeline();
    Pipeline(const Func &output);
    Pipeline(const std::vector<Func> &outputs);

    std::vector<Func> outputs() const;
    bool defined() const;

    /// Computes every output over [0, sizes[i]) in dimension i (sizes.size() must equal
    /// each output's dimensions) into new Buffers.
    Realization realize(std::vector<int> sizes = {},
                        const Target &target = get_jit_target_from_environment());
    /// Computes every output over its buffer's region (mins may be nonzero).
    void realize(Realization dst, const Target &target = get_jit_target_from_environment());
    template<typename T>
    void realize(Buffer<T> dst, const Target &target = get_jit_target_from_environment()) {
        realize(Realization(std::vector<Buffer<>>{Buffer<>(dst)}), target);
    }

    /// Lowers and compiles now (realize() would do it on first use).
    void compile_jit(const Target &target = get_jit_target_from_environment());

    void compile_to_lowered_stmt(const std::string &path, StmtOutputFormat format = Text,
                                 const Target &target = get_host_target());
    void compile_to_llvm_assembly(const std::string &path,
                                  const Target &target = get_host_target());
    void compile_to_assembly(const std::string &path, const Target &target = get_host_target());
    /// Writes the PTX module holding every GPU kernel of the pipeline (a Target with
    /// CUDA; the capability picks sm_XX) to `path`.
    void compile_to_ptx(const std::string &path, const Target &target = Target("host-cuda"));

    /// Prints loop_nest_string() to stdout.
    void print_loop_nest();
    /// The loops of the lowered pipeline with their kinds (parallel, vectorized...), the
    /// produce/consume nesting and allocations; no arithmetic.
    std::string loop_nest_string() const;

    struct Contents;

private:
    std::shared_ptr<Contents> contents_;
};

} // namespace weft

#endif
