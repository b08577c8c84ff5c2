// SPDX-License-Identifier: MIT
// presign: base64 (RFC 4648 §4, standard alphabet, '=' padding), strict decoding.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "presign/config.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

namespace detail {

inline constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Sextet value of each byte, or -1 for bytes outside the alphabet ('=' included: padding is
// handled by position, never by lookup).
inline constexpr std::array<std::int8_t, 256> base64_values = [] {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < base64_alphabet.size(); ++i) {
    t[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<std::int8_t>(i);
  }
  return t;
}();

/// A one-byte element type that base64 input may be given as: char, signed/unsigned char,
/// char8_t, std::uint8_t, std::byte (not bool).
template <class T>
concept base64_byte = sizeof(T) == 1 && !std::is_same_v<std::remove_cv_t<T>, bool> &&
                      (std::is_integral_v<T> || std::is_same_v<std::remove_cv_t<T>, std::byte>);

template <class Byte>
[[nodiscard]] constexpr std::uint32_t base64_octet(Byte b) noexcept {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b));
}

// Encodes in[0..n) into out; out has room for base64_encoded_size(n). Returns the end.
template <class Byte>
constexpr char* base64_encode_unchecked(const Byte* in, std::size_t n, char* out) noexcept {
  std::size_t i = 0;
  for (; n - i >= 3; i += 3) {
    const std::uint32_t v =
        base64_octet(in[i]) << 16 | base64_octet(in[i + 1]) << 8 | base64_octet(in[i + 2]);
    out[0] = base64_alphabet[v >> 18];
    out[1] = base64_alphabet[(v >> 12) & 0x3Fu];
    out[2] = base64_alphabet[(v >> 6) & 0x3Fu];
    out[3] = base64_alphabet[v & 0x3Fu];
    out += 4;
  }
  if (n - i == 1) {  // RFC 4648 §4 case (2): 8 bits -> two chars and "=="
    const std::uint32_t v = base64_octet(in[i]) << 16;
    out[0] = base64_alphabet[v >> 18];
    out[1] = base64_alphabet[(v >> 12) & 0x3Fu];
    out[2] = '=';
    out[3] = '=';
    out += 4;
  } else if (n - i == 2) {  // case (3): 16 bits -> three chars and "="
    const std::uint32_t v = base64_octet(in[i]) << 16 | base64_octet(in[i + 1]) << 8;
    out[0] = base64_alphabet[v >> 18];
    out[1] = base64_alphabet[(v >> 12) & 0x3Fu];
    out[2] = base64_alphabet[(v >> 6) & 0x3Fu];
    out[3] = '=';
    out += 4;
  }
  return out;
}

template <class Byte>
[[nodiscard]] constexpr result<std::size_t> base64_encode_impl(const Byte* in, std::size_t n,
                                                               std::span<char> out) noexcept {
  const std::size_t needed = (n / 3 + (n % 3 != 0 ? 1 : 0)) * 4;
  if (needed > out.size()) return {errc::buffer_too_small, needed};
  return static_cast<std::size_t>(base64_encode_unchecked(in, n, out.data()) - out.data());
}

// Decodes strictly. With out == nullptr it only validates. Returns the decoded size.
constexpr result<std::size_t> base64_decode_impl(std::string_view in, char* out) noexcept {
  if (in.size() % 4 != 0) return errc::invalid_encoding;
  std::size_t o = 0;
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = in.size() - i == 4;
    // Padding only in the last quantum, only at its end: "xx==" or "xxx=" (RFC 4648 §3.3
    // lets us reject anything else; we do, so one byte string has one encoding).
    std::size_t pad = 0;
    if (last && in[i + 3] == '=') pad = in[i + 2] == '=' ? 2 : 1;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4 - pad; ++k) {
      const std::int8_t s = base64_values[static_cast<unsigned char>(in[i + k])];
      if (s < 0) return errc::invalid_encoding;
      v = v << 6 | static_cast<std::uint32_t>(s);
    }
    v <<= 6 * pad;
    // RFC 4648 §3.5: the unused low bits before padding must be zero (canonical encoding).
    if ((pad == 1 && (v & 0xFFu) != 0) || (pad == 2 && (v & 0xFFFFu) != 0))
      return errc::invalid_encoding;
    const std::size_t bytes = 3 - pad;
    if (out != nullptr) {
      out[o] = static_cast<char>(static_cast<unsigned char>(v >> 16));
      if (bytes > 1) out[o + 1] = static_cast<char>(static_cast<unsigned char>((v >> 8) & 0xFFu));
      if (bytes > 2) out[o + 2] = static_cast<char>(static_cast<unsigned char>(v & 0xFFu));
    }
    o += bytes;
  }
  return o;
}

}  // namespace detail

/// Chars base64_encode writes for n input bytes: 4 * ceil(n / 3). constexpr, noexcept.
[[nodiscard]] constexpr std::size_t base64_encoded_size(std::size_t n) noexcept {
  return (n / 3 + (n % 3 != 0 ? 1 : 0)) * 4;
}

/// Base64-encodes the bytes of `in` into `out` (standard alphabet, '=' padding, no line
/// breaks). Returns the chars written, or errc::buffer_too_small with required_size() and
/// nothing written. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<std::size_t> base64_encode(std::string_view in,
                                                          std::span<char> out) noexcept {
  return detail::base64_encode_impl(in.data(), in.size(), out);
}

/// As above, for byte spans (std::uint8_t, std::byte, unsigned char, char8_t, ...).
template <detail::base64_byte Byte, std::size_t Extent>
[[nodiscard]] constexpr result<std::size_t> base64_encode(std::span<const Byte, Extent> in,
                                                          std::span<char> out) noexcept {
  return detail::base64_encode_impl(in.data(), in.size(), out);
}

/// As above; a non-template overload so containers of std::uint8_t convert implicitly.
[[nodiscard]] constexpr result<std::size_t> base64_encode(std::span<const std::uint8_t> in,
                                                          std::span<char> out) noexcept {
  return detail::base64_encode_impl(in.data(), in.size(), out);
}

/// An upper bound for base64_decode's output for n input chars: 3 * ceil(n / 4) (exact when
/// there is no padding). constexpr, noexcept.
[[nodiscard]] constexpr std::size_t base64_decoded_max_size(std::size_t n) noexcept {
  return (n / 4 + (n % 4 != 0 ? 1 : 0)) * 3;
}

/// Strict decoding: the length must be a multiple of 4, only the standard alphabet, '='
/// only as the last one or two chars, no whitespace, and the unused bits before padding must
/// be zero; anything else is errc::invalid_encoding (checked before anything is written).
/// Returns the bytes written, or errc::buffer_too_small with the exact required_size() and
/// nothing written. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<std::size_t> base64_decode(std::string_view in,
                                                          std::span<char> out) noexcept {
  const result<std::size_t> checked = detail::base64_decode_impl(in, nullptr);
  if (!checked) return checked;
  if (*checked > out.size()) return {errc::buffer_too_small, *checked};
  return detail::base64_decode_impl(in, out.data());
}

}  // namespace presign::inline v0
