// SPDX-License-Identifier: MIT
// presign: detail::mutex, std::mutex where the standard library has threads; on Windows
// without it (MinGW's win32 thread model before GCC 13, whose programs still have threads:
// CreateThread, thread pools) a spin lock that yields; else (newlib, picolibc firmware) a lock
// that does nothing, as a program without threads has nothing to exclude. The opt-in parts
// that guard shared state (profile_credentials) thus compile, and stay thread-safe, on all.
#pragma once

#include <mutex>  // std::mutex where there are threads; std::lock_guard everywhere

#include "presign/config.hpp"

#if !PRESIGN_HAS_THREADS && defined(_WIN32)
// <windows.h> would cost every includer its parse time and its min/max macros; this is
// MinGW-w64's declaration (BOOL WINAPI SwitchToThread(void), kernel32).
extern "C" __declspec(dllimport) int __stdcall SwitchToThread(void);
#endif

namespace presign::inline v0::detail {

#if PRESIGN_HAS_THREADS
using mutex = std::mutex;
#elif defined(_WIN32)
/// A BasicLockable for short critical sections (a shared_ptr copy or swap): spins on a
/// GCC/clang __atomic flag and gives the processor away while another thread holds it.
class mutex {
 public:
  void lock() noexcept {
    while (__atomic_exchange_n(&held_, 1, __ATOMIC_ACQUIRE) != 0) {
      while (__atomic_load_n(&held_, __ATOMIC_RELAXED) != 0) SwitchToThread();
    }
  }
  void unlock() noexcept { __atomic_store_n(&held_, 0, __ATOMIC_RELEASE); }

 private:
  int held_ = 0;
};
#else
/// A BasicLockable that excludes nothing: there are no other threads.
struct mutex {
  void lock() noexcept {}
  void unlock() noexcept {}
};
#endif

}  // namespace presign::inline v0::detail
