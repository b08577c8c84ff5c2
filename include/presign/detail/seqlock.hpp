// SPDX-License-Identifier: MIT
// presign: the one sequence lock under the presigner's caches (signing keys, the current
// second's X-Amz-Date, the last valid bucket name). Readers never write shared memory, so
// threads presigning with one presigner do not bounce a cache line between cores; a writer
// that finds the lock held does not wait, it simply does not cache.
//
// Its words are as wide as the target's lock-free atomics allow, so that no target needs
// libatomic: 64-bit where 8-byte atomics are lock-free (x86-64, AArch64, ARMv7-A), else 32-bit
// (Cortex-M3/M4/M7, RV32 with the A extension). How it synchronises (PRESIGN_SINGLE_THREADED,
// config.hpp) is one of:
//   atomic  GCC/clang __atomic builtins (they keep <atomic> out of the core), lock-free;
//   plain   PRESIGN_SINGLE_THREADED=1: ordinary loads and stores, no atomic instruction;
//   off     no lock-free 32-bit compare-exchange (ARMv6-M: Cortex-M0/M0+/M1) and not single
//           threaded: the lock is never taken, so the caches stay empty and every presign
//           computes what it would have read (correct and thread-safe, only slower).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "presign/config.hpp"

namespace presign::inline v0::detail {

enum class seqlock_mode { atomic, plain, off };

#if PRESIGN_SINGLE_THREADED
inline constexpr seqlock_mode seqlock_sync = seqlock_mode::plain;
#elif defined(__GCC_ATOMIC_INT_LOCK_FREE) && __GCC_ATOMIC_INT_LOCK_FREE == 2
inline constexpr seqlock_mode seqlock_sync = seqlock_mode::atomic;
#else
inline constexpr seqlock_mode seqlock_sync = seqlock_mode::off;
#endif

#if defined(__GCC_ATOMIC_LLONG_LOCK_FREE) && __GCC_ATOMIC_LLONG_LOCK_FREE == 2
using seqlock_word = std::uint64_t;
#else
using seqlock_word = std::uint32_t;
#endif

/// A sequence word (0: never written; odd: being written; else even and stable) and N 64-bit
/// values, stored as seqlock_words. Reader: `s = begin_read()` (0: nothing to read), any
/// `load(i)`, then `valid(s)`: the values read are a consistent snapshot only if it says so
/// (until then they may be torn junk, never used). Writer: `s = try_lock()` (0: another
/// writer holds it, or the lock is off: do not write), `store(i, v)`, then `unlock(s)`.
/// Run time only; copying a cache must start it empty (the owners' copy constructors do).
template <std::size_t N>
class seqlock {
 public:
  static constexpr std::size_t size = N;
  /// A cache line on hosts (readers of one lock do not share a line with another's writers);
  /// on 32-bit MCUs, which have no such lines, no padding.
  static constexpr std::size_t alignment = sizeof(seqlock_word) == 8 ? 64 : alignof(seqlock_word);

  [[nodiscard]] seqlock_word begin_read() const noexcept {
    if constexpr (seqlock_sync == seqlock_mode::off) return 0;
    const seqlock_word s = load_word(sequence_, __ATOMIC_ACQUIRE);
    return (s & 1u) != 0 ? 0 : s;
  }
  [[nodiscard]] std::uint64_t load(std::size_t i) const noexcept {
    if constexpr (sizeof(seqlock_word) == 8) {
      return load_word(data_[i], __ATOMIC_RELAXED);
    } else {
      return std::uint64_t{load_word(data_[2 * i], __ATOMIC_RELAXED)} |
             (std::uint64_t{load_word(data_[2 * i + 1], __ATOMIC_RELAXED)} << 32);
    }
  }
  /// True when nothing was written since begin_read returned `s` (s != 0).
  [[nodiscard]] bool valid(seqlock_word s) const noexcept {
    fence(__ATOMIC_ACQUIRE);
    return load_word(sequence_, __ATOMIC_RELAXED) == s;
  }

  /// Takes the lock unless it is held (or, with `only_if_written`, never written); returns
  /// the value to hand to unlock, or 0 when the caller must not write.
  [[nodiscard]] seqlock_word try_lock(bool only_if_written = false) noexcept {
    if constexpr (seqlock_sync == seqlock_mode::off) return 0;
    seqlock_word s = load_word(sequence_, __ATOMIC_RELAXED);
    if ((s & 1u) != 0 || (only_if_written && s == 0)) return 0;
    const seqlock_word held = s + 1;
    if constexpr (seqlock_sync == seqlock_mode::atomic) {
      if (!__atomic_compare_exchange_n(&sequence_, &s, held, false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED))
        return 0;
    } else {
      sequence_ = held;
    }
    // Stores after this point must not become visible before the odd sequence.
    fence(__ATOMIC_RELEASE);
    return held;
  }
  void store(std::size_t i, std::uint64_t v) noexcept {
    if constexpr (sizeof(seqlock_word) == 8) {
      store_word(data_[i], v, __ATOMIC_RELAXED);
    } else {
      store_word(data_[2 * i], static_cast<seqlock_word>(v), __ATOMIC_RELAXED);
      store_word(data_[2 * i + 1], static_cast<seqlock_word>(v >> 32), __ATOMIC_RELAXED);
    }
  }
  /// Releases the lock taken as `held`. The new sequence is even and never 0 (a wrap-around
  /// skips it: 0 means "never written").
  void unlock(seqlock_word held) noexcept {
    seqlock_word next = held + 1;
    if (next == 0) next = 2;
    store_word(sequence_, next, __ATOMIC_RELEASE);
  }

  /// Zeroes every value and marks the lock never written. Not while others use it.
  void clear() noexcept {
    for (seqlock_word& w : data_) store_word(w, 0, __ATOMIC_RELAXED);
    store_word(sequence_, 0, __ATOMIC_RELEASE);
  }

 private:
  static seqlock_word load_word(const seqlock_word& w, int order) noexcept {
    if constexpr (seqlock_sync == seqlock_mode::atomic) {
      return __atomic_load_n(&w, order);
    } else {
      (void)order;
      return w;
    }
  }
  static void store_word(seqlock_word& w, seqlock_word v, int order) noexcept {
    if constexpr (seqlock_sync == seqlock_mode::atomic) {
      __atomic_store_n(&w, v, order);
    } else {
      (void)order;
      w = v;
    }
  }
  static void fence(int order) noexcept {
    if constexpr (seqlock_sync == seqlock_mode::atomic) {
      __atomic_thread_fence(order);
    } else {
      (void)order;
    }
  }

  alignas(alignment) seqlock_word sequence_ = 0;
  std::array<seqlock_word, N * (8 / sizeof(seqlock_word))> data_{};
};

}  // namespace presign::inline v0::detail
