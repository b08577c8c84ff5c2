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
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "presign/amz_time.hpp"
#include "presign/credentials.hpp"
#include "presign/detail/buffer_writer.hpp"
#include "presign/detail/fixed_string.hpp"
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
  sha256_digest k{};
  if (prefix.size() + secret.size() <= sha256::block_size) {
    std::array<char, sha256::block_size> key{};
    std::size_t n = 0;
    for (char c : prefix) key[n++] = c;
    for (char c : secret) key[n++] = c;
    k = hmac_sha256(std::string_view(key.data(), n)).sign(date);
    detail::secure_wipe(key);
  } else {
    sha256 h;
    h.update(prefix).update(secret);
    sha256_digest hashed = h.finish();
    k = hmac_sha256(hashed).sign(date);
    detail::secure_wipe(hashed);
  }
  k = hmac_sha256(k).sign(region);
  k = hmac_sha256(k).sign(service);
  k = hmac_sha256(k).sign(std::string_view("aws4_request"));
  hmac_sha256 key_state(k);
  detail::secure_wipe(k);
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

/// Writes the URI encoding of `s` (or only counts it when it does not fit).
constexpr void put_encoded(buffer_writer& w, std::string_view s, uri_encode_mode mode) noexcept {
  const std::size_t n = uri_encoded_size(s, mode);
  if (char* p = w.reserve(n)) uri_encode_unchecked(s, p, mode);
  w.skip(n);
}

/// Writes a non-negative integer in decimal.
constexpr void put_decimal(buffer_writer& w, std::int64_t v) noexcept {
  std::array<char, 20> digits{};
  std::size_t n = 0;
  auto u = static_cast<std::uint64_t>(v < 0 ? 0 : v);
  do {
    digits[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n > 0) w.put(digits[--n]);
}

/// The bytes of the canonical request go to the hash and, when asked, to a debug copy.
class canonical_sink {
 public:
  constexpr explicit canonical_sink(buffer_writer* copy) noexcept : copy_(copy) {}
  constexpr void put(std::string_view s) noexcept {
    hash_.update(s);
    if (copy_ != nullptr) copy_->put(s);
  }
  constexpr void put(char c) noexcept { put(std::string_view(&c, 1)); }
  /// Feeds the URI encoding of `s` in small chunks (used for the double-encoded path).
  constexpr void put_encoded(std::string_view s, uri_encode_mode mode) noexcept {
    std::array<char, 96> chunk{};
    std::size_t n = 0;
    for (char c : s) {
      if (n + 3 > chunk.size()) {
        put(std::string_view(chunk.data(), n));
        n = 0;
      }
      const std::string_view one(&c, 1);
      n += static_cast<std::size_t>(uri_encode_unchecked(one, chunk.data() + n, mode) -
                                    (chunk.data() + n));
    }
    put(std::string_view(chunk.data(), n));
  }
  /// Feeds a header name lowercased.
  constexpr void put_lowercase(std::string_view s) noexcept {
    std::array<char, 64> chunk{};
    std::size_t n = 0;
    for (char c : s) {
      if (n == chunk.size()) {
        put(std::string_view(chunk.data(), n));
        n = 0;
      }
      chunk[n++] = ascii_lower(c);
    }
    put(std::string_view(chunk.data(), n));
  }
  /// Feeds a header value trimmed, with inner runs of blanks collapsed to one space.
  constexpr void put_header_value(std::string_view v) noexcept {
    std::size_t b = 0;
    std::size_t e = v.size();
    while (b < e && (v[b] == ' ' || v[b] == '\t')) ++b;
    while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t')) --e;
    std::size_t run = b;
    for (std::size_t i = b; i < e; ++i) {
      if (v[i] == ' ' || v[i] == '\t') {
        if (i > run) put(v.substr(run, i - run));
        std::size_t j = i;
        while (j < e && (v[j] == ' ' || v[j] == '\t')) ++j;
        put(' ');
        run = j;
        i = j - 1;
      }
    }
    if (e > run) put(v.substr(run, e - run));
  }
  [[nodiscard]] constexpr sha256_digest finish() noexcept { return hash_.finish(); }

 private:
  sha256 hash_;
  buffer_writer* copy_;
};

enum class query_entry_kind : std::uint8_t { plain, credential, signed_headers };

struct query_entry {
  std::string_view name{};
  std::string_view value{};
  query_entry_kind kind = query_entry_kind::plain;
};

/// Sorts by encoded name, then encoded value (SigV4 "Task 1", step 3). Insertion sort: the
/// lists are short and it needs no <algorithm>.
constexpr void sort_query(std::span<query_entry> entries) noexcept {
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const query_entry e = entries[i];
    std::size_t j = i;
    while (j > 0) {
      int c = compare_encoded(entries[j - 1].name, e.name);
      if (c == 0) c = compare_encoded(entries[j - 1].value, e.value);
      if (c <= 0) break;
      entries[j] = entries[j - 1];
      --j;
    }
    entries[j] = e;
  }
}

/// Sorts headers by lowercase name; returns false on a duplicate (case-insensitive) name.
constexpr bool sort_headers(std::span<http_header> headers) noexcept {
  for (std::size_t i = 1; i < headers.size(); ++i) {
    const http_header h = headers[i];
    std::size_t j = i;
    while (j > 0) {
      const int c = compare_lowercase(headers[j - 1].name, h.name);
      if (c == 0) return false;
      if (c < 0) break;
      headers[j] = headers[j - 1];
      --j;
    }
    headers[j] = h;
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
  if (host.empty() || host.size() > 320) return false;
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
    const std::string_view seg = path.substr(i, j - i);
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

}  // namespace detail

/// Presigns `request` with `creds`, writing the URL into `out`.
///
/// `signing_key(date)` returns kSigning for the scope's date (an hmac_sha256); pass
/// `derive_signing_key` bound to the secret, or a cache. Errors: invalid_method, invalid_region,
/// invalid_service, invalid_endpoint (host), invalid_expiry, invalid_time,
/// invalid_query_parameter, invalid_header, missing_credentials, invalid_credentials,
/// invalid_option (path pieces), buffer_too_small (with required_size()). constexpr; no heap;
/// nothing is written past `out` (or past a debug buffer).
template <class SigningKeyFn>
[[nodiscard]] constexpr result<sigv4_signed_url> sigv4_presign(
    const sigv4_query_request& request, const credentials_view& creds,
    const sigv4_options& options, std::span<char> out, SigningKeyFn&& signing_key,
    const sigv4_debug_buffers& debug = {}) noexcept {
  using detail::put_encoded;
  constexpr auto enc = uri_encode_mode::encode_slash;

  // --- Validate everything before writing anything.
  if (validate_http_method(request.method) != errc::ok) return errc::invalid_method;
  if (const errc e = validate_region(request.region); e != errc::ok) return e;
  if (const errc e = validate_service(options.service); e != errc::ok) return e;
  if (!detail::is_valid_host(request.host)) return errc::invalid_endpoint;
  if (request.scheme != "https" && request.scheme != "http") return errc::invalid_endpoint;
  if (options.max_expiry < 1 || request.expires_in < 1 || request.expires_in > options.max_expiry)
    return errc::invalid_expiry;
  if (const errc e = validate_credentials(creds); e != errc::ok) return e;
  if (creds.access_key_id.size() > max_access_key_id_size) return errc::invalid_credentials;
  if (request.path.empty() || (options.normalize_path && request.path.size() != 1))
    return errc::invalid_option;
  if (request.path.front().empty() || request.path.front().front() != '/')
    return errc::invalid_option;
  if (request.query.size() > max_query_parameters) return errc::invalid_query_parameter;
  for (const query_param& q : request.query) {
    if (q.name.empty() || detail::is_reserved_query_name(q.name) ||
        validate_query_value(q.name) != errc::ok || validate_query_value(q.value) != errc::ok)
      return errc::invalid_query_parameter;
  }
  if (request.headers.size() > max_signed_headers) return errc::invalid_header;
  for (const http_header& h : request.headers) {
    if (validate_header_name(h.name) != errc::ok || validate_header_value(h.value) != errc::ok ||
        detail::iequals(h.name, "host"))
      return errc::invalid_header;
  }
  const auto time = format_amz_time(request.signing_time);
  if (!time) return time.error();
  const std::string_view timestamp = time->timestamp_view();
  const std::string_view date = time->date_view();
  if (request.signing_time > INT64_MAX - request.expires_in) return errc::invalid_expiry;

  // --- Headers: host plus the caller's, sorted by lowercase name, no duplicates.
  std::array<http_header, max_signed_headers + 1> header_store{};
  std::size_t header_count = 0;
  header_store[header_count++] = {"host", request.host};
  for (const http_header& h : request.headers) header_store[header_count++] = h;
  const std::span<http_header> headers(header_store.data(), header_count);
  if (!detail::sort_headers(headers)) return errc::invalid_header;

  // --- Query: the caller's parameters plus the X-Amz-* ones, sorted.
  const bool token_signed = !creds.session_token.empty() && options.sign_session_token;
  std::array<char, 20> expires_text{};
  std::size_t expires_len = 0;
  {
    detail::buffer_writer ew(expires_text);
    detail::put_decimal(ew, request.expires_in);
    expires_len = ew.size();
  }
  std::array<detail::query_entry, max_query_parameters + 6> entry_store{};
  std::size_t entry_count = 0;
  for (const query_param& q : request.query) entry_store[entry_count++] = {q.name, q.value};
  entry_store[entry_count++] = {"X-Amz-Algorithm", sigv4_algorithm};
  entry_store[entry_count++] = {"X-Amz-Credential", {}, detail::query_entry_kind::credential};
  entry_store[entry_count++] = {"X-Amz-Date", timestamp};
  entry_store[entry_count++] = {"X-Amz-Expires", {expires_text.data(), expires_len}};
  entry_store[entry_count++] = {"X-Amz-SignedHeaders", {},
                                detail::query_entry_kind::signed_headers};
  if (token_signed) entry_store[entry_count++] = {"X-Amz-Security-Token", creds.session_token};
  const std::span<detail::query_entry> entries(entry_store.data(), entry_count);
  detail::sort_query(entries);

  // --- The URL: scheme://host/path?canonical-query[&token]&X-Amz-Signature=...
  detail::buffer_writer w(out);
  w.put(request.scheme);
  w.put("://");
  w.put(request.host);
  const std::size_t path_begin = w.size();
  detail::normalized_path normalized{};
  if (options.normalize_path) {
    if (!detail::normalize(request.path.front(), normalized)) return errc::invalid_option;
    w.put('/');
    for (std::size_t i = 0; i < normalized.count; ++i) {
      if (i > 0) w.put('/');
      put_encoded(w, normalized.segments[i], uri_encode_mode::keep_slash);
    }
    if (normalized.trailing_slash) w.put('/');
  } else {
    for (std::string_view piece : request.path) put_encoded(w, piece, uri_encode_mode::keep_slash);
  }
  const std::size_t path_end = w.size();
  w.put('?');
  const std::size_t query_begin = w.size();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const detail::query_entry& e = entries[i];
    if (i > 0) w.put('&');
    put_encoded(w, e.name, enc);
    w.put('=');
    switch (e.kind) {
      case detail::query_entry_kind::plain:
        put_encoded(w, e.value, enc);
        break;
      case detail::query_entry_kind::credential:
        put_encoded(w, creds.access_key_id, enc);
        w.put("%2F");
        w.put(date);
        w.put("%2F");
        w.put(request.region);  // [a-z0-9-]: nothing to encode
        w.put("%2F");
        w.put(options.service);
        w.put("%2Faws4_request");
        break;
      case detail::query_entry_kind::signed_headers:
        for (std::size_t h = 0; h < headers.size(); ++h) {
          if (h > 0) w.put("%3B");
          const std::size_t n = uri_encoded_size(headers[h].name, enc);
          if (char* p = w.reserve(n)) {
            char* end = detail::uri_encode_unchecked(headers[h].name, p, enc);
            for (char* c = p; c != end; ++c) *c = detail::ascii_lower(*c);
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
        break;
    }
  }
  const std::size_t query_end = w.size();
  if (!creds.session_token.empty() && !options.sign_session_token) {
    w.put("&X-Amz-Security-Token=");
    put_encoded(w, creds.session_token, enc);
  }
  w.put("&X-Amz-Signature=");
  const std::size_t signature_begin = w.size();
  char* signature_out = w.reserve(64);
  w.skip(64);
  if (w.overflowed()) return {errc::buffer_too_small, w.size()};

  // --- Canonical request (hashed straight from the URL for path and query).
  detail::buffer_writer creq_copy(debug.canonical_request);
  detail::canonical_sink creq(debug.canonical_request.empty() ? nullptr : &creq_copy);
  creq.put(request.method);
  creq.put('\n');
  const std::string_view url_path = w.written(path_begin).substr(0, path_end - path_begin);
  if (options.double_encode_path) {
    creq.put_encoded(url_path, uri_encode_mode::keep_slash);
  } else {
    creq.put(url_path);
  }
  creq.put('\n');
  creq.put(w.written(query_begin).substr(0, query_end - query_begin));
  creq.put('\n');
  for (const http_header& h : headers) {
    creq.put_lowercase(h.name);
    creq.put(':');
    creq.put_header_value(h.value);
    creq.put('\n');
  }
  creq.put('\n');
  for (std::size_t h = 0; h < headers.size(); ++h) {
    if (h > 0) creq.put(';');
    creq.put_lowercase(headers[h].name);
  }
  creq.put('\n');
  creq.put(options.payload_hash);
  const auto creq_hash = to_hex(creq.finish());

  // --- String to sign and signature.
  detail::buffer_writer sts_copy(debug.string_to_sign);
  detail::canonical_sink sts(debug.string_to_sign.empty() ? nullptr : &sts_copy);
  const hmac_sha256 key = signing_key(date);
  sha256 mac = key.begin();
  const auto feed = [&](std::string_view s) {
    mac.update(s);
    if (!debug.string_to_sign.empty()) sts_copy.put(s);
  };
  feed(sigv4_algorithm);
  feed("\n");
  feed(timestamp);
  feed("\n");
  feed(date);
  feed("/");
  feed(request.region);
  feed("/");
  feed(options.service);
  feed("/aws4_request\n");
  feed(std::string_view(creq_hash.data(), creq_hash.size()));
  const auto signature = to_hex(key.finish(mac));
  for (std::size_t i = 0; i < signature.size(); ++i) signature_out[i] = signature[i];

  sigv4_signed_url signed_url;
  signed_url.url = w.written();
  signed_url.signature = w.written(signature_begin);
  signed_url.expires_at = request.signing_time + request.expires_in;
  if (!debug.canonical_request.empty() && !creq_copy.overflowed())
    signed_url.canonical_request = creq_copy.written();
  if (!debug.string_to_sign.empty() && !sts_copy.overflowed())
    signed_url.string_to_sign = sts_copy.written();
  return signed_url;
}

/// sigv4_presign with the signing key derived from creds.secret_access_key on every call.
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
