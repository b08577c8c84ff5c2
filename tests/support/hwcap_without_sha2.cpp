// SPDX-License-Identifier: MIT
// LD_PRELOAD library for the AArch64 "CPU without SHA2" run (tools/run_tests_cross.sh): QEMU 7.2
// has no AArch64 CPU model without the SHA2 extension, so this getauxval reports AT_HWCAP with
// HWCAP_SHA2 cleared, as the kernel does on such a CPU (e.g. a Raspberry Pi 4's Cortex-A72
// without the crypto option). Everything else is the C library's answer. Linux/glibc only.
#include <dlfcn.h>
#include <sys/auxv.h>

extern "C" unsigned long getauxval(unsigned long type) {
  using getauxval_fn = unsigned long (*)(unsigned long);
  static const auto real = reinterpret_cast<getauxval_fn>(dlsym(RTLD_NEXT, "getauxval"));
  const unsigned long value = real(type);
  return type == AT_HWCAP ? value & ~static_cast<unsigned long>(HWCAP_SHA2) : value;
}
