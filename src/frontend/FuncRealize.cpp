// Func's compile-and-run members forward to the Func's own Pipeline (weft/Pipeline.h).

#include "weft/Func.h"

#include "Error.h"
#include "weft/Pipeline.h"

namespace weft {

Pipeline &Func::pipeline() {
    if (!pipeline_) {
        pipeline_ = std::make_shared<Pipeline>(*this);
    }
    return *pipeline_;
}

Realization Func::realize(std::vector<int> sizes, const Target &target) {
    return pipeline().realize(std::move(sizes), target);
}

void Func::realize_into(const Buffer<void> &dst, const Target &target) {
    pipeline().realize(dst, target);
}

void Func::realize_into(const Realization &dst, const Target &target) {
    pipeline().realize(dst, target);
}

void Func::compile_jit(const Target &target) { pipeline().compile_jit(target); }

void Func::compile_to_lowered_stmt(const std::string &path, StmtOutputFormat format, const Target &target) {
    user_assert(format == Text || format == HTML)
        << "compile_to_lowered_stmt: Func \"" << name() << "\": format " << format
        << " is neither Text nor HTML";
    pipeline().compile_to_lowered_stmt(path, format, target);
}

void Func::compile_to_llvm_assembly(const std::string &path, const Target &target) {
    pipeline().compile_to_llvm_assembly(path, target);
}

void Func::compile_to_assembly(const std::string &path, const Target &target) {
    pipeline().compile_to_assembly(path, target);
}

void Func::compile_to_ptx(const std::string &path, const Target &target) {
    pipeline().compile_to_ptx(path, target);
}

void Func::print_loop_nest() { pipeline().print_loop_nest(); }

std::string Func::loop_nest_string() { return pipeline().loop_nest_string(); }

} // namespace weft

