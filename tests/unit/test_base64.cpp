// SPDX-License-Identifier: MIT
// base64.hpp: RFC 4648 base64, standard alphabet, strict decoding.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

using presign::errc;

namespace {

std::string encode(std::string_view in) {
  std::string out(presign::base64_encoded_size(in.size()), '\0');
  const auto r = presign::base64_encode(in, out);
  REQUIRE(r.has_value());
  REQUIRE(*r == out.size());
  return out;
}

std::string decode(std::string_view in) {
  std::string out(presign::base64_decoded_max_size(in.size()), '\0');
  const auto r = presign::base64_decode(in, out);
  REQUIRE(r.has_value());
  out.resize(*r);
  return out;
}

errc decode_error(std::string_view in) {
  std::string out(presign::base64_decoded_max_size(in.size()) + 8, '\0');
  return presign::base64_decode(in, out).error();
}

std::string read_file(const char* name) {
  std::ifstream f(std::string(PRESIGN_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(f.good());
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

TEST_CASE("base64: RFC 4648 section 10 test vectors") {
  const std::array<std::array<std::string_view, 2>, 7> vectors = {{
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  }};
  for (const auto& v : vectors) {
    const std::string_view raw = v[0];
    const std::string_view b64 = v[1];
    CAPTURE(raw);
    CHECK(encode(raw) == b64);
    CHECK(decode(b64) == raw);
    CHECK(presign::base64_encoded_size(raw.size()) == b64.size());
    CHECK(presign::base64_decoded_max_size(b64.size()) >= raw.size());
  }
}

TEST_CASE("base64: byte-span overloads") {
  const std::vector<std::uint8_t> bytes = {0xFB, 0xFF, 0xBF, 0x00};
  std::array<char, 8> out{};
  auto r = presign::base64_encode(bytes, out);  // container -> span<const uint8_t>
  REQUIRE(r.has_value());
  CHECK(std::string_view(out.data(), *r) == "+/+/AA==");

  const std::array<std::byte, 2> raw = {std::byte{0x66}, std::byte{0x6F}};
  r = presign::base64_encode(std::span<const std::byte>(raw), out);
  REQUIRE(r.has_value());
  CHECK(std::string_view(out.data(), *r) == "Zm8=");

  const std::array<unsigned char, 3> fixed = {'f', 'o', 'o'};
  r = presign::base64_encode(std::span<const unsigned char, 3>(fixed), out);
  REQUIRE(r.has_value());
  CHECK(std::string_view(out.data(), *r) == "Zm9v");
}

TEST_CASE(
    "base64: the S3 POST example policy (AWS documentation) encodes to its published base64") {
  const std::string json = read_file("s3_post_example.policy.json");
  const std::string b64 = read_file("s3_post_example.policy.b64");
  // The data must be byte-exact: 648 bytes with CRLF line ends and no final newline.
  REQUIRE(json.size() == 648);
  REQUIRE(b64.size() == 864);
  CHECK(json.find("\r\n") != std::string::npos);
  CHECK(json.back() == '}');
  CHECK(encode(json) == b64);
  CHECK(decode(b64) == json);
}

TEST_CASE("base64: exact-size buffers work, one byte less writes nothing") {
  const std::string_view raw = "fooba";  // "Zm9vYmE="
  std::string buf(9, '#');
  auto r = presign::base64_encode(raw, std::span<char>(buf.data(), 8));
  REQUIRE(r.has_value());
  CHECK(buf == "Zm9vYmE=#");
  std::string small(8, '#');
  r = presign::base64_encode(raw, std::span<char>(small.data(), 7));
  CHECK(r.error() == errc::buffer_too_small);
  CHECK(r.required_size() == 8);
  CHECK(small == "########");

  std::string dec(6, '#');
  r = presign::base64_decode("Zm9vYmE=", std::span<char>(dec.data(), 5));
  REQUIRE(r.has_value());
  CHECK(dec == "fooba#");
  std::string dsmall(5, '#');
  r = presign::base64_decode("Zm9vYmE=", std::span<char>(dsmall.data(), 4));
  CHECK(r.error() == errc::buffer_too_small);
  CHECK(r.required_size() == 5);
  CHECK(dsmall == "#####");
  CHECK(presign::base64_decode("Zm9vYmE", std::span<char>()).error() == errc::invalid_encoding);
}

TEST_CASE("base64: strict decoding rejects everything non-canonical") {
  for (const std::string_view bad :
       {"Z", "Zg", "Zg=", "Zm9vY", "Zg==Zg==", "Zg==Zm9v", "=Zm9", "Z===", "====", "Zm=v",
        "Zh==", "Zm9=", "Zm9v\n", "Zm9v\r\n", " Zm9v", "Zm 9v", "ab-_", "Zm9v\x80\x80\x80\x80",
        "Zm9v===="}) {
    CAPTURE(bad);
    CHECK(decode_error(bad) == errc::invalid_encoding);
  }
  CHECK(decode_error(std::string_view("Zg=\0", 4)) == errc::invalid_encoding);  // embedded NUL
  // A view whose next byte (outside the view) would complete the quantum: never read past it.
  CHECK(decode_error(std::string_view("Zm9vYmFy").substr(0, 7)) == errc::invalid_encoding);
  CHECK(decode_error(std::string_view("Zm9v").substr(0, 1)) == errc::invalid_encoding);
  // "xx==" / "xxx=" are accepted only with the unused low bits zero (RFC 4648 §3.5).
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    for (std::size_t j = 0; j < alphabet.size(); ++j) {
      const std::string two = {alphabet[i], alphabet[j], '=', '='};
      const std::string three = {'A', alphabet[i], alphabet[j], '='};
      CAPTURE(two);
      CHECK(decode_error(two) == ((j & 0x0Fu) == 0 ? errc::ok : errc::invalid_encoding));
      CHECK(decode_error(three) == ((j & 0x03u) == 0 ? errc::ok : errc::invalid_encoding));
    }
  }
}

TEST_CASE("base64: every byte value, and random byte strings, round-trip") {
  for (unsigned b = 0; b < 256; ++b) {
    const std::string one(1, static_cast<char>(static_cast<unsigned char>(b)));
    const std::string enc = encode(one);
    CAPTURE(b);
    CHECK(enc.size() == 4);
    // Independent: the first char carries the top 6 bits, the second the low 2 bits << 4.
    CHECK(enc[0] == alphabet[b >> 2]);
    CHECK(enc[1] == alphabet[(b & 3u) << 4]);
    CHECK(enc.substr(2) == "==");
    CHECK(decode(enc) == one);
  }
  std::mt19937 rng(4648u);  // fixed seed: deterministic
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::string raw(rng() % 100, '\0');
    for (auto& c : raw) c = static_cast<char>(static_cast<unsigned char>(rng() & 0xFFu));
    const std::string enc = encode(raw);
    CHECK(enc.size() % 4 == 0);
    CHECK(decode(enc) == raw);
  }
}
