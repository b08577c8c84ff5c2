// SPDX-License-Identifier: MIT
// Tests for hex.hpp: every byte, round trips, both cases, errors, and that a buffer one byte
// too small is never written past (nor written at all).
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using presign::errc;

// Compile-time checks live here too (hex.hpp has no static_ test file of its own).
constexpr bool constexpr_round_trip() {
  constexpr std::array<std::uint8_t, 4> bytes{0x00, 0x9f, 0xa0, 0xff};
  const auto text = presign::to_hex(bytes);
  if (std::string_view(text.data(), text.size()) != "009fa0ff") return false;
  std::array<std::uint8_t, 4> back{};
  const auto r = presign::hex_decode("009FA0ff", back);
  return r.has_value() && *r == 4 && back == bytes;
}
static_assert(constexpr_round_trip());
static_assert(presign::hex_decode("abc", std::span<std::uint8_t>{}).error() ==
              errc::invalid_encoding);

}  // namespace

TEST_CASE("hex: every byte value encodes as printf's %02x and decodes back, either case") {
  std::vector<std::uint8_t> all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  std::string expected;
  for (std::size_t i = 0; i < all.size(); ++i) {
    char two[9];  // room for any unsigned: GCC's -Wformat-truncation cannot see i < 256 on 32-bit ARM
    std::snprintf(two, sizeof two, "%02x", static_cast<unsigned>(i));
    expected += two;
  }
  std::string out(512, '?');
  const auto written = presign::hex_encode(all, out);
  REQUIRE(written.has_value());
  CHECK(*written == 512);
  CHECK(out == expected);

  std::vector<std::uint8_t> back(256);
  const auto lower = presign::hex_decode(out, back);
  REQUIRE(lower.has_value());
  CHECK(*lower == 256);
  CHECK(back == all);

  std::string upper = expected;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  }
  std::vector<std::uint8_t> back_upper(256);
  REQUIRE(presign::hex_decode(upper, back_upper).has_value());
  CHECK(back_upper == all);
}

TEST_CASE("hex: to_hex of a digest and the unchecked hot path") {
  const auto digest = presign::sha256_hash("abc");
  const auto text = presign::to_hex(digest);
  CHECK(std::string_view(text.data(), text.size()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  char buf[64];
  char* end = presign::detail::hex_encode_unchecked(digest.data(), digest.size(), buf);
  CHECK(end == buf + 64);
  CHECK(std::string_view(buf, 64) == std::string_view(text.data(), 64));
  CHECK(presign::to_hex(std::array<std::uint8_t, 0>{}).empty());
}

TEST_CASE("hex: empty input") {
  std::array<char, 1> out{'x'};
  const auto e = presign::hex_encode({}, out);
  REQUIRE(e.has_value());
  CHECK(*e == 0);
  CHECK(out[0] == 'x');
  const auto d = presign::hex_decode("", std::span<std::uint8_t>{});
  REQUIRE(d.has_value());
  CHECK(*d == 0);
}

TEST_CASE("hex: decode errors are invalid_encoding and write nothing") {
  std::array<std::uint8_t, 8> out{};
  out.fill(0x77);
  for (std::string_view bad : {"a", "abc", "0g", "g0", "12 4", " 1", "1\n", "xx", "0x12"}) {
    INFO("input \"" << std::string(bad) << "\"");
    const auto r = presign::hex_decode(bad, out);
    CHECK_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_encoding);
  }
  const char with_nul[] = {'1', '\0'};
  CHECK(presign::hex_decode(std::string_view(with_nul, 2), out).error() == errc::invalid_encoding);
  const char high[] = {'1', static_cast<char>(0xc3)};
  CHECK(presign::hex_decode(std::string_view(high, 2), out).error() == errc::invalid_encoding);
  for (auto b : out) CHECK(b == 0x77);
}

TEST_CASE("hex: a buffer one byte too small is refused with the required size, untouched") {
  const std::array<std::uint8_t, 5> in{1, 2, 3, 4, 5};
  // Encode: 10 chars needed, 9 offered inside a larger guarded array.
  std::array<char, 12> guarded;
  guarded.fill('#');
  const auto e = presign::hex_encode(in, std::span<char>(guarded.data() + 1, 9));
  CHECK_FALSE(e.has_value());
  CHECK(e.error() == errc::buffer_too_small);
  CHECK(e.required_size() == 10);
  for (char c : guarded) CHECK(c == '#');
  // Exactly big enough works and stays inside.
  const auto ok = presign::hex_encode(in, std::span<char>(guarded.data() + 1, 10));
  REQUIRE(ok.has_value());
  CHECK(std::string_view(guarded.data(), 12) == "#0102030405#");

  // Decode: 5 bytes needed, 4 offered.
  std::array<std::uint8_t, 7> bytes;
  bytes.fill(0xee);
  const auto d = presign::hex_decode("0102030405", std::span<std::uint8_t>(bytes.data() + 1, 4));
  CHECK_FALSE(d.has_value());
  CHECK(d.error() == errc::buffer_too_small);
  CHECK(d.required_size() == 5);
  for (auto b : bytes) CHECK(b == 0xee);
  const auto d_ok = presign::hex_decode("0102030405", std::span<std::uint8_t>(bytes.data() + 1, 5));
  REQUIRE(d_ok.has_value());
  CHECK(bytes == std::array<std::uint8_t, 7>{0xee, 1, 2, 3, 4, 5, 0xee});
}
