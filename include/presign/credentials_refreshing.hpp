// SPDX-License-Identifier: MIT
// presign: credentials from a user callback, cached and refreshed ahead of their expiry (opt-in).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "presign/config.hpp"
#if PRESIGN_HAS_THREADS
#  include <condition_variable>
#  include <mutex>
#endif

#include "presign/clock.hpp"
#include "presign/credentials.hpp"
#include "presign/credentials_env.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// A credentials holder that shares ownership of one immutable snapshot, so a view stays valid
/// while the holder lives even if the source has moved on to new credentials. Copying is cheap
/// (a reference count); default-constructed it views nothing (validate_credentials says missing).
struct shared_credentials {
  std::shared_ptr<const owned_credentials> credentials;

  /// A view of the snapshot, valid while this holder (or a copy) lives. noexcept.
  [[nodiscard]] credentials_view view() const noexcept {
    return credentials == nullptr ? credentials_view{} : credentials->view();
  }
};

// refreshing_credentials exists only where there are threads (PRESIGN_HAS_THREADS, config.hpp):
// it is a service's credential source, whose waiting needs std::condition_variable.
#if PRESIGN_HAS_THREADS

/// Credentials from a callback (STS, IMDS, your vault...) that returns credentials with an
/// expiry. They are cached and fetched again once `now >= next_refresh`, where, for
/// credentials fetched at time `f`,
///     next_refresh = max(expiration - refresh_ahead, f + min(60, (expiration - f) / 2))
/// i.e. refresh_ahead seconds before they expire, except that credentials which arrive with
/// less life left than refresh_ahead (IMDS near a rotation, a vault issuing short-lived keys)
/// are kept for half their remaining life, at most 60 s, instead of being fetched again on
/// every get(). Credentials without expiry are never refreshed (see invalidate()).
/// Thread-safe: one thread at a time runs the callback; meanwhile the others keep using the
/// cached credentials while they are still valid (now < expiration), or wait for the callback
/// when they are not, and then take its result (or its error) without calling it again. A
/// failed refresh while the cached credentials are still valid keeps them (and the next get()
/// tries again). Callback results are checked with validate_credentials; ones already expired
/// count as a failure. Allocates; not copyable, movable.
class refreshing_credentials {
 public:
  /// `fetch` is called (never concurrently with itself) whenever credentials are needed;
  /// `now` returns unix seconds and defaults to the system clock. A `refresh_ahead_seconds`
  /// below 0 counts as 0.
  explicit refreshing_credentials(std::function<result<owned_credentials>()> fetch,
                                  std::int64_t refresh_ahead_seconds = 300,
                                  std::function<std::int64_t()> now = {})
      : state_(std::make_unique<state>()) {
    state_->fetch = std::move(fetch);
    state_->refresh_ahead = refresh_ahead_seconds < 0 ? 0 : refresh_ahead_seconds;
    state_->now = now ? std::move(now) : std::function<std::int64_t()>{[] { return system_clock{}.now(); }};
  }

  /// Current credentials, fetching new ones first when needed. Errors: what the callback
  /// returned (or credentials_unavailable when it returned expired credentials, or a
  /// validate_credentials error) when there are no still-valid cached credentials to fall back
  /// on. A moved-from object returns credentials_unavailable.
  [[nodiscard]] result<shared_credentials> get() const {
    if (state_ == nullptr) return errc::credentials_unavailable;
    state& s = *state_;
    std::unique_lock<std::mutex> lock{s.mutex};
    for (;;) {
      const std::int64_t t = s.now();
      if (s.current != nullptr && t < s.next_refresh) return shared_credentials{s.current};
      if (s.refreshing) {
        // Someone is fetching: use what we have while it is valid, else wait for the result.
        if (s.current != nullptr && t < s.current->expiration) return shared_credentials{s.current};
        const std::uint64_t generation = s.generation;
        s.done.wait(lock, [&s, generation] { return s.generation != generation; });
        if (s.last_error == errc::ok) {
          // That fetch succeeded: its credentials were checked against the clock just now, and
          // are what we waited for, even if they are already due for refresh (very short-lived).
          // Fetching again here would run the callback once per waiter, one after the other.
          if (s.current != nullptr) return shared_credentials{s.current};
          continue;  // invalidate() ran meanwhile
        }
        // That fetch failed. Do not call again for every waiter: return its error unless
        // something valid is left.
        const std::int64_t t2 = s.now();
        if (s.current != nullptr && t2 < s.current->expiration) {
          return shared_credentials{s.current};
        }
        return s.last_error;
      }
      return refresh(s, lock);
    }
  }

  /// Drops the cached credentials so that the next get() calls the callback (for example after
  /// a 403 InvalidAccessKeyId). Holders already handed out stay valid. Thread-safe.
  void invalidate() const {
    if (state_ == nullptr) return;
    const std::lock_guard<std::mutex> lock{state_->mutex};
    state_->current.reset();
  }

 private:
  struct state {
    std::function<result<owned_credentials>()> fetch;
    std::function<std::int64_t()> now;
    std::int64_t refresh_ahead = 300;
    std::mutex mutex;
    std::condition_variable done;
    std::shared_ptr<const owned_credentials> current;  // guarded by mutex
    std::int64_t next_refresh = 0;                     // for current; guarded by mutex
    bool refreshing = false;                           // guarded by mutex
    std::uint64_t generation = 0;                      // bumped when a fetch ends
    errc last_error = errc::ok;                        // outcome of the last fetch

    // The class comment's rule, for credentials that expire at `expiration` (> t), fetched at t.
    [[nodiscard]] std::int64_t next_refresh_for(std::int64_t expiration,
                                                std::int64_t t) const noexcept {
      if (expiration == no_expiration) return no_expiration;  // never due
      // expiration - refresh_ahead, without overflow for very early expirations.
      const std::int64_t ahead = detail::saturating_add(expiration, -refresh_ahead);
      // expiration - t > 0 may not fit an int64 (a clock that failed reads far before 1970).
      const std::uint64_t life =
          static_cast<std::uint64_t>(expiration) - static_cast<std::uint64_t>(t);
      const std::int64_t keep = life / 2 < 60 ? static_cast<std::int64_t>(life / 2) : 60;
      const std::int64_t soon = t + keep;  // < expiration: no overflow
      return ahead > soon ? ahead : soon;
    }
  };

  // Ends a fetch even if the callback throws: waiters must never wait forever.
  struct fetch_guard {
    state& s;
    std::unique_lock<std::mutex>& lock;
    errc outcome = errc::credentials_unavailable;
    ~fetch_guard() {
      if (!lock.owns_lock()) lock.lock();
      s.refreshing = false;
      s.last_error = outcome;
      ++s.generation;
      s.done.notify_all();
    }
  };

  static result<shared_credentials> refresh(state& s, std::unique_lock<std::mutex>& lock) {
    s.refreshing = true;
    fetch_guard guard{s, lock};
    lock.unlock();
    // The callback runs without the lock, so readers are never blocked by a slow fetch. A
    // callback that throws (or an empty one) is a failed fetch, and so is an allocation that
    // throws: the still-valid cached credentials are kept as for any failure, and the
    // presigner (noexcept) never sees an exception.
    result<owned_credentials> fetched = detail::call_or<result<owned_credentials>>(
        [&s]() { return s.fetch(); }, errc::credentials_unavailable);
    std::shared_ptr<const owned_credentials> fresh;
    errc outcome = fetched.error();
    if (fetched) {
      outcome = validate_credentials(fetched->view());
      if (outcome == errc::ok) {
        fresh = detail::call_or<std::shared_ptr<const owned_credentials>>(
            [&fetched]() { return std::make_shared<const owned_credentials>(std::move(*fetched)); },
            nullptr);
        if (fresh == nullptr) outcome = errc::credentials_unavailable;
      }
    }
    lock.lock();
    // The time the credentials arrived (a slow fetch may have taken a while).
    const std::int64_t t = s.now();
    if (outcome == errc::ok && (fresh == nullptr || fresh->expiration <= t)) {
      outcome = errc::credentials_unavailable;
    }
    guard.outcome = outcome;
    if (outcome == errc::ok) {
      s.current = std::move(fresh);
      s.next_refresh = s.next_refresh_for(s.current->expiration, t);
      return shared_credentials{s.current};
    }
    // Keep the old credentials while they still work.
    if (s.current != nullptr && t < s.current->expiration) return shared_credentials{s.current};
    return outcome;
  }

  std::unique_ptr<state> state_;
};

#endif  // PRESIGN_HAS_THREADS

}  // namespace presign::inline v0
