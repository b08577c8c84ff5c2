// SPDX-License-Identifier: MIT
// presign: clocks (unix seconds, UTC): the clock_source concept; system, fixed, offset clocks.
#pragma once

#include <concepts>
#include <cstdint>
#include <ctime>
#include <string_view>

#include "presign/amz_time.hpp"
#include "presign/config.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// A clock: `c.now()` on a const clock returns the current time as std::int64_t unix seconds
/// (UTC). Signing reads it once per presign; it must be callable from many threads at once. A
/// clock that cannot tell the time should return a negative time (clock_failure is the one
/// presign's clocks use): every time before 1970 makes signing fail with errc::invalid_time.
template <class C>
concept clock_source = requires(const C& c) {
  { c.now() } -> std::same_as<std::int64_t>;
};

/// What system_clock::now() returns when the system cannot tell the time (std::time failed):
/// the lowest int64. Like any negative time it makes signing fail with errc::invalid_time
/// (format_amz_time accepts 1970..9999 only) instead of silently dating a URL 1970, and it
/// stays negative whatever offset an offset_clock or atomic_offset_clock adds (they saturate),
/// which a sentinel like -1 or 0 would not.
inline constexpr std::int64_t clock_failure = INT64_MIN;

namespace detail {

// What system_clock makes of std::time's result: (time_t)-1 means failure (C11 7.27.2.4).
// A genuine 1969-12-31T23:59:59Z cannot be told apart, and is no time to sign at anyway.
[[nodiscard]] constexpr std::int64_t clock_from_time_t(std::time_t t) noexcept {
  return t == static_cast<std::time_t>(-1) ? clock_failure : static_cast<std::int64_t>(t);
}

}  // namespace detail

/// The operating system's wall clock (std::time). Not constexpr; thread-safe; no allocation.
struct system_clock {
  /// Seconds since the epoch, or clock_failure when the system has no clock (std::time
  /// failed), so that signing fails with errc::invalid_time.
  [[nodiscard]] std::int64_t now() const noexcept {
    return detail::clock_from_time_t(std::time(nullptr));
  }
};

/// A clock that always shows `time`: for tests, constant expressions and reproducible URLs.
struct fixed_clock {
  std::int64_t time = 0;
  [[nodiscard]] constexpr std::int64_t now() const noexcept { return time; }
};

namespace detail {

// a + b, clamped to the int64 range instead of overflowing (a broken clock must not be UB).
[[nodiscard]] constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept {
  constexpr std::int64_t hi = INT64_MAX;
  constexpr std::int64_t lo = INT64_MIN;
  if (b > 0 && a > hi - b) return hi;
  if (b < 0 && a < lo - b) return lo;
  return a + b;
}

}  // namespace detail

/// `base.now() + offset`: corrects a local clock that is known to be off (clock skew, the cause
/// of S3's "Request is not yet valid"/RequestTimeTooSkewed). Saturates instead of overflowing.
/// constexpr when Base is; thread-safe when Base is. For an offset that changes at run time
/// see atomic_offset_clock in presign/clock_skew.hpp.
template <clock_source Base = system_clock>
struct offset_clock {
  Base base{};
  std::int64_t offset = 0;
  /// A Base that throws reads as clock_failure.
  [[nodiscard]] constexpr std::int64_t now() const noexcept {
    return detail::saturating_add(
        detail::call_or<std::int64_t>([this]() { return base.now(); }, clock_failure), offset);
  }
};

/// A clock that reads another clock by reference, so that one clock (for example an
/// atomic_offset_clock updated from server responses) can be shared by several presigners.
/// The referenced clock must outlive this one. constexpr when C is; no allocation.
template <clock_source C>
struct clock_ref {
  const C* clock = nullptr;  ///< must not be null when now() is called
  constexpr explicit clock_ref(const C& c) noexcept : clock(&c) {}
  /// A C that throws reads as clock_failure.
  [[nodiscard]] constexpr std::int64_t now() const noexcept {
    return detail::call_or<std::int64_t>([this]() { return clock->now(); }, clock_failure);
  }
};

/// The skew to add to the local clock so that it agrees with a server: the server's `Date`
/// response header (RFC 7231 §7.1.1.1, parsed by parse_http_date) minus `local_now`, the
/// local time when the response arrived. Use it as offset_clock::offset. The header has
/// one-second resolution and the network delay is not subtracted, so expect an error of
/// about a second. constexpr, no allocation. Errors: invalid_time for a malformed header
/// (from parse_http_date).
[[nodiscard]] constexpr result<std::int64_t> clock_offset_from_http_date(
    std::string_view date_header, std::int64_t local_now) noexcept {
  const result<std::int64_t> server = parse_http_date(date_header);
  if (!server) return server.error();
  // server is within 1970..9999, so only an absurd local_now could overflow.
  if (local_now < 0) return detail::saturating_add(*server, detail::saturating_add(-(local_now + 1), 1));
  return *server - local_now;
}

}  // namespace presign::inline v0
