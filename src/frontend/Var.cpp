#include "weft/Var.h"

#include "Error.h"
#include "UniqueName.h"
#include "ir/IR.h"

namespace weft {

Var::Var() : name_(internal::unique_name("v")) {}

Var::Var(const std::string &name) : name_(name) {
    user_assert(!name.empty()) << "Var: the name must not be empty; use Var() for a unique name";
}

Var::operator Expr() const { return internal::Variable::make(Int(32), name_); }

} // namespace weft
