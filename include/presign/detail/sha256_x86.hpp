// SPDX-License-Identifier: MIT
// presign: the x86 SHA-NI SHA-256 back end and its one-time CPU detection (run time only).
#pragma once

#include <cstddef>
#include <cstdint>

// Included outside the #if below so that the single-header generator, which expands each
// header at its first #include, never buries the portable core in a disabled block.
#include "presign/config.hpp"
#include "presign/detail/sha256_portable.hpp"

// The back end needs GCC or clang on x86: it uses function-level target attributes, so the rest
// of the program keeps its own -march, and the CPU is checked with cpuid before first use.
// PRESIGN_SHA256_NO_HARDWARE (config.hpp) leaves it out.
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !PRESIGN_SHA256_NO_HARDWARE
#  define PRESIGN_DETAIL_SHA256_X86 1
#else
#  define PRESIGN_DETAIL_SHA256_X86 0
#endif

#if PRESIGN_DETAIL_SHA256_X86

#include <cpuid.h>

namespace presign::inline v0::detail {

/// cpuid: SHA extensions (leaf 7, EBX bit 29) plus SSSE3 (leaf 1, ECX bit 9, for pshufb) and
/// SSE4.1 (leaf 1, ECX bit 19, for pblendw). Run time only; a few hundred cycles;
/// sha256_hardware_supported (sha256.hpp) caches the answer.
inline bool sha256_x86_detect() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  const bool ssse3 = (ecx & (1u << 9)) != 0;
  const bool sse41 = (ecx & (1u << 19)) != 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  const bool sha = (ebx & (1u << 29)) != 0;
  return ssse3 && sse41 && sha;
}

// The SIMD code is written with GCC/clang vector types and the __builtin_ia32_* functions that
// <immintrin.h> wraps, not with <immintrin.h> itself: that header costs every including
// translation unit over a second of parsing with GCC 12, several times the whole core.
// Each builtin below is named after the instruction it emits.
typedef int sha256_v4si __attribute__((vector_size(16)));
typedef unsigned sha256_v4su __attribute__((vector_size(16)));
typedef char sha256_v16qi __attribute__((vector_size(16)));
typedef short sha256_v8hi __attribute__((vector_size(16)));
typedef long long sha256_v2di __attribute__((vector_size(16)));

#define PRESIGN_DETAIL_SHA_NI_TARGET \
  __attribute__((target("sha,sse4.1,ssse3"), always_inline)) inline

// movdqu load / store (memcpy of 16 bytes compiles to one unaligned move).
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_load(const void* p) noexcept {
  sha256_v4si v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
PRESIGN_DETAIL_SHA_NI_TARGET void sha256_x86_store(void* p, sha256_v4si v) noexcept {
  __builtin_memcpy(p, &v, sizeof v);
}
// paddd, in unsigned lanes: SHA-256 adds modulo 2^32 (FIPS 180-4 §3.2), and a signed vector
// add would be overflow to UBSan.
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_add(sha256_v4si a, sha256_v4si b) noexcept {
  return (sha256_v4si)((sha256_v4su)a + (sha256_v4su)b);
}
// pshufb: byte-swap each 32-bit word (the message is big-endian, FIPS 180-4 §3.1).
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_bswap(sha256_v4si v) noexcept {
  const sha256_v16qi mask = {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12};
  return (sha256_v4si)__builtin_ia32_pshufb128((sha256_v16qi)v, mask);
}
// pshufd with an immediate dword selector.
template <int Selector>
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_pshufd(sha256_v4si v) noexcept {
  return __builtin_ia32_pshufd(v, Selector);
}
// palignr: bytes [Bytes, Bytes + 16) of the 32-byte concatenation hi:lo. GCC's builtin counts
// the shift in bits, clang's in bytes.
template <int Bytes>
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_alignr(sha256_v4si hi,
                                                          sha256_v4si lo) noexcept {
#if defined(__clang__)
  return (sha256_v4si)__builtin_ia32_palignr128((sha256_v16qi)hi, (sha256_v16qi)lo, Bytes);
#else
  return (sha256_v4si)__builtin_ia32_palignr128((sha256_v2di)hi, (sha256_v2di)lo, Bytes * 8);
#endif
}
// pblendw: 16-bit lanes whose Mask bit is set come from b.
template <int Mask>
PRESIGN_DETAIL_SHA_NI_TARGET sha256_v4si sha256_x86_blend(sha256_v4si a, sha256_v4si b) noexcept {
  return (sha256_v4si)__builtin_ia32_pblendw128((sha256_v8hi)a, (sha256_v8hi)b, Mask);
}

// Four rounds (Q = 0..15) of the SHA-NI schedule. `cur` holds W[4Q..4Q+3]; `next` holds the
// msg1-prepared W[4Q-12..] that becomes W[4Q+4..] here (msg2 completes it with W[4Q-3..] from
// alignr); `prev` (W[4Q-4..]) gets its msg1 step for four rounds later. Q is a template
// argument so the steps that do not apply to the first and last quads vanish at compile time.
// sha256rnds2 does two rounds with the K+W pair in the low half of its third operand.
template <int Q>
PRESIGN_DETAIL_SHA_NI_TARGET void sha256_x86_quad(sha256_v4si& abef, sha256_v4si& cdgh,
                                                  sha256_v4si cur, sha256_v4si& next,
                                                  sha256_v4si& prev) noexcept {
  sha256_v4si msg = sha256_x86_add(cur, sha256_x86_load(sha256_k + 4 * Q));
  cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, msg);
  if constexpr (Q >= 3 && Q <= 14) {
    next = sha256_x86_add(next, sha256_x86_alignr<4>(cur, prev));
    next = __builtin_ia32_sha256msg2(next, cur);
  }
  msg = sha256_x86_pshufd<0x0e>(msg);
  abef = __builtin_ia32_sha256rnds2(abef, cdgh, msg);
  if constexpr (Q >= 1 && Q <= 12) prev = __builtin_ia32_sha256msg1(prev, cur);
}

/// Compresses `blocks` 64-byte blocks at `data` into `state` with the SHA extensions.
/// Precondition: sha256_x86_detect(). Same results as sha256_compress_portable.
__attribute__((target("sha,sse4.1,ssse3"))) inline void sha256_compress_x86(
    std::uint32_t* state, const unsigned char* data, std::size_t blocks) noexcept {
  // sha256rnds2 wants the state as {A,B,E,F} and {C,D,G,H} (listed from the high dword down).
  const sha256_v4si dcba = sha256_x86_load(state);
  const sha256_v4si hgfe = sha256_x86_load(state + 4);
  const sha256_v4si cdab = sha256_x86_pshufd<0xb1>(dcba);
  const sha256_v4si efgh = sha256_x86_pshufd<0x1b>(hgfe);
  sha256_v4si abef = sha256_x86_alignr<8>(cdab, efgh);
  sha256_v4si cdgh = sha256_x86_blend<0xf0>(efgh, cdab);

  for (; blocks != 0; --blocks, data += 64) {
    const sha256_v4si abef_in = abef;
    const sha256_v4si cdgh_in = cdgh;
    sha256_v4si m0 = sha256_x86_bswap(sha256_x86_load(data));
    sha256_v4si m1 = sha256_x86_bswap(sha256_x86_load(data + 16));
    sha256_v4si m2 = sha256_x86_bswap(sha256_x86_load(data + 32));
    sha256_v4si m3 = sha256_x86_bswap(sha256_x86_load(data + 48));
    // Quad Q uses W registers (Q, Q+1, Q+3) mod 4 as (cur, next, prev).
    sha256_x86_quad<0>(abef, cdgh, m0, m1, m3);
    sha256_x86_quad<1>(abef, cdgh, m1, m2, m0);
    sha256_x86_quad<2>(abef, cdgh, m2, m3, m1);
    sha256_x86_quad<3>(abef, cdgh, m3, m0, m2);
    sha256_x86_quad<4>(abef, cdgh, m0, m1, m3);
    sha256_x86_quad<5>(abef, cdgh, m1, m2, m0);
    sha256_x86_quad<6>(abef, cdgh, m2, m3, m1);
    sha256_x86_quad<7>(abef, cdgh, m3, m0, m2);
    sha256_x86_quad<8>(abef, cdgh, m0, m1, m3);
    sha256_x86_quad<9>(abef, cdgh, m1, m2, m0);
    sha256_x86_quad<10>(abef, cdgh, m2, m3, m1);
    sha256_x86_quad<11>(abef, cdgh, m3, m0, m2);
    sha256_x86_quad<12>(abef, cdgh, m0, m1, m3);
    sha256_x86_quad<13>(abef, cdgh, m1, m2, m0);
    sha256_x86_quad<14>(abef, cdgh, m2, m3, m1);
    sha256_x86_quad<15>(abef, cdgh, m3, m0, m2);
    abef = sha256_x86_add(abef, abef_in);
    cdgh = sha256_x86_add(cdgh, cdgh_in);
  }

  // Back to {A,B,C,D}, {E,F,G,H} in memory order.
  const sha256_v4si feba = sha256_x86_pshufd<0x1b>(abef);
  const sha256_v4si dchg = sha256_x86_pshufd<0xb1>(cdgh);
  sha256_x86_store(state, sha256_x86_blend<0xf0>(feba, dchg));
  sha256_x86_store(state + 4, sha256_x86_alignr<8>(dchg, feba));
}

#undef PRESIGN_DETAIL_SHA_NI_TARGET

}  // namespace presign::inline v0::detail

#endif  // PRESIGN_DETAIL_SHA256_X86
