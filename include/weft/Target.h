#ifndef WEFT_TARGET_H
#define WEFT_TARGET_H

// What a pipeline is compiled for: architecture, OS, pointer width and a set of
// features (instruction-set extensions, GPU API and compute capability, compile flags).
//
//   Target t("x86-64-linux-avx512-cuda_sm90");   // explicit
//   Target h = get_host_target();                 // detected with CPUID (never CUDA)
//   Target j("host-cuda");                         // detected host features + CUDA
//
// Strings are '-'-separated tokens: "host" (first token only: the detected host), an
// architecture ("x86"), a pointer width ("64"), an OS ("linux") and lowercase feature
// names ("avx2", "avx512_bw", "cuda_sm80", "debug", ...). Parsing adds the features a
// listed one implies ("avx512" brings avx2, fma, f16c, avx, sse41; "cuda_sm90" brings
// cuda), so a parsed Target is always consistent. to_string() lists every feature, so
// Target(t.to_string()) == t. Names and meaning follow Halide's Target.

#include "weft/Type.h"

#include <bitset>
#include <string>
#include <vector>

namespace weft {

struct Target {
    enum OS { OSUnknown = 0, Linux };
    enum Arch { ArchUnknown = 0, X86 };

    /// Keep in step with the name table in src/frontend/Target.cpp.
    enum Feature {
        // x86 instruction-set extensions (first: code loops over SSE41 .. AVX_VNNI).
        SSE41,
        AVX,
        AVX2,
        FMA,
        F16C,
        BMI2,
        AVX512, ///< AVX-512 Foundation.
        AVX512_BW,
        AVX512_DQ,
        AVX512_VL,
        AVX512_CD,
        AVX512_VNNI,
        AVX512_BF16,
        AVX512_FP16,
        AVX512_IFMA,
        AVX512_VBMI,
        AVX_VNNI,
        // GPU.
        CUDA,
        CUDACapability70,
        CUDACapability80,
        CUDACapability90,
        // Compilation flags.
        Debug,       ///< Keep debug information and log runtime calls.
        NoAsserts,   ///< Omit run-time checks (buffer bounds, argument types).
        StrictFloat, ///< No fast-math reassociation or contraction.
        FeatureEnd
    };

    OS os = OSUnknown;
    Arch arch = ArchUnknown;
    int bits = 0;
    std::bitset<FeatureEnd> features;

    /// An unknown target (arch, OS and bits unset, no features).
    Target() = default;
    Target(OS o, Arch a, int b, const std::vector<Feature> &initial_features = {});
    /// Parses a target string (see the file comment). Throws CompileError naming the
    /// unknown token and listing the valid ones.
    explicit Target(const std::string &s);
    explicit Target(const char *s) : Target(std::string(s)) {}

    bool has_feature(Feature f) const { return features[f]; }
    void set_feature(Feature f, bool value = true) { features[f] = value; }
    void set_features(const std::vector<Feature> &fs, bool value = true);
    Target with_feature(Feature f) const;
    Target without_feature(Feature f) const;
    /// This target plus every feature implied by the ones it has (transitively).
    Target with_implied_features() const;

    /// True for any GPU API feature (CUDA).
    bool has_gpu_feature() const { return has_feature(CUDA); }
    /// The CUDA compute capability times ten (70, 80, 90): the highest one set, 80 when
    /// CUDA is set without an explicit capability, 0 without CUDA.
    int cuda_capability() const;

    /// The number of lanes of the widest vector worth using for elements of type t:
    /// 64 bytes with AVX-512 (and BW for 8/16-bit integers), 32 with AVX2 (or AVX for
    /// floats), 16 otherwise, divided by the element size. Lanes of t are ignored.
    int natural_vector_size(Type t) const;
    template <typename T>
    int natural_vector_size() const {
        return natural_vector_size(type_of<T>());
    }

    /// "x86-64-linux-avx-avx2-fma" style; features in declaration order.
    std::string to_string() const;

    bool operator==(const Target &o) const {
        return os == o.os && arch == o.arch && bits == o.bits && features == o.features;
    }
    bool operator!=(const Target &o) const { return !(*this == o); }

    /// True when s parses as a target string.
    static bool validate_target_string(const std::string &s);
    /// The lowercase name of a feature as written in target strings ("avx512_bw").
    static const char *feature_name(Feature f);
};

/// The machine this process runs on, from CPUID/XGETBV. Never includes GPU features.
Target get_host_target();

/// WEFT_TARGET if set and non-empty, else the host.
Target get_target_from_environment();

/// WEFT_JIT_TARGET if set and non-empty, else the host. Used for JIT compilation.
Target get_jit_target_from_environment();

} // namespace weft

#endif
