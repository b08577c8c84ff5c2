// SPDX-License-Identifier: MIT
// presign: SigV4 URI encoding (percent-encoding with the S3 rules) and its inverse.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "presign/config.hpp"
#include "presign/error.hpp"
// Object keys are raw UTF-8 bytes that we encode byte by byte; the strict validator lives
// beside the encoder so every user of the encoder (and the single header) has it.
#include "presign/detail/utf8.hpp"

namespace presign::inline v0 {

/// How '/' is treated. AWS SigV4 ("Create a canonical request", UriEncode): every byte but
/// A-Z a-z 0-9 - _ . ~ is encoded; '/' is the one byte whose treatment depends on context.
enum class uri_encode_mode {
  keep_slash,    ///< object key paths: '/' stays literal (S3 encodes the key once, as is)
  encode_slash,  ///< query parameter names and values: '/' becomes %2F
};

/// True for the RFC 3986 §2.3 unreserved characters A-Z a-z 0-9 - _ . ~, the only bytes
/// SigV4 leaves unencoded. constexpr, noexcept.
[[nodiscard]] constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

namespace detail {

// Per byte: 0 = unreserved (kept), 1 = '/', 2 = always encoded. A byte is encoded when its
// class is above the mode's threshold (keep_slash: 1, encode_slash: 0), so the hot loop does
// one table load and one compare per byte, with no branch on the mode.
inline constexpr std::array<std::uint8_t, 256> uri_byte_class = [] {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<char>(static_cast<unsigned char>(i));
    t[i] = is_unreserved(c) ? 0 : (c == '/' ? 1 : 2);
  }
  return t;
}();

inline constexpr std::array<char, 16> uri_hex_upper = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                       '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

[[nodiscard]] constexpr std::uint8_t uri_threshold(uri_encode_mode mode) noexcept {
  return mode == uri_encode_mode::keep_slash ? 1 : 0;
}

/// Hot path. Precondition: `out` has room for uri_encoded_size(in, mode) chars. Returns the
/// end of what was written. constexpr, noexcept, no allocation.
constexpr char* uri_encode_unchecked(std::string_view in, char* out,
                                     uri_encode_mode mode) noexcept {
  const std::uint8_t threshold = uri_threshold(mode);
  for (const char c : in) {
    const auto b = static_cast<unsigned char>(c);
    if (uri_byte_class[b] <= threshold) {
      *out++ = c;
    } else {
      out[0] = '%';
      out[1] = uri_hex_upper[b >> 4];
      out[2] = uri_hex_upper[b & 0x0Fu];
      out += 3;
    }
  }
  return out;
}

// 0..15 for a hex digit of either case, -1 otherwise.
[[nodiscard]] constexpr int uri_hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace detail

/// The exact number of chars uri_encode(in, ..., mode) writes: 1 per kept byte, 3 per
/// encoded byte. constexpr, noexcept.
[[nodiscard]] constexpr std::size_t uri_encoded_size(std::string_view in,
                                                     uri_encode_mode mode) noexcept {
  const std::uint8_t threshold = detail::uri_threshold(mode);
  std::size_t n = in.size();
  for (const char c : in) {
    if (detail::uri_byte_class[static_cast<unsigned char>(c)] > threshold) n += 2;
  }
  return n;
}

/// Percent-encodes `in` into `out` with the SigV4 rules (uppercase hex, space is %20, '+' is
/// %2B, every byte of a multibyte UTF-8 sequence encoded; the input is not validated or
/// normalised). Returns the chars written, or errc::buffer_too_small with required_size() and
/// nothing written. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<std::size_t> uri_encode(std::string_view in, std::span<char> out,
                                                       uri_encode_mode mode) noexcept {
  const std::size_t needed = uri_encoded_size(in, mode);
  if (needed > out.size()) return {errc::buffer_too_small, needed};
  char* const end = detail::uri_encode_unchecked(in, out.data(), mode);
  return static_cast<std::size_t>(end - out.data());
}

/// An upper bound for uri_decode's output: in.size() (decoding never grows). constexpr.
[[nodiscard]] constexpr std::size_t uri_decoded_max_size(std::string_view in) noexcept {
  return in.size();
}

/// Decodes %XY (hex of either case) into bytes and copies every other byte as is: '+' stays
/// '+', since SigV4 never encodes a space as '+'. Returns the bytes written; errc::
/// invalid_encoding for a '%' not followed by two hex digits (checked before anything is
/// written); errc::buffer_too_small with the exact required_size() and nothing written.
/// constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<std::size_t> uri_decode(std::string_view in,
                                                       std::span<char> out) noexcept {
  // Pass 1: validate and count, so errors are reported before any write.
  std::size_t needed = 0;
  for (std::size_t i = 0; i < in.size(); ++needed) {
    if (in[i] != '%') {
      ++i;
      continue;
    }
    if (in.size() - i < 3 || detail::uri_hex_value(in[i + 1]) < 0 ||
        detail::uri_hex_value(in[i + 2]) < 0) {
      return errc::invalid_encoding;
    }
    i += 3;
  }
  if (needed > out.size()) return {errc::buffer_too_small, needed};
  // Pass 2: decode.
  std::size_t o = 0;
  for (std::size_t i = 0; i < in.size();) {
    if (in[i] != '%') {
      out[o++] = in[i++];
      continue;
    }
    const int v = detail::uri_hex_value(in[i + 1]) * 16 + detail::uri_hex_value(in[i + 2]);
    out[o++] = static_cast<char>(static_cast<unsigned char>(v));
    i += 3;
  }
  return o;
}

}  // namespace presign::inline v0
