#include "Parameter.h"
#include "Reduction.h"

#include "Error.h"
#include "IR.h"

namespace weft::internal {

Parameter::Parameter(Type t, const std::string &name) : contents_(new ParameterContents) {
    contents_->name = name;
    contents_->type = t;
}

Parameter::Parameter(Type t, int dimensions, const std::string &name)
    : contents_(new ParameterContents) {
    contents_->name = name;
    contents_->type = t;
    contents_->is_buffer = true;
    contents_->dimensions = dimensions;
}

ReductionDomain::ReductionDomain(std::vector<ReductionVariable> domain)
    : contents_(new ReductionDomainContents) {
    contents_->domain = std::move(domain);
}

void ReductionDomain::where(Expr p) {
    internal_assert(p.defined() && p.type().is_bool()) << "RDom::where needs a bool condition";
    contents_->predicate =
        contents_->predicate.defined() ? And::make(contents_->predicate, std::move(p)) : p;
}

} // namespace weft::internal
