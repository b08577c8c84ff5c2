// SPDX-License-Identifier: MIT
// Tests for validate.hpp: bucket names, keys, regions, services, methods, headers, queries.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <string>
#include <string_view>

using presign::errc;
using namespace std::string_view_literals;

TEST_CASE("validate_bucket_name accepts the S3 User Guide's valid examples") {
  // "Example general purpose bucket names" in the S3 User Guide: valid, and valid but not
  // recommended for uses other than static website hosting (the dotted ones).
  for (std::string_view name :
       {"docexamplebucket1"sv, "log-delivery-march-2020"sv, "my-hosted-content"sv,
        "docexamplewebsite.com"sv, "www.docexamplewebsite.com"sv, "my.example.s3.bucket"sv}) {
    CAPTURE(name);
    CHECK(presign::validate_bucket_name(name) == errc::ok);
  }
}

TEST_CASE("validate_bucket_name refuses the S3 User Guide's invalid examples") {
  for (std::string_view name : {"doc_example_bucket"sv,   // underscores
                                "DocExampleBucket"sv,     // uppercase
                                "doc-example-bucket-"sv,  // ends with a hyphen
                                "amzn-s3-demo-bucket1-a1b2c3d4-5678-90ab-cdef-example11111"sv}) {
    CAPTURE(name);
    CHECK(presign::validate_bucket_name(name) == errc::invalid_bucket_name);
  }
}

TEST_CASE("validate_bucket_name: length is 3..63") {
  CHECK(presign::validate_bucket_name("") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("a") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("ab") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("abc") == errc::ok);
  const std::string max(63, 'b');
  CHECK(presign::validate_bucket_name(max) == errc::ok);
  CHECK(presign::validate_bucket_name(max + "b") == errc::invalid_bucket_name);
}

TEST_CASE("validate_bucket_name: only lowercase letters, digits, dots and hyphens") {
  CHECK(presign::validate_bucket_name("my-bucket.2024") == errc::ok);
  CHECK(presign::validate_bucket_name("MyBucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("mybuckeT") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("my_bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("my bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("my/bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("my:bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("b\xc3\xbc"
                                      "cket") == errc::invalid_bucket_name);  // bücket
  CHECK(presign::validate_bucket_name("arn:aws:s3:::bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("buc\0ket"sv) == errc::invalid_bucket_name);
}

TEST_CASE("validate_bucket_name: starts and ends with a letter or digit") {
  CHECK(presign::validate_bucket_name("1bucket9") == errc::ok);
  CHECK(presign::validate_bucket_name("-bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket-") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name(".bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket.") == errc::invalid_bucket_name);
}

TEST_CASE("validate_bucket_name: no two adjacent periods") {
  CHECK(presign::validate_bucket_name("my.bucket") == errc::ok);
  CHECK(presign::validate_bucket_name("my..bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("my-.bucket") == errc::ok);  // only ".." is named
}

TEST_CASE("validate_bucket_name: not formatted as an IPv4 address") {
  CHECK(presign::validate_bucket_name("192.168.5.4") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("0.0.0.0") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("999.999.999.999") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("192.168.5.4.5") == errc::ok);  // five groups
  CHECK(presign::validate_bucket_name("192.168.5") == errc::ok);      // three groups
  CHECK(presign::validate_bucket_name("192.168.5.4a") == errc::ok);
  CHECK(presign::validate_bucket_name("1921.168.5.4") == errc::ok);  // not dotted-quad shaped
}

TEST_CASE("validate_bucket_name: reserved prefixes") {
  CHECK(presign::validate_bucket_name("xn--bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("xn-bucket") == errc::ok);
  CHECK(presign::validate_bucket_name("bucket-xn--x") == errc::ok);  // only as a prefix
  CHECK(presign::validate_bucket_name("sthree-bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("sthree-configurator") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("sthree-configurator-x") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("sthree") == errc::ok);
  CHECK(presign::validate_bucket_name("amzn-s3-demo-bucket") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("amzn-s3-demo") == errc::ok);
}

TEST_CASE("validate_bucket_name: reserved suffixes") {
  CHECK(presign::validate_bucket_name("bucket-s3alias") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("s3alias-bucket") == errc::ok);
  CHECK(presign::validate_bucket_name("bucket--ol-s3") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket.mrap") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket-mrap") == errc::ok);
  CHECK(presign::validate_bucket_name("bucket--usw2-az1--x-s3") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket--table-s3") == errc::invalid_bucket_name);
  CHECK(presign::validate_bucket_name("bucket-x-s3") == errc::ok);
  // Account regional namespace buckets end in "-an" and are ordinary general purpose buckets.
  CHECK(presign::validate_bucket_name("amzn-bucket-111122223333-us-west-2-an") == errc::ok);
}

TEST_CASE("validate_key: 1..1024 bytes") {
  CHECK(presign::validate_key("") == errc::invalid_key);
  CHECK(presign::validate_key("a") == errc::ok);
  CHECK(presign::validate_key(std::string(1024, 'k')) == errc::ok);
  CHECK(presign::validate_key(std::string(1025, 'k')) == errc::invalid_key);
  // The limit is in bytes: 341 three-byte characters (1023 bytes) + 1 fits, + 2 does not.
  std::string euros;
  for (int i = 0; i < 341; ++i) euros += "\xe2\x82\xac";
  CHECK(presign::validate_key(euros + "x") == errc::ok);
  CHECK(presign::validate_key(euros + "xy") == errc::invalid_key);
}

TEST_CASE("validate_key: must be well-formed UTF-8") {
  CHECK(presign::validate_key("photos/\xe6\x97\xa5\xe6\x9c\xac/\xd1\x84.jpg") == errc::ok);
  CHECK(presign::validate_key("emoji-\xf0\x9f\x98\x80") == errc::ok);
  CHECK(presign::validate_key("\xff") == errc::invalid_key);          // never in UTF-8
  CHECK(presign::validate_key("\xc0\xaf") == errc::invalid_key);      // overlong '/'
  CHECK(presign::validate_key("\xed\xa0\x80") == errc::invalid_key);  // surrogate D800
  CHECK(presign::validate_key("abc\xe2\x82") == errc::invalid_key);   // truncated
  CHECK(presign::validate_key("\x80"
                              "abc") == errc::invalid_key);               // stray continuation
  CHECK(presign::validate_key("latin1-caf\xe9") == errc::invalid_key);    // ISO-8859-1 é
  CHECK(presign::validate_key("\xf4\x90\x80\x80") == errc::invalid_key);  // above U+10FFFF
}

TEST_CASE("validate_key keeps what S3 keeps: control characters, tab, odd segments") {
  for (std::string_view key :
       {"a\tb"sv, "\x01"sv, "del\x7f"sv, "line\nbreak"sv, "nul\0byte"sv, "//double//slash"sv,
        "/leading"sv, "."sv, ".."sv, "a/../b"sv, "plus+and space"sv, "100%"sv}) {
    CAPTURE(key);
    CHECK(presign::validate_key(key) == errc::ok);
  }
}

TEST_CASE("validate_region and validate_service: non-empty [a-z0-9-], at most 63") {
  for (std::string_view ok : {"us-east-1"sv, "cn-northwest-1"sv, "us-gov-west-1"sv, "auto"sv,
                              "eusc-de-east-1"sv, "s3"sv, "execute-api"sv, "service"sv}) {
    CAPTURE(ok);
    CHECK(presign::validate_region(ok) == errc::ok);
    CHECK(presign::validate_service(ok) == errc::ok);
  }
  for (std::string_view bad : {""sv, "US-EAST-1"sv, "us_east_1"sv, "us east 1"sv, "us-east-1\n"sv,
                               "us.east.1"sv, "us/east"sv, "r\xc3\xa9gion"sv}) {
    CAPTURE(bad);
    CHECK(presign::validate_region(bad) == errc::invalid_region);
    CHECK(presign::validate_service(bad) == errc::invalid_service);
  }
  const std::string max(63, 'r');
  CHECK(presign::validate_region(max) == errc::ok);
  CHECK(presign::validate_region(max + "r") == errc::invalid_region);
  CHECK(presign::validate_service(max + "s") == errc::invalid_service);
}

TEST_CASE("is_http_token: RFC 9110 tchar") {
  CHECK(presign::is_http_token("GET"));
  CHECK(presign::is_http_token("x-amz-meta-a1"));
  CHECK(presign::is_http_token("!#$%&'*+-.^_`|~09azAZ"));
  CHECK_FALSE(presign::is_http_token(""));
  // Every delimiter and control character RFC 9110 §5.6.2 excludes.
  for (char c : std::string_view{"\"(),/:;<=>?@[\\]{} \t\r\n\x7f\x01", 23}) {
    CAPTURE(static_cast<int>(c));
    CHECK_FALSE(presign::is_http_token(std::string("a") + c));
  }
  CHECK_FALSE(presign::is_http_token("caf\xc3\xa9"));
  CHECK_FALSE(presign::is_http_token("a\0"sv));
}

TEST_CASE("validate_http_method: a token of 1..32 characters, no lowercase letters") {
  for (std::string_view m : {"GET"sv, "PUT"sv, "HEAD"sv, "DELETE"sv, "POST"sv, "M-SEARCH"sv}) {
    CAPTURE(m);
    CHECK(presign::validate_http_method(m) == errc::ok);
  }
  // A URL signed for "put" works for no client (they send "PUT"): refused, not signed.
  for (std::string_view m : {"get"sv, "put"sv, "Put"sv, "DELETe"sv}) {
    CAPTURE(m);
    CHECK(presign::validate_http_method(m) == errc::invalid_method);
  }
  CHECK(presign::validate_http_method(std::string(32, 'M')) == errc::ok);
  CHECK(presign::validate_http_method(std::string(33, 'M')) == errc::invalid_method);
  CHECK(presign::validate_http_method("") == errc::invalid_method);
  CHECK(presign::validate_http_method("GET ") == errc::invalid_method);
  CHECK(presign::validate_http_method("GET\r\nX: y") == errc::invalid_method);
  CHECK(presign::validate_http_method("G(ET)") == errc::invalid_method);
}

TEST_CASE("validate_header_name: a token") {
  CHECK(presign::validate_header_name("Content-Type") == errc::ok);
  CHECK(presign::validate_header_name("x-amz-meta-\xc3\xa9") == errc::invalid_header);
  CHECK(presign::validate_header_name("") == errc::invalid_header);
  CHECK(presign::validate_header_name("Content Type") == errc::invalid_header);
  CHECK(presign::validate_header_name("Host:") == errc::invalid_header);
  CHECK(presign::validate_header_name("x\r\ny") == errc::invalid_header);
}

TEST_CASE("validate_header_value: no control characters except HTAB") {
  CHECK(presign::validate_header_value("") == errc::ok);
  CHECK(presign::validate_header_value("text/plain; charset=utf-8") == errc::ok);
  CHECK(presign::validate_header_value("a\tb") == errc::ok);
  CHECK(presign::validate_header_value("  padded  ") == errc::ok);
  CHECK(presign::validate_header_value("caf\xc3\xa9 \x80\xff") == errc::ok);  // obs-text
  CHECK(presign::validate_header_value("a\rb") == errc::invalid_header);
  CHECK(presign::validate_header_value("a\nb") == errc::invalid_header);
  CHECK(presign::validate_header_value("a\0b"sv) == errc::invalid_header);
  CHECK(presign::validate_header_value("a\x01") == errc::invalid_header);
  CHECK(presign::validate_header_value("a\x1f") == errc::invalid_header);
  CHECK(presign::validate_header_value("a\x7f") == errc::invalid_header);
}

TEST_CASE("validate_query_value: no CR, LF or NUL; anything else is encoded later") {
  CHECK(presign::validate_query_value("") == errc::ok);
  CHECK(presign::validate_query_value("a b+c&d=e/f?g#h%i\t\x01\x7f\xff") == errc::ok);
  CHECK(presign::validate_query_value("a\rb") == errc::invalid_query_parameter);
  CHECK(presign::validate_query_value("a\nb") == errc::invalid_query_parameter);
  CHECK(presign::validate_query_value("a\0b"sv) == errc::invalid_query_parameter);
}
