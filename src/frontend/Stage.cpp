// Stage: one definition of a Func and its loops (weft/Func.h).

#include "weft/Func.h"

#include "Error.h"
#include "ir/Function.h"

namespace weft {

using namespace internal;

Stage::Stage(std::shared_ptr<Function> func, int stage_index)
    : func_(std::move(func)), stage_index_(stage_index) {
    internal_assert(func_ && stage_index_ >= 0 && stage_index_ < func_->stages())
        << "Stage " << stage_index_ << " of a Func with fewer stages";
}

std::string Stage::name() const {
    if (stage_index_ == 0) {
        return func_->name();
    }
    return func_->name() + ".update(" + std::to_string(stage_index_ - 1) + ")";
}

std::vector<std::string> Stage::loop_names() const {
    std::vector<std::string> names;
    for (const Dim &d : func_->stage(stage_index_).schedule.dims) {
        names.push_back(d.var);
    }
    return names;
}

std::vector<Expr> Stage::args() const { return func_->stage(stage_index_).args; }

Expr Stage::value() const { return func_->stage(stage_index_).values.at(0); }

RDom Stage::rdom() const {
    const ReductionDomain &d = func_->stage(stage_index_).rdom;
    return d.defined() ? RDom(d) : RDom();
}

} // namespace weft
