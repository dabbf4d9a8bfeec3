#ifndef WEFT_TESTS_CODEGEN_CODEGEN_HELPERS_H
#define WEFT_TESTS_CODEGEN_CODEGEN_HELPERS_H

// Helpers for the codegen tests: build a LoweredPipeline by hand around a Stmt, JIT it
// with compile_to_jit() and run it on raw weft_buffer_t's.

#include "codegen/CodeGen.h"
#include "ir/IR.h"
#include "ir/IRHelpers.h"
#include "lower/Lower.h"
#include "runtime/UserContext.h"
#include "weft/IROperator.h"
#include "weft/Target.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace weft::test {

using namespace weft::internal;

/// A dense 1-D buffer of n elements of T with its weft_buffer_t.
template<typename T> struct RawBuffer {
    std::vector<T> data;
    weft_dimension_t dim{};
    weft_buffer_t raw{};

    explicit RawBuffer(int n, T fill = T()) : data(size_t(n), fill) { init(); }
    explicit RawBuffer(std::vector<T> v) : data(std::move(v)) { init(); }
    RawBuffer(const RawBuffer &) = delete;

    void init() {
        dim = {0, int32_t(data.size()), 1, 0};
        raw.host = reinterpret_cast<uint8_t *>(data.data());
        raw.type = {uint8_t(type_of<T>().code), uint8_t(type_of<T>().bits), 1};
        raw.dimensions = 1;
        raw.dim = &dim;
    }
};

inline LoweredArgument buffer_arg(const std::string &name, Type t, int dims = 1,
                                  bool output = false) {
    LoweredArgument a;
    a.name = name;
    a.is_buffer = true;
    a.type = t;
    a.dimensions = dims;
    a.is_output = output;
    return a;
}

inline LoweredArgument scalar_arg(const std::string &name, Type t) {
    LoweredArgument a;
    a.name = name;
    a.type = t;
    return a;
}

inline JITModule jit(const std::string &name, std::vector<LoweredArgument> args, Stmt body,
                     Target t = get_jit_target_from_environment()) {
    LoweredPipeline p;
    p.name = name;
    p.arguments = std::move(args);
    p.body = std::move(body);
    p.target = t;
    return compile_to_jit(p);
}

/// Calls the entry point with the given slots plus a fresh user context; returns its
/// result and, in `message`, the error recorded.
inline int run(const JITModule &m, std::vector<void *> slots, std::string *message = nullptr) {
    JITUserContext uc;
    slots.push_back(&uc);
    auto fn = reinterpret_cast<int (*)(void **)>(m.entry_point());
    int r = fn(slots.data());
    if (message) {
        *message = uc.error_message;
    }
    return r;
}

inline Expr var(const std::string &name, Type t = Int(32)) {
    return Variable::make(t, name);
}

/// for (name, 0, extent) body
inline Stmt loop(const std::string &name, Expr extent, Stmt body, ForType ft = ForType::Serial) {
    return For::make(name, 0, std::move(extent), ft, DeviceAPI::Host, std::move(body));
}

inline Expr user_context() {
    return Variable::make(Handle(), "__user_context");
}

} // namespace weft::test

#endif
