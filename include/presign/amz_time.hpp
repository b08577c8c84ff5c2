// SPDX-License-Identifier: MIT
// presign: UTC civil time from seconds since the epoch and back, and the time formats SigV4,
// POST policies and HTTP use. Plain day arithmetic: no <chrono>, no <ctime>, all constexpr.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "presign/detail/slice.hpp"
#include "presign/config.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// A UTC calendar date and time of day (proleptic Gregorian, no leap seconds).
/// month is 1..12, day 1..31, hour 0..23, minute 0..59, second 0..59.
struct civil_time {
  int year;
  int month;
  int day;
  int hour;
  int minute;
  int second;

  friend constexpr bool operator==(const civil_time&, const civil_time&) noexcept = default;
};

namespace detail {

// Seconds since the epoch of 9999-12-31T23:59:59Z, the last instant a 4-digit year can show.
inline constexpr std::int64_t max_unix_seconds = 253402300799;
inline constexpr std::int64_t seconds_per_day = 86400;

// We count years from 1 March, which puts the leap day at the very end of a year, so month
// lengths within a year never depend on leap-ness. First day of each month in such a year,
// March first: Mar Apr May Jun Jul Aug Sep Oct Nov Dec Jan Feb.
inline constexpr std::array<int, 12> march_month_start = {0,   31,  61,  92,  122, 153,
                                                          184, 214, 245, 275, 306, 337};

// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
inline constexpr std::int64_t epoch_from_march_0000 = 719468;
inline constexpr std::int64_t days_per_400_years = 146097;  // 400 * 365 + 97 leap days
inline constexpr std::int64_t days_per_100_years = 36524;   // 100 * 365 + 24 leap days
inline constexpr std::int64_t days_per_4_years = 1461;      // 4 * 365 + 1 leap day

[[nodiscard]] constexpr bool is_leap_year(std::int64_t y) noexcept {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

[[nodiscard]] constexpr int days_in_month(std::int64_t y, int m) noexcept {
  constexpr std::array<int, 12> lengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap_year(y)) return 29;
  return lengths[static_cast<std::size_t>(m - 1)];
}

/// Days since 1970-01-01 of the proleptic Gregorian date y-m-d. Precondition: m in 1..12,
/// d in 1..31 (not checked here: from_civil validates). Works for negative years too.
/// constexpr, noexcept.
[[nodiscard]] constexpr std::int64_t days_from_civil(int y, int m, int d) noexcept {
  // January and February belong to the March-based year that began the previous calendar year.
  const std::int64_t year = static_cast<std::int64_t>(y) - (m <= 2 ? 1 : 0);
  // Whole 400-year cycles (floor division, so years before 0 work as well).
  const std::int64_t cycles = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_in_cycle = year - cycles * 400;  // 0..399
  const int month_index = m >= 3 ? m - 3 : m + 9;          // 0 = March .. 11 = February
  const std::int64_t day_in_year =
      march_month_start[static_cast<std::size_t>(month_index)] + (d - 1);
  // Leap days before this March-based year within its cycle: one every 4 years, none on the
  // centuries (the 400th year's leap day is the cycle's last day, never "before").
  const std::int64_t day_in_cycle =
      year_in_cycle * 365 + year_in_cycle / 4 - year_in_cycle / 100 + day_in_year;
  return cycles * days_per_400_years + day_in_cycle - epoch_from_march_0000;
}

/// The proleptic Gregorian date of `days` since 1970-01-01 (time-of-day fields are 0).
/// Inverse of days_from_civil. constexpr, noexcept.
[[nodiscard]] constexpr civil_time civil_from_days(std::int64_t days) noexcept {
  const std::int64_t since_march_0000 = days + epoch_from_march_0000;
  const std::int64_t cycles =
      (since_march_0000 >= 0 ? since_march_0000 : since_march_0000 - (days_per_400_years - 1)) /
      days_per_400_years;
  std::int64_t rest = since_march_0000 - cycles * days_per_400_years;  // 0..146096
  // Peel off centuries, 4-year groups and years. The longer last unit of each level (the
  // 400th year's leap day, a group's leap day) shows up as a quotient of 4; clamp it to 3.
  std::int64_t centuries = rest / days_per_100_years;
  if (centuries == 4) centuries = 3;
  rest -= centuries * days_per_100_years;  // 0..36524
  const std::int64_t groups = rest / days_per_4_years;
  rest -= groups * days_per_4_years;  // 0..1460
  std::int64_t years = rest / 365;
  if (years == 4) years = 3;
  rest -= years * 365;  // 0..365, day within the March-based year
  int month_index = 11;
  while (march_month_start[static_cast<std::size_t>(month_index)] > rest) --month_index;
  const std::int64_t march_year = cycles * 400 + centuries * 100 + groups * 4 + years;
  civil_time t{};
  t.month = month_index < 10 ? month_index + 3 : month_index - 9;
  t.year = static_cast<int>(march_year + (t.month <= 2 ? 1 : 0));
  t.day = static_cast<int>(rest - march_month_start[static_cast<std::size_t>(month_index)] + 1);
  return t;
}

// Writes `value` as exactly `width` decimal digits (zero-padded) at p.
constexpr void write_digits(char* p, int value, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// The value of the `width` decimal digits at s[pos..], or -1 if any is not an ASCII digit.
[[nodiscard]] constexpr int read_digits(std::string_view s, std::size_t pos,
                                        std::size_t width) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Index of s[pos, pos + 3) in an array of three-letter names (case-sensitive, as RFC 7231
// §7.1.1.1 requires), or -1.
template <std::size_t N>
[[nodiscard]] constexpr int find_name(const std::array<std::string_view, N>& names,
                                      std::string_view s) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<int>(i);
  }
  return -1;
}

inline constexpr std::array<std::string_view, 12> http_month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
inline constexpr std::array<std::string_view, 7> http_day_names = {"Sun", "Mon", "Tue", "Wed",
                                                                   "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 7> http_long_day_names = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

// "HH:MM:SS" at s[pos..] into t; false if malformed (ranges are checked by from_civil).
[[nodiscard]] constexpr bool read_time_of_day(std::string_view s, std::size_t pos,
                                              civil_time& t) noexcept {
  if (s[pos + 2] != ':' || s[pos + 5] != ':') return false;
  t.hour = read_digits(s, pos, 2);
  t.minute = read_digits(s, pos + 3, 2);
  t.second = read_digits(s, pos + 6, 2);
  return t.hour >= 0 && t.minute >= 0 && t.second >= 0;
}

}  // namespace detail

/// Seconds since 1970-01-01T00:00:00Z to UTC civil time. errc::invalid_time outside
/// [0, 253402300799] (1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z). constexpr, noexcept.
[[nodiscard]] constexpr result<civil_time> to_civil(std::int64_t unix_seconds) noexcept {
  if (unix_seconds < 0 || unix_seconds > detail::max_unix_seconds) return errc::invalid_time;
  const std::int64_t days = unix_seconds / detail::seconds_per_day;
  const auto secs = static_cast<int>(unix_seconds % detail::seconds_per_day);
  civil_time t = detail::civil_from_days(days);
  t.hour = secs / 3600;
  t.minute = secs / 60 % 60;
  t.second = secs % 60;
  return t;
}

/// UTC civil time to seconds since the epoch. Every field is validated: year 1970..9999,
/// month 1..12, day within the month (Feb 29 only in leap years), hour 0..23, minute 0..59,
/// second 0..59 (no leap seconds); otherwise errc::invalid_time. constexpr, noexcept.
[[nodiscard]] constexpr result<std::int64_t> from_civil(const civil_time& t) noexcept {
  if (t.year < 1970 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > detail::days_in_month(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 ||
      t.minute > 59 || t.second < 0 || t.second > 59) {
    return errc::invalid_time;
  }
  return detail::days_from_civil(t.year, t.month, t.day) * detail::seconds_per_day + t.hour * 3600 +
         t.minute * 60 + t.second;
}

/// The two SigV4 renderings of one instant, made together because signing needs both:
/// X-Amz-Date "YYYYMMDDTHHMMSSZ" and the credential scope date "YYYYMMDD".
struct amz_time_text {
  std::array<char, 16> timestamp;  ///< "YYYYMMDDTHHMMSSZ" (ISO 8601 basic format, UTC)
  std::array<char, 8> date;        ///< "YYYYMMDD"

  /// The timestamp as a view into this object (valid while it lives). constexpr.
  [[nodiscard]] constexpr std::string_view timestamp_view() const noexcept {
    return {timestamp.data(), timestamp.size()};
  }
  /// The date as a view into this object (valid while it lives). constexpr.
  [[nodiscard]] constexpr std::string_view date_view() const noexcept {
    return {date.data(), date.size()};
  }
};

/// Formats seconds since the epoch as X-Amz-Date and the scope date. errc::invalid_time
/// outside 1970..9999. constexpr, noexcept, no allocation.
[[nodiscard]] constexpr result<amz_time_text> format_amz_time(std::int64_t unix_seconds) noexcept {
  const result<civil_time> c = to_civil(unix_seconds);
  if (!c) return c.error();
  amz_time_text out{};
  char* p = out.timestamp.data();
  detail::write_digits(p, c->year, 4);
  detail::write_digits(p + 4, c->month, 2);
  detail::write_digits(p + 6, c->day, 2);
  p[8] = 'T';
  detail::write_digits(p + 9, c->hour, 2);
  detail::write_digits(p + 11, c->minute, 2);
  detail::write_digits(p + 13, c->second, 2);
  p[15] = 'Z';
  for (std::size_t i = 0; i < out.date.size(); ++i) out.date[i] = out.timestamp[i];
  return out;
}

/// Parses exactly "YYYYMMDDTHHMMSSZ" (uppercase T and Z, digits only, a real date and time
/// in 1970..9999) into seconds since the epoch; anything else is errc::invalid_time.
/// constexpr, noexcept.
[[nodiscard]] constexpr result<std::int64_t> parse_amz_timestamp(std::string_view s) noexcept {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return errc::invalid_time;
  civil_time t{};
  t.year = detail::read_digits(s, 0, 4);
  t.month = detail::read_digits(s, 4, 2);
  t.day = detail::read_digits(s, 6, 2);
  t.hour = detail::read_digits(s, 9, 2);
  t.minute = detail::read_digits(s, 11, 2);
  t.second = detail::read_digits(s, 13, 2);
  return from_civil(t);  // a non-digit gave -1, which from_civil rejects
}

/// Parses exactly "YYYYMMDD" (a real date in 1970..9999) into the seconds since the epoch
/// of that day's 00:00:00Z; anything else is errc::invalid_time. constexpr, noexcept.
[[nodiscard]] constexpr result<std::int64_t> parse_amz_date(std::string_view s) noexcept {
  if (s.size() != 8) return errc::invalid_time;
  civil_time t{};
  t.year = detail::read_digits(s, 0, 4);
  t.month = detail::read_digits(s, 4, 2);
  t.day = detail::read_digits(s, 6, 2);
  return from_civil(t);
}

/// Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SS.000Z", the ISO 8601 form of a POST
/// policy's "expiration". errc::invalid_time outside 1970..9999. constexpr, noexcept.
[[nodiscard]] constexpr result<std::array<char, 24>> format_iso8601_ms(
    std::int64_t unix_seconds) noexcept {
  const result<civil_time> c = to_civil(unix_seconds);
  if (!c) return c.error();
  std::array<char, 24> out{};
  char* p = out.data();
  detail::write_digits(p, c->year, 4);
  p[4] = '-';
  detail::write_digits(p + 5, c->month, 2);
  p[7] = '-';
  detail::write_digits(p + 8, c->day, 2);
  p[10] = 'T';
  detail::write_digits(p + 11, c->hour, 2);
  p[13] = ':';
  detail::write_digits(p + 14, c->minute, 2);
  p[16] = ':';
  detail::write_digits(p + 17, c->second, 2);
  p[19] = '.';
  p[20] = '0';
  p[21] = '0';
  p[22] = '0';
  p[23] = 'Z';
  return out;
}

/// Parses an HTTP Date header value (RFC 7231 §7.1.1.1) into seconds since the epoch, to
/// measure clock skew against a server. Accepts the three forms, exactly, case-sensitively:
///   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
///   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"  (two-digit year: 70..99 -> 19xx, 00..69 ->
///   20xx) asctime      "Sun Nov  6 08:49:37 1994"
/// The day name must be the right one for the date. errc::invalid_time for anything else,
/// including a second of 60 and years outside 1970..9999. constexpr, noexcept.
[[nodiscard]] constexpr result<std::int64_t> parse_http_date(std::string_view s) noexcept {
  civil_time t{};
  int weekday = -1;
  if (s.size() == 29 && s[3] == ',') {
    // IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT"
    if (s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[25] != ' ' ||
        detail::slice(s, 26) != "GMT") {
      return errc::invalid_time;
    }
    weekday = detail::find_name(detail::http_day_names, detail::slice(s, 0, 3));
    t.day = detail::read_digits(s, 5, 2);
    t.month = detail::find_name(detail::http_month_names, detail::slice(s, 8, 3)) + 1;
    t.year = detail::read_digits(s, 12, 4);
    if (!detail::read_time_of_day(s, 17, t)) return errc::invalid_time;
  } else if (s.size() == 24 && s[3] == ' ') {
    // asctime-date: day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP HH:MM:SS SP 4DIGIT
    if (s[7] != ' ' || s[10] != ' ' || s[19] != ' ') return errc::invalid_time;
    weekday = detail::find_name(detail::http_day_names, detail::slice(s, 0, 3));
    t.month = detail::find_name(detail::http_month_names, detail::slice(s, 4, 3)) + 1;
    t.day = s[8] == ' ' ? detail::read_digits(s, 9, 1) : detail::read_digits(s, 8, 2);
    if (!detail::read_time_of_day(s, 11, t)) return errc::invalid_time;
    t.year = detail::read_digits(s, 20, 4);
  } else {
    // rfc850-date: day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP HH:MM:SS SP "GMT"
    const std::size_t comma = s.find(',');
    if (comma == std::string_view::npos || s.size() != comma + 24) return errc::invalid_time;
    const std::string_view rest = detail::slice(s, comma + 1);  // " 06-Nov-94 08:49:37 GMT"
    if (rest[0] != ' ' || rest[3] != '-' || rest[7] != '-' || rest[10] != ' ' || rest[19] != ' ' ||
        detail::slice(rest, 20) != "GMT") {
      return errc::invalid_time;
    }
    weekday = detail::find_name(detail::http_long_day_names, detail::slice(s, 0, comma));
    t.day = detail::read_digits(rest, 1, 2);
    t.month = detail::find_name(detail::http_month_names, detail::slice(rest, 4, 3)) + 1;
    const int yy = detail::read_digits(rest, 8, 2);
    // RFC 7231 resolves two-digit years against the current date, which a constexpr parser
    // does not have; a fixed pivot gives the same answer for 1970..2069.
    t.year = yy < 0 ? -1 : (yy >= 70 ? 1900 + yy : 2000 + yy);
    if (!detail::read_time_of_day(rest, 11, t)) return errc::invalid_time;
  }
  if (weekday < 0) return errc::invalid_time;
  const result<std::int64_t> secs = from_civil(t);
  if (!secs) return secs;
  // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
  const std::int64_t days = *secs / detail::seconds_per_day;
  if ((days + 4) % 7 != weekday) return errc::invalid_time;
  return secs;
}

}  // namespace presign::inline v0
