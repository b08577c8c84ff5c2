// SPDX-License-Identifier: MIT
// presign: writes into a caller's buffer and keeps counting past its end, so one pass both
// fills the buffer and learns the size a too-small buffer would have needed. Nothing is ever
// written past the end.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace presign::inline v0::detail {

class buffer_writer {
 public:
  constexpr explicit buffer_writer(std::span<char> out) noexcept : out_(out) {}

  constexpr void put(char c) noexcept {
    if (size_ < out_.size()) out_[size_] = c;
    ++size_;
  }
  constexpr void put(std::string_view s) noexcept {
    if (s.size() <= room()) {
      for (std::size_t i = 0; i < s.size(); ++i) out_[size_ + i] = s[i];
    } else {
      // Keep the visible part deterministic: write what fits, count the rest.
      for (std::size_t i = 0; i < room(); ++i) out_[size_ + i] = s[i];
    }
    size_ += s.size();
  }
  /// A pointer to `n` writable bytes at the current end, or nullptr when they do not fit (the
  /// caller then only counts them with skip()).
  [[nodiscard]] constexpr char* reserve(std::size_t n) noexcept {
    return n <= room() ? out_.data() + size_ : nullptr;
  }
  constexpr void skip(std::size_t n) noexcept { size_ += n; }

  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool overflowed() const noexcept { return size_ > out_.size(); }
  /// The bytes written from `from` to the current end (valid only when !overflowed()).
  [[nodiscard]] constexpr std::string_view written(std::size_t from = 0) const noexcept {
    return {out_.data() + from, size_ - from};
  }

 private:
  [[nodiscard]] constexpr std::size_t room() const noexcept {
    return size_ < out_.size() ? out_.size() - size_ : 0;
  }
  std::span<char> out_;
  std::size_t size_ = 0;
};

}  // namespace presign::inline v0::detail
