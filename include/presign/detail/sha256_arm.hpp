// SPDX-License-Identifier: MIT
// presign: the ARMv8 SHA2 SHA-256 back end (AArch64 and AArch32) and its one-time CPU detection.
#pragma once

#include <cstddef>
#include <cstdint>

// Included outside the #if below so that the single-header generator, which expands each
// header at its first #include, never buries the portable core in a disabled block.
#include "presign/config.hpp"
#include "presign/detail/sha256_portable.hpp"

// Where the back end is compiled, and how the CPU is checked before first use:
//  - the compiler targets the extension (-march=armv8-a+crypto, -mcpu=neoverse-n1 on clang,
//    every Apple arm64 build: all Apple arm64 CPUs have it): no check, the target promises it;
//  - AArch64 Linux/Android (getauxval(AT_HWCAP) & HWCAP_SHA2) and Windows on Arm
//    (IsProcessorFeaturePresent(PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE)): the compression
//    alone is compiled for the extension (a target attribute), the rest keeps the program's
//    -march, and the CPU is asked once;
//  - AArch32 Linux with GCC (getauxval(AT_HWCAP2) & HWCAP2_SHA2, plus NEON): the same, with
//    GCC's fpu target attribute. clang cannot give one function 128-bit NEON registers on an
//    AArch32 target without NEON, so clang on AArch32 gets it only at compile time.
// The instructions are written as inline assembly, not arm_neon.h intrinsics: clang 14's
// arm_neon.h hides vsha256hq_u32 & co. unless the whole program targets SHA2. Big-endian ARM,
// MSVC (no GCC-style inline assembly) and other systems run the portable core.
// PRESIGN_SHA256_NO_HARDWARE (config.hpp) leaves the back end out.
#if !PRESIGN_SHA256_NO_HARDWARE && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__ARM_BIG_ENDIAN)
#  if defined(__aarch64__)
#    if defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO) || defined(__APPLE__)
#      define PRESIGN_DETAIL_SHA256_ARM 1
#      define PRESIGN_DETAIL_SHA256_ARM_DETECT 0
#    elif defined(__linux__) || defined(_WIN32)
#      define PRESIGN_DETAIL_SHA256_ARM 1
#      define PRESIGN_DETAIL_SHA256_ARM_DETECT 1
#    endif
#  elif defined(__arm__) && defined(__ARM_ARCH) && defined(__ARM_ARCH_PROFILE)
#    if __ARM_ARCH >= 7 && __ARM_ARCH_PROFILE == 'A'
#      if defined(__ARM_FEATURE_SHA2) || (defined(__ARM_FEATURE_CRYPTO) && defined(__ARM_NEON))
#        define PRESIGN_DETAIL_SHA256_ARM 1
#        define PRESIGN_DETAIL_SHA256_ARM_DETECT 0
#      elif !defined(__clang__) && defined(__linux__) && defined(__ARM_FP)
#        define PRESIGN_DETAIL_SHA256_ARM 1
#        define PRESIGN_DETAIL_SHA256_ARM_DETECT 1
#      endif
#    endif
#  endif
#endif
#if !defined(PRESIGN_DETAIL_SHA256_ARM)
#  define PRESIGN_DETAIL_SHA256_ARM 0
#  define PRESIGN_DETAIL_SHA256_ARM_DETECT 0
#endif

#if PRESIGN_DETAIL_SHA256_ARM

#if PRESIGN_DETAIL_SHA256_ARM_DETECT && defined(__linux__)
#  include <sys/auxv.h>
#elif PRESIGN_DETAIL_SHA256_ARM_DETECT && defined(_WIN32)
// <windows.h> would cost every includer its parse time and its min/max macros; this is the
// same declaration as MinGW-w64's processthreadsapi.h (BOOL WINAPI
// IsProcessorFeaturePresent(DWORD); WINAPI is no calling convention on arm64, and without
// dllimport the import library's thunk is called).
extern "C" int IsProcessorFeaturePresent(unsigned long feature);
#endif

namespace presign::inline v0::detail {

#if PRESIGN_DETAIL_SHA256_ARM_DETECT && defined(__linux__) && defined(__aarch64__)
// Linux arch/arm64/include/uapi/asm/hwcap.h.
inline constexpr unsigned long sha256_arm_hwcap_sha2 = 1ul << 6;  // HWCAP_SHA2
#elif PRESIGN_DETAIL_SHA256_ARM_DETECT && defined(__linux__)
// Linux arch/arm/include/uapi/asm/hwcap.h.
inline constexpr unsigned long sha256_arm_hwcap_neon = 1ul << 12;  // HWCAP_NEON
inline constexpr unsigned long sha256_arm_hwcap2_sha2 = 1ul << 3;  // HWCAP2_SHA2
#elif PRESIGN_DETAIL_SHA256_ARM_DETECT && defined(_WIN32)
inline constexpr unsigned long sha256_arm_pf_crypto = 30;  // PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE
#endif

/// True when this CPU (as its operating system reports it) runs sha256_compress_arm. Run time
/// only; sha256_hardware_supported (sha256.hpp) caches the answer.
inline bool sha256_arm_detect() noexcept {
#if !PRESIGN_DETAIL_SHA256_ARM_DETECT
  return true;  // the compilation target has the extension
#elif defined(__linux__) && defined(__aarch64__)
  return (getauxval(AT_HWCAP) & sha256_arm_hwcap_sha2) != 0;
#elif defined(__linux__)
  return (getauxval(AT_HWCAP) & sha256_arm_hwcap_neon) != 0 &&
         (getauxval(AT_HWCAP2) & sha256_arm_hwcap2_sha2) != 0;
#else
  return IsProcessorFeaturePresent(sha256_arm_pf_crypto) != 0;
#endif
}

// The compression and its helpers are compiled for the SHA2 extension (and, on AArch32, for
// NEON registers); nothing else in the program is.
#if defined(__aarch64__) && defined(__clang__)
#  define PRESIGN_DETAIL_SHA2_TARGET __attribute__((target("sha2")))
#elif defined(__aarch64__)
#  define PRESIGN_DETAIL_SHA2_TARGET __attribute__((target("+sha2")))
#elif PRESIGN_DETAIL_SHA256_ARM_DETECT
#  define PRESIGN_DETAIL_SHA2_TARGET __attribute__((target("fpu=crypto-neon-fp-armv8")))
#else
#  define PRESIGN_DETAIL_SHA2_TARGET  // AArch32 built for crypto-neon-fp-armv8 already
#endif
#define PRESIGN_DETAIL_SHA2_INLINE PRESIGN_DETAIL_SHA2_TARGET __attribute__((always_inline)) inline

// Four 32-bit lanes in one 128-bit NEON register (GCC/clang vector extension, no arm_neon.h).
// Lane i is the word at byte offset 4i (little-endian targets only, see above).
typedef std::uint32_t sha256_arm_v4u __attribute__((vector_size(16)));
typedef std::uint8_t sha256_arm_v16u8 __attribute__((vector_size(16)));

PRESIGN_DETAIL_SHA2_INLINE sha256_arm_v4u sha256_arm_load(const void* p) noexcept {
  sha256_arm_v4u v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
// The message words are big-endian (FIPS 180-4 §3.1): byte-swap each lane (rev32).
PRESIGN_DETAIL_SHA2_INLINE sha256_arm_v4u sha256_arm_load_be(const unsigned char* p) noexcept {
  sha256_arm_v16u8 bytes;
  __builtin_memcpy(&bytes, p, sizeof bytes);
  return (sha256_arm_v4u)__builtin_shufflevector(bytes, bytes, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10,
                                                 9, 8, 15, 14, 13, 12);
}

// One instruction each; operand order as in the Arm ARM. "w" is a SIMD&FP register.
#if defined(__aarch64__)
#  define PRESIGN_DETAIL_SHA2_ASM3(insn, d, n, m) \
    __asm__(insn " %q0, %q1, %2.4s" : "+w"(d) : "w"(n), "w"(m))
#  define PRESIGN_DETAIL_SHA2_SU0(d, n) __asm__("sha256su0 %0.4s, %1.4s" : "+w"(d) : "w"(n))
#  define PRESIGN_DETAIL_SHA2_SU1(d, n, m) \
    __asm__("sha256su1 %0.4s, %1.4s, %2.4s" : "+w"(d) : "w"(n), "w"(m))
#else
#  define PRESIGN_DETAIL_SHA2_ASM3(insn, d, n, m) \
    __asm__(insn ".32 %q0, %q1, %q2" : "+w"(d) : "w"(n), "w"(m))
#  define PRESIGN_DETAIL_SHA2_SU0(d, n) __asm__("sha256su0.32 %q0, %q1" : "+w"(d) : "w"(n))
#  define PRESIGN_DETAIL_SHA2_SU1(d, n, m) \
    __asm__("sha256su1.32 %q0, %q1, %q2" : "+w"(d) : "w"(n), "w"(m))
#endif

/// Compresses `blocks` 64-byte blocks at `data` into `state` with the ARMv8 SHA2 instructions.
/// Precondition: sha256_arm_detect(). Same results as sha256_compress_portable.
PRESIGN_DETAIL_SHA2_TARGET inline void sha256_compress_arm(std::uint32_t* state,
                                                           const unsigned char* data,
                                                           std::size_t blocks) noexcept {
  sha256_arm_v4u abcd = sha256_arm_load(state);
  sha256_arm_v4u efgh = sha256_arm_load(state + 4);
  for (; blocks != 0; --blocks, data += 64) {
    const sha256_arm_v4u abcd_in = abcd;
    const sha256_arm_v4u efgh_in = efgh;
    sha256_arm_v4u w[4] = {sha256_arm_load_be(data), sha256_arm_load_be(data + 16),
                           sha256_arm_load_be(data + 32), sha256_arm_load_be(data + 48)};
    for (int q = 0; q < 16; ++q) {
      sha256_arm_v4u& cur = w[q & 3];
      const sha256_arm_v4u wk = cur + sha256_arm_load(sha256_k + 4 * q);
      if (q < 12) {
        // W[4q+16..4q+19] from W[4q..], W[4q+4..], W[4q+8..], W[4q+12..] (§6.2.2 step 1).
        PRESIGN_DETAIL_SHA2_SU0(cur, w[(q + 1) & 3]);
        PRESIGN_DETAIL_SHA2_SU1(cur, w[(q + 2) & 3], w[(q + 3) & 3]);
      }
      const sha256_arm_v4u abcd_before = abcd;
      PRESIGN_DETAIL_SHA2_ASM3("sha256h", abcd, efgh, wk);
      PRESIGN_DETAIL_SHA2_ASM3("sha256h2", efgh, abcd_before, wk);
    }
    abcd += abcd_in;
    efgh += efgh_in;
  }
  __builtin_memcpy(state, &abcd, sizeof abcd);
  __builtin_memcpy(state + 4, &efgh, sizeof efgh);
}

#undef PRESIGN_DETAIL_SHA2_SU1
#undef PRESIGN_DETAIL_SHA2_SU0
#undef PRESIGN_DETAIL_SHA2_ASM3
#undef PRESIGN_DETAIL_SHA2_INLINE
#undef PRESIGN_DETAIL_SHA2_TARGET

}  // namespace presign::inline v0::detail

#endif  // PRESIGN_DETAIL_SHA256_ARM
