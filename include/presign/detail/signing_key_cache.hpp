// SPDX-License-Identifier: MIT
// presign: a small cache of SigV4 signing keys (kSigning as HMAC midstates), shared by all
// threads that use one presigner. Readers never write shared memory (a seqlock over words read
// with relaxed atomics), so concurrent presigns do not bounce a cache line between cores; a
// writer that finds the slot busy simply does not cache. GCC/clang __atomic builtins keep
// <atomic> out of the core.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "presign/hmac.hpp"

namespace presign::inline v0::detail {

/// A 128-bit fingerprint of the strings that determine a signing key (secret, date, region,
/// service). Not cryptographic: it only tells cache slots apart, so the secret itself is never
/// stored in the cache. Two independent 64-bit multiply-xorshift lanes.
struct key_fingerprint {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  friend constexpr bool operator==(const key_fingerprint&, const key_fingerprint&) noexcept = default;
};

class fingerprint_builder {
 public:
  constexpr void add(std::string_view s) noexcept {
    for (char c : s) mix(static_cast<unsigned char>(c));
    mix(0x100u + (s.size() & 0xFFu));  // field separator with length: ("ab","c") != ("a","bc")
  }
  [[nodiscard]] constexpr key_fingerprint finish() const noexcept {
    return {avalanche(a_ ^ 0x9E3779B97F4A7C15ull), avalanche(b_ ^ 0xC2B2AE3D27D4EB4Full)};
  }

 private:
  constexpr void mix(std::uint64_t v) noexcept {
    a_ = (a_ ^ v) * 0x100000001B3ull;           // FNV-1a 64 prime
    b_ = (b_ + v + 0x632BE59BD9B4E019ull) * 0xFF51AFD7ED558CCDull;
    b_ ^= b_ >> 29;
  }
  static constexpr std::uint64_t avalanche(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
  }
  std::uint64_t a_ = 0xCBF29CE484222325ull;  // FNV-1a 64 offset basis
  std::uint64_t b_ = 0x27D4EB2F165667C5ull;
};

class signing_key_cache {
 public:
  static constexpr std::size_t slots = 4;

  constexpr signing_key_cache() noexcept = default;
  // A copy starts empty: copying a presigner must not race with its users.
  constexpr signing_key_cache(const signing_key_cache&) noexcept {}
  constexpr signing_key_cache& operator=(const signing_key_cache&) noexcept { return *this; }
  // Wipes the cached keys (they are secrets for a day). A literal type, so a presigner can
  // live in a constant expression, where the cache is never used.
  constexpr ~signing_key_cache() {
    if (!std::is_constant_evaluated()) clear();
  }

  /// Copies the cached key for `fp` into `out`; false on a miss or a concurrent update.
  bool lookup(const key_fingerprint& fp, hmac_sha256& out) const noexcept {
    const slot& s = slots_[index(fp)];
    const std::uint64_t s1 = __atomic_load_n(&s.sequence, __ATOMIC_ACQUIRE);
    if (s1 == 0 || (s1 & 1u) != 0) return false;
    std::array<std::uint64_t, words> copy{};
    for (std::size_t i = 0; i < words; ++i) copy[i] = __atomic_load_n(&s.data[i], __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    const std::uint64_t s2 = __atomic_load_n(&s.sequence, __ATOMIC_RELAXED);
    bool hit = s1 == s2 && copy[0] == fp.a && copy[1] == fp.b;
    if (hit) {
      std::array<std::uint32_t, 16> midstates = unpack(copy);
      out = hmac_sha256::from_midstates(midstates);
      secure_wipe(midstates);
    }
    secure_wipe(copy);
    return hit;
  }

  /// Caches `key` for `fp` unless another thread is writing the slot right now.
  void store(const key_fingerprint& fp, const hmac_sha256& key) noexcept {
    slot& s = slots_[index(fp)];
    std::uint64_t seq = __atomic_load_n(&s.sequence, __ATOMIC_RELAXED);
    if ((seq & 1u) != 0) return;
    if (!__atomic_compare_exchange_n(&s.sequence, &seq, seq + 1, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
      return;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    std::array<std::uint64_t, words> copy = pack(fp, key.midstates());
    for (std::size_t i = 0; i < words; ++i) __atomic_store_n(&s.data[i], copy[i], __ATOMIC_RELAXED);
    secure_wipe(copy);
    __atomic_store_n(&s.sequence, seq + 2, __ATOMIC_RELEASE);
  }

  /// Forgets every key (wiping it). Not for use while other threads presign.
  void clear() noexcept {
    for (slot& s : slots_) {
      for (auto& w : s.data) __atomic_store_n(&w, 0, __ATOMIC_RELAXED);
      __atomic_store_n(&s.sequence, 0, __ATOMIC_RELEASE);
    }
  }

 private:
  // Two fingerprint words, then the 16 midstate words packed two to a word.
  static constexpr std::size_t words = 2 + 8;
  struct alignas(64) slot {
    std::uint64_t sequence = 0;  // even: stable; odd: being written; 0: empty
    std::array<std::uint64_t, words> data{};
  };

  static std::size_t index(const key_fingerprint& fp) noexcept {
    return static_cast<std::size_t>(fp.a % slots);
  }
  static std::array<std::uint64_t, words> pack(const key_fingerprint& fp,
                                               const std::array<std::uint32_t, 16>& m) noexcept {
    std::array<std::uint64_t, words> w{};
    w[0] = fp.a;
    w[1] = fp.b;
    for (std::size_t i = 0; i < 8; ++i)
      w[2 + i] = (std::uint64_t{m[2 * i]} << 32) | m[2 * i + 1];
    return w;
  }
  static std::array<std::uint32_t, 16> unpack(const std::array<std::uint64_t, words>& w) noexcept {
    std::array<std::uint32_t, 16> m{};
    for (std::size_t i = 0; i < 8; ++i) {
      m[2 * i] = static_cast<std::uint32_t>(w[2 + i] >> 32);
      m[2 * i + 1] = static_cast<std::uint32_t>(w[2 + i]);
    }
    return m;
  }

  std::array<slot, slots> slots_{};
};

}  // namespace presign::inline v0::detail
