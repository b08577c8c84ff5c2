// SPDX-License-Identifier: MIT
// presign: slice, std::string_view::substr without the throwing bounds check. substr's check
// pulls std::__throw_out_of_range_fmt into every program, and with it abort(), signal() and,
// through newlib's abort, a heap (_malloc_r, _sbrk) into firmware that never allocates.
#pragma once

#include <cstddef>
#include <string_view>

#include "presign/config.hpp"

namespace presign::inline v0::detail {

/// The characters of `s` from `pos` on, at most `n` of them: s.substr(pos, n) for every
/// `pos <= s.size()` (the callers' invariant, asserted). A `pos` past the end gives the empty
/// view at the end instead of throwing, so even a broken invariant is never out of bounds.
/// constexpr, noexcept.
[[nodiscard]] constexpr std::string_view slice(std::string_view s, std::size_t pos,
                                               std::size_t n = std::string_view::npos) noexcept {
  PRESIGN_ASSERT(pos <= s.size());
  if (pos > s.size()) pos = s.size();
  const std::size_t rest = s.size() - pos;
  return std::string_view(s.data() + pos, n < rest ? n : rest);
}

}  // namespace presign::inline v0::detail
