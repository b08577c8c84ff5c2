// SPDX-License-Identifier: MIT
// presign: SHA-256 (FIPS 180-4), constexpr, dispatched to hardware at run time
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "presign/config.hpp"
#include "presign/detail/secure_wipe.hpp"
#include "presign/detail/sha256_portable.hpp"
#include "presign/detail/sha256_arm.hpp"
#include "presign/detail/sha256_x86.hpp"

namespace presign::inline v0 {

/// A SHA-256 digest: 32 bytes, big-endian words as FIPS 180-4 §6.2.2 step 4 prints them.
using sha256_digest = std::array<std::uint8_t, 32>;

/// The byte types presign hashes without copying: char, signed char, unsigned char, char8_t
/// and std::byte (exactly these, cv-unqualified).
template <class T>
concept byte_like = std::same_as<T, char> || std::same_as<T, signed char> ||
                    std::same_as<T, unsigned char> || std::same_as<T, char8_t> ||
                    std::same_as<T, std::byte>;

/// Which compression function run-time (not constant-evaluated) SHA-256 calls use.
enum class sha256_implementation { portable, x86_sha_ni, arm_sha2 };

/// "portable", "x86_sha_ni" or "arm_sha2". constexpr.
[[nodiscard]] constexpr std::string_view to_string(sha256_implementation i) noexcept {
  switch (i) {
    case sha256_implementation::portable: return "portable";
    case sha256_implementation::x86_sha_ni: return "x86_sha_ni";
    case sha256_implementation::arm_sha2: return "arm_sha2";
  }
  return "unknown";
}

}  // namespace presign::inline v0

namespace presign::inline v0::detail {

#if PRESIGN_DETAIL_SHA256_X86 || PRESIGN_DETAIL_SHA256_ARM
#  define PRESIGN_DETAIL_SHA256_HARDWARE 1
// Set by sha256_force_portable and read before every run-time compression. One object in the
// program (inline variable), accessed only through the GCC/clang __atomic builtins: relaxed is
// enough for a mode switch that orders nothing else, and it keeps <atomic> out of the core.
inline int sha256_portable_forced = 0;
inline bool sha256_is_portable_forced() noexcept {
  return __atomic_load_n(&sha256_portable_forced, __ATOMIC_RELAXED) != 0;
}

// Whether the CPU runs this build's hardware back end: -1 not yet known, 0 no, 1 yes. One
// object in the program; relaxed __atomic builtins (detection is idempotent, a racing first
// use just asks the CPU or the operating system twice).
inline int sha256_hardware_cache = -1;

/// True when this CPU runs the hardware back end compiled in: cpuid on x86, the operating
/// system's report on ARM (or the compilation target's promise). Thread-safe; asks once.
inline bool sha256_hardware_supported() noexcept {
  int known = __atomic_load_n(&sha256_hardware_cache, __ATOMIC_RELAXED);
  if (known < 0) [[unlikely]] {
#  if PRESIGN_DETAIL_SHA256_X86
    known = sha256_x86_detect() ? 1 : 0;
#  else
    known = sha256_arm_detect() ? 1 : 0;
#  endif
    __atomic_store_n(&sha256_hardware_cache, known, __ATOMIC_RELAXED);
  }
  return known != 0;
}

/// The back end the next run-time compression uses (the dispatcher and
/// sha256_active_implementation both ask here, so what is reported is what runs).
inline sha256_implementation sha256_runtime_choice() noexcept {
  if (sha256_is_portable_forced() || !sha256_hardware_supported()) {
    return sha256_implementation::portable;
  }
#  if PRESIGN_DETAIL_SHA256_X86
  return sha256_implementation::x86_sha_ni;
#  else
  return sha256_implementation::arm_sha2;
#  endif
}
#else
#  define PRESIGN_DETAIL_SHA256_HARDWARE 0
inline sha256_implementation sha256_runtime_choice() noexcept {
  return sha256_implementation::portable;
}
#endif

/// The run-time compression: the hardware back end when the CPU has one and it is not
/// switched off, else the portable core. Not constexpr (see sha256_compress).
inline void sha256_compress_runtime(sha256_state& state, const unsigned char* data,
                                    std::size_t blocks) noexcept {
#if PRESIGN_DETAIL_SHA256_X86
  if (sha256_runtime_choice() == sha256_implementation::x86_sha_ni) {
    sha256_compress_x86(state.data(), data, blocks);
    return;
  }
#elif PRESIGN_DETAIL_SHA256_ARM
  if (sha256_runtime_choice() == sha256_implementation::arm_sha2) {
    sha256_compress_arm(state.data(), data, blocks);
    return;
  }
#endif
  sha256_compress_portable(state, data, blocks);
}

/// Compresses `blocks` whole blocks at `data`: the portable core in constant evaluation, the
/// dispatched back end at run time (where viewing the bytes as unsigned char is allowed).
template <class B>
constexpr void sha256_compress(sha256_state& state, const B* data, std::size_t blocks) noexcept {
  if (blocks == 0) return;
  if (std::is_constant_evaluated()) {
    sha256_compress_portable(state, data, blocks);
  } else {
    sha256_compress_runtime(state, reinterpret_cast<const unsigned char*>(data), blocks);
  }
}

/// Copies `n` bytes of any byte-like type into `out`; memcpy at run time.
template <class B>
constexpr void sha256_copy_bytes(std::uint8_t* out, const B* in, std::size_t n) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  if (!std::is_constant_evaluated()) {
    if (n != 0) __builtin_memcpy(out, in, n);
    return;
  }
#endif
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(in[i]);
}

/// The digest bytes of a final state (FIPS 180-4 §6.2.2: H0..H7, each big-endian).
constexpr sha256_digest sha256_digest_of(const sha256_state& state) noexcept {
  sha256_digest out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
  return out;
}

/// The one-shot path: from chaining value `state` after `prefix_bytes` bytes (a multiple of
/// 64), hashes the `size` contiguous bytes at `data` to the end: whole blocks straight from the
/// caller's memory in one multi-block call, then the padded tail (FIPS 180-4 §5.1.1: 0x80,
/// zeros, the 64-bit big-endian bit length) in one more call of one or two blocks.
template <class B>
constexpr sha256_digest sha256_hash_from(sha256_state state, std::uint64_t prefix_bytes,
                                         const B* data, std::size_t size) noexcept {
  const std::size_t whole = size / 64;
  sha256_compress(state, data, whole);
  const std::size_t tail = size % 64;
  std::array<std::uint8_t, 128> last{};
  sha256_copy_bytes(last.data(), data + whole * 64, tail);
  last[tail] = 0x80;
  const std::size_t last_size = tail < 56 ? 64 : 128;
  // The length is in bits, modulo 2^64 (so unsigned wrap-around is the specified behaviour).
  const std::uint64_t bits = (prefix_bytes + size) * 8u;
  for (std::size_t i = 0; i < 8; ++i) {
    last[last_size - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  }
  sha256_compress(state, last.data(), last_size / 64);
  sha256_digest digest = sha256_digest_of(state);
  // The final state is the digest: when it is a key (SigV4's kDate .. kSigning, an HMAC's
  // inner hash), this frame's copy must not stay on the stack (issue 17, item 6).
  secure_wipe(state);
  return digest;
}

/// sha256::update: appends `size` bytes to a streaming state (chaining value, partial block,
/// byte count). Tops up a partial block first; whole blocks are then hashed straight from
/// `data` in one multi-block call; at most 63 bytes are left buffered. (A free function rather
/// than a private member template: clang 14 cannot constant-evaluate a member template that is
/// used in the class before its definition.)
template <class B>
constexpr void sha256_absorb(sha256_state& state, std::array<std::uint8_t, 64>& buffer,
                             std::uint64_t& length, const B* data, std::size_t size) noexcept {
  const std::size_t buffered = static_cast<std::size_t>(length % 64);
  length += size;
  if (buffered != 0) {
    const std::size_t take = size < 64 - buffered ? size : 64 - buffered;
    sha256_copy_bytes(buffer.data() + buffered, data, take);
    if (buffered + take < 64) return;
    sha256_compress(state, buffer.data(), 1);
    data += take;
    size -= take;
  }
  const std::size_t whole = size / 64;
  sha256_compress(state, data, whole);
  sha256_copy_bytes(buffer.data(), data + whole * 64, size % 64);
}

}  // namespace presign::inline v0::detail

namespace presign::inline v0 {

/// Streaming SHA-256 (FIPS 180-4). Feed bytes with update() in any split, then finish().
/// constexpr, noexcept, no allocation; copyable (a copy forks the state). An object is not
/// safe to share between threads while one of them updates it; distinct objects are.
class sha256 {
 public:
  static constexpr std::size_t block_size = 64;
  static constexpr std::size_t digest_size = 32;

  /// A fresh state (FIPS 180-4 §5.3.3).
  constexpr sha256() noexcept = default;

  /// Resumes from `midstate`, the chaining value after hashing `bytes_hashed` bytes, which must
  /// be a multiple of block_size (precondition). For keyed prefixes such as HMAC's pads.
  constexpr explicit sha256(const std::array<std::uint32_t, 8>& midstate,
                            std::uint64_t bytes_hashed) noexcept
      : state_(midstate), length_(bytes_hashed) {
    PRESIGN_ASSERT(bytes_hashed % block_size == 0);
  }

  /// Appends bytes. Whole blocks are hashed straight from `data`; at most 63 are buffered.
  constexpr sha256& update(std::string_view data) noexcept {
    detail::sha256_absorb(state_, buffer_, length_, data.data(), data.size());
    return *this;
  }
  /// Appends the bytes of a span of any byte-like type (any extent).
  template <byte_like B, std::size_t Extent = std::dynamic_extent>
  constexpr sha256& update(std::span<const B, Extent> data) noexcept {
    detail::sha256_absorb(state_, buffer_, length_, data.data(), data.size());
    return *this;
  }
  /// Appends the bytes of an array (such as a sha256_digest).
  template <byte_like B, std::size_t N>
  constexpr sha256& update(const std::array<B, N>& data) noexcept {
    detail::sha256_absorb(state_, buffer_, length_, data.data(), N);
    return *this;
  }
  /// Appends `size` bytes at `data` (`data` may be null when `size` is 0).
  template <byte_like B>
  constexpr sha256& update(const B* data, std::size_t size) noexcept {
    detail::sha256_absorb(state_, buffer_, length_, data, size);
    return *this;
  }

  /// Pads, returns the digest of everything appended, and resets to a fresh state.
  [[nodiscard]] constexpr sha256_digest finish() noexcept {
    const std::size_t buffered = static_cast<std::size_t>(length_ % block_size);
    const sha256_digest digest =
        detail::sha256_hash_from(state_, length_ - buffered, buffer_.data(), buffered);
    *this = sha256{};
    return digest;
  }

  /// Bytes appended so far (modulo 2^64).
  [[nodiscard]] constexpr std::uint64_t size() const noexcept { return length_; }

  /// The chaining value covering the first size() - size() % block_size bytes; with
  /// sha256(midstate(), that count) it resumes a hash of a fixed prefix without rehashing it.
  [[nodiscard]] constexpr const std::array<std::uint32_t, 8>& midstate() const noexcept {
    return state_;
  }

 private:
  detail::sha256_state state_ = detail::sha256_iv;
  std::array<std::uint8_t, block_size> buffer_{};
  std::uint64_t length_ = 0;
};

/// SHA-256 of `data` in one call: whole blocks are hashed in place, no copy of the input.
/// constexpr, noexcept, no allocation.
[[nodiscard]] constexpr sha256_digest sha256_hash(std::string_view data) noexcept {
  return detail::sha256_hash_from(detail::sha256_iv, 0, data.data(), data.size());
}
/// SHA-256 of a span of any byte-like type.
template <byte_like B, std::size_t Extent = std::dynamic_extent>
[[nodiscard]] constexpr sha256_digest sha256_hash(std::span<const B, Extent> data) noexcept {
  return detail::sha256_hash_from(detail::sha256_iv, 0, data.data(), data.size());
}
/// SHA-256 of an array of any byte-like type (such as another digest).
template <byte_like B, std::size_t N>
[[nodiscard]] constexpr sha256_digest sha256_hash(const std::array<B, N>& data) noexcept {
  return detail::sha256_hash_from(detail::sha256_iv, 0, data.data(), N);
}

/// The back end run-time calls use right now: hardware when available and not forced off.
/// Thread-safe; the first call asks the CPU (x86: cpuid) or the operating system (ARM) once.
[[nodiscard]] inline sha256_implementation sha256_active_implementation() noexcept {
  return detail::sha256_runtime_choice();
}

/// True when this build has a hardware back end and this CPU supports it (SHA-NI; ARMv8 SHA2
/// as the operating system reports it, or as the compilation target guarantees). Thread-safe.
[[nodiscard]] inline bool sha256_hardware_available() noexcept {
#if PRESIGN_DETAIL_SHA256_HARDWARE
  return detail::sha256_hardware_supported();
#else
  return false;
#endif
}

/// Forces (true) or releases (false) the portable back end for all later run-time calls in the
/// program, for tests and benchmarks. Thread-safe (atomic); digests are the same either way.
/// Constant evaluation always uses the portable core.
inline void sha256_force_portable(bool force) noexcept {
#if PRESIGN_DETAIL_SHA256_HARDWARE
  __atomic_store_n(&detail::sha256_portable_forced, force ? 1 : 0, __ATOMIC_RELAXED);
#else
  (void)force;  // nothing to switch: the portable core is the only back end
#endif
}

}  // namespace presign::inline v0
