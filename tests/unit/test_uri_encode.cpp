// SPDX-License-Identifier: MIT
// uri_encode.hpp: SigV4 percent-encoding (AWS "Create a canonical request", UriEncode rules).
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

using presign::errc;
using presign::uri_encode_mode;

namespace {

// The rule, written independently of the library: RFC 3986 unreserved bytes are kept, '/' is
// kept only in keep_slash, everything else is "%XY" with uppercase hex from printf.
std::string expected_encoding(unsigned char b, uri_encode_mode mode) {
  const bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                          (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';
  if (unreserved || (b == '/' && mode == uri_encode_mode::keep_slash)) {
    return std::string(1, static_cast<char>(b));
  }
  char buf[4] = {};
  std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(b));
  return buf;
}

std::string encode(std::string_view in, uri_encode_mode mode) {
  std::string out(presign::uri_encoded_size(in, mode), '\0');
  const auto r = presign::uri_encode(in, out, mode);
  REQUIRE(r.has_value());
  REQUIRE(*r == out.size());
  return out;
}

std::string decode(std::string_view in) {
  std::string out(presign::uri_decoded_max_size(in), '\0');
  const auto r = presign::uri_decode(in, out);
  REQUIRE(r.has_value());
  out.resize(*r);
  return out;
}

errc decode_error(std::string_view in) {
  std::string out(presign::uri_decoded_max_size(in) + 8, '\0');
  return presign::uri_decode(in, out).error();
}

constexpr std::array<uri_encode_mode, 2> both_modes = {uri_encode_mode::keep_slash,
                                                       uri_encode_mode::encode_slash};

}  // namespace

TEST_CASE("uri_encode: every byte value 0..255 in both modes matches the rule") {
  for (const auto mode : both_modes) {
    std::string all;
    std::string all_expected;
    for (unsigned b = 0; b < 256; ++b) {
      const auto byte = static_cast<unsigned char>(b);
      const char c = static_cast<char>(byte);
      const std::string want = expected_encoding(byte, mode);
      CAPTURE(b);
      CHECK(encode(std::string_view(&c, 1), mode) == want);
      CHECK(presign::uri_encoded_size(std::string_view(&c, 1), mode) == want.size());
      CHECK(presign::is_unreserved(c) == (want.size() == 1 && c != '/'));
      all.push_back(c);
      all_expected += want;
    }
    // All bytes in one buffer, and through the unchecked hot path.
    CHECK(encode(all, mode) == all_expected);
    std::string raw(all_expected.size() + 1, '#');
    char* end = presign::detail::uri_encode_unchecked(all, raw.data(), mode);
    CHECK(static_cast<std::size_t>(end - raw.data()) == all_expected.size());
    CHECK(raw.substr(0, all_expected.size()) == all_expected);
    CHECK(raw.back() == '#');
  }
}

TEST_CASE("uri_encode: literal vectors") {
  CHECK(encode("a b+c~/\xC3\xA9", uri_encode_mode::keep_slash) == "a%20b%2Bc~/%C3%A9");
  CHECK(encode("a b+c~/\xC3\xA9", uri_encode_mode::encode_slash) == "a%20b%2Bc~%2F%C3%A9");
  CHECK(encode("/", uri_encode_mode::encode_slash) == "%2F");
  CHECK(encode("\xE6\x97\xA5\xE6\x9C\xAC", uri_encode_mode::keep_slash) ==
        "%E6%97%A5%E6%9C%AC");                                                         // 日本
  CHECK(encode("\xF0\x9F\x98\x80", uri_encode_mode::encode_slash) == "%F0%9F%98%80");  // U+1F600
  CHECK(encode("photos/2024 summer/a+b=c&d.jpg", uri_encode_mode::keep_slash) ==
        "photos/2024%20summer/a%2Bb%3Dc%26d.jpg");
  // S3 never normalises: '//', '.' and '..' stay as they are.
  CHECK(encode("//a/./b/../c", uri_encode_mode::keep_slash) == "//a/./b/../c");
  CHECK(encode("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
               uri_encode_mode::encode_slash) ==
        "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request");
  CHECK(encode("", uri_encode_mode::keep_slash).empty());
}

TEST_CASE("uri_encode: exact-size buffer works, one byte less writes nothing") {
  const std::string_view in = "dir/file name+\xC3\xA9.txt";
  for (const auto mode : both_modes) {
    const std::size_t need = presign::uri_encoded_size(in, mode);
    std::string buf(need + 1, '#');
    auto r = presign::uri_encode(in, std::span<char>(buf.data(), need), mode);
    REQUIRE(r.has_value());
    CHECK(*r == need);
    CHECK(buf[need] == '#');  // guard byte

    std::string small(need, '#');
    r = presign::uri_encode(in, std::span<char>(small.data(), need - 1), mode);
    CHECK_FALSE(r.has_value());
    CHECK(r.error() == errc::buffer_too_small);
    CHECK(r.required_size() == need);
    CHECK(small == std::string(need, '#'));  // nothing written at all, guard included
  }
  const auto r = presign::uri_encode("x", std::span<char>(), uri_encode_mode::keep_slash);
  CHECK(r.error() == errc::buffer_too_small);
  CHECK(r.required_size() == 1);
}

TEST_CASE("uri_decode: either hex case, '+' stays '+', errors") {
  CHECK(decode("a%20b%2Bc~%2F%c3%a9") == "a b+c~/\xC3\xA9");
  CHECK(decode("a+b") == "a+b");
  CHECK(decode("%E6%97%A5%E6%9C%AC") == "\xE6\x97\xA5\xE6\x9C\xAC");
  CHECK(decode("%00").size() == 1);
  CHECK(decode("").empty());
  for (const std::string_view bad :
       {"%", "%4", "%G1", "%1G", "abc%", "abc%2", "%%41", "% 41", "%-1"}) {
    CAPTURE(bad);
    CHECK(decode_error(bad) == errc::invalid_encoding);
  }
  // A view whose next bytes (outside the view) would complete the escape: never read past it.
  CHECK(decode_error(std::string_view("%41").substr(0, 2)) == errc::invalid_encoding);
  CHECK(decode_error(std::string_view("a%41").substr(0, 2)) == errc::invalid_encoding);
  CHECK(presign::uri_decoded_max_size("%41") == 3);
}

TEST_CASE("uri_decode: exact-size buffer works, one byte less writes nothing") {
  const std::string_view in = "a%2Fb%20c";  // decodes to "a/b c", 5 bytes
  std::string buf(6, '#');
  auto r = presign::uri_decode(in, std::span<char>(buf.data(), 5));
  REQUIRE(r.has_value());
  CHECK(buf == "a/b c#");
  std::string small(5, '#');
  r = presign::uri_decode(in, std::span<char>(small.data(), 4));
  CHECK(r.error() == errc::buffer_too_small);
  CHECK(r.required_size() == 5);
  CHECK(small == "#####");
  // A malformed input is reported as such even when the buffer is also too small.
  CHECK(presign::uri_decode("%zz", std::span<char>()).error() == errc::invalid_encoding);
}

TEST_CASE("uri_encode -> uri_decode round-trips random byte strings") {
  std::mt19937 rng(20240917u);  // fixed seed: deterministic
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const std::size_t len = rng() % 64;
    std::string raw(len, '\0');
    for (auto& c : raw) c = static_cast<char>(static_cast<unsigned char>(rng() & 0xFFu));
    for (const auto mode : both_modes) {
      const std::string enc = encode(raw, mode);
      bool only_allowed_chars = true;
      for (const char c : enc) {
        only_allowed_chars =
            only_allowed_chars && (presign::is_unreserved(c) || c == '%' ||
                                   (c == '/' && mode == uri_encode_mode::keep_slash));
      }
      CHECK(only_allowed_chars);
      CHECK(decode(enc) == raw);
    }
  }
}
