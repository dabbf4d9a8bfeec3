// Func's compile-and-run members: each builds Pipeline(*this) and forwards (weft/Pipeline.h).

#include "weft/Func.h"

#include "Error.h"
#include "weft/Pipeline.h"

namespace weft {

Realization Func::realize(std::vector<int> sizes, const Target &target) {
    return Pipeline(*this).realize(std::move(sizes), target);
}

void Func::realize_into(const Buffer<void> &dst, const Target &target) {
    Pipeline(*this).realize(dst, target);
}

void Func::realize_into(const Realization &dst, const Target &target) {
    Pipeline(*this).realize(dst, target);
}

void Func::compile_jit(const Target &target) { Pipeline(*this).compile_jit(target); }

void Func::compile_to_lowered_stmt(const std::string &path, int format, const Target &target) {
    user_assert(format == Text || format == HTML)
        << "compile_to_lowered_stmt: Func \"" << name() << "\": format " << format
        << " is neither Text nor HTML";
    Pipeline(*this).compile_to_lowered_stmt(path, static_cast<StmtOutputFormat>(format), target);
}

void Func::compile_to_llvm_assembly(const std::string &path, const Target &target) {
    Pipeline(*this).compile_to_llvm_assembly(path, target);
}

void Func::compile_to_assembly(const std::string &path, const Target &target) {
    Pipeline(*this).compile_to_assembly(path, target);
}

void Func::print_loop_nest() { Pipeline(*this).print_loop_nest(); }

std::string Func::loop_nest_string() { return Pipeline(*this).loop_nest_string(); }

} // namespace weft

