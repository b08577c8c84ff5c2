// SPDX-License-Identifier: MIT
// Compile-time tests for amz_time.hpp: a wrong answer fails the build. Expected values are
// public (AWS SigV4 examples, RFC 7231 §7.1.1.1) or checked with `date -u`.
#include <cstdint>
#include <string_view>

#include <presign/presign.hpp>

namespace {
using presign::errc;

constexpr bool formats_as(std::int64_t t, std::string_view timestamp, std::string_view date) {
  const auto r = presign::format_amz_time(t);
  return r && r->timestamp_view() == timestamp && r->date_view() == date;
}
static_assert(formats_as(0, "19700101T000000Z", "19700101"));
static_assert(formats_as(1369353600, "20130524T000000Z", "20130524"));  // S3 presigned URL example
static_assert(formats_as(1440938160, "20150830T123600Z", "20150830"));  // aws-sig-v4 test suite
static_assert(formats_as(253402300799, "99991231T235959Z", "99991231"));
static_assert(presign::format_amz_time(253402300800).error() == errc::invalid_time);
static_assert(presign::format_amz_time(-1).error() == errc::invalid_time);

static_assert(presign::parse_amz_timestamp("20130524T000000Z").value() == 1369353600);
static_assert(presign::parse_amz_timestamp("20150830T123600Z").value() == 1440938160);
static_assert(presign::parse_amz_timestamp("99991231T235959Z").value() == 253402300799);
static_assert(presign::parse_amz_date("20130524").value() == 1369353600);
static_assert(presign::parse_amz_timestamp("20130524t000000Z").error() == errc::invalid_time);
static_assert(presign::parse_amz_timestamp("20130230T000000Z").error() == errc::invalid_time);
static_assert(presign::parse_amz_timestamp("20130524T240000Z").error() == errc::invalid_time);

// Leap years: 2000 is one (divisible by 400), 2100 is not (divisible by 100).
static_assert(presign::parse_amz_date("20000229").value() == 951782400);
static_assert(presign::parse_amz_date("21000229").error() == errc::invalid_time);
static_assert(presign::parse_amz_date("21000301").value() == 4107542400);
static_assert(presign::from_civil({2038, 1, 19, 3, 14, 8}).value() == 2147483648);
static_assert(presign::to_civil(2147483648).value() == presign::civil_time{2038, 1, 19, 3, 14, 8});

static_assert(presign::detail::days_from_civil(1970, 1, 1) == 0);
static_assert(presign::detail::days_from_civil(2000, 3, 1) == 11017);
static_assert(presign::detail::civil_from_days(11016) == presign::civil_time{2000, 2, 29, 0, 0, 0});

constexpr bool iso8601_is(std::int64_t t, std::string_view expected) {
  const auto r = presign::format_iso8601_ms(t);
  return r && std::string_view(r->data(), r->size()) == expected;
}
static_assert(iso8601_is(1451476800, "2015-12-30T12:00:00.000Z"));  // S3 POST example expiration

// RFC 7231 §7.1.1.1: the same instant in its three forms.
static_assert(presign::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value() == 784111777);
static_assert(presign::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").value() == 784111777);
static_assert(presign::parse_http_date("Sun Nov  6 08:49:37 1994").value() == 784111777);
static_assert(presign::parse_http_date("Sun, 06 Nuv 1994 08:49:37 GMT").error() ==
              errc::invalid_time);
static_assert(presign::parse_http_date("Sux, 06 Nov 1994 08:49:37 GMT").error() ==
              errc::invalid_time);
}  // namespace
