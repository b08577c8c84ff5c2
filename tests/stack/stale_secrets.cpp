// SPDX-License-Identifier: MIT
// A program of its own (tests/stack_secrets.cmake): after a presign and after a verify, the
// stack below the caller's frame must not hold kSigning or kDate (issue 17, item 6). A
// non-inlined call signs or verifies; a second non-inlined call, whose frame takes the same
// place, then reads the memory below its own frame, where the first call's frames were, and
// looks for the derived keys (computed here independently): as they are, XORed with the
// HMAC pads (the key blocks), and as big-endian words (SHA-256's message schedule). Reading
// below the stack pointer is outside any object: only for this probe, not with sanitizers.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <span>
#include <vector>

#include <presign/presign.hpp>

namespace {

constexpr std::int64_t t0 = 1700000000;  // 2023-11-14
constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::size_t probe_depth = 96 * 1024;

using digest = presign::sha256_digest;

digest hmac(const digest& key, std::string_view msg) { return presign::hmac_sha256(key).sign(msg); }

// kDate and kSigning for the test's scope, by the SigV4 definition, not the library's fast path.
std::array<digest, 2> derived_keys() {
  const std::string first = std::string("AWS4") + std::string(secret);
  const digest k_date = presign::hmac_sha256(std::string_view(first)).sign(std::string_view("20231114"));
  const digest k_region = hmac(k_date, "us-east-1");
  const digest k_service = hmac(k_region, "s3");
  return {k_date, hmac(k_service, "aws4_request")};
}

// 16-byte patterns that betray `key`: plain, ^ipad, ^opad, each also as byte-swapped words.
std::vector<std::array<unsigned char, 16>> patterns_of(const digest& key) {
  std::vector<std::array<unsigned char, 16>> out;
  for (const unsigned pad : {0x00u, 0x36u, 0x5cu}) {
    for (const std::size_t half : {std::size_t{0}, std::size_t{16}}) {
      std::array<unsigned char, 16> plain{};
      std::array<unsigned char, 16> swapped{};
      for (std::size_t i = 0; i < 16; ++i) {
        plain[i] = static_cast<unsigned char>(key[half + i] ^ pad);
        swapped[i] = static_cast<unsigned char>(key[half + (i & ~std::size_t{3}) + 3 - (i & 3)] ^ pad);
      }
      out.push_back(plain);
      out.push_back(swapped);
    }
  }
  return out;
}

std::vector<std::array<unsigned char, 16>> armed;
std::array<unsigned char, probe_depth> below{};

// The probe_depth bytes below this function's frame, through an address made from an
// integer (the compiler cannot tie it to an object).
[[gnu::noinline]] volatile unsigned char* stack_below_here() {
  const auto top = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  return reinterpret_cast<volatile unsigned char*>(top - probe_depth);
}

// Copies the memory below the caller's frame into `below` (the frames of the call before).
[[gnu::noinline]] void copy_stack_below() {
  volatile unsigned char* p = stack_below_here();
  for (std::size_t i = 0; i < probe_depth; ++i) below[i] = p[i];
}

// Zeroes it, so that a step finds only what it left itself.
[[gnu::noinline]] void zero_stack_below() {
  volatile unsigned char* p = stack_below_here();
  for (std::size_t i = 0; i < probe_depth; ++i) p[i] = 0;
}

int hits() {
  int n = 0;
  for (const auto& p : armed)
    for (std::size_t i = 0; i + p.size() <= below.size(); ++i)
      if (std::memcmp(below.data() + i, p.data(), p.size()) == 0) ++n;
  return n;
}

presign::presigner_options options() {
  presign::presigner_options o;
  o.region = "us-east-1";
  return o;
}

[[gnu::noinline]] bool presign_once(std::span<char> out) {
  const presign::basic_presigner p(presign::static_credentials("AKIDEXAMPLE", secret),
                                   presign::fixed_clock{t0}, options());
  presign::presign_request r;
  r.bucket = "examplebucket";
  r.key = "k";
  return p.presign(r, out).has_value();
}

[[gnu::noinline]] bool sigv4_once(std::span<char> out) {
  const std::array<std::string_view, 1> path{"/examplebucket/k"};
  presign::sigv4_query_request r;
  r.host = "s3.amazonaws.com";
  r.path = path;
  r.region = "us-east-1";
  r.signing_time = t0;
  r.expires_in = 3600;
  return presign::sigv4_presign(r, presign::credentials_view{"AKIDEXAMPLE", secret},
                                presign::sigv4_options{}, out)
      .has_value();
}

[[gnu::noinline]] bool verify_once(std::string_view url) {
  presign::verify_request r;
  r.url = url;
  r.now = t0 + 10;
  r.region = "us-east-1";
  // The two-argument overload: its work area (about 41 KiB) is on the stack too.
  return presign::verify_presigned_url(r, presign::single_secret{"AKIDEXAMPLE", secret})
      .has_value();
}

}  // namespace

TEST_CASE("no derived key (kDate, kSigning) is left on the stack after presign or verify") {
  armed.clear();
  for (const digest& k : derived_keys())
    for (const auto& p : patterns_of(k)) armed.push_back(p);
  std::array<char, 2048> url{};

  std::array<char, 2048> signed_url{};
  REQUIRE(presign_once(signed_url));

  // The probe works: a key placed on the stack is found (the test can fail).
  zero_stack_below();
  [] {
    volatile unsigned char key_copy[64];
    const digest k = derived_keys()[1];
    for (std::size_t i = 0; i < 32; ++i) key_copy[i] = k[i];
    (void)key_copy[0];
  }();
  copy_stack_below();
  CHECK(hits() > 0);

  zero_stack_below();
  REQUIRE(presign_once(url));
  copy_stack_below();
  CHECK_MESSAGE(hits() == 0, "basic_presigner::presign");

  zero_stack_below();
  REQUIRE(sigv4_once(url));
  copy_stack_below();
  CHECK_MESSAGE(hits() == 0, "sigv4_presign");

  zero_stack_below();
  REQUIRE(verify_once(std::string_view(signed_url.data())));
  copy_stack_below();
  CHECK_MESSAGE(hits() == 0, "verify_presigned_url");
}
