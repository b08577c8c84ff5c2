// SPDX-License-Identifier: MIT
// detail/seqlock.hpp: the sequence lock under the presigner's caches, and detail/slice.hpp.
// (Threads hammering the caches: test_concurrency.cpp, also under ThreadSanitizer.)
#include <doctest/doctest.h>

#include <cstdint>
#include <string_view>

#include <presign/presign.hpp>

using presign::detail::seqlock;
using presign::detail::seqlock_mode;
using presign::detail::seqlock_sync;
using presign::detail::seqlock_word;

TEST_CASE("seqlock: words as wide as the target's lock-free atomics, no more") {
#if defined(__GCC_ATOMIC_LLONG_LOCK_FREE) && __GCC_ATOMIC_LLONG_LOCK_FREE == 2
  CHECK(sizeof(seqlock_word) == 8);
  CHECK(seqlock<3>::alignment == 64);
#else
  CHECK(sizeof(seqlock_word) == 4);
#endif
  // The hosts this suite runs on have lock-free compare-exchange: the lock is on and atomic.
  CHECK(seqlock_sync == seqlock_mode::atomic);
}

TEST_CASE("seqlock: nothing to read until written; values round-trip all 64 bits") {
  seqlock<3> lock;
  CHECK(lock.begin_read() == 0);
  const seqlock_word held = lock.try_lock();
  REQUIRE(held != 0);
  CHECK(lock.begin_read() == 0);  // being written: readers miss
  CHECK(lock.try_lock() == 0);    // and a second writer does not get in
  lock.store(0, 0x0123456789ABCDEFull);
  lock.store(1, 0);
  lock.store(2, ~0ull);
  lock.unlock(held);
  const seqlock_word s = lock.begin_read();
  REQUIRE(s != 0);
  CHECK((s & 1u) == 0);
  CHECK(lock.load(0) == 0x0123456789ABCDEFull);
  CHECK(lock.load(1) == 0);
  CHECK(lock.load(2) == ~0ull);
  CHECK(lock.valid(s));
}

TEST_CASE("seqlock: a write between begin_read and valid invalidates the read") {
  seqlock<1> lock;
  lock.unlock(lock.try_lock());
  const seqlock_word s = lock.begin_read();
  REQUIRE(s != 0);
  const seqlock_word held = lock.try_lock();
  REQUIRE(held != 0);
  CHECK_FALSE(lock.valid(s));  // during the write
  lock.store(0, 7);
  lock.unlock(held);
  CHECK_FALSE(lock.valid(s));  // and after it
  CHECK(lock.valid(lock.begin_read()));
}

TEST_CASE("seqlock: only_if_written refuses a lock never written; clear forgets") {
  seqlock<2> lock;
  CHECK(lock.try_lock(true) == 0);
  lock.unlock(lock.try_lock());
  const seqlock_word held = lock.try_lock(true);
  CHECK(held != 0);
  lock.store(1, 42);
  lock.unlock(held);
  lock.clear();
  CHECK(lock.begin_read() == 0);
  CHECK(lock.load(1) == 0);
}

TEST_CASE("seqlock: the sequence never wraps to 0 (0 means never written)") {
  seqlock<1> lock;
  const seqlock_word last_odd = static_cast<seqlock_word>(~seqlock_word{0});
  lock.unlock(last_odd);
  const seqlock_word s = lock.begin_read();
  CHECK(s == 2);
}

TEST_CASE("slice: substr for every position in range, clamped past the end") {
  constexpr std::string_view s = "presign";
  for (std::size_t pos = 0; pos <= s.size(); ++pos) {
    for (std::size_t n = 0; n <= s.size() + 1; ++n)
      CHECK(presign::detail::slice(s, pos, n) == s.substr(pos, n));
    CHECK(presign::detail::slice(s, pos) == s.substr(pos));
  }
  CHECK(presign::detail::slice(s, 99).empty());
  CHECK(presign::detail::slice(s, 99).data() == s.data() + s.size());
  static_assert(presign::detail::slice("abcdef", 2, 3) == "cde");
}
