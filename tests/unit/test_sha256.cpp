// SPDX-License-Identifier: MIT
// Run-time tests for sha256.hpp, on the hardware back end (where the CPU has one) AND on the
// portable one. Expected digests are the FIPS 180-4 examples; the "a" x n values were computed
// with Python's hashlib, independently of presign.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using presign::sha256;
using presign::sha256_digest;
using presign::sha256_hash;
using presign::sha256_implementation;

// Independent of presign's hex.hpp.
std::string hex(const sha256_digest& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

// Runs `check` once per back end this machine has: hardware (said so when there is none), then
// portable. Restores the default afterwards.
template <class F>
void on_each_backend(F check) {
  presign::sha256_force_portable(false);
  if (presign::sha256_hardware_available()) {
    const auto active = presign::sha256_active_implementation();
    REQUIRE(active != sha256_implementation::portable);
    INFO("back end: " << presign::to_string(active));
    check();
  } else {
    MESSAGE("no SHA-256 hardware back end on this CPU/build: testing the portable path only");
    CHECK(presign::sha256_active_implementation() == sha256_implementation::portable);
  }
  presign::sha256_force_portable(true);
  CHECK(presign::sha256_active_implementation() == sha256_implementation::portable);
  {
    INFO("back end: portable");
    check();
  }
  presign::sha256_force_portable(false);
}

const std::string msg56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string msg112 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmno"
    "pqrsmnopqrstnopqrstu";

}  // namespace

TEST_CASE("sha256: FIPS 180-4 examples on every back end") {
  on_each_backend([] {
    CHECK(hex(sha256_hash("")) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(sha256_hash("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(sha256_hash(msg56)) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(sha256_hash(msg112)) ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  });
}

TEST_CASE("sha256: one million 'a' on every back end, one-shot and streamed") {
  const std::string million(1000000, 'a');
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  on_each_backend([&] {
    CHECK(hex(sha256_hash(million)) == expected);
    sha256 h;
    for (int i = 0; i < 1000; ++i) h.update(std::string_view(million.data(), 1000));
    CHECK(hex(h.finish()) == expected);
  });
}

TEST_CASE("sha256: padding boundaries 'a' x n on every back end") {
  struct vector_case {
    std::size_t n;
    std::string_view digest;
  };
  static constexpr vector_case cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  on_each_backend([] {
    for (const auto& c : cases) {
      INFO("n = " << c.n);
      const std::string input(c.n, 'a');
      CHECK(hex(sha256_hash(input)) == c.digest);
      sha256 h;
      for (char ch : input) h.update(&ch, 1);
      CHECK(hex(h.finish()) == c.digest);
    }
  });
}

TEST_CASE("sha256: hardware, portable and streaming with random splits agree (0..4096 bytes)") {
  std::mt19937 rng(20240607u);  // fixed seed: the same cases on every run
  std::vector<unsigned char> data(4096);
  for (auto& b : data) b = static_cast<unsigned char>(rng());
  if (!presign::sha256_hardware_available()) {
    MESSAGE("no SHA-256 hardware back end on this CPU/build: comparing portable with itself");
  }
  // Every length up to 1100 (all padding cases, many block counts), then every 7th up to 4096,
  // which keeps a debug build of this test under a second.
  for (std::size_t n = 0; n <= data.size(); n += (n < 1100 || n + 7 > data.size()) ? 1u : 7u) {
    const std::span<const unsigned char> input(data.data(), n);
    presign::sha256_force_portable(true);
    const sha256_digest portable = sha256_hash(input);
    presign::sha256_force_portable(false);
    const sha256_digest hardware = sha256_hash(input);

    // Streamed in random pieces, switching back end at random between pieces (the state is
    // the same FIPS 180-4 chaining value on both, so a switch mid-stream is harmless).
    sha256 h;
    std::size_t pos = 0;
    while (pos < n) {
      const std::size_t piece = std::min<std::size_t>(n - pos, rng() % 200);
      presign::sha256_force_portable((rng() & 1) != 0);
      h.update(input.subspan(pos, piece));
      pos += piece;
    }
    presign::sha256_force_portable(false);
    const sha256_digest streamed = h.finish();
    if (portable != hardware || streamed != portable) {
      INFO("length " << n);
      CHECK(hex(hardware) == hex(portable));
      CHECK(hex(streamed) == hex(portable));
    }
  }
  presign::sha256_force_portable(false);
}

TEST_CASE("sha256: finish() resets, copies fork, size() counts, midstates resume") {
  on_each_backend([] {
    sha256 h;
    h.update("ab");
    CHECK(h.size() == 2);
    sha256 fork = h;
    h.update("c");
    fork.update(std::string_view("x"));
    CHECK(h.finish() == sha256_hash("abc"));
    CHECK(fork.finish() == sha256_hash("abx"));
    CHECK(h.size() == 0);
    CHECK(h.finish() == sha256_hash(""));

    const std::string prefix(128, 'p');
    sha256 p;
    p.update(prefix);
    sha256 resumed(p.midstate(), prefix.size());
    resumed.update("tail");
    CHECK(resumed.finish() == sha256_hash(prefix + "tail"));
  });
}

TEST_CASE("sha256: every byte-like type and every overload hashes the same bytes") {
  on_each_backend([] {
    const std::string text = msg112;
    std::vector<std::byte> bytes;
    std::vector<unsigned char> uchars;
    std::vector<signed char> schars;
    std::u8string u8;
    for (char c : text) {
      bytes.push_back(static_cast<std::byte>(c));
      uchars.push_back(static_cast<unsigned char>(c));
      schars.push_back(static_cast<signed char>(c));
      u8.push_back(static_cast<char8_t>(c));
    }
    const sha256_digest expected = sha256_hash(text);
    CHECK(sha256_hash(std::span<const std::byte>(bytes)) == expected);
    CHECK(sha256_hash(std::span<const unsigned char>(uchars)) == expected);
    CHECK(sha256_hash(std::span<const signed char>(schars)) == expected);
    CHECK(sha256_hash(std::span<const char8_t>(u8.data(), u8.size())) == expected);
    sha256 h;
    h.update(bytes.data(), 10).update(std::span<const unsigned char>(uchars).subspan(10, 50));
    h.update(std::string_view(text).substr(60));
    CHECK(h.finish() == expected);
    // A digest hashes as its 32 bytes.
    const sha256_digest d = sha256_hash("abc");
    CHECK(sha256_hash(d) == sha256_hash(std::span<const std::uint8_t>(d)));
  });
}

TEST_CASE("sha256: switching the back end is thread-safe and never changes a digest") {
  const std::string input(10000, 'z');
  presign::sha256_force_portable(true);
  const sha256_digest expected = sha256_hash(input);
  presign::sha256_force_portable(false);
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::thread toggler([&] {
    bool force = false;
    while (!stop.load()) {
      presign::sha256_force_portable(force);
      force = !force;
    }
  });
  std::thread hasher([&] {
    for (int i = 0; i < 300; ++i) {
      if (sha256_hash(input) != expected) ++wrong;
    }
  });
  hasher.join();
  stop = true;
  toggler.join();
  presign::sha256_force_portable(false);
  CHECK(wrong.load() == 0);
}

TEST_CASE("sha256: implementation reporting is consistent") {
  presign::sha256_force_portable(false);
  const bool hw = presign::sha256_hardware_available();
  const auto active = presign::sha256_active_implementation();
  const std::string note = "SHA-256 back end at run time: " +
                           std::string(presign::to_string(active)) +
                           (hw ? " (hardware available)" : " (no hardware)");
  MESSAGE(note);
  CHECK(hw == (active != sha256_implementation::portable));
  CHECK(presign::to_string(sha256_implementation::portable) == "portable");
  CHECK(presign::to_string(sha256_implementation::arm_sha2) == "arm_sha2");
#if defined(__x86_64__) && defined(__SHA__)
  // Built for a CPU with SHA-NI (-march with sha): the run-time detection must agree.
  CHECK(active == sha256_implementation::x86_sha_ni);
#endif
}
