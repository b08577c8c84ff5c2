// SPDX-License-Identifier: MIT
// presign: errors are values. `errc` names every way a call can fail, `to_string` gives a
// message that never contains caller data (so never a secret), and `result<T>` carries either
// a value or an error. All constexpr, nothing throws, no <system_error>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "presign/config.hpp"

namespace presign::inline v0 {

/// Every failure presign reports. Stable names; the numeric values are not part of the API.
enum class errc : std::uint8_t {
  ok = 0,
  // Output.
  buffer_too_small,         ///< caller's buffer is too small; result::required_size() tells how much
  // Input to encoders/decoders/parsers.
  invalid_encoding,         ///< bad hex, base64 or percent-encoding
  invalid_time,             ///< time outside 1970..9999 or a malformed timestamp
  // Request description.
  invalid_bucket_name,      ///< bucket breaks the S3 naming rules
  invalid_key,              ///< empty, longer than 1024 bytes, or not valid UTF-8
  invalid_region,           ///< empty or characters outside [a-z0-9-]
  invalid_service,          ///< empty or characters outside [a-z0-9-]
  invalid_method,           ///< not an HTTP token
  invalid_expiry,           ///< outside 1..max (604800 s by default)
  invalid_header,           ///< header name not a token, control characters, or duplicate
  invalid_query_parameter,  ///< control characters in a name or value, reserved name, empty name
  invalid_endpoint,         ///< malformed endpoint URL (scheme, userinfo, path, port, fragment)
  invalid_option,           ///< options that contradict each other (accelerate + dotted bucket, ...)
  // Credentials.
  missing_credentials,      ///< no access key id or secret
  invalid_credentials,      ///< empty/whitespace fields, control characters
  credentials_expire_too_soon,  ///< credentials expire before the URL would
  credentials_unavailable,  ///< a source (file, environment, callback) could not produce any
  // Verifier verdicts.
  malformed_url,            ///< not a presigned URL we can parse
  unsupported_algorithm,    ///< X-Amz-Algorithm is not AWS4-HMAC-SHA256
  invalid_scope,            ///< credential scope malformed or its date differs from X-Amz-Date
  wrong_region,             ///< scope region differs from the expected one
  wrong_service,            ///< scope service differs from the expected one
  unknown_access_key,       ///< the secret lookup knows no such access key
  expired,                  ///< now > X-Amz-Date + X-Amz-Expires
  not_yet_valid,            ///< now < X-Amz-Date - allowed skew
  missing_signed_header,    ///< a header named in X-Amz-SignedHeaders was not received
  signature_mismatch,       ///< the recomputed signature differs
  // Presigned POST.
  invalid_policy,           ///< a policy condition that cannot be expressed or escaped
  // Credentials endpoints (IMDS, container, STS): what came back over the transport.
  unexpected_http_status,   ///< the endpoint answered with a status other than the expected one
  malformed_response,       ///< the answer is not the expected document (bad JSON, too large)
  missing_field,            ///< the answer lacks a required field
  wrong_field_type,         ///< a field of the answer has the wrong type (a number for a string)
};

/// A short English message for `e`. constexpr; contains no caller data. The view is of a
/// string literal, so `.data()` is NUL-terminated and may be passed to printf("%s").
[[nodiscard]] constexpr std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::buffer_too_small: return "output buffer too small";
    case errc::invalid_encoding: return "invalid encoding";
    case errc::invalid_time: return "invalid time (must be 1970-01-01..9999-12-31, YYYYMMDDTHHMMSSZ)";
    case errc::invalid_bucket_name: return "invalid bucket name (S3 naming rules)";
    case errc::invalid_key: return "invalid object key (empty, over 1024 bytes, or not UTF-8)";
    case errc::invalid_region: return "invalid region (must be non-empty [a-z0-9-])";
    case errc::invalid_service: return "invalid service name (must be non-empty [a-z0-9-])";
    case errc::invalid_method: return "invalid HTTP method";
    case errc::invalid_expiry: return "invalid expiry (must be 1..604800 seconds)";
    case errc::invalid_header: return "invalid header (name must be a token; no control characters; no duplicates)";
    case errc::invalid_query_parameter: return "invalid query parameter (empty or reserved name, or control characters)";
    case errc::invalid_endpoint: return "invalid endpoint URL";
    case errc::invalid_option: return "contradictory options";
    case errc::missing_credentials: return "missing credentials";
    case errc::invalid_credentials: return "invalid credentials (empty, whitespace or control characters)";
    case errc::credentials_expire_too_soon: return "credentials expire before the URL would";
    case errc::credentials_unavailable: return "credentials unavailable";
    case errc::malformed_url: return "malformed presigned URL";
    case errc::unsupported_algorithm: return "unsupported signing algorithm";
    case errc::invalid_scope: return "invalid credential scope";
    case errc::wrong_region: return "credential scope names another region";
    case errc::wrong_service: return "credential scope names another service";
    case errc::unknown_access_key: return "unknown access key";
    case errc::expired: return "expired";
    case errc::not_yet_valid: return "not yet valid";
    case errc::missing_signed_header: return "a signed header is missing";
    case errc::signature_mismatch: return "signature mismatch";
    case errc::invalid_policy: return "invalid POST policy";
    case errc::unexpected_http_status: return "credentials endpoint answered with an unexpected HTTP status";
    case errc::malformed_response: return "malformed credentials endpoint response (bad JSON or too large)";
    case errc::missing_field: return "credentials endpoint response lacks a required field";
    case errc::wrong_field_type: return "credentials endpoint response field has the wrong type";
  }
  return "unknown error";
}

/// Either a T or an error. T must be default-constructible (our results are small views and
/// aggregates), which keeps this a literal type usable in constant expressions.
/// On errc::buffer_too_small, required_size() is the size the buffer needs.
template <class T>
class [[nodiscard]] result {
 public:
  constexpr result(T value) noexcept(noexcept(T(std::move(value))))  // NOLINT: implicit on purpose
      : value_(std::move(value)) {}
  constexpr result(errc e, std::size_t required = 0) noexcept  // NOLINT: implicit on purpose
      : error_(e), required_(required) {}

  [[nodiscard]] constexpr bool has_value() const noexcept { return error_ == errc::ok; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr errc error() const noexcept { return error_; }
  [[nodiscard]] constexpr std::size_t required_size() const noexcept { return required_; }

  // Precondition: has_value(). Checked by PRESIGN_ASSERT only.
  [[nodiscard]] constexpr T& value() & noexcept { PRESIGN_ASSERT(has_value()); return value_; }
  [[nodiscard]] constexpr const T& value() const& noexcept { PRESIGN_ASSERT(has_value()); return value_; }
  [[nodiscard]] constexpr T&& value() && noexcept { PRESIGN_ASSERT(has_value()); return std::move(value_); }
  constexpr T& operator*() & noexcept { return value(); }
  constexpr const T& operator*() const& noexcept { return value(); }
  constexpr T* operator->() noexcept { return &value_; }
  constexpr const T* operator->() const noexcept { return &value_; }
  [[nodiscard]] constexpr T value_or(T fallback) const& { return has_value() ? value_ : fallback; }

 private:
  T value_{};
  errc error_ = errc::ok;
  std::size_t required_ = 0;
};

/// A result with no value: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  constexpr result() noexcept = default;
  constexpr result(errc e, std::size_t required = 0) noexcept  // NOLINT: implicit on purpose
      : error_(e), required_(required) {}
  [[nodiscard]] constexpr bool has_value() const noexcept { return error_ == errc::ok; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr errc error() const noexcept { return error_; }
  [[nodiscard]] constexpr std::size_t required_size() const noexcept { return required_; }

 private:
  errc error_ = errc::ok;
  std::size_t required_ = 0;
};

}  // namespace presign::inline v0
