// The process-wide JIT cache. See JITCache.h.

#include "frontend/JITCache.h"

#include "codegen/CodeGen.h"
#include "ir/IREquality.h"
#include "ir/IRMutator.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>
#include <unordered_map>

namespace weft::internal {

namespace {

struct Entry {
    Stmt body;
    std::vector<LoweredArgument> arguments;
    Target target;
    JITModule module;
};

/// At most this many entries; the oldest goes first. (Pipelines still holding an
/// evicted module keep it alive; only sharing with new Pipelines stops.)
constexpr size_t max_entries = 256;

struct Cache {
    std::mutex mutex;
    std::list<std::pair<uint64_t, Entry>> entries; // oldest first
    std::unordered_multimap<uint64_t, std::list<std::pair<uint64_t, Entry>>::iterator> index;

    void insert(uint64_t key, Entry e) {
        entries.emplace_back(key, std::move(e));
        index.emplace(key, std::prev(entries.end()));
        if (entries.size() <= max_entries) {
            return;
        }
        auto oldest = entries.begin();
        auto [begin, end] = index.equal_range(oldest->first);
        for (auto it = begin; it != end; ++it) {
            if (it->second == oldest) {
                index.erase(it);
                break;
            }
        }
        entries.erase(oldest);
    }
};

Cache &cache() {
    static Cache *c = new Cache; // never destroyed: JIT code may outlive static teardown
    return *c;
}

std::atomic<int> enabled_state{-1}; // -1: not read from the environment yet
std::atomic<int64_t> compile_count{0};

uint64_t mix(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
}

uint64_t hash_string(uint64_t h, const std::string &s) {
    for (unsigned char c : s) {
        h = mix(h, c);
    }
    return mix(h, s.size());
}

/// The Stmt with every Parameter replaced by an unbound stand-in of the same name and
/// type (structurally equal): the cache must not keep users' buffers alive.
class StripParameters : public IRMutator {
public:
    using IRMutator::visit;
    Expr visit(const Variable *op) override {
        if (!op->param.defined()) {
            return op;
        }
        return Variable::make(op->type, op->name, stand_in(op->param));
    }
    Expr visit(const Load *op) override {
        Expr index = mutate(op->index);
        Expr predicate = op->predicate.defined() ? mutate(op->predicate) : Expr();
        return Load::make(op->type, op->name, index, predicate);
    }
    Stmt visit(const Store *op) override {
        Expr value = mutate(op->value), index = mutate(op->index);
        Expr predicate = op->predicate.defined() ? mutate(op->predicate) : Expr();
        return Store::make(op->name, value, index, predicate);
    }

private:
    Parameter stand_in(const Parameter &p) {
        auto it = stand_ins_.find(p.name());
        if (it == stand_ins_.end()) {
            Parameter s = p.is_buffer() ? Parameter(p.type(), p.dimensions(), p.name())
                                        : Parameter(p.type(), p.name());
            it = stand_ins_.emplace(p.name(), s).first;
        }
        return it->second;
    }
    std::unordered_map<std::string, Parameter> stand_ins_;
};

std::vector<LoweredArgument> without_parameters(std::vector<LoweredArgument> args) {
    for (LoweredArgument &a : args) {
        a.param = Parameter();
    }
    return args;
}

bool same_arguments(const std::vector<LoweredArgument> &a, const std::vector<LoweredArgument> &b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); i++) {
        if (a[i].name != b[i].name || a[i].is_buffer != b[i].is_buffer || a[i].type != b[i].type ||
            a[i].dimensions != b[i].dimensions || a[i].is_output != b[i].is_output) {
            return false;
        }
    }
    return true;
}

uint64_t key_of(const LoweredPipeline &p) {
    uint64_t h = structural_hash(p.body);
    for (const LoweredArgument &a : p.arguments) {
        h = hash_string(h, a.name);
        h = mix(h, (uint64_t(a.is_buffer) << 1) | uint64_t(a.is_output));
        h = mix(h, (uint64_t(a.type.code) << 24) | (uint64_t(a.type.bits) << 16) | a.type.lanes);
        h = mix(h, uint64_t(a.dimensions));
    }
    return hash_string(h, p.target.to_string());
}

} // namespace

void set_jit_cache_enabled(bool enabled) {
    enabled_state = enabled ? 1 : 0;
}

bool jit_cache_enabled() {
    int s = enabled_state.load();
    if (s < 0) {
        const char *env = std::getenv("WEFT_NO_COMPILE_CACHE");
        s = (env && *env && std::strcmp(env, "0") != 0) ? 0 : 1;
        enabled_state = s;
    }
    return s == 1;
}

int64_t jit_compile_count() {
    return compile_count.load();
}

JITModule jit_compile_cached(const LoweredPipeline &p, CompileTimes *times) {
    const bool use_cache = jit_cache_enabled();
    uint64_t key = 0;
    if (use_cache) {
        key = key_of(p);
        std::lock_guard<std::mutex> lock(cache().mutex);
        auto [begin, end] = cache().index.equal_range(key);
        for (auto it = begin; it != end; ++it) {
            const Entry &e = it->second->second;
            if (e.target == p.target && same_arguments(e.arguments, p.arguments) &&
                equal(e.body, p.body)) {
                if (times) {
                    times->cache_hit = true;
                }
                return e.module;
            }
        }
    }
    // Compiled outside the lock: other threads may compile other pipelines meanwhile
    // (two threads compiling the same one both succeed; one entry wins).
    CodegenTimes ct;
    JITModule m = compile_to_jit(p, &ct);
    compile_count++;
    if (times) {
        times->codegen_ms = ct.codegen_ms;
        times->optimize_ms = ct.optimize_ms;
        times->jit_ms = ct.jit_ms;
        times->cache_hit = false;
    }
    if (use_cache) {
        std::lock_guard<std::mutex> lock(cache().mutex);
        Stmt body = StripParameters().mutate(p.body);
        cache().insert(key, Entry{body, without_parameters(p.arguments), p.target, m});
    }
    return m;
}

} // namespace weft::internal
