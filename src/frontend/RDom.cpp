#include "weft/RDom.h"

#include "Error.h"
#include "ExprQueries.h"
#include "UniqueName.h"
#include "ir/IRHelpers.h"
#include "ir/IRMutator.h"
#include "ir/IRPrinter.h"
#include "weft/IROperator.h"
#include "weft/ImageParam.h"

namespace weft {

using namespace internal;

namespace {

std::string rvar_name(const std::string &rdom, int i) {
    static const char *letters[] = {"x", "y", "z", "w"};
    return rdom + "." + (i < 4 ? std::string(letters[i]) : std::to_string(i));
}

/// A bound of dimension `dim` as int32, checked: integer, and no pure Vars or RVars.
Expr checked_bound(const std::string &rdom, int dim, const char *what, const Expr &e) {
    user_assert(e.defined()) << "RDom \"" << rdom << "\": the " << what << " of dimension "
                             << dim << " is undefined";
    user_assert(e.type().is_int() || e.type().is_uint())
        << "RDom \"" << rdom << "\": the " << what << " of dimension " << dim << " has type "
        << to_string(e.type()) << "; reduction bounds must be integers";
    std::vector<std::string> vars = free_pure_vars(e);
    user_assert(vars.empty()) << "RDom \"" << rdom << "\": the " << what << " of dimension "
                              << dim << " uses the Var \"" << (vars.empty() ? "" : vars[0])
                              << "\"; reduction bounds may use constants, Params and buffer "
                                 "sizes, not pure Vars";
    std::vector<DomainUse> rdoms = reduction_domains(e);
    user_assert(rdoms.empty()) << "RDom \"" << rdom << "\": the " << what << " of dimension "
                               << dim << " uses the reduction variable "
                               << (rdoms.empty() ? "" : rdoms[0].rvar)
                               << "; reduction bounds cannot depend on other reductions";
    return cast(Int(32), e);
}

/// Replaces references to `self`'s variables by plain Variables of the same name, so
/// that a where() predicate stored in the domain does not keep the domain alive
/// through itself (a reference cycle). Lowering finds RVars in the predicate by name.
Expr drop_self_references(const Expr &e, const ReductionDomain &self) {
    class Drop : public IRMutator {
    public:
        explicit Drop(const ReductionDomain &d) : d_(d) {}
        using IRMutator::visit;
        Expr visit(const Variable *op) override {
            if (op->rdom.defined() && op->rdom.same_as(d_)) {
                return Variable::make(op->type, op->name);
            }
            return op;
        }

    private:
        const ReductionDomain &d_;
    };
    return Drop(self).mutate(e);
}

} // namespace

namespace internal {

std::vector<std::pair<Expr, Expr>> buffer_ranges(const weft_buffer_t *b, const std::string &name) {
    user_assert(b != nullptr) << "RDom: the Buffer " << (name.empty() ? "" : "\"" + name + "\" ")
                              << "is undefined; give it a shape before making an RDom over it";
    std::vector<std::pair<Expr, Expr>> ranges;
    for (int i = 0; i < b->dimensions; i++) {
        ranges.emplace_back(Expr(b->dim[i].min), Expr(b->dim[i].extent));
    }
    return ranges;
}

} // namespace internal

// ---------------------------------------------------------------------------------
// RVar

RVar::RVar(const std::string &name) : name_(name) {
    user_assert(!name.empty()) << "RVar: the name must not be empty";
}

RVar::RVar(std::shared_ptr<ReductionDomain> domain, int index, std::string name)
    : domain_(std::move(domain)), index_(index), name_(std::move(name)) {}

Expr RVar::min() const {
    user_assert(domain_) << "RVar \"" << name_ << "\" has no reduction domain, hence no min";
    return domain_->domain()[index_].min;
}

Expr RVar::extent() const {
    user_assert(domain_) << "RVar \"" << name_ << "\" has no reduction domain, hence no extent";
    return domain_->domain()[index_].extent;
}

RDom RVar::domain() const {
    if (!domain_) {
        return RDom();
    }
    return RDom(domain_, name_.substr(0, name_.rfind('.')));
}

RVar::operator Expr() const {
    user_assert(defined()) << "An undefined RVar was used in an expression (for example r.y "
                              "of a one-dimensional RDom r)";
    if (!domain_) {
        return Variable::make(Int(32), name_);
    }
    return Variable::make(Int(32), name_, *domain_);
}

// ---------------------------------------------------------------------------------
// RDom

RDom::RDom(const Expr &min, const Expr &extent, const std::string &name) {
    init({{min, extent}}, name);
}

RDom::RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
           const std::string &name) {
    init({{min0, extent0}, {min1, extent1}}, name);
}

RDom::RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
           const Expr &min2, const Expr &extent2, const std::string &name) {
    init({{min0, extent0}, {min1, extent1}, {min2, extent2}}, name);
}

RDom::RDom(const Expr &min0, const Expr &extent0, const Expr &min1, const Expr &extent1,
           const Expr &min2, const Expr &extent2, const Expr &min3, const Expr &extent3,
           const std::string &name) {
    init({{min0, extent0}, {min1, extent1}, {min2, extent2}, {min3, extent3}}, name);
}

RDom::RDom(const std::vector<std::pair<Expr, Expr>> &ranges, const std::string &name) {
    init(ranges, name);
}

RDom::RDom(const ImageParam &in) {
    user_assert(in.defined()) << "RDom: the ImageParam is undefined";
    std::vector<std::pair<Expr, Expr>> ranges;
    for (int i = 0; i < in.dimensions(); i++) {
        ranges.emplace_back(in.dim(i).min(), in.dim(i).extent());
    }
    init(ranges, "");
}

RDom::RDom(const ReductionDomain &d) {
    user_assert(d.defined()) << "RDom from an undefined reduction domain";
    const std::string &first = d.domain()[0].var;
    *this = RDom(std::make_shared<ReductionDomain>(d), first.substr(0, first.rfind('.')));
}

RDom::RDom(std::shared_ptr<ReductionDomain> domain, std::string name)
    : domain_(std::move(domain)), name_(std::move(name)) {
    RVar *firsts[] = {&x, &y, &z, &w};
    for (int i = 0; i < dimensions() && i < 4; i++) {
        *firsts[i] = (*this)[i];
    }
}

void RDom::init(const std::vector<std::pair<Expr, Expr>> &ranges, const std::string &name) {
    std::string n = name.empty() ? unique_name("r") : name;
    user_assert(!ranges.empty()) << "RDom \"" << n << "\" needs at least one dimension";
    std::vector<ReductionVariable> vars;
    for (size_t i = 0; i < ranges.size(); i++) {
        int d = static_cast<int>(i);
        vars.push_back({rvar_name(n, d), checked_bound(n, d, "min", ranges[i].first),
                        checked_bound(n, d, "extent", ranges[i].second)});
    }
    *this = RDom(std::make_shared<ReductionDomain>(std::move(vars)), n);
}

int RDom::dimensions() const {
    return domain_ ? static_cast<int>(domain_->domain().size()) : 0;
}

RVar RDom::operator[](int i) const {
    user_assert(defined()) << "RDom: indexing an undefined RDom";
    user_assert(i >= 0 && i < dimensions())
        << "RDom \"" << name_ << "\" has " << dimensions() << " dimension"
        << (dimensions() == 1 ? "" : "s") << "; there is no variable " << i;
    return RVar(domain_, i, domain_->domain()[i].var);
}

RDom &RDom::where(const Expr &predicate) {
    user_assert(defined()) << "RDom::where on an undefined RDom";
    user_assert(predicate.defined()) << "RDom \"" << name_ << "\": where() needs a condition";
    user_assert(predicate.type() == Bool())
        << "RDom \"" << name_ << "\": the where() condition must be a scalar bool, not "
        << to_string(predicate.type()) << "; compare with zero (e != 0) to get one";
    for (const DomainUse &use : reduction_domains(predicate)) {
        user_assert(use.domain.same_as(*domain_))
            << "RDom \"" << name_ << "\": the where() condition uses " << use.rvar
            << ", a variable of another RDom; a condition may only use this RDom's variables";
    }
    domain_->where(drop_self_references(predicate, *domain_));
    return *this;
}

Expr RDom::predicate() const { return domain_ ? domain_->predicate() : Expr(); }

RDom::operator RVar() const {
    user_assert(dimensions() == 1) << "RDom \"" << name_ << "\" has " << dimensions()
                                   << " dimensions; only a one-dimensional RDom can be used "
                                      "as a single variable (use r.x, r.y, ...)";
    return x;
}

RDom::operator Expr() const { return Expr(RVar(*this)); }

bool RDom::same_as(const RDom &other) const {
    if (!domain_ || !other.domain_) {
        return domain_ == other.domain_;
    }
    return domain_->same_as(*other.domain_);
}

const ReductionDomain &RDom::domain() const {
    user_assert(defined()) << "RDom: the domain of an undefined RDom";
    return *domain_;
}

} // namespace weft
