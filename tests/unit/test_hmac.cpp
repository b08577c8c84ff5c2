// SPDX-License-Identifier: MIT
// Run-time tests for hmac.hpp and detail::secure_wipe, on the hardware back end (where the
// CPU has one) AND on the portable one: RFC 4231 test cases 1-7 and the SigV4 signing-key
// example from the AWS documentation.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using presign::hmac_sha256;
using presign::hmac_sha256_digest;
using presign::sha256_digest;

std::string hex(const sha256_digest& d, std::size_t bytes = 32) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < bytes; ++i) {
    s += digits[d[i] >> 4];
    s += digits[d[i] & 15];
  }
  return s;
}

template <class F>
void on_each_backend(F check) {
  presign::sha256_force_portable(false);
  if (presign::sha256_hardware_available()) {
    INFO("back end: " << presign::to_string(presign::sha256_active_implementation()));
    check();
  } else {
    MESSAGE("no SHA-256 hardware back end on this CPU/build: testing the portable path only");
  }
  presign::sha256_force_portable(true);
  {
    INFO("back end: portable");
    check();
  }
  presign::sha256_force_portable(false);
}

std::vector<std::uint8_t> repeated(std::size_t n, std::uint8_t value) {
  return std::vector<std::uint8_t>(n, value);
}

struct rfc4231_case {
  std::vector<std::uint8_t> key;
  std::vector<std::uint8_t> data;
  std::string_view mac;  // hex; case 5 is truncated to 128 bits
};

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<rfc4231_case> rfc4231_cases() {
  std::vector<std::uint8_t> key4;
  for (std::uint8_t i = 1; i <= 25; ++i) key4.push_back(i);
  return {
      {repeated(20, 0x0b), bytes_of("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {bytes_of("Jefe"), bytes_of("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {repeated(20, 0xaa), repeated(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {key4, repeated(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {repeated(20, 0x0c), bytes_of("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"},
      {repeated(131, 0xaa), bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {repeated(131, 0xaa),
       bytes_of("This is a test using a larger than block-size key and a larger than block-size "
                "data. The key needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

}  // namespace

TEST_CASE("hmac_sha256: RFC 4231 test cases 1-7 on every back end, every entry point") {
  const auto cases = rfc4231_cases();
  on_each_backend([&] {
    int number = 0;
    for (const auto& c : cases) {
      INFO("RFC 4231 test case " << ++number);
      const std::size_t bytes = c.mac.size() / 2;
      const std::span<const std::uint8_t> key(c.key);
      const std::span<const std::uint8_t> data(c.data);
      const hmac_sha256 mac(key);
      CHECK(hex(mac.sign(data), bytes) == c.mac);
      CHECK(hex(hmac_sha256_digest(key, data), bytes) == c.mac);
      const std::string_view key_text(reinterpret_cast<const char*>(c.key.data()), c.key.size());
      const std::string_view data_text(reinterpret_cast<const char*>(c.data.data()),
                                       c.data.size());
      CHECK(hex(hmac_sha256_digest(key_text, data_text), bytes) == c.mac);
      CHECK(hex(hmac_sha256(key_text).sign(data_text), bytes) == c.mac);
      // Streaming, a byte at a time.
      auto inner = mac.begin();
      for (std::uint8_t b : c.data) inner.update(&b, 1);
      CHECK(hex(mac.finish(inner), bytes) == c.mac);
      // The keyed state is reusable: a second sign gives the same MAC.
      CHECK(hex(mac.sign(data), bytes) == c.mac);
    }
  });
}

TEST_CASE("hmac_sha256: SigV4 signing-key derivation (AWS documentation example)") {
  on_each_backend([] {
    const auto k_date =
        hmac_sha256_digest("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215");
    const auto k_region = hmac_sha256_digest(k_date, "us-east-1");
    const auto k_service = hmac_sha256_digest(k_region, "iam");
    const auto k_signing = hmac_sha256_digest(k_service, "aws4_request");
    CHECK(hex(k_signing) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    // The same through keyed objects, as the presigner caches them.
    const hmac_sha256 service_key(k_service);
    CHECK(service_key.sign("aws4_request") == k_signing);
  });
}

TEST_CASE("hmac_sha256: streaming with random splits equals sign(); keys of every length") {
  std::mt19937 rng(4231u);
  std::vector<std::uint8_t> data(600);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  on_each_backend([&] {
    for (std::size_t key_size : {0u, 1u, 32u, 63u, 64u, 65u, 128u, 200u}) {
      INFO("key size " << key_size);
      const hmac_sha256 mac(std::span<const std::uint8_t>(data.data(), key_size));
      if (key_size > 64) {
        // RFC 2104 §2: a key longer than the block is replaced by its hash.
        const auto hashed = presign::sha256_hash(std::span<const std::uint8_t>(data.data(), key_size));
        CHECK(hmac_sha256(hashed).sign("m") == mac.sign("m"));
      }
      for (std::size_t n : {0u, 1u, 55u, 56u, 64u, 119u, 120u, 500u}) {
        const std::span<const std::uint8_t> message(data.data() + 50, n);
        const sha256_digest expected = mac.sign(message);
        auto inner = mac.begin();
        std::size_t pos = 0;
        while (pos < n) {
          const std::size_t piece = std::min<std::size_t>(n - pos, rng() % 80);
          inner.update(message.subspan(pos, piece));
          pos += piece;
        }
        CHECK(mac.finish(inner) == expected);
      }
    }
  });
}

TEST_CASE("hmac_sha256: midstates round-trip through from_midstates") {
  const hmac_sha256 mac("key");
  auto m = mac.midstates();
  const hmac_sha256 restored = hmac_sha256::from_midstates(m);
  CHECK(restored.sign("message") == mac.sign("message"));
  presign::detail::secure_wipe(m);
}

TEST_CASE("secure_wipe zeroes at run time; hmac_sha256's destructor wipes its midstates") {
  std::array<std::uint32_t, 8> words{1, 2, 3, 4, 5, 6, 7, 0xffffffffu};
  presign::detail::secure_wipe(words);
  for (auto w : words) CHECK(w == 0);

  std::uint8_t raw[37];
  for (auto& b : raw) b = 0xa5;
  presign::detail::secure_wipe(raw);
  for (auto b : raw) CHECK(b == 0);

  // Construct in our own storage, destroy, then look at the storage: the midstates of a
  // non-empty key are never all zero, and after the destructor every byte must be.
  alignas(hmac_sha256) unsigned char storage[sizeof(hmac_sha256)];
  auto* mac = new (storage) hmac_sha256("a key that must not linger");
  std::size_t nonzero = 0;
  for (unsigned char b : storage) nonzero += (b != 0);
  CHECK(nonzero > 0);
  mac->~hmac_sha256();
  // Read the dead object's bytes through volatile: to the compiler they are no object's any
  // more (g++ 12 -O3 warns maybe-uninitialized on a plain read), and the reads must happen.
  const volatile unsigned char* const bytes = storage;
  std::size_t left = 0;
  for (std::size_t i = 0; i < sizeof(storage); ++i) left += (bytes[i] != 0);
  CHECK(left == 0);
}
