// get_host_target(): the features of the CPU this process runs on, read feature by
// feature from CPUID (leaf 1, leaf 7 subleaves 0 and 1) and XGETBV.
//
// A CPU may implement AVX or AVX-512 while the OS does not save the wider registers on a
// context switch; such code would corrupt state, so the AVX family is reported only when
// XCR0 says the OS saves XMM and YMM state (bits 1, 2), and the AVX-512 family only when
// it also saves the opmask and ZMM state (bits 5, 6, 7). XGETBV is executed only when
// CPUID reports OSXSAVE. Each AVX-512 subset is its own bit: e.g. AMD Zen 4 has F, BW,
// DQ, VL, CD, VNNI, BF16, IFMA and VBMI but not FP16.
// The result is computed once and cached.

#include "weft/Target.h"

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define WEFT_HOST_X86 1
#endif

namespace weft {

namespace {

#ifdef WEFT_HOST_X86

struct CpuidRegs {
    uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

CpuidRegs cpuid(uint32_t leaf, uint32_t subleaf) {
    CpuidRegs r;
    __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
    return r;
}

uint64_t xgetbv0() {
    uint32_t lo = 0, hi = 0;
    // XGETBV with ECX = 0 reads XCR0; written as asm so no -mxsave is needed.
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t(hi) << 32) | lo;
}

bool bit(uint32_t reg, int b) { return (reg >> b) & 1u; }

void detect_x86_features(Target &t) {
    const uint32_t max_leaf = cpuid(0, 0).eax;
    if (max_leaf < 1) {
        return;
    }
    const CpuidRegs l1 = cpuid(1, 0);
    t.set_feature(Target::SSE41, bit(l1.ecx, 19));

    const bool osxsave = bit(l1.ecx, 27);
    const uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    const bool os_saves_ymm = (xcr0 & 0x6) == 0x6;            // XMM | YMM
    const bool os_saves_zmm = os_saves_ymm && (xcr0 & 0xe0) == 0xe0; // opmask | ZMM_Hi256 | Hi16_ZMM

    if (!os_saves_ymm || !bit(l1.ecx, 28)) {
        return; // No usable AVX: nothing below may be used either.
    }
    t.set_feature(Target::AVX);
    t.set_feature(Target::FMA, bit(l1.ecx, 12));
    t.set_feature(Target::F16C, bit(l1.ecx, 29));

    if (max_leaf < 7) {
        return;
    }
    const CpuidRegs l7 = cpuid(7, 0);
    const CpuidRegs l7s1 = l7.eax >= 1 ? cpuid(7, 1) : CpuidRegs{};
    t.set_feature(Target::AVX2, bit(l7.ebx, 5));
    t.set_feature(Target::BMI2, bit(l7.ebx, 8));
    t.set_feature(Target::AVX_VNNI, bit(l7s1.eax, 4));

    if (!os_saves_zmm || !bit(l7.ebx, 16)) {
        return;
    }
    t.set_feature(Target::AVX512);
    t.set_feature(Target::AVX512_DQ, bit(l7.ebx, 17));
    t.set_feature(Target::AVX512_IFMA, bit(l7.ebx, 21));
    t.set_feature(Target::AVX512_CD, bit(l7.ebx, 28));
    t.set_feature(Target::AVX512_BW, bit(l7.ebx, 30));
    t.set_feature(Target::AVX512_VL, bit(l7.ebx, 31));
    t.set_feature(Target::AVX512_VBMI, bit(l7.ecx, 1));
    t.set_feature(Target::AVX512_VNNI, bit(l7.ecx, 11));
    t.set_feature(Target::AVX512_FP16, bit(l7.edx, 23));
    t.set_feature(Target::AVX512_BF16, bit(l7s1.eax, 5));
}

#endif

Target detect_host_target() {
    Target t;
#ifdef __linux__
    t.os = Target::Linux;
#endif
#ifdef WEFT_HOST_X86
    t.arch = Target::X86;
    t.bits = sizeof(void *) * 8;
    detect_x86_features(t);
#endif
    return t;
}

} // namespace

Target get_host_target() {
    static const Target host = detect_host_target();
    return host;
}

} // namespace weft
