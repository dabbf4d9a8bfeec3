#ifndef WEFT_CODEGEN_CODEGEN_X86_H
#define WEFT_CODEGEN_CODEGEN_X86_H

// CodeGen_X86: the x86-64 layer over CodeGen_LLVM. What it decides:
//  - weft intrinsics with a better x86 instruction than the generic expansion, from a
//    table of peephole rules (x86_peephole_rules in the .cpp: intrinsic name, vector
//    type, required Target feature, LLVM x86 intrinsic);
//  - the alignment of internal allocations (the widest vector the Target has);
//  - the tuning of targets that are not this host: LLVM's generic x86-64 levels tune
//    for old CPUs (x86-64-v2 splits every unaligned 256-bit access in two 128-bit
//    halves), so such functions are tuned "generic" (today's CPUs) instead.
// Everything else (CPU name, features, vector width attributes) comes from
// LLVMTarget.h through CodeGen_LLVM::set_function_attributes.
// Tests: tests/codegen/codegen_x86.cpp.

#include "codegen/CodeGen_LLVM.h"

namespace weft::internal {

class CodeGen_X86 : public CodeGen_LLVM {
public:
    explicit CodeGen_X86(const Target &target);

protected:
    llvm::Value *codegen_target_intrinsic(const Call *op) override;
    int allocation_alignment() const override;
    void set_function_attributes(llvm::Function &f) const override;
};

} // namespace weft::internal

#endif
