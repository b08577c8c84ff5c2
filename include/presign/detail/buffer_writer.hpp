// SPDX-License-Identifier: MIT
// presign: writes into a caller's buffer and keeps counting past its end, so one pass both
// fills the buffer and learns the size a too-small buffer would have needed. Nothing is ever
// written past the end.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

// Forces inlining of the tiny writers on the signing path: GCC's inliner gives up on them
// inside the (large) signer body, and a call per two-byte store was a visible share of a
// presign. Internal; not a configuration macro.
#if defined(__GNUC__) || defined(__clang__)
#  define PRESIGN_DETAIL_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#  define PRESIGN_DETAIL_ALWAYS_INLINE inline
#endif

namespace presign::inline v0::detail {

/// Copies `n` chars that do not overlap. At run time: inline fixed-size moves, two of them
/// overlapping for the tail, instead of a call to memcpy per piece (URL pieces are short and
/// many; the calls were a visible share of a presign). A plain loop in constant evaluation.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 checks the 8- and 16-byte moves below against what it knows of `from` even on the
// branches that the size rules out (a 5-char literal "https" on the n >= 8 branch, say).
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Warray-bounds"
#  pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
PRESIGN_DETAIL_ALWAYS_INLINE constexpr void copy_chars(char* to, const char* from,
                                                       std::size_t n) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  if (!std::is_constant_evaluated()) {
    if (__builtin_constant_p(n) || n > 64) {
      if (n != 0) __builtin_memcpy(to, from, n);
    } else if (n >= 16) {
      for (std::size_t i = 0; i + 16 < n; i += 16) __builtin_memcpy(to + i, from + i, 16);
      __builtin_memcpy(to + n - 16, from + n - 16, 16);
    } else if (n >= 8) {
      __builtin_memcpy(to, from, 8);
      __builtin_memcpy(to + n - 8, from + n - 8, 8);
    } else if (n >= 4) {
      __builtin_memcpy(to, from, 4);
      __builtin_memcpy(to + n - 4, from + n - 4, 4);
    } else {
      for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    }
    return;
  }
#endif
  for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif

/// Writes into a caller's span, counting past its end (see the file comment). constexpr,
/// noexcept, no allocation; one object per thread.
class buffer_writer {
 public:
  constexpr explicit buffer_writer(std::span<char> out) noexcept : out_(out) {}

  constexpr void put(char c) noexcept {
    if (size_ < out_.size()) out_[size_] = c;
    ++size_;
  }
  constexpr void put(std::string_view s) noexcept {
    // Keep the visible part deterministic: write what fits, count the rest.
    const std::size_t n = s.size() <= room() ? s.size() : room();
    if (n != 0) copy_chars(out_.data() + size_, s.data(), n);
    size_ += s.size();
  }
  /// A pointer to `n` writable bytes at the current end, or nullptr when they do not fit (the
  /// caller then only counts them with skip()).
  [[nodiscard]] constexpr char* reserve(std::size_t n) noexcept {
    // An empty span (a size probe) may have a null data(): null + size_ would be undefined
    // behaviour (UBSan), so nothing is handed out then, not even for n == 0.
    return n <= room() && out_.data() != nullptr ? out_.data() + size_ : nullptr;
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
