// Pipeline: compiling (with caches) and running. See weft/Pipeline.h. The inspection
// functions (loop nest, lowered Stmt, assembly) are in PipelineInspect.cpp.

#include "weft/Pipeline.h"

#include "Debug.h"
#include "Error.h"
#include "frontend/JITCache.h"
#include "frontend/PipelineInternal.h"
#include "frontend/Wrappers.h"
#include "ir/Function.h"
#include "ir/IRVisitor.h"
#include "runtime/UserContext.h"

#include <chrono>
#include <map>
#include <mutex>
#include <set>

namespace weft {

using namespace internal;

namespace internal {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Everything lowering reads from one stage, by value (Exprs by identity).
struct DefinitionSnapshot {
    std::vector<Expr> args, values;
    const ReductionDomainContents *rdom = nullptr;
    std::vector<ReductionVariable> rdom_domain;
    Expr rdom_predicate;
    StageSchedule schedule;
    /// The specializations: conditions (by identity), failure messages, definitions.
    std::vector<Expr> spec_conditions;
    std::vector<std::string> spec_failures;
    std::vector<DefinitionSnapshot> spec_definitions;

    explicit DefinitionSnapshot(const Definition &d)
        : args(d.args), values(d.values), rdom(d.rdom.get()), schedule(d.schedule) {
        if (d.rdom.defined()) {
            rdom_domain = d.rdom.domain();
            rdom_predicate = d.rdom.predicate();
        }
        for (const Specialization &s : d.specializations) {
            spec_conditions.push_back(s.condition);
            spec_failures.push_back(s.failure_message);
            if (s.definition) {
                spec_definitions.emplace_back(*s.definition);
            }
        }
    }
};

bool same_exprs(const std::vector<Expr> &a, const std::vector<Expr> &b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); i++) {
        if (!a[i].same_as(b[i])) {
            return false;
        }
    }
    return true;
}

// Schedules compared field by field, Exprs by identity. (Keep in step with
// src/ir/Schedule.h: a field missed here is a schedule change that does not recompile.)
bool same_split(const Split &a, const Split &b) {
    return a.kind == b.kind && a.old_var == b.old_var && a.outer == b.outer && a.inner == b.inner &&
           a.fused == b.fused && a.factor.same_as(b.factor) && a.tail == b.tail;
}

bool same_schedule(const StageSchedule &a, const StageSchedule &b) {
    if (!(a.dims == b.dims) || a.splits.size() != b.splits.size()) {
        return false;
    }
    for (size_t i = 0; i < a.splits.size(); i++) {
        if (!same_split(a.splits[i], b.splits[i])) {
            return false;
        }
    }
    return true;
}

bool same_schedule(const FuncSchedule &a, const FuncSchedule &b) {
    if (!(a.compute_level == b.compute_level) || !(a.store_level == b.store_level) ||
        a.memory_type != b.memory_type || a.placement_set != b.placement_set ||
        a.nontemporal_stores != b.nontemporal_stores ||
        a.bounds.size() != b.bounds.size()) {
        return false;
    }
    for (size_t i = 0; i < a.bounds.size(); i++) {
        const Bound &x = a.bounds[i], &y = b.bounds[i];
        if (x.var != y.var || !x.min.same_as(y.min) || !x.extent.same_as(y.extent)) {
            return false;
        }
    }
    return true;
}

bool unchanged(const DefinitionSnapshot &s, const Definition &d);

bool same_specializations(const DefinitionSnapshot &s, const Definition &d) {
    if (s.spec_conditions.size() != d.specializations.size()) {
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < d.specializations.size(); i++) {
        const Specialization &sp = d.specializations[i];
        if (!s.spec_conditions[i].same_as(sp.condition) ||
            s.spec_failures[i] != sp.failure_message) {
            return false;
        }
        if (sp.definition && (k >= s.spec_definitions.size() ||
                              !unchanged(s.spec_definitions[k++], *sp.definition))) {
            return false;
        }
    }
    return k == s.spec_definitions.size();
}

bool unchanged(const DefinitionSnapshot &s, const Definition &d) {
    if (!same_exprs(s.args, d.args) || !same_exprs(s.values, d.values) || s.rdom != d.rdom.get() ||
        !same_schedule(s.schedule, d.schedule) || !same_specializations(s, d)) {
        return false;
    }
    if (!d.rdom.defined()) {
        return true;
    }
    const auto &dom = d.rdom.domain();
    if (dom.size() != s.rdom_domain.size() || !s.rdom_predicate.same_as(d.rdom.predicate())) {
        return false;
    }
    for (size_t i = 0; i < dom.size(); i++) {
        if (dom[i].var != s.rdom_domain[i].var || !dom[i].min.same_as(s.rdom_domain[i].min) ||
            !dom[i].extent.same_as(s.rdom_domain[i].extent)) {
            return false;
        }
    }
    return true;
}

struct FunctionSnapshot {
    Function function; // keeps the contents alive, so the pointer stays unique
    std::string name;
    std::vector<std::string> args;
    std::vector<Type> output_types;
    std::vector<DefinitionSnapshot> stages;
    FuncSchedule schedule;
    std::map<std::string, FunctionContents *> wrappers; // Func::in()

    explicit FunctionSnapshot(const Function &f)
        : function(f), name(f.name()), args(f.args()), output_types(f.output_types()),
          schedule(f.schedule()), wrappers(f->wrappers) {
        for (int i = 0; i < f.stages(); i++) {
            stages.emplace_back(f.stage(i));
        }
    }

    bool unchanged() const {
        const Function &f = function;
        if (f.name() != name || f.args() != args || f.output_types() != output_types ||
            f.stages() != int(stages.size()) || !same_schedule(f.schedule(), schedule) ||
            f->wrappers != wrappers) {
            return false;
        }
        for (int i = 0; i < f.stages(); i++) {
            if (!internal::unchanged(stages[i], f.stage(i))) {
                return false;
            }
        }
        return true;
    }
};

/// Every Function the outputs call, directly or not, outputs first; with the Func::in()
/// wrappers of each and the wrapper anchors of the inputs they read.
std::vector<Function> reachable_functions(const std::vector<Function> &outputs) {
    std::vector<Function> result;
    std::set<const FunctionContents *> seen;
    std::vector<Function> work(outputs.rbegin(), outputs.rend());
    auto push = [&](const FunctionContents *f) {
        if (!seen.count(f)) {
            work.emplace_back(const_cast<FunctionContents *>(f));
        }
    };
    // Besides its callees, what decides how a function lowers: its wrappers, and the
    // wrapper anchors of the inputs it reads.
    auto visit_expr = [&](const Expr &e) {
        if (!e.defined()) {
            return;
        }
        walk_exprs(e, [&](const Expr &x) {
            const Call *c = x.as<Call>();
            if (c && c->call_type == Call::Func && c->func.defined()) {
                push(c->func.get());
            } else if (const FunctionContents *anchor = c ? input_anchor_of(c) : nullptr) {
                push(anchor);
            }
            return true;
        });
    };
    while (!work.empty()) {
        Function f = work.back();
        work.pop_back();
        if (!seen.insert(f.get()).second) {
            continue;
        }
        result.push_back(f);
        for (const auto &[consumer, w] : f->wrappers) {
            push(w);
        }
        for_each_definition_expr(f, visit_expr);
    }
    return result;
}

std::string plural(size_t n, const char *word) {
    std::string r = std::to_string(n);
    r += ' ';
    r += word;
    if (n != 1) {
        r += 's';
    }
    return r;
}

} // namespace

/// The compiled state of a Pipeline for one Target, valid while `snapshot` is.
struct CompiledPipeline {
    std::vector<FunctionSnapshot> snapshot;
    Target target;
    std::vector<LoweredArgument> arguments;
    JITModule module;

    bool valid_for(const Target &t) const {
        if (!module.defined() || !(t == target)) {
            return false;
        }
        for (const FunctionSnapshot &s : snapshot) {
            if (!s.unchanged()) {
                return false;
            }
        }
        return true;
    }
};

} // namespace internal

struct Pipeline::Contents {
    std::vector<Func> outputs;
    std::mutex mutex;
    std::shared_ptr<const CompiledPipeline> compiled;
};

namespace internal {

std::vector<Function> pipeline_functions(const std::vector<Func> &outputs) {
    std::vector<Function> fs;
    for (const Func &f : outputs) {
        user_assert(f.defined()) << "Pipeline: Func \"" << f.name()
                                 << "\" has no definition; define it before realizing it";
        fs.push_back(f.function());
    }
    user_assert(!fs.empty()) << "Pipeline: a pipeline needs at least one output Func";
    return fs;
}

std::string pipeline_name(const std::vector<Func> &outputs) {
    return outputs.empty() ? std::string("pipeline") : outputs[0].name();
}

LoweredPipeline lower_pipeline(const std::vector<Func> &outputs, const Target &target) {
    return lower(apply_wrappers(pipeline_functions(outputs)), pipeline_name(outputs), target);
}

namespace {

/// The compiled pipeline for target, compiling when the cached one is stale.
std::shared_ptr<const CompiledPipeline> get_compiled(Pipeline::Contents &c, const Target &target) {
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.compiled && c.compiled->valid_for(target)) {
        return c.compiled;
    }
    std::vector<Function> outputs = pipeline_functions(c.outputs);
    auto compiled = std::make_shared<CompiledPipeline>();
    // The snapshot is taken before lowering, which reads exactly this state.
    for (const Function &f : reachable_functions(outputs)) {
        compiled->snapshot.emplace_back(f);
    }
    compiled->target = target;

    Clock::time_point t0 = Clock::now();
    LoweredPipeline lowered = lower(apply_wrappers(outputs), pipeline_name(c.outputs), target);
    CompileTimes times;
    times.lower_ms = ms_since(t0);
    compiled->module = jit_compile_cached(lowered, &times);
    compiled->arguments = std::move(lowered.arguments);
    if (times.cache_hit) {
        debug(1) << "Pipeline \"" << lowered.name << "\": lowered in " << times.lower_ms
                 << " ms; code found in the process-wide JIT cache\n";
    } else {
        debug(1) << "Pipeline \"" << lowered.name << "\": compiled in "
                 << times.lower_ms + times.codegen_ms + times.optimize_ms + times.jit_ms
                 << " ms (lower " << times.lower_ms << " ms, codegen " << times.codegen_ms
                 << " ms, LLVM opt " << times.optimize_ms << " ms, JIT " << times.jit_ms
                 << " ms)\n";
    }
    c.compiled = compiled;
    return compiled;
}

void check_output_buffer(const Func &f, const Buffer<> &b) {
    if (!b.defined()) {
        runtime_user_error << "Output buffer for Func \"" << f.name() << "\" is undefined";
    }
    const Type want = f.function().output_types().at(0);
    if (b.type() != want) {
        runtime_user_error << "Output buffer for Func \"" << f.name() << "\" has type "
                           << to_string(b.type()) << " but the Func produces " << to_string(want);
    }
    if (b.dimensions() != f.dimensions()) {
        runtime_user_error << "Output buffer for Func \"" << f.name() << "\" has "
                           << plural(b.dimensions(), "dimension") << " but the Func has "
                           << f.dimensions();
    }
}

} // namespace

} // namespace internal

void Realization::check_single() const {
    if (buffers_.size() != 1) {
        throw RuntimeError("Realization holds " + std::to_string(buffers_.size()) +
                           " buffers; only a Realization of exactly one converts to a Buffer");
    }
}

Pipeline::Pipeline() : contents_(std::make_shared<Contents>()) {}

Pipeline::Pipeline(const Func &output) : Pipeline(std::vector<Func>{output}) {}

Pipeline::Pipeline(const std::vector<Func> &outputs) : contents_(std::make_shared<Contents>()) {
    contents_->outputs = outputs;
}

std::vector<Func> Pipeline::outputs() const {
    return contents_->outputs;
}

bool Pipeline::defined() const {
    return !contents_->outputs.empty();
}

Realization Pipeline::realize(std::vector<int> sizes, const Target &target) {
    const std::vector<Func> &outs = contents_->outputs;
    pipeline_functions(outs); // every output defined
    std::vector<Buffer<>> buffers;
    for (const Func &f : outs) {
        if (int(sizes.size()) != f.dimensions()) {
            runtime_user_error << "realize: Func \"" << f.name() << "\" has "
                               << plural(f.dimensions(), "dimension") << " but "
                               << plural(sizes.size(), "size") << " were given; pass one size "
                               << "per dimension";
        }
        const std::vector<Type> &types = f.function().output_types();
        user_assert(types.size() == 1) << "realize: Func \"" << f.name() << "\" returns a Tuple of "
                                       << types.size() << " values; Tuples are not supported yet";
        buffers.emplace_back(types[0], sizes, f.name());
    }
    Realization r(std::move(buffers));
    realize(r, target);
    return r;
}

void Pipeline::realize(Realization dst, const Target &target) {
    const std::vector<Func> &outs = contents_->outputs;
    pipeline_functions(outs);
    if (dst.size() != outs.size()) {
        runtime_user_error << "realize: the pipeline has " << plural(outs.size(), "output")
                           << " but " << plural(dst.size(), "buffer") << " were given";
    }
    for (size_t i = 0; i < outs.size(); i++) {
        check_output_buffer(outs[i], dst[i]);
    }
    std::shared_ptr<const CompiledPipeline> compiled = get_compiled(*contents_, target);

    // The argument slots: outputs in order, then inputs (Lower.h), then the user context.
    std::vector<void *> slots;
    slots.reserve(compiled->arguments.size() + 1);
    size_t output_index = 0;
    for (const LoweredArgument &a : compiled->arguments) {
        if (a.is_output) {
            internal_assert(output_index < dst.size()) << "more output arguments than outputs";
            slots.push_back(dst[output_index++].raw_buffer());
            continue;
        }
        internal_assert(a.param.defined()) << "input argument " << a.name << " has no Parameter";
        if (a.is_buffer) {
            if (!a.param.buffer()) {
                runtime_user_error << "ImageParam \"" << a.name
                                   << "\" is not bound to a buffer; call " << a.name
                                   << ".set(buffer) before realize";
            }
            // The entry point reads the shape of every dimension it expects before its
            // own checks run: a buffer with fewer must not get that far.
            if (a.param.buffer()->dimensions != a.dimensions) {
                runtime_user_error << "Buffer \"" << a.name << "\" has "
                                   << plural(a.param.buffer()->dimensions, "dimension")
                                   << ", but the pipeline expects " << a.dimensions << ".";
            }
            slots.push_back(a.param.buffer());
            continue;
        }
        if (!a.param.scalar_bound()) {
            runtime_user_error << "Param \"" << a.name << "\" has no value; call " << a.name
                               << ".set(value) before realize";
        }
        slots.push_back(const_cast<void *>(a.param.scalar_address()));
    }
    JITUserContext uc;
    slots.push_back(&uc);
    auto entry = reinterpret_cast<int (*)(void **)>(compiled->module.entry_point());
    const int result = entry(slots.data());
    if (result != 0) {
        if (uc.error_message.empty()) {
            runtime_user_error << "Pipeline \"" << pipeline_name(outs)
                               << "\" failed with error code " << result;
        }
        runtime_user_error << uc.error_message;
    }
}

void Pipeline::compile_jit(const Target &target) {
    get_compiled(*contents_, target);
}

} // namespace weft
