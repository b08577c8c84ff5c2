// SPDX-License-Identifier: MIT
// presign: the portable, constexpr SHA-256 compression function (FIPS 180-4 §6.2.2).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "presign/config.hpp"

// The round helpers must be inlined into the compression loop: as calls taking references
// they would keep the working variables in memory (GCC -O2 declines to inline them on its own).
#if defined(__GNUC__) || defined(__clang__)
#  define PRESIGN_DETAIL_SHA256_INLINE __attribute__((always_inline)) inline
#elif defined(_MSC_VER)
#  define PRESIGN_DETAIL_SHA256_INLINE __forceinline
#else
#  define PRESIGN_DETAIL_SHA256_INLINE inline
#endif

namespace presign::inline v0::detail {

/// The eight 32-bit working values H0..H7 (FIPS 180-4 §6.2), a "chaining value" or midstate.
using sha256_state = std::array<std::uint32_t, 8>;

/// FIPS 180-4 §5.3.3: the initial hash value.
inline constexpr sha256_state sha256_iv = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                           0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

/// FIPS 180-4 §4.2.2: the 64 round constants. Aligned so the SIMD back ends load them whole.
alignas(64) inline constexpr std::uint32_t sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u};

/// Big-endian 32-bit load from any byte-like type. Written with shifts (no reinterpret_cast) so
/// it is a constant expression; optimisers turn it into one load + bswap at run time.
template <class B>
PRESIGN_DETAIL_SHA256_INLINE constexpr std::uint32_t sha256_load_be32(const B* p) noexcept {
  return (std::uint32_t{static_cast<std::uint8_t>(p[0])} << 24) |
         (std::uint32_t{static_cast<std::uint8_t>(p[1])} << 16) |
         (std::uint32_t{static_cast<std::uint8_t>(p[2])} << 8) |
         std::uint32_t{static_cast<std::uint8_t>(p[3])};
}

// One round (FIPS 180-4 §6.2.2 step 3). The caller rotates the register names by passing the
// values in rotated order, so only d and h are written. c is not passed: Maj uses
// Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), where b ^ c is the previous round's a ^ b, carried in
// `bc` (the next round's b and c are this round's a and b). Ch(e,f,g) = g ^ (e & (f ^ g)).
// T1 is summed so that the terms not depending on e (h + K + W) are ready first: the e -> e'
// dependency chain (Σ1, two adds) bounds the speed of this function.
PRESIGN_DETAIL_SHA256_INLINE constexpr void sha256_round(std::uint32_t a, std::uint32_t b,
                                                         std::uint32_t& d, std::uint32_t e,
                                                         std::uint32_t f, std::uint32_t g,
                                                         std::uint32_t& h, std::uint32_t& bc,
                                                         std::uint32_t k_plus_w) noexcept {
  const std::uint32_t sigma1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
  const std::uint32_t t1 = sigma1 + ((g ^ (e & (f ^ g))) + (h + k_plus_w));
  const std::uint32_t sigma0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
  const std::uint32_t ab = a ^ b;
  const std::uint32_t t2 = sigma0 + (b ^ (ab & bc));
  bc = ab;
  d += t1;
  h = t1 + t2;
}

// FIPS 180-4 §6.2.2 step 1, computed in place in a 16-word ring: W[t] for t >= 16 overwrites
// W[t - 16], the only word no longer needed.
template <std::size_t T>
PRESIGN_DETAIL_SHA256_INLINE constexpr std::uint32_t sha256_schedule(
    std::uint32_t (&w)[16]) noexcept {
  const std::uint32_t w15 = w[(T + 1) & 15];  // W[t-15]
  const std::uint32_t w2 = w[(T + 14) & 15];  // W[t-2]
  // σ0(x) = ROTR7(ROTR11(x) ^ x) ^ SHR3(x), σ1(x) = ROTR17(ROTR2(x) ^ x) ^ SHR10(x).
  const std::uint32_t s0 = std::rotr(std::rotr(w15, 11) ^ w15, 7) ^ (w15 >> 3);
  const std::uint32_t s1 = std::rotr(std::rotr(w2, 2) ^ w2, 17) ^ (w2 >> 10);
  w[T & 15] += s1 + w[(T + 9) & 15] + s0;  // + W[t-7]
  return w[T & 15];
}

// K[t] + W[t] for round T, extending the schedule from round 16 on.
template <std::size_t T>
PRESIGN_DETAIL_SHA256_INLINE constexpr std::uint32_t sha256_wk(std::uint32_t (&w)[16]) noexcept {
  if constexpr (T < 16) {
    return w[T] + sha256_k[T];
  } else {
    return sha256_schedule<T>(w) + sha256_k[T];
  }
}

// Eight rounds starting at round R (a multiple of 8). Rounds below 16 use the message words as
// loaded; later rounds extend the schedule first. R is a template argument so every index is a
// constant and the compiler can keep the schedule ring in registers or fixed stack slots.
template <std::size_t R>
PRESIGN_DETAIL_SHA256_INLINE constexpr void sha256_eight_rounds(
    std::uint32_t& a, std::uint32_t& b, std::uint32_t& c, std::uint32_t& d, std::uint32_t& e,
    std::uint32_t& f, std::uint32_t& g, std::uint32_t& h, std::uint32_t& bc,
    std::uint32_t (&w)[16]) noexcept {
  sha256_round(a, b, d, e, f, g, h, bc, sha256_wk<R + 0>(w));
  sha256_round(h, a, c, d, e, f, g, bc, sha256_wk<R + 1>(w));
  sha256_round(g, h, b, c, d, e, f, bc, sha256_wk<R + 2>(w));
  sha256_round(f, g, a, b, c, d, e, bc, sha256_wk<R + 3>(w));
  sha256_round(e, f, h, a, b, c, d, bc, sha256_wk<R + 4>(w));
  sha256_round(d, e, g, h, a, b, c, bc, sha256_wk<R + 5>(w));
  sha256_round(c, d, f, g, h, a, b, bc, sha256_wk<R + 6>(w));
  sha256_round(b, c, e, f, g, h, a, bc, sha256_wk<R + 7>(w));
}

/// Compresses `blocks` consecutive 64-byte blocks at `data` into `state` (FIPS 180-4 §6.2.2).
/// B is any byte-like type; no reinterpret_cast, so this runs in constant expressions too.
/// Fully unrolled: the working variables stay in registers across all blocks of a call. The
/// speed build's compression (about 9.6 KiB of x86-64 code even at -Os).
template <class B>
constexpr void sha256_compress_unrolled(sha256_state& state, const B* data,
                                        std::size_t blocks) noexcept {
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (; blocks != 0; --blocks, data += 64) {
    std::uint32_t w[16] = {};
    for (std::size_t i = 0; i < 16; ++i) w[i] = sha256_load_be32(data + 4 * i);
    std::uint32_t bc = b ^ c;
    sha256_eight_rounds<0>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<8>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<16>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<24>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<32>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<40>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<48>(a, b, c, d, e, f, g, h, bc, w);
    sha256_eight_rounds<56>(a, b, c, d, e, f, g, h, bc, w);
    // FIPS 180-4 §6.2.2 step 4: add the block's result into the chaining value.
    a = state[0] += a;
    b = state[1] += b;
    c = state[2] += c;
    d = state[3] += d;
    e = state[4] += e;
    f = state[5] += f;
    g = state[6] += g;
    h = state[7] += h;
  }
}

/// The same function as sha256_compress_unrolled (same contract, same results) written for
/// code size: one round body in a loop of 64, the schedule extended in place in a 16-word ring
/// (W[t] overwrites W[t-16]) with run-time indices, FIPS 180-4 §6.2.2's register renaming as
/// eight moves. The size build's compression (see PRESIGN_SMALL_CODE); always defined, so the
/// tests compare it with the unrolled one in every build.
template <class B>
constexpr void sha256_compress_small(sha256_state& state, const B* data,
                                     std::size_t blocks) noexcept {
  for (; blocks != 0; --blocks, data += 64) {
    std::uint32_t w[16] = {};
    for (std::size_t i = 0; i < 16; ++i) w[i] = sha256_load_be32(data + 4 * i);
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (std::size_t t = 0; t < 64; ++t) {
      std::uint32_t& wt = w[t & 15];
      if (t >= 16) {
        const std::uint32_t w15 = w[(t + 1) & 15];  // W[t-15]
        const std::uint32_t w2 = w[(t + 14) & 15];  // W[t-2]
        wt += (std::rotr(w2, 17) ^ std::rotr(w2, 19) ^ (w2 >> 10)) + w[(t + 9) & 15] +
              (std::rotr(w15, 7) ^ std::rotr(w15, 18) ^ (w15 >> 3));  // σ1 + W[t-7] + σ0
      }
      // T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t], T2 = Σ0(a) + Maj(a,b,c) (§4.1.2, §6.2.2).
      const std::uint32_t t1 = h + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25)) +
                               (g ^ (e & (f ^ g))) + sha256_k[t] + wt;
      const std::uint32_t t2 =
          (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) + ((a & b) | (c & (a | b)));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

/// The portable compression this build uses: the rolled loop with PRESIGN_SMALL_CODE (the
/// default at -Os/-Oz), else the unrolled one. Also what constant evaluation runs.
template <class B>
constexpr void sha256_compress_portable(sha256_state& state, const B* data,
                                        std::size_t blocks) noexcept {
#if PRESIGN_SMALL_CODE
  sha256_compress_small(state, data, blocks);
#else
  sha256_compress_unrolled(state, data, blocks);
#endif
}

}  // namespace presign::inline v0::detail
