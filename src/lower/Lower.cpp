#include "Lower.h"

#include "AddBufferChecks.h"
#include "AlignStreamingStores.h"
#include "BoundsInference.h"
#include "Debug.h"
#include "DenseLaneShuffles.h"
#include "DropGuardedClamps.h"
#include "Error.h"
#include "PartitionLoops.h"
#include "PassLog.h"
#include "PipelineArguments.h"
#include "RealizationOrder.h"
#include "ScheduleFunctions.h"
#include "FuseGPUThreadLoops.h"
#include "GPULoopChecks.h"
#include "GPULoopsOnHost.h"
#include "GPUThreadExtents.h"
#include "GPUMemoryPlacement.h"
#include "InjectHostDeviceCopies.h"
#include "ScheduleValidation.h"
#include "SlidingWindow.h"
#include "StorageFolding.h"
#include "SpecializeDenseStrides.h"
#include "StorageFlattening.h"
#include "UnrollLoops.h"
#include "VectorizeLoops.h"
#include "VectorizeReductions.h"
#include "VerifyLowered.h"
#include "analysis/CSE.h"
#include "analysis/Simplify.h"

namespace weft::internal {

LoweredPipeline lower(const std::vector<Function> &outputs, const std::string &name,
                      const Target &target) {
    user_assert(!outputs.empty()) << "Pipeline \"" << name << "\" has no outputs.";
    PassLog log(name);
    Stmt s;

    debug(1) << "[" << name << "] finding Funcs and their realization order\n";
    std::map<std::string, Function> env = find_functions(outputs);
    std::vector<std::string> order = realization_order(outputs, env);

    // Validates placements, builds each stage's loops, injects producers at their compute
    // and store levels and inlines the rest.
    log.begin("schedule_functions", s);
    s = schedule_functions(outputs, order, env);
    log.end(s);

    log.begin("bounds_inference", s);
    s = bounds_inference(s, outputs, order, env);
    log.end(s);

    // Needs the stage bounds as bounds inference left them: the LetStmts f.s0.<v>.min/max
    // that f's loops iterate, which simplify would inline into the loops. So it runs
    // before the first simplify (as in Halide).
    log.begin("sliding_window", s);
    s = sliding_window(s, env);
    log.end(s);

    log.begin("simplify", s);
    s = simplify(s);
    log.end(s);

    // After sliding_window (it folds the windows sliding leaves) and simplify (the
    // windows' extents must simplify to constants); before add_buffer_checks and
    // storage_flattening, which need the folded Realize bounds and accesses.
    log.begin("storage_folding", s);
    s = storage_folding(s, env);
    log.end(s);

    // Needs the bounds of every loop defined (after bounds inference), and the
    // multi-dimensional accesses (before flattening).
    log.begin("add_buffer_checks", s);
    s = add_buffer_checks(s, outputs, target);
    log.end(s);

    log.begin("storage_flattening", s);
    s = storage_flattening(s);
    log.end(s);

    // Unrolling first lets an unrolled loop inside a vectorized one become straight-line
    // vector code; both need the flat Load/Store form.
    // Reports vectorize/unroll of a loop without a constant extent in the user's terms
    // (Func, stage, loop), before unroll_loops and vectorize_loops would.
    log.begin("validate_loop_extents", s);
    s = validate_loop_extents(s, env);
    log.end(s);

    log.begin("unroll_loops", s);
    s = unroll_loops(s);
    log.end(s);

    // Needs the flat accesses (b.stride.0 visible in indices) and must come before
    // vectorize_loops, which turns the constant stride of the fast path into dense
    // Ramp(base, 1, L) indices instead of gathers.
    log.begin("specialize_dense_strides", s);
    s = specialize_dense_strides(s);
    log.end(s);

    // Before vectorize_loops: the vectorized loops of atomic updates that update one
    // site in every lane become dense loops of terms and a horizontal reduction.
    log.begin("vectorize_reductions", s);
    s = vectorize_reductions(s, env);
    log.end(s);

    log.begin("vectorize_loops", s);
    s = vectorize_loops(s, target);
    log.end(s);

    log.begin("simplify", s);
    s = simplify(s);
    log.end(s);

    // Func::store_nontemporal(): needs the simplified vector loops (the ShiftInwards
    // let of each), before CSE.
    log.begin("align_streaming_stores", s);
    s = align_streaming_stores(s, outputs, env);
    log.end(s);

    // After vectorize_loops and simplify: vectorized guards are then lane predicates, and
    // the innermost loops are the ones that carry them (a vectorized loop is gone into
    // its enclosing loop). After align_streaming_stores, which shifts the vectors of a
    // whole row (a steady body is only valid on its own range). Before
    // drop_guarded_clamps, which needs the tags stripped, and CSE, which would hide the
    // conditions in lets.
    log.begin("partition_loops", s);
    s = partition_loops(s);
    log.end(s);

    // After vectorize_loops and simplify (the guards of GuardWithIf tails are then Load
    // and Store predicates); before CSE, which would hide the clamps in lets.
    log.begin("drop_guarded_clamps", s);
    s = drop_guarded_clamps(s);
    log.end(s);

    // After vectorize_loops and simplify (vector indices are Ramps), partition_loops and
    // drop_guarded_clamps (their clean steady loops get versioned too); before CSE, which
    // would hide the ramps in lets.
    log.begin("dense_lane_shuffles", s);
    s = dense_lane_shuffles(s);
    log.end(s);

    log.begin("common_subexpression_elimination", s);
    s = common_subexpression_elimination(s);
    log.end(s);

    // GPU schedules. The checks need the final loop extents (after simplify); the rest
    // needs flat allocations. Without CUDA in the target, GPU loops run on the host.
    log.begin("bound_gpu_thread_extents", s);
    s = bound_gpu_thread_extents(s);
    log.end(s);

    log.begin("check_gpu_loops", s);
    s = check_gpu_loops(s);
    log.end(s);

    if (target.has_feature(Target::CUDA)) {
        log.begin("place_gpu_allocations", s);
        s = place_gpu_allocations(s);
        log.end(s);

        // After place_gpu_allocations: single-thread wrapping must not turn block-level
        // (shared) allocations into per-thread ones.
        log.begin("fuse_gpu_thread_loops", s);
        s = fuse_gpu_thread_loops(s);
        log.end(s);

        log.begin("inject_host_device_copies", s);
        s = inject_host_device_copies(s);
        log.end(s);
    } else {
        log.begin("gpu_loops_to_host", s);
        s = gpu_loops_to_host(s);
        log.end(s);
    }

    log.begin("verify_lowered", s);
    s = verify_lowered(s);
    log.end(s);

    LoweredPipeline result;
    result.name = name;
    result.arguments = pipeline_arguments(s, outputs);
    result.outputs = outputs;
    result.body = s;
    result.target = target;
    return result;
}

} // namespace weft::internal
