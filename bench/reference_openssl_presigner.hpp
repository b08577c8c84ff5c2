// SPDX-License-Identifier: MIT
// The yardstick for bench_presign: a careful, hand-written S3 GET presigner over OpenSSL's
// low-level SHA-256 (SHA256_Init/Update/Final), benchmark only. It does the same work as
// presign for a plain GET of one object: same canonical request, same URL, signing key cached
// per date as HMAC pad midstates, canonical query written once into the URL and hashed from
// there, no heap. It is deliberately not general (no extra parameters or headers).
#pragma once

// SHA256_Init & co. are deprecated in OpenSSL 3 in favour of EVP, but they remain the fastest
// entry (no provider dispatch) and are what a performance-minded C++ signer would use.
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#  define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string_view>

namespace presign_bench {

class openssl_reference_presigner {
 public:
  openssl_reference_presigner(std::string_view access_key_id, std::string_view secret,
                              std::string_view session_token, std::string_view region)
      : akid_(access_key_id), secret_(secret), token_(session_token), region_(region) {}

  /// Writes `https://BUCKET.s3.REGION.amazonaws.com/KEY?...` for a GET at unix time `now`.
  /// Returns the URL length, or 0 when `out` is too small (checked up front: worst case).
  std::size_t presign_get(std::string_view bucket, std::string_view key, std::int64_t expires,
                          std::int64_t now, char* out, std::size_t out_size) {
    const std::size_t worst = 64 + bucket.size() + region_.size() + 3 * key.size() +
                              3 * akid_.size() + region_.size() + 3 * token_.size() + 260;
    if (out_size < worst) return 0;

    char amz_date[16];
    format_amz_date(now, amz_date);
    const std::string_view date(amz_date, 8);
    const std::string_view timestamp(amz_date, 16);

    // Host and URL prefix.
    char* p = out;
    p = put(p, "https://");
    char* const host_begin = p;
    p = put(p, bucket);
    p = put(p, ".s3.");
    p = put(p, region_);
    p = put(p, ".amazonaws.com");
    const std::string_view host(host_begin, static_cast<std::size_t>(p - host_begin));
    char* const path_begin = p;
    *p++ = '/';
    p = encode(p, key, false);
    char* const path_end = p;
    *p++ = '?';
    char* const query_begin = p;
    p = put(p, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
    p = encode(p, akid_, true);
    p = put(p, "%2F");
    p = put(p, date);
    p = put(p, "%2F");
    p = put(p, region_);
    p = put(p, "%2Fs3%2Faws4_request&X-Amz-Date=");
    p = put(p, timestamp);
    p = put(p, "&X-Amz-Expires=");
    p = put_decimal(p, expires);
    if (!token_.empty()) {
      p = put(p, "&X-Amz-Security-Token=");
      p = encode(p, token_, true);
    }
    p = put(p, "&X-Amz-SignedHeaders=host");
    char* const query_end = p;

    // Canonical request: GET, path, query (from the URL), host header, signed headers, payload.
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, "GET\n", 4);
    SHA256_Update(&ctx, path_begin, static_cast<std::size_t>(path_end - path_begin));
    SHA256_Update(&ctx, "\n", 1);
    SHA256_Update(&ctx, query_begin, static_cast<std::size_t>(query_end - query_begin));
    char tail[512];
    char* t = tail;
    t = put(t, "\nhost:");
    t = put(t, host);
    t = put(t, "\n\nhost\nUNSIGNED-PAYLOAD");
    SHA256_Update(&ctx, tail, static_cast<std::size_t>(t - tail));
    unsigned char creq_digest[32];
    SHA256_Final(creq_digest, &ctx);

    // String to sign, in one buffer, HMACed with the cached key's inner/outer midstates.
    char sts[256];
    char* s = sts;
    s = put(s, "AWS4-HMAC-SHA256\n");
    s = put(s, timestamp);
    *s++ = '\n';
    s = put(s, date);
    *s++ = '/';
    s = put(s, region_);
    s = put(s, "/s3/aws4_request\n");
    s = put_hex(s, creq_digest);
    const key_state& keyed = signing_key(date);
    unsigned char signature[32];
    ctx = keyed.inner;
    SHA256_Update(&ctx, sts, static_cast<std::size_t>(s - sts));
    SHA256_Final(signature, &ctx);
    ctx = keyed.outer;
    SHA256_Update(&ctx, signature, 32);
    SHA256_Final(signature, &ctx);

    p = put(p, "&X-Amz-Signature=");
    p = put_hex(p, signature);
    return static_cast<std::size_t>(p - out);
  }

 private:
  struct key_state {
    SHA256_CTX inner;
    SHA256_CTX outer;
  };

  static void hmac(const unsigned char* key, std::size_t key_size, std::string_view msg,
                   unsigned char* out) {
    unsigned char block[64] = {};
    if (key_size > 64) {
      SHA256(key, key_size, block);
    } else {
      std::memcpy(block, key, key_size);
    }
    unsigned char pad[64];
    for (int i = 0; i < 64; ++i) pad[i] = static_cast<unsigned char>(block[i] ^ 0x36);
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, pad, 64);
    SHA256_Update(&ctx, msg.data(), msg.size());
    unsigned char inner[32];
    SHA256_Final(inner, &ctx);
    for (int i = 0; i < 64; ++i) pad[i] = static_cast<unsigned char>(block[i] ^ 0x5c);
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, pad, 64);
    SHA256_Update(&ctx, inner, 32);
    SHA256_Final(out, &ctx);
  }

  // kSigning for `date`, derived again only when the date changes (once a day).
  const key_state& signing_key(std::string_view date) {
    if (date == std::string_view(key_date_, 8)) return key_;
    unsigned char k[32];
    char first[128];
    std::memcpy(first, "AWS4", 4);
    std::memcpy(first + 4, secret_.data(), secret_.size());
    hmac(reinterpret_cast<const unsigned char*>(first), 4 + secret_.size(), date, k);
    hmac(k, 32, region_, k);
    hmac(k, 32, "s3", k);
    hmac(k, 32, "aws4_request", k);
    unsigned char pad[64] = {};
    std::memcpy(pad, k, 32);
    for (auto& b : pad) b ^= 0x36;
    SHA256_Init(&key_.inner);
    SHA256_Update(&key_.inner, pad, 64);
    for (auto& b : pad) b ^= 0x36 ^ 0x5c;
    SHA256_Init(&key_.outer);
    SHA256_Update(&key_.outer, pad, 64);
    std::memcpy(key_date_, date.data(), 8);
    return key_;
  }

  static char* put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  static char* put_decimal(char* p, std::int64_t v) {
    char digits[20];
    int n = 0;
    auto u = static_cast<std::uint64_t>(v);
    do {
      digits[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    while (n > 0) *p++ = digits[--n];
    return p;
  }
  static char* put_hex(char* p, const unsigned char* digest) {
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
      *p++ = hex[digest[i] >> 4];
      *p++ = hex[digest[i] & 15];
    }
    return p;
  }
  // SigV4 UriEncode with a 256-entry table: one load and one branch per byte.
  static char* encode(char* p, std::string_view s, bool encode_slash) {
    static constexpr auto table = [] {
      std::array<bool, 256> t{};
      for (int c = 0; c < 256; ++c) {
        t[static_cast<std::size_t>(c)] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                         (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                                         c == '.' || c == '~';
      }
      return t;
    }();
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char c : s) {
      const auto b = static_cast<unsigned char>(c);
      if (table[b] || (c == '/' && !encode_slash)) {
        *p++ = c;
      } else {
        p[0] = '%';
        p[1] = hex[b >> 4];
        p[2] = hex[b & 15];
        p += 3;
      }
    }
    return p;
  }
  // YYYYMMDDTHHMMSSZ from unix seconds (civil-from-days, H. Hinnant's algorithm).
  static void format_amz_date(std::int64_t t, char* out) {
    const std::int64_t days = t / 86400;
    std::int64_t sec = t % 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const auto two = [](char* o, std::int64_t v) {
      o[0] = static_cast<char>('0' + v / 10);
      o[1] = static_cast<char>('0' + v % 10);
    };
    two(out, y / 100);
    two(out + 2, y % 100);
    two(out + 4, m);
    two(out + 6, d);
    out[8] = 'T';
    two(out + 9, sec / 3600);
    sec %= 3600;
    two(out + 11, sec / 60);
    two(out + 13, sec % 60);
    out[15] = 'Z';
  }

  std::string_view akid_;
  std::string_view secret_;
  std::string_view token_;
  std::string_view region_;
  key_state key_{};
  char key_date_[8] = {};
};

}  // namespace presign_bench
