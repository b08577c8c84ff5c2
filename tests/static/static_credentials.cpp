// SPDX-License-Identifier: MIT
// Compile-time tests for credentials.hpp and clock.hpp: validation, static credentials, the
// expiration parser, the clocks, and what the credentials_source / clock_source concepts refuse.
#include <presign/presign.hpp>

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace {
using presign::credentials_view;
using presign::errc;
using presign::validate_credentials;

constexpr std::string_view akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// ---- credentials_view ------------------------------------------------------------------------
static_assert(std::is_trivially_copyable_v<credentials_view>);
static_assert(credentials_view{}.expiration == presign::no_expiration);
static_assert(presign::no_expiration == INT64_MAX);
static_assert(credentials_view{akid, secret}.view() == credentials_view{akid, secret});

// ---- validate_credentials --------------------------------------------------------------------
static_assert(validate_credentials({akid, secret}) == errc::ok);
static_assert(validate_credentials({akid, secret, "FwoGZXIvYXdzEJr//////////wEaDOp+token=="}) == errc::ok);
static_assert(validate_credentials({}) == errc::missing_credentials);
static_assert(validate_credentials({akid, ""}) == errc::missing_credentials);
static_assert(validate_credentials({"", secret}) == errc::missing_credentials);
static_assert(validate_credentials({"   ", secret}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, "\t"}) == errc::invalid_credentials);
static_assert(validate_credentials({"AKIA EXAMPLE", secret}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, "secret\n"}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, "sec\x7Fret"}) == errc::invalid_credentials);
static_assert(validate_credentials({std::string_view{"AK\0ID", 5}, secret}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, secret, "tok\r\nX-Evil: 1"}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, secret, "tok\ten"}) == errc::invalid_credentials);
static_assert(validate_credentials({akid, secret, "  "}) == errc::invalid_credentials);
// A printable token with an inner space is odd but not dangerous: it is URI-encoded.
static_assert(validate_credentials({akid, secret, "a b"}) == errc::ok);

// ---- static_credentials ----------------------------------------------------------------------
constexpr presign::static_credentials doc_example{akid, secret};
static_assert(doc_example.get().has_value());
static_assert(doc_example.get()->access_key_id == akid);
static_assert(doc_example.get()->secret_access_key == secret);
static_assert(doc_example.get()->session_token.empty());
static_assert(doc_example.get()->expiration == presign::no_expiration);
static_assert(presign::static_credentials{akid, secret, "tok", 1700000000}.get()->expiration == 1700000000);
static_assert(presign::static_credentials{akid, " "}.get().error() == errc::invalid_credentials);
static_assert(presign::static_credentials{"", ""}.get().error() == errc::missing_credentials);

// ---- the credentials concepts ----------------------------------------------------------------
static_assert(presign::credentials_holder<credentials_view>);
static_assert(presign::credentials_holder<presign::owned_credentials>);
static_assert(presign::credentials_holder<presign::shared_credentials>);
static_assert(presign::credentials_source<presign::static_credentials>);
static_assert(presign::credentials_source<presign::environment_credentials>);
static_assert(presign::credentials_source<presign::profile_credentials>);
static_assert(presign::credentials_source<presign::refreshing_credentials>);
static_assert(presign::credentials_source<
              presign::credentials_chain<presign::environment_credentials, presign::static_credentials>>);
static_assert(std::is_default_constructible_v<presign::owned_credentials>);
static_assert(std::is_default_constructible_v<presign::shared_credentials>);

struct no_get {};
struct get_returns_view {  // not wrapped in result<>
  credentials_view get() const noexcept { return {}; }
};
struct get_returns_result_int {
  presign::result<int> get() const noexcept { return 0; }
};
struct get_not_const {
  presign::result<credentials_view> get() noexcept { return credentials_view{}; }
};
struct get_with_argument {
  presign::result<credentials_view> get(int) const noexcept { return credentials_view{}; }
};
struct bad_holder {  // view() returns the wrong type
  std::string_view view() const noexcept { return {}; }
};
struct get_returns_bad_holder {
  presign::result<bad_holder> get() const noexcept { return bad_holder{}; }
};
struct view_not_const {
  credentials_view view() noexcept { return {}; }
};
struct get_returns_view_not_const {
  presign::result<view_not_const> get() const noexcept { return view_not_const{}; }
};
static_assert(!presign::credentials_source<int>);
static_assert(!presign::credentials_source<no_get>);
static_assert(!presign::credentials_source<get_returns_view>);
static_assert(!presign::credentials_source<get_returns_result_int>);
static_assert(!presign::credentials_source<get_not_const>);
static_assert(!presign::credentials_source<get_with_argument>);
static_assert(!presign::credentials_source<get_returns_bad_holder>);
static_assert(!presign::credentials_source<get_returns_view_not_const>);
static_assert(!presign::credentials_holder<bad_holder>);
static_assert(!presign::credentials_holder<view_not_const>);
static_assert(!presign::credentials_holder<std::string_view>);

// ---- parse_expiration_time: well-known instants ----------------------------------------------
using presign::parse_expiration_time;
static_assert(parse_expiration_time("1970-01-01T00:00:00Z").value() == 0);
static_assert(parse_expiration_time("2000-01-01T00:00:00Z").value() == 946684800);
static_assert(parse_expiration_time("2009-02-13T23:31:30Z").value() == 1234567890);
static_assert(parse_expiration_time("2038-01-19T03:14:07Z").value() == 2147483647);
static_assert(parse_expiration_time("2038-01-19T03:14:08Z").value() == 2147483648);  // past 32-bit time_t
static_assert(parse_expiration_time("2009-02-13T23:31:30.123456Z").value() == 1234567890);
static_assert(parse_expiration_time("2009-02-14T00:31:30+01:00").value() == 1234567890);
static_assert(parse_expiration_time("2009-02-13T18:01:30-0530").value() == 1234567890);
static_assert(parse_expiration_time("2009-02-13T23:31:30+00").value() == 1234567890);
static_assert(parse_expiration_time("2009-02-13T23:31:30").value() == 1234567890);
static_assert(parse_expiration_time("2009-02-13 23:31:30z").value() == 1234567890);
static_assert(parse_expiration_time("2016-12-31T23:59:60Z").value() == 1483228800);  // leap second
static_assert(parse_expiration_time("2024-02-29T00:00:00Z").value() == 1709164800);
static_assert(parse_expiration_time("9999-12-31T23:59:59Z").value() == 253402300799);
static_assert(parse_expiration_time("").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13").error() == errc::invalid_time);
static_assert(parse_expiration_time("2023-02-29T00:00:00Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-13-01T00:00:00Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13T24:00:00Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13T23:31:30ZZ").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13T23:31:30.Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13T23:31:30+1:00").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009-02-13T23:31:30+01:").error() == errc::invalid_time);
static_assert(parse_expiration_time("2009/02/13T23:31:30Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("1969-12-31T23:59:59Z").error() == errc::invalid_time);
static_assert(parse_expiration_time("1970-01-01T00:30:00+01:00").error() == errc::invalid_time);
static_assert(parse_expiration_time("+2009-02-13T23:31:30Z").error() == errc::invalid_time);

// ---- clocks ----------------------------------------------------------------------------------
static_assert(presign::clock_source<presign::system_clock>);
static_assert(presign::clock_source<presign::fixed_clock>);
static_assert(presign::clock_source<presign::offset_clock<>>);
static_assert(presign::clock_source<presign::offset_clock<presign::fixed_clock>>);
static_assert(presign::clock_source<presign::clock_ref<presign::fixed_clock>>);
static_assert(presign::clock_source<presign::atomic_offset_clock<>>);

struct no_now {};
struct now_returns_int {
  int now() const noexcept { return 0; }
};
struct now_returns_double {
  double now() const noexcept { return 0; }
};
struct now_not_const {
  std::int64_t now() noexcept { return 0; }
};
struct now_returns_reference {
  std::int64_t t = 0;
  const std::int64_t& now() const noexcept { return t; }
};
static_assert(!presign::clock_source<int>);
static_assert(!presign::clock_source<no_now>);
static_assert(!presign::clock_source<now_returns_int>);
static_assert(!presign::clock_source<now_returns_double>);
static_assert(!presign::clock_source<now_not_const>);
static_assert(!presign::clock_source<now_returns_reference>);

static_assert(presign::fixed_clock{1369353600}.now() == 1369353600);
static_assert(presign::fixed_clock{}.now() == 0);
static_assert(presign::offset_clock<presign::fixed_clock>{{1000}, -30}.now() == 970);
static_assert(presign::offset_clock<presign::fixed_clock>{{1000}, 0}.now() == 1000);
static_assert(presign::offset_clock<presign::fixed_clock>{{INT64_MAX - 1}, 10}.now() == INT64_MAX);
static_assert(presign::offset_clock<presign::fixed_clock>{{INT64_MIN + 1}, -10}.now() == INT64_MIN);
static_assert(presign::offset_clock<presign::offset_clock<presign::fixed_clock>>{{{100}, 5}, 7}.now() == 112);

constexpr presign::fixed_clock shared_fixed{42};
static_assert(presign::clock_ref{shared_fixed}.now() == 42);

// RFC 7231 §7.1.1.1's example instant, Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
using presign::clock_offset_from_http_date;
static_assert(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777).value() == 0);
static_assert(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 90).value() == 90);
static_assert(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 600).value() == -600);
static_assert(clock_offset_from_http_date("Sunday, 06-Nov-94 08:49:37 GMT", 784111700).value() == 77);
static_assert(clock_offset_from_http_date("Sun Nov  6 08:49:37 1994", 784111777).value() == 0);
static_assert(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", INT64_MIN).value() == INT64_MAX);
static_assert(clock_offset_from_http_date("yesterday", 0).error() == errc::invalid_time);
static_assert(clock_offset_from_http_date("", 0).error() == errc::invalid_time);

// The RFC 7231 date used as a skew correction for a fixed local clock.
constexpr presign::offset_clock<presign::fixed_clock> corrected{
    {784111000}, clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111000).value()};
static_assert(corrected.now() == 784111777);
}  // namespace
