// SPDX-License-Identifier: MIT
// Compile-time tests for uri_encode.hpp, base64.hpp and detail/utf8.hpp: a wrong answer fails
// the build. Expected values are public vectors (AWS SigV4 docs and test suite, RFC 4648 §10).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <presign/presign.hpp>

namespace {
using presign::errc;
using presign::uri_encode_mode;

// Encodes `in` at compile time and compares with `expected`, also checking the size function.
constexpr bool uri_encodes_to(std::string_view in, uri_encode_mode mode,
                              std::string_view expected) {
  std::array<char, 64> buf{};
  const auto r = presign::uri_encode(in, buf, mode);
  return r && *r == expected.size() && presign::uri_encoded_size(in, mode) == expected.size() &&
         std::string_view(buf.data(), *r) == expected;
}

constexpr bool uri_decodes_to(std::string_view in, std::string_view expected) {
  std::array<char, 64> buf{};
  const auto r = presign::uri_decode(in, buf);
  return r && std::string_view(buf.data(), *r) == expected;
}

constexpr errc uri_decode_error(std::string_view in) {
  std::array<char, 64> buf{};
  return presign::uri_decode(in, buf).error();
}

static_assert(presign::is_unreserved('A') && presign::is_unreserved('z') &&
              presign::is_unreserved('0'));
static_assert(presign::is_unreserved('-') && presign::is_unreserved('_') &&
              presign::is_unreserved('.') && presign::is_unreserved('~'));
static_assert(!presign::is_unreserved('/') && !presign::is_unreserved(' ') &&
              !presign::is_unreserved('+') && !presign::is_unreserved('%') &&
              !presign::is_unreserved('\x80'));

static_assert(uri_encodes_to("a b+c~/\xC3\xA9", uri_encode_mode::keep_slash, "a%20b%2Bc~/%C3%A9"));
static_assert(uri_encodes_to("a b+c~/\xC3\xA9", uri_encode_mode::encode_slash,
                             "a%20b%2Bc~%2F%C3%A9"));
static_assert(uri_encodes_to("/", uri_encode_mode::encode_slash, "%2F"));
static_assert(uri_encodes_to("/", uri_encode_mode::keep_slash, "/"));
static_assert(uri_encodes_to("\xE6\x97\xA5\xE6\x9C\xAC", uri_encode_mode::keep_slash,
                             "%E6%97%A5%E6%9C%AC"));
static_assert(uri_encodes_to("\xF0\x9F\x98\x80", uri_encode_mode::keep_slash,
                             "%F0%9F%98%80"));  // U+1F600
// aws-sig-v4 test suite, get-utf8: path "/ሴ" (U+1234).
static_assert(uri_encodes_to("/\xE1\x88\xB4", uri_encode_mode::keep_slash, "/%E1%88%B4"));
// SigV4 docs: the credential value's slashes are encoded in the query.
static_assert(uri_encodes_to("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
                             uri_encode_mode::encode_slash,
                             "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"));
static_assert(uri_encodes_to("", uri_encode_mode::encode_slash, ""));

constexpr bool uri_too_small_reports_size() {
  std::array<char, 4> buf{};
  const auto r = presign::uri_encode("a b", buf, uri_encode_mode::keep_slash);  // needs 5
  return !r && r.error() == errc::buffer_too_small && r.required_size() == 5;
}
static_assert(uri_too_small_reports_size());

static_assert(uri_decodes_to("a%20b%2Bc~%2f%c3%A9", "a b+c~/\xC3\xA9"));
static_assert(uri_decodes_to("a+b", "a+b"));
static_assert(uri_decode_error("%") == errc::invalid_encoding);
static_assert(uri_decode_error("%4") == errc::invalid_encoding);
static_assert(uri_decode_error("%G1") == errc::invalid_encoding);
static_assert(uri_decode_error("%1G") == errc::invalid_encoding);
static_assert(uri_decode_error(std::string_view("%41").substr(0, 2)) == errc::invalid_encoding);
static_assert(presign::uri_decoded_max_size("%41%42") == 6);

// RFC 4648 §10 test vectors.
constexpr bool base64_round_trip(std::string_view raw, std::string_view b64) {
  std::array<char, 16> enc{};
  std::array<char, 16> dec{};
  const auto e = presign::base64_encode(raw, enc);
  const auto d = presign::base64_decode(b64, dec);
  return e && d && std::string_view(enc.data(), *e) == b64 &&
         std::string_view(dec.data(), *d) == raw &&
         presign::base64_encoded_size(raw.size()) == b64.size() &&
         presign::base64_decoded_max_size(b64.size()) >= raw.size();
}
static_assert(base64_round_trip("", ""));
static_assert(base64_round_trip("f", "Zg=="));
static_assert(base64_round_trip("fo", "Zm8="));
static_assert(base64_round_trip("foo", "Zm9v"));
static_assert(base64_round_trip("foob", "Zm9vYg=="));
static_assert(base64_round_trip("fooba", "Zm9vYmE="));
static_assert(base64_round_trip("foobar", "Zm9vYmFy"));
static_assert(base64_round_trip("\xFF\xEF\xBE", "/+++"));  // both non-alphanumeric symbols

constexpr bool base64_of_bytes() {
  constexpr std::array<std::uint8_t, 3> raw{0xFB, 0xFF, 0x00};
  std::array<char, 4> enc{};
  const auto e = presign::base64_encode(std::span<const std::uint8_t>(raw), enc);
  return e && std::string_view(enc.data(), *e) == "+/8A";
}
static_assert(base64_of_bytes());

constexpr errc base64_decode_error(std::string_view in) {
  std::array<char, 16> buf{};
  return presign::base64_decode(in, buf).error();
}
static_assert(base64_decode_error("Zg=") == errc::invalid_encoding);  // length not a multiple of 4
static_assert(base64_decode_error(std::string_view("Zm9vYmFy").substr(0, 7)) ==
              errc::invalid_encoding);
static_assert(base64_decode_error("Zh==") ==
              errc::invalid_encoding);  // non-canonical trailing bits
static_assert(base64_decode_error("Zm9=") ==
              errc::invalid_encoding);  // non-canonical trailing bits
static_assert(base64_decode_error("Zg==Zg==") == errc::invalid_encoding);  // padding mid-stream
static_assert(base64_decode_error("Zm 9") == errc::invalid_encoding);
static_assert(base64_decode_error("ab-_") == errc::invalid_encoding);  // base64url alphabet

// UTF-8 (RFC 3629; Markus Kuhn's classic malformed sequences).
static_assert(presign::detail::is_valid_utf8(""));
static_assert(presign::detail::is_valid_utf8("plain/ascii key.txt"));
static_assert(
    presign::detail::is_valid_utf8("\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"));
static_assert(!presign::detail::is_valid_utf8("\xC0\x80"));
static_assert(!presign::detail::is_valid_utf8("\xE0\x80\x80"));
static_assert(!presign::detail::is_valid_utf8("\xF0\x80\x80\x80"));
static_assert(!presign::detail::is_valid_utf8("\xED\xA0\x80"));
static_assert(!presign::detail::is_valid_utf8("\xF4\x90\x80\x80"));
static_assert(!presign::detail::is_valid_utf8("\xE6\x97"));
static_assert(!presign::detail::is_valid_utf8("\x80"));
}  // namespace
