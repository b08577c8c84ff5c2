// SPDX-License-Identifier: MIT
// Compile-time tests for hmac.hpp: RFC 4231 test cases 1-7 and the SigV4 signing-key
// derivation example as static_asserts (a wrong answer fails the build).
#include <presign/presign.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace {

using presign::hmac_sha256;
using presign::hmac_sha256_digest;
using presign::sha256_digest;

// Independent of presign's hex.hpp. Compares the first hex.size() / 2 bytes (RFC 4231 case 5
// publishes only 128 bits).
constexpr bool starts_with_hex(const sha256_digest& d, std::string_view hex) {
  constexpr auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < hex.size() / 2; ++i) {
    if (d[i] != (nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]))) return false;
  }
  return true;
}

template <std::size_t N>
constexpr std::array<std::uint8_t, N> filled(std::uint8_t value) {
  std::array<std::uint8_t, N> a{};
  for (auto& b : a) b = value;
  return a;
}

// RFC 4231 §4.2-4.8.
static_assert(starts_with_hex(
    hmac_sha256(filled<20>(0x0b)).sign("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
static_assert(starts_with_hex(
    hmac_sha256_digest("Jefe", "what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
static_assert(starts_with_hex(
    hmac_sha256(filled<20>(0xaa)).sign(filled<50>(0xdd)),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"));
constexpr std::array<std::uint8_t, 25> case4_key = [] {
  std::array<std::uint8_t, 25> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i + 1);
  return k;
}();
static_assert(starts_with_hex(
    hmac_sha256(case4_key).sign(filled<50>(0xcd)),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"));
static_assert(starts_with_hex(hmac_sha256(filled<20>(0x0c)).sign("Test With Truncation"),
                              "a3b6167473100ee06e0c796c2955552b"));
static_assert(starts_with_hex(
    hmac_sha256(filled<131>(0xaa)).sign("Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
static_assert(starts_with_hex(
    hmac_sha256(filled<131>(0xaa))
        .sign("This is a test using a larger than block-size key and a larger than block-size "
              "data. The key needs to be hashed before being used by the HMAC algorithm."),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));

// AWS SigV4 documentation, "Examples of how to derive a signing key": kDate, kRegion, kService,
// kSigning, each keyed by the previous digest.
constexpr sha256_digest sigv4_signing_key() {
  const auto k_date = hmac_sha256_digest("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215");
  const auto k_region = hmac_sha256_digest(k_date, "us-east-1");
  const auto k_service = hmac_sha256_digest(k_region, "iam");
  return hmac_sha256_digest(k_service, "aws4_request");
}
static_assert(starts_with_hex(sigv4_signing_key(),
                              "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"));

// Streaming HMAC (begin / update / finish) equals sign(), and the object signs repeatedly.
constexpr bool streaming_matches_sign() {
  const hmac_sha256 mac("Jefe");
  auto inner = mac.begin();
  inner.update("what do ya ").update("want for nothing?");
  const auto streamed = mac.finish(inner);
  return streamed == mac.sign("what do ya want for nothing?") &&
         mac.sign("what do ya want for nothing?") == streamed;
}
static_assert(streaming_matches_sign());

// RFC 2104 §2: a key longer than the block is replaced by its hash.
static_assert(hmac_sha256(filled<65>(0x11)).sign("m") ==
              hmac_sha256(presign::sha256_hash(filled<65>(0x11))).sign("m"));
// Span keys and messages of other byte types.
constexpr bool span_overloads_agree() {
  constexpr std::array<std::byte, 4> key{std::byte{'J'}, std::byte{'e'}, std::byte{'f'},
                                         std::byte{'e'}};
  constexpr std::string_view msg = "what do ya want for nothing?";
  return hmac_sha256_digest(std::span<const std::byte>(key), std::span<const char>(msg)) ==
             hmac_sha256_digest("Jefe", msg) &&
         hmac_sha256_digest(std::span<const std::byte>(key), msg) ==
             hmac_sha256_digest("Jefe", msg);
}
static_assert(span_overloads_agree());

}  // namespace
