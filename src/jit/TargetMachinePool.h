#ifndef WEFT_JIT_TARGET_MACHINE_POOL_H
#define WEFT_JIT_TARGET_MACHINE_POOL_H

// Reuse of llvm::TargetMachine objects across compilations.
//
// Creating a TargetMachine costs a few milliseconds (subtarget tables, feature parsing),
// a large share of a small pipeline's JIT time, but a TargetMachine may be used by one
// thread at a time only. The pool keeps idle machines per Target: acquire() hands one
// out exclusively (creating it when none is idle) and the lease gives it back when it
// goes out of scope, so threads compiling at once each get their own.
// Tests: tests/codegen/jit.cpp (concurrent compilation).

#include "weft/Target.h"

#include <memory>
#include <string>

namespace llvm {
class TargetMachine;
}

namespace weft::internal {

class TargetMachineLease {
public:
    TargetMachineLease(std::string key, std::unique_ptr<llvm::TargetMachine> tm);
    TargetMachineLease(TargetMachineLease &&) = default;
    TargetMachineLease(const TargetMachineLease &) = delete;
    TargetMachineLease &operator=(const TargetMachineLease &) = delete;
    /// Returns the machine to the pool.
    ~TargetMachineLease();

    llvm::TargetMachine &operator*() const { return *tm_; }
    llvm::TargetMachine *operator->() const { return tm_.get(); }

private:
    std::string key_;
    std::unique_ptr<llvm::TargetMachine> tm_;
};

/// An x86-64 TargetMachine for t (see make_target_machine()), for this thread only
/// until the lease ends.
TargetMachineLease acquire_target_machine(const Target &t);

} // namespace weft::internal

#endif
