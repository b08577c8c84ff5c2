// SPDX-License-Identifier: MIT
// The presign fast path's promises: nothing written past the caller's buffer at any size
// (the signer writes unchecked once an upper bound of the URL fits, checked otherwise), and,
// built as its own program by tests/no_alloc.cmake (PRESIGN_TEST_COUNT_ALLOCATIONS), zero heap
// allocations per presign on the buffer API, counted by replacing operator new and malloc.
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

constexpr std::string_view akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::int64_t when = 1718000000;  // 2024-06-10T06:13:20Z

// A 336-character STS-like token with characters that need encoding.
std::string long_token() {
  std::string t = "IQoJb3JpZ2luX2VjE";
  std::uint32_t x = 7;
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  while (t.size() < 334) {
    x = x * 1664525u + 1013904223u;
    t.push_back(alphabet[x >> 26]);
  }
  return t + "==";
}

presign::presigner_options us_east_1() {
  presign::presigner_options o;
  o.region = "us-east-1";
  return o;
}

presign::presign_request photo_request() {
  presign::presign_request r;
  r.bucket = "examplebucket";
  r.key = "photos/2024/some file+name.jpg";
  r.expires_in = 3600;
  return r;
}

}  // namespace

TEST_CASE("presign writes nothing past the buffer at any size around the URL's") {
  const std::string token = long_token();
  const std::array<presign::query_param, 2> query{
      {{"response-content-type", "image/jpeg"}, {"X-Id", "a/b c"}}};
  const std::array<presign::request_header, 1> headers{{{"Content-Type", " image/jpeg "}}};
  for (const bool with_token : {false, true}) {
    for (const bool with_extras : {false, true}) {
      const presign::basic_presigner p(
          presign::static_credentials(akid, secret, with_token ? std::string_view(token) : ""),
          presign::fixed_clock{when}, us_east_1());
      auto req = photo_request();
      if (with_extras) {
        req.query = query;
        req.headers = headers;
        req.method = "PUT";
      }
      std::vector<char> big(8192, '\0');
      const auto full = p.presign(req, big);
      REQUIRE(full);
      const std::string expected(full->url);
      const std::size_t need = expected.size();
      // From far too small to well past the writer's worst-case bound (3 bytes per encodable
      // byte): both the checked and the unchecked writer, and the switch between them.
      const std::size_t top = need + 3 * token.size() + 400;
      for (std::size_t size = need > 64 ? need - 64 : 0; size <= top; ++size) {
        std::vector<char> buf(size + 32, '#');
        const auto r = p.presign(req, std::span<char>(buf.data(), size));
        INFO("token " << with_token << ", extras " << with_extras << ", size " << size);
        if (size < need) {
          REQUIRE_FALSE(r);
          CHECK(r.error() == presign::errc::buffer_too_small);
          CHECK(r.required_size() == need);
        } else {
          REQUIRE(r);
          CHECK(r->url == expected);
        }
        CHECK(std::string(buf.data() + size, 32) == std::string(32, '#'));
      }
    }
  }
}

TEST_CASE("sigv4_presign writes nothing past the buffer either (aws-sig-v4 get-vanilla)") {
  const std::array<std::string_view, 1> root{"/"};
  presign::sigv4_query_request req;
  req.host = "example.amazonaws.com";
  req.path = root;
  req.region = "us-east-1";
  req.signing_time = 1440938160;  // 20150830T123600Z
  req.expires_in = 3600;
  presign::sigv4_options o;
  o.service = "service";
  o.payload_hash = presign::empty_payload_sha256;
  const presign::credentials_view creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
  std::array<char, 2048> big{};
  const auto full = presign::sigv4_presign(req, creds, o, big);
  REQUIRE(full);
  // The suite's query-signed get-vanilla signature (aws-sig-v4-test-suite, X-Amz-Expires 3600).
  CHECK(full->signature.size() == 64);
  const std::string expected(full->url);
  for (std::size_t size = expected.size() - 5; size <= expected.size() + 300; ++size) {
    std::vector<char> buf(size + 16, '#');
    const auto r = presign::sigv4_presign(req, creds, o, std::span<char>(buf.data(), size));
    CHECK(static_cast<bool>(r) == (size >= expected.size()));
    if (r) CHECK(r->url == expected);
    CHECK(std::string(buf.data() + size, 16) == std::string(16, '#'));
  }
}

#if defined(PRESIGN_TEST_COUNT_ALLOCATIONS)

// --- Counting allocations. Every replaceable operator new and, on glibc outside sanitizer
// builds, malloc and its relatives are replaced by versions that count while armed.
namespace {

std::atomic<long> allocations{0};
std::atomic<bool> armed{false};

void note_allocation() noexcept {
  if (armed.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}

// The allocations made by `f`.
template <class F>
long allocations_in(F&& f) {
  allocations.store(0);
  armed.store(true);
  f();
  armed.store(false);
  return allocations.load();
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define PRESIGN_TEST_SANITIZED 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
      __has_feature(memory_sanitizer)
#    define PRESIGN_TEST_SANITIZED 1
#  endif
#endif
#if defined(__GLIBC__) && !defined(PRESIGN_TEST_SANITIZED)
#  define PRESIGN_TEST_COUNT_MALLOC 1
// glibc's own entry points, so that the replacements below can forward to them.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* p);
}
extern "C" void* malloc(std::size_t size) noexcept {
  note_allocation();
  return __libc_malloc(size);
}
extern "C" void* calloc(std::size_t count, std::size_t size) noexcept {
  note_allocation();
  return __libc_calloc(count, size);
}
extern "C" void* realloc(void* p, std::size_t size) noexcept {
  note_allocation();
  return __libc_realloc(p, size);
}
extern "C" void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  note_allocation();
  return __libc_memalign(alignment, size);
}
extern "C" int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  note_allocation();
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}
extern "C" void free(void* p) noexcept { __libc_free(p); }
#endif

namespace {
// Storage for operator new that is not counted a second time by the malloc replacement.
void* raw_allocate(std::size_t size) noexcept {
#if defined(PRESIGN_TEST_COUNT_MALLOC)
  return __libc_malloc(size);
#else
  return std::malloc(size);
#endif
}
void* raw_allocate_aligned(std::size_t alignment, std::size_t size) noexcept {
#if defined(PRESIGN_TEST_COUNT_MALLOC)
  return __libc_memalign(alignment, size);
#else
  return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
#endif
}
}  // namespace

void* operator new(std::size_t size) {
  note_allocation();
  if (void* p = raw_allocate(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  note_allocation();
  if (void* p = raw_allocate(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  note_allocation();
  return raw_allocate(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  note_allocation();
  return raw_allocate(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t al) {
  note_allocation();
  const auto a = static_cast<std::size_t>(al);
  if (void* p = raw_allocate_aligned(a, size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t al) {
  note_allocation();
  const auto a = static_cast<std::size_t>(al);
  if (void* p = raw_allocate_aligned(a, size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {
// Keeps the compiler from pairing away an allocation and its release in the self-test.
void* volatile escape = nullptr;
}  // namespace

TEST_CASE("the allocation counter counts (so a zero below means something)") {
  CHECK(allocations_in([] {
          escape = new int(1);
          delete static_cast<int*>(escape);
        }) == 1);
  CHECK(allocations_in([] { std::string s(100, 'x'); escape = s.data(); }) == 1);
#if defined(PRESIGN_TEST_COUNT_MALLOC)
  CHECK(allocations_in([] {
          escape = std::malloc(10);
          std::free(escape);
        }) == 1);
#endif
  CHECK(allocations_in([] {}) == 0);
}

TEST_CASE("zero heap allocations per presign on the buffer API") {
  const std::string token = long_token();
  std::array<char, 4096> buf{};
  std::array<char, 2048> creq{};
  std::array<char, 512> sts{};
  const std::array<presign::query_param, 2> query{
      {{"response-content-type", "image/jpeg"}, {"partNumber", "3"}}};
  const std::array<presign::request_header, 2> headers{
      {{"Content-Type", "image/jpeg"}, {"x-amz-server-side-encryption", "AES256", true}}};

  for (const bool portable : {false, true}) {
    presign::sha256_force_portable(portable);
    INFO("portable SHA-256: " << portable);
    // The benchmark's presigner: static credentials, the system clock, the regional host.
    const presign::basic_presigner p(presign::static_credentials(akid, secret),
                                     presign::system_clock{}, us_east_1());
    const presign::basic_presigner with_token(presign::static_credentials(akid, secret, token),
                                              presign::system_clock{}, us_east_1());
    auto extras = photo_request();
    extras.method = "PUT";
    extras.query = query;
    extras.headers = headers;
    extras.version_id = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY";
    auto other_region = photo_request();
    other_region.region = "eu-west-3";
    auto dotted = photo_request();
    dotted.bucket = "my.dotted.bucket";
    presign::presigner_options custom = us_east_1();
    custom.endpoint.endpoint_url = "http://127.0.0.1:9000";
    const presign::basic_presigner minio(presign::static_credentials(akid, secret),
                                         presign::fixed_clock{when}, custom);

    bool all_ok = true;
    // The first calls fill the caches: they must not allocate either.
    const long n = allocations_in([&] {
      for (int i = 0; i < 200; ++i) {
        all_ok = p.presign(photo_request(), buf).has_value() && all_ok;
        all_ok = with_token.presign(photo_request(), buf).has_value() && all_ok;
        all_ok = p.presign(extras, buf).has_value() && all_ok;
        all_ok = p.presign(other_region, buf).has_value() && all_ok;
        all_ok = p.presign(dotted, buf).has_value() && all_ok;
        all_ok = minio.presign(photo_request(), buf).has_value() && all_ok;
        all_ok = p.presign(extras, buf, {creq, sts}).has_value() && all_ok;
        std::array<char, 16> tiny{};
        all_ok = p.presign(photo_request(), tiny).error() == presign::errc::buffer_too_small &&
                 all_ok;
      }
    });
    CHECK(all_ok);
    CHECK(n == 0);

    // The generic signer, key derived on every call.
    const std::array<std::string_view, 1> root{"/"};
    presign::sigv4_query_request sreq;
    sreq.host = "example.amazonaws.com";
    sreq.path = root;
    sreq.region = "us-east-1";
    sreq.signing_time = when;
    sreq.expires_in = 3600;
    const presign::credentials_view creds{akid, secret, token};
    bool sig_ok = true;
    CHECK(allocations_in([&] {
            for (int i = 0; i < 100; ++i)
              sig_ok = presign::sigv4_presign(sreq, creds, presign::sigv4_options{}, buf)
                           .has_value() && sig_ok;
          }) == 0);
    CHECK(sig_ok);
  }
  presign::sha256_force_portable(false);
}

#endif  // PRESIGN_TEST_COUNT_ALLOCATIONS
