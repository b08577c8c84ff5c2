// SPDX-License-Identifier: MIT
// libFuzzer target: time parsing and formatting. Any text that parses as an X-Amz-Date,
// a scope date, an ISO 8601 expiry or an HTTP date denotes an instant in 1970..9999 that
// formats back to the same text (X-Amz-Date and scope date exactly: they have one spelling);
// any int64 formats iff it is in range, and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

constexpr std::int64_t last_second = 253402300799;  // 9999-12-31T23:59:59Z

void check_instant(std::int64_t t) {
  const auto text = presign::format_amz_time(t);
  const bool in_range = t >= 0 && t <= last_second;
  FUZZ_REQUIRE(text.has_value() == in_range);
  FUZZ_REQUIRE(presign::format_iso8601_ms(t).has_value() == in_range);
  FUZZ_REQUIRE(presign::to_civil(t).has_value() == in_range);
  if (!in_range) {
    FUZZ_REQUIRE(text.error() == presign::errc::invalid_time);
    return;
  }
  const auto back = presign::parse_amz_timestamp(text->timestamp_view());
  FUZZ_REQUIRE(back.has_value() && *back == t);
  const auto day = presign::parse_amz_date(text->date_view());
  FUZZ_REQUIRE(day.has_value() && *day == t - t % 86400);
  const auto civil = presign::to_civil(t);
  const auto again = presign::from_civil(*civil);
  FUZZ_REQUIRE(again.has_value() && *again == t);
  const auto iso = presign::format_iso8601_ms(t);
  const std::string_view iso_text(iso->data(), iso->size());
  const auto parsed = presign::parse_expiration_time(iso_text);
  FUZZ_REQUIRE(parsed.has_value() && *parsed == t);
}

void check_text(std::string_view s) {
  if (const auto t = presign::parse_amz_timestamp(s)) {
    FUZZ_REQUIRE(*t >= 0 && *t <= last_second);
    const auto text = presign::format_amz_time(*t);
    FUZZ_REQUIRE(text.has_value() && text->timestamp_view() == s);
  } else {
    FUZZ_REQUIRE(t.error() == presign::errc::invalid_time);
  }
  if (const auto d = presign::parse_amz_date(s)) {
    FUZZ_REQUIRE(*d >= 0 && *d <= last_second && *d % 86400 == 0);
    const auto text = presign::format_amz_time(*d);
    FUZZ_REQUIRE(text.has_value() && text->date_view() == s);
  } else {
    FUZZ_REQUIRE(d.error() == presign::errc::invalid_time);
  }
  if (const auto e = presign::parse_expiration_time(s)) {
    // Offsets move the instant by less than a day either way; the result is never negative.
    FUZZ_REQUIRE(*e >= 0 && *e <= last_second + 86400);
  } else {
    FUZZ_REQUIRE(e.error() == presign::errc::invalid_time);
  }
  if (const auto h = presign::parse_http_date(s)) {
    FUZZ_REQUIRE(*h >= 0 && *h <= last_second);
    const auto c = presign::to_civil(*h);
    FUZZ_REQUIRE(c.has_value());
  } else {
    FUZZ_REQUIRE(h.error() == presign::errc::invalid_time);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_text(std::string_view(reinterpret_cast<const char*>(data), size));
  if (size >= 8) {
    std::int64_t t = 0;
    std::memcpy(&t, data, sizeof t);
    check_instant(t);
    check_instant(t % (last_second + 2));  // mostly in range, both ends reachable
  }
  return 0;
}
