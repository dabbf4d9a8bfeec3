// The table of libc/libm functions (and the CUDA runtime's C ABI) bound into every JIT
// module. See JITSupportSymbols.h.

#include "jit/JITSupportSymbols.h"

#include "weft/runtime/weft_runtime.h"

#include <cmath>
#include <cstring>
#include <math.h>

namespace weft::internal {

namespace {

using F1 = float (*)(float);
using F2 = float (*)(float, float);
using F3 = float (*)(float, float, float);
using D1 = double (*)(double);
using D2 = double (*)(double, double);
using D3 = double (*)(double, double, double);

template <typename Fn>
std::pair<std::string, void *> entry(const char *name, Fn fn) {
    return {name, reinterpret_cast<void *>(fn)};
}

std::vector<std::pair<std::string, void *>> make_table() {
    return {
        entry("memcpy", &::memcpy),
        entry("memmove", &::memmove),
        entry("memset", &::memset),
        entry("memcmp", &::memcmp),
        // float
        entry("sinf", F1(::sinf)), entry("cosf", F1(::cosf)), entry("tanf", F1(::tanf)),
        entry("asinf", F1(::asinf)), entry("acosf", F1(::acosf)), entry("atanf", F1(::atanf)),
        entry("atan2f", F2(::atan2f)), entry("sinhf", F1(::sinhf)), entry("coshf", F1(::coshf)),
        entry("tanhf", F1(::tanhf)), entry("asinhf", F1(::asinhf)),
        entry("acoshf", F1(::acoshf)), entry("atanhf", F1(::atanhf)),
        entry("expf", F1(::expf)), entry("exp2f", F1(::exp2f)), entry("exp10f", F1(::exp10f)),
        entry("expm1f", F1(::expm1f)), entry("logf", F1(::logf)), entry("log2f", F1(::log2f)),
        entry("log10f", F1(::log10f)), entry("log1pf", F1(::log1pf)),
        entry("powf", F2(::powf)), entry("fmodf", F2(::fmodf)), entry("sqrtf", F1(::sqrtf)),
        entry("cbrtf", F1(::cbrtf)), entry("hypotf", F2(::hypotf)),
        entry("floorf", F1(::floorf)), entry("ceilf", F1(::ceilf)), entry("roundf", F1(::roundf)),
        entry("truncf", F1(::truncf)), entry("rintf", F1(::rintf)),
        entry("nearbyintf", F1(::nearbyintf)), entry("roundevenf", F1(::roundevenf)),
        entry("fabsf", F1(::fabsf)), entry("fminf", F2(::fminf)), entry("fmaxf", F2(::fmaxf)),
        entry("fmaf", F3(::fmaf)), entry("ldexpf", static_cast<float (*)(float, int)>(::ldexpf)),
        entry("sincosf", static_cast<void (*)(float, float *, float *)>(::sincosf)),
        // double
        entry("sin", D1(::sin)), entry("cos", D1(::cos)), entry("tan", D1(::tan)),
        entry("asin", D1(::asin)), entry("acos", D1(::acos)), entry("atan", D1(::atan)),
        entry("atan2", D2(::atan2)), entry("sinh", D1(::sinh)), entry("cosh", D1(::cosh)),
        entry("tanh", D1(::tanh)), entry("asinh", D1(::asinh)), entry("acosh", D1(::acosh)),
        entry("atanh", D1(::atanh)), entry("exp", D1(::exp)), entry("exp2", D1(::exp2)),
        entry("exp10", D1(::exp10)), entry("expm1", D1(::expm1)), entry("log", D1(::log)),
        entry("log2", D1(::log2)), entry("log10", D1(::log10)), entry("log1p", D1(::log1p)),
        entry("pow", D2(::pow)), entry("fmod", D2(::fmod)), entry("sqrt", D1(::sqrt)),
        entry("cbrt", D1(::cbrt)), entry("hypot", D2(::hypot)),
        entry("floor", D1(::floor)), entry("ceil", D1(::ceil)), entry("round", D1(::round)),
        entry("trunc", D1(::trunc)), entry("rint", D1(::rint)),
        entry("nearbyint", D1(::nearbyint)), entry("roundeven", D1(::roundeven)),
        entry("fabs", D1(::fabs)), entry("fmin", D2(::fmin)), entry("fmax", D2(::fmax)),
        entry("fma", D3(::fma)), entry("ldexp", static_cast<double (*)(double, int)>(::ldexp)),
        entry("sincos", static_cast<void (*)(double, double *, double *)>(::sincos)),
        // The CUDA runtime (weft_runtime.h); each loads the driver only when called.
        entry("weft_cuda_available", &weft_cuda_available),
        entry("weft_cuda_initialize", &weft_cuda_initialize),
        entry("weft_cuda_compute_capability", &weft_cuda_compute_capability),
        entry("weft_cuda_load_module", &weft_cuda_load_module),
        entry("weft_cuda_unload_module", &weft_cuda_unload_module),
        entry("weft_cuda_launch", &weft_cuda_launch),
        entry("weft_cuda_copy_to_device", &weft_cuda_copy_to_device),
        entry("weft_cuda_copy_to_host", &weft_cuda_copy_to_host),
        entry("weft_cuda_device_malloc", &weft_cuda_device_malloc),
        entry("weft_cuda_device_free", &weft_cuda_device_free),
        entry("weft_cuda_wrap_native", &weft_cuda_wrap_native),
        entry("weft_cuda_detach_native", &weft_cuda_detach_native),
        entry("weft_cuda_device_sync", &weft_cuda_device_sync),
        entry("weft_buffer_set_host_dirty", &weft_buffer_set_host_dirty),
        entry("weft_buffer_set_device_dirty", &weft_buffer_set_device_dirty),
        entry("weft_cuda_malloc", &weft_cuda_malloc),
        entry("weft_cuda_free", &weft_cuda_free),
        entry("weft_cuda_set_context", &weft_cuda_set_context),
        entry("weft_cuda_release_unused", &weft_cuda_release_unused),
        entry("weft_cuda_device_interface", &weft_cuda_device_interface),
    };
}

} // namespace

const std::vector<std::pair<std::string, void *>> &jit_support_symbols() {
    static const std::vector<std::pair<std::string, void *>> table = make_table();
    return table;
}

} // namespace weft::internal
