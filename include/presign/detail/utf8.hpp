// SPDX-License-Identifier: MIT
// presign: strict UTF-8 validation (RFC 3629), for object keys, which S3 requires to be UTF-8.
#pragma once

#include <cstddef>
#include <string_view>

#include "presign/config.hpp"

namespace presign::inline v0::detail {

/// True when `s` is well-formed UTF-8 per RFC 3629 §4 (the same table as Unicode 15 §3.9,
/// Table 3-7): no overlong forms, no surrogates U+D800..U+DFFF (ED A0..BF ..), nothing above
/// U+10FFFF, no truncated sequences, no stray continuation bytes. The empty string is valid.
/// constexpr, noexcept, no allocation, thread-safe (pure).
[[nodiscard]] constexpr bool is_valid_utf8(std::string_view s) noexcept {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
#if defined(__GNUC__) || defined(__clang__)
    // ASCII, by far the common case in object keys, 8 bytes per step at run time (a presign
    // checks every key: the byte loop was ~6 instructions a byte).
    if (!__builtin_is_constant_evaluated()) {
      while (n - i >= 8) {
        unsigned long long w;
        __builtin_memcpy(&w, s.data() + i, 8);
        if ((w & 0x8080808080808080ull) != 0) break;
        i += 8;
      }
      if (i == n) break;
    }
#endif
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {  // ASCII
      ++i;
      continue;
    }
    // The lead byte fixes the length and, for E0/ED/F0/F4, a narrower range for the second
    // byte: that narrowing is what excludes overlongs, surrogates and code points > U+10FFFF.
    std::size_t len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0)
        lo = 0xA0;  // E0 80..9F would be overlong
      else if (b0 == 0xED)
        hi = 0x9F;  // ED A0..BF would be a surrogate
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0)
        lo = 0x90;  // F0 80..8F would be overlong
      else if (b0 == 0xF4)
        hi = 0x8F;  // F4 90.. would exceed U+10FFFF
    } else {
      return false;  // 80..BF stray continuation, C0/C1 overlong leads, F5..FF never used
    }
    if (n - i < len) return false;  // truncated at the end of the input
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      const auto bk = static_cast<unsigned char>(s[i + k]);
      if ((bk & 0xC0u) != 0x80u) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace presign::inline v0::detail
