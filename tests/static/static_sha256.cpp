// SPDX-License-Identifier: MIT
// Compile-time tests for sha256.hpp: FIPS 180-4 vectors as static_asserts (a wrong answer fails
// the build). Expected values are the published ones; the "a" x n values were computed with
// Python's hashlib, independently of presign.
#include <presign/presign.hpp>

#include "support/digest_from_hex.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace {

using presign::sha256;
using presign::sha256_digest;
using presign::sha256_hash;

using presign_test::digest_from_hex;

constexpr std::string_view msg56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view msg112 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmno"
    "pqrsmnopqrstnopqrstu";
static_assert(msg56.size() == 56 && msg112.size() == 112);

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", SHA2 additional examples).
static_assert(sha256_hash("") ==
              digest_from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
static_assert(sha256_hash("abc") ==
              digest_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
static_assert(sha256_hash(msg56) ==
              digest_from_hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
static_assert(sha256_hash(msg112) ==
              digest_from_hex("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));

// Padding boundaries: "a" x n.
constexpr std::array<char, 128> a128 = [] {
  std::array<char, 128> a{};
  for (auto& c : a) c = 'a';
  return a;
}();
constexpr sha256_digest hash_of_a(std::size_t n) {
  return sha256_hash(std::string_view(a128.data(), n));
}
static_assert(hash_of_a(55) ==
              digest_from_hex("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"));
static_assert(hash_of_a(56) ==
              digest_from_hex("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"));
static_assert(hash_of_a(63) ==
              digest_from_hex("7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"));
static_assert(hash_of_a(64) ==
              digest_from_hex("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"));
static_assert(hash_of_a(65) ==
              digest_from_hex("635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"));
static_assert(hash_of_a(119) ==
              digest_from_hex("31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"));
static_assert(hash_of_a(120) ==
              digest_from_hex("2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"));
static_assert(hash_of_a(128) ==
              digest_from_hex("6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"));

// Streaming: any split gives the one-shot digest, including splits inside and across blocks.
constexpr sha256_digest streamed(std::string_view data, std::size_t piece) {
  sha256 h;
  while (!data.empty()) {
    const std::size_t n = data.size() < piece ? data.size() : piece;
    h.update(data.substr(0, n));
    data.remove_prefix(n);
  }
  return h.finish();
}
static_assert(streamed(msg112, 1) == sha256_hash(msg112));
static_assert(streamed(msg112, 7) == sha256_hash(msg112));
static_assert(streamed(msg112, 63) == sha256_hash(msg112));
static_assert(streamed(msg112, 64) == sha256_hash(msg112));
static_assert(streamed(msg112, 65) == sha256_hash(msg112));
static_assert(streamed("", 1) == sha256_hash(""));

// finish() resets, and a copy forks the state.
constexpr bool finish_resets_and_copies_fork() {
  sha256 h;
  h.update("ab");
  sha256 fork = h;
  h.update("c");
  fork.update("x");
  const bool first = h.finish() == sha256_hash("abc") && fork.finish() == sha256_hash("abx");
  h.update("abc");
  return first && h.finish() == sha256_hash("abc") && h.size() == 0;
}
static_assert(finish_resets_and_copies_fork());

// Every byte-like type hashes the same bytes the same way, without reinterpret_cast.
constexpr bool byte_types_agree() {
  constexpr std::array<std::byte, 3> bytes{std::byte{'a'}, std::byte{'b'}, std::byte{'c'}};
  constexpr std::array<unsigned char, 3> uchars{'a', 'b', 'c'};
  constexpr std::array<signed char, 3> schars{'a', 'b', 'c'};
  constexpr std::u8string_view u8 = u8"abc";
  const auto expected = sha256_hash("abc");
  sha256 h;
  h.update(u8.data(), u8.size());
  return sha256_hash(std::span<const std::byte>(bytes)) == expected &&
         sha256_hash(uchars) == expected &&
         sha256_hash(std::span<const signed char, 3>(schars)) == expected &&
         h.finish() == expected;
}
static_assert(byte_types_agree());

// A resumed midstate continues a hash without rehashing its prefix (the HMAC building block).
constexpr bool midstate_resumes() {
  sha256 prefix;
  prefix.update(msg112.substr(0, 64));
  sha256 resumed(prefix.midstate(), 64);
  resumed.update(msg112.substr(64));
  return resumed.finish() == sha256_hash(msg112);
}
static_assert(midstate_resumes());

static_assert(sha256::block_size == 64 && sha256::digest_size == 32);
static_assert(presign::byte_like<char> && presign::byte_like<std::byte> &&
              presign::byte_like<char8_t> && !presign::byte_like<int> &&
              !presign::byte_like<const char> && !presign::byte_like<bool>);
static_assert(presign::to_string(presign::sha256_implementation::x86_sha_ni) == "x86_sha_ni");

}  // namespace
