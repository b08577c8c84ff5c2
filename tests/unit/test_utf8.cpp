// SPDX-License-Identifier: MIT
// detail/utf8.hpp: strict UTF-8 validation (RFC 3629 §4; Unicode Table 3-7).
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

using presign::detail::is_valid_utf8;

namespace {

// Independent encoder: the RFC 3629 §3 bit layout for one code point, into a fixed buffer
// (no allocation: the exhaustive test below calls it 1.1 million times).
struct utf8_buf {
  std::array<char, 4> bytes{};
  std::size_t size = 0;
  void put(std::uint32_t v) { bytes[size++] = static_cast<char>(static_cast<unsigned char>(v)); }
  std::string_view view() const { return {bytes.data(), size}; }
};

utf8_buf utf8_of(std::uint32_t cp) {
  utf8_buf s;
  if (cp < 0x80) {
    s.put(cp);
  } else if (cp < 0x800) {
    s.put(0xC0 | (cp >> 6));
    s.put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s.put(0xE0 | (cp >> 12));
    s.put(0x80 | ((cp >> 6) & 0x3F));
    s.put(0x80 | (cp & 0x3F));
  } else {
    s.put(0xF0 | (cp >> 18));
    s.put(0x80 | ((cp >> 12) & 0x3F));
    s.put(0x80 | ((cp >> 6) & 0x3F));
    s.put(0x80 | (cp & 0x3F));
  }
  return s;
}

}  // namespace

TEST_CASE("utf8: valid text") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("photos/2024/summer.jpg"));
  CHECK(is_valid_utf8(std::string_view("\0", 1)));   // U+0000 is a valid code point
  CHECK(is_valid_utf8("\xC3\xA9"));                  // U+00E9 é
  CHECK(is_valid_utf8("\xE6\x97\xA5\xE6\x9C\xAC"));  // 日本
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));          // U+1F600
  CHECK(is_valid_utf8("\xC2\x80"));                  // U+0080, smallest 2-byte
  CHECK(is_valid_utf8("\xDF\xBF"));                  // U+07FF
  CHECK(is_valid_utf8("\xE0\xA0\x80"));              // U+0800, smallest 3-byte
  CHECK(is_valid_utf8("\xED\x9F\xBF"));              // U+D7FF, just below surrogates
  CHECK(is_valid_utf8("\xEE\x80\x80"));              // U+E000, just above surrogates
  CHECK(is_valid_utf8("\xEF\xBF\xBF"));              // U+FFFF
  CHECK(is_valid_utf8("\xF0\x90\x80\x80"));          // U+10000, smallest 4-byte
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF, the last code point
  CHECK(is_valid_utf8("a\xC3\xA9z/\xE1\x88\xB4"));
}

TEST_CASE("utf8: classic malformed sequences are rejected") {
  for (const std::string_view bad : {
           "\xC0\x80",                  // overlong NUL
           "\xC1\xBF",                  // overlong U+007F
           "\xE0\x80\x80",              // overlong 3-byte
           "\xE0\x9F\xBF",              // overlong U+07FF
           "\xF0\x80\x80\x80",          // overlong 4-byte
           "\xF0\x8F\xBF\xBF",          // overlong U+FFFF
           "\xED\xA0\x80",              // U+D800 high surrogate
           "\xED\xBF\xBF",              // U+DFFF low surrogate
           "\xED\xA0\xBD\xED\xB8\x80",  // CESU-8 surrogate pair
           "\xF4\x90\x80\x80",          // U+110000
           "\xF5\x80\x80\x80",          // lead byte never used
           "\xF8\x88\x80\x80\x80",      // 5-byte form (RFC 2279, withdrawn)
           "\xFE",
           "\xFF",
           "\x80",                  // lone continuation
           "a\xBFz",                // lone continuation inside text
           "\xC3",                  // truncated 2-byte
           "\xE6\x97",              // truncated 3-byte
           "\xF0\x9F\x98",          // truncated 4-byte
           "\xC3\x41",              // continuation replaced by ASCII
           "\xE6\x97\xC3\xA9",      // continuation replaced by a lead byte
           "\xF0\x9F\x98\x80\x80",  // extra continuation
           "ok\xC3",                // truncated at the very end
       }) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_utf8(bad));
  }
}

TEST_CASE("utf8: every code point encodes to valid UTF-8 except the surrogates") {
  std::uint32_t wrong = 0;
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (is_valid_utf8(utf8_of(cp).view()) == surrogate) ++wrong;
  }
  CHECK(wrong == 0);
}

TEST_CASE("utf8: every two-byte prefix agrees with the Unicode Table 3-7 ranges") {
  // For each lead byte and second byte, completing the sequence with 80 bytes must be valid
  // exactly when the pair is in the table's ranges.
  auto second_range = [](unsigned lead, unsigned& lo, unsigned& hi) -> unsigned {
    lo = 0x80;
    hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead == 0xE0) {
      lo = 0xA0;
      return 3;
    }
    if (lead >= 0xE1 && lead <= 0xEC) return 3;
    if (lead == 0xED) {
      hi = 0x9F;
      return 3;
    }
    if (lead == 0xEE || lead == 0xEF) return 3;
    if (lead == 0xF0) {
      lo = 0x90;
      return 4;
    }
    if (lead >= 0xF1 && lead <= 0xF3) return 4;
    if (lead == 0xF4) {
      hi = 0x8F;
      return 4;
    }
    return 0;
  };
  int wrong = 0;
  for (unsigned lead = 0x80; lead <= 0xFF; ++lead) {
    for (unsigned second = 0; second <= 0xFF; ++second) {
      unsigned lo = 0;
      unsigned hi = 0;
      const unsigned len = second_range(lead, lo, hi);
      std::string s = {static_cast<char>(lead), static_cast<char>(second)};
      while (s.size() < (len == 0 ? 2u : len)) s.push_back('\x80');
      const bool expected = len != 0 && second >= lo && second <= hi;
      if (is_valid_utf8(s) != expected) ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("utf8: the 8-bytes-at-a-time ASCII run agrees with the byte loop at every offset") {
  // Run time skips ASCII 8 bytes at a time; a sequence (valid or not) may start at any offset
  // of such a word, or in the tail after the last whole word. Each position is checked against
  // constant evaluation's byte-at-a-time answer for the same text.
  constexpr std::array<std::string_view, 5> inserts = {"\xC3\xA9", "\xE2\x82\xAC",
                                                       "\xF0\x9F\x98\x80", "\xC3", "\xED\xA0\x80"};
  constexpr std::array<bool, 5> valid = {true, true, true, false, false};
  static_assert(is_valid_utf8("abcdefghijklmnop\xC3\xA9xyz") &&
                !is_valid_utf8("abcdefghijklmnop\xC3xyz"));
  int wrong = 0;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (std::size_t k = 0; k < inserts.size(); ++k) {
        std::string s(length, 'a');
        s.insert(at, inserts[k]);
        if (is_valid_utf8(s) != valid[k]) ++wrong;
      }
      if (!is_valid_utf8(std::string(length, 'z'))) ++wrong;
    }
  }
  CHECK(wrong == 0);
}
