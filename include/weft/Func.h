#ifndef WEFT_FUNC_H
#define WEFT_FUNC_H

// Func: a function over integer coordinates, defined by expressions, as in Halide.
//
//   Func f("f");
//   Var x("x"), y("y");
//   f(x, y) = x + y;                 // the pure definition: distinct Vars on the left
//   f(x, 0) = f(x, 1) * 2;           // an update definition: any integer Exprs on the left
//   RDom r(0, 10);
//   f(x, r) += r;                    // an update iterating a reduction domain
//
//   Func g;
//   g(x, y) = f(x, y) + 1;           // calling f inside another definition
//   f.compute_root();                // schedule: compute all of f before g
//   Buffer<int> out = g.realize({100, 100});
//
// Rules (each broken one is a CompileError naming the Func):
//  - The first definition is the pure one; its left side lists distinct Vars, its right
//    side uses only those Vars (plus Params, inputs and other Funcs), no RVars.
//  - Later definitions are updates. Their value must have the pure definition's type
//    (f(x) = f(x) + e: e must have it too; f(x) += e casts e to it). A pure Var in an
//    update's left side must stand where the pure definition has it. An update may use
//    RVars of one RDom; it then runs once per point of that domain, r.x innermost.
//  - f += e (and -=, *=, /=) on a Func without a definition first defines it as 0
//    (1 for *= and /=) of e's type, as Halide does.
//  - A Func must be defined before it is called, and called with as many arguments as
//    its definition has.
//
// A Func is a handle: copies refer to the same function.

#include "weft/Buffer.h"
#include "weft/Expr.h"
#include "weft/RDom.h"
#include "weft/ScheduleTypes.h"
#include "weft/Target.h"
#include "weft/Var.h"

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace weft {

namespace internal {
class Function;
struct LoopLevelData;
} // namespace internal

class Func;
class FuncRef;
class Pipeline;
class Realization;

/// A place in the loop nest where a Func is computed or stored, as in Halide.
class LoopLevel {
public:
    /// Inline (the default): computed where it is used.
    LoopLevel() = default;
    /// Inside the loop over `var` of `func`'s stage `stage_index` (-1: its last stage).
    LoopLevel(const Func &func, const Var &var, int stage_index = -1);
    LoopLevel(const Func &func, const RVar &var, int stage_index = -1);

    static LoopLevel inlined() { return LoopLevel(); }
    /// Outside every loop.
    static LoopLevel root();

    bool is_inlined() const { return kind_ == Kind::Inlined; }
    bool is_root() const { return kind_ == Kind::Root; }
    /// The Func and loop variable of an "at" level (empty otherwise).
    const std::string &func() const { return func_; }
    const std::string &var() const { return var_; }
    int stage_index() const { return stage_index_; }
    /// "inlined", "root" or "f.x" / "f.update(0).r.x".
    std::string to_string() const;

private:
    friend class Func;
    /// A level read back from a schedule (known by names only).
    static LoopLevel from_data(const internal::LoopLevelData &d);
    enum class Kind { Inlined, Root, At };
    Kind kind_ = Kind::Inlined;
    std::string func_, var_;
    int stage_index_ = -1;
    std::shared_ptr<internal::Function> function_; // the Func of an "at" level, if known
};

/// A loop variable of a schedule directive: a pure Var or a reduction variable.
class VarOrRVar {
public:
    VarOrRVar(const Var &v) : name_(v.name()) {}
    VarOrRVar(const RVar &r) : name_(r.name()), is_rvar_(true) {}
    /// A one-dimensional RDom, as its variable.
    VarOrRVar(const RDom &r) : VarOrRVar(RVar(r)) {}
    const std::string &name() const { return name_; }
    bool is_rvar() const { return is_rvar_; }

private:
    std::string name_;
    bool is_rvar_ = false;
};

/// One stage of a Func: its pure definition (stage 0) or an update (f.update(i) is
/// stage i + 1). Returned by definitions and by Func::update().
///
/// Loop directives (LoopDirectives.cpp) record into the stage's schedule, as in Halide;
/// each names loops by Var or RVar, throws CompileError naming the stage and listing
/// its loops when a loop does not exist, and returns *this.
class Stage {
public:
    Stage(std::shared_ptr<internal::Function> func, int stage_index);

    /// Splits loop `old` into `outer` and `inner` (inner runs `factor` times).
    Stage &split(const VarOrRVar &old, const VarOrRVar &outer, const VarOrRVar &inner,
                 const Expr &factor, TailStrategy tail = TailStrategy::Auto);
    /// Merges loop `inner` and the loop `outer` just outside it into one loop `fused`.
    Stage &fuse(const VarOrRVar &inner, const VarOrRVar &outer, const VarOrRVar &fused);
    /// Puts the listed loops in this order, innermost first, in the places they occupy.
    Stage &reorder(const std::vector<VarOrRVar> &innermost_first);
    template <typename... Vars>
    Stage &reorder(const VarOrRVar &a, const VarOrRVar &b, const Vars &...rest) {
        return reorder(std::vector<VarOrRVar>{a, b, rest...});
    }
    /// Splits x and y by the factors and orders the loops xi, yi, xo, yo.
    Stage &tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xo, const VarOrRVar &yo,
                const VarOrRVar &xi, const VarOrRVar &yi, const Expr &xfactor,
                const Expr &yfactor, TailStrategy tail = TailStrategy::Auto);
    /// The same with x and y reused as the outer loops.
    Stage &tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xi, const VarOrRVar &yi,
                const Expr &xfactor, const Expr &yfactor, TailStrategy tail = TailStrategy::Auto);
    /// N-dimensional tile: splits previous[k] into outers[k] and inners[k] by factors[k],
    /// then orders the loops inners..., outers... (innermost first).
    Stage &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
                const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
                const std::vector<TailStrategy> &tails);
    Stage &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
                const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
                TailStrategy tail = TailStrategy::Auto);
    /// The same with the previous loops reused as the outer loops.
    Stage &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &inners,
                const std::vector<Expr> &factors, TailStrategy tail = TailStrategy::Auto);
    Stage &vectorize(const VarOrRVar &var);
    /// Splits var by `factor` and vectorizes the inner loop (named "<var>_vi").
    Stage &vectorize(const VarOrRVar &var, const Expr &factor,
                     TailStrategy tail = TailStrategy::Auto);
    Stage &unroll(const VarOrRVar &var);
    /// Splits var by `factor` and unrolls the inner loop (named "<var>_ui").
    Stage &unroll(const VarOrRVar &var, const Expr &factor, TailStrategy tail = TailStrategy::Auto);
    Stage &parallel(const VarOrRVar &var);
    /// Splits var by `task_size` and runs the outer loop (still named var) in parallel;
    /// each task runs the inner loop (named "<var>_pi") serially.
    Stage &parallel(const VarOrRVar &var, const Expr &task_size,
                    TailStrategy tail = TailStrategy::Auto);
    Stage &serial(const VarOrRVar &var);
    /// Declares this update an associative reduction (f(args) = f(args) op e with op one
    /// of + - * min max, as rfactor recognizes) whose terms may be combined in any
    /// order: a loop over RVars that do not appear in the left-hand side may then be
    /// vectorized, as a horizontal reduction of the vector of terms (Halide's atomic();
    /// floating-point sums are then reassociated). Call it before vectorize. Running
    /// such a loop in parallel still needs rfactor. `override_associativity_test` skips
    /// the check that the update is associative.
    Stage &atomic(bool override_associativity_test = false);

    // GPU loops (GPUDirectives.cpp), as in Halide. They take effect for a Target with
    // CUDA (Target("host-cuda")); each marks loops of this stage to run on the device.
    // Each outermost gpu_blocks loop nest becomes one kernel; the first Var given is
    // the innermost loop and maps to the x index (block or thread), then y, then z.

    /// The loops become the block indices of a kernel launch (x innermost).
    Stage &gpu_blocks(const VarOrRVar &x);
    Stage &gpu_blocks(const VarOrRVar &x, const VarOrRVar &y);
    Stage &gpu_blocks(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z);
    /// The loops become the thread indices within a block (constant extents, at most
    /// 1024 threads per block); they must lie inside a gpu_blocks loop.
    Stage &gpu_threads(const VarOrRVar &x);
    Stage &gpu_threads(const VarOrRVar &x, const VarOrRVar &y);
    Stage &gpu_threads(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z);
    /// Splits x by x_size into blocks bx and threads tx (the 2-D and 3-D forms tile).
    Stage &gpu_tile(const VarOrRVar &x, const VarOrRVar &bx, const VarOrRVar &tx,
                    const Expr &x_size, TailStrategy tail = TailStrategy::Auto);
    Stage &gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &bx,
                    const VarOrRVar &by, const VarOrRVar &tx, const VarOrRVar &ty,
                    const Expr &x_size, const Expr &y_size, TailStrategy tail = TailStrategy::Auto);
    Stage &gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z,
                    const VarOrRVar &bx, const VarOrRVar &by, const VarOrRVar &bz,
                    const VarOrRVar &tx, const VarOrRVar &ty, const VarOrRVar &tz,
                    const Expr &x_size, const Expr &y_size, const Expr &z_size,
                    TailStrategy tail = TailStrategy::Auto);
    /// Runs the whole stage on the device in one thread of one block.
    Stage &gpu_single_thread();

    /// "f" for the pure stage, "f.update(0)" for the first update.
    std::string name() const;
    int stage_index() const { return stage_index_; }
    /// The names of the stage's loops, innermost first (RVars first for updates).
    std::vector<std::string> loop_names() const;
    /// The left-hand side and value of this stage's definition.
    std::vector<Expr> args() const;
    Expr value() const;
    /// The RDom the stage iterates (undefined for the pure stage and pure updates).
    RDom rdom() const;

    // Specializations (Specialize.cpp), as in Halide.

    /// A copy of this stage, with a schedule of its own, that runs instead of it when
    /// `condition` holds at run time. `condition` is a bool scalar built from Params,
    /// buffer fields (in.dim(0).stride() == 1) and constants (CompileError otherwise).
    /// Specializations are tried in the order made; this stage's own schedule is the
    /// fallback. Inside the specialization the condition is assumed: with p == 3 (a
    /// Param or buffer field equal to a constant) p is replaced by 3. Specializing the
    /// returned stage nests a specialization in it.
    Stage specialize(const Expr &condition);
    /// Makes the fallback a run-time error with `message`: when no specialization's
    /// condition holds, realize() throws RuntimeError. Must come after specialize().
    void specialize_fail(const std::string &message);

    // rfactor (RFactor.cpp), as in Halide.

    /// Splits an associative update f(args) = f(args) op e over an RDom (op one of
    /// + - * min max && ||, the self-call on either side) into an intermediate Func
    /// "<f>_intm"(pure args of f, v...) that reduces over the other RVars with each
    /// preserved RVar r replaced by its Var v, and rewrites this update as
    /// f(pure args) = f(pure args) op <f>_intm(pure args, r...) over the preserved RVars.
    /// RVar splits already applied to this stage become RDom dimensions first, so a split
    /// RVar may be preserved. Returns the intermediate Func for scheduling.
    Func rfactor(std::vector<std::pair<RVar, Var>> preserved);
    Func rfactor(const RVar &r, const Var &v);

    /// True for a stage made by specialize().
    bool is_specialization() const { return is_specialization_; }

private:
    /// A stage made by specialize(): `holder` is a Function of the same name whose
    /// stage `stage_index` is the specialized definition (so that every directive, which
    /// schedules func_->stage(stage_index_), schedules the specialization).
    static Stage specialization(std::shared_ptr<internal::Function> holder, int stage_index);

    std::shared_ptr<internal::Function> func_;
    int stage_index_;
    bool is_specialization_ = false;
};

class Func {
public:
    /// A Func with a unique name ("f0", "f1", ...), not yet defined.
    Func();
    explicit Func(const std::string &name);
    /// (So that Func("f") names the Func rather than converting "f" to a bool Expr.)
    explicit Func(const char *name) : Func(std::string(name)) {}
    /// A Func of no arguments whose value is e: f() = e.
    explicit Func(const Expr &e);
    /// A handle on an existing internal function.
    explicit Func(const internal::Function &f);

    const std::string &name() const;
    /// True once the pure definition exists.
    bool defined() const;
    /// Number of arguments (0 before the pure definition).
    int dimensions() const;
    /// The pure definition's arguments, innermost first.
    std::vector<Var> args() const;
    /// The pure definition's value.
    Expr value() const;
    /// The type of the Func's values (CompileError before the pure definition).
    Type type() const;
    const std::vector<Type> &output_types() const;
    bool has_update_definition() const;
    int num_update_definitions() const;
    /// Update definition i (0 is the first update).
    Stage update(int i = 0);

    /// Specializations of the pure stage (see Stage::specialize).
    Stage specialize(const Expr &condition);
    void specialize_fail(const std::string &message);

    /// f(x, y): a reference that can be defined (f(x, y) = e) or called (used as an Expr).
    template <typename... Args>
        requires(std::is_convertible_v<const Args &, Expr> && ...)
    FuncRef operator()(const Args &...args) const;
    FuncRef operator()(std::vector<Expr> args) const;
    FuncRef operator()(const std::vector<Var> &args) const;

    // ------------------------------------------------------------------ schedule
    // Loops of the pure stage (as Stage's directives; f.update(i) for the updates).

    Func &split(const VarOrRVar &old, const VarOrRVar &outer, const VarOrRVar &inner,
                const Expr &factor, TailStrategy tail = TailStrategy::Auto);
    Func &fuse(const VarOrRVar &inner, const VarOrRVar &outer, const VarOrRVar &fused);
    Func &reorder(const std::vector<VarOrRVar> &innermost_first);
    template <typename... Vars>
    Func &reorder(const VarOrRVar &a, const VarOrRVar &b, const Vars &...rest) {
        return reorder(std::vector<VarOrRVar>{a, b, rest...});
    }
    Func &tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xo, const VarOrRVar &yo,
               const VarOrRVar &xi, const VarOrRVar &yi, const Expr &xfactor, const Expr &yfactor,
               TailStrategy tail = TailStrategy::Auto);
    Func &tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &xi, const VarOrRVar &yi,
               const Expr &xfactor, const Expr &yfactor, TailStrategy tail = TailStrategy::Auto);
    Func &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
               const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
               const std::vector<TailStrategy> &tails);
    Func &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &outers,
               const std::vector<VarOrRVar> &inners, const std::vector<Expr> &factors,
               TailStrategy tail = TailStrategy::Auto);
    Func &tile(const std::vector<VarOrRVar> &previous, const std::vector<VarOrRVar> &inners,
               const std::vector<Expr> &factors, TailStrategy tail = TailStrategy::Auto);
    Func &vectorize(const VarOrRVar &var);
    Func &vectorize(const VarOrRVar &var, const Expr &factor,
                    TailStrategy tail = TailStrategy::Auto);
    Func &unroll(const VarOrRVar &var);
    Func &unroll(const VarOrRVar &var, const Expr &factor, TailStrategy tail = TailStrategy::Auto);
    Func &parallel(const VarOrRVar &var);
    Func &parallel(const VarOrRVar &var, const Expr &task_size,
                   TailStrategy tail = TailStrategy::Auto);
    Func &serial(const VarOrRVar &var);

    // GPU loops of the pure stage (see Stage::gpu_blocks and the others).
    Func &gpu_blocks(const VarOrRVar &x);
    Func &gpu_blocks(const VarOrRVar &x, const VarOrRVar &y);
    Func &gpu_blocks(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z);
    Func &gpu_threads(const VarOrRVar &x);
    Func &gpu_threads(const VarOrRVar &x, const VarOrRVar &y);
    Func &gpu_threads(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z);
    Func &gpu_tile(const VarOrRVar &x, const VarOrRVar &bx, const VarOrRVar &tx,
                   const Expr &x_size, TailStrategy tail = TailStrategy::Auto);
    Func &gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &bx,
                   const VarOrRVar &by, const VarOrRVar &tx, const VarOrRVar &ty,
                   const Expr &x_size, const Expr &y_size, TailStrategy tail = TailStrategy::Auto);
    Func &gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z,
                   const VarOrRVar &bx, const VarOrRVar &by, const VarOrRVar &bz,
                   const VarOrRVar &tx, const VarOrRVar &ty, const VarOrRVar &tz,
                   const Expr &x_size, const Expr &y_size, const Expr &z_size,
                   TailStrategy tail = TailStrategy::Auto);
    Func &gpu_single_thread();
    /// Where the Func's storage lives: MemoryType::GPUShared (a block's shared memory),
    /// Register (per-thread, constant size), Stack or Heap. By default a Func computed
    /// at a gpu_blocks loop goes to shared memory and one inside a gpu_threads loop to
    /// registers.
    Func &store_in(MemoryType memory_type);

    // Where the Func is computed and stored (FuncSchedule.cpp). Each returns *this.

    /// Compute all of the Func that is needed before any consumer runs.
    Func &compute_root();
    /// Compute it inside the loop over `var` of `consumer` (its last stage).
    Func &compute_at(const Func &consumer, const Var &var);
    Func &compute_at(const Func &consumer, const RVar &var);
    Func &compute_at(const LoopLevel &level);
    /// Substitute its definition into its consumers (the default for pure Funcs).
    Func &compute_inline();
    /// Allocate its storage outside every loop / at a loop of a consumer.
    Func &store_root();
    Func &store_at(const Func &consumer, const Var &var);
    Func &store_at(const Func &consumer, const RVar &var);
    Func &store_at(const LoopLevel &level);
    /// Promise that only [min, min + extent) of `var` is ever needed; the Func is
    /// computed over exactly that range (a run-time error if consumers need more).
    Func &bound(const Var &var, const Expr &min, const Expr &extent);
    /// Write this output's pure definition with non-temporal (streaming) stores, which
    /// bypass the caches: for an output written once and not read again soon, larger
    /// than the last-level cache, it saves the read of each output cache line that an
    /// ordinary store makes (write-allocate), up to a third of a copy-like kernel's
    /// memory traffic. Applies to the loop vectorized by vectorize(x, factor) with
    /// TailStrategy::ShiftInwards (the default) whose vectors are dense in memory and
    /// 16, 32 or 64 bytes wide: its vectors are placed at addresses aligned to their
    /// size (the first and last of each run shifted inwards, as ShiftInwards does), and
    /// each aligned one is a streaming store. Anything else is stored as usual. Only for
    /// a pipeline's outputs (a CompileError otherwise). Hurts when the output is read
    /// back while still in cache (small outputs, or consumers in the same program).
    Func &store_nontemporal(bool on = true);

    LoopLevel compute_level() const;
    LoopLevel store_level() const;

    // Wrappers (Wrappers.cpp), as in Halide: stage this Func's values near a consumer
    // without changing the algorithm.

    /// A Func "<f>_in_<g>" with f's arguments and type whose value is f(args); every
    /// call to f in g's definitions (all stages) calls it instead. Schedule it like any
    /// Func (it is inlined until then, so an unscheduled wrapper changes nothing), e.g.
    /// f.in(g).compute_at(g, xo).vectorize(x, 8). Asking again returns the same wrapper.
    /// CompileError if g is f, is undefined or does not call f, or if f returns a Tuple.
    Func in(const Func &consumer);
    /// One wrapper "<f>_in_<g>_<h>" shared by the calls of all these consumers.
    Func in(const std::vector<Func> &consumers);
    /// The global wrapper "<f>_global_wrapper": every consumer of f without a wrapper
    /// of its own (and other than f's wrappers) calls it instead of f.
    Func in();

    // ------------------------------------------------------------------ running
    // These compile the pipeline whose output is this Func: the same as
    // Pipeline(*this).realize(...) etc. (weft/Pipeline.h).

    /// Computes the Func over [0, sizes[i]) in each dimension into new Buffers.
    Realization realize(std::vector<int> sizes = {},
                        const Target &target = get_jit_target_from_environment());
    /// Computes the Func over dst's shape into dst.
    template <typename T>
    void realize(Buffer<T> dst, const Target &target = get_jit_target_from_environment()) {
        realize_into(Buffer<void>(dst), target);
    }
    /// Computes the Func into the (single) buffer of dst. (A template only so that
    /// realize({}) means "no sizes" rather than "an empty Realization".)
    template <typename R>
        requires std::is_same_v<std::remove_cvref_t<R>, Realization>
    void realize(R &&dst, const Target &target = get_jit_target_from_environment()) {
        realize_into(dst, target);
    }
    void compile_jit(const Target &target = get_jit_target_from_environment());
    /// Writes the lowered loop nest to `path` as Text or HTML.
    void compile_to_lowered_stmt(const std::string &path, StmtOutputFormat format = Text,
                                 const Target &target = get_host_target());
    void compile_to_llvm_assembly(const std::string &path,
                                  const Target &target = get_host_target());
    void compile_to_assembly(const std::string &path, const Target &target = get_host_target());
    /// Writes the PTX of every GPU kernel of the pipeline (Target with CUDA) to `path`.
    void compile_to_ptx(const std::string &path, const Target &target = Target("host-cuda"));
    /// Prints the loop nest the schedule produces (see also loop_nest_string()).
    void print_loop_nest();
    std::string loop_nest_string();

    /// The internal definition (src/ir/Function.h), for Pipeline and lowering.
    const internal::Function &function() const;
    bool same_as(const Func &other) const;

private:
    friend class FuncRef;
    void realize_into(const Buffer<void> &dst, const Target &target);
    void realize_into(const Realization &dst, const Target &target);
    /// The Pipeline of this Func alone, kept so that realizing again reuses its
    /// compiled code (it recompiles only when a definition or schedule changed).
    Pipeline &pipeline();
    std::shared_ptr<internal::Function> func_;
    std::shared_ptr<Pipeline> pipeline_;
};

/// f(args): defines f when assigned to, calls f when used as an Expr.
class FuncRef {
public:
    FuncRef(const Func &f, std::vector<Expr> args);

    /// Defines f at these arguments: the pure definition if f has none yet, else an
    /// update definition. Returns the stage defined.
    Stage operator=(const Expr &value);
    Stage operator=(const FuncRef &value);
    /// Update definitions f(args) = f(args) op value, with value cast to f's type.
    Stage operator+=(const Expr &value);
    Stage operator-=(const Expr &value);
    Stage operator*=(const Expr &value);
    Stage operator/=(const Expr &value);

    /// The call f(args) (CompileError if f is undefined or the count is wrong).
    operator Expr() const;

    const std::vector<Expr> &args() const { return args_; }
    const Func &func() const { return func_; }

private:
    enum class Reduce { Add, Sub, Mul, Div };
    Stage update_with(Reduce op, const Expr &value);

    Func func_;
    std::vector<Expr> args_;
};

template <typename... Args>
    requires(std::is_convertible_v<const Args &, Expr> && ...)
FuncRef Func::operator()(const Args &...args) const {
    return (*this)(std::vector<Expr>{Expr(args)...});
}

} // namespace weft

#endif
