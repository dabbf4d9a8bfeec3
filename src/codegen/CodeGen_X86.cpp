// The x86-64 code generator: peephole rules and target choices. See CodeGen_X86.h.

#include "codegen/CodeGen_X86.h"

#include "Error.h"
#include "codegen/LLVMTarget.h"
#include "lower/AlignStreamingStores.h"

#include <llvm/IR/Function.h>

#include <llvm/IR/IntrinsicsX86.h>

namespace weft::internal {

namespace {

/// A weft intrinsic on one vector type done by one x86 instruction when the Target has
/// the feature (FeatureEnd: every x86-64 CPU). The operands are passed as they are.
struct PeepholeRule {
    const char *intrinsic;
    Type type;
    Target::Feature feature;
    llvm::Intrinsic::ID id;
};

const PeepholeRule x86_peephole_rules[] = {
    // High half of a 16-bit multiply: pmulhw / pmulhuw.
    {Call::mul_hi, Int(16, 8), Target::FeatureEnd, llvm::Intrinsic::x86_sse2_pmulh_w},
    {Call::mul_hi, UInt(16, 8), Target::FeatureEnd, llvm::Intrinsic::x86_sse2_pmulhu_w},
    {Call::mul_hi, Int(16, 16), Target::AVX2, llvm::Intrinsic::x86_avx2_pmulh_w},
    {Call::mul_hi, UInt(16, 16), Target::AVX2, llvm::Intrinsic::x86_avx2_pmulhu_w},
    {Call::mul_hi, Int(16, 32), Target::AVX512_BW, llvm::Intrinsic::x86_avx512_pmulh_w_512},
    {Call::mul_hi, UInt(16, 32), Target::AVX512_BW, llvm::Intrinsic::x86_avx512_pmulhu_w_512},
};

} // namespace

CodeGen_X86::CodeGen_X86(const Target &target) : CodeGen_LLVM(target) {}

llvm::Value *CodeGen_X86::codegen_target_intrinsic(const Call *op) {
    if (op->name == nontemporal_fence_intrinsic) {
        // Orders the streaming stores before it (Func::store_nontemporal).
        builder_->CreateCall(
            llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::x86_sse_sfence));
        return builder_->getInt32(0);
    }
    for (const PeepholeRule &rule : x86_peephole_rules) {
        if (op->name != rule.intrinsic || op->type != rule.type ||
            (rule.feature != Target::FeatureEnd && !target_.has_feature(rule.feature))) {
            continue;
        }
        std::vector<llvm::Value *> args;
        for (const Expr &e : op->args) {
            args.push_back(codegen(e));
        }
        llvm::Function *f = llvm::Intrinsic::getDeclaration(module_.get(), rule.id);
        return builder_->CreateCall(f, args);
    }
    return nullptr;
}

int CodeGen_X86::allocation_alignment() const {
    if (target_.has_feature(Target::AVX512)) {
        return 64;
    }
    return target_.has_feature(Target::AVX) ? 32 : 16;
}

void CodeGen_X86::set_function_attributes(llvm::Function &f) const {
    CodeGen_LLVM::set_function_attributes(f);
    // A named feature level ("x86-64-v2" with +avx2...) rather than the host's CPU.
    if (llvm_cpu_name(target_).rfind("x86-64", 0) == 0) {
        f.addFnAttr("tune-cpu", "generic");
    }
}

std::unique_ptr<CodeGen_LLVM> make_codegen(const Target &target) {
    user_assert(target.arch == Target::X86 && target.bits == 64)
        << "Target \"" << target.to_string() << "\": weft generates host code for x86-64 only";
    return std::make_unique<CodeGen_X86>(target);
}

} // namespace weft::internal
