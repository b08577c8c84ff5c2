// SPDX-License-Identifier: MIT
// libFuzzer target: hex and base64. For any bytes: encodings round-trip, have the documented
// size and alphabet, and refuse a buffer one byte short without writing. For any text: the
// strict decoders accept exactly the canonical encodings (a decoded text re-encodes to itself,
// modulo hex case), and say invalid_encoding before writing anything otherwise.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

constexpr char guard = '\x5A';

bool all_guard(const std::vector<char>& v, std::size_t from = 0) {
  for (std::size_t i = from; i < v.size(); ++i) {
    if (v[i] != guard) return false;
  }
  return true;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void check_hex(std::string_view in) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(in.data());
  const std::span<const std::uint8_t> span(bytes, in.size());
  std::vector<char> out(2 * in.size() + 8, guard);
  const auto r = presign::hex_encode(span, {out.data(), 2 * in.size()});
  FUZZ_REQUIRE(r.has_value() && *r == 2 * in.size() && all_guard(out, *r));
  for (std::size_t i = 0; i < *r; ++i) {
    const char c = out[i];
    FUZZ_REQUIRE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  std::vector<std::uint8_t> back(in.size() + 1);
  const auto d = presign::hex_decode({out.data(), *r}, back);
  FUZZ_REQUIRE(d.has_value() && *d == in.size() && std::memcmp(back.data(), bytes, in.size()) == 0);
  if (!in.empty()) {
    std::vector<char> small(2 * in.size() - 1 + 8, guard);
    const auto s = presign::hex_encode(span, {small.data(), 2 * in.size() - 1});
    FUZZ_REQUIRE(s.error() == presign::errc::buffer_too_small && s.required_size() == 2 * in.size());
    FUZZ_REQUIRE(all_guard(small));
  }

  // The input as hex text.
  std::vector<std::uint8_t> decoded(in.size() / 2 + 1, 0xA5);
  const auto t = presign::hex_decode(in, decoded);
  bool valid = in.size() % 2 == 0;
  for (char c : in) {
    valid = valid && ((c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'f'));
  }
  if (!t) {
    FUZZ_REQUIRE(t.error() == presign::errc::invalid_encoding && !valid);
    for (std::uint8_t b : decoded) FUZZ_REQUIRE(b == 0xA5);
    return;
  }
  FUZZ_REQUIRE(valid && *t == in.size() / 2);
  std::vector<char> again(in.size());
  const auto e = presign::hex_encode({decoded.data(), *t}, again);
  FUZZ_REQUIRE(e.has_value() && *e == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) FUZZ_REQUIRE(again[i] == lower(in[i]));
}

void check_base64(std::string_view in) {
  const std::size_t size = presign::base64_encoded_size(in.size());
  FUZZ_REQUIRE(size % 4 == 0 && size >= in.size() && size <= in.size() / 3 * 4 + 4);
  std::vector<char> out(size + 8, guard);
  const auto r = presign::base64_encode(in, {out.data(), size});
  FUZZ_REQUIRE(r.has_value() && *r == size && all_guard(out, size));
  for (std::size_t i = 0; i < size; ++i) {
    const char c = out[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       (c >= '0' && c <= '9') || c == '+' || c == '/';
    FUZZ_REQUIRE(alpha || (c == '=' && i + 2 >= size));
  }
  const std::string_view enc(out.data(), size);
  std::vector<char> back(presign::base64_decoded_max_size(size) + 1);
  const auto d = presign::base64_decode(enc, back);
  FUZZ_REQUIRE(d.has_value() && *d == in.size() && std::memcmp(back.data(), in.data(), in.size()) == 0);
  if (size > 0) {
    std::vector<char> small(size - 1 + 8, guard);
    const auto s = presign::base64_encode(in, {small.data(), size - 1});
    FUZZ_REQUIRE(s.error() == presign::errc::buffer_too_small && s.required_size() == size);
    FUZZ_REQUIRE(all_guard(small));
    std::vector<char> dsmall(in.size() - 1 + 8, guard);
    const auto ds = presign::base64_decode(enc, {dsmall.data(), in.size() - 1});
    if (!in.empty()) {
      FUZZ_REQUIRE(ds.error() == presign::errc::buffer_too_small && ds.required_size() == in.size());
      FUZZ_REQUIRE(all_guard(dsmall));
    }
  }

  // The input as base64 text: strict decoding accepts only canonical encodings.
  std::vector<char> decoded(presign::base64_decoded_max_size(in.size()) + 8, guard);
  const auto t = presign::base64_decode(in, decoded);
  if (!t) {
    FUZZ_REQUIRE(t.error() == presign::errc::invalid_encoding);
    FUZZ_REQUIRE(all_guard(decoded));
    return;
  }
  FUZZ_REQUIRE(*t <= presign::base64_decoded_max_size(in.size()));
  std::vector<char> again(presign::base64_encoded_size(*t));
  const auto e = presign::base64_encode(std::string_view(decoded.data(), *t), again);
  FUZZ_REQUIRE(e.has_value() && std::string_view(again.data(), *e) == in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check_hex(in);
  check_base64(in);
  return 0;
}
