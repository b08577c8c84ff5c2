// SPDX-License-Identifier: MIT
// Issue 17, item 6: after the credentials rotate, the presigner's signing-key cache must not
// keep the old secret's kSigning (a key good for a whole day) in any slot. The test finds the
// old key by its bytes in the presigner object, the way an attacker reading a core dump would.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

namespace {

constexpr std::int64_t t0 = 1700000000;  // 2023-11-14

// A source whose secret the test changes, as a rotation does.
struct rotating_source {
  const std::string* secret;
  [[nodiscard]] presign::result<presign::owned_credentials> get() const {
    return presign::owned_credentials("AKIDROTATING", *secret);
  }
};

// The cache stores kSigning's inner-pad midstate two 32-bit words to a 64-bit value.
std::uint64_t first_packed_word(std::string_view secret) {
  const auto m = presign::derive_signing_key(secret, "20231114", "us-east-1", "s3").midstates();
  return (std::uint64_t{m[0]} << 32) | m[1];
}

template <class T>
bool object_holds(const T& object, std::uint64_t word) {
  std::array<unsigned char, sizeof(T)> bytes{};
  std::memcpy(bytes.data(), static_cast<const void*>(&object), sizeof(T));
  for (std::size_t i = 0; i + 8 <= bytes.size(); ++i)
    if (std::memcmp(bytes.data() + i, &word, 8) == 0) return true;
  return false;
}

std::size_t slot_of(std::string_view secret) {
  presign::detail::fingerprint_builder fb;
  fb.add(secret);
  fb.add("20231114");
  fb.add("us-east-1");
  return static_cast<std::size_t>(fb.finish().a % presign::detail::signing_key_cache::slots);
}

}  // namespace

TEST_CASE("credential rotation evicts the old secret's signing key from the presigner cache") {
  const std::string old_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYOLDSECRET";
  // A new secret whose key lands in another slot (same slot: the store overwrites it anyway).
  std::string new_secret;
  for (char c = 'A'; c <= 'Z' && new_secret.empty(); ++c) {
    std::string candidate = old_secret;
    candidate.back() = c;
    if (slot_of(candidate) != slot_of(old_secret)) new_secret = candidate;
  }
  REQUIRE(!new_secret.empty());

  std::string current = old_secret;
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(rotating_source{&current}, presign::fixed_clock{t0}, o);
  presign::presign_request r;
  r.bucket = "examplebucket";
  r.key = "k";
  std::array<char, 2048> buf{};

  REQUIRE(p.presign(r, buf).has_value());
  // The cache is where the key should be after the first presign (the scan can find it).
  CHECK(object_holds(p, first_packed_word(old_secret)));

  current = new_secret;
  REQUIRE(p.presign(r, buf).has_value());
  CHECK(object_holds(p, first_packed_word(new_secret)));
  CHECK_FALSE(object_holds(p, first_packed_word(old_secret)));
}
