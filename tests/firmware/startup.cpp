// SPDX-License-Identifier: MIT
// A minimal Cortex-M start-up for the firmware tests (ARMv6-M and ARMv7-M alike): the vector
// table, copying .data, zeroing .bss, running static constructors, main, then a semihosting
// exit. No C library start-up files (-nostartfiles), so nothing here can bring in a heap.
#include <cstdint>

#include "semihosting.hpp"

extern "C" {
extern std::uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern std::uint32_t __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
}
int firmware_main();  // the test (C++ forbids calling main)
extern "C" {

[[noreturn]] void reset_handler() {
#if defined(__ARM_FP)
  // A hard-float build may use FPU registers anywhere: grant CP10/CP11 access first (CPACR).
  *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88) |= 0xFu << 20;
  __asm__ __volatile__("dsb\n\tisb" ::: "memory");
#endif
  // Word loops written out (the compiler could otherwise call memcpy before .data exists,
  // which is fine here, but this keeps the start-up free of any library dependency).
  for (std::uint32_t *from = __data_load, *to = __data_start; to < __data_end;) *to++ = *from++;
  for (std::uint32_t* p = __bss_start; p < __bss_end;) *p++ = 0;
  for (void (**f)() = __init_array_start; f < __init_array_end; ++f) (*f)();
  firmware::exit(firmware_main() == 0);
}

[[noreturn]] void fault_handler() {
  firmware::write("FAIL: fault exception\n");
  firmware::exit(false);
}
}

// Cortex-M vector table: initial stack pointer, reset, NMI, HardFault, then the
// configurable faults (MemManage, BusFault, UsageFault; ARMv7-M only, harmless on ARMv6-M).
__attribute__((section(".vectors"), used)) const void* const vector_table[] = {
    __stack_top,
    reinterpret_cast<const void*>(&reset_handler),
    reinterpret_cast<const void*>(&fault_handler),
    reinterpret_cast<const void*>(&fault_handler),
    reinterpret_cast<const void*>(&fault_handler),
    reinterpret_cast<const void*>(&fault_handler),
    reinterpret_cast<const void*>(&fault_handler),
};
