// SPDX-License-Identifier: MIT
// amz_time.hpp: civil time arithmetic and the SigV4 / ISO 8601 / HTTP date formats.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <random>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

using presign::civil_time;
using presign::errc;

namespace {

std::string amz(std::int64_t t) {
  const auto r = presign::format_amz_time(t);
  REQUIRE(r.has_value());
  CHECK(r->timestamp_view().substr(0, 8) == r->date_view());
  return std::string(r->timestamp_view());
}

std::string iso(std::int64_t t) {
  const auto r = presign::format_iso8601_ms(t);
  REQUIRE(r.has_value());
  return std::string(r->data(), r->size());
}

// Independent calendar rule for the brute-force walk.
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_length(int y, int m) {
  if (m == 2) return leap(y) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

}  // namespace

TEST_CASE("format_amz_time: public vectors") {
  CHECK(amz(0) == "19700101T000000Z");
  CHECK(amz(1369353600) == "20130524T000000Z");  // S3 presigned URL documentation example
  CHECK(amz(1440938160) == "20150830T123600Z");  // aws-sig-v4 test suite
  CHECK(amz(784111777) == "19941106T084937Z");   // RFC 7231's example date
  CHECK(amz(951782400) == "20000229T000000Z");
  CHECK(amz(253402300799) == "99991231T235959Z");
  const auto r = presign::format_amz_time(1440938160);
  REQUIRE(r.has_value());
  CHECK(r->date_view() == "20150830");
}

TEST_CASE("format_amz_time / to_civil: range is 1970..9999") {
  CHECK(presign::format_amz_time(253402300800).error() == errc::invalid_time);
  CHECK(presign::format_amz_time(-1).error() == errc::invalid_time);
  CHECK(presign::format_amz_time(INT64_MIN).error() == errc::invalid_time);
  CHECK(presign::format_amz_time(INT64_MAX).error() == errc::invalid_time);
  CHECK(presign::to_civil(-86400).error() == errc::invalid_time);
  CHECK(presign::format_iso8601_ms(253402300800).error() == errc::invalid_time);
  CHECK(presign::from_civil({1969, 12, 31, 23, 59, 59}).error() == errc::invalid_time);
  CHECK(presign::from_civil({10000, 1, 1, 0, 0, 0}).error() == errc::invalid_time);
  CHECK(presign::from_civil({1900, 2, 28, 0, 0, 0}).error() == errc::invalid_time);
  CHECK(presign::from_civil({9999, 12, 31, 23, 59, 59}).value() == 253402300799);
  CHECK(presign::from_civil({1970, 1, 1, 0, 0, 0}).value() == 0);
}

TEST_CASE("leap years: 2000-02-29 exists, 2100-02-29 does not") {
  CHECK(presign::parse_amz_date("20000229").value() == 951782400);
  CHECK(presign::parse_amz_date("21000229").error() == errc::invalid_time);
  CHECK(presign::parse_amz_date("21000301").value() == 4107542400);
  CHECK(presign::parse_amz_date("20240229").has_value());
  CHECK(presign::parse_amz_date("20230229").error() == errc::invalid_time);
  CHECK(presign::parse_amz_date("24000229").has_value());
  CHECK(presign::from_civil({2100, 2, 29, 0, 0, 0}).error() == errc::invalid_time);
  CHECK(presign::from_civil({2000, 2, 29, 12, 0, 0}).value() == 951782400 + 43200);
}

TEST_CASE("from_civil validates every field") {
  const civil_time ok{2015, 8, 30, 12, 36, 0};
  CHECK(presign::from_civil(ok).value() == 1440938160);
  auto with = [&](auto field, int v) {
    civil_time t = ok;
    t.*field = v;
    return presign::from_civil(t).error();
  };
  CHECK(with(&civil_time::month, 0) == errc::invalid_time);
  CHECK(with(&civil_time::month, 13) == errc::invalid_time);
  CHECK(with(&civil_time::day, 0) == errc::invalid_time);
  CHECK(with(&civil_time::day, 32) == errc::invalid_time);
  CHECK(with(&civil_time::hour, -1) == errc::invalid_time);
  CHECK(with(&civil_time::hour, 24) == errc::invalid_time);
  CHECK(with(&civil_time::minute, 60) == errc::invalid_time);
  CHECK(with(&civil_time::second, 60) == errc::invalid_time);  // no leap seconds
  CHECK(with(&civil_time::second, -1) == errc::invalid_time);
  CHECK(with(&civil_time::day, 31) == errc::ok);
  CHECK(presign::from_civil({2015, 9, 31, 0, 0, 0}).error() == errc::invalid_time);
  CHECK(presign::from_civil({2015, 4, 31, 0, 0, 0}).error() == errc::invalid_time);
}

TEST_CASE("parse_amz_timestamp / parse_amz_date: exact format only") {
  CHECK(presign::parse_amz_timestamp("20130524T000000Z").value() == 1369353600);
  CHECK(presign::parse_amz_timestamp("20150830T123600Z").value() == 1440938160);
  CHECK(presign::parse_amz_timestamp("19700101T000000Z").value() == 0);
  CHECK(presign::parse_amz_timestamp("99991231T235959Z").value() == 253402300799);
  CHECK(presign::parse_amz_date("20150830").value() == 1440892800);
  for (const std::string_view bad : {"",
                                     "20130524T000000",
                                     "20130524T000000ZZ",
                                     "2013-05-24T00:00:00Z",
                                     "20130524 000000Z",
                                     "2013052400000000",
                                     "20130524T0000000",
                                     "20130524t000000Z",
                                     "20130524T000000z",
                                     "2O130524T000000Z",
                                     "20130524TOO0000Z",
                                     "2013052AT000000Z",
                                     "20131324T000000Z",
                                     "20130024T000000Z",
                                     "20130532T000000Z",
                                     "20130500T000000Z",
                                     "20130230T000000Z",
                                     "20130524T240000Z",
                                     "20130524T006000Z",
                                     "20130524T000060Z",
                                     "19691231T235959Z",
                                     "+0130524T000000Z",
                                     "2013 524T000000Z",
                                     "20130524T-10000Z"}) {
    CAPTURE(bad);
    CHECK(presign::parse_amz_timestamp(bad).error() == errc::invalid_time);
  }
  for (const std::string_view bad : {"", "2013052", "201305240", "2013-05-", "20131301", "20130532",
                                     "20130229", "1969123a", "2013052 ", "20130524T000000Z"}) {
    CAPTURE(bad);
    CHECK(presign::parse_amz_date(bad).error() == errc::invalid_time);
  }
}

TEST_CASE("every day from 1970-01-01 to 9999-12-31 converts both ways") {
  // Walk the calendar with an independent day-by-day rule and compare.
  int y = 1970;
  int m = 1;
  int d = 1;
  std::int64_t mismatches = 0;
  std::int64_t first_bad = -1;
  const std::int64_t last_day = 253402300799 / 86400;
  for (std::int64_t day = 0; day <= last_day; ++day) {
    const civil_time c = presign::detail::civil_from_days(day);
    const std::int64_t secs = day * 86400 + (day * 7919) % 86400;  // vary the time of day too
    const auto tc = presign::to_civil(secs);
    const auto back =
        tc ? presign::from_civil(*tc) : presign::result<std::int64_t>(errc::invalid_time);
    const bool good = c.year == y && c.month == m && c.day == d &&
                      presign::detail::days_from_civil(y, m, d) == day && back && *back == secs &&
                      tc->year == y && tc->month == m && tc->day == d;
    if (!good) {
      ++mismatches;
      if (first_bad < 0) first_bad = day;
    }
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  CAPTURE(first_bad);
  CHECK(mismatches == 0);
  CHECK(y == 10000);  // the walk ended exactly after 9999-12-31
  CHECK(m == 1);
  CHECK(d == 1);
}

TEST_CASE("random instants agree with the C library's gmtime and round-trip through text") {
  std::mt19937_64 rng(1440938160u);  // fixed seed: deterministic
  for (int iteration = 0; iteration < 20000; ++iteration) {
    const auto t = static_cast<std::int64_t>(rng() % 253402300800u);
    CAPTURE(t);
    const auto c = presign::to_civil(t);
    REQUIRE(c.has_value());
    if constexpr (sizeof(std::time_t) >= 8) {
      const auto tt = static_cast<std::time_t>(t);
      const std::tm* g = std::gmtime(&tt);
      REQUIRE(g != nullptr);
      CHECK(c->year == g->tm_year + 1900);
      CHECK(c->month == g->tm_mon + 1);
      CHECK(c->day == g->tm_mday);
      CHECK(c->hour == g->tm_hour);
      CHECK(c->minute == g->tm_min);
      CHECK(c->second == g->tm_sec);
    }
    const auto text = presign::format_amz_time(t);
    REQUIRE(text.has_value());
    CHECK(presign::parse_amz_timestamp(text->timestamp_view()).value() == t);
    CHECK(presign::parse_amz_date(text->date_view()).value() == t - t % 86400);
    CHECK(presign::from_civil(*c).value() == t);
  }
}

TEST_CASE("format_iso8601_ms: POST policy expiration format") {
  CHECK(iso(1451476800) == "2015-12-30T12:00:00.000Z");  // S3 POST example's expiration
  CHECK(iso(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso(253402300799) == "9999-12-31T23:59:59.000Z");
  CHECK(presign::format_iso8601_ms(-1).error() == errc::invalid_time);
}

TEST_CASE("parse_http_date: RFC 7231 section 7.1.1.1") {
  CHECK(presign::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value() == 784111777);
  CHECK(presign::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").value() == 784111777);
  CHECK(presign::parse_http_date("Sun Nov  6 08:49:37 1994").value() == 784111777);
  CHECK(presign::parse_http_date("Sun Nov 06 08:49:37 1994").value() == 784111777);
  CHECK(presign::parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT").value() == 1440938160);
  CHECK(presign::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").value() == 0);
  CHECK(presign::parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT").value() == 253402300799);
  CHECK(presign::parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT").value() == 0);
  CHECK(presign::parse_http_date("Friday, 24-May-13 00:00:00 GMT").value() == 1369353600);
  CHECK(presign::parse_http_date("Fri May 24 00:00:00 2013").value() == 1369353600);
  for (const std::string_view bad : {"",
                                     "Sun, 06 Nov 1994 08:49:37",
                                     "Sun, 06 Nov 1994 08:49:37 UTC",
                                     "Sun, 06 Nov 1994 08:49:37 gmt",
                                     "sun, 06 Nov 1994 08:49:37 GMT",
                                     "Sux, 06 Nov 1994 08:49:37 GMT",
                                     "Mon, 06 Nov 1994 08:49:37 GMT",
                                     "Sun, 06 nov 1994 08:49:37 GMT",
                                     "Sun, 06 Nuv 1994 08:49:37 GMT",
                                     "Sun, 6 Nov 1994 08:49:37 GMT",
                                     "Sun, 06 Nov 1994 8:49:37 GMT",
                                     "Sun, 06 Nov 1994 08:49:60 GMT",
                                     "Sun, 06 Nov 1994 24:00:00 GMT",
                                     "Sun, 31 Nov 1994 08:49:37 GMT",
                                     "Sun,06 Nov 1994 08:49:37 GMT ",
                                     "Sun, 06-Nov-1994 08:49:37 GMT",
                                     "Wed, 31 Dec 1969 23:59:59 GMT",
                                     "Sunday, 06 Nov 1994 08:49:37 GMT",
                                     "Sundax, 06-Nov-94 08:49:37 GMT",
                                     "Monday, 06-Nov-94 08:49:37 GMT",
                                     "Sun, 06-Nov-94 08:49:37 GMT",
                                     "Sunday, 06-Nov-9x 08:49:37 GMT",
                                     "Sun Nov  6 08:49:37 1994 ",
                                     "Sun Nov 6 08:49:37 1994",
                                     "Sun Nov  6 08:49:37 GMT ",
                                     "Mon Nov  6 08:49:37 1994",
                                     "Sun Xyz  6 08:49:37 1994",
                                     ",",
                                     "Sunday,"}) {
    CAPTURE(bad);
    CHECK(presign::parse_http_date(bad).error() == errc::invalid_time);
  }
}
