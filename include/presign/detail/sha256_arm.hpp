// SPDX-License-Identifier: MIT
// presign: the ARMv8 SHA2 SHA-256 back end (only where the compiler targets the extension).
#pragma once

#include <cstddef>
#include <cstdint>

// Included outside the #if below so that the single-header generator, which expands each
// header at its first #include, never buries the portable core in a disabled block.
#include "presign/config.hpp"
#include "presign/detail/sha256_portable.hpp"

// Compiled only when the whole program targets the SHA2 extension (-march=armv8-a+crypto or
// later, e.g. every Apple arm64 build), so no run-time detection is needed: the compiler's own
// target promise covers the CPU. PRESIGN_SHA256_NO_HARDWARE (config.hpp) leaves it out.
#if defined(__ARM_FEATURE_SHA2) && (defined(__aarch64__) || defined(__arm__)) && \
    (defined(__GNUC__) || defined(__clang__)) && !PRESIGN_SHA256_NO_HARDWARE
#  define PRESIGN_DETAIL_SHA256_ARM 1
#else
#  define PRESIGN_DETAIL_SHA256_ARM 0
#endif

#if PRESIGN_DETAIL_SHA256_ARM

#include <arm_neon.h>

namespace presign::inline v0::detail {

/// Compresses `blocks` 64-byte blocks at `data` into `state` with the ARMv8 SHA2 instructions.
/// Same results as sha256_compress_portable.
inline void sha256_compress_arm(std::uint32_t* state, const unsigned char* data,
                                std::size_t blocks) noexcept {
  uint32x4_t abcd = vld1q_u32(state);
  uint32x4_t efgh = vld1q_u32(state + 4);
  for (; blocks != 0; --blocks, data += 64) {
    const uint32x4_t abcd_in = abcd;
    const uint32x4_t efgh_in = efgh;
    // The message words are big-endian (FIPS 180-4 §3.1): byte-swap each 32-bit lane.
    uint32x4_t w[4] = {vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data))),
                       vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16))),
                       vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 32))),
                       vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 48)))};
    for (int q = 0; q < 16; ++q) {
      uint32x4_t& cur = w[q & 3];
      const uint32x4_t wk = vaddq_u32(cur, vld1q_u32(sha256_k + 4 * q));
      if (q < 12) {
        // W[4q+16..4q+19] from W[4q..], W[4q+4..], W[4q+8..], W[4q+12..] (§6.2.2 step 1).
        cur = vsha256su1q_u32(vsha256su0q_u32(cur, w[(q + 1) & 3]), w[(q + 2) & 3],
                              w[(q + 3) & 3]);
      }
      const uint32x4_t abcd_before = abcd;
      abcd = vsha256hq_u32(abcd, efgh, wk);
      efgh = vsha256h2q_u32(efgh, abcd_before, wk);
    }
    abcd = vaddq_u32(abcd, abcd_in);
    efgh = vaddq_u32(efgh, efgh_in);
  }
  vst1q_u32(state, abcd);
  vst1q_u32(state + 4, efgh);
}

}  // namespace presign::inline v0::detail

#endif  // PRESIGN_DETAIL_SHA256_ARM
