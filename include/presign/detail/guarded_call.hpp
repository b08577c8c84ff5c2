// SPDX-License-Identifier: MIT
// presign: calling user-supplied callables (credentials sources, clocks, secret lookups) from
// noexcept code. An exception escaping a noexcept function calls std::terminate; the signing
// path is noexcept, so what the user hands us is called through these, and a throw becomes
// the caller's fallback value (an errc), never a crash. With exceptions off (-fno-exceptions)
// nothing can throw and these are plain calls.
#pragma once

#include "presign/config.hpp"

namespace presign::inline v0::detail {

/// f() converted to R, or R(fallback) when f throws (any exception). A plain call when f is
/// noexcept or exceptions are off. constexpr (a try block is allowed in constant evaluation;
/// a throw never is, so there it is always the plain call's value).
template <class R, class F, class Fallback>
constexpr R call_or(F&& f, Fallback fallback) noexcept {
#if PRESIGN_NO_EXCEPTIONS
  (void)fallback;
  return static_cast<R>(static_cast<F&&>(f)());
#else
  if constexpr (noexcept(static_cast<R>(static_cast<F&&>(f)()))) {
    (void)fallback;
    return static_cast<R>(static_cast<F&&>(f)());
  } else {
    try {
      return static_cast<R>(static_cast<F&&>(f)());
    } catch (...) {
      return R(fallback);
    }
  }
#endif
}

/// Runs `f` (which returns nothing); false when it threw. See call_or.
template <class F>
constexpr bool call_completes(F&& f) noexcept {
  return call_or<bool>(
      [&f]() noexcept(noexcept(static_cast<F&&>(f)())) {
        static_cast<F&&>(f)();
        return true;
      },
      false);
}

}  // namespace presign::inline v0::detail
