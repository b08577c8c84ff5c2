// SPDX-License-Identifier: MIT
// presign: the credentials view, their validation, the credentials_source concept, static credentials.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "presign/amz_time.hpp"
#include "presign/config.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// The expiration of credentials that never expire (long-term IAM user keys).
inline constexpr std::int64_t no_expiration = INT64_MAX;

/// A non-owning view of one set of AWS credentials. Trivially copyable, constexpr. The viewed
/// strings must outlive the view: a credentials source hands out a holder that keeps them alive.
struct credentials_view {
  std::string_view access_key_id{};
  std::string_view secret_access_key{};
  std::string_view session_token{};            ///< empty when there is none
  std::int64_t expiration = no_expiration;     ///< unix seconds (UTC) when the credentials stop working

  /// Itself, so that a bare view satisfies credentials_holder.
  [[nodiscard]] constexpr credentials_view view() const noexcept { return *this; }

  friend constexpr bool operator==(const credentials_view&, const credentials_view&) noexcept = default;
};

namespace detail {

// Access key ids and secrets are printable ASCII without spaces (IAM issues base64-like
// strings); a space or control byte is a copy/paste accident and would break the URL or the
// signature in a way that is hard to diagnose (a 403 with no hint).
[[nodiscard]] constexpr bool credential_key_bytes_ok(std::string_view s) noexcept {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7F) return false;
  }
  return true;
}

// Session tokens are long base64 strings; the one thing that must never get in is a control
// character (CR/LF would be header injection where the token is sent as X-Amz-Security-Token).
[[nodiscard]] constexpr bool session_token_bytes_ok(std::string_view s) noexcept {
  bool all_space = true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
    if (u != 0x20) all_space = false;
  }
  return s.empty() || !all_space;
}

}  // namespace detail

/// Checks the shape (not the authenticity) of credentials. constexpr, no allocation.
/// Errors: missing_credentials when the access key id or the secret is empty;
/// invalid_credentials when either contains a space, a control byte (< 0x21) or DEL (0x7F)
/// (so a whitespace-only value too), or when the session token contains a control byte or is
/// whitespace only. The expiration is not checked here (the presigner compares it with its clock).
[[nodiscard]] constexpr errc validate_credentials(const credentials_view& c) noexcept {
  if (c.access_key_id.empty() || c.secret_access_key.empty()) return errc::missing_credentials;
  if (!detail::credential_key_bytes_ok(c.access_key_id) ||
      !detail::credential_key_bytes_ok(c.secret_access_key) ||
      !detail::session_token_bytes_ok(c.session_token)) {
    return errc::invalid_credentials;
  }
  return errc::ok;
}

/// Something that can show a credentials_view and keeps the viewed strings alive while it lives.
template <class T>
concept credentials_holder = requires(const T& t) {
  { t.view() } -> std::same_as<credentials_view>;
};

namespace detail {

template <class R>
struct is_credentials_result : std::false_type {};
template <class H>
struct is_credentials_result<result<H>> : std::bool_constant<credentials_holder<H>> {};

}  // namespace detail

/// A credentials source: `s.get()` on a const source returns `presign::result<H>` where H is a
/// credentials_holder. Sources are used from many threads at once, so `get()` must be
/// thread-safe; the holder it returns must keep its view valid however the source changes.
template <class S>
concept credentials_source = requires(const S& s) { s.get(); } &&
    detail::is_credentials_result<std::remove_cvref_t<decltype(std::declval<const S&>().get())>>::value;

/// Credentials fixed at construction (the strings are viewed, not copied: they must outlive the
/// source). constexpr, no allocation, trivially thread-safe.
class static_credentials {
 public:
  /// Views the given strings; nothing is checked until get().
  constexpr static_credentials(std::string_view access_key_id, std::string_view secret_access_key,
                               std::string_view session_token = {},
                               std::int64_t expiration = no_expiration) noexcept
      : creds_{access_key_id, secret_access_key, session_token, expiration} {}

  /// The credentials, or the validate_credentials() error. constexpr, noexcept.
  [[nodiscard]] constexpr result<credentials_view> get() const noexcept {
    if (const errc e = validate_credentials(creds_); e != errc::ok) return e;
    return creds_;
  }

 private:
  credentials_view creds_;
};

namespace detail {

// The value of exactly n decimal digits at s[pos..]; -1 when the text is short or not digits.
[[nodiscard]] constexpr int expiration_digits(std::string_view s, std::size_t pos,
                                              std::size_t n) noexcept {
  if (pos > s.size() || s.size() - pos < n) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace detail

/// Parses the ISO 8601 / RFC 3339 timestamps that AWS uses for credential expirations
/// (STS, IMDS, credential_process, AWS_CREDENTIAL_EXPIRATION): `YYYY-MM-DDTHH:MM:SS`, an
/// optional fraction (dropped), then `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or nothing (UTC).
/// `t`/`z` and a space separator are accepted too. Returns unix seconds. constexpr, no
/// allocation. Errors: invalid_time for anything else, for dates outside 1970..9999 or for
/// a result before the epoch.
[[nodiscard]] constexpr result<std::int64_t> parse_expiration_time(std::string_view s) noexcept {
  constexpr auto digits = detail::expiration_digits;
  civil_time t{digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2),
               digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)};
  if (t.year < 0 || t.month < 0 || t.day < 0 || t.hour < 0 || t.minute < 0 || t.second < 0 ||
      s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':') {
    return errc::invalid_time;
  }
  // A leap second (:60) is counted as the next second, as POSIX time does.
  const bool leap_second = t.second == 60;
  if (leap_second) t.second = 59;
  const result<std::int64_t> base = from_civil(t);  // checks every field's range, 1970..9999
  if (!base) return base;

  std::size_t pos = 19;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    const std::size_t first = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == first) return errc::invalid_time;
  }
  std::int64_t zone_offset = 0;  // seconds east of UTC
  if (pos < s.size()) {
    const char z = s[pos];
    if (z == 'Z' || z == 'z') {
      ++pos;
    } else if (z == '+' || z == '-') {
      const int zh = digits(s, pos + 1, 2);
      std::size_t after = pos + 3;
      int zm = 0;
      if (after < s.size()) {
        if (s[after] == ':') ++after;
        zm = digits(s, after, 2);
        after += 2;
      }
      if (zh < 0 || zm < 0 || zh > 23 || zm > 59) return errc::invalid_time;
      zone_offset = (std::int64_t{zh} * 3600 + zm * 60) * (z == '-' ? -1 : 1);
      pos = after;
    } else {
      return errc::invalid_time;
    }
  }
  if (pos != s.size()) return errc::invalid_time;

  const std::int64_t unix_seconds = *base + (leap_second ? 1 : 0) - zone_offset;
  if (unix_seconds < 0) return errc::invalid_time;
  return unix_seconds;
}

}  // namespace presign::inline v0
