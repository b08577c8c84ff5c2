// SPDX-License-Identifier: MIT
// presign: a small cache of SigV4 signing keys (kSigning as HMAC midstates, plus the HMAC
// state after the string to sign's first block for the current second) and of the current
// second's X-Amz-Date, and of the last valid bucket name, shared by all threads that use one
// presigner: each a seqlock (detail/seqlock.hpp), whose readers never write shared memory.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "presign/amz_time.hpp"
#include "presign/detail/secure_wipe.hpp"
#include "presign/detail/seqlock.hpp"
#include "presign/error.hpp"
#include "presign/hmac.hpp"

namespace presign::inline v0::detail {

/// A 128-bit fingerprint of the strings that determine a signing key (secret, date, region,
/// service). Not cryptographic: it only tells cache slots apart, so the secret itself is never
/// stored in the cache. Two independent 64-bit multiply-xorshift lanes.
struct key_fingerprint {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  friend constexpr bool operator==(const key_fingerprint&, const key_fingerprint&) noexcept = default;
};

/// Builds a key_fingerprint from strings, 8 bytes per step (a presign fingerprints the secret,
/// date and region every time, so a byte-at-a-time hash was a visible share of its cost).
class fingerprint_builder {
 public:
  constexpr void add(std::string_view s) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) mix(load(s, i, 8));
    // The tail (as the last 8 bytes, overlapping, when there are that many: one load), then
    // the length, so that ("ab","c") and ("a","bc") differ.
    if (i < s.size()) mix(s.size() >= 8 ? load(s, s.size() - 8, 8) : load(s, i, s.size() - i));
    mix(0x5BD1E9955BD1E995ull + s.size());
  }
  [[nodiscard]] constexpr key_fingerprint finish() const noexcept {
    return {avalanche(a_ ^ 0x9E3779B97F4A7C15ull), avalanche(b_ ^ 0xC2B2AE3D27D4EB4Full)};
  }

 private:
  // `n` <= 8 bytes at s[i..] as a little-endian word (memcpy at run time: the cache is only
  // used at run time, so constant evaluation and run time need not agree on big-endian hosts).
  static constexpr std::uint64_t load(std::string_view s, std::size_t i, std::size_t n) noexcept {
    std::uint64_t w = 0;
#if defined(__GNUC__) || defined(__clang__)
    if (!std::is_constant_evaluated() && n == 8) {
      __builtin_memcpy(&w, s.data() + i, 8);
      return w;
    }
#endif
    for (std::size_t k = 0; k < n; ++k)
      w |= std::uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    return w;
  }
  constexpr void mix(std::uint64_t v) noexcept {
    a_ = (a_ ^ v) * 0x9E3779B97F4A7C15ull;
    a_ ^= a_ >> 32;
    b_ = (b_ + v + 0x632BE59BD9B4E019ull) * 0xFF51AFD7ED558CCDull;
    b_ ^= b_ >> 29;
  }
  static constexpr std::uint64_t avalanche(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
  }
  std::uint64_t a_ = 0xCBF29CE484222325ull;
  std::uint64_t b_ = 0x27D4EB2F165667C5ull;
};

/// A tag of the secret alone (the first lane of its fingerprint): cache slots whose tag is not
/// the current secret's hold keys of rotated-away credentials, which store() evicts.
inline std::uint64_t secret_tag(std::string_view secret) noexcept {
  fingerprint_builder fb;
  fb.add(secret);
  return fb.finish().a;
}

/// What a presign takes from the cache: kSigning's pad midstates and, when one was recorded
/// for the current second, the HMAC inner state after the first block of the string to sign
/// (that block is "AWS4-HMAC-SHA256\n", X-Amz-Date and the start of the scope: the same for
/// every presign in that second). Key-equivalent secrets: wipe after use.
struct cached_signing_state {
  std::array<std::uint32_t, 16> midstates{};  ///< inner pad state, then outer pad state
  std::array<std::uint32_t, 8> after_first_block{};
  bool has_first_block = false;
};

/// The cache: a few slots keyed by key_fingerprint, each a seqlock (detail/seqlock.hpp).
/// Keys change once a day per scope, first blocks once a second.
class signing_key_cache {
 public:
  static constexpr std::size_t slots = 4;

  constexpr signing_key_cache() noexcept = default;
  // A copy starts empty: copying a presigner must not race with its users.
  constexpr signing_key_cache(const signing_key_cache&) noexcept {}
  constexpr signing_key_cache& operator=(const signing_key_cache&) noexcept { return *this; }
  // Wipes the cached keys (they are secrets for a day). A literal type, so a presigner can
  // live in a constant expression, where the cache is never used.
  constexpr ~signing_key_cache() {
    if (!std::is_constant_evaluated()) clear();
  }

  /// Copies the cached key for `fp` into `out`; false on a miss or a concurrent update.
  bool lookup(const key_fingerprint& fp, hmac_sha256& out) const noexcept {
    cached_signing_state state;
    const bool hit = lookup(fp, no_second, state);
    if (hit) out = hmac_sha256::from_midstates(state.midstates);
    secure_wipe(state);
    return hit;
  }

  /// Copies the cached key for `fp` into `out.midstates`, and the first-block state recorded
  /// for `second` (unix seconds) if there is one; false on a miss or a concurrent update.
  bool lookup(const key_fingerprint& fp, std::int64_t second,
              cached_signing_state& out) const noexcept {
    // Read straight into `out` (no staging copy to wipe), every loop unrolled: this runs on
    // every presign, and the rolled copy-then-unpack version cost ~170 instructions. A torn
    // read leaves junk in `out` only when the sequence check below then reports a miss.
    const slot& s = slots_[index(fp)];
    const seqlock_word s1 = s.begin_read();
    if (s1 == 0) return false;
    if (s.load(0) != fp.a || s.load(1) != fp.b) return false;
    load_unpacked(s, midstate_word, out.midstates);
    out.has_first_block = second != no_second && s.load(second_word) == to_word(second);
    if (out.has_first_block) load_unpacked(s, second_word + 1, out.after_first_block);
    return s.valid(s1);
  }

  /// Caches `key` for `fp` (derived from the secret whose secret_tag is `tag`) unless another
  /// thread is writing the slot right now, and wipes the other slots that hold keys of another
  /// secret: after credentials rotate, the old secret's keys (each good for a day) must not
  /// stay in memory. A store happens on a miss only (once a day per scope), so the scan is cheap.
  void store(const key_fingerprint& fp, const hmac_sha256& key, std::uint64_t tag) noexcept {
    std::array<std::uint64_t, words> copy{};
    copy[0] = fp.a;
    copy[1] = fp.b;
    copy[tag_word] = tag;
    pack(key.midstates(), copy, midstate_word);
    copy[second_word] = to_word(no_second);
    write(index(fp), copy, 0, nullptr);
    secure_wipe(copy);
    for (std::size_t i = 0; i < slots; ++i)
      if (i != index(fp)) evict_other_secret(i, tag);
  }

  /// Records `after_first_block` for `second` with the key cached for `fp`, unless the slot
  /// holds another key or another thread is writing it right now.
  void store_first_block(const key_fingerprint& fp, std::int64_t second,
                         const std::array<std::uint32_t, 8>& after_first_block) noexcept {
    std::array<std::uint64_t, words> copy{};
    copy[second_word] = to_word(second);
    pack(after_first_block, copy, second_word + 1);
    write(index(fp), copy, second_word, &fp);
    secure_wipe(copy);
  }

  /// Forgets every key (wiping it). Not for use while other threads presign.
  void clear() noexcept {
    for (slot& s : slots_) s.clear();
  }

 private:
  // Two fingerprint words, the secret's tag, the 16 midstate words packed two to a word, the
  // second of the first block, its 8 state words packed: 16 values. (The tag precedes the
  // second: store_first_block rewrites from second_word on and leaves it alone.)
  static constexpr std::size_t tag_word = 2;
  static constexpr std::size_t midstate_word = 3;
  static constexpr std::size_t second_word = midstate_word + 8;
  static constexpr std::size_t words = second_word + 1 + 4;
  static constexpr std::int64_t no_second = INT64_MIN;
  using slot = seqlock<words>;

  static std::size_t index(const key_fingerprint& fp) noexcept {
    return static_cast<std::size_t>(fp.a % slots);
  }
  static std::uint64_t to_word(std::int64_t v) noexcept { return static_cast<std::uint64_t>(v); }
  template <std::size_t N>
  static void pack(const std::array<std::uint32_t, N>& m, std::array<std::uint64_t, words>& w,
                   std::size_t at) noexcept {
    for (std::size_t i = 0; i < N / 2; ++i)
      w[at + i] = (std::uint64_t{m[2 * i]} << 32) | m[2 * i + 1];
  }
  // Loads N / 2 values of slot `s` from `at` on, each as two state words (pack's inverse).
  template <std::size_t N>
  static void load_unpacked(const slot& s, std::size_t at,
                            std::array<std::uint32_t, N>& m) noexcept {
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N / 2; ++i) {
      const std::uint64_t w = s.load(at + i);
      m[2 * i] = static_cast<std::uint32_t>(w >> 32);
      m[2 * i + 1] = static_cast<std::uint32_t>(w);
    }
  }
  // Writes copy[from, words) into slot `i` under its lock; with `owner`, only if the slot
  // holds that key.
  void write(std::size_t i, const std::array<std::uint64_t, words>& copy, std::size_t from,
             const key_fingerprint* owner) noexcept {
    slot& s = slots_[i];
    const seqlock_word held = s.try_lock(owner != nullptr);
    if (held == 0) return;
    if (owner == nullptr || (s.load(0) == owner->a && s.load(1) == owner->b)) {
      for (std::size_t k = from; k < words; ++k) s.store(k, copy[k]);
    }
    // Unchanged data still gets a new (even) sequence: harmless, readers just retry later.
    s.unlock(held);
  }

  // Zeroes slot `i` if it holds a key of a secret other than `tag`'s (a zero fingerprint is
  // a miss for every real key). Skipped when another thread holds the slot: that writer is
  // storing a current key, or the next store evicts.
  void evict_other_secret(std::size_t i, std::uint64_t tag) noexcept {
    slot& s = slots_[i];
    const seqlock_word held = s.try_lock(true);
    if (held == 0) return;
    if (s.load(tag_word) != tag)
      for (std::size_t k = 0; k < words; ++k) s.store(k, 0);
    s.unlock(held);
  }

  std::array<slot, slots> slots_{};
};

/// The X-Amz-Date text of the last second formatted, shared by the threads of one presigner
/// (a seqlock like signing_key_cache's slots): formatting a date once a second instead of on
/// every presign.
class amz_time_cache {
 public:
  constexpr amz_time_cache() noexcept = default;
  constexpr amz_time_cache(const amz_time_cache&) noexcept {}
  constexpr amz_time_cache& operator=(const amz_time_cache&) noexcept { return *this; }

  /// format_amz_time(seconds), from the cache when it holds that second. Not constexpr.
  result<amz_time_text> format(std::int64_t seconds) noexcept {
    const seqlock_word s1 = lock_.begin_read();
    if (s1 != 0) {
      const std::uint64_t t = lock_.load(0);
      const std::array<std::uint64_t, 2> words = {lock_.load(1), lock_.load(2)};
      if (lock_.valid(s1) && t == static_cast<std::uint64_t>(seconds)) {
        amz_time_text text;
        text.timestamp = std::bit_cast<std::array<char, 16>>(words);
        for (std::size_t i = 0; i < text.date.size(); ++i) text.date[i] = text.timestamp[i];
        return text;
      }
    }
    const result<amz_time_text> text = format_amz_time(seconds);
    if (!text) return text;
    const seqlock_word held = lock_.try_lock();
    if (held != 0) {
      const auto words = std::bit_cast<std::array<std::uint64_t, 2>>(text->timestamp);
      lock_.store(0, static_cast<std::uint64_t>(seconds));
      lock_.store(1, words[0]);
      lock_.store(2, words[1]);
      lock_.unlock(held);
    }
    return text;
  }

 private:
  seqlock<3> lock_;  // seconds, then the 16 timestamp chars
};

/// The last name (up to 64 bytes) that passed a pure validation, shared by the threads of
/// one presigner (a seqlock again): a presigner that signs for the same bucket again and
/// again validates its name once. A hit needs the very same bytes. Run time only.
class known_valid_name {
 public:
  constexpr known_valid_name() noexcept = default;
  constexpr known_valid_name(const known_valid_name&) noexcept {}
  constexpr known_valid_name& operator=(const known_valid_name&) noexcept { return *this; }

  /// True when `s` is the remembered name.
  bool contains(std::string_view s) const noexcept {
    if (s.size() > capacity) return false;
    const std::array<std::uint64_t, capacity / 8> want = words_of(s);
    const seqlock_word s1 = lock_.begin_read();
    if (s1 == 0 || lock_.load(0) != s.size() + 1) return false;
    bool same = true;
    for (std::size_t i = 0; i < (s.size() + 7) / 8; ++i)
      same = same && lock_.load(1 + i) == want[i];
    return same && lock_.valid(s1);
  }

  /// Remembers `s` (which the caller has just validated), unless another thread is writing.
  void remember(std::string_view s) noexcept {
    if (s.size() > capacity) return;
    const std::array<std::uint64_t, capacity / 8> words = words_of(s);
    const seqlock_word held = lock_.try_lock();
    if (held == 0) return;
    lock_.store(0, std::uint64_t{s.size() + 1});
    for (std::size_t i = 0; i < words.size(); ++i) lock_.store(1 + i, words[i]);
    lock_.unlock(held);
  }

 private:
  static constexpr std::size_t capacity = 64;
  static std::array<std::uint64_t, capacity / 8> words_of(std::string_view s) noexcept {
    std::array<std::uint64_t, capacity / 8> w{};
    if (!s.empty()) __builtin_memcpy(w.data(), s.data(), s.size());
    return w;
  }
  seqlock<1 + capacity / 8> lock_;  // size + 1, then the bytes
};

}  // namespace presign::inline v0::detail
