// Calls of CodeGen_LLVM: weft intrinsics (abs, shifts, saturating_cast...), float math
// (LLVM intrinsics where they exist, libm otherwise) and extern calls to the runtime.

#include "codegen/CodeGen_LLVM.h"

#include "Error.h"
#include "ir/IRHelpers.h"
#include "lower/AlignStreamingStores.h"
#include "ir/IRPrinter.h"

#include <llvm/IR/Intrinsics.h>

#include <cstring>

namespace weft::internal {

namespace {

/// Float math that maps onto one LLVM intrinsic, by weft name.
struct FloatIntrinsic {
    const char *name;
    llvm::Intrinsic::ID id;
    int args;
};

constexpr FloatIntrinsic float_intrinsics[] = {
    {"sqrt", llvm::Intrinsic::sqrt, 1},       {"exp", llvm::Intrinsic::exp, 1},
    {"log", llvm::Intrinsic::log, 1},         {"pow", llvm::Intrinsic::pow, 2},
    {"sin", llvm::Intrinsic::sin, 1},         {"cos", llvm::Intrinsic::cos, 1},
    {"floor", llvm::Intrinsic::floor, 1},     {"ceil", llvm::Intrinsic::ceil, 1},
    {"round", llvm::Intrinsic::roundeven, 1}, {"trunc", llvm::Intrinsic::trunc, 1},
    {"fma", llvm::Intrinsic::fma, 3},
};

/// Float math done by a libm function (float32 name; float64 drops the 'f').
constexpr const char *libm_functions[] = {"tan", "tanh", "asin", "acos", "atan", "atan2"};

int libm_arity(const std::string &name) {
    return name == "atan2" ? 2 : 1;
}

} // namespace

llvm::Function *CodeGen_LLVM::declare_c_function(const std::string &name, llvm::Type *ret,
                                                 const std::vector<llvm::Type *> &params,
                                                 const std::vector<Type> &arg_types) {
    if (llvm::Function *f = module_->getFunction(name)) {
        return f;
    }
    llvm::FunctionType *ft = llvm::FunctionType::get(ret, params, false);
    llvm::Function *f =
        llvm::Function::Create(ft, llvm::GlobalValue::ExternalLinkage, name, module_.get());
    f->addFnAttr(llvm::Attribute::NoUnwind);
    if (name.rfind("weft_error", 0) == 0) {
        f->addFnAttr(llvm::Attribute::Cold); // error paths: keep them out of the way
    }
    // The C ABI on x86-64 wants narrow integer arguments extended by the caller.
    for (size_t i = 0; i < arg_types.size() && i < params.size(); i++) {
        const Type t = arg_types[i];
        if ((t.is_int_or_uint() || t.is_bool()) && t.bits < 32) {
            f->addParamAttr(i, t.is_int() ? llvm::Attribute::SExt : llvm::Attribute::ZExt);
        }
    }
    return f;
}

llvm::Value *CodeGen_LLVM::call_runtime(const std::string &name, llvm::Type *ret,
                                        const std::vector<llvm::Value *> &args,
                                        const std::vector<Type> &arg_types) {
    std::vector<llvm::Type *> params;
    for (llvm::Value *a : args) {
        params.push_back(a->getType());
    }
    llvm::Function *f = declare_c_function(name, ret, params, arg_types);
    llvm::CallInst *call = builder_->CreateCall(f, args);
    call->setAttributes(f->getAttributes());
    return call;
}

llvm::Value *CodeGen_LLVM::codegen_extern_call(const Call *op) {
    std::vector<llvm::Value *> args;
    std::vector<Type> types;
    for (const Expr &e : op->args) {
        args.push_back(codegen(e));
        types.push_back(e.type());
    }
    if (op->type.is_scalar()) {
        return call_runtime(op->name, llvm_type_of(op->type), args, types);
    }
    // A vector call of a scalar C function: one call per lane.
    llvm::Value *result = llvm::PoisonValue::get(llvm_type_of(op->type));
    std::vector<Type> scalar_types;
    for (Type t : types) {
        scalar_types.push_back(t.element_of());
    }
    for (int i = 0; i < op->type.lanes; i++) {
        std::vector<llvm::Value *> lane_args;
        for (size_t k = 0; k < args.size(); k++) {
            lane_args.push_back(types[k].is_vector()
                                    ? builder_->CreateExtractElement(args[k], uint64_t(i))
                                    : args[k]);
        }
        llvm::Value *r =
            call_runtime(op->name, llvm_type_of(op->type.element_of()), lane_args, scalar_types);
        result = builder_->CreateInsertElement(result, r, uint64_t(i));
    }
    return result;
}

llvm::Value *CodeGen_LLVM::codegen_float_math(const Call *op) {
    const Type t = op->type;
    const std::string &name = op->name;
    if (name == "is_nan" || name == "is_inf") {
        llvm::Value *x = codegen(op->args[0]);
        if (name == "is_nan") {
            return builder_->CreateFCmpUNO(x, x);
        }
        llvm::Value *ax = builder_->CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
        return builder_->CreateFCmpOEQ(ax, llvm::ConstantFP::getInfinity(x->getType()));
    }
    // Half and bfloat math is done in float32.
    const bool narrow = t.bits < 32;
    const Type work = narrow ? Float(32, t.lanes) : t;
    std::vector<llvm::Value *> args;
    for (const Expr &e : op->args) {
        llvm::Value *v = codegen(e);
        args.push_back(narrow ? builder_->CreateFPExt(v, llvm_type_of(work)) : v);
    }
    auto finish = [&](llvm::Value *r) {
        return narrow ? builder_->CreateFPTrunc(r, llvm_type_of(t)) : r;
    };
    for (const FloatIntrinsic &fi : float_intrinsics) {
        if (name == fi.name) {
            internal_assert(int(args.size()) == fi.args)
                << "codegen: " << name << " takes " << fi.args << " arguments";
            llvm::Function *f =
                llvm::Intrinsic::getDeclaration(module_.get(), fi.id, {llvm_type_of(work)});
            return finish(builder_->CreateCall(f, args));
        }
    }
    for (const char *lm : libm_functions) {
        if (name != lm) {
            continue;
        }
        internal_assert(int(args.size()) == libm_arity(name))
            << "codegen: " << name << " takes " << libm_arity(name) << " arguments";
        const std::string fn = work.bits == 32 ? name + "f" : name;
        llvm::Type *et = llvm_type_of(work.element_of());
        llvm::Function *f =
            declare_c_function(fn, et, std::vector<llvm::Type *>(args.size(), et), {});
        f->setDoesNotAccessMemory();
        if (work.is_scalar()) {
            return finish(builder_->CreateCall(f, args));
        }
        llvm::Value *result = llvm::PoisonValue::get(llvm_type_of(work));
        for (int i = 0; i < work.lanes; i++) {
            std::vector<llvm::Value *> lane;
            for (llvm::Value *a : args) {
                lane.push_back(builder_->CreateExtractElement(a, uint64_t(i)));
            }
            result =
                builder_->CreateInsertElement(result, builder_->CreateCall(f, lane), uint64_t(i));
        }
        return finish(result);
    }
    return nullptr;
}

llvm::Value *CodeGen_LLVM::codegen_intrinsic(const Call *op) {
    if (llvm::Value *v = codegen_target_intrinsic(op)) {
        return v;
    }
    const std::string &name = op->name;
    const Type t = op->type;
    auto arg = [&](int i) { return codegen(op->args[i]); };

    if (name == Call::likely) {
        return arg(0);
    }
    if (name == nontemporal_fence_intrinsic) {
        // Targets with a cheaper fence for streaming stores override this (x86: sfence).
        builder_->CreateFence(llvm::AtomicOrdering::SequentiallyConsistent);
        return builder_->getInt32(0);
    }
    if (name == Call::return_second) {
        arg(0);
        return arg(1);
    }
    if (name == Call::abs) {
        const Type at = op->args[0].type();
        llvm::Value *x = arg(0);
        if (at.is_float()) {
            return builder_->CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
        }
        if (at.is_uint()) {
            return x;
        }
        // |INT_MIN| is 2^(bits-1), exactly representable in the unsigned result.
        return builder_->CreateBinaryIntrinsic(llvm::Intrinsic::abs, x, builder_->getFalse());
    }
    if (name == Call::absd) {
        const Type at = op->args[0].type();
        llvm::Value *a = arg(0), *b = arg(1);
        if (at.is_float()) {
            return builder_->CreateUnaryIntrinsic(llvm::Intrinsic::fabs,
                                                  builder_->CreateFSub(a, b));
        }
        llvm::Value *a_gt =
            at.is_int() ? builder_->CreateICmpSGT(a, b) : builder_->CreateICmpUGT(a, b);
        return builder_->CreateSelect(a_gt, builder_->CreateSub(a, b), builder_->CreateSub(b, a));
    }
    if (name == Call::bitwise_and) {
        return builder_->CreateAnd(arg(0), arg(1));
    }
    if (name == Call::bitwise_or) {
        return builder_->CreateOr(arg(0), arg(1));
    }
    if (name == Call::bitwise_xor) {
        return builder_->CreateXor(arg(0), arg(1));
    }
    if (name == Call::bitwise_not) {
        return builder_->CreateNot(arg(0));
    }
    if (name == Call::shift_left || name == Call::shift_right) {
        llvm::Value *a = arg(0), *b = arg(1);
        const Type bt = op->args[1].type();
        // Amounts >= bits (negative ones included, compared unsigned) shift everything out.
        llvm::Value *in_range = builder_->CreateICmpULT(b, const_int(bt, t.bits));
        b = builder_->CreateIntCast(b, a->getType(), false);
        const bool arithmetic = name == Call::shift_right && t.is_int();
        llvm::Value *out_amount = const_int(t, arithmetic ? t.bits - 1 : 0);
        llvm::Value *amount = builder_->CreateSelect(in_range, b, out_amount);
        if (name == Call::shift_left) {
            return builder_->CreateSelect(in_range, builder_->CreateShl(a, amount),
                                          llvm::Constant::getNullValue(a->getType()));
        }
        if (arithmetic) {
            return builder_->CreateAShr(a, amount);
        }
        return builder_->CreateSelect(in_range, builder_->CreateLShr(a, amount),
                                      llvm::Constant::getNullValue(a->getType()));
    }
    if (name == Call::mul_hi) {
        internal_assert(t.is_int_or_uint()) << "codegen: mul_hi of " << t;
        const Type wide = t.with_bits(t.bits * 2);
        llvm::Value *a = codegen_cast(t, wide, arg(0));
        llvm::Value *b = codegen_cast(t, wide, arg(1));
        llvm::Value *p = builder_->CreateMul(a, b);
        p = builder_->CreateLShr(p, const_int(wide, t.bits));
        return builder_->CreateTrunc(p, llvm_type_of(t));
    }
    if (name == Call::div_round_to_zero || name == Call::mod_round_to_zero) {
        llvm::Value *a = arg(0), *b = arg(1);
        const bool is_div = name == Call::div_round_to_zero;
        if (t.is_float()) {
            return is_div ? builder_->CreateFDiv(a, b) : builder_->CreateFRem(a, b);
        }
        llvm::Value *zero = llvm::Constant::getNullValue(a->getType());
        llvm::Value *is_zero = builder_->CreateICmpEQ(b, zero);
        if (t.is_uint()) {
            llvm::Value *safe = builder_->CreateSelect(is_zero, const_int(t, 1), b);
            llvm::Value *r = is_div ? builder_->CreateUDiv(a, safe) : builder_->CreateURem(a, safe);
            return is_div ? builder_->CreateSelect(is_zero, zero, r) : r;
        }
        llvm::Value *is_minus_one = builder_->CreateICmpEQ(b, const_int(t, -1));
        llvm::Value *safe =
            builder_->CreateSelect(builder_->CreateOr(is_zero, is_minus_one), const_int(t, 1), b);
        if (!is_div) {
            return builder_->CreateSRem(a, safe);
        }
        llvm::Value *q = builder_->CreateSDiv(a, safe);
        q = builder_->CreateSelect(is_minus_one, builder_->CreateNeg(a), q);
        return builder_->CreateSelect(is_zero, zero, q);
    }
    if (name == Call::saturating_cast) {
        return codegen_saturating_cast(op->args[0].type(), t, arg(0));
    }
    if (t.is_float() || name == "is_nan" || name == "is_inf") {
        if (llvm::Value *v = codegen_float_math(op)) {
            return v;
        }
    }
    internal_error << "codegen: unknown intrinsic " << name << " in " << Expr(op);
    return nullptr;
}

llvm::Value *CodeGen_LLVM::codegen_saturating_cast(Type from, Type to, llvm::Value *v) {
    if (from.is_float() && to.is_int_or_uint()) {
        llvm::Intrinsic::ID id =
            to.is_int() ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat;
        llvm::Function *f =
            llvm::Intrinsic::getDeclaration(module_.get(), id, {llvm_type_of(to), v->getType()});
        return builder_->CreateCall(f, {v});
    }
    if (from.is_int_or_uint() && to.is_int_or_uint()) {
        // Clamp to the destination's range, expressed in the source type, then cast.
        using i128 = __int128;
        auto lo_of = [](Type t) -> i128 { return t.is_int() ? -(i128(1) << (t.bits - 1)) : 0; };
        auto hi_of = [](Type t) -> i128 {
            return t.is_int() ? (i128(1) << (t.bits - 1)) - 1 : (i128(1) << t.bits) - 1;
        };
        const i128 lo = std::max(lo_of(from), lo_of(to));
        const i128 hi = std::min(hi_of(from), hi_of(to));
        llvm::Type *ft = llvm_type_of(from);
        if (lo > lo_of(from)) {
            llvm::Value *c = llvm::ConstantInt::get(ft, uint64_t(int64_t(lo)), true);
            v = codegen_min_max(from, v, c, false);
        }
        if (hi < hi_of(from)) {
            llvm::Value *c = llvm::ConstantInt::get(ft, uint64_t(hi), false);
            v = codegen_min_max(from, v, c, true);
        }
        return codegen_cast(from, to, v);
    }
    if (from.is_float() && to.is_float() && to.bits < from.bits) {
        const double max = to.bits == 16 ? (to.is_bfloat() ? 3.38953139e38 : 65504.0)
                                         : double(std::numeric_limits<float>::max());
        llvm::Value *c = llvm::ConstantFP::get(v->getType(), max);
        v = codegen_min_max(from, v, c, true);
        v = codegen_min_max(from, v, llvm::ConstantFP::get(v->getType(), -max), false);
    }
    return codegen_cast(from, to, v);
}

void CodeGen_LLVM::visit(const Call *op) {
    switch (op->call_type) {
    case Call::Image:
    case Call::Func:
        internal_error << "codegen: call to " << op->name << " survived lowering";
        return;
    case Call::Extern:
    case Call::PureExtern:
        value_ = codegen_extern_call(op);
        return;
    case Call::Intrinsic:
    case Call::PureIntrinsic:
        value_ = codegen_intrinsic(op);
        return;
    }
}

} // namespace weft::internal
