// SPDX-License-Identifier: MIT
// A program of its own (tests/freed_secrets.cmake): operator delete is replaced by one that
// looks for a marker secret in every block it frees, so a test can tell that no freed heap
// block still held a secret (issue 17, item 6: a short secret followed by another key in its
// profile section was left in the entries vector's old buffer when it grew). glibc only
// (malloc_usable_size gives a freed block's size); not in sanitizer builds.
#include <doctest/doctest.h>

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

namespace {

// The secret searched for; empty: not armed. Plain globals: tests run on one thread.
char marker[64];
std::size_t marker_size = 0;
std::atomic<long> freed_with_marker{0};

void scan(void* p) noexcept {
  if (p == nullptr || marker_size == 0) return;
  const std::size_t n = malloc_usable_size(p);
  const auto* bytes = static_cast<const char*>(p);
  for (std::size_t i = 0; i + marker_size <= n; ++i) {
    if (std::memcmp(bytes + i, marker, marker_size) == 0) {
      freed_with_marker.fetch_add(1);
      return;
    }
  }
}

void arm(std::string_view secret) {
  std::memcpy(marker, secret.data(), secret.size());
  marker_size = secret.size();
  freed_with_marker = 0;
}

}  // namespace

void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept {
  scan(p);
  std::free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

TEST_CASE("profile_credentials frees no heap block that holds a short secret") {
  namespace fs = std::filesystem;
  const std::string secret = "Sh0rtS3cr3t!";  // 12 bytes: a std::string keeps it inline (SSO)
  REQUIRE(secret.size() <= 15);
  fs::path dir = fs::temp_directory_path() / ("presign-freed-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  {
    // The secret, then enough further keys in its section that the entries vector grows
    // (several times) after the secret is in it.
    std::string content = "[default]\naws_access_key_id = AKIDSHORT\naws_secret_access_key = " + secret + "\n";
    for (int i = 0; i < 40; ++i) content += "key" + std::to_string(i) + " = v\n";
    std::ofstream(dir / "credentials", std::ios::binary) << content;
    std::ofstream(dir / "config", std::ios::binary) << "";
  }
  arm(secret);
  {
    const presign::profile_credentials source{
        presign::aws_config_paths{(dir / "credentials").string(), (dir / "config").string(), "default"}};
    const auto c = source.get();
    REQUIRE(c);
    CHECK(c->secret_access_key == secret);
  }
  CHECK(freed_with_marker.load() == 0);
  arm({});
  fs::remove_all(dir);
}
