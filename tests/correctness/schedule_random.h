#ifndef WEFT_TESTS_CORRECTNESS_SCHEDULE_RANDOM_H
#define WEFT_TESTS_CORRECTNESS_SCHEDULE_RANDOM_H

// A seeded generator of random legal schedules, for tests that check that scheduling
// never changes what a pipeline computes (schedule_equivalence.cpp).
//
// A test describes its pipeline as a PipelineGraph: the Funcs (outputs first, then
// every producer after all of its consumers), each stage's loops as the definition
// makes them (innermost first, with their constant extents where known and whether
// their iterations may run at once), which stage of which Func calls which Func, and
// what each Func tolerates (RoundUp and ShiftInwards read and write past the region
// a stage needs, which is only legal where every read stays inside its inputs).
//
// random_schedule(graph, rng) then, consumers before producers:
//  * for each stage of a computed Func: splits with every legal tail strategy,
//    reorders (never swapping two loops whose iterations depend on each other: RVars
//    of a reduction keep their order), fuses of neighbouring loops of one kind, 2-D and
//    N-D tiles; then maybe vectorize (with a factor, or a loop of constant extent),
//    unroll (with a factor, or a small constant loop) and parallel (optionally with a
//    task size), only on loops whose iterations may run at once;
//  * for each non-output Func: compute_root, compute_inline (pure Funcs), or
//    compute_at any loop of the one stage that (after inlining) uses it, outside its
//    vectorized loops; then maybe store_root / store_at a loop at or outside it;
//  * for a stage marked associative (PipelineGraph::associative), before the above:
//    maybe rfactor a dependent RVar (first split, with a tail strategy legal for RVars,
//    then rfactor(inner, v) or rfactor({{outer, v}})); the intermediate Func joins the
//    graph right after its Func, takes over the calls of the rfactored stage, and is
//    placed and scheduled like any other Func (vectorize/parallel of v included).
// It logs the schedule as C++ source ("blur_y.split(y, y_o1, y_i1, 4,
// TailStrategy::GuardWithIf);\nblur_x.compute_at(...)"), printed when a check fails.

#include <weft/weft.h>

#include "ir/Function.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace weft_test {

/// One loop of a stage as the generator tracks it.
struct LoopModel {
    std::string name;
    bool is_rvar = false;
    /// Distinct iterations may run at once (parallel, vectorized, reordered freely).
    bool independent = true;
    /// The loop's extent when it is a known constant, else 0.
    int extent = 0;
    bool vectorized = false;
    /// Marked parallel (or split from a parallel loop): a Func computed inside it must
    /// also be stored inside it.
    bool parallel = false;
    /// A lower bound on the loop's extent (ShiftInwards by a larger factor would
    /// evaluate points before the loop's start).
    int min_extent = 1;
    /// A pure Var or the outer loop of a split of one (RoundUp in updates needs it).
    bool outermost = true;
    weft::VarOrRVar handle() const {
        return is_rvar ? weft::VarOrRVar(weft::RVar(name)) : weft::VarOrRVar(weft::Var(name));
    }
};

struct StageModel {
    std::vector<LoopModel> loops; // innermost first
    /// An associative update over an RDom (f(args) = f(args) op e): rfactor applies.
    bool associative = false;
};

struct FuncModel {
    weft::Func func;
    std::vector<StageModel> stages; // the pure definition, then each update
    bool is_output = false;
    /// RoundUp may be used on pure vars (reads past the needed region stay legal).
    bool allow_round_up = true;
    /// ShiftInwards (and Auto, which means it for pure definitions) may evaluate points
    /// before a loop's start when the loop is shorter than the factor; legal when
    /// every read stays inside its inputs then (not for outputs or readers of buffers).
    bool allow_shift_inwards = true;
    /// Loop directives (split, reorder, fuse, tile) drawn per stage: fewer than this.
    /// Intermediates of rfactor have an extra dimension, and deep nests of tiles of
    /// them take seconds to compile, so they get fewer.
    int max_loop_ops = 4;
    /// compute_inline is possible (no updates).
    bool can_inline() const { return stages.size() == 1; }
};

/// `consumer`'s stage `stage` calls `producer` (indices into PipelineGraph::funcs).
struct CallEdge {
    int producer, consumer, stage;
};

struct PipelineGraph {
    std::vector<FuncModel> funcs; // consumers before producers; outputs first
    std::vector<CallEdge> calls;

    int index_of(const weft::Func &f) const {
        for (size_t i = 0; i < funcs.size(); i++) {
            if (funcs[i].func.same_as(f)) {
                return int(i);
            }
        }
        return -1;
    }
    /// Adds f with one stage per definition; loops are (name, is_rvar, extent,
    /// independent), innermost first, one list per stage.
    int add(const weft::Func &f, std::vector<std::vector<LoopModel>> stage_loops,
            bool is_output = false) {
        FuncModel m;
        m.func = f;
        m.is_output = is_output;
        m.allow_shift_inwards = !is_output;
        for (auto &loops : stage_loops) {
            m.stages.push_back(StageModel{std::move(loops)});
        }
        funcs.push_back(std::move(m));
        return int(funcs.size()) - 1;
    }
    void call(const weft::Func &producer, const weft::Func &consumer, int stage = 0) {
        calls.push_back({index_of(producer), index_of(consumer), stage});
    }
    /// Marks update `stage` (1 = the first update) of f as associative (rfactor applies).
    void associative(const weft::Func &f, int stage) {
        funcs[index_of(f)].stages[stage].associative = true;
    }
};

/// Pure loops x, y, ... (all independent, extents unknown; at least `sizes[i]` when
/// given: the realized size of an output).
inline LoopModel pure_loop(const std::string &name, int min_extent = 1) {
    LoopModel l;
    l.name = name;
    l.min_extent = min_extent;
    return l;
}

inline std::vector<LoopModel> pure_loops(const std::vector<std::string> &names,
                                         const std::vector<int> &sizes = {}) {
    std::vector<LoopModel> loops;
    for (size_t i = 0; i < names.size(); i++) {
        int min_extent = i < sizes.size() ? sizes[i] : 1;
        loops.push_back(pure_loop(names[i], min_extent));
    }
    return loops;
}


inline LoopModel rvar_loop(const std::string &name, int extent, bool independent) {
    LoopModel l;
    l.name = name;
    l.is_rvar = true;
    l.independent = independent;
    l.extent = l.min_extent = extent;
    return l;
}

class ScheduleGenerator {
public:
    ScheduleGenerator(PipelineGraph &g, std::mt19937 &rng, std::string &log)
        : g_(g), rng_(rng), log_(log) {}

    /// Applies a random schedule to every Func of the graph; `log` holds it as C++
    /// (as far as it got, if a directive throws).
    void run() {
        placement_.assign(g_.funcs.size(), Placement::Root);
        in_parallel_.assign(g_.funcs.size(), false);
        // g_.funcs grows as stages are rfactored: index it afresh after each rfactor.
        for (size_t i = 0; i < g_.funcs.size(); i++) {
            if (!g_.funcs[i].is_output) {
                place(int(i));
            }
            if (placement_[i] == Placement::Inline) {
                continue;
            }
            for (size_t s = 0; s < g_.funcs[i].stages.size(); s++) {
                if (g_.funcs[i].stages[s].associative && chance(0.3)) {
                    rfactor(int(i), int(s));
                }
                schedule_stage(g_.funcs[i], int(s));
            }
        }
    }

private:
    enum class Placement { Root, Inline, At };

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    template <typename T> const T &pick_of(const std::vector<T> &v) { return v[pick(int(v.size()))]; }

    std::string fresh(const std::string &base, const char *what) {
        std::string b = base;
        std::replace(b.begin(), b.end(), '.', '_');
        return b + "_" + what + std::to_string(counter_++);
    }

    static std::string stage_text(const FuncModel &f, int s) {
        std::string n = f.func.name();
        return s == 0 ? n : n + ".update(" + std::to_string(s - 1) + ")";
    }
    static const char *tail_text(weft::TailStrategy t) {
        switch (t) {
        case weft::TailStrategy::Auto:
            return "TailStrategy::Auto";
        case weft::TailStrategy::RoundUp:
            return "TailStrategy::RoundUp";
        case weft::TailStrategy::GuardWithIf:
            return "TailStrategy::GuardWithIf";
        case weft::TailStrategy::ShiftInwards:
            return "TailStrategy::ShiftInwards";
        }
        return "?";
    }

    /// A tail strategy that keeps the meaning of stage s when loop l is split by factor.
    weft::TailStrategy pick_tail(const FuncModel &f, int s, const LoopModel &l, int factor) {
        std::vector<weft::TailStrategy> ok = {weft::TailStrategy::GuardWithIf};
        if (l.is_rvar) {
            ok.push_back(weft::TailStrategy::Auto); // GuardWithIf for RVars
            return pick_of(ok);
        }
        if (!f.is_output && f.allow_round_up && (s == 0 || l.outermost)) {
            ok.push_back(weft::TailStrategy::RoundUp);
        }
        if (s > 0) {
            ok.push_back(weft::TailStrategy::Auto); // GuardWithIf for updates
        } else if (f.allow_shift_inwards || l.min_extent >= factor) {
            ok.push_back(weft::TailStrategy::Auto); // ShiftInwards for pure definitions
            ok.push_back(weft::TailStrategy::ShiftInwards);
        }
        return pick_of(ok);
    }

    // --------------------------------------------------------------- loop directives

    /// Runs `directive` on stage s of f (the pure stage through the Func, as a user
    /// would write it) and logs `text`.
    void apply(FuncModel &f, int s, const std::string &text,
               const std::function<void(weft::Func &)> &on_func,
               const std::function<void(weft::Stage)> &on_stage) {
        out_ << stage_text(f, s) << "." << text << ";\n";
        if (s == 0) {
            on_func(f.func);
        } else {
            on_stage(f.func.update(s - 1));
        }
    }

#define WEFT_APPLY(f, s, text, call)                                                              \
    apply(                                                                                         \
        f, s, text, [&](weft::Func &fn) { fn.call; }, [&](weft::Stage st) { st.call; })

    void split(FuncModel &f, int s, int i, int factor, weft::TailStrategy tail) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        LoopModel old = loops[i];
        bool reuse = chance(0.3);
        LoopModel outer = old, inner = old;
        outer.name = reuse ? old.name : fresh(old.name, "o");
        inner.name = fresh(old.name, "i");
        inner.extent = factor;
        inner.min_extent = factor;
        inner.outermost = false;
        outer.extent = 0;
        outer.min_extent = 1;
        std::ostringstream t;
        t << "split(" << old.name << ", " << outer.name << ", " << inner.name << ", " << factor
          << ", " << tail_text(tail) << ")";
        WEFT_APPLY(f, s, t.str(),
                   split(old.handle(), outer.handle(), inner.handle(), factor, tail));
        loops[i] = inner;
        loops.insert(loops.begin() + i + 1, outer);
    }

    /// True when moving the loops to `order` keeps every pair of dependent loops (loops
    /// whose iterations may not run at once) in their relative order.
    static bool keeps_dependent_order(const std::vector<LoopModel> &old,
                                      const std::vector<LoopModel> &order) {
        auto pos = [&](const std::string &n) {
            for (size_t k = 0; k < order.size(); k++) {
                if (order[k].name == n) {
                    return int(k);
                }
            }
            return -1;
        };
        for (size_t a = 0; a < old.size(); a++) {
            for (size_t b = a + 1; b < old.size(); b++) {
                if (!old[a].independent && !old[b].independent &&
                    pos(old[a].name) > pos(old[b].name)) {
                    return false;
                }
            }
        }
        return true;
    }

    void reorder(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        if (loops.size() < 2) {
            return;
        }
        std::vector<LoopModel> order = loops;
        for (int attempt = 0; attempt < 8; attempt++) {
            std::shuffle(order.begin(), order.end(), rng_);
            if (keeps_dependent_order(loops, order)) {
                break;
            }
            order = loops;
        }
        // reorder() takes a subset too: list the loops whose place changed (at least two).
        std::vector<LoopModel> listed;
        for (size_t k = 0; k < order.size(); k++) {
            if (order[k].name != loops[k].name || chance(0.3)) {
                listed.push_back(order[k]);
            }
        }
        if (listed.size() < 2) {
            return;
        }
        std::vector<weft::VarOrRVar> handles;
        std::string text = "reorder(";
        for (size_t k = 0; k < listed.size(); k++) {
            handles.push_back(listed[k].handle());
            text += (k ? ", " : "") + listed[k].name;
        }
        text += ")";
        WEFT_APPLY(f, s, text, reorder(handles));
        // Listed loops take, in order, the places the listed loops occupied.
        std::vector<int> places;
        for (const LoopModel &l : listed) {
            for (size_t k = 0; k < loops.size(); k++) {
                if (loops[k].name == l.name) {
                    places.push_back(int(k));
                }
            }
        }
        std::sort(places.begin(), places.end());
        for (size_t k = 0; k < listed.size(); k++) {
            loops[places[k]] = listed[k];
        }
    }

    void fuse(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        std::vector<int> candidates;
        for (size_t k = 0; k + 1 < loops.size(); k++) {
            if (loops[k].is_rvar == loops[k + 1].is_rvar) {
                candidates.push_back(int(k));
            }
        }
        if (candidates.empty()) {
            return;
        }
        int k = pick_of(candidates);
        LoopModel inner = loops[k], outer = loops[k + 1];
        LoopModel fused = inner;
        fused.name = fresh(inner.name, "f");
        fused.independent = inner.independent && outer.independent;
        fused.extent = inner.extent && outer.extent ? inner.extent * outer.extent : 0;
        fused.min_extent = inner.min_extent * outer.min_extent;
        fused.outermost = false;
        WEFT_APPLY(f, s, "fuse(" + inner.name + ", " + outer.name + ", " + fused.name + ")",
                   fuse(inner.handle(), outer.handle(), fused.handle()));
        loops[k] = fused;
        loops.erase(loops.begin() + k + 1);
    }

    /// tile of two neighbouring loops (2-D form), or of several (N-D form).
    void tile(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        if (loops.size() < 2) {
            return;
        }
        int n = loops.size() >= 3 && chance(0.3) ? 3 : 2;
        int first = pick(int(loops.size()) - n + 1);
        std::vector<LoopModel> prev(loops.begin() + first, loops.begin() + first + n);
        std::vector<LoopModel> inners, outers;
        std::vector<int> factors;
        std::vector<weft::TailStrategy> tails;
        for (const LoopModel &p : prev) {
            LoopModel in = p, o = p;
            in.name = fresh(p.name, "ti");
            in.extent = in.min_extent = pick_of(std::vector<int>{2, 3, 4, 8});
            in.outermost = false;
            o.extent = 0;
            o.min_extent = 1;
            inners.push_back(in);
            outers.push_back(o);
            factors.push_back(in.extent);
            tails.push_back(pick_tail(f, s, p, in.extent));
        }
        // New order inners..., outers... must keep dependent loops in order; tiling a
        // dependent loop with another dependent one would interleave them.
        int dependent = 0;
        for (const LoopModel &p : prev) {
            dependent += p.independent ? 0 : 1;
        }
        if (dependent > 1) {
            return;
        }
        std::ostringstream t;
        auto names = [&](const std::vector<LoopModel> &v) {
            std::string r = "{";
            for (size_t k = 0; k < v.size(); k++) {
                r += (k ? ", " : "") + v[k].name;
            }
            return r + "}";
        };
        std::vector<weft::VarOrRVar> hp, ho, hi;
        std::vector<weft::Expr> ef;
        for (int k = 0; k < n; k++) {
            hp.push_back(prev[k].handle());
            ho.push_back(outers[k].handle());
            hi.push_back(inners[k].handle());
            ef.push_back(factors[k]);
        }
        if (n == 2 && tails[0] == tails[1] && chance(0.7)) {
            t << "tile(" << prev[0].name << ", " << prev[1].name << ", " << inners[0].name << ", "
              << inners[1].name << ", " << factors[0] << ", " << factors[1] << ", "
              << tail_text(tails[0]) << ")";
            weft::TailStrategy tail = tails[0];
            WEFT_APPLY(f, s, t.str(),
                       tile(hp[0], hp[1], hi[0], hi[1], ef[0], ef[1], tail));
        } else {
            std::string fl = "{";
            std::string tl = "{";
            for (int k = 0; k < n; k++) {
                fl += (k ? ", " : "") + std::to_string(factors[k]);
                tl += std::string(k ? ", " : "") + tail_text(tails[k]);
            }
            t << "tile(" << names(prev) << ", " << names(outers) << ", " << names(inners) << ", "
              << fl << "}, std::vector<TailStrategy>" << tl << "})";
            WEFT_APPLY(f, s, t.str(), tile(hp, ho, hi, ef, tails));
        }
        std::vector<LoopModel> result;
        result.insert(result.end(), loops.begin(), loops.begin() + first);
        result.insert(result.end(), inners.begin(), inners.end());
        result.insert(result.end(), outers.begin(), outers.end());
        result.insert(result.end(), loops.begin() + first + n, loops.end());
        loops = result;
    }

    void vectorize(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        // Mostly the innermost loop; sometimes an outer one (its inner loops widen too).
        int i = chance(0.8) ? 0 : pick(int(loops.size()));
        LoopModel &l = loops[i];
        if (!l.independent) {
            return;
        }
        if (l.extent >= 2 && l.extent <= 16 && chance(0.5)) {
            WEFT_APPLY(f, s, "vectorize(" + l.name + ")", vectorize(l.handle()));
            l.vectorized = true;
            return;
        }
        int factor = pick_of(std::vector<int>{2, 4, 8, 16});
        weft::TailStrategy tail = pick_tail(f, s, l, factor);
        LoopModel old = l;
        std::ostringstream t;
        t << "vectorize(" << old.name << ", " << factor << ", " << tail_text(tail) << ")";
        WEFT_APPLY(f, s, t.str(), vectorize(old.handle(), factor, tail));
        LoopModel inner = old;
        inner.name = old.name + "_vi";
        inner.extent = inner.min_extent = factor;
        inner.vectorized = true;
        inner.outermost = false;
        LoopModel outer = old;
        outer.extent = 0;
        outer.min_extent = 1;
        loops[i] = inner;
        loops.insert(loops.begin() + i + 1, outer);
    }

    void unroll(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        int i = pick(int(loops.size()));
        LoopModel &l = loops[i];
        if (l.vectorized) {
            return;
        }
        if (l.extent >= 1 && l.extent <= 8 && chance(0.6)) {
            WEFT_APPLY(f, s, "unroll(" + l.name + ")", unroll(l.handle()));
            return;
        }
        int factor = pick_of(std::vector<int>{2, 3, 4});
        weft::TailStrategy tail = pick_tail(f, s, l, factor);
        LoopModel old = l;
        std::ostringstream t;
        t << "unroll(" << old.name << ", " << factor << ", " << tail_text(tail) << ")";
        WEFT_APPLY(f, s, t.str(), unroll(old.handle(), factor, tail));
        LoopModel inner = old;
        inner.name = old.name + "_ui";
        inner.extent = inner.min_extent = factor;
        inner.outermost = false;
        LoopModel outer = old;
        outer.extent = 0;
        outer.min_extent = 1;
        loops[i] = inner;
        loops.insert(loops.begin() + i + 1, outer);
    }

    void parallel(FuncModel &f, int s) {
        std::vector<LoopModel> &loops = f.stages[s].loops;
        // A loop outside every vectorized loop, whose iterations may run at once.
        int outermost_vector = -1;
        for (size_t k = 0; k < loops.size(); k++) {
            if (loops[k].vectorized) {
                outermost_vector = int(k);
            }
        }
        std::vector<int> candidates;
        for (size_t k = outermost_vector + 1; k < loops.size(); k++) {
            if (loops[k].independent) {
                candidates.push_back(int(k));
            }
        }
        if (candidates.empty()) {
            return;
        }
        int i = chance(0.6) ? candidates.back() : pick_of(candidates);
        LoopModel old = loops[i];
        if (chance(0.3)) {
            int task = pick_of(std::vector<int>{2, 3, 5});
            weft::TailStrategy tail = pick_tail(f, s, old, task);
            std::ostringstream t;
            t << "parallel(" << old.name << ", " << task << ", " << tail_text(tail) << ")";
            WEFT_APPLY(f, s, t.str(), parallel(old.handle(), task, tail));
            LoopModel inner = old;
            inner.name = old.name + "_pi";
            inner.extent = inner.min_extent = task;
            inner.outermost = false;
            loops[i].extent = 0;
            loops[i].min_extent = 1;
            loops[i].parallel = true;
            loops.insert(loops.begin() + i, inner);
            return;
        }
        WEFT_APPLY(f, s, "parallel(" + old.name + ")", parallel(old.handle()));
        loops[i].parallel = true;
    }

#undef WEFT_APPLY

    void schedule_stage(FuncModel &f, int s) {
        int ops = pick(f.max_loop_ops);
        for (int k = 0; k < ops; k++) {
            std::vector<LoopModel> &loops = f.stages[s].loops;
            switch (pick(5)) {
            case 0:
            case 1: {
                int i = pick(int(loops.size()));
                int factor = pick_of(std::vector<int>{2, 3, 4, 5, 8});
                split(f, s, i, factor, pick_tail(f, s, loops[i], factor));
                break;
            }
            case 2:
                reorder(f, s);
                break;
            case 3:
                if (chance(0.5)) {
                    fuse(f, s);
                }
                break;
            case 4:
                tile(f, s);
                break;
            }
        }
        if (chance(0.45)) {
            vectorize(f, s);
        }
        if (chance(0.3)) {
            unroll(f, s);
        }
        if (chance(0.4)) {
            parallel(f, s);
        }
    }

    // --------------------------------------------------------------- rfactor

    /// The loops of `func`'s stage s as its recorded schedule lists them, taking each
    /// loop's model from `known` by name, and `fresh_loop` for a loop not there.
    static std::vector<LoopModel> loops_after_rfactor(const weft::Func &func, int s,
                                                      const std::vector<LoopModel> &known,
                                                      const LoopModel &fresh_loop) {
        std::vector<LoopModel> loops;
        for (const weft::internal::Dim &d : func.function().stage(s).schedule.dims) {
            auto it = std::find_if(known.begin(), known.end(),
                                   [&](const LoopModel &l) { return l.name == d.var; });
            LoopModel l = it != known.end() ? *it : fresh_loop;
            l.name = d.var;
            loops.push_back(l);
        }
        return loops;
    }

    /// rfactors a dependent RVar of stage s of g_.funcs[i] (maybe split first), inserts
    /// the intermediate Func's model at i + 1 and moves the stage's calls to it.
    void rfactor(int i, int s) {
        std::vector<int> rvars;
        for (size_t k = 0; k < g_.funcs[i].stages[s].loops.size(); k++) {
            const LoopModel &l = g_.funcs[i].stages[s].loops[k];
            if (l.is_rvar && !l.independent) {
                rvars.push_back(int(k));
            }
        }
        if (rvars.empty()) {
            return;
        }
        int k = pick_of(rvars);
        bool preserve_outer = false;
        if (chance(0.6)) {
            const LoopModel l = g_.funcs[i].stages[s].loops[k];
            int factor = pick_of(std::vector<int>{2, 3, 4, 8});
            split(g_.funcs[i], s, k, factor, pick_tail(g_.funcs[i], s, l, factor));
            preserve_outer = chance(0.5);
            k += preserve_outer ? 1 : 0; // split() puts the outer loop right after the inner
        }
        FuncModel &f = g_.funcs[i];
        const LoopModel preserved = f.stages[s].loops[k];
        const std::string v = fresh("v", "rf");
        std::string text = preserve_outer ? "rfactor({{" + preserved.name + ", " + v + "}})"
                                          : "rfactor(" + preserved.name + ", " + v + ")";
        const std::string call = stage_text(f, s) + "." + text + ";\n";
        weft::Stage stage = f.func.update(s - 1);
        weft::Func intm;
        try {
            intm = preserve_outer
                       ? stage.rfactor({{weft::RVar(preserved.name), weft::Var(v)}})
                       : stage.rfactor(weft::RVar(preserved.name), weft::Var(v));
        } catch (...) {
            out_ << call;
            throw;
        }
        out_ << "Func " << intm.name() << " = " << call;

        // The preserved RVar becomes the pure Var v of the intermediate.
        // Its extent in the intermediate is the region its consumer needs there, which
        // bounds inference decides (one point where f's update is computed per r).
        LoopModel as_var = pure_loop(v);
        std::vector<LoopModel> known = f.stages[s].loops;
        known.push_back(as_var);
        FuncModel m;
        m.func = intm;
        m.allow_round_up = false; // its update reads what the rfactored stage read
        m.allow_shift_inwards = true;
        m.max_loop_ops = 3;
        m.stages.push_back(StageModel{loops_after_rfactor(intm, 0, {as_var}, pure_loop("?"))});
        m.stages.push_back(StageModel{loops_after_rfactor(intm, 1, known, pure_loop("?"))});
        f.stages[s].loops = loops_after_rfactor(f.func, s, f.stages[s].loops, pure_loop("?"));
        f.stages[s].associative = false;

        const int n = i + 1;
        for (CallEdge &e : g_.calls) {
            e.producer += e.producer >= n ? 1 : 0;
            e.consumer += e.consumer >= n ? 1 : 0;
            if (e.consumer == i && e.stage == s) {
                e.consumer = n;
                e.stage = 1;
            }
        }
        g_.calls.push_back({n, i, s});
        g_.funcs.insert(g_.funcs.begin() + n, std::move(m));
        placement_.insert(placement_.begin() + n, Placement::Root);
        in_parallel_.insert(in_parallel_.begin() + n, false);
    }

    // --------------------------------------------------------------- placement

    /// The computed (Func, stage) pairs whose code calls producer p once inlined Funcs
    /// are substituted into their callers.
    std::set<std::pair<int, int>> users(int p) const {
        std::set<std::pair<int, int>> result;
        for (const CallEdge &e : g_.calls) {
            if (e.producer != p) {
                continue;
            }
            if (placement_[e.consumer] == Placement::Inline) {
                std::set<std::pair<int, int>> more = users(e.consumer);
                result.insert(more.begin(), more.end());
            } else {
                result.insert({e.consumer, e.stage});
            }
        }
        return result;
    }

    void place(int p) {
        FuncModel &f = g_.funcs[p];
        std::set<std::pair<int, int>> u = users(p);
        std::vector<Placement> options = {Placement::Root};
        if (f.can_inline()) {
            options.push_back(Placement::Inline);
        }
        if (u.size() == 1) {
            options.push_back(Placement::At);
            options.push_back(Placement::At);
        }
        Placement choice = pick_of(options);
        placement_[p] = choice;
        const std::string &name = f.func.name();
        if (choice == Placement::Inline) {
            if (chance(0.5)) {
                out_ << name << ".compute_inline();\n";
                f.func.compute_inline();
            } else {
                out_ << "// " << name << " inlined by default\n";
            }
            return;
        }
        if (choice == Placement::Root) {
            out_ << name << ".compute_root();\n";
            f.func.compute_root();
            return;
        }
        auto [ci, cs] = *u.begin();
        FuncModel &c = g_.funcs[ci];
        const std::vector<LoopModel> &loops = c.stages[cs].loops;
        int outermost_vector = -1;
        for (size_t k = 0; k < loops.size(); k++) {
            if (loops[k].vectorized) {
                outermost_vector = int(k);
            }
        }
        if (outermost_vector + 1 >= int(loops.size())) {
            out_ << name << ".compute_root();\n";
            placement_[p] = Placement::Root;
            f.func.compute_root();
            return;
        }
        int at = outermost_vector + 1 + pick(int(loops.size()) - outermost_vector - 1);
        auto level = [&](int k) {
            const LoopModel &l = loops[k];
            return l.is_rvar ? weft::LoopLevel(c.func, weft::RVar(l.name), cs)
                             : weft::LoopLevel(c.func, weft::Var(l.name), cs);
        };
        auto level_text = [&](int k) {
            return "LoopLevel(" + c.func.name() + ", " + loops[k].name + ", " +
                   std::to_string(cs) + ")";
        };
        out_ << name << ".compute_at(" << level_text(at) << ");\n";
        f.func.compute_at(level(at));
        // Storage may be hoisted out to, but not past, a parallel loop: the loops from
        // the compute level out to the store level (exclusive) must be serial.
        int first_parallel = at;
        while (first_parallel < int(loops.size()) && !loops[first_parallel].parallel) {
            first_parallel++;
        }
        in_parallel_[p] = in_parallel_[ci] || first_parallel < int(loops.size());
        if (chance(0.35)) {
            if (!in_parallel_[p] && chance(0.3)) {
                out_ << name << ".store_root();\n";
                f.func.store_root();
            } else {
                int st = at + pick(std::min(first_parallel, int(loops.size()) - 1) - at + 1);
                out_ << name << ".store_at(" << level_text(st) << ");\n";
                f.func.store_at(level(st));
            }
        }
    }

    PipelineGraph &g_;
    std::mt19937 &rng_;
    std::string &log_;
    struct Log {
        std::string &s;
        template <typename T> Log &operator<<(const T &v) {
            std::ostringstream os;
            os << v;
            s += os.str();
            return *this;
        }
    } out_{log_};
    std::vector<Placement> placement_;
    /// Computed inside a parallel loop (of any consumer around it): storage may not be
    /// hoisted to the root.
    std::vector<bool> in_parallel_;
    int counter_ = 0;
};

/// Applies a random legal schedule to the graph's Funcs; writes it to `log` as C++
/// source, directive by directive (so a directive that throws is the last line).
inline void random_schedule(PipelineGraph &g, std::mt19937 &rng, std::string &log) {
    ScheduleGenerator(g, rng, log).run();
}

} // namespace weft_test

#endif
