#ifndef WEFT_FRONTEND_EXPRQUERIES_H
#define WEFT_FRONTEND_EXPRQUERIES_H

// Questions the front end asks about user expressions while checking definitions:
// which pure Vars and which reduction domains an expression uses.
//
// A "pure Var" is an int32 Variable with neither a Parameter nor a reduction domain,
// other than a buffer field ("in.extent.0": see the contract in src/lower/Lower.h)
// and other than a name bound by a Let inside the expression.

#include "ir/IR.h"

#include <string>
#include <vector>

namespace weft::internal {

/// True for names codegen defines for buffer arguments: "<buffer>.min.<i>",
/// "<buffer>.extent.<i>", "<buffer>.stride.<i>".
bool is_buffer_field_name(const std::string &name);

/// True when e is a pure Var (see above): what a pure definition's LHS must hold.
bool is_pure_var(const Expr &e);

/// The pure Vars e uses, each once, in order of first appearance.
std::vector<std::string> free_pure_vars(const Expr &e);

/// The pure Vars a domain's where() condition uses. (The condition refers to the
/// domain's own variables by name only, see RDom::where; those are not pure Vars.)
std::vector<std::string> predicate_pure_vars(const ReductionDomain &d);

/// A reduction domain an expression uses, with the name of one of its RVars it uses.
struct DomainUse {
    ReductionDomain domain;
    std::string rvar;
};

/// The distinct reduction domains e uses, in order of first appearance.
std::vector<DomainUse> reduction_domains(const Expr &e);

/// Appends the uses in `more` to `uses`, skipping domains already there.
void merge_domain_uses(std::vector<DomainUse> &uses, const std::vector<DomainUse> &more);

} // namespace weft::internal

#endif
