// SPDX-License-Identifier: MIT
// presign: detail::mutex, std::mutex where the standard library has threads, else a lock
// that does nothing (a program without threads has nothing to exclude), so the opt-in parts
// that guard shared state also compile for newlib firmware and MinGW's win32 thread model.
#pragma once

#include <mutex>  // std::mutex where there are threads; std::lock_guard everywhere

#include "presign/config.hpp"

namespace presign::inline v0::detail {

#if PRESIGN_HAS_THREADS
using mutex = std::mutex;
#else
/// A BasicLockable that excludes nothing: there are no other threads.
struct mutex {
  void lock() noexcept {}
  void unlock() noexcept {}
};
#endif

}  // namespace presign::inline v0::detail
