// SPDX-License-Identifier: MIT
// presign: secure_wipe, zeroing of secrets that the optimiser may not remove as a dead store.
#pragma once

#include <cstddef>
#include <type_traits>

namespace presign::inline v0::detail {

/// Sets every byte of `object` to zero. At run time the store is kept even when `object` is
/// never read again (memset + an asm barrier on GCC/clang, volatile byte writes elsewhere); in
/// constant evaluation it is a plain value-initialising assignment. T must be trivially
/// copyable (arrays and aggregates of integers). constexpr, noexcept, no allocation.
template <class T>
constexpr void secure_wipe(T& object) noexcept {
  static_assert(std::is_trivially_copyable_v<T>, "secure_wipe is for plain data");
  if (std::is_constant_evaluated()) {
    if constexpr (std::is_array_v<T>) {
      for (auto& element : object) secure_wipe(element);
    } else {
      object = T{};
    }
    return;
  }
#if defined(__GNUC__) || defined(__clang__)
  void* bytes = __builtin_addressof(object);
  __builtin_memset(bytes, 0, sizeof(T));
  // The barrier "reads" the object through an opaque pointer and clobbers memory, so the
  // compiler must assume the zeros are observed and cannot drop the memset as a dead store.
  __asm__ __volatile__("" : : "r"(bytes) : "memory");
#else
  volatile unsigned char* bytes = reinterpret_cast<volatile unsigned char*>(&object);
  for (std::size_t i = 0; i < sizeof(T); ++i) bytes[i] = 0;
#endif
}

/// A value wiped when it goes out of scope: for a secret that a function uses in its return
/// expression (a prvalue return, constructed in the caller's object, with no copy to wipe).
template <class T>
struct wiped {
  T value;
  constexpr ~wiped() { secure_wipe(value); }
};

}  // namespace presign::inline v0::detail
