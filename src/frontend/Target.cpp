// Target: the feature name table, parsing and printing of target strings, feature
// implications, natural vector sizes, and the environment-variable entry points.
// Host detection (CPUID) lives in TargetHost.cpp.

#include "weft/Target.h"

#include "Error.h"

#include <array>
#include <cstdlib>
#include <sstream>
#include <utility>

namespace weft {

namespace {

struct FeatureInfo {
    Target::Feature feature;
    const char *name;
};

// Order matches enum Target::Feature; checked by feature_table_is_in_order().
constexpr std::array<FeatureInfo, Target::FeatureEnd> feature_table = {{
    {Target::SSE41, "sse41"},
    {Target::AVX, "avx"},
    {Target::AVX2, "avx2"},
    {Target::FMA, "fma"},
    {Target::F16C, "f16c"},
    {Target::BMI2, "bmi2"},
    {Target::AVX512, "avx512"},
    {Target::AVX512_BW, "avx512_bw"},
    {Target::AVX512_DQ, "avx512_dq"},
    {Target::AVX512_VL, "avx512_vl"},
    {Target::AVX512_CD, "avx512_cd"},
    {Target::AVX512_VNNI, "avx512_vnni"},
    {Target::AVX512_BF16, "avx512_bf16"},
    {Target::AVX512_FP16, "avx512_fp16"},
    {Target::AVX512_IFMA, "avx512_ifma"},
    {Target::AVX512_VBMI, "avx512_vbmi"},
    {Target::AVX_VNNI, "avx_vnni"},
    {Target::CUDA, "cuda"},
    {Target::CUDACapability70, "cuda_sm70"},
    {Target::CUDACapability80, "cuda_sm80"},
    {Target::CUDACapability90, "cuda_sm90"},
    {Target::Debug, "debug"},
    {Target::NoAsserts, "no_asserts"},
    {Target::StrictFloat, "strict_float"},
}};

constexpr bool feature_table_is_in_order() {
    for (size_t i = 0; i < feature_table.size(); i++) {
        if (feature_table[i].feature != static_cast<Target::Feature>(i)) {
            return false;
        }
    }
    return true;
}
static_assert(feature_table_is_in_order(), "feature_table must follow enum Target::Feature");

// Direct implications "a needs b"; with_implied_features() closes them transitively.
// They mirror LLVM's x86 feature dependencies so that a Target never asks LLVM for an
// extension while disabling one it depends on.
constexpr std::pair<Target::Feature, Target::Feature> implications[] = {
    {Target::AVX, Target::SSE41},
    {Target::AVX2, Target::AVX},
    // Halide's rule: an AVX2 target has FMA and F16C (every AVX2 CPU does).
    {Target::AVX2, Target::FMA},
    {Target::AVX2, Target::F16C},
    {Target::FMA, Target::AVX},
    {Target::F16C, Target::AVX},
    {Target::AVX512, Target::AVX2},
    {Target::AVX512_BW, Target::AVX512},
    {Target::AVX512_DQ, Target::AVX512},
    {Target::AVX512_VL, Target::AVX512},
    {Target::AVX512_CD, Target::AVX512},
    {Target::AVX512_VNNI, Target::AVX512},
    {Target::AVX512_BF16, Target::AVX512_BW},
    {Target::AVX512_FP16, Target::AVX512_BW},
    {Target::AVX512_FP16, Target::AVX512_DQ},
    {Target::AVX512_FP16, Target::AVX512_VL},
    {Target::AVX512_IFMA, Target::AVX512},
    {Target::AVX512_VBMI, Target::AVX512_BW},
    {Target::AVX_VNNI, Target::AVX2},
    {Target::CUDACapability70, Target::CUDA},
    {Target::CUDACapability80, Target::CUDA},
    {Target::CUDACapability90, Target::CUDA},
};

bool lookup_feature(const std::string &name, Target::Feature *out) {
    for (const FeatureInfo &info : feature_table) {
        if (name == info.name) {
            *out = info.feature;
            return true;
        }
    }
    return false;
}

std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    return parts;
}

std::string valid_tokens_message() {
    std::ostringstream os;
    os << "valid tokens are \"host\" (first only), the architecture \"x86\", the bits \"64\", "
          "the OS \"linux\", and the features:";
    for (const FeatureInfo &info : feature_table) {
        os << " " << info.name;
    }
    return os.str();
}

// Parses s into *t. Returns an empty string on success, else the error message.
std::string parse_target_string(const std::string &s, Target *t) {
    if (s.empty()) {
        return "Target: empty target string; " + valid_tokens_message();
    }
    std::vector<std::string> tokens = split(s, '-');
    bool seen_arch = false, seen_bits = false, seen_os = false;
    for (size_t i = 0; i < tokens.size(); i++) {
        const std::string &tok = tokens[i];
        Target::Feature f;
        if (tok == "host") {
            if (i != 0) {
                return "Target: \"host\" must be the first token of \"" + s + "\"";
            }
            *t = get_host_target();
            seen_arch = seen_bits = seen_os = true;
        } else if (tok == "x86" && !seen_arch) {
            t->arch = Target::X86;
            seen_arch = true;
        } else if (tok == "64" && !seen_bits) {
            t->bits = 64;
            seen_bits = true;
        } else if (tok == "32") {
            return "Target: 32-bit targets are not supported (in \"" + s + "\"); use \"64\"";
        } else if (tok == "linux" && !seen_os) {
            t->os = Target::Linux;
            seen_os = true;
        } else if (lookup_feature(tok, &f)) {
            t->set_feature(f);
        } else {
            return "Target: unknown or repeated token \"" + tok + "\" in \"" + s + "\"; " +
                   valid_tokens_message();
        }
    }
    if (!seen_arch || !seen_bits || !seen_os) {
        return "Target: \"" + s +
               "\" must start with \"host\" or name an architecture, bits and OS, "
               "as in \"x86-64-linux\" or \"x86-64-linux-avx2\"";
    }
    *t = t->with_implied_features();
    return "";
}

Target target_from_env(const char *var) {
    const char *value = std::getenv(var);
    if (!value || !*value) {
        return get_host_target();
    }
    Target t;
    std::string err = parse_target_string(value, &t);
    user_assert(err.empty()) << "environment variable " << var << ": " << err;
    return t;
}

} // namespace

Target::Target(OS o, Arch a, int b, const std::vector<Feature> &initial_features)
    : os(o), arch(a), bits(b) {
    set_features(initial_features);
}

Target::Target(const std::string &s) {
    std::string err = parse_target_string(s, this);
    user_assert(err.empty()) << err;
}

void Target::set_features(const std::vector<Feature> &fs, bool value) {
    for (Feature f : fs) {
        set_feature(f, value);
    }
}

Target Target::with_feature(Feature f) const {
    Target t = *this;
    t.set_feature(f);
    return t;
}

Target Target::without_feature(Feature f) const {
    Target t = *this;
    t.set_feature(f, false);
    return t;
}

Target Target::with_implied_features() const {
    Target t = *this;
    bool changed = true;
    while (changed) {
        changed = false;
        for (const auto &[has, needs] : implications) {
            if (t.has_feature(has) && !t.has_feature(needs)) {
                t.set_feature(needs);
                changed = true;
            }
        }
    }
    return t;
}

int Target::cuda_capability() const {
    if (has_feature(CUDACapability90)) {
        return 90;
    }
    if (has_feature(CUDACapability80)) {
        return 80;
    }
    if (has_feature(CUDACapability70)) {
        return 70;
    }
    return has_feature(CUDA) ? 80 : 0;
}

int Target::natural_vector_size(Type t) const {
    const int elem_bytes = t.bytes() > 0 ? t.bytes() : 1;
    const bool is_integer = t.is_int() || t.is_uint();
    const bool small_integer = is_integer && elem_bytes < 4;
    int vector_bytes = 16;
    if (has_feature(AVX512) && (!small_integer || has_feature(AVX512_BW))) {
        vector_bytes = 64;
    } else if (has_feature(AVX2) || (t.is_float() && has_feature(AVX))) {
        vector_bytes = 32;
    }
    return vector_bytes >= elem_bytes ? vector_bytes / elem_bytes : 1;
}

std::string Target::to_string() const {
    std::string s;
    switch (arch) {
    case X86:
        s = "x86";
        break;
    case ArchUnknown:
        s = "unknown";
        break;
    }
    s += '-';
    s += bits ? std::to_string(bits) : std::string("unknown");
    switch (os) {
    case Linux:
        s += "-linux";
        break;
    case OSUnknown:
        s += "-unknown";
        break;
    }
    for (const FeatureInfo &info : feature_table) {
        if (has_feature(info.feature)) {
            s += "-";
            s += info.name;
        }
    }
    return s;
}

bool Target::validate_target_string(const std::string &s) {
    Target t;
    return parse_target_string(s, &t).empty();
}

const char *Target::feature_name(Feature f) {
    internal_assert(f >= 0 && f < FeatureEnd) << "feature_name: bad feature " << int(f);
    return feature_table[f].name;
}

Target get_target_from_environment() { return target_from_env("WEFT_TARGET"); }

Target get_jit_target_from_environment() { return target_from_env("WEFT_JIT_TARGET"); }

} // namespace weft
