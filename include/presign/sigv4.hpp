// SPDX-License-Identifier: MIT
// presign: the generic AWS Signature Version 4 query signer ("presigning"). It builds the
// canonical request, the string to sign and the signature, and writes the signed URL into a
// caller's buffer. S3 is one configuration of it (UNSIGNED-PAYLOAD, path encoded once and never
// normalised); other services encode the path twice and normalise it, which is how the public
// aws-sig-v4 test suite runs through the same code.
//
// The canonical query string is written once, straight into the URL, and hashed from there:
// the URL we emit and the bytes we sign can never disagree, and nothing is copied.
#pragma once

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "presign/detail/slice.hpp"
#include "presign/amz_time.hpp"
#include "presign/credentials.hpp"
#include "presign/detail/buffer_writer.hpp"
#include "presign/detail/fixed_string.hpp"
#include "presign/detail/signing_key_cache.hpp"
#include "presign/error.hpp"
#include "presign/hex.hpp"
#include "presign/hmac.hpp"
#include "presign/sha256.hpp"
#include "presign/uri_encode.hpp"
#include "presign/validate.hpp"

namespace presign::inline v0 {

/// A query parameter as raw (unencoded) bytes. A value-less parameter (`?uploads`) has an
/// empty value and is signed as `uploads=`.
struct query_param {
  std::string_view name{};
  std::string_view value{};
};

/// An HTTP header to sign. Names are case-insensitive (signed lowercased); values are signed
/// trimmed with inner runs of blanks collapsed, as the server will canonicalise them.
struct http_header {
  std::string_view name{};
  std::string_view value{};
};

/// Limits that keep the signer's working set on the stack. Requests past them get
/// errc::invalid_query_parameter / errc::invalid_header, never a truncated signature.
inline constexpr std::size_t max_query_parameters = 48;  ///< caller's own, besides X-Amz-*
inline constexpr std::size_t max_signed_headers = 32;    ///< besides host
inline constexpr std::size_t max_access_key_id_size = 128;
inline constexpr std::int64_t default_max_expiry = 604800;  ///< seven days, S3's ceiling
/// The highest max_expiry a signer or verifier accepts: ten 365-day years, far past any
/// server's ceiling (S3 and Ceph RGW: 604800 s). So X-Amz-Expires has at most 9 digits, which
/// the verifier parses, and X-Amz-Date + X-Amz-Expires cannot overflow. Past it:
/// errc::invalid_option.
inline constexpr std::int64_t max_expiry_limit = std::int64_t{10} * 365 * 86400;

inline constexpr std::string_view sigv4_algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view empty_payload_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// How a signer is configured for a service.
struct sigv4_options {
  std::string_view service = "s3";
  std::string_view payload_hash = unsigned_payload;
  /// S3: false. Other services: remove `.`/`..` segments and empty segments before signing.
  bool normalize_path = false;
  /// S3: false (the path is encoded once). Other services: the canonical URI is the encoded
  /// path encoded again.
  bool double_encode_path = false;
  /// S3 signs X-Amz-Security-Token; some services want it added after signing.
  bool sign_session_token = true;
  /// Expiry ceiling; S3 refuses more than 604800 s, S3-compatible servers may allow more.
  /// 1..max_expiry_limit (more: errc::invalid_option).
  std::int64_t max_expiry = default_max_expiry;
};

/// One request to presign. All views must outlive the call only.
struct sigv4_query_request {
  std::string_view method = "GET";
  std::string_view scheme = "https";  ///< only written into the URL
  std::string_view host{};            ///< host[:port] exactly as signed and as put in the URL
  /// The raw (unencoded) path as pieces that are concatenated: {"/", bucket, "/", key} saves a
  /// copy. With normalize_path the pieces are normalised as one string.
  std::span<const std::string_view> path{};
  std::span<const query_param> query{};
  std::span<const http_header> headers{};  ///< signed headers besides host
  std::string_view region{};
  std::int64_t signing_time = 0;  ///< unix seconds
  std::int64_t expires_in = 0;    ///< seconds, 1..max_expiry
};

/// Where to copy the canonical request and string to sign (for diagnosing a 403). Each span
/// may be empty; the views in the result are set only when the whole text fitted.
struct sigv4_debug_buffers {
  std::span<char> canonical_request{};
  std::span<char> string_to_sign{};
};

/// A signed URL: views into the caller's buffer.
struct sigv4_signed_url {
  std::string_view url{};
  std::string_view signature{};  ///< the 64 hex digits inside url
  std::int64_t expires_at = 0;   ///< signing_time + expires_in
  std::string_view canonical_request{};
  std::string_view string_to_sign{};
};

/// Derives kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
/// "aws4_request") as a ready keyed HMAC state. constexpr; no allocation.
[[nodiscard]] constexpr hmac_sha256 derive_signing_key(std::string_view secret,
                                                       std::string_view date,
                                                       std::string_view region,
                                                       std::string_view service) noexcept {
  // "AWS4" + secret is the first key. It is hashed first when longer than a block (RFC 2104),
  // which the streaming hash does without building the concatenation.
  constexpr std::string_view prefix = "AWS4";
  // Each key is a named object initialised in place (no temporary copy) and wiped once used:
  // none of kDate .. kSigning may stay in this frame (issue 17, item 6).
  // kDate from "AWS4" + secret, written straight into k_date (prvalues only: a named result
  // returned from two branches would be copied through a temporary left in this frame).
  sha256_digest k_date = prefix.size() + secret.size() <= sha256::block_size
                             ? [&] {
                                 // The whole zero-padded block is the same HMAC key (RFC 2104
                                 // §2 pads short keys with zeros), and its size is then a
                                 // constant: no hashed-key path for the compiler to see.
                                 detail::wiped<std::array<char, sha256::block_size>> key{};
                                 std::size_t n = 0;
                                 for (char c : prefix) key.value[n++] = c;
                                 for (char c : secret) key.value[n++] = c;
                                 return hmac_sha256(key.value).sign(date);
                               }()
                             : [&] {
                                 sha256 h;
                                 h.update(prefix).update(secret);
                                 const detail::wiped<sha256_digest> hashed{h.finish()};
                                 return hmac_sha256(hashed.value).sign(date);
                               }();
  sha256_digest k_region = hmac_sha256(k_date).sign(region);
  detail::secure_wipe(k_date);
  sha256_digest k_service = hmac_sha256(k_region).sign(service);
  detail::secure_wipe(k_region);
  sha256_digest k_signing = hmac_sha256(k_service).sign(std::string_view("aws4_request"));
  detail::secure_wipe(k_service);
  hmac_sha256 key_state(k_signing);
  detail::secure_wipe(k_signing);
  return key_state;
}

namespace detail {

/// Yields the URI encoding of a string one character at a time, so two encodings can be
/// compared without being written anywhere.
class encoded_cursor {
 public:
  constexpr explicit encoded_cursor(std::string_view s) noexcept : s_(s) {}
  /// The next encoded character, or -1 at the end.
  constexpr int next() noexcept {
    if (pending_ > 0) return static_cast<unsigned char>(buf_[3 - pending_--]);
    if (i_ == s_.size()) return -1;
    const char c = s_[i_++];
    if (is_unreserved(c)) return static_cast<unsigned char>(c);
    constexpr std::string_view digits = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(c);
    buf_[1] = digits[b >> 4];
    buf_[2] = digits[b & 0xF];
    pending_ = 2;
    return '%';
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  std::size_t pending_ = 0;
  std::array<char, 3> buf_{'%', '0', '0'};
};

/// Byte order of the URI encodings (encode_slash) of a and b: <0, 0, >0.
constexpr int compare_encoded(std::string_view a, std::string_view b) noexcept {
  encoded_cursor x(a), y(b);
  for (;;) {
    const int cx = x.next();
    const int cy = y.next();
    if (cx != cy) return cx < cy ? -1 : 1;
    if (cx < 0) return 0;
  }
}

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Byte order of the lowercase forms of a and b.
constexpr int compare_lowercase(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char x = ascii_lower(a[i]);
    const char y = ascii_lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && compare_lowercase(a, b) == 0;
}

/// Per byte, what the URI encoding writes: the byte itself or "%XY", padded to 4 chars with
/// the count (1 or 3) in the last one, so the run-time encoder stores 4 chars and advances by
/// the count without a branch per byte (keys with spaces would mispredict one per byte).
using uri_encode_entry = std::array<char, 4>;
constexpr std::array<uri_encode_entry, 256> make_uri_encode_table(uri_encode_mode mode) noexcept {
  std::array<uri_encode_entry, 256> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<char>(static_cast<unsigned char>(i));
    if (is_unreserved(c) || (c == '/' && mode == uri_encode_mode::keep_slash)) {
      t[i] = {c, '\0', '\0', '\1'};
    } else {
      t[i] = {'%', uri_hex_upper[i >> 4], uri_hex_upper[i & 0xFu], '\3'};
    }
  }
  return t;
}
// Variable templates: built by the compiler only in translation units that use them (as
// plain constants they cost every includer ~3% of the core's parse time).
template <uri_encode_mode Mode>
inline constexpr std::array<uri_encode_entry, 256> uri_encode_table = make_uri_encode_table(Mode);

/// Writes the URI encoding of `s`: in one pass when the worst case (3 chars per byte, plus one
/// spare for the 4-char stores) fits, else it is measured first and written only if it fits
/// (the rest is counted).
template <class Writer>
constexpr void put_encoded(Writer& w, std::string_view s, uri_encode_mode mode) noexcept {
  if (s.size() < SIZE_MAX / 3) {
    if (char* const begin = w.reserve(3 * s.size() + 1)) {
      char* p = begin;
      // PRESIGN_SMALL_CODE: the plain encoder at run time too, without the two 1 KiB tables.
      if (std::is_constant_evaluated() || PRESIGN_SMALL_CODE) {
        p = uri_encode_unchecked(s, p, mode);
      } else {
        const auto& table =
            mode == uri_encode_mode::keep_slash ? uri_encode_table<uri_encode_mode::keep_slash>
                                                : uri_encode_table<uri_encode_mode::encode_slash>;
        for (const char c : s) {
          const uri_encode_entry& e = table[static_cast<unsigned char>(c)];
          copy_chars(p, e.data(), 4);
          p += static_cast<unsigned char>(e[3]);
        }
      }
      w.skip(static_cast<std::size_t>(p - begin));
      return;
    }
  }
  const std::size_t n = uri_encoded_size(s, mode);
  if (char* p = w.reserve(n)) uri_encode_unchecked(s, p, mode);
  w.skip(n);
}

/// Lowercase hex of `n` bytes into `out` (2n chars): a 2-char store per byte from a table at
/// run time, the plain encoder in constant evaluation and in the size build.
template <int = 0>
inline constexpr std::array<std::array<char, 2>, 256> hex_pairs = [] {
  std::array<std::array<char, 2>, 256> t{};
  for (std::size_t i = 0; i < t.size(); ++i)
    t[i] = {hex_lower_digits[i >> 4], hex_lower_digits[i & 0xFu]};
  return t;
}();
template <int = 0>
constexpr char* put_hex(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  // PRESIGN_SMALL_CODE: the plain encoder at run time too, without the 512-byte table.
  if (std::is_constant_evaluated() || PRESIGN_SMALL_CODE) return hex_encode_unchecked(in, n, out);
  for (std::size_t i = 0; i < n; ++i) copy_chars(out + 2 * i, hex_pairs<>[in[i]].data(), 2);
  return out + 2 * n;
}

/// True when every byte of `s` is at least `low` and none is DEL (0x7F): 8 bytes at a time at
/// run time (the SWAR "has a byte less than n" test, exact for n <= 128).
constexpr bool bytes_at_least_no_del(std::string_view s, unsigned char low) noexcept {
  if (std::is_constant_evaluated()) {
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u < low || u == 0x7F) return false;
    }
    return true;
  }
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  const std::uint64_t lows = ones * low;
  std::uint64_t bad = 0;
  std::size_t i = 0;
  const auto check = [&](std::uint64_t x) {
    const std::uint64_t del = x ^ (ones * 0x7F);
    bad |= ((x - lows) & ~x & highs) | ((del - ones) & ~del & highs);
  };
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x = 0;
    __builtin_memcpy(&x, s.data() + i, 8);
    check(x);
  }
  if (i < s.size()) {
    std::uint64_t x = ones * 'A';  // padding that passes
    __builtin_memcpy(&x, s.data() + i, s.size() - i);
    check(x);
  }
  return bad == 0;
}

/// validate_credentials, with the common all-good case settled by bytes_at_least_no_del and
/// anything else (including the exact error) left to validate_credentials itself.
constexpr errc check_credentials(const credentials_view& c) noexcept {
  if (!c.access_key_id.empty() && !c.secret_access_key.empty() &&
      (c.session_token.empty() || c.session_token.front() != ' ') &&
      bytes_at_least_no_del(c.access_key_id, 0x21) &&
      bytes_at_least_no_del(c.secret_access_key, 0x21) &&
      bytes_at_least_no_del(c.session_token, 0x20))
    return errc::ok;
  return validate_credentials(c);
}

/// Writes a non-negative integer in decimal.
template <class Writer>
constexpr void put_decimal(Writer& w, std::int64_t v) noexcept {
  std::array<char, 20> digits{};
  std::size_t n = digits.size();
  auto u = static_cast<std::uint64_t>(v < 0 ? 0 : v);
  do {
    digits[--n] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  w.put(std::string_view(digits.data() + n, digits.size() - n));
}

/// buffer_writer's interface without the bounds checks, for when the caller has made sure
/// that everything fits (sigv4_presign_core checks an upper bound of the URL once): each put
/// is then a plain store or copy, inlined, with no branch and no count kept past an end.
class raw_writer {
 public:
  constexpr explicit raw_writer(char* begin) noexcept : begin_(begin), p_(begin) {}
  PRESIGN_DETAIL_ALWAYS_INLINE constexpr void put(char c) noexcept { *p_++ = c; }
  PRESIGN_DETAIL_ALWAYS_INLINE constexpr void put(std::string_view s) noexcept {
    copy_chars(p_, s.data(), s.size());
    p_ += s.size();
  }
  [[nodiscard]] PRESIGN_DETAIL_ALWAYS_INLINE constexpr char* reserve(std::size_t) noexcept {
    return p_;
  }
  PRESIGN_DETAIL_ALWAYS_INLINE constexpr void skip(std::size_t n) noexcept { p_ += n; }
  [[nodiscard]] PRESIGN_DETAIL_ALWAYS_INLINE constexpr std::size_t size() const noexcept {
    return static_cast<std::size_t>(p_ - begin_);
  }

 private:
  char* begin_;
  char* p_;
};

/// Finishes SHA-256 in place: `buf` holds the last `size` message bytes after `prefix` bytes
/// already compressed into `state`, and has room up to the next block boundary after
/// size + 9. Writes the padding (FIPS 180-4 §5.1.1) there and compresses every block in one
/// call: no staging copies, and one multi-block call to the hardware back end. Returns the
/// final state (H0..H7); put_hex_state and put_state_bytes print it.
PRESIGN_DETAIL_ALWAYS_INLINE constexpr sha256_state sha256_pad_in_place(
    sha256_state state, std::uint64_t prefix, char* buf, std::size_t size) noexcept {
  const std::size_t blocks = (size + 8) / 64 + 1;
  const std::size_t end = blocks * 64;
  buf[size] = static_cast<char>(0x80);
  for (std::size_t i = size + 1; i < end - 8; ++i) buf[i] = '\0';  // GCC and clang: a memset
  const std::uint64_t bits = (prefix + size) * 8u;  // modulo 2^64, as specified
#if defined(__GNUC__) || defined(__clang__)
  if (!std::is_constant_evaluated()) {
    // One 8-byte store: the byte loop below was not unrolled and cost ~55 instructions a
    // call, three calls per presign.
    const std::uint64_t be =
        std::endian::native == std::endian::little ? __builtin_bswap64(bits) : bits;
    __builtin_memcpy(buf + end - 8, &be, 8);
    sha256_compress(state, buf, blocks);
    return state;
  }
#endif
  for (std::size_t i = 0; i < 8; ++i)
    buf[end - 1 - i] = static_cast<char>(static_cast<unsigned char>(bits >> (8 * i)));
  sha256_compress(state, buf, blocks);
  return state;
}

// Only where there are 128-bit vector registers: elsewhere (Cortex-M, RV32) the compiler
// emulates the vectors byte by byte, 1.3 KiB of code slower than the scalar loop.
#if (defined(__GNUC__) || defined(__clang__)) && defined(__has_builtin) && \
    (defined(__SSE2__) || defined(__ARM_NEON))
#  if __has_builtin(__builtin_shufflevector)
#    define PRESIGN_DETAIL_VECTOR_HEX 1
#  endif
#endif
#if !defined(PRESIGN_DETAIL_VECTOR_HEX)
#  define PRESIGN_DETAIL_VECTOR_HEX 0
#endif

#if PRESIGN_DETAIL_VECTOR_HEX
// Digests from state words with generic vector code (SSE2 on any x86-64, NEON on ARM), 16
// bytes at a time in registers: the state words are loaded as they were stored and put in
// big-endian order with a shuffle, and hex digits are made with arithmetic, not a table.
// Narrow stores followed by wide loads of the same bytes stall store forwarding, which a
// byte-at-a-time version did several times per presign.
typedef unsigned char sigv4_v16u __attribute__((vector_size(16)));

// 16 bytes as 32 lowercase hex digits.
inline void hex16(sigv4_v16u v, char* out) noexcept {
  const sigv4_v16u hi = v >> 4;
  const sigv4_v16u lo = v & 0x0F;
  sigv4_v16u a = __builtin_shufflevector(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22,
                                         7, 23);
  sigv4_v16u b = __builtin_shufflevector(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29,
                                         14, 30, 15, 31);
  a = a + '0' + (reinterpret_cast<sigv4_v16u>(a > 9) & ('a' - '0' - 10));
  b = b + '0' + (reinterpret_cast<sigv4_v16u>(b > 9) & ('a' - '0' - 10));
  __builtin_memcpy(out, &a, 16);
  __builtin_memcpy(out + 16, &b, 16);
}
#endif

/// The digest of a final state as its 32 bytes, into chars.
constexpr void put_state_bytes(const sha256_state& state, char* out) noexcept {
  if (!std::is_constant_evaluated()) {
    // One byte-swapped 4-byte store per word (compilers emit bswap for the shifts); a plain
    // byte loop was vectorised into a long shuffle sequence at -O3. Unrolled: rolled, the
    // loop's bookkeeping was half its ~60 instructions.
#pragma GCC unroll 8
    for (std::size_t i = 0; i < 8; ++i) {
      const std::uint32_t w = state[i];
      const std::uint32_t be = std::endian::native == std::endian::little
                                   ? (w >> 24) | ((w >> 8) & 0xFF00u) | ((w << 8) & 0xFF0000u) |
                                         (w << 24)
                                   : w;
      copy_chars(out + 4 * i, std::bit_cast<std::array<char, 4>>(be).data(), 4);
    }
    return;
  }
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t k = 0; k < 4; ++k)
      *out++ = static_cast<char>(static_cast<std::uint8_t>(state[i] >> (24 - 8 * k)));
  }
}

/// The digest of a final state as 64 lowercase hex digits.
constexpr void put_hex_state(const sha256_state& state, char* out) noexcept {
#if PRESIGN_DETAIL_VECTOR_HEX
  if (!std::is_constant_evaluated()) {
    // Bytes first (scalar), then 16 at a time: measured faster here than shuffling the
    // words in vector registers.
    std::array<char, 32> bytes;
    put_state_bytes(state, bytes.data());
    sigv4_v16u v;
    __builtin_memcpy(&v, bytes.data(), 16);
    hex16(v, out);
    __builtin_memcpy(&v, bytes.data() + 16, 16);
    hex16(v, out + 32);
    return;
  }
#endif
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t k = 0; k < 4; ++k) {
      const auto byte = static_cast<std::uint8_t>(state[i] >> (24 - 8 * k));
      *out++ = hex_lower_digits[byte >> 4];
      *out++ = hex_lower_digits[byte & 0xFu];
    }
  }
}

/// Feeds the canonical request to SHA-256 and, when asked, to a debug copy. Short pieces
/// (newlines, header names, the host) gather in a staging buffer so that they cost one
/// sha256::update between them; a long run (the path and query, hashed straight from the URL)
/// goes to the hash directly, its whole blocks compressed in place in one multi-block call.
class canonical_sink {
 public:
  constexpr explicit canonical_sink(buffer_writer* copy) noexcept : copy_(copy) {}
  constexpr void put(std::string_view s) noexcept {
    if (copy_ != nullptr) copy_->put(s);
    if (s.size() > stage_.size() - staged_) {
      flush();
      if (s.size() >= stage_.size()) {
        hash_.update(s);
        return;
      }
    }
    copy_chars(stage_.data() + staged_, s.data(), s.size());
    staged_ += s.size();
  }
  constexpr void put(char c) noexcept {
    if (copy_ != nullptr) copy_->put(c);
    if (staged_ == stage_.size()) flush();
    stage_[staged_++] = c;
  }
  /// Feeds the URI encoding of `s` (used for the double-encoded path).
  constexpr void put_encoded(std::string_view s, uri_encode_mode mode) noexcept {
    for (const char c : s) {
      const std::array<char, 3> e = {'%', uri_hex_upper[static_cast<unsigned char>(c) >> 4],
                                     uri_hex_upper[static_cast<unsigned char>(c) & 0xFu]};
      if (is_unreserved(c) || (c == '/' && mode == uri_encode_mode::keep_slash)) {
        put(c);
      } else {
        for (char x : e) put(x);
      }
    }
  }
  [[nodiscard]] constexpr sha256_digest finish() noexcept {
    flush();
    return hash_.finish();
  }

 private:
  constexpr void flush() noexcept {
    if (staged_ != 0) hash_.update(std::string_view(stage_.data(), staged_));
    staged_ = 0;
  }
  sha256 hash_;
  std::array<char, 192> stage_{};
  std::size_t staged_ = 0;
  buffer_writer* copy_;
};

/// Writes a header name lowercased.
template <class Sink>
constexpr void put_lowercase(Sink& out, std::string_view s) noexcept {
  for (char c : s) out.put(ascii_lower(c));
}

/// Writes a header value trimmed, with inner runs of blanks collapsed to one space (SigV4
/// "Task 1": Trimall).
template <class Sink>
constexpr void put_header_value(Sink& out, std::string_view v) noexcept {
  std::size_t b = 0;
  std::size_t e = v.size();
  while (b < e && (v[b] == ' ' || v[b] == '\t')) ++b;
  while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t')) --e;
  std::size_t run = b;
  for (std::size_t i = b; i < e; ++i) {
    if (v[i] == ' ' || v[i] == '\t') {
      if (i > run) out.put(detail::slice(v, run, i - run));
      std::size_t j = i;
      while (j < e && (v[j] == ' ' || v[j] == '\t')) ++j;
      out.put(' ');
      run = j;
      i = j - 1;
    }
  }
  if (e > run) out.put(detail::slice(v, run, e - run));
}

/// Sorts `order` (indices into `query`) by encoded name (SigV4 "Task 1", step 3; names are
/// unique, so values never decide). Insertion sort: the lists are short and it needs no
/// <algorithm>. Sorting indices rather than the parameters keeps the working set to one byte
/// per parameter. Returns false when a name occurs twice: an element with the name of an
/// earlier one is compared with it (it stops there or moves past it), so the sort sees every
/// duplicate at no extra cost.
constexpr bool sort_query_order(std::span<const query_param> query,
                                std::span<std::uint8_t> order) noexcept {
  for (std::size_t i = 1; i < order.size(); ++i) {
    const std::uint8_t e = order[i];
    std::size_t j = i;
    while (j > 0) {
      const query_param& prev = query[order[j - 1]];
      const int c = compare_encoded(prev.name, query[e].name);
      if (c == 0) return false;
      if (c < 0) break;
      order[j] = order[j - 1];
      --j;
    }
    order[j] = e;
  }
  return true;
}

/// The name of signed header `i` in sigv4_presign's numbering: 0 is host, i > 0 the caller's
/// header i - 1.
constexpr std::string_view signed_header_name(std::span<const http_header> headers,
                                              std::uint8_t i) noexcept {
  return i == 0 ? std::string_view("host") : headers[i - 1u].name;
}

/// Sorts `order` (host plus the caller's headers, numbered as signed_header_name) by
/// lowercase name; returns false on a duplicate (case-insensitive) name.
constexpr bool sort_header_order(std::span<const http_header> headers,
                                 std::span<std::uint8_t> order) noexcept {
  for (std::size_t i = 1; i < order.size(); ++i) {
    const std::uint8_t e = order[i];
    const std::string_view name = signed_header_name(headers, e);
    std::size_t j = i;
    while (j > 0) {
      const int c = compare_lowercase(signed_header_name(headers, order[j - 1]), name);
      if (c == 0) return false;
      if (c < 0) break;
      order[j] = order[j - 1];
      --j;
    }
    order[j] = e;
  }
  return true;
}

constexpr bool is_reserved_query_name(std::string_view name) noexcept {
  constexpr std::array<std::string_view, 7> reserved = {
      "X-Amz-Algorithm", "X-Amz-Credential",     "X-Amz-Date",     "X-Amz-Expires",
      "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"};
  for (std::string_view r : reserved) {
    if (iequals(name, r)) return true;
  }
  return false;
}

/// Host as signed: non-empty, no control characters, spaces, '/', '?', '#', '@'.
constexpr bool is_valid_host(std::string_view host) noexcept {
  if (host.empty() || host.size() > 384) return false;  // a resolved host fits fixed_string<384>
  for (char c : host) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\')
      return false;
  }
  return true;
}

/// A path normalised as RFC 3986 §5.2.4 plus empty segments removed (what SigV4 does for
/// services other than S3): views of the kept segments and whether it ends with '/'.
struct normalized_path {
  std::array<std::string_view, 64> segments{};
  std::size_t count = 0;
  bool trailing_slash = false;
};

constexpr bool normalize(std::string_view path, normalized_path& out) noexcept {
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view seg = detail::slice(path, i, j - i);
    if (seg == "..") {
      if (out.count > 0) --out.count;
    } else if (!seg.empty() && seg != ".") {
      if (out.count == out.segments.size()) return false;
      out.segments[out.count++] = seg;
    }
    i = j + 1;
  }
  out.trailing_slash = out.count > 0 && !path.empty() &&
                       (path.back() == '/' || path.ends_with("/.") || path.ends_with("/.."));
  return true;
}

// The two uses of normalize in sigv4_presign_core, as functions of their own (never inlined)
// so that normalized_path (64 views: 0.5 KB on a 32-bit MCU, 1 KB on a 64-bit host) is on the
// stack only while a path is normalised, not for every presign.
[[gnu::noinline]] constexpr bool normalizable(std::string_view path) noexcept {
  normalized_path normalized{};
  return normalize(path, normalized);
}
template <class Writer>
[[gnu::noinline]] constexpr void put_normalized_path(Writer& w, std::string_view path) noexcept {
  normalized_path normalized{};
  normalize(path, normalized);
  w.put('/');
  for (std::size_t i = 0; i < normalized.count; ++i) {
    if (i > 0) w.put('/');
    put_encoded(w, normalized.segments[i], uri_encode_mode::keep_slash);
  }
  if (normalized.trailing_slash) w.put('/');
}

/// What basic_presigner hands sigv4_presign_core besides a sigv4_query_request: what it has
/// resolved and checked itself, so the core does not check it again.
struct sigv4_resolved_host {
  /// The host as pieces ({bucket, ".", service host}, never concatenated); when not empty,
  /// host, region and scheme are checked. Empty: use request.host (and check all three).
  std::span<const std::string_view> pieces{};
  /// validate_credentials(creds) is known to be errc::ok and the access key id not too long
  /// (static credentials, checked when the presigner was made).
  bool credentials_checked = false;
  /// When not empty: the access key id already URI-encoded (encode_slash).
  std::string_view encoded_access_key_id{};
  /// The headers' names and values are known to be valid and none is Host (basic_presigner
  /// checks them, and more, before it splits hoisted from signed). Duplicates are still
  /// found while sorting.
  bool headers_checked = false;
};

/// A signing-key source that also memoises per second, as basic_presigner's cache does; the
/// core then takes X-Amz-Date from format_time(t) and, from signing_state(date, t, block),
/// kSigning's midstates with the inner state after `block` (the string to sign's first 64
/// bytes, which only change once a second; empty when they would include the hash). Only
/// used at run time.
template <class F>
concept sigv4_caching_key_source = requires(const F& f, std::int64_t t, std::string_view s) {
  { f.format_time(t) } -> std::same_as<result<amz_time_text>>;
  { f.signing_state(s, t, s) } -> std::same_as<cached_signing_state>;
};

/// Capacity of sigv4_presign_core's stack copy of the canonical request (longer ones, and
/// any whose copy is wanted for debugging, are streamed through canonical_sink instead).
inline constexpr std::size_t canonical_request_stack_size = 1024;

/// sigv4_presign's body (see there for the contract). With `resolved` pieces the host and the
/// region are the caller's responsibility and are not checked again.
///
/// The URL is written with one bounds check: when an upper bound of its size fits in `out`
/// (always, for a sensibly sized buffer) every piece is stored unchecked through raw_writer;
/// otherwise buffer_writer measures it for errc::buffer_too_small. The canonical request is
/// then copied contiguously to the stack (path and query from the URL) and hashed with the
/// padding written in place, as is the string to sign from the signing key's inner midstate:
/// three multi-block compression calls in all, no streaming state.
template <class SigningKeyFn>
[[nodiscard]] constexpr result<sigv4_signed_url> sigv4_presign_core(
    const sigv4_query_request& request, const sigv4_resolved_host& resolved,
    const credentials_view& creds, const sigv4_options& options, std::span<char> out,
    SigningKeyFn&& signing_key, const sigv4_debug_buffers& debug) noexcept {
  constexpr auto enc = uri_encode_mode::encode_slash;
  const bool trusted_host = !resolved.pieces.empty();
  const std::span<const std::string_view> single_host(&request.host, 1);
  const std::span<const std::string_view> host_pieces = trusted_host ? resolved.pieces : single_host;

  // --- Validate everything before writing anything.
  if (validate_http_method(request.method) != errc::ok) return errc::invalid_method;
  if (!trusted_host) {
    if (const errc e = validate_region(request.region); e != errc::ok) return e;
  }
  if (const errc e = validate_service(options.service); e != errc::ok) return e;
  if (!trusted_host && !is_valid_host(request.host)) return errc::invalid_endpoint;
  if (!trusted_host && request.scheme != "https" && request.scheme != "http")
    return errc::invalid_endpoint;
  if (options.max_expiry > max_expiry_limit) return errc::invalid_option;
  if (options.max_expiry < 1 || request.expires_in < 1 || request.expires_in > options.max_expiry)
    return errc::invalid_expiry;
  if (!resolved.credentials_checked) {
    if (const errc e = check_credentials(creds); e != errc::ok) return e;
    if (creds.access_key_id.size() > max_access_key_id_size) return errc::invalid_credentials;
  }
  if (request.path.empty() || (options.normalize_path && request.path.size() != 1))
    return errc::invalid_option;
  if (request.path.front().empty() || request.path.front().front() != '/')
    return errc::invalid_option;
  const std::span<const query_param> query = request.query;
  if (query.size() > max_query_parameters) return errc::invalid_query_parameter;
  for (const query_param& q : query) {
    if (q.name.empty() || is_reserved_query_name(q.name) ||
        validate_query_value(q.name) != errc::ok || validate_query_value(q.value) != errc::ok)
      return errc::invalid_query_parameter;
  }
  const std::span<const http_header> extra_headers = request.headers;
  if (extra_headers.size() > max_signed_headers) return errc::invalid_header;
  if (!resolved.headers_checked) {
    for (const http_header& h : extra_headers) {
      if (validate_header_name(h.name) != errc::ok || validate_header_value(h.value) != errc::ok ||
          iequals(h.name, "host"))
        return errc::invalid_header;
    }
  }
  const auto time = [&]() -> result<amz_time_text> {
    if constexpr (sigv4_caching_key_source<std::remove_cvref_t<SigningKeyFn>>) {
      if (!std::is_constant_evaluated()) return signing_key.format_time(request.signing_time);
    }
    return format_amz_time(request.signing_time);
  }();
  if (!time) return time.error();
  const std::string_view timestamp = time->timestamp_view();
  const std::string_view date = time->date_view();
  if (request.signing_time > INT64_MAX - request.expires_in) return errc::invalid_expiry;
  if (options.normalize_path && !normalizable(request.path.front())) return errc::invalid_option;

  // --- Signed headers: host plus the caller's, by lowercase name, no duplicates. Only an
  // order of indices is built (0 is host); with no extra headers there is nothing to sort.
  std::array<std::uint8_t, max_signed_headers + 1> header_store;  // the used part is set
  const std::span<std::uint8_t> header_order(header_store.data(), extra_headers.size() + 1);
  for (std::size_t i = 0; i < header_order.size(); ++i)
    header_order[i] = static_cast<std::uint8_t>(i);
  if (!sort_header_order(extra_headers, header_order)) return errc::invalid_header;

  // --- The caller's query parameters in canonical order. The X-Amz-* ones are already in
  // canonical order among themselves and are merged in as the query is written.
  std::array<std::uint8_t, max_query_parameters> query_store;  // the used part is set
  const std::span<std::uint8_t> query_order(query_store.data(), query.size());
  for (std::size_t i = 0; i < query_order.size(); ++i)
    query_order[i] = static_cast<std::uint8_t>(i);
  // A name given twice has no single meaning (a server reads the first, the last or neither;
  // RGW 16.2 answers 403), and the verifier refuses it: refuse to sign it too.
  if (!sort_query_order(query, query_order)) return errc::invalid_query_parameter;

  // --- The URL: scheme://host/path?canonical-query[&token]&X-Amz-Signature=...
  const bool token_signed = !creds.session_token.empty() && options.sign_session_token;
  const bool token_after = !creds.session_token.empty() && !options.sign_session_token;
  std::size_t path_begin = 0, path_end = 0, query_begin = 0, query_end = 0;
  const auto write_url = [&](auto& w) {
    w.put(request.scheme);
    w.put("://");
    for (std::string_view piece : host_pieces) w.put(piece);
    path_begin = w.size();
    if (options.normalize_path) {
      put_normalized_path(w, request.path.front());  // normalizable: checked above
    } else {
      for (std::string_view piece : request.path)
        put_encoded(w, piece, uri_encode_mode::keep_slash);
    }
    path_end = w.size();
    w.put('?');
    query_begin = w.size();

    const auto put_credential = [&] {
      if (!resolved.encoded_access_key_id.empty()) {
        w.put(resolved.encoded_access_key_id);
      } else {
        put_encoded(w, creds.access_key_id, enc);
      }
      w.put("%2F");
      w.put(date);
      w.put("%2F");
      w.put(request.region);  // [a-z0-9-]: nothing to encode
      w.put("%2F");
      w.put(options.service);  // likewise
      w.put("%2Faws4_request");
    };
    const auto put_signed_headers = [&] {
      for (std::size_t h = 0; h < header_order.size(); ++h) {
        if (h > 0) w.put("%3B");
        if (header_order[h] == 0) {
          w.put("host");
          continue;
        }
        const std::string_view name = extra_headers[header_order[h] - 1u].name;
        const std::size_t n = uri_encoded_size(name, enc);
        if (char* p = w.reserve(n)) {
          char* end = uri_encode_unchecked(name, p, enc);
          for (char* c = p; c != end; ++c) *c = ascii_lower(*c);
          // Lowercasing after encoding would also lower %XY hex digits; header names are
          // tokens whose only encoded bytes are punctuation, re-uppercase those digits.
          for (char* c = p; c != end; ++c) {
            if (*c == '%') {
              c[1] = (c[1] >= 'a' && c[1] <= 'f') ? static_cast<char>(c[1] - 'a' + 'A') : c[1];
              c[2] = (c[2] >= 'a' && c[2] <= 'f') ? static_cast<char>(c[2] - 'a' + 'A') : c[2];
              c += 2;
            }
          }
        }
        w.skip(n);
      }
    };
    std::size_t next_param = 0;
    if (query_order.empty()) {
      // No parameters of the caller's: the X-Amz-* ones in their canonical order, each run of
      // fixed text one literal (a few stores).
      w.put("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
      put_credential();
      w.put("&X-Amz-Date=");
      w.put(timestamp);
      w.put("&X-Amz-Expires=");
      put_decimal(w, request.expires_in);
      if (token_signed) {
        w.put("&X-Amz-Security-Token=");
        put_encoded(w, creds.session_token, enc);
      }
      w.put("&X-Amz-SignedHeaders=");
      put_signed_headers();
    } else {
      bool first = true;
      const auto put_param = [&](const query_param& q) {
        if (!first) w.put('&');
        first = false;
        put_encoded(w, q.name, enc);
        w.put('=');
        put_encoded(w, q.value, enc);
      };
      // Writes the caller's parameters that sort before `name` (an X-Amz-* name, which
      // encodes to itself), then `&name=`. Names never tie: X-Amz-* names are reserved.
      const auto begin_amz = [&](std::string_view name) {
        while (next_param < query_order.size() &&
               compare_encoded(query[query_order[next_param]].name, name) < 0)
          put_param(query[query_order[next_param++]]);
        if (!first) w.put('&');
        first = false;
        w.put(name);
        w.put('=');
      };
      begin_amz("X-Amz-Algorithm");
      w.put(sigv4_algorithm);
      begin_amz("X-Amz-Credential");
      put_credential();
      begin_amz("X-Amz-Date");
      w.put(timestamp);
      begin_amz("X-Amz-Expires");
      put_decimal(w, request.expires_in);
      if (token_signed) {
        begin_amz("X-Amz-Security-Token");
        put_encoded(w, creds.session_token, enc);
      }
      begin_amz("X-Amz-SignedHeaders");
      put_signed_headers();
      while (next_param < query_order.size()) put_param(query[query_order[next_param++]]);
    }
    query_end = w.size();
    if (token_after) {
      w.put("&X-Amz-Security-Token=");
      put_encoded(w, creds.session_token, enc);
    }
    w.put("&X-Amz-Signature=");
    w.skip(64);  // filled in last
  };

  // An upper bound of the URL (every encoded byte counted as 3, plus one spare byte for
  // put_encoded's 4-char stores): when it fits, write unchecked.
  std::size_t bound = request.scheme.size() + 3 + 1 + 1;
  for (std::string_view piece : host_pieces) bound += piece.size();
  for (std::string_view piece : request.path) bound += 3 * piece.size() + 1;
  for (const query_param& q : query) bound += 3 * (q.name.size() + q.value.size()) + 2;
  // The fixed text: "X-Amz-Algorithm=AWS4-HMAC-SHA256" 32, "&X-Amz-Credential=" and the
  // scope's fixed parts 18 + 32, "&X-Amz-Date=" and the time 12 + 16, "&X-Amz-Expires=" and
  // up to 19 digits 15 + 19, "&X-Amz-SignedHeaders=host" 25, "&X-Amz-Signature=" and the
  // signature 17 + 64: 250; the token's name and separator: 22.
  bound += 3 * creds.access_key_id.size() + request.region.size() + options.service.size() + 250;
  bound += 3 * creds.session_token.size() + 22;
  for (const http_header& h : extra_headers) bound += 3 * h.name.size() + 3;
  // The canonical request is copied to the stack when it fits: method, path and query (from
  // the URL, in one copy), then the tail below.
  std::size_t tail_bound = options.payload_hash.size() + 16;
  for (std::string_view piece : host_pieces) tail_bound += piece.size();
  for (const http_header& h : extra_headers) tail_bound += 2 * h.name.size() + h.value.size() + 3;
  // With PRESIGN_SMALL_CODE the canonical request is always streamed and the URL always
  // written through buffer_writer: one instantiation of each writer lambda instead of two
  // (about 8 KiB less at -Os), for a slower presign.
  const bool stack_ok =
      !PRESIGN_SMALL_CODE && !options.double_encode_path && debug.canonical_request.empty();
  // every byte hashed is written; no room at all where it is never used (PRESIGN_SMALL_CODE)
  std::array<char, PRESIGN_SMALL_CODE ? 1 : canonical_request_stack_size> creq;
  std::size_t creq_size = 0;  // > 0: method, path and query are in creq

  std::size_t url_size = 0;
  if (!PRESIGN_SMALL_CODE && bound <= out.size()) {
    raw_writer w(out.data());
    write_url(w);
    url_size = w.size();
    PRESIGN_ASSERT(url_size < bound);
  } else {
    buffer_writer w(out);
    write_url(w);
    if (w.overflowed()) return {errc::buffer_too_small, w.size()};
    url_size = w.size();
  }
  const std::size_t signature_begin = url_size - 64;
  const std::string_view url(out.data(), url_size);
  const std::string_view host =
      detail::slice(detail::slice(url, 0, path_begin), request.scheme.size() + 3);
  const std::string_view path_and_query = detail::slice(url, path_begin, query_end - path_begin);

  // --- Canonical request (SigV4 "Task 1"): method, path and query (with the '?' between
  // them as '\n'), canonical headers, signed headers, payload hash.
  const auto put_canonical_tail = [&](auto& sink) {
    sink.put('\n');
    for (const std::uint8_t h : header_order) {
      if (h == 0) {
        sink.put("host:");
        sink.put(host);  // checked: no blanks to trim or collapse
      } else {
        const http_header& header = extra_headers[h - 1u];
        put_lowercase(sink, header.name);
        sink.put(':');
        put_header_value(sink, header.value);
      }
      sink.put('\n');
    }
    sink.put('\n');
    for (std::size_t h = 0; h < header_order.size(); ++h) {
      if (h > 0) sink.put(';');
      put_lowercase(sink, signed_header_name(extra_headers, header_order[h]));
    }
    sink.put('\n');
    sink.put(options.payload_hash);
  };
  if (stack_ok &&
      request.method.size() + 1 + path_and_query.size() + tail_bound + 72 <= creq.size()) {
    raw_writer c(creq.data());
    c.put(request.method);
    c.put('\n');
    const std::size_t at = c.size();
    c.put(path_and_query);
    creq[at + (path_end - path_begin)] = '\n';
    creq_size = c.size();
  }
  sha256_state creq_state{};
  bool streamed = false;
  sha256_digest creq_hash{};
  buffer_writer creq_copy(debug.canonical_request);
  if (creq_size != 0) {
    raw_writer c(creq.data() + creq_size);
    put_canonical_tail(c);
    creq_state = sha256_pad_in_place(sha256_iv, 0, creq.data(), creq_size + c.size());
  } else {
    canonical_sink sink(debug.canonical_request.empty() ? nullptr : &creq_copy);
    sink.put(request.method);
    sink.put('\n');
    const std::string_view path = detail::slice(path_and_query, 0, path_end - path_begin);
    if (options.double_encode_path) {
      sink.put_encoded(path, uri_encode_mode::keep_slash);
    } else {
      sink.put(path);
    }
    sink.put('\n');
    sink.put(detail::slice(url, query_begin, query_end - query_begin));
    put_canonical_tail(sink);
    creq_hash = sink.finish();
    streamed = true;
  }

  // --- String to sign ("Task 2"), then HMAC with kSigning ("Task 4") from its midstates:
  // the inner hash over the string padded in place, the outer over one block.
  // At most 17 + 17 + 8 + 1 + 63 + 1 + 63 + 14 + 64 = 248 chars (region, service <= 63),
  // plus 72 for the padding.
  std::array<char, 320> sts;  // every byte hashed is written
  raw_writer st(sts.data());
  st.put("AWS4-HMAC-SHA256\n");
  st.put(timestamp);
  st.put('\n');
  st.put(date);
  st.put('/');
  st.put(request.region);
  st.put('/');
  st.put(options.service);
  st.put("/aws4_request\n");
  const std::size_t hex_at = st.size();
  const std::size_t sts_size = hex_at + 64;
  if (streamed) {
    put_hex(creq_hash.data(), creq_hash.size(), sts.data() + hex_at);
  } else {
    put_hex_state(creq_state, sts.data() + hex_at);
  }
  sigv4_signed_url signed_url;
  if (!debug.string_to_sign.empty()) {
    buffer_writer sts_copy(debug.string_to_sign);
    sts_copy.put(std::string_view(sts.data(), sts_size));
    if (!sts_copy.overflowed()) signed_url.string_to_sign = sts_copy.written();
  }
  // Initialised from the call's result in place (no zero-fill, no copy of 25 words).
  cached_signing_state key = [&] {
    if constexpr (sigv4_caching_key_source<std::remove_cvref_t<SigningKeyFn>>) {
      if (!std::is_constant_evaluated()) {
        const std::string_view first_block =
            hex_at >= sha256::block_size ? std::string_view(sts.data(), sha256::block_size)
                                         : std::string_view{};
        return signing_key.signing_state(date, request.signing_time, first_block);
      }
    }
    cached_signing_state derived{};
    derived.midstates = signing_key(date).midstates();
    return derived;
  }();
  sha256_state inner;  // both set below
  sha256_state outer;
  for (std::size_t i = 0; i < 8; ++i) outer[i] = key.midstates[8 + i];
  if (key.has_first_block) {
    inner = key.after_first_block;
  } else {
    for (std::size_t i = 0; i < 8; ++i) inner[i] = key.midstates[i];
  }
  const std::size_t skip = key.has_first_block ? sha256::block_size : 0;
  secure_wipe(key);
  std::array<char, 64> outer_block;  // every byte hashed is written
  put_state_bytes(
      sha256_pad_in_place(inner, sha256::block_size + skip, sts.data() + skip, sts_size - skip),
      outer_block.data());
  put_hex_state(sha256_pad_in_place(outer, sha256::block_size, outer_block.data(), 32),
                out.data() + signature_begin);
  secure_wipe(inner);
  secure_wipe(outer);

  signed_url.url = url;
  signed_url.signature = detail::slice(url, signature_begin);
  signed_url.expires_at = request.signing_time + request.expires_in;
  if (!debug.canonical_request.empty() && !creq_copy.overflowed())
    signed_url.canonical_request = creq_copy.written();
  return signed_url;
}

}  // namespace detail

/// Presigns `request` with `creds`, writing the URL into `out`.
///
/// `signing_key(date)` returns kSigning for the scope's date (an hmac_sha256); pass
/// `derive_signing_key` bound to the secret, or a cache. Errors: invalid_method, invalid_region,
/// invalid_service, invalid_endpoint (host), invalid_expiry, invalid_time,
/// invalid_query_parameter (also a name given twice), invalid_header, missing_credentials,
/// invalid_credentials, invalid_option (path pieces), buffer_too_small (with required_size()).
/// constexpr; no heap; nothing is written past `out` (or past a debug buffer).
template <class SigningKeyFn>
  requires(!std::is_same_v<std::remove_cvref_t<SigningKeyFn>, sigv4_debug_buffers>)
[[nodiscard]] constexpr result<sigv4_signed_url> sigv4_presign(
    const sigv4_query_request& request, const credentials_view& creds,
    const sigv4_options& options, std::span<char> out, SigningKeyFn&& signing_key,
    const sigv4_debug_buffers& debug = {}) noexcept {
  return detail::sigv4_presign_core(request, detail::sigv4_resolved_host{}, creds, options, out,
                                    signing_key, debug);
}

/// sigv4_presign with the signing key derived from creds.secret_access_key on every call.
/// (A template only so that the signer is instantiated where this is called, not in every
/// translation unit that includes the core: 9% of the core's parse time.)
template <int = 0>
[[nodiscard]] constexpr result<sigv4_signed_url> sigv4_presign(
    const sigv4_query_request& request, const credentials_view& creds,
    const sigv4_options& options, std::span<char> out,
    const sigv4_debug_buffers& debug = {}) noexcept {
  return sigv4_presign(
      request, creds, options, out,
      [&](std::string_view date) {
        return derive_signing_key(creds.secret_access_key, date, request.region, options.service);
      },
      debug);
}

}  // namespace presign::inline v0
