// SPDX-License-Identifier: MIT
// presign: base16 (hex) encoding, lowercase as SigV4 prints digests and signatures; constexpr.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "presign/config.hpp"
#include "presign/error.hpp"

namespace presign::inline v0::detail {

inline constexpr std::string_view hex_lower_digits = "0123456789abcdef";

/// Writes 2 * n lowercase hex digits of `in` to `out` and returns the end of what it wrote.
/// No bounds check: the hot path (digests and signatures into buffers already sized).
constexpr char* hex_encode_unchecked(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    *out++ = hex_lower_digits[in[i] >> 4];
    *out++ = hex_lower_digits[in[i] & 0x0fu];
  }
  return out;
}

/// The value of one hex digit of either case, or -1.
constexpr int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace presign::inline v0::detail

namespace presign::inline v0 {

/// The lowercase hex of a byte array, by value (e.g. to_hex(sha256_hash(x)) is 64 chars).
/// constexpr, noexcept, no allocation.
template <std::size_t N>
[[nodiscard]] constexpr std::array<char, 2 * N> to_hex(
    const std::array<std::uint8_t, N>& bytes) noexcept {
  std::array<char, 2 * N> out{};
  detail::hex_encode_unchecked(bytes.data(), N, out.data());
  return out;
}

/// Writes the lowercase hex of `in` to `out` and returns the number of chars written
/// (2 * in.size()). If `out` is smaller, writes nothing and returns errc::buffer_too_small with
/// required_size() = 2 * in.size(). constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<std::size_t> hex_encode(std::span<const std::uint8_t> in,
                                                       std::span<char> out) noexcept {
  if (out.size() / 2 < in.size()) return {errc::buffer_too_small, 2 * in.size()};
  detail::hex_encode_unchecked(in.data(), in.size(), out.data());
  return 2 * in.size();
}

/// Decodes hex digits of either case from `in` into `out` and returns the number of bytes
/// written (in.size() / 2). Errors, checked in this order and before anything is written:
/// odd length or a non-hex character -> errc::invalid_encoding; `out` too small ->
/// errc::buffer_too_small with required_size() = in.size() / 2. constexpr, noexcept.
[[nodiscard]] constexpr result<std::size_t> hex_decode(std::string_view in,
                                                       std::span<std::uint8_t> out) noexcept {
  if (in.size() % 2 != 0) return errc::invalid_encoding;
  for (char c : in) {
    if (detail::hex_digit_value(c) < 0) return errc::invalid_encoding;
  }
  const std::size_t size = in.size() / 2;
  if (out.size() < size) return {errc::buffer_too_small, size};
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<std::uint8_t>((detail::hex_digit_value(in[2 * i]) << 4) |
                                       detail::hex_digit_value(in[2 * i + 1]));
  }
  return size;
}

}  // namespace presign::inline v0
