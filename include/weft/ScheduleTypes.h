#ifndef WEFT_SCHEDULETYPES_H
#define WEFT_SCHEDULETYPES_H

// The small enums that schedules and inspection use, shared by the public API
// (Func, Stage, Pipeline) and the internal schedule objects (src/ir/Schedule.h).

#include <cstdint>

namespace weft {

/// How a loop runs. Serial by default.
enum class ForType : uint8_t { Serial, Parallel, Vectorized, Unrolled, GPUBlock, GPUThread };

/// Where device code runs (host for now; CUDA with the GPU issue).
enum class DeviceAPI : uint8_t { Host, CUDA };

/// Where a Func's storage lives.
enum class MemoryType : uint8_t { Auto, Heap, Stack, Register, GPUShared };

/// What a split does when the factor does not divide the extent (as in Halide):
///  - RoundUp: run whole inner loops past the end; the Func's storage is grown.
///  - GuardWithIf: skip the inner iterations past the end with an if.
///  - ShiftInwards: shift the last inner loop back so it ends at the end
///    (recomputes some points; needs extent >= factor).
///  - Auto: ShiftInwards for pure definitions, GuardWithIf for updates.
enum class TailStrategy : uint8_t { Auto, RoundUp, GuardWithIf, ShiftInwards };

/// Output format of compile_to_lowered_stmt.
enum StmtOutputFormat { Text, HTML };

const char *to_string(ForType t);
const char *to_string(TailStrategy t);
const char *to_string(MemoryType t);

} // namespace weft

#endif
