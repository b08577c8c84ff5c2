// SPDX-License-Identifier: MIT
// Which SHA-256 back end runs, checked against what is known from outside presign: the
// operating system's own report of the CPU (Linux on ARM: the auxiliary vector, read here with
// the system headers' constants), and what CI states for the CPU it emulates
// (PRESIGN_EXPECT_SHA256, set by tools/run_tests.sh's cross jobs).
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <cstdlib>
#include <string>
#include <string_view>

#if defined(__linux__) && (defined(__aarch64__) || defined(__arm__))
#  include <sys/auxv.h>
#  if defined(__arm__)
#    include <asm/hwcap.h>  // HWCAP_NEON, HWCAP2_SHA2 (glibc's <sys/auxv.h> has neither name)
#  endif
#endif

namespace {

using presign::sha256_implementation;

const char* expected_backend() { return std::getenv("PRESIGN_EXPECT_SHA256"); }

std::string hex(const presign::sha256_digest& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

}  // namespace

// Skipped (and reported as skipped) where nobody states what the CPU has.
TEST_CASE("sha256: the back end CI expects for this CPU is the one that runs" *
          doctest::skip(expected_backend() == nullptr)) {
  const std::string_view expected = expected_backend();
  REQUIRE((expected == "portable" || expected == "x86_sha_ni" || expected == "arm_sha2"));
  presign::sha256_force_portable(false);
  CHECK(presign::to_string(presign::sha256_active_implementation()) == expected);
  CHECK(presign::sha256_hardware_available() == (expected != "portable"));
  // The dispatcher asks the same question the report answers; hash on it once more.
  CHECK(hex(presign::sha256_hash("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

#if defined(__linux__) && (defined(__aarch64__) || defined(__arm__))
TEST_CASE("sha256: on ARM Linux, hardware_available is what the kernel reports") {
#  if defined(__aarch64__)
  const bool kernel_says = (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#  else
  const bool kernel_says = (getauxval(AT_HWCAP) & HWCAP_NEON) != 0 &&
                           (getauxval(AT_HWCAP2) & HWCAP2_SHA2) != 0;
#  endif
  INFO("kernel reports SHA2: " << kernel_says);
  presign::sha256_force_portable(false);
  const auto active = presign::sha256_active_implementation();
#  if PRESIGN_DETAIL_SHA256_ARM && PRESIGN_DETAIL_SHA256_ARM_DETECT
  // Detected at run time: it must follow the kernel both ways.
  CHECK(presign::sha256_hardware_available() == kernel_says);
  CHECK(active == (kernel_says ? sha256_implementation::arm_sha2
                               : sha256_implementation::portable));
#  elif PRESIGN_DETAIL_SHA256_ARM
  // Built for the extension (-march=...+crypto): the CPU has to have it, or nothing would run.
  CHECK(kernel_says);
  CHECK(active == sha256_implementation::arm_sha2);
#  else
  // No back end in this build (PRESIGN_SHA256_NO_HARDWARE, big-endian, clang on AArch32).
  CHECK_FALSE(presign::sha256_hardware_available());
  CHECK(active == sha256_implementation::portable);
#  endif
}
#endif
