// SPDX-License-Identifier: MIT
// The catalogue of bad inputs (issue 7): one CHECK per row, each with the exact errc the row
// must produce. Rows go through the public entry points a server or firmware would call
// (basic_presigner::presign, resolve_endpoint, the encoders, the credentials sources), so a
// check that moves between layers still has to give the same answer. Also: nothing is ever
// written past a buffer (guard bytes), and no error text carries a secret.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

using presign::errc;

constexpr std::int64_t doc_time = 1369353600;  // 20130524T000000Z
constexpr std::string_view doc_akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view doc_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// A secret nobody would write by accident: if it shows up in a message, it leaked.
constexpr std::string_view canary_secret = "Zq9CANARYsecretDoNotPrint7xK2mW";

struct request_parts {
  presign::presigner_options options{};
  presign::presign_request request{};
  std::vector<presign::query_param> query{};
  std::vector<presign::request_header> headers{};
  std::int64_t now = doc_time;
  std::string_view akid = doc_akid;
  std::string_view secret = doc_secret;
  std::string_view token{};
};

request_parts doc_parts() {
  request_parts p;
  p.options.region = "us-east-1";
  p.request.method = "GET";
  p.request.bucket = "examplebucket";
  p.request.key = "test.txt";
  p.request.expires_in = 86400;
  return p;
}

// Presigns what `edit` makes of the S3 documentation example; errc::ok on success.
template <class Edit>
errc presign_error(Edit edit) {
  request_parts p = doc_parts();
  edit(p);
  p.request.query = p.query;
  p.request.headers = p.headers;
  const presign::basic_presigner presigner(presign::static_credentials(p.akid, p.secret, p.token),
                                           presign::fixed_clock{p.now}, p.options);
  std::array<char, 8192> buf{};
  const auto r = presigner.presign(p.request, buf);
  return r ? errc::ok : r.error();
}

errc key_error(std::string_view key) {
  return presign_error([key](request_parts& p) { p.request.key = key; });
}
errc bucket_error(std::string_view bucket) {
  return presign_error([bucket](request_parts& p) { p.request.bucket = bucket; });
}
errc region_error(std::string_view region) {
  return presign_error([region](request_parts& p) { p.request.region = region; });
}
errc expiry_error(std::int64_t expires_in, std::int64_t max_expiry = presign::default_max_expiry) {
  return presign_error([=](request_parts& p) {
    p.request.expires_in = expires_in;
    p.options.max_expiry = max_expiry;
  });
}
errc time_error(std::int64_t now) {
  return presign_error([now](request_parts& p) { p.now = now; });
}
errc header_error(std::string_view name, std::string_view value, bool hoist = false) {
  return presign_error([=](request_parts& p) { p.headers.push_back({name, value, hoist}); });
}
errc headers_error(std::vector<presign::request_header> headers) {
  return presign_error([&headers](request_parts& p) { p.headers = headers; });
}
errc query_error(std::string_view name, std::string_view value) {
  return presign_error([=](request_parts& p) { p.query.push_back({name, value}); });
}
errc endpoint_error(std::string_view url) {
  return presign_error([url](request_parts& p) { p.options.endpoint.endpoint_url = url; });
}
errc host_override_error(std::string_view host) {
  return presign_error([host](request_parts& p) { p.options.endpoint.host_override = host; });
}
errc credentials_error(std::string_view akid, std::string_view secret, std::string_view token = {}) {
  return presign_error([=](request_parts& p) {
    p.akid = akid;
    p.secret = secret;
    p.token = token;
  });
}

// An embedded NUL must reach the library: build views with an explicit size.
template <std::size_t N>
constexpr std::string_view with_nul(const char (&s)[N]) noexcept {
  return {s, N - 1};
}

}  // namespace

TEST_CASE("bad input: the catalogue's baseline presigns") {
  // Every row below changes one thing of this request; it must itself be fine.
  CHECK(presign_error([](request_parts&) {}) == errc::ok);
}

TEST_CASE("bad input: object keys") {
  CHECK(key_error("") == errc::invalid_key);                                // empty
  CHECK(key_error(std::string(1025, 'k')) == errc::invalid_key);            // over 1024 bytes
  CHECK(key_error(std::string(1024, 'k')) == errc::ok);                     // the limit itself
  CHECK(key_error(std::string(1022, 'k') + "\xC3\xA9") == errc::ok);        // 1024 bytes of UTF-8
  CHECK(key_error(std::string(1023, 'k') + "\xC3\xA9") == errc::invalid_key);  // 1025 bytes
  CHECK(key_error("\xFF") == errc::invalid_key);                            // never UTF-8
  CHECK(key_error("a\x80z") == errc::invalid_key);                          // lone continuation
  CHECK(key_error("\xC0\xAF") == errc::invalid_key);                        // overlong '/'
  CHECK(key_error("\xE0\x80\xAF") == errc::invalid_key);                    // overlong, 3 bytes
  CHECK(key_error("\xED\xA0\x80") == errc::invalid_key);                    // UTF-16 surrogate
  CHECK(key_error("\xF4\x90\x80\x80") == errc::invalid_key);                // above U+10FFFF
  CHECK(key_error("caf\xC3") == errc::invalid_key);                         // truncated sequence
  CHECK(key_error("\xE2\x82") == errc::invalid_key);                        // truncated, 3 bytes
  CHECK(key_error("\xF5\x80\x80\x80") == errc::invalid_key);                // F5 never starts one
  // A bucket operation takes no key.
  CHECK(presign_error([](request_parts& p) { p.request.bucket_operation = true; }) ==
        errc::invalid_key);
}

TEST_CASE("bad input: bucket names that break the S3 rules") {
  CHECK(bucket_error("") == errc::invalid_bucket_name);
  CHECK(bucket_error("ab") == errc::invalid_bucket_name);                   // too short
  CHECK(bucket_error(std::string(64, 'b')) == errc::invalid_bucket_name);   // too long
  CHECK(bucket_error(std::string(63, 'b')) == errc::ok);                    // the limit itself
  CHECK(bucket_error("ExampleBucket") == errc::invalid_bucket_name);        // uppercase
  CHECK(bucket_error("example_bucket") == errc::invalid_bucket_name);       // underscore
  CHECK(bucket_error("example..bucket") == errc::invalid_bucket_name);      // ".."
  CHECK(bucket_error("192.168.5.4") == errc::invalid_bucket_name);          // IP-address form
  CHECK(bucket_error("999.999.999.999") == errc::invalid_bucket_name);      // formatted as one
  CHECK(bucket_error("-examplebucket") == errc::invalid_bucket_name);       // leading dash
  CHECK(bucket_error("examplebucket-") == errc::invalid_bucket_name);       // trailing dash
  CHECK(bucket_error(".examplebucket") == errc::invalid_bucket_name);       // leading dot
  CHECK(bucket_error("examplebucket.") == errc::invalid_bucket_name);       // trailing dot
  CHECK(bucket_error("xn--examplebucket") == errc::invalid_bucket_name);    // xn-- prefix
  CHECK(bucket_error("sthree-bucket") == errc::invalid_bucket_name);        // sthree- prefix
  CHECK(bucket_error("examplebucket-s3alias") == errc::invalid_bucket_name);  // -s3alias
  CHECK(bucket_error("examplebucket--ol-s3") == errc::invalid_bucket_name);   // --ol-s3
  CHECK(bucket_error("example bucket") == errc::invalid_bucket_name);       // space
  CHECK(bucket_error("example/bucket") == errc::invalid_bucket_name);       // path separator
  CHECK(bucket_error(with_nul("exa\0mple")) == errc::invalid_bucket_name);  // NUL
  CHECK(bucket_error("b\xC3\xBC" "cket") == errc::invalid_bucket_name);        // non-ASCII
}

TEST_CASE("bad input: regions with bad characters") {
  CHECK(region_error("US-EAST-1") == errc::invalid_region);
  CHECK(region_error("us_east_1") == errc::invalid_region);
  CHECK(region_error("us east 1") == errc::invalid_region);
  CHECK(region_error("us-east-1\n") == errc::invalid_region);
  CHECK(region_error("us-east-1/") == errc::invalid_region);
  CHECK(region_error("us-east-1.evil.com") == errc::invalid_region);
  CHECK(region_error(with_nul("us-east-1\0")) == errc::invalid_region);
  CHECK(region_error("\xC3\xBC") == errc::invalid_region);
  CHECK(region_error(std::string(64, 'a')) == errc::invalid_region);        // over 63
  CHECK(region_error("-us-east-1") == errc::invalid_region);                // not a host label
  CHECK(region_error("aws-global") == errc::invalid_region);                // SDK pseudo-region
  // No region anywhere.
  CHECK(presign_error([](request_parts& p) { p.options.region = {}; }) == errc::invalid_region);
  // The presigner's own region is checked too.
  CHECK(presign_error([](request_parts& p) { p.options.region = "EU"; }) == errc::invalid_region);
}

TEST_CASE("bad input: expiry") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  CHECK(expiry_error(0) == errc::invalid_expiry);
  CHECK(expiry_error(-1) == errc::invalid_expiry);
  CHECK(expiry_error(min) == errc::invalid_expiry);
  CHECK(expiry_error(604801) == errc::invalid_expiry);
  CHECK(expiry_error(604800) == errc::ok);
  CHECK(expiry_error(max) == errc::invalid_expiry);
  // A ceiling past max_expiry_limit (where signing time + expiry could overflow int64, and
  // the verifier could not read X-Amz-Expires back) is refused as an option.
  CHECK(expiry_error(max, max) == errc::invalid_option);
  CHECK(expiry_error(max - doc_time + 1, max) == errc::invalid_option);
  CHECK(expiry_error(1, presign::max_expiry_limit + 1) == errc::invalid_option);
  CHECK(expiry_error(presign::max_expiry_limit, presign::max_expiry_limit) == errc::ok);
  CHECK(expiry_error(presign::max_expiry_limit + 1, presign::max_expiry_limit) == errc::invalid_expiry);
  // A presigner set up with a nonsensical ceiling refuses everything.
  CHECK(expiry_error(1, 0) == errc::invalid_expiry);
}

TEST_CASE("bad input: signing times before 1970 or after 9999") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  CHECK(time_error(-1) == errc::invalid_time);                  // 1969-12-31T23:59:59Z
  CHECK(time_error(min) == errc::invalid_time);
  CHECK(time_error(253402300800) == errc::invalid_time);        // 10000-01-01T00:00:00Z
  CHECK(time_error(max) == errc::invalid_time);
  CHECK(time_error(0) == errc::ok);                             // 1970-01-01T00:00:00Z
  CHECK(time_error(253402300799 - 86400) == errc::ok);          // one day before the end
  // The parsers agree on the same bounds.
  CHECK(presign::parse_amz_timestamp("19691231T235959Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("100000101T000000Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("20130230T000000Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("20130524T240000Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("20130524T000060Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("20130524t000000z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("2013-05-24T00:00Z").error() == errc::invalid_time);
  CHECK(presign::parse_amz_timestamp("+0130524T000000Z").error() == errc::invalid_time);
  CHECK(presign::format_amz_time(-1).error() == errc::invalid_time);
  CHECK(presign::format_amz_time(253402300800).error() == errc::invalid_time);
}

TEST_CASE("bad input: CR, LF and NUL in header names and values") {
  CHECK(header_error("x-amz-meta-a\r\nx-injected", "1") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a\n", "1") == errc::invalid_header);
  CHECK(header_error(with_nul("x-amz-meta-a\0"), "1") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", "1\r\nx-injected: 2") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", "1\r") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", "\n1") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", with_nul("1\0" "2")) == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", "1\x7F") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a", "tab\tis fine") == errc::ok);
  // The same through the query when the header is hoisted.
  CHECK(header_error("x-amz-expected-bucket-owner", "1\r\n2", true) == errc::invalid_header);
  CHECK(header_error("x-amz-expected-bucket-owner", with_nul("1\0"), true) == errc::invalid_header);
}

TEST_CASE("bad input: header names that are not tokens, and duplicates") {
  CHECK(header_error("", "v") == errc::invalid_header);
  CHECK(header_error("x amz", "v") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-a:", "v") == errc::invalid_header);
  CHECK(header_error("(comment)", "v") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-\"q\"", "v") == errc::invalid_header);
  CHECK(header_error("x-amz-meta-\xC3\xA9", "v") == errc::invalid_header);
  CHECK(header_error("x/amz", "v") == errc::invalid_header);
  CHECK(header_error("host", "evil.example") == errc::invalid_header);   // host is ours
  CHECK(header_error("Host", "evil.example") == errc::invalid_header);
  CHECK(headers_error({{"x-amz-meta-a", "1"}, {"x-amz-meta-a", "2"}}) == errc::invalid_header);
  CHECK(headers_error({{"Content-Type", "a"}, {"content-type", "b"}}) == errc::invalid_header);
  CHECK(headers_error({{"X-AMZ-ACL", "private"}, {"x-amz-acl", "private"}}) ==
        errc::invalid_header);
  // Names SigV4 query authentication writes itself, in any case (they were signed as
  // headers that contradict or repeat the query's).
  CHECK(header_error("X-Amz-Algorithm", "AWS4-HMAC-SHA256") == errc::invalid_header);
  CHECK(header_error("X-Amz-Credential", "1") == errc::invalid_header);
  CHECK(header_error("X-Amz-Date", "20130524T000000Z") == errc::invalid_header);
  CHECK(header_error("X-Amz-Expires", "60") == errc::invalid_header);
  CHECK(header_error("x-amz-signedheaders", "host") == errc::invalid_header);
  CHECK(header_error("X-AMZ-SIGNATURE", "0") == errc::invalid_header);
  CHECK(header_error("x-amz-security-token", "t") == errc::invalid_header);
  // Every byte at the end of a name and of a value, signed and hoisted, against RFC 9110
  // §5.6.2 tchar and §5.5 field values written out here.
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    const errc name_want = tchar ? errc::ok : errc::invalid_header;
    const errc value_want = (b >= 0x20 && b != 0x7F) || b == '\t' ? errc::ok : errc::invalid_header;
    CAPTURE(b);
    CHECK(header_error(std::string("x-amz-meta-a") + c, "v") == name_want);
    CHECK(header_error(std::string("x-amz-foo") + c, "v", true) == name_want);
    CHECK(header_error("x-amz-meta-a", std::string("v") + c) == value_want);
    CHECK(header_error("x-amz-foo", std::string("v") + c, true) == value_want);
  }
  // Too many to keep on the stack: refused, never truncated.
  std::vector<std::string> names;
  for (int i = 0; i < 33; ++i) names.push_back("x-amz-meta-h" + std::to_string(i));
  std::vector<presign::request_header> many;
  for (const std::string& n : names) many.push_back({n, "v"});
  CHECK(headers_error(many) == errc::invalid_header);
  many.pop_back();
  CHECK(headers_error(many) == errc::ok);  // 32 besides host is the limit
}

// A hoisted header goes into the query but is still a header: the same checks, the same error
// (hoisting once skipped them: such names and duplicates were signed into the query).
TEST_CASE("bad input: hoisted headers are checked as headers") {
  CHECK(header_error("x-amz-expected-bucket-owner", "1", true) == errc::ok);  // the baseline
  CHECK(header_error("x-amz-foo bar", "1", true) == errc::invalid_header);  // not a token
  CHECK(header_error("x-amz-foo:", "1", true) == errc::invalid_header);
  CHECK(header_error("x-amz-foo\r\nx-injected", "1", true) == errc::invalid_header);
  CHECK(header_error("x-amz-foo", "1\x7F", true) == errc::invalid_header);
  CHECK(headers_error({{"x-amz-foo", "1", true}, {"x-amz-foo", "2", true}}) ==
        errc::invalid_header);  // duplicate among hoisted
  CHECK(headers_error({{"x-amz-foo", "1", true}, {"X-Amz-Foo", "2", true}}) ==
        errc::invalid_header);  // case variants
  CHECK(headers_error({{"x-amz-foo", "1", true}, {"x-amz-foo", "2", false}}) ==
        errc::invalid_header);  // hoisted and signed
  CHECK(headers_error({{"X-Amz-Foo", "1", false}, {"x-amz-foo", "2", true}}) ==
        errc::invalid_header);  // signed first
  CHECK(headers_error({{"x-amz-acl", "private", true}, {"X-Amz-Acl", "private", false}}) ==
        errc::invalid_header);  // not hoistable, so both signed
  // Names SigV4 query authentication writes: a header error, as when not hoisted (they
  // were invalid_query_parameter).
  CHECK(header_error("X-Amz-Algorithm", "AWS4-HMAC-SHA256", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-Credential", "1", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-Date", "20130524T000000Z", true) == errc::invalid_header);
  CHECK(header_error("x-amz-date", "20130524T000000Z", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-Expires", "60", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-SignedHeaders", "host", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-Signature", "0", true) == errc::invalid_header);
  CHECK(header_error("X-Amz-Security-Token", "t", true) == errc::invalid_header);
  CHECK(header_error("host", "evil.example", true) == errc::invalid_header);
  // A hoisted header the caller's query already has would reach S3 twice.
  CHECK(presign_error([](request_parts& p) {
          p.query.push_back({"x-amz-request-payer", "requester"});
          p.headers.push_back({"X-Amz-Request-Payer", "requester", true});
        }) == errc::invalid_header);
}

TEST_CASE("bad input: CR, LF and NUL in query parameters") {
  CHECK(query_error("a\r\nb", "1") == errc::invalid_query_parameter);
  CHECK(query_error("a\n", "1") == errc::invalid_query_parameter);
  CHECK(query_error(with_nul("a\0"), "1") == errc::invalid_query_parameter);
  CHECK(query_error("a", "1\r\n2") == errc::invalid_query_parameter);
  CHECK(query_error("a", "\r") == errc::invalid_query_parameter);
  CHECK(query_error("a", with_nul("\0")) == errc::invalid_query_parameter);
  CHECK(query_error("", "1") == errc::invalid_query_parameter);            // empty name
  CHECK(query_error("X-Amz-Signature", "0") == errc::invalid_query_parameter);  // reserved
  CHECK(query_error("x-amz-date", "0") == errc::invalid_query_parameter);  // any case
  CHECK(query_error("X-Amz-Security-Token", "t") == errc::invalid_query_parameter);
  CHECK(query_error("a b&c=d", "e f&g") == errc::ok);  // encoded, not refused
  CHECK(presign_error([](request_parts& p) { p.request.version_id = "v\r\n1"; }) ==
        errc::invalid_query_parameter);
  std::vector<std::string> names;
  for (int i = 0; i < 49; ++i) {
    // Not "p" + std::to_string(i): g++ 12 at -O3 reports a false -Wrestrict in the inlined
    // operator+(const char*, std::string&&) (GCC bug 105329).
    std::string name(1, 'p');
    name += std::to_string(i);
    names.push_back(std::move(name));
  }
  CHECK(presign_error([&names](request_parts& p) {
          for (const std::string& n : names) p.query.push_back({n, "v"});
        }) == errc::invalid_query_parameter);
}

TEST_CASE("bad input: HTTP methods") {
  CHECK(presign_error([](request_parts& p) { p.request.method = ""; }) == errc::invalid_method);
  CHECK(presign_error([](request_parts& p) { p.request.method = "GET POST"; }) ==
        errc::invalid_method);
  CHECK(presign_error([](request_parts& p) { p.request.method = "GET\r\n"; }) ==
        errc::invalid_method);
  CHECK(presign_error([](request_parts& p) { p.request.method = with_nul("GET\0"); }) ==
        errc::invalid_method);
  CHECK(presign_error([](request_parts& p) { p.request.method = std::string_view("G/T"); }) ==
        errc::invalid_method);
}

TEST_CASE("bad input: endpoint URLs") {
  CHECK(endpoint_error("http://127.0.0.1:9000") == errc::ok);             // the baseline
  CHECK(endpoint_error("http://user:pass@127.0.0.1:9000") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://user@minio.local") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local#fragment") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local/#") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local/path") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local//") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local?x=1") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:0") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:65536") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:99999999999999999999") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:-1") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local:80x") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local: 80") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://[::1]:9000") == errc::ok);                 // a good IPv6 literal
  CHECK(endpoint_error("http://::1:9000") == errc::invalid_endpoint);     // unbracketed
  CHECK(endpoint_error("http://[::1") == errc::invalid_endpoint);         // unclosed
  CHECK(endpoint_error("http://[::1]9000") == errc::invalid_endpoint);    // junk after ]
  CHECK(endpoint_error("http://[fe80::1%25eth0]:9000") == errc::invalid_endpoint);  // zone id
  CHECK(endpoint_error("http://[1:2:3:4:5:6:7:8:9]") == errc::invalid_endpoint);    // 9 groups
  CHECK(endpoint_error("http://[1::2::3]") == errc::invalid_endpoint);    // two "::"
  CHECK(endpoint_error("http://[12345::1]") == errc::invalid_endpoint);   // 5 hex digits
  CHECK(endpoint_error("http://[::ffff:1.2.3.256]") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://[]") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://[g::1]") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://") == errc::invalid_endpoint);             // no host
  CHECK(endpoint_error("ftp://minio.local") == errc::invalid_endpoint);   // scheme
  CHECK(endpoint_error("minio.local:9000") == errc::invalid_endpoint);    // no scheme
  CHECK(endpoint_error("http:/minio.local") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio local") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://minio.local\r\n") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://-minio.local") == errc::invalid_endpoint);
  CHECK(endpoint_error("http://1.2.3.256") == errc::invalid_endpoint);    // ends in a number
  CHECK(endpoint_error("http://01.2.3.4") == errc::invalid_endpoint);     // not dotted-decimal
  CHECK(endpoint_error("http://" + std::string(600, 'a')) == errc::invalid_endpoint);
  CHECK(host_override_error("user@cdn.example") == errc::invalid_endpoint);
  CHECK(host_override_error("cdn.example/path") == errc::invalid_endpoint);
  CHECK(host_override_error("cdn.example:0") == errc::invalid_endpoint);
  CHECK(host_override_error("[::1") == errc::invalid_endpoint);
}

TEST_CASE("bad input: credentials with empty or whitespace-only fields") {
  CHECK(credentials_error("", doc_secret) == errc::missing_credentials);
  CHECK(credentials_error(doc_akid, "") == errc::missing_credentials);
  CHECK(credentials_error("", "") == errc::missing_credentials);
  CHECK(credentials_error("   ", doc_secret) == errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, "\t") == errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, " \r\n ") == errc::invalid_credentials);
  CHECK(credentials_error("AKIA IOSFODNN7EXAMPLE", doc_secret) == errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, with_nul("wJalr\0XUtnFEMI")) == errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, doc_secret, "   ") == errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, doc_secret, "token\r\nx-injected: 1") ==
        errc::invalid_credentials);
  CHECK(credentials_error(doc_akid, doc_secret, with_nul("tok\0en")) == errc::invalid_credentials);
  CHECK(credentials_error(std::string(129, 'A'), doc_secret) == errc::invalid_credentials);
}

TEST_CASE("bad input: credentials that expire before the URL") {
  const auto error_for = [](std::int64_t expiration, std::int64_t expires_in) {
    presign::presigner_options o;
    o.region = "us-east-1";
    const presign::basic_presigner p(
        presign::static_credentials(doc_akid, doc_secret, "token", expiration),
        presign::fixed_clock{doc_time}, o);
    presign::presign_request req;
    req.bucket = "examplebucket";
    req.key = "test.txt";
    req.expires_in = expires_in;
    std::array<char, 4096> buf{};
    const auto r = p.presign(req, buf);
    return r ? errc::ok : r.error();
  };
  CHECK(error_for(doc_time, 60) == errc::credentials_expire_too_soon);       // expired now
  CHECK(error_for(doc_time - 1, 60) == errc::credentials_expire_too_soon);   // already expired
  CHECK(error_for(doc_time + 59, 60) == errc::credentials_expire_too_soon);  // one second short
  CHECK(error_for(doc_time + 60, 60) == errc::ok);
  // Far in the past: `expiration - now` must not overflow (it did: found by this catalogue).
  CHECK(error_for(std::numeric_limits<std::int64_t>::min(), 60) ==
        errc::credentials_expire_too_soon);
  CHECK(error_for(std::numeric_limits<std::int64_t>::min() + 1, 60) ==
        errc::credentials_expire_too_soon);
}

TEST_CASE("bad input: POST policy credentials that expire before the form") {
  presign::presigner_options o;
  o.region = "us-east-1";
  const auto error_for = [&o](std::int64_t expiration) {
    const presign::basic_post_signer post(
        presign::static_credentials(doc_akid, doc_secret, "token", expiration),
        presign::fixed_clock{doc_time}, o);
    presign::post_request preq;
    preq.bucket = "examplebucket";
    preq.key = "test.txt";
    std::array<char, 8192> buf{};
    const auto r = post.presign_post(preq, buf);
    return r ? errc::ok : r.error();
  };
  // Far in the past: `creds.expiration - now` overflowed int64 (found by this catalogue).
  CHECK(error_for(std::numeric_limits<std::int64_t>::min()) == errc::credentials_expire_too_soon);
  CHECK(error_for(doc_time - 1) == errc::credentials_expire_too_soon);
  CHECK(error_for(presign::no_expiration) == errc::ok);  // the baseline
}

namespace {

// A scratch directory for profile files, removed at the end of the test case.
struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    path = std::filesystem::temp_directory_path() /
           ("presign-bad-inputs-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  [[nodiscard]] std::string write(const std::string& name, std::string_view content) const {
    const std::filesystem::path file = path / name;
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file.string();
  }
};

presign::profile_credentials profile_from(const std::string& credentials_file,
                                          const std::string& config_file = {},
                                          const std::string& profile = "default") {
  presign::aws_config_paths paths;
  paths.credentials_file = credentials_file;
  paths.config_file = config_file;
  paths.profile = profile;
  return presign::profile_credentials(paths);
}

errc profile_error(const presign::profile_credentials& p) {
  const auto r = p.get();
  return r ? errc::ok : r.error();
}

}  // namespace

TEST_CASE("bad input: profile files that are missing, unreadable, malformed or huge") {
  const scratch_dir dir;
  const std::string good = "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = " +
                           std::string(canary_secret) + "\n";
  CHECK(profile_error(profile_from(dir.write("good", good))) == errc::ok);  // the baseline

  // Missing.
  CHECK(profile_error(profile_from((dir.path / "nope").string())) == errc::credentials_unavailable);
  CHECK(profile_error(profile_from("")) == errc::credentials_unavailable);
  CHECK(profile_error(profile_from((dir.path / "nope" / "deeper").string())) ==
        errc::credentials_unavailable);
  // Not a regular file: a directory is refused by fstat before any read (also as root, unlike
  // chmod 000), and the diagnostic says why (issue 17, item 5).
  CHECK(profile_error(profile_from(dir.path.string())) == errc::credentials_unavailable);
  CHECK(profile_from(dir.path.string()).diagnostic().find("not a regular file") != std::string::npos);
  // Malformed, each with the secret in it that must not appear in the diagnostic.
  const std::string secret_line = "aws_secret_access_key = " + std::string(canary_secret) + "\n";
  const std::vector<std::string> malformed = {
      "aws_access_key_id = AKIDEXAMPLE\n" + secret_line,                     // before a section
      "[default\naws_access_key_id = AKIDEXAMPLE\n" + secret_line,           // no ']'
      "[]\n" + secret_line,                                                  // empty name
      "[default]\naws_access_key_id AKIDEXAMPLE\n" + secret_line,            // no '='
      "[default]\n= AKIDEXAMPLE\n" + secret_line,                            // empty key
      "[default]\naws_access_key_id = A\naws_access_key_id = B\n" + secret_line,  // duplicate key
      "[default]\n" + secret_line + "[default]\n" + secret_line,             // duplicate section
      "[default]\naws_access_key_id = AKIDEXAMPLE\n" + secret_line + std::string(canary_secret),
  };
  for (std::size_t i = 0; i < malformed.size(); ++i) {
    CAPTURE(i);
    const auto p = profile_from(dir.write("malformed" + std::to_string(i), malformed[i]));
    CHECK(profile_error(p) == errc::credentials_unavailable);
    CHECK(p.diagnostic().find(canary_secret) == std::string::npos);
  }
  // Fields that are empty or only whitespace.
  CHECK(profile_error(profile_from(dir.write(
            "empty-akid", "[default]\naws_access_key_id =\n" + secret_line))) ==
        errc::missing_credentials);
  CHECK(profile_error(profile_from(dir.write(
            "blank-secret", "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key =   \t\n"))) ==
        errc::missing_credentials);
  CHECK(profile_error(profile_from(dir.write(
            "secret-only", "[default]\n" + secret_line))) == errc::missing_credentials);
  CHECK(profile_error(profile_from(dir.write(
            "inner-space", "[default]\naws_access_key_id = AKID EXAMPLE\n" + secret_line))) ==
        errc::invalid_credentials);
  // Huge: one byte over the 1 MiB limit, and the limit itself.
  std::string huge = good + "# " + std::string(presign::max_config_file_size, 'x') + "\n";
  huge.resize(presign::max_config_file_size + 1);
  const auto too_big = profile_from(dir.write("huge", huge));
  CHECK(profile_error(too_big) == errc::credentials_unavailable);
  CHECK(too_big.diagnostic().find("1 MiB") != std::string::npos);
  CHECK(too_big.diagnostic().find(canary_secret) == std::string::npos);
  huge.resize(presign::max_config_file_size);
  CHECK(profile_error(profile_from(dir.write("limit", huge))) == errc::ok);
  // A huge config file poisons the profile even when the credentials file is fine.
  CHECK(profile_error(profile_from(dir.write("good2", good), dir.write("huge-config", huge + "x"))) ==
        errc::credentials_unavailable);
}

namespace {

constexpr char guard = '\xA5';

// A buffer of `size` bytes followed by guard bytes; checks that the guards are untouched.
struct guarded_buffer {
  std::vector<char> bytes;
  std::size_t size;
  explicit guarded_buffer(std::size_t n) : bytes(n + 64, guard), size(n) {}
  [[nodiscard]] std::span<char> span() { return {bytes.data(), size}; }
  [[nodiscard]] bool guards_intact() const {
    for (std::size_t i = size; i < bytes.size(); ++i) {
      if (bytes[i] != guard) return false;
    }
    return true;
  }
  [[nodiscard]] bool untouched() const {
    for (char c : bytes) {
      if (c != guard) return false;
    }
    return true;
  }
};

}  // namespace

TEST_CASE("bad input: a buffer one byte too small, with guard bytes") {
  // The presigner: learn the size, then offer one byte less.
  request_parts p = doc_parts();
  p.options.endpoint.endpoint_url = "http://127.0.0.1:9000";
  p.token = "FQoGZXIvYXdzEXAMPLETOKEN+/=";
  p.query = {{"response-content-type", "text/plain"}, {"uploads", ""}};
  p.headers = {{"Content-Type", "text/plain"}, {"x-amz-expected-bucket-owner", "111122223333", true}};
  p.request.query = p.query;
  p.request.headers = p.headers;
  const presign::basic_presigner presigner(presign::static_credentials(p.akid, p.secret, p.token),
                                           presign::fixed_clock{p.now}, p.options);
  const auto sized = presigner.presign(p.request, {});
  REQUIRE(sized.error() == errc::buffer_too_small);
  const std::size_t need = sized.required_size();
  {
    guarded_buffer exact(need);
    const auto r = presigner.presign(p.request, exact.span());
    REQUIRE(r);
    CHECK(r->url.size() == need);
    CHECK(exact.guards_intact());
  }
  {
    guarded_buffer small(need - 1);
    const auto r = presigner.presign(p.request, small.span());
    CHECK(r.error() == errc::buffer_too_small);
    CHECK(r.required_size() == need);
    CHECK(small.guards_intact());
  }
  // Debug buffers one byte too small: no view, nothing past them.
  {
    std::array<char, 8192> url{};
    guarded_buffer creq_probe(8192);
    guarded_buffer sts_probe(1024);
    const auto full = presigner.presign(p.request, url,
                                        presign::sigv4_debug_buffers{creq_probe.span(), sts_probe.span()});
    REQUIRE(full);
    REQUIRE(!full->canonical_request.empty());
    REQUIRE(!full->string_to_sign.empty());
    guarded_buffer creq(full->canonical_request.size() - 1);
    guarded_buffer sts(full->string_to_sign.size() - 1);
    const auto r = presigner.presign(p.request, url, presign::sigv4_debug_buffers{creq.span(), sts.span()});
    REQUIRE(r);
    CHECK(r->canonical_request.empty());
    CHECK(r->string_to_sign.empty());
    CHECK(creq.guards_intact());
    CHECK(sts.guards_intact());
  }
  // The encoders: exact size fits, one byte less is refused with nothing written at all.
  const std::string_view text = "a b+c/\xC3\xA9~";
  {
    const auto n = presign::uri_encode(text, {}, presign::uri_encode_mode::encode_slash);
    REQUIRE(n.error() == errc::buffer_too_small);
    guarded_buffer small(n.required_size() - 1);
    CHECK(presign::uri_encode(text, small.span(), presign::uri_encode_mode::encode_slash).error() ==
          errc::buffer_too_small);
    CHECK(small.untouched());
  }
  {
    guarded_buffer small(4);  // "a%20b%2Fc" decodes to 5 bytes
    const auto r = presign::uri_decode("a%20b%2Fc", small.span());
    CHECK(r.error() == errc::buffer_too_small);
    CHECK(r.required_size() == 5);
    CHECK(small.untouched());
  }
  {
    guarded_buffer small(presign::base64_encoded_size(text.size()) - 1);
    CHECK(presign::base64_encode(text, small.span()).error() == errc::buffer_too_small);
    CHECK(small.untouched());
  }
  {
    guarded_buffer small(5);  // "aGVsbG8=" decodes to 6 bytes
    const auto r = presign::base64_decode("aGVsbG8h", small.span());
    CHECK(r.error() == errc::buffer_too_small);
    CHECK(r.required_size() == 6);
    CHECK(small.untouched());
  }
  {
    const std::array<std::uint8_t, 4> bytes{0xde, 0xad, 0xbe, 0xef};
    guarded_buffer small(7);
    CHECK(presign::hex_encode(bytes, small.span()).error() == errc::buffer_too_small);
    CHECK(small.untouched());
  }
  {
    std::array<std::uint8_t, 8> out{};
    out.fill(0xA5);
    CHECK(presign::hex_decode("deadbeef", std::span<std::uint8_t>(out.data(), 3)).error() ==
          errc::buffer_too_small);
    for (std::uint8_t b : out) CHECK(b == 0xA5);
  }
}

TEST_CASE("bad input: malformed encodings") {
  std::array<char, 64> out{};
  std::array<std::uint8_t, 64> bytes{};
  CHECK(presign::uri_decode("%", out).error() == errc::invalid_encoding);
  CHECK(presign::uri_decode("%4", out).error() == errc::invalid_encoding);
  CHECK(presign::uri_decode("%G0", out).error() == errc::invalid_encoding);
  CHECK(presign::uri_decode("abc%2", out).error() == errc::invalid_encoding);
  CHECK(presign::hex_decode("abc", bytes).error() == errc::invalid_encoding);
  CHECK(presign::hex_decode("zz", bytes).error() == errc::invalid_encoding);
  CHECK(presign::hex_decode("0x00", bytes).error() == errc::invalid_encoding);
  CHECK(presign::base64_decode("aGVsbG8", out).error() == errc::invalid_encoding);    // length
  CHECK(presign::base64_decode("aGVs bG8=", out).error() == errc::invalid_encoding);  // space
  CHECK(presign::base64_decode("aGVsbG9=", out).error() == errc::invalid_encoding);   // bits
  CHECK(presign::base64_decode("a===", out).error() == errc::invalid_encoding);
  CHECK(presign::base64_decode("=aGV", out).error() == errc::invalid_encoding);
  CHECK(presign::base64_decode("aG-_", out).error() == errc::invalid_encoding);       // url alphabet
}

TEST_CASE("bad input: no error message carries caller data") {
  // Every errc has its own fixed message; none is the fallback, none is empty, and none can
  // contain a secret (to_string takes no caller data; the canary makes the intent explicit).
  const auto last = static_cast<int>(errc::wrong_field_type);
  std::vector<std::string_view> seen;
  for (int i = 0; i <= last; ++i) {
    const auto e = static_cast<errc>(i);
    const std::string_view m = presign::to_string(e);
    CAPTURE(i);
    CHECK(!m.empty());
    CHECK(m != "unknown error");
    CHECK(m.find(canary_secret) == std::string_view::npos);
    CHECK(m.find(doc_secret) == std::string_view::npos);
    for (std::string_view s : seen) CHECK(s != m);
    seen.push_back(m);
  }
}
