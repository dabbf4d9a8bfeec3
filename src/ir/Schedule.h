#ifndef WEFT_IR_SCHEDULE_H
#define WEFT_IR_SCHEDULE_H

// Schedules are data (DESIGN.md section 7): every directive a user writes is
// recorded here, per Func (placement, storage) and per stage (loops). Lowering builds
// the loop nest from these objects alone, so the autoscheduler can produce them and
// they can be printed, compared and replayed.

#include "weft/Expr.h"
#include "weft/ScheduleTypes.h"

#include <string>
#include <vector>

namespace weft {

namespace internal {

/// A place in a loop nest: inline, root, or the loop over `var` in stage
/// `stage_index` of Func `func` (stage -1: its last stage, as in Halide).
struct LoopLevelData {
    enum class Kind : uint8_t { Inlined, Root, At };
    Kind kind = Kind::Inlined;
    std::string func;
    std::string var;
    int stage_index = -1;

    static LoopLevelData inlined() { return {}; }
    static LoopLevelData root() { return {Kind::Root, "", "", -1}; }
    static LoopLevelData at(std::string f, std::string v, int stage = -1) {
        return {Kind::At, std::move(f), std::move(v), stage};
    }
    bool is_inlined() const { return kind == Kind::Inlined; }
    bool is_root() const { return kind == Kind::Root; }
    bool operator==(const LoopLevelData &o) const = default;
};

/// One split, fuse or rename applied to a stage's loops, in the order written.
struct Split {
    enum class Kind : uint8_t { SplitVar, FuseVars, RenameVar };
    Kind kind = Kind::SplitVar;
    std::string old_var;  // SplitVar/RenameVar: the loop split or renamed
    std::string outer;    // SplitVar: outer loop; FuseVars: the outer of the two fused
    std::string inner;    // SplitVar: inner loop; FuseVars: the inner of the two fused
    std::string fused;    // FuseVars: the new loop
    Expr factor;          // SplitVar: the inner extent
    TailStrategy tail = TailStrategy::Auto;
    bool operator==(const Split &o) const;
};

/// One loop of a stage, innermost first in StageSchedule::dims.
struct Dim {
    std::string var;
    ForType for_type = ForType::Serial;
    DeviceAPI device_api = DeviceAPI::Host;
    bool is_rvar = false; // iterates a reduction domain (or a split of one)
    /// A loop of extent 1 over no variable of the definition (gpu_single_thread's
    /// block and thread loops).
    bool is_unit = false;
    bool operator==(const Dim &o) const = default;
};

/// A user-given bound on a pure var: `bound(x, min, extent)`.
struct Bound {
    std::string var;
    Expr min;    // may be undefined (extent-only bounds)
    Expr extent;
    bool operator==(const Bound &o) const;
};

/// Schedule of one stage (the pure definition or one update).
struct StageSchedule {
    /// The stage's loops, innermost first. A pure stage of f(x, y) starts as {x, y};
    /// an update starts with its RVars (innermost first) then the pure vars.
    std::vector<Dim> dims;
    std::vector<Split> splits;
    /// atomic(): the update is an associative reduction whose iterations may be
    /// combined in any order, so a loop over sites it does not distinguish may be
    /// vectorized into a horizontal reduction (src/lower/VectorizeReductions.h).
    bool atomic = false;
    bool operator==(const StageSchedule &o) const = default;
};

/// Schedule of a Func as a whole: where it is computed and stored.
struct FuncSchedule {
    LoopLevelData compute_level; // Inlined by default
    LoopLevelData store_level;   // Inlined means "same as compute_level"
    std::vector<Bound> bounds;
    MemoryType memory_type = MemoryType::Auto;
    /// True once the user said compute_root/compute_at/compute_inline explicitly.
    bool placement_set = false;
    /// store_nontemporal(): streaming stores for the pure definition's dense vectors
    /// (src/lower/AlignStreamingStores.h).
    bool nontemporal_stores = false;
    bool operator==(const FuncSchedule &o) const = default;
};

} // namespace internal
} // namespace weft

#endif
