// SPDX-License-Identifier: MIT
// The firmware tests' only I/O: Arm semihosting (`bkpt 0xAB`), which QEMU's -semihosting
// serves. No newlib stdio: printf would bring the heap this test proves absent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace firmware {

inline std::uintptr_t semihost(std::uintptr_t op, const void* arg) {
  register std::uintptr_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ __volatile__("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

/// Writes `s` to the host's stdout: SYS_WRITE to the handle of ":tt" opened for writing
/// (SYS_OPEN, mode 4 "w"), the semihosting console.
inline void write(std::string_view s) {
  static std::uintptr_t console = 0;
  if (console == 0) {
    const std::uintptr_t open_args[3] = {reinterpret_cast<std::uintptr_t>(":tt"), 4, 3};
    console = semihost(0x01, open_args);
  }
  const std::uintptr_t args[3] = {console, reinterpret_cast<std::uintptr_t>(s.data()), s.size()};
  semihost(0x05, args);
}

/// Writes `v` in decimal.
inline void write_number(std::size_t v) {
  char digits[24];
  std::size_t n = sizeof digits;
  do {
    digits[--n] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n != 0);
  write(std::string_view(digits + n, sizeof digits - n));
}

/// Ends the emulation: QEMU exits with status 0 for success, 1 otherwise
/// (SYS_EXIT, ADP_Stopped_ApplicationExit or ADP_Stopped_RunTimeErrorUnknown).
[[noreturn]] inline void exit(bool success) {
  semihost(0x18, reinterpret_cast<const void*>(success ? 0x20026u : 0x20023u));
  for (;;) {
  }
}

}  // namespace firmware
