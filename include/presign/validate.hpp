// SPDX-License-Identifier: MIT
// presign: validation of the parts of a request (bucket, key, region, method, headers, query).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "presign/config.hpp"
#include "presign/detail/utf8.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

// Helpers live in their own namespace so they cannot collide with other headers' detail helpers
// in the single-header build.
namespace detail::validation {

[[nodiscard]] constexpr bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
[[nodiscard]] constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_ascii_alnum_lower(char c) noexcept {
  return is_ascii_lower(c) || is_ascii_digit(c);
}

// Bucket names formatted as an IPv4 address are refused by S3. Like the AWS endpoint rules'
// isVirtualHostableS3Bucket (botocore's IPV4_RE, from urllib3), "formatted as" means four
// dot-separated runs of 1..3 digits, whether or not each is <= 255.
[[nodiscard]] constexpr bool looks_like_ipv4(std::string_view s) noexcept {
  std::size_t groups = 0;
  std::size_t digits = 0;
  for (char c : s) {
    if (is_ascii_digit(c)) {
      if (++digits > 3) return false;
    } else if (c == '.') {
      if (digits == 0) return false;
      ++groups;
      digits = 0;
    } else {
      return false;
    }
  }
  return groups == 3 && digits != 0;
}

// [a-z0-9-]{1,63}: the shape shared by regions and service names (both are DNS labels in
// AWS hosts and appear verbatim in the credential scope, SigV4 "Credential scope").
[[nodiscard]] constexpr bool is_scope_component(std::string_view s) noexcept {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s) {
    if (!is_ascii_alnum_lower(c) && c != '-') return false;
  }
  return true;
}

}  // namespace detail::validation

/// S3 general-purpose bucket naming rules (S3 User Guide, "General purpose bucket naming
/// rules"): 3..63 characters of [a-z0-9.-], first and last a letter or digit, no "..", not an
/// IPv4 address form, none of the reserved prefixes `xn--`, `sthree-` (which covers
/// `sthree-configurator`), `amzn-s3-demo-` nor reserved suffixes `-s3alias`, `--ol-s3`,
/// `.mrap`, `--x-s3`, `--table-s3`. Returns errc::ok or errc::invalid_bucket_name.
/// Legacy us-east-1 names (uppercase, underscores) are refused. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_bucket_name(std::string_view bucket) noexcept {
  if (bucket.size() < 3 || bucket.size() > 63) return errc::invalid_bucket_name;
  if (!detail::validation::is_ascii_alnum_lower(bucket.front()) ||
      !detail::validation::is_ascii_alnum_lower(bucket.back())) {
    return errc::invalid_bucket_name;
  }
  char previous = '\0';
  for (char c : bucket) {
    if (!detail::validation::is_ascii_alnum_lower(c) && c != '-' && c != '.')
      return errc::invalid_bucket_name;
    if (c == '.' && previous == '.') return errc::invalid_bucket_name;
    previous = c;
  }
  if (detail::validation::looks_like_ipv4(bucket)) return errc::invalid_bucket_name;
  // Reserved by S3 for other resource kinds: IDN labels, internal names, documentation
  // examples, access point / Object Lambda aliases, Multi-Region Access Points, directory
  // buckets and table buckets. Such names cannot be general-purpose buckets.
  constexpr std::string_view reserved_prefixes[] = {"xn--", "sthree-", "amzn-s3-demo-"};
  constexpr std::string_view reserved_suffixes[] = {"-s3alias", "--ol-s3", ".mrap", "--x-s3",
                                                    "--table-s3"};
  for (std::string_view p : reserved_prefixes) {
    if (bucket.starts_with(p)) return errc::invalid_bucket_name;
  }
  for (std::string_view s : reserved_suffixes) {
    if (bucket.ends_with(s)) return errc::invalid_bucket_name;
  }
  return errc::ok;
}

/// An S3 object key: 1..1024 bytes of well-formed UTF-8 (S3 User Guide, "Naming Amazon S3
/// objects"). Within that, anything goes and is kept as is: control characters, tab, "//",
/// "." and ".." segments. S3 stores keys verbatim; they are percent-encoded later.
/// Returns errc::ok or errc::invalid_key. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > 1024) return errc::invalid_key;
  if (!detail::is_valid_utf8(key)) return errc::invalid_key;
  return errc::ok;
}

/// A region for the credential scope and AWS hosts: 1..63 characters of [a-z0-9-].
/// Returns errc::ok or errc::invalid_region. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_region(std::string_view region) noexcept {
  return detail::validation::is_scope_component(region) ? errc::ok : errc::invalid_region;
}

/// A service name for the credential scope ("s3", "execute-api", ...): same rules as regions.
/// Returns errc::ok or errc::invalid_service. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_service(std::string_view service) noexcept {
  return detail::validation::is_scope_component(service) ? errc::ok : errc::invalid_service;
}

namespace detail::validation {

// What each byte may be in a header, built from the definitions below: one table load per
// byte instead of a search of the punctuation list (header names and values are checked on
// every presign, and again by the verifier).
inline constexpr unsigned char byte_tchar = 1;        // RFC 9110 §5.6.2 tchar
inline constexpr unsigned char byte_field_value = 2;  // validate_header_value (§5.5)
[[nodiscard]] constexpr std::array<unsigned char, 256> make_header_byte_classes() noexcept {
  std::array<unsigned char, 256> t{};
  for (std::size_t b = 0; b < t.size(); ++b) {
    const char c = static_cast<char>(b);
    if (is_ascii_lower(c) || is_ascii_upper(c) || is_ascii_digit(c) ||
        std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos)
      t[b] |= byte_tchar;
    if ((b >= 0x20 && b != 0x7F) || b == '\t') t[b] |= byte_field_value;
  }
  return t;
}
inline constexpr std::array<unsigned char, 256> header_byte_classes = make_header_byte_classes();

[[nodiscard]] constexpr bool all_bytes_in(std::string_view s, unsigned char cls) noexcept {
  for (char c : s) {
    if ((header_byte_classes[static_cast<unsigned char>(c)] & cls) == 0) return false;
  }
  return true;
}

}  // namespace detail::validation

/// True when `s` is a non-empty RFC 9110 §5.6.2 token: 1*tchar, where tchar is ALPHA, DIGIT
/// or one of ! # $ % & ' * + - . ^ _ ` | ~. constexpr, noexcept, pure.
[[nodiscard]] constexpr bool is_http_token(std::string_view s) noexcept {
  return !s.empty() && detail::validation::all_bytes_in(s, detail::validation::byte_tchar);
}

/// An HTTP method (RFC 9110 §9.1: a token), 1..32 characters, without lowercase letters.
/// Methods are case-sensitive and S3's are uppercase: a URL signed for "put" only works for a
/// client that sends "put", which none does, so a lowercase letter is refused rather than
/// signed (nothing is changed behind the caller's back). Returns errc::ok or
/// errc::invalid_method. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_http_method(std::string_view method) noexcept {
  if (method.size() > 32 || !is_http_token(method)) return errc::invalid_method;
  for (const char c : method) {
    if (c >= 'a' && c <= 'z') return errc::invalid_method;
  }
  return errc::ok;
}

/// A header field name (RFC 9110 §5.1: a token). Returns errc::ok or errc::invalid_header.
/// constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_header_name(std::string_view name) noexcept {
  return is_http_token(name) ? errc::ok : errc::invalid_header;
}

/// A header field value (RFC 9110 §5.5): no NUL, CR, LF or other control characters (0x00..0x1F,
/// 0x7F) except HTAB; obs-text bytes 0x80..0xFF are allowed. May be empty. Returns errc::ok or
/// errc::invalid_header (a CR or LF would let the value smuggle another header).
/// constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_header_value(std::string_view value) noexcept {
  return detail::validation::all_bytes_in(value, detail::validation::byte_field_value)
             ? errc::ok
             : errc::invalid_header;
}

/// A query parameter name or value: no CR, LF or NUL (they would survive into logs and
/// canonical requests as line breaks); every other byte is fine, it gets percent-encoded.
/// Returns errc::ok or errc::invalid_query_parameter. constexpr, noexcept, pure.
[[nodiscard]] constexpr errc validate_query_value(std::string_view s) noexcept {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return errc::invalid_query_parameter;
  }
  return errc::ok;
}

}  // namespace presign::inline v0
