// SPDX-License-Identifier: MIT
// Embedded: built with -fno-exceptions -fno-rtti, only the signing core (<presign/core.hpp>:
// no <string>, no <chrono>, no I/O), no heap (any operator new aborts this program), a fixed
// buffer. The time comes from a "real-time clock" (here a fixed register value) and the keys
// from "secure storage" (here constants: the AWS documentation's example keys).
// readme: begin embedded
#include <presign/core.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

// Prove that nothing allocates: every allocation function ends the program.
void* operator new(std::size_t) { std::abort(); }
void* operator new[](std::size_t) { std::abort(); }
void operator delete(void*) noexcept { std::abort(); }
void operator delete[](void*) noexcept { std::abort(); }
void operator delete(void*, std::size_t) noexcept { std::abort(); }
void operator delete[](void*, std::size_t) noexcept { std::abort(); }

namespace {

// A clock is anything with `std::int64_t now() const` (unix seconds, UTC).
struct rtc_clock {
  const volatile std::uint32_t* seconds_register;
  [[nodiscard]] std::int64_t now() const noexcept { return *seconds_register; }
};

volatile std::uint32_t rtc_seconds = 1369353600;  // what the RTC reads: 2013-05-24T00:00:00Z
std::array<char, 512> url_buffer;                 // static storage, no heap

}  // namespace

int main() {
  presign::presigner_options options;
  options.region = "eu-central-1";
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      rtc_clock{&rtc_seconds}, options);
  presign::presign_request request;
  request.method = "PUT";
  request.bucket = "sensor-data";
  request.key = "device-0042/2013-05-24.csv";
  request.expires_in = 300;

  // Too small a buffer is an error value saying how much is needed; nothing is written past it.
  std::array<char, 64> small{};
  const auto too_small = presigner.presign(request, small);
  if (too_small.error() != presign::errc::buffer_too_small) return 1;
  // %lu, not %zu: newlib-nano's printf (most Cortex-M toolchains) has no z modifier.
  std::printf("64 bytes are too few: the URL needs %lu\n",
              static_cast<unsigned long>(too_small.required_size()));

  const auto url = presigner.presign(request, url_buffer);
  if (!url) return 2;
  std::printf("%.*s %.*s\n", static_cast<int>(url->method.size()), url->method.data(),
              static_cast<int>(url->url.size()), url->url.data());
  return 0;
}
// readme: end
