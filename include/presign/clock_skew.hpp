// SPDX-License-Identifier: MIT
// presign: a clock whose skew correction is updated at run time from server responses (opt-in).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "presign/clock.hpp"
#include "presign/config.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// `base.now() + offset()`, where the offset is an atomic that any thread may update while
/// others sign (for example from the `Date` header of a RequestTimeTooSkewed response).
/// Thread-safe, lock-free where std::atomic<std::int64_t> is, no allocation, not constexpr.
/// Copies take a snapshot of the offset; share one instance through clock_ref to have every
/// presigner see the updates.
template <clock_source Base = system_clock>
class atomic_offset_clock {
 public:
  atomic_offset_clock() = default;
  /// A clock reading `base`, corrected by `offset` seconds.
  explicit atomic_offset_clock(Base base, std::int64_t offset = 0) noexcept
      : base_(static_cast<Base&&>(base)), offset_(offset) {}
  atomic_offset_clock(const atomic_offset_clock& other) noexcept
      : base_(other.base_), offset_(other.offset()) {}
  atomic_offset_clock& operator=(const atomic_offset_clock& other) noexcept {
    base_ = other.base_;
    set_offset(other.offset());
    return *this;
  }
  ~atomic_offset_clock() = default;

  /// The corrected time. Saturates instead of overflowing.
  [[nodiscard]] std::int64_t now() const noexcept {
    // A Base that throws reads as clock_failure (this is noexcept).
    return detail::saturating_add(
        detail::call_or<std::int64_t>([this]() { return base_.now(); }, clock_failure), offset());
  }
  /// The current correction, in seconds.
  [[nodiscard]] std::int64_t offset() const noexcept {
    // Relaxed: the offset is one independent number; no other memory is published with it.
    return offset_.load(std::memory_order_relaxed);
  }
  /// Replaces the correction.
  void set_offset(std::int64_t offset) noexcept { offset_.store(offset, std::memory_order_relaxed); }

  /// Sets the correction so that now() agrees with a server whose response carried
  /// `date_header` (RFC 7231 HTTP-date), measured against the uncorrected base clock now.
  /// Returns the new offset. Errors: invalid_time for a malformed header, or when the base
  /// clock failed (returned clock_failure or threw); the offset is then unchanged.
  result<std::int64_t> update_from_http_date(std::string_view date_header) noexcept {
    const std::int64_t local =
        detail::call_or<std::int64_t>([this]() { return base_.now(); }, clock_failure);
    if (local == clock_failure) return errc::invalid_time;
    const result<std::int64_t> off = clock_offset_from_http_date(date_header, local);
    if (off) set_offset(*off);
    return off;
  }

  /// The uncorrected clock.
  [[nodiscard]] const Base& base() const noexcept { return base_; }

 private:
  Base base_{};
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace presign::inline v0
