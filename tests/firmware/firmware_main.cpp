// SPDX-License-Identifier: MIT
// The firmware test: the S3 documentation's presign example on a Cortex-M, from a presigner
// in static storage (what firmware does), into a static buffer. It checks the URL against the
// documented one, then measures the stack of one presign() by painting: the unused stack is
// filled with a pattern, presign() runs, and the lowest word no longer holding the pattern is
// the deepest the stack went. It prints the URL and "stack: N bytes"; run under QEMU with
// semihosting by firmware_test.py, which also inspects the linked image's symbols.
#include <array>
#include <cstddef>
#include <cstdint>
#include <new>  // placement new only
#include <string_view>

#include "presign/core.hpp"
#include "semihosting.hpp"

extern "C" std::uint32_t __bss_end[];

namespace {

// From the AWS documentation (S3 API Reference, "Authenticating Requests: Using Query
// Parameters"): the example URL for these inputs.
constexpr std::string_view documented_url =
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

// What a real-time clock register reads: 2013-05-24T00:00:00Z. Volatile, like the inputs
// below, so the compiler cannot fold the presign into a constant.
volatile std::uint32_t rtc_seconds = 1369353600;
struct rtc_clock {
  [[nodiscard]] std::int64_t now() const noexcept { return rtc_seconds; }
};

const char* volatile bucket_name = "examplebucket";
const char* volatile object_key = "test.txt";

presign::presigner_options documented_options() {
  presign::presigner_options options;
  options.region = "us-east-1";
  options.endpoint.use_global_endpoint = true;
  return options;
}

// The presigner in static storage, built once by firmware_main and never destroyed
// (firmware does not exit; a global with a destructor would need crtbegin's __dso_handle,
// which this start-up without C library files does not have).
using presigner_type = presign::basic_presigner<presign::static_credentials, rtc_clock>;
alignas(presigner_type) unsigned char presigner_storage[sizeof(presigner_type)];
const presigner_type* presigner = nullptr;

std::array<char, 512> url_buffer;
std::string_view signed_url;

__attribute__((noinline)) void presign_once() {
  presign::presign_request request;
  request.bucket = bucket_name;
  request.key = object_key;
  request.expires_in = 86400;
  const auto url = presigner->presign(request, url_buffer);
  signed_url = url ? url->url : std::string_view{};
}

constexpr std::uint32_t paint = 0xDEADBEEF;

std::uintptr_t stack_pointer() {
  std::uintptr_t sp;
  __asm__ __volatile__("mov %0, sp" : "=r"(sp));
  return sp;
}

// Bytes of stack `f` used below this function's frame: everything from the end of .bss to a
// little below the current stack pointer is painted first.
__attribute__((noinline)) std::size_t stack_used_by(void (*f)()) {
  const std::uintptr_t sp = stack_pointer();
  volatile std::uint32_t* const low = __bss_end;
  volatile std::uint32_t* const high = reinterpret_cast<volatile std::uint32_t*>(sp - 64);
  for (volatile std::uint32_t* p = low; p < high; ++p) *p = paint;
  f();
  volatile std::uint32_t* p = low;
  while (p < high && *p == paint) ++p;
  if (p == low) return 0;  // overflowed into .bss: reported as a failure below
  return sp - reinterpret_cast<std::uintptr_t>(p);
}

}  // namespace

int firmware_main() {
  presigner = ::new (static_cast<void*>(presigner_storage)) presigner_type(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      rtc_clock{}, documented_options());
  // The first presign fills the caches (where the build has them), the second reads them:
  // both must give the documented URL, and the larger stack of the two is reported.
  bool ok = true;
  std::size_t deepest = 0;
  for (int round = 0; round < 2; ++round) {
    const std::size_t used = stack_used_by(&presign_once);
    firmware::write(signed_url);
    firmware::write("\n");
    if (signed_url != documented_url) {
      firmware::write("FAIL: not the documented URL\n");
      ok = false;
    }
    if (used == 0) {
      firmware::write("FAIL: the stack reached .bss\n");
      ok = false;
    }
    if (used > deepest) deepest = used;
  }
  firmware::write("stack: ");
  firmware::write_number(deepest);
  firmware::write(" bytes\n");
  if (!ok) return 1;
  firmware::write("OK: documented URL\n");
  return 0;
}
