#ifndef WEFT_CUDA_H
#define WEFT_CUDA_H

// C++ access to weft's CUDA runtime (the C functions are in weft/runtime/weft_runtime.h).
//
//   if (weft::cuda_available()) { ... }           // a driver and a device are present
//   weft::cuda_set_context(my_ctx, my_stream);     // run in a framework's context/stream
//   weft::cuda_set_context(nullptr);               // back to weft's own
//   weft::cuda_release_unused();                   // free cached device allocations
//   int sm = weft::cuda_compute_capability();      // 90 on an H100
//
// The driver is libcuda.so.1, opened at the first call that needs it (the environment
// variable WEFT_CUDA_DRIVER may name another library). weft itself needs no CUDA to
// build or run: without a driver, the calls that need one throw
// RuntimeError("no CUDA driver found (...)"). Buffer's device methods (copy_to_device,
// copy_to_host, device_malloc, ...) are declared in Buffer.h and use the helpers below.

#include "weft/ScheduleTypes.h"
#include "weft/runtime/weft_runtime.h"

#include <cstdint>
#include <string>

namespace weft {

/// True when a CUDA driver and at least one device are present.
bool cuda_available();

/// The compute capability of the device weft's calls run on, times ten (90 for sm_90).
int cuda_compute_capability();

/// Makes weft's CUDA calls run in the application's context and stream (a CUcontext and
/// a CUstream, which may be null for the context's default stream); a null context
/// restores weft's own (the primary context of device 0, default stream). Call
/// cuda_release_unused() before destroying a context weft allocated in.
void cuda_set_context(void *cu_context, void *cu_stream = nullptr);

/// Frees the device allocations weft keeps cached for reuse (in every context).
void cuda_release_unused();

namespace internal {

/// The device operations of Buffer<T> (implemented in src/runtime/CudaBuffer.cpp). Each
/// throws RuntimeError naming the operation and the buffer when the runtime refuses.
void buffer_copy_to_device(weft_buffer_t &raw, const std::string &name, DeviceAPI api);
void buffer_copy_to_host(weft_buffer_t &raw, const std::string &name);
void buffer_device_malloc(weft_buffer_t &raw, const std::string &name, DeviceAPI api);
void buffer_device_free(weft_buffer_t &raw, const std::string &name);
void buffer_device_sync(weft_buffer_t &raw, const std::string &name);
void buffer_device_wrap_native(weft_buffer_t &raw, const std::string &name, DeviceAPI api,
                               uint64_t device_address);
void buffer_device_detach_native(weft_buffer_t &raw, const std::string &name);
/// Sets or clears a dirty bit (weft_buffer_host_dirty or _device_dirty); refuses to set
/// one while the other is set.
void buffer_set_dirty(weft_buffer_t &raw, const std::string &name, uint64_t bit, bool dirty);
/// Throws unless the host copy of the buffer is current (device_dirty is clear):
/// "<what>: Buffer "x" has newer data on the device (device_dirty); call copy_to_host()".
void check_host_current(const weft_buffer_t &raw, const std::string &name, const char *what);
/// The device state a view of `raw` may take over: a wrapped (non-owning) reference to
/// raw's device memory, so that only the owner frees it.
const weft_device_interface_t *non_owning_interface(const weft_device_interface_t *i);
/// Returns the device allocation the runtime owns to its cache; never throws. Runs when
/// the last copy of an owning Buffer goes.
void release_device_allocation(weft_buffer_t &raw) noexcept;

} // namespace internal

} // namespace weft

#endif
