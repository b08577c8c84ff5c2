// SPDX-License-Identifier: MIT
// presign: HMAC-SHA256 (RFC 2104) with the key's pad midstates computed once; constexpr.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "presign/config.hpp"
#include "presign/detail/secure_wipe.hpp"
#include "presign/sha256.hpp"

namespace presign::inline v0::detail {

// (Free functions rather than private member templates: clang 14 cannot constant-evaluate a
// member template that is used in the class before its definition.)

/// RFC 2104 §2 key set-up: the key padded with zeros to the block (hashed first when longer
/// than 64 bytes), XORed with ipad (0x36) and opad (0x5c), each block compressed once from the
/// IV. The padded key is wiped; the two midstates are the caller's to keep and wipe.
template <class B>
constexpr void hmac_sha256_init(const B* key, std::size_t size, sha256_state& inner,
                                sha256_state& outer) noexcept {
  std::array<std::uint8_t, 64> block{};
  if (size > block.size()) {
    sha256_digest hashed = sha256_hash_from(sha256_iv, 0, key, size);
    sha256_copy_bytes(block.data(), hashed.data(), hashed.size());
    secure_wipe(hashed);
  } else {
    sha256_copy_bytes(block.data(), key, size);
  }
  for (auto& byte : block) byte = static_cast<std::uint8_t>(byte ^ 0x36u);
  inner = sha256_iv;
  sha256_compress(inner, block.data(), 1);
  for (auto& byte : block) byte = static_cast<std::uint8_t>(byte ^ (0x36u ^ 0x5cu));
  outer = sha256_iv;
  sha256_compress(outer, block.data(), 1);
  secure_wipe(block);
}

/// H(outer || H(inner || message)) from the two midstates: the message's blocks plus its
/// padding from the inner midstate, then a single block for the outer hash.
template <class B>
constexpr sha256_digest hmac_sha256_sign(const sha256_state& inner, const sha256_state& outer,
                                         const B* message, std::size_t size) noexcept {
  const sha256_digest inner_digest = sha256_hash_from(inner, 64, message, size);
  return sha256_hash_from(outer, 64, inner_digest.data(), inner_digest.size());
}

}  // namespace presign::inline v0::detail

namespace presign::inline v0 {

/// A keyed HMAC-SHA256 state (RFC 2104). The constructor hashes the key's inner and outer pad
/// blocks once; each sign() then costs only the message's blocks plus one outer block, so a
/// cached key (a SigV4 signing key) signs with no key set-up. constexpr, noexcept, no
/// allocation. sign(), begin() and finish() are const: one object may sign from many threads.
/// The midstates are key-equivalent secrets: the destructor wipes them.
class hmac_sha256 {
 public:
  /// Keys the state with `key` (any length; RFC 2104 §2: longer than 64 bytes is hashed first).
  constexpr explicit hmac_sha256(std::string_view key) noexcept {
    detail::hmac_sha256_init(key.data(), key.size(), inner_, outer_);
  }
  /// Keys the state with the bytes of a span of any byte-like type.
  template <byte_like B, std::size_t Extent = std::dynamic_extent>
  constexpr explicit hmac_sha256(std::span<const B, Extent> key) noexcept {
    detail::hmac_sha256_init(key.data(), key.size(), inner_, outer_);
  }
  /// Keys the state with an array, such as the sha256_digest of a previous HMAC (SigV4 keys).
  template <byte_like B, std::size_t N>
  constexpr explicit hmac_sha256(const std::array<B, N>& key) noexcept {
    detail::hmac_sha256_init(key.data(), N, inner_, outer_);
  }

  constexpr hmac_sha256(const hmac_sha256&) noexcept = default;
  constexpr hmac_sha256& operator=(const hmac_sha256&) noexcept = default;

  /// Wipes both midstates (secure_wipe: not removable as a dead store at run time).
  constexpr ~hmac_sha256() {
    detail::secure_wipe(inner_);
    detail::secure_wipe(outer_);
  }

  /// HMAC(key, message) = H((K ^ opad) || H((K ^ ipad) || message)), RFC 2104 §2.
  [[nodiscard]] constexpr sha256_digest sign(std::string_view message) const noexcept {
    return detail::hmac_sha256_sign(inner_, outer_, message.data(), message.size());
  }
  /// HMAC of the bytes of a span of any byte-like type.
  template <byte_like B, std::size_t Extent = std::dynamic_extent>
  [[nodiscard]] constexpr sha256_digest sign(std::span<const B, Extent> message) const noexcept {
    return detail::hmac_sha256_sign(inner_, outer_, message.data(), message.size());
  }
  /// HMAC of an array's bytes.
  template <byte_like B, std::size_t N>
  [[nodiscard]] constexpr sha256_digest sign(const std::array<B, N>& message) const noexcept {
    return detail::hmac_sha256_sign(inner_, outer_, message.data(), N);
  }

  /// Streaming: a sha256 already past the inner pad block; update() it with the message, then
  /// pass it to finish().
  [[nodiscard]] constexpr sha256 begin() const noexcept {
    return sha256(inner_, sha256::block_size);
  }
  /// Completes a streaming HMAC: the outer hash of inner.finish() (which resets `inner`).
  [[nodiscard]] constexpr sha256_digest finish(sha256& inner) const noexcept {
    const sha256_digest inner_digest = inner.finish();
    return detail::sha256_hash_from(outer_, sha256::block_size, inner_digest.data(),
                                    inner_digest.size());
  }

  /// The inner and outer pad midstates (8 words each), for caches that store keyed states
  /// (the presigner's signing-key cache). Key-equivalent secrets: wipe copies after use.
  [[nodiscard]] constexpr std::array<std::uint32_t, 16> midstates() const noexcept {
    std::array<std::uint32_t, 16> m{};
    for (std::size_t i = 0; i < 8; ++i) {
      m[i] = inner_[i];
      m[8 + i] = outer_[i];
    }
    return m;
  }
  /// The keyed state whose midstates() are `m`. constexpr, noexcept.
  [[nodiscard]] static constexpr hmac_sha256 from_midstates(
      const std::array<std::uint32_t, 16>& m) noexcept {
    hmac_sha256 h{unkeyed{}};
    for (std::size_t i = 0; i < 8; ++i) {
      h.inner_[i] = m[i];
      h.outer_[i] = m[8 + i];
    }
    return h;
  }

 private:
  struct unkeyed {};
  constexpr explicit hmac_sha256(unkeyed) noexcept {}

  detail::sha256_state inner_{};
  detail::sha256_state outer_{};
};

/// HMAC-SHA256 of `message` under `key` in one call. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr sha256_digest hmac_sha256_digest(std::string_view key,
                                                         std::string_view message) noexcept {
  return hmac_sha256(key).sign(message);
}
/// HMAC-SHA256 with an array key (a previous digest: the SigV4 key derivation chain).
template <byte_like B, std::size_t N>
[[nodiscard]] constexpr sha256_digest hmac_sha256_digest(const std::array<B, N>& key,
                                                         std::string_view message) noexcept {
  return hmac_sha256(key).sign(message);
}
/// HMAC-SHA256 with a span key and a text message.
template <byte_like B, std::size_t Extent = std::dynamic_extent>
[[nodiscard]] constexpr sha256_digest hmac_sha256_digest(std::span<const B, Extent> key,
                                                         std::string_view message) noexcept {
  return hmac_sha256(key).sign(message);
}
/// HMAC-SHA256 with span key and span message, of any byte-like types.
template <byte_like K, std::size_t KeyExtent, byte_like M, std::size_t MessageExtent>
[[nodiscard]] constexpr sha256_digest hmac_sha256_digest(
    std::span<const K, KeyExtent> key, std::span<const M, MessageExtent> message) noexcept {
  return hmac_sha256(key).sign(message);
}

}  // namespace presign::inline v0
