// Expressions of CodeGen_LLVM: constants, casts, arithmetic with weft's semantics
// (Euclidean division, x / 0 == 0, wrapping), comparisons, vectors, loads and stores.
// Calls are in CodeGen_LLVM_Calls.cpp.

#include "codegen/CodeGen_LLVM.h"

#include "Error.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"

#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/Analysis/VectorUtils.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Intrinsics.h>

#include <bit>

namespace weft::internal {

// ---------------------------------------------------------------------------------
// Constants, variables, casts

void CodeGen_LLVM::visit(const IntImm *op) {
    value_ = const_int(op->type, op->value);
}

void CodeGen_LLVM::visit(const UIntImm *op) {
    value_ = llvm::ConstantInt::get(llvm_type_of(op->type), op->value, false);
}

void CodeGen_LLVM::visit(const FloatImm *op) {
    value_ = llvm::ConstantFP::get(llvm_type_of(op->type), op->value);
}

void CodeGen_LLVM::visit(const StringImm *op) {
    auto it = strings_.find(op->value);
    if (it == strings_.end()) {
        llvm::Constant *s = builder_->CreateGlobalString(op->value, "str", 0, module_.get());
        it = strings_.emplace(op->value, s).first;
    }
    value_ = it->second;
}

void CodeGen_LLVM::visit(const Variable *op) {
    value_ = sym_get(op->name);
}

llvm::Value *CodeGen_LLVM::codegen_cast(Type from, Type to, llvm::Value *v) {
    llvm::Type *dst = llvm_type_of(to);
    if (from.element_of() == to.element_of()) {
        return v;
    }
    if (to.is_bool()) {
        if (from.is_float()) {
            return builder_->CreateFCmpUNE(v, llvm::ConstantFP::get(v->getType(), 0.0));
        }
        return builder_->CreateIsNotNull(v);
    }
    if (from.is_bool()) {
        return to.is_float() ? builder_->CreateUIToFP(v, dst) : builder_->CreateZExt(v, dst);
    }
    if (from.is_int_or_uint() && to.is_int_or_uint()) {
        return builder_->CreateIntCast(v, dst, from.is_int());
    }
    if (from.is_int_or_uint() && to.is_float()) {
        return from.is_int() ? builder_->CreateSIToFP(v, dst) : builder_->CreateUIToFP(v, dst);
    }
    if (from.is_float() && to.is_int_or_uint()) {
        // Out of range is an undefined value, never poison: freeze the result. Narrow
        // unsigned results go through a signed conversion, as C compilers do on x86.
        llvm::Value *r = nullptr;
        if (to.is_uint() && to.bits < 64) {
            Type wide = Int(to.bits < 32 ? 32 : 64, to.lanes);
            r = builder_->CreateFPToSI(v, llvm_type_of(wide));
            r = builder_->CreateTrunc(builder_->CreateFreeze(r), dst);
            return r;
        }
        r = to.is_int() ? builder_->CreateFPToSI(v, dst) : builder_->CreateFPToUI(v, dst);
        return builder_->CreateFreeze(r);
    }
    if (from.is_float() && to.is_float()) {
        return builder_->CreateFPCast(v, dst);
    }
    if (from.is_handle() && to.is_int_or_uint()) {
        return builder_->CreatePtrToInt(v, dst);
    }
    if (from.is_int_or_uint() && to.is_handle()) {
        return builder_->CreateIntToPtr(v, dst);
    }
    internal_error << "codegen: cannot cast " << from << " to " << to;
    return nullptr;
}

void CodeGen_LLVM::visit(const Cast *op) {
    value_ = codegen_cast(op->value.type(), op->type, codegen(op->value));
}

void CodeGen_LLVM::visit(const Reinterpret *op) {
    llvm::Value *v = codegen(op->value);
    llvm::Type *dst = llvm_type_of(op->type);
    const Type from = op->value.type();
    if (from.is_handle() && !op->type.is_handle()) {
        value_ = builder_->CreatePtrToInt(v, dst);
    } else if (!from.is_handle() && op->type.is_handle()) {
        value_ = builder_->CreateIntToPtr(v, dst);
    } else {
        value_ = builder_->CreateBitCast(v, dst);
    }
}

// ---------------------------------------------------------------------------------
// Arithmetic

void CodeGen_LLVM::visit(const Add *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = op->type.is_float() ? builder_->CreateFAdd(a, b) : builder_->CreateAdd(a, b);
}

void CodeGen_LLVM::visit(const Sub *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = op->type.is_float() ? builder_->CreateFSub(a, b) : builder_->CreateSub(a, b);
}

void CodeGen_LLVM::visit(const Mul *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = op->type.is_float() ? builder_->CreateFMul(a, b) : builder_->CreateMul(a, b);
}

namespace {

/// The positive constant value of a divisor, or 0.
int64_t positive_const_divisor(const Expr &e) {
    std::optional<int64_t> v = as_const_int(e);
    if (!v) {
        if (std::optional<uint64_t> u = as_const_uint(e); u && *u <= uint64_t(INT64_MAX)) {
            v = int64_t(*u);
        }
    }
    return v && *v > 0 ? *v : 0;
}

} // namespace

llvm::Value *CodeGen_LLVM::codegen_div(Type t, llvm::Value *a, llvm::Value *b,
                                       const Expr &divisor) {
    if (t.is_float()) {
        return builder_->CreateFDiv(a, b);
    }
    const int64_t c = positive_const_divisor(divisor);
    if (t.is_uint() || t.is_bool()) {
        if (c > 0) {
            return builder_->CreateUDiv(a, b);
        }
        llvm::Value *zero = llvm::Constant::getNullValue(a->getType());
        llvm::Value *is_zero = builder_->CreateICmpEQ(b, zero);
        llvm::Value *safe = builder_->CreateSelect(is_zero, const_int(t, 1), b);
        return builder_->CreateSelect(is_zero, zero, builder_->CreateUDiv(a, safe));
    }
    if (c > 0) {
        if (std::has_single_bit(uint64_t(c))) {
            return builder_->CreateAShr(a, const_int(t, std::countr_zero(uint64_t(c))));
        }
        // floor(a / c) == s ^ ((s ^ a) / c) with s = a >> (bits - 1): for negative a,
        // ~a is non-negative and floor(a / c) == ~(~a / c). The division is unsigned.
        llvm::Value *s = builder_->CreateAShr(a, const_int(t, t.bits - 1));
        llvm::Value *q = builder_->CreateUDiv(builder_->CreateXor(s, a), b);
        return builder_->CreateXor(s, q);
    }
    // General signed case. The divisor used is never 0 or -1 (no traps); those two
    // cases are patched up afterwards.
    llvm::Value *zero = llvm::Constant::getNullValue(a->getType());
    llvm::Value *one = const_int(t, 1);
    llvm::Value *is_zero = builder_->CreateICmpEQ(b, zero);
    llvm::Value *is_minus_one = builder_->CreateICmpEQ(b, const_int(t, -1));
    llvm::Value *safe = builder_->CreateSelect(builder_->CreateOr(is_zero, is_minus_one), one, b);
    llvm::Value *q = builder_->CreateSDiv(a, safe);
    llvm::Value *r = builder_->CreateSRem(a, safe);
    // Euclidean: when r < 0, step q away from zero in the divisor's direction.
    llvm::Value *r_negative = builder_->CreateICmpSLT(r, zero);
    llvm::Value *b_negative = builder_->CreateICmpSLT(safe, zero);
    llvm::Value *step = builder_->CreateSelect(b_negative, one, const_int(t, -1));
    q = builder_->CreateSelect(r_negative, builder_->CreateAdd(q, step), q);
    q = builder_->CreateSelect(is_minus_one, builder_->CreateNeg(a), q);
    return builder_->CreateSelect(is_zero, zero, q);
}

llvm::Value *CodeGen_LLVM::codegen_mod(Type t, llvm::Value *a, llvm::Value *b,
                                       const Expr &divisor) {
    if (t.is_float()) {
        // a - b * floor(a / b)
        llvm::Value *q = builder_->CreateFDiv(a, b);
        q = builder_->CreateUnaryIntrinsic(llvm::Intrinsic::floor, q);
        return builder_->CreateFSub(a, builder_->CreateFMul(b, q));
    }
    const int64_t c = positive_const_divisor(divisor);
    if (t.is_uint() || t.is_bool()) {
        if (c > 0) {
            return builder_->CreateURem(a, b);
        }
        llvm::Value *zero = llvm::Constant::getNullValue(a->getType());
        llvm::Value *is_zero = builder_->CreateICmpEQ(b, zero);
        llvm::Value *safe = builder_->CreateSelect(is_zero, const_int(t, 1), b);
        return builder_->CreateURem(a, safe); // a % 1 == 0
    }
    if (c > 0) {
        if (std::has_single_bit(uint64_t(c))) {
            return builder_->CreateAnd(a, const_int(t, c - 1));
        }
        llvm::Value *r = builder_->CreateSRem(a, b);
        llvm::Value *negative =
            builder_->CreateICmpSLT(r, llvm::Constant::getNullValue(r->getType()));
        return builder_->CreateSelect(negative, builder_->CreateAdd(r, b), r);
    }
    // b == 0 and b == -1 divide by 1 instead, whose remainder 0 is the right answer.
    llvm::Value *zero = llvm::Constant::getNullValue(a->getType());
    llvm::Value *is_zero = builder_->CreateICmpEQ(b, zero);
    llvm::Value *is_minus_one = builder_->CreateICmpEQ(b, const_int(t, -1));
    llvm::Value *safe =
        builder_->CreateSelect(builder_->CreateOr(is_zero, is_minus_one), const_int(t, 1), b);
    llvm::Value *r = builder_->CreateSRem(a, safe);
    llvm::Value *abs_b =
        builder_->CreateBinaryIntrinsic(llvm::Intrinsic::abs, safe, builder_->getFalse());
    llvm::Value *negative = builder_->CreateICmpSLT(r, zero);
    return builder_->CreateSelect(negative, builder_->CreateAdd(r, abs_b), r);
}

void CodeGen_LLVM::visit(const Div *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_div(op->type, a, b, op->b);
}

void CodeGen_LLVM::visit(const Mod *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_mod(op->type, a, b, op->b);
}

llvm::Value *CodeGen_LLVM::codegen_min_max(Type t, llvm::Value *a, llvm::Value *b, bool is_min) {
    if (t.is_float()) {
        // An ordinary compare and select (not minnum): min(a, NaN) is NaN, min(NaN, b) is b.
        llvm::Value *pick_a =
            is_min ? builder_->CreateFCmpOLT(a, b) : builder_->CreateFCmpOGT(a, b);
        return builder_->CreateSelect(pick_a, a, b);
    }
    llvm::Intrinsic::ID id = t.is_int() ? (is_min ? llvm::Intrinsic::smin : llvm::Intrinsic::smax)
                                        : (is_min ? llvm::Intrinsic::umin : llvm::Intrinsic::umax);
    return builder_->CreateBinaryIntrinsic(id, a, b);
}

void CodeGen_LLVM::visit(const Min *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_min_max(op->type, a, b, true);
}

void CodeGen_LLVM::visit(const Max *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_min_max(op->type, a, b, false);
}

// ---------------------------------------------------------------------------------
// Comparisons and logic

llvm::Value *CodeGen_LLVM::codegen_cmp(Type t, llvm::Value *a, llvm::Value *b,
                                       llvm::CmpInst::Predicate si, llvm::CmpInst::Predicate ui,
                                       llvm::CmpInst::Predicate f) {
    if (t.is_float()) {
        return builder_->CreateFCmp(f, a, b);
    }
    return builder_->CreateICmp(t.is_int() ? si : ui, a, b);
}

using P = llvm::CmpInst::Predicate;

void CodeGen_LLVM::visit(const EQ *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_EQ, P::ICMP_EQ, P::FCMP_OEQ);
}
void CodeGen_LLVM::visit(const NE *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_NE, P::ICMP_NE, P::FCMP_UNE);
}
void CodeGen_LLVM::visit(const LT *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_SLT, P::ICMP_ULT, P::FCMP_OLT);
}
void CodeGen_LLVM::visit(const LE *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_SLE, P::ICMP_ULE, P::FCMP_OLE);
}
void CodeGen_LLVM::visit(const GT *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_SGT, P::ICMP_UGT, P::FCMP_OGT);
}
void CodeGen_LLVM::visit(const GE *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = codegen_cmp(op->a.type(), a, b, P::ICMP_SGE, P::ICMP_UGE, P::FCMP_OGE);
}

void CodeGen_LLVM::visit(const And *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = builder_->CreateAnd(a, b);
}

void CodeGen_LLVM::visit(const Or *op) {
    llvm::Value *a = codegen(op->a), *b = codegen(op->b);
    value_ = builder_->CreateOr(a, b);
}

void CodeGen_LLVM::visit(const Not *op) {
    value_ = builder_->CreateNot(codegen(op->a));
}

void CodeGen_LLVM::visit(const Select *op) {
    llvm::Value *c = codegen(op->condition);
    llvm::Value *t = codegen(op->true_value);
    llvm::Value *f = codegen(op->false_value);
    value_ = builder_->CreateSelect(c, t, f);
}

// ---------------------------------------------------------------------------------
// Vectors

void CodeGen_LLVM::visit(const Ramp *op) {
    llvm::Value *base = codegen(op->base);
    llvm::Value *stride = codegen(op->stride);
    const Type et = op->base.type();
    std::vector<llvm::Constant *> lanes;
    for (int i = 0; i < op->lanes; i++) {
        lanes.push_back(et.is_float() ? llvm::ConstantFP::get(base->getType(), i)
                                      : llvm::ConstantInt::get(base->getType(), i));
    }
    llvm::Value *iota = llvm::ConstantVector::get(lanes);
    llvm::Value *b = builder_->CreateVectorSplat(op->lanes, base);
    llvm::Value *s = builder_->CreateVectorSplat(op->lanes, stride);
    value_ = et.is_float() ? builder_->CreateFAdd(b, builder_->CreateFMul(s, iota))
                           : builder_->CreateAdd(b, builder_->CreateMul(s, iota));
}

void CodeGen_LLVM::visit(const Broadcast *op) {
    value_ = builder_->CreateVectorSplat(op->lanes, codegen(op->value));
}

llvm::Value *CodeGen_LLVM::concat_vectors(const std::vector<llvm::Value *> &vs) {
    // Scalars become one-lane vectors; then pairs are joined, padding the shorter.
    std::vector<llvm::Value *> parts;
    for (llvm::Value *v : vs) {
        if (!v->getType()->isVectorTy()) {
            llvm::Type *vt = llvm::FixedVectorType::get(v->getType(), 1);
            v = builder_->CreateInsertElement(llvm::PoisonValue::get(vt), v, uint64_t(0));
        }
        parts.push_back(v);
    }
    auto lanes_of = [](llvm::Value *v) {
        return int(llvm::cast<llvm::FixedVectorType>(v->getType())->getNumElements());
    };
    while (parts.size() > 1) {
        std::vector<llvm::Value *> next;
        for (size_t i = 0; i + 1 < parts.size(); i += 2) {
            llvm::Value *a = parts[i], *b = parts[i + 1];
            const int na = lanes_of(a), nb = lanes_of(b), n = std::max(na, nb);
            auto pad = [&](llvm::Value *v, int have) {
                if (have == n) {
                    return v;
                }
                std::vector<int> idx(n, -1);
                for (int k = 0; k < have; k++) {
                    idx[k] = k;
                }
                return builder_->CreateShuffleVector(v, idx);
            };
            std::vector<int> idx;
            for (int k = 0; k < na; k++) {
                idx.push_back(k);
            }
            for (int k = 0; k < nb; k++) {
                idx.push_back(n + k);
            }
            next.push_back(builder_->CreateShuffleVector(pad(a, na), pad(b, nb), idx));
        }
        if (parts.size() % 2) {
            next.push_back(parts.back());
        }
        parts = std::move(next);
    }
    return parts[0];
}

llvm::Value *CodeGen_LLVM::slice_vector(llvm::Value *v, int begin, int stride, int lanes) {
    if (lanes == 1) {
        return builder_->CreateExtractElement(v, uint64_t(begin));
    }
    std::vector<int> idx;
    for (int i = 0; i < lanes; i++) {
        idx.push_back(begin + i * stride);
    }
    return builder_->CreateShuffleVector(v, idx);
}

void CodeGen_LLVM::visit(const Shuffle *op) {
    std::vector<llvm::Value *> vs;
    for (const Expr &e : op->vectors) {
        vs.push_back(codegen(e));
    }
    llvm::Value *all = concat_vectors(vs);
    if (op->indices.size() == 1) {
        value_ = builder_->CreateExtractElement(all, uint64_t(op->indices[0]));
        return;
    }
    value_ = builder_->CreateShuffleVector(all, op->indices);
}

llvm::Value *CodeGen_LLVM::codegen_vector_reduce(int op_code, Type t, llvm::Value *v,
                                                 int out_lanes) {
    using Op = VectorReduce::Operator;
    const Op op = static_cast<Op>(op_code);
    const int in_lanes = int(llvm::cast<llvm::FixedVectorType>(v->getType())->getNumElements());
    internal_assert(out_lanes > 0 && in_lanes % out_lanes == 0)
        << "codegen: VectorReduce of " << in_lanes << " lanes to " << out_lanes;
    auto combine = [&](llvm::Value *a, llvm::Value *b) -> llvm::Value * {
        switch (op) {
        case Op::Add:
            return t.is_float() ? builder_->CreateFAdd(a, b) : builder_->CreateAdd(a, b);
        case Op::Mul:
            return t.is_float() ? builder_->CreateFMul(a, b) : builder_->CreateMul(a, b);
        case Op::Min:
            return codegen_min_max(t, a, b, true);
        case Op::Max:
            return codegen_min_max(t, a, b, false);
        case Op::And:
            return builder_->CreateAnd(a, b);
        case Op::Or:
            return builder_->CreateOr(a, b);
        }
        return nullptr;
    };
    // Floats combine in a tree (below), not with LLVM's reductions: without fast-math
    // flags its fadd/fmul reductions are ordered (a serial chain), and a VectorReduce
    // (an atomic update, src/lower/VectorizeReductions.h) may be reassociated.
    if (out_lanes == 1 && !t.is_float()) {
        switch (op) {
        case Op::Add:
            return builder_->CreateAddReduce(v);
        case Op::Mul:
            return builder_->CreateMulReduce(v);
        case Op::Min:
            return builder_->CreateIntMinReduce(v, t.is_int());
        case Op::Max:
            return builder_->CreateIntMaxReduce(v, t.is_int());
        case Op::And:
            return builder_->CreateAndReduce(v);
        case Op::Or:
            return builder_->CreateOrReduce(v);
        }
    }
    if (out_lanes == 1) {
        // All lanes to one: combine the lower and the upper half while even (the halves
        // of a wide vector are whole registers, then in-register shuffles).
        // (slice_vector of one lane is the scalar.)
        int lanes = in_lanes;
        while (lanes % 2 == 0) {
            lanes /= 2;
            v = combine(slice_vector(v, 0, 1, lanes), slice_vector(v, lanes, 1, lanes));
        }
        if (lanes == 1) {
            return v;
        }
        llvm::Value *acc = builder_->CreateExtractElement(v, uint64_t(0));
        for (int k = 1; k < lanes; k++) {
            acc = combine(acc, builder_->CreateExtractElement(v, uint64_t(k)));
        }
        return acc;
    }
    // Groups of `factor` adjacent lanes: combine the strided slices, halving while even.
    int factor = in_lanes / out_lanes;
    while (factor % 2 == 0) {
        // Adjacent pairs: lanes 2j and 2j+1.
        const int lanes =
            int(llvm::cast<llvm::FixedVectorType>(v->getType())->getNumElements()) / 2;
        v = combine(slice_vector(v, 0, 2, lanes), slice_vector(v, 1, 2, lanes));
        factor /= 2;
    }
    if (factor == 1) {
        return v;
    }
    llvm::Value *acc = slice_vector(v, 0, factor, out_lanes);
    for (int k = 1; k < factor; k++) {
        acc = combine(acc, slice_vector(v, k, factor, out_lanes));
    }
    return acc;
}

void CodeGen_LLVM::visit(const VectorReduce *op) {
    llvm::Value *v = codegen(op->value);
    value_ = codegen_vector_reduce(int(op->op), op->type, v, op->type.lanes);
}

void CodeGen_LLVM::visit(const Let *op) {
    llvm::Value *v = codegen(op->value);
    sym_push(op->name, v);
    value_ = codegen(op->body);
    sym_pop(op->name);
}

// ---------------------------------------------------------------------------------
// Loads and stores

namespace {

/// Is `v` computed from a value loaded from memory (within `depth` instructions)?
/// Looks through the LLVM values, so the lets CSE made are seen through too.
bool loaded_from_memory(const llvm::Value *v, llvm::SmallPtrSetImpl<const llvm::Value *> &seen,
                        int depth = 12) {
    const auto *inst = llvm::dyn_cast<llvm::Instruction>(v);
    if (!inst || depth == 0 || llvm::isa<llvm::PHINode>(inst) || !seen.insert(inst).second) {
        return false;
    }
    if (llvm::isa<llvm::LoadInst>(inst)) {
        return true;
    }
    if (const auto *call = llvm::dyn_cast<llvm::IntrinsicInst>(inst)) {
        const llvm::Intrinsic::ID id = call->getIntrinsicID();
        if (id == llvm::Intrinsic::masked_load || id == llvm::Intrinsic::masked_gather) {
            return true;
        }
    }
    for (const llvm::Value *operand : inst->operands()) {
        if (loaded_from_memory(operand, seen, depth - 1)) {
            return true;
        }
    }
    return false;
}

bool loaded_from_memory(const llvm::Value *v) {
    llvm::SmallPtrSet<const llvm::Value *, 32> seen;
    return loaded_from_memory(v, seen);
}

/// The stride of a Ramp index when constant, else nullopt.
std::optional<int64_t> const_ramp_stride(const Expr &index) {
    const Ramp *r = index.as<Ramp>();
    return r ? as_const_int(r->stride) : std::nullopt;
}

/// When a vector index (as generated) is a splat plus constant lane offsets, under any
/// signed clamps by splats (x16(s) + <constants>, ramps, and smin / smax of them with
/// splats, as dense_lane_shuffles leaves them at the edges), the offsets; else nullopt.
/// Reads the LLVM values, so lets (CSE) are no obstacle.
std::optional<std::vector<int64_t>> clamped_lane_offsets(llvm::Value *v, int depth = 0) {
    auto *vt = llvm::dyn_cast<llvm::FixedVectorType>(v->getType());
    if (!vt || depth > 8) {
        return std::nullopt;
    }
    const unsigned lanes = vt->getNumElements();
    if (llvm::getSplatValue(v)) {
        return std::vector<int64_t>(lanes, 0);
    }
    if (auto *c = llvm::dyn_cast<llvm::Constant>(v)) {
        std::vector<int64_t> out;
        for (unsigned i = 0; i < lanes; i++) {
            auto *ci = llvm::dyn_cast_or_null<llvm::ConstantInt>(c->getAggregateElement(i));
            if (!ci) {
                return std::nullopt;
            }
            out.push_back(ci->getSExtValue());
        }
        return out;
    }
    if (auto *bin = llvm::dyn_cast<llvm::BinaryOperator>(v)) {
        const auto opc = bin->getOpcode();
        if (opc != llvm::Instruction::Add && opc != llvm::Instruction::Sub) {
            return std::nullopt;
        }
        auto a = clamped_lane_offsets(bin->getOperand(0), depth + 1);
        auto b = clamped_lane_offsets(bin->getOperand(1), depth + 1);
        if (!a || !b) {
            return std::nullopt;
        }
        for (unsigned i = 0; i < lanes; i++) {
            (*a)[i] += opc == llvm::Instruction::Add ? (*b)[i] : -(*b)[i];
        }
        return a;
    }
    if (auto *call = llvm::dyn_cast<llvm::IntrinsicInst>(v)) {
        const auto id = call->getIntrinsicID();
        if (id != llvm::Intrinsic::smin && id != llvm::Intrinsic::smax) {
            return std::nullopt;
        }
        for (unsigned k = 0; k < 2; k++) {
            if (llvm::getSplatValue(call->getArgOperand(1 - k))) {
                return clamped_lane_offsets(call->getArgOperand(k), depth + 1);
            }
        }
    }
    return std::nullopt;
}

/// Whether an index with these (unclamped) lane offsets follows `pattern` from its first
/// lane. Where it does not, the index matches the pattern at most by coincidence at an
/// edge, where clamps bind: not worth a run-time test.
bool may_follow(const std::vector<int64_t> &offsets, const std::vector<int> &pattern) {
    for (size_t i = 0; i < offsets.size(); i++) {
        if (offsets[i] - offsets[0] != pattern[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

// Scalar indices (and the bases of Ramp indices) are evaluated in i64: the Adds, Subs
// and Muls of Int(32) at the top of the index expression are done on sign-extended
// operands, so they never wrap. Bounds inference and add_buffer_checks reason about the
// exact (unwrapped) values of indices, so this is the index that was checked (lowered
// index arithmetic never relies on wrapping); and LLVM sees one i64 sum per
// access, folds the constant offsets of neighbouring accesses (in[x], in[x + 1]) into
// the addressing mode and hoists the loop-invariant terms, instead of recomputing and
// sign-extending a 32-bit sum for every load.
llvm::Value *CodeGen_LLVM::codegen_index(const Expr &index) {
    if (index.type() != Int(32)) {
        llvm::Value *v = codegen(index);
        return v->getType() == i64_ ? v : builder_->CreateSExt(v, i64_);
    }
    if (const IntImm *c = index.as<IntImm>()) {
        return builder_->getInt64(uint64_t(c->value));
    }
    if (const Add *op = index.as<Add>()) {
        return builder_->CreateAdd(codegen_index(op->a), codegen_index(op->b));
    }
    if (const Sub *op = index.as<Sub>()) {
        return builder_->CreateSub(codegen_index(op->a), codegen_index(op->b));
    }
    if (const Mul *op = index.as<Mul>()) {
        return builder_->CreateMul(codegen_index(op->a), codegen_index(op->b));
    }
    return builder_->CreateSExt(codegen(index), i64_);
}

llvm::Value *CodeGen_LLVM::codegen_load(const Load *op) {
    const Type t = op->type;
    llvm::Value *base = sym_get(op->name);
    llvm::Type *mem = memory_type_of(t);
    const llvm::Align align(t.bytes() > 0 ? t.bytes() : 1);
    const bool predicated = op->predicate.defined() && !is_const_true(op->predicate);
    auto to_value = [&](llvm::Value *v) { return t.is_bool() ? builder_->CreateIsNotNull(v) : v; };
    auto finish = [&](llvm::Instruction *inst) {
        add_alias_info(inst, op->name);
        return to_value(inst);
    };

    if (t.is_scalar()) {
        llvm::Value *addr = element_pointer(base, t, codegen_index(op->index));
        if (!predicated) {
            return finish(builder_->CreateAlignedLoad(mem, addr, align, op->name));
        }
        // A scalar predicated load: load only when the predicate holds, else zero.
        llvm::Value *pred = codegen(op->predicate);
        llvm::Function *f = function_.function;
        llvm::BasicBlock *before = builder_->GetInsertBlock();
        llvm::BasicBlock *do_load = llvm::BasicBlock::Create(*context_, op->name + ".load", f);
        llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".loaded", f);
        builder_->CreateCondBr(pred, do_load, after);
        builder_->SetInsertPoint(do_load);
        llvm::LoadInst *l = builder_->CreateAlignedLoad(mem, addr, align, op->name);
        add_alias_info(l, op->name);
        builder_->CreateBr(after);
        builder_->SetInsertPoint(after);
        llvm::PHINode *phi = builder_->CreatePHI(mem, 2);
        phi->addIncoming(llvm::Constant::getNullValue(mem), before);
        phi->addIncoming(l, do_load);
        return to_value(phi);
    }

    llvm::Value *mask = predicated ? codegen(op->predicate) : nullptr;
    if (const Broadcast *b = op->index.as<Broadcast>(); b && !predicated) {
        llvm::Value *addr = element_pointer(base, t, codegen_index(b->value));
        llvm::Value *v = finish(
            builder_->CreateAlignedLoad(memory_type_of(t.element_of()), addr, align, op->name));
        return builder_->CreateVectorSplat(t.lanes, v);
    }
    if (const_ramp_stride(op->index) == 1) {
        const Ramp *r = op->index.as<Ramp>();
        llvm::Value *addr = element_pointer(base, t, codegen_index(r->base));
        if (!mask) {
            return finish(builder_->CreateAlignedLoad(mem, addr, align, op->name));
        }
        return finish(builder_->CreateMaskedLoad(mem, addr, align, mask,
                                                 llvm::Constant::getNullValue(mem), op->name));
    }
    llvm::Type *elem = memory_type_of(t.element_of());
    const std::optional<int64_t> stride = const_ramp_stride(op->index);
    if (!mask && stride && *stride >= 2 && *stride <= 4) {
        // A small constant stride (a deinterleave: in[2x], in[2x + 1]): one dense load of
        // the lanes * stride elements from the first, the last stride - 1 masked off (so
        // no element past the last one read is touched), then every stride-th lane.
        const int s = int(*stride), wide = t.lanes * s;
        const Ramp *r = op->index.as<Ramp>();
        llvm::Value *addr = element_pointer(base, t, codegen_index(r->base));
        std::vector<llvm::Constant *> enabled;
        for (int i = 0; i < wide; i++) {
            enabled.push_back(builder_->getInt1(i <= (t.lanes - 1) * s));
        }
        llvm::Type *wide_type = llvm::FixedVectorType::get(elem, wide);
        llvm::Instruction *l =
            builder_->CreateMaskedLoad(wide_type, addr, align, llvm::ConstantVector::get(enabled),
                                       llvm::Constant::getNullValue(wide_type), op->name);
        add_alias_info(l, op->name);
        return to_value(slice_vector(l, 0, s, t.lanes));
    }
    // A gather.
    llvm::Value *narrow_index = codegen(op->index);
    llvm::Value *index =
        builder_->CreateSExt(narrow_index, llvm::FixedVectorType::get(i64_, t.lanes));
    llvm::Value *addrs = builder_->CreateInBoundsGEP(elem, base, index);
    if (mask || !narrow_index->getType()->getScalarType()->isIntegerTy(32)) {
        return finish(builder_->CreateMaskedGather(mem, addrs, align, mask,
                                                   llvm::Constant::getNullValue(mem), op->name));
    }
    auto gather = [&]() -> llvm::Value * {
        llvm::Instruction *g = builder_->CreateMaskedGather(
            mem, addrs, align, nullptr, llvm::Constant::getNullValue(mem), op->name);
        add_alias_info(g, op->name);
        return g;
    };
    // An index computed from values read from memory (a lookup table, a data-dependent
    // grid cell) follows no lane pattern: the run-time pattern tests would only cost
    // (bilateral_grid's vectorized slice, 2560x1536, 1 thread: 47.0 -> 34.0 ms;
    // camera_pipe 21.6 -> 17.2 ms; local_laplacian 125 -> 109 ms).
    if (loaded_from_memory(narrow_index)) {
        return to_value(gather());
    }
    // An unpredicated gather whose indices often follow a fixed pattern from the first
    // lane's: consecutive (a clamped Ramp, as a boundary condition makes:
    // in[max(min(ramp(x, 1, 16), w - 1), 0)], consecutive away from the edges), or each
    // repeated twice (in[ramp(x, 1, 16) / 2], an interleave of a half-resolution
    // image; two patterns, for an even and an odd x). Test the patterns at run time;
    // on a match, load the span [first, first + max(pattern)] with one masked load of
    // `lanes` elements (the lanes past the span masked off, so only elements the
    // gather reads are touched) and shuffle it into place.
    std::vector<std::vector<int>> patterns(3, std::vector<int>(size_t(t.lanes)));
    for (int i = 0; i < t.lanes; i++) {
        patterns[0][size_t(i)] = i;
        patterns[1][size_t(i)] = i / 2;
        patterns[2][size_t(i)] = (i + 1) / 2;
    }
    // Indices with known constant lane offsets (the edges dense_lane_shuffles leaves)
    // are tested only for the patterns those offsets follow.
    if (auto offsets = clamped_lane_offsets(narrow_index)) {
        std::erase_if(patterns,
                      [&](const std::vector<int> &p) { return !may_follow(*offsets, p); });
    }
    if (patterns.empty()) {
        return to_value(gather());
    }
    llvm::Value *first = builder_->CreateExtractElement(narrow_index, uint64_t(0));
    llvm::Value *first_splat = builder_->CreateVectorSplat(t.lanes, first);
    llvm::Value *addr = element_pointer(base, t, builder_->CreateSExt(first, i64_));
    llvm::Function *f = function_.function;
    llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".gathered", f);
    std::vector<std::pair<llvm::Value *, llvm::BasicBlock *>> results;
    for (const std::vector<int> &pattern : patterns) {
        std::vector<llvm::Constant *> offsets, enabled;
        for (int i = 0; i < t.lanes; i++) {
            offsets.push_back(builder_->getInt32(uint32_t(pattern[size_t(i)])));
            enabled.push_back(builder_->getInt1(i <= pattern.back()));
        }
        llvm::Value *expected =
            builder_->CreateAdd(first_splat, llvm::ConstantVector::get(offsets));
        llvm::Value *matches =
            builder_->CreateAndReduce(builder_->CreateICmpEQ(narrow_index, expected));
        llvm::BasicBlock *match = llvm::BasicBlock::Create(*context_, op->name + ".dense", f);
        llvm::BasicBlock *next = llvm::BasicBlock::Create(*context_, op->name + ".next", f);
        builder_->CreateCondBr(matches, match, next);
        builder_->SetInsertPoint(match);
        llvm::Instruction *span =
            pattern.back() == t.lanes - 1
                ? static_cast<llvm::Instruction *>(
                      builder_->CreateAlignedLoad(mem, addr, align, op->name))
                : builder_->CreateMaskedLoad(mem, addr, align, llvm::ConstantVector::get(enabled),
                                             llvm::Constant::getNullValue(mem), op->name);
        add_alias_info(span, op->name);
        llvm::Value *v = pattern.back() == t.lanes - 1
                             ? static_cast<llvm::Value *>(span)
                             : builder_->CreateShuffleVector(span, pattern);
        results.emplace_back(v, builder_->GetInsertBlock());
        builder_->CreateBr(after);
        builder_->SetInsertPoint(next);
    }
    llvm::Value *gathered = gather();
    results.emplace_back(gathered, builder_->GetInsertBlock());
    builder_->CreateBr(after);
    builder_->SetInsertPoint(after);
    llvm::PHINode *phi = builder_->CreatePHI(mem, unsigned(results.size()));
    for (auto &[v, bb] : results) {
        phi->addIncoming(v, bb);
    }
    return to_value(phi);
}

void CodeGen_LLVM::visit(const Load *op) {
    value_ = codegen_load(op);
}

void CodeGen_LLVM::codegen_store(const Store *op) {
    const Type t = op->value.type();
    llvm::Value *base = sym_get(op->name);
    llvm::Value *v = codegen(op->value);
    if (t.is_bool()) {
        v = builder_->CreateZExt(v, memory_type_of(t));
    }
    const llvm::Align align(t.bytes() > 0 ? t.bytes() : 1);
    const bool predicated = op->predicate.defined() && !is_const_true(op->predicate);

    if (t.is_scalar()) {
        llvm::Value *addr = element_pointer(base, t, codegen_index(op->index));
        if (!predicated) {
            add_alias_info(builder_->CreateAlignedStore(v, addr, align), op->name);
            return;
        }
        llvm::Value *pred = codegen(op->predicate);
        llvm::Function *f = function_.function;
        llvm::BasicBlock *do_store = llvm::BasicBlock::Create(*context_, op->name + ".store", f);
        llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, op->name + ".stored", f);
        builder_->CreateCondBr(pred, do_store, after);
        builder_->SetInsertPoint(do_store);
        add_alias_info(builder_->CreateAlignedStore(v, addr, align), op->name);
        builder_->CreateBr(after);
        builder_->SetInsertPoint(after);
        return;
    }

    llvm::Value *mask = predicated ? codegen(op->predicate) : nullptr;
    if (const_ramp_stride(op->index) == 1) {
        const Ramp *r = op->index.as<Ramp>();
        llvm::Value *addr = element_pointer(base, t, codegen_index(r->base));
        llvm::Instruction *s = nullptr;
        if (mask && nontemporal_buffers_.count(op->name)) {
            codegen_lane_stores(v, addr, align, mask, op->name);
            return;
        } else if (mask) {
            s = builder_->CreateMaskedStore(v, addr, align, mask);
        } else if (nontemporal_buffers_.count(op->name)) {
            codegen_streaming_store(v, addr, align, op->name);
            return;
        } else {
            s = builder_->CreateAlignedStore(v, addr, align);
        }
        add_alias_info(s, op->name);
        return;
    }
    // A scatter; lanes are written in order, so the last of equal indices wins.
    llvm::Value *index =
        builder_->CreateSExt(codegen(op->index), llvm::FixedVectorType::get(i64_, t.lanes));
    llvm::Value *addrs = builder_->CreateInBoundsGEP(memory_type_of(t.element_of()), base, index);
    if (!mask) {
        mask = llvm::ConstantInt::getTrue(llvm::FixedVectorType::get(i1_, t.lanes));
    }
    add_alias_info(builder_->CreateMaskedScatter(v, addrs, align, mask), op->name);
}

void CodeGen_LLVM::codegen_lane_stores(llvm::Value *v, llvm::Value *addr, llvm::Align align,
                                       llvm::Value *mask, const std::string &name) {
    // The partial vectors at the ends of a streamed run (AlignStreamingStores). A masked
    // vector store there costs the streaming stores beside it much of their benefit on
    // the machines measured (bench/blur), while one scalar store per lane does not.
    auto *vt = llvm::cast<llvm::FixedVectorType>(v->getType());
    llvm::Type *elem = vt->getElementType();
    const llvm::Align lane_align =
        llvm::commonAlignment(align, module_->getDataLayout().getTypeStoreSize(elem));
    llvm::Function *f = function_.function;
    for (unsigned i = 0; i < vt->getNumElements(); i++) {
        llvm::BasicBlock *store = llvm::BasicBlock::Create(*context_, name + ".lane", f);
        llvm::BasicBlock *next = llvm::BasicBlock::Create(*context_, name + ".lane_done", f);
        builder_->CreateCondBr(builder_->CreateExtractElement(mask, uint64_t(i)), store, next);
        builder_->SetInsertPoint(store);
        llvm::Value *lane_addr = builder_->CreateConstInBoundsGEP1_64(elem, addr, i);
        add_alias_info(builder_->CreateAlignedStore(builder_->CreateExtractElement(v, uint64_t(i)),
                                                    lane_addr, lane_align),
                       name);
        builder_->CreateBr(next);
        builder_->SetInsertPoint(next);
    }
}

void CodeGen_LLVM::codegen_streaming_store(llvm::Value *v, llvm::Value *addr, llvm::Align align,
                                           const std::string &name) {
    const uint64_t bytes = module_->getDataLayout().getTypeStoreSize(v->getType());
    if (bytes != 16 && bytes != 32 && bytes != 64) {
        add_alias_info(builder_->CreateAlignedStore(v, addr, align), name);
        return;
    }
    llvm::Value *low = builder_->CreateAnd(builder_->CreatePtrToInt(addr, i64_), bytes - 1);
    llvm::Value *aligned = builder_->CreateICmpEQ(low, builder_->getInt64(0));
    llvm::Function *f = function_.function;
    llvm::BasicBlock *stream = llvm::BasicBlock::Create(*context_, name + ".stream", f);
    llvm::BasicBlock *plain = llvm::BasicBlock::Create(*context_, name + ".plain", f);
    llvm::BasicBlock *after = llvm::BasicBlock::Create(*context_, name + ".stored", f);
    builder_->CreateCondBr(aligned, stream, plain);
    builder_->SetInsertPoint(stream);
    llvm::StoreInst *s = builder_->CreateAlignedStore(v, addr, llvm::Align(bytes));
    s->setMetadata(llvm::LLVMContext::MD_nontemporal,
                   llvm::MDNode::get(*context_, {llvm::ConstantAsMetadata::get(
                                                    builder_->getInt32(1))}));
    add_alias_info(s, name);
    builder_->CreateBr(after);
    builder_->SetInsertPoint(plain);
    add_alias_info(builder_->CreateAlignedStore(v, addr, align), name);
    builder_->CreateBr(after);
    builder_->SetInsertPoint(after);
}

} // namespace weft::internal
