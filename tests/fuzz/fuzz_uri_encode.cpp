// SPDX-License-Identifier: MIT
// libFuzzer target: the SigV4 URI encoder and its decoder. For any bytes: encoding in both
// modes writes exactly uri_encoded_size() chars of the unreserved set, '%' and uppercase hex
// ('/' too when kept), decodes back to the input, and refuses a buffer one byte short without
// writing into it; decoding any text either fails with invalid_encoding (and then the text has
// a bad '%') or gives bytes that re-encode and decode to themselves.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

bool has_bad_percent(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    if (s.size() - i < 3) return true;
    const auto hex = [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    if (!hex(s[i + 1]) || !hex(s[i + 2])) return true;
    i += 2;
  }
  return false;
}

void check_encode(std::string_view in, presign::uri_encode_mode mode) {
  const std::size_t size = presign::uri_encoded_size(in, mode);
  FUZZ_REQUIRE(size >= in.size() && size <= 3 * in.size());
  std::vector<char> out(size + 16, '\x5A');
  const auto r = presign::uri_encode(in, {out.data(), size}, mode);
  FUZZ_REQUIRE(r.has_value() && *r == size);
  for (std::size_t i = size; i < out.size(); ++i) FUZZ_REQUIRE(out[i] == '\x5A');
  const std::string_view enc(out.data(), size);
  for (std::size_t i = 0; i < enc.size(); ++i) {
    const char c = enc[i];
    if (c == '%') {
      FUZZ_REQUIRE(i + 2 < enc.size() && is_upper_hex(enc[i + 1]) && is_upper_hex(enc[i + 2]));
      i += 2;
      continue;
    }
    const bool slash_ok = c == '/' && mode == presign::uri_encode_mode::keep_slash;
    FUZZ_REQUIRE(presign::is_unreserved(c) || slash_ok);
  }
  // Round trip.
  std::vector<char> back(in.size() + 1);
  const auto d = presign::uri_decode(enc, back);
  FUZZ_REQUIRE(d.has_value() && *d == in.size());
  FUZZ_REQUIRE(std::memcmp(back.data(), in.data(), in.size()) == 0);
  // One byte short: refused with the size needed, nothing written.
  if (size > 0) {
    std::vector<char> small(size - 1 + 8, '\x5A');
    const auto s = presign::uri_encode(in, {small.data(), size - 1}, mode);
    FUZZ_REQUIRE(s.error() == presign::errc::buffer_too_small && s.required_size() == size);
    for (char c : small) FUZZ_REQUIRE(c == '\x5A');
  }
}

void check_decode(std::string_view in) {
  std::vector<char> out(in.size() + 1);
  const auto d = presign::uri_decode(in, out);
  if (!d) {
    FUZZ_REQUIRE(d.error() == presign::errc::invalid_encoding);
    FUZZ_REQUIRE(has_bad_percent(in));
    return;
  }
  FUZZ_REQUIRE(!has_bad_percent(in));
  std::size_t percents = 0;
  for (char c : in) percents += c == '%' ? 1 : 0;
  FUZZ_REQUIRE(*d == in.size() - 2 * percents && *d <= presign::uri_decoded_max_size(in));
  const std::string_view decoded(out.data(), *d);
  // Decoding is a function of the bytes: re-encoding and decoding again gives the same bytes.
  check_encode(decoded, presign::uri_encode_mode::encode_slash);
  // A buffer one byte short.
  if (*d > 0) {
    std::vector<char> small(*d - 1 + 8, '\x5A');
    const auto s = presign::uri_decode(in, {small.data(), *d - 1});
    FUZZ_REQUIRE(s.error() == presign::errc::buffer_too_small && s.required_size() == *d);
    for (char c : small) FUZZ_REQUIRE(c == '\x5A');
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check_encode(in, presign::uri_encode_mode::encode_slash);
  check_encode(in, presign::uri_encode_mode::keep_slash);
  check_decode(in);
  return 0;
}
