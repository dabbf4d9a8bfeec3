// The non-template part of weft::Param<T> (weft/Param.h).

#include "weft/Param.h"

#include "Error.h"
#include "UniqueName.h"
#include "ir/IR.h"

namespace weft::internal {

ScalarParamHandle::ScalarParamHandle(Type t, const std::string &name)
    : param_(std::make_shared<Parameter>(t, name)) {
    user_assert(!name.empty()) << "Param: the name must not be empty; use Param<T>() for a "
                                  "unique name";
}

const std::string &ScalarParamHandle::name() const { return param_->name(); }

Type ScalarParamHandle::type() const { return param_->type(); }

void ScalarParamHandle::set_bits(const void *value, size_t bytes) {
    internal_assert(bytes <= sizeof(uint64_t)) << "Param value of " << bytes << " bytes";
    uint64_t bits = 0;
    std::memcpy(&bits, value, bytes);
    param_->set_scalar(bits);
}

void ScalarParamHandle::get_bits(void *value, size_t bytes) const {
    internal_assert(bytes <= sizeof(uint64_t)) << "Param value of " << bytes << " bytes";
    uint64_t bits = param_->scalar_bits();
    std::memcpy(value, &bits, bytes);
}

bool ScalarParamHandle::has_value() const { return param_->scalar_bound(); }

Expr ScalarParamHandle::expr() const { return Variable::make(type(), name(), *param_); }

std::string unique_param_name() { return unique_name("p"); }

} // namespace weft::internal
