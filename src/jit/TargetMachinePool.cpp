// The per-Target pool of idle TargetMachines. See TargetMachinePool.h.

#include "jit/TargetMachinePool.h"

#include "codegen/LLVMTarget.h"

#include <llvm/Target/TargetMachine.h>

#include <map>
#include <mutex>
#include <vector>

namespace weft::internal {

namespace {

struct Pool {
    std::mutex mutex;
    std::map<std::string, std::vector<std::unique_ptr<llvm::TargetMachine>>> idle;
};

Pool &pool() {
    static Pool p;
    return p;
}

} // namespace

TargetMachineLease::TargetMachineLease(std::string key, std::unique_ptr<llvm::TargetMachine> tm)
    : key_(std::move(key)), tm_(std::move(tm)) {}

TargetMachineLease::~TargetMachineLease() {
    if (!tm_) {
        return; // moved from
    }
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    p.idle[key_].push_back(std::move(tm_));
}

TargetMachineLease acquire_target_machine(const Target &t) {
    std::string key = t.to_string();
    {
        Pool &p = pool();
        std::lock_guard<std::mutex> lock(p.mutex);
        auto it = p.idle.find(key);
        if (it != p.idle.end() && !it->second.empty()) {
            std::unique_ptr<llvm::TargetMachine> tm = std::move(it->second.back());
            it->second.pop_back();
            return TargetMachineLease(std::move(key), std::move(tm));
        }
    }
    // Created outside the lock: other threads may build their own meanwhile.
    return TargetMachineLease(std::move(key), make_target_machine(t));
}

} // namespace weft::internal
