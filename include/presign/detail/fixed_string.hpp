// SPDX-License-Identifier: MIT
// presign: a tiny constexpr string with inline storage, for short composed values (hosts,
// scopes) that must not touch the heap. Appends past the capacity are refused, never written.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "presign/config.hpp"

namespace presign::inline v0::detail {

template <std::size_t Capacity>
class fixed_string {
 public:
  constexpr fixed_string() noexcept = default;

  /// Appends `s`; returns false (and leaves the string unchanged) when it would not fit.
  [[nodiscard]] constexpr bool append(std::string_view s) noexcept {
    if (s.size() > Capacity - size_) return false;
    for (char c : s) data_[size_++] = c;
    return true;
  }
  [[nodiscard]] constexpr bool push_back(char c) noexcept {
    if (size_ == Capacity) return false;
    data_[size_++] = c;
    return true;
  }
  /// Puts `s` and then `c` in front of the text; false (and unchanged) when it would not fit.
  [[nodiscard]] constexpr bool prepend(std::string_view s, char c) noexcept {
    const std::size_t n = s.size() + 1;
    if (n > Capacity - size_) return false;
    for (std::size_t i = size_; i != 0; --i) data_[i - 1 + n] = data_[i - 1];
    for (std::size_t i = 0; i < s.size(); ++i) data_[i] = s[i];
    data_[s.size()] = c;
    size_ += n;
    return true;
  }
  constexpr void clear() noexcept { size_ = 0; }

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {data_.data(), size_}; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] static constexpr std::size_t capacity() noexcept { return Capacity; }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit on purpose

  friend constexpr bool operator==(const fixed_string& a, const fixed_string& b) noexcept {
    return a.view() == b.view();
  }

 private:
  std::array<char, Capacity> data_{};
  std::size_t size_ = 0;
};

}  // namespace presign::inline v0::detail
