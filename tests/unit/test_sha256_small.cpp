// SPDX-License-Identifier: MIT
// The size build's SHA-256 compression (detail::sha256_compress_small, what PRESIGN_SMALL_CODE
// and -Os select) tested in every build, against the FIPS 180-4 examples (at compile time) and
// against the unrolled compression and sha256_hash over many lengths and block counts (at run
// time). The padding here is written out independently of presign's (FIPS 180-4 §5.1.1).
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include "support/digest_from_hex.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using presign::sha256_digest;
using presign::detail::sha256_state;

using presign_test::digest_from_hex;

constexpr sha256_digest digest_of(const sha256_state& s) {
  sha256_digest out{};
  for (std::size_t i = 0; i < 32; ++i) {
    out[i] = static_cast<std::uint8_t>(s[i / 4] >> (24 - 8 * (i % 4)));
  }
  return out;
}

// Pads `msg` (FIPS 180-4 §5.1.1: 0x80, zeros, the 64-bit big-endian bit length) into `blocks`
// and returns the number of 64-byte blocks. `blocks` has room for msg.size() + 72 bytes.
constexpr std::size_t pad_into(std::string_view msg, unsigned char* blocks) {
  const std::size_t total = (msg.size() + 8) / 64 * 64 + 64;
  for (std::size_t i = 0; i < total; ++i) blocks[i] = 0;
  for (std::size_t i = 0; i < msg.size(); ++i) blocks[i] = static_cast<unsigned char>(msg[i]);
  blocks[msg.size()] = 0x80;
  const std::uint64_t bits = std::uint64_t{msg.size()} * 8u;
  for (std::size_t i = 0; i < 8; ++i) {
    blocks[total - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  }
  return total / 64;
}

// SHA-256 of a message of at most 184 bytes with the small compression, all blocks in one call.
constexpr sha256_digest small_digest(std::string_view msg) {
  std::array<unsigned char, 256> blocks{};
  const std::size_t n = pad_into(msg, blocks.data());
  sha256_state state = presign::detail::sha256_iv;
  presign::detail::sha256_compress_small(state, blocks.data(), n);
  return digest_of(state);
}

// The FIPS 180-4 examples (one and two blocks) and the padding boundaries around 55/56 and 64
// bytes ("a" x n, computed with Python's hashlib), each a constant expression of its own.
constexpr std::string_view abc = "abc";
constexpr std::string_view msg56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view a_run =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";  // 156 'a'
static_assert(small_digest("") ==
              digest_from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
static_assert(small_digest(abc) ==
              digest_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
static_assert(small_digest(msg56) ==
              digest_from_hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
static_assert(small_digest(a_run.substr(0, 55)) ==
              digest_from_hex("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"));
static_assert(small_digest(a_run.substr(0, 64)) ==
              digest_from_hex("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"));
static_assert(small_digest(a_run.substr(0, 120)) ==
              digest_from_hex("2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"));

std::string hex_of(const sha256_state& s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest_of(s)) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

TEST_CASE("sha256 small compression: same chaining values as the unrolled one, any block count") {
  std::mt19937 rng(20240611u);  // fixed seed: the same cases on every run
  std::vector<unsigned char> data(64 * 40);
  for (auto& b : data) b = static_cast<unsigned char>(rng());
  // From the IV and from a random chaining value (a resumed midstate), 0..40 blocks in one call.
  sha256_state random_start{};
  for (auto& w : random_start) w = static_cast<std::uint32_t>(rng());
  for (const sha256_state& start : {presign::detail::sha256_iv, random_start}) {
    for (std::size_t blocks = 0; blocks <= 40; ++blocks) {
      sha256_state small = start;
      sha256_state unrolled = start;
      presign::detail::sha256_compress_small(small, data.data(), blocks);
      presign::detail::sha256_compress_unrolled(unrolled, data.data(), blocks);
      INFO("blocks = " << blocks);
      CHECK(hex_of(small) == hex_of(unrolled));
    }
  }
  // Every byte-like input type reads the same bytes.
  std::vector<char> chars(data.begin(), data.begin() + 128);
  std::vector<std::byte> bytes(128);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::byte{data[i]};
  sha256_state from_uchar = presign::detail::sha256_iv;
  sha256_state from_char = presign::detail::sha256_iv;
  sha256_state from_byte = presign::detail::sha256_iv;
  presign::detail::sha256_compress_small(from_uchar, data.data(), 2);
  presign::detail::sha256_compress_small(from_char, chars.data(), 2);
  presign::detail::sha256_compress_small(from_byte, bytes.data(), 2);
  CHECK(hex_of(from_char) == hex_of(from_uchar));
  CHECK(hex_of(from_byte) == hex_of(from_uchar));
}

TEST_CASE("sha256 small compression: digests equal sha256_hash for 0..2100 bytes") {
  std::mt19937 rng(20240612u);
  std::string data(2100, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  std::vector<unsigned char> blocks(data.size() + 72);
  for (std::size_t n = 0; n <= data.size(); ++n) {
    const std::string_view msg(data.data(), n);
    const std::size_t count = pad_into(msg, blocks.data());
    sha256_state state = presign::detail::sha256_iv;
    presign::detail::sha256_compress_small(state, blocks.data(), count);
    const sha256_digest expected = presign::sha256_hash(msg);  // hardware or portable back end
    if (digest_of(state) != expected) {
      INFO("length " << n);
      CHECK(digest_of(state) == expected);
    }
  }
}

}  // namespace
