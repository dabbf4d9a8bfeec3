// The GPU directives of Stage and Func (gpu_blocks, gpu_threads, gpu_tile,
// gpu_single_thread) and Func::store_in. Each records into the stage's StageSchedule
// (src/ir/Schedule.h): the loops named get ForType::GPUBlock / GPUThread and
// DeviceAPI::CUDA. Lowering (src/lower/GPULoopChecks.cpp and the passes after it)
// turns each outermost block loop nest into a kernel for a Target with CUDA, and into
// ordinary serial loops for a Target without.
//
// Checked here, at the call (each a CompileError naming the stage and the loops): a
// loop the stage does not have, more than three loops in one call, the same loop twice,
// loops given out of nesting order (x must be inside y, y inside z: x is the fastest
// index, as in Halide), a reduction variable as a block or thread loop (its iterations
// would race: use rfactor first), and a loop that is already vectorized or parallel.
// What depends on the whole pipeline (nesting of block and thread loops, constant
// thread extents, limits of a block) is checked in lowering.

#include "weft/Func.h"

#include "Error.h"
#include "ir/Function.h"

#include <algorithm>
#include <string>
#include <vector>

namespace weft {

// LoopDirectives.cpp: throws when the iterations of loop `loop` of an update may race.
void check_no_race(const internal::Function &f, int stage, const internal::Definition &def,
                   const char *directive, const std::string &loop);

using namespace internal;

namespace {

std::string stage_label(const Function &f, int stage) {
    std::string label = "Func \"" + f.name() + "\"";
    if (stage > 0) {
        label += " update " + std::to_string(stage - 1);
    }
    return label;
}

std::string loop_list(const StageSchedule &s) {
    std::string out;
    for (size_t i = 0; i < s.dims.size(); i++) {
        out += (i ? ", " : "") + s.dims[i].var;
    }
    return out;
}

/// Marks `vars` (innermost first) of the stage as GPU loops of type t.
void set_gpu_loops(const std::shared_ptr<Function> &f, int stage, const char *directive,
                   const std::vector<VarOrRVar> &vars, ForType t) {
    StageSchedule &s = f->stage(stage).schedule;
    const std::string label = stage_label(*f, stage);
    user_assert(!vars.empty() && vars.size() <= 3)
        << directive << ": " << label << ": give one, two or three loops (x, y, z), not "
        << vars.size();
    std::vector<int> places;
    for (const VarOrRVar &v : vars) {
        int found = -1;
        for (size_t i = 0; i < s.dims.size(); i++) {
            if (s.dims[i].var == v.name()) {
                found = int(i);
            }
        }
        user_assert(found >= 0) << directive << ": " << label << " has no loop \"" << v.name()
                                << "\"; its loops are " << loop_list(s);
        user_assert(std::find(places.begin(), places.end(), found) == places.end())
            << directive << ": " << label << ": the loop \"" << v.name() << "\" is listed twice";
        const Dim &d = s.dims[found];
        user_assert(!d.is_rvar)
            << directive << ": " << label << ": \"" << v.name()
            << "\" iterates a reduction domain; its iterations would race as GPU "
            << (t == ForType::GPUBlock ? "blocks" : "threads")
            << ". Use rfactor to make the reduction parallel first, or keep it serial.";
        user_assert(d.for_type == ForType::Serial || d.for_type == t ||
                    d.for_type == ForType::Unrolled)
            << directive << ": " << label << ": the loop \"" << v.name() << "\" is already "
            << to_string(d.for_type) << "; a loop is either a GPU loop or "
            << to_string(d.for_type);
        if (!places.empty()) {
            user_assert(found > places.back())
                << directive << ": " << label << ": \"" << v.name()
                << "\" must be outside \"" << vars[places.size() - 1].name()
                << "\" (the first loop given is x, the innermost); its loops, innermost "
                   "first, are "
                << loop_list(s) << " (reorder first)";
        }
        places.push_back(found);
    }
    for (const VarOrRVar &v : vars) {
        check_no_race(*f, stage, f->stage(stage), directive, v.name());
    }
    for (int i : places) {
        s.dims[i].for_type = t;
        s.dims[i].device_api = DeviceAPI::CUDA;
    }
}

} // namespace

Stage &Stage::gpu_blocks(const VarOrRVar &x) {
    set_gpu_loops(func_, stage_index_, "gpu_blocks", {x}, ForType::GPUBlock);
    return *this;
}

Stage &Stage::gpu_blocks(const VarOrRVar &x, const VarOrRVar &y) {
    set_gpu_loops(func_, stage_index_, "gpu_blocks", {x, y}, ForType::GPUBlock);
    return *this;
}

Stage &Stage::gpu_blocks(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z) {
    set_gpu_loops(func_, stage_index_, "gpu_blocks", {x, y, z}, ForType::GPUBlock);
    return *this;
}

Stage &Stage::gpu_threads(const VarOrRVar &x) {
    set_gpu_loops(func_, stage_index_, "gpu_threads", {x}, ForType::GPUThread);
    return *this;
}

Stage &Stage::gpu_threads(const VarOrRVar &x, const VarOrRVar &y) {
    set_gpu_loops(func_, stage_index_, "gpu_threads", {x, y}, ForType::GPUThread);
    return *this;
}

Stage &Stage::gpu_threads(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z) {
    set_gpu_loops(func_, stage_index_, "gpu_threads", {x, y, z}, ForType::GPUThread);
    return *this;
}

Stage &Stage::gpu_tile(const VarOrRVar &x, const VarOrRVar &bx, const VarOrRVar &tx,
                       const Expr &x_size, TailStrategy tail) {
    split(x, bx, tx, x_size, tail);
    gpu_threads(tx);
    return gpu_blocks(bx);
}

Stage &Stage::gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &bx,
                       const VarOrRVar &by, const VarOrRVar &tx, const VarOrRVar &ty,
                       const Expr &x_size, const Expr &y_size, TailStrategy tail) {
    tile(x, y, bx, by, tx, ty, x_size, y_size, tail);
    gpu_threads(tx, ty);
    return gpu_blocks(bx, by);
}

Stage &Stage::gpu_tile(const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z,
                       const VarOrRVar &bx, const VarOrRVar &by, const VarOrRVar &bz,
                       const VarOrRVar &tx, const VarOrRVar &ty, const VarOrRVar &tz,
                       const Expr &x_size, const Expr &y_size, const Expr &z_size,
                       TailStrategy tail) {
    tile({x, y, z}, {bx, by, bz}, {tx, ty, tz}, {x_size, y_size, z_size}, tail);
    gpu_threads(tx, ty, tz);
    return gpu_blocks(bx, by, bz);
}

Stage &Stage::gpu_single_thread() {
    StageSchedule &s = func_->stage(stage_index_).schedule;
    for (const Dim &d : s.dims) {
        user_assert(d.for_type != ForType::GPUBlock && d.for_type != ForType::GPUThread)
            << "gpu_single_thread: " << stage_label(*func_, stage_index_)
            << " already has the GPU loop \"" << d.var
            << "\"; use either gpu_single_thread or gpu_blocks/gpu_threads";
    }
    Dim thread{"__gpu_single_thread", ForType::GPUThread, DeviceAPI::CUDA, false, true};
    Dim block{"__gpu_single_block", ForType::GPUBlock, DeviceAPI::CUDA, false, true};
    s.dims.push_back(thread);
    s.dims.push_back(block);
    return *this;
}

// ---------------------------------------------------------------------------------
// Func: the same directives on the pure stage.

#define WEFT_FORWARD_GPU(directive, params, args)                                                  \
    Func &Func::directive params {                                                                 \
        user_assert(defined()) << #directive << ": Func \"" << name()                              \
                               << "\" has no loops yet; define it before scheduling it";           \
        Stage(func_, 0).directive args;                                                            \
        return *this;                                                                              \
    }

WEFT_FORWARD_GPU(gpu_blocks, (const VarOrRVar &x), (x))
WEFT_FORWARD_GPU(gpu_blocks, (const VarOrRVar &x, const VarOrRVar &y), (x, y))
WEFT_FORWARD_GPU(gpu_blocks, (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z),
                 (x, y, z))
WEFT_FORWARD_GPU(gpu_threads, (const VarOrRVar &x), (x))
WEFT_FORWARD_GPU(gpu_threads, (const VarOrRVar &x, const VarOrRVar &y), (x, y))
WEFT_FORWARD_GPU(gpu_threads, (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z),
                 (x, y, z))
WEFT_FORWARD_GPU(gpu_tile,
                 (const VarOrRVar &x, const VarOrRVar &bx, const VarOrRVar &tx,
                  const Expr &x_size, TailStrategy tail),
                 (x, bx, tx, x_size, tail))
WEFT_FORWARD_GPU(gpu_tile,
                 (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &bx,
                  const VarOrRVar &by, const VarOrRVar &tx, const VarOrRVar &ty,
                  const Expr &x_size, const Expr &y_size, TailStrategy tail),
                 (x, y, bx, by, tx, ty, x_size, y_size, tail))
WEFT_FORWARD_GPU(gpu_tile,
                 (const VarOrRVar &x, const VarOrRVar &y, const VarOrRVar &z,
                  const VarOrRVar &bx, const VarOrRVar &by, const VarOrRVar &bz,
                  const VarOrRVar &tx, const VarOrRVar &ty, const VarOrRVar &tz,
                  const Expr &x_size, const Expr &y_size, const Expr &z_size,
                  TailStrategy tail),
                 (x, y, z, bx, by, bz, tx, ty, tz, x_size, y_size, z_size, tail))
WEFT_FORWARD_GPU(gpu_single_thread, (), ())

#undef WEFT_FORWARD_GPU

Func &Func::store_in(MemoryType memory_type) {
    func_->schedule().memory_type = memory_type;
    return *this;
}

} // namespace weft
