// SPDX-License-Identifier: MIT
// presign: the offline verifier of presigned URLs. It parses a URL as received, checks the
// algorithm, credential scope, expiry window and clock skew, then recomputes the signature
// through sigv4_presign (the one canonicaliser the signer uses) and compares in constant time.
//
// How a URL is judged (S3's rules, AWS "Authenticating Requests: Using Query Parameters"):
// the wire path and every query name and value are percent-decoded, then handed back to
// sigv4_presign, which re-encodes them canonically. So a URL whose wire encoding is not
// canonical (`%2f`, `%7E`, a literal `!`) verifies when its decoded bytes carry the
// signature, as S3 decodes and re-encodes.
//
// A raw `+` is refused (malformed_url) in the path and the query alike. SigV4 signers write
// %2B and %20, never `+`, but the decoders behind a verifier disagree on what a raw `+` means:
// S3 and every form decoder (Python parse_qs, Node URLSearchParams) read a space in the query,
// Ceph RGW reads a space in the query and a plus in the path (both seen on the test suite's
// RGW 16.2: a URL signed for `a+b` with %2B sent as `+` is accepted in the path and refused in
// the query, one signed for `a b` sent as `+` the reverse), S3 reads a space in the path by
// public reports. Whichever meaning a verifier picks, some server behind it reads the other
// and serves another object than the one signed.
//
// Dot segments are never normalised: S3 and RGW keep "x/../k" as a key of its own (RGW 16.2
// serves that object for "..", "%2E%2E" and "%2e." alike), so an encoded ".." verifies as the
// signed ".." and path() says "x/../k". A query parameter name given twice is refused: SigV4
// signs both values in sorted order, so the signature holds whichever comes first, but a
// server reads the first, the last or neither (RGW 16.2 answers 403 to such a URL).
//
// What verified is returned decoded (verified_url::path(), query(), signed_headers(),
// host()): a server acts on those bytes instead of decoding the URL again its own way.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "presign/detail/slice.hpp"
#include "presign/amz_time.hpp"
#include "presign/config.hpp"
#include "presign/credentials.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/error.hpp"
#include "presign/sigv4.hpp"
#include "presign/uri_encode.hpp"
#include "presign/validate.hpp"

namespace presign::inline v0 {

/// Default allowed clock skew: a URL dated up to 15 minutes ahead of `now` is accepted, the
/// window S3 allows before it answers RequestTimeTooSkewed.
inline constexpr std::int64_t default_max_clock_skew = 900;

/// The URL and header sizes the stack-work-area overload of verify_presigned_url always
/// handles: 8 KiB of URL (S3's request-line limit) and 4 KiB of received headers.
inline constexpr std::size_t max_verified_url_size = 8192;
inline constexpr std::size_t max_verified_headers_size = 4096;

/// A work area of this many bytes is always enough to verify a URL of `url_size` bytes with
/// `headers_size` bytes of received headers (names + values): decoding never grows, and the
/// re-signed URL is at most three times the wire one. constexpr, noexcept.
[[nodiscard]] constexpr std::size_t verify_work_size(std::size_t url_size,
                                                     std::size_t headers_size) noexcept {
  return 4 * url_size + 2 * headers_size + 512;
}

/// The stack work area of the two-argument verify_presigned_url (about 41 KiB).
inline constexpr std::size_t default_verify_work_size =
    verify_work_size(max_verified_url_size, max_verified_headers_size);

/// What to verify. All views must outlive the call only.
struct verify_request {
  /// The URL as received: `scheme://host[:port]/path?query`, with the path and query exactly
  /// as on the wire (still percent-encoded). A server rebuilds it from the request target and
  /// the Host header. http and https only; no fragment.
  std::string_view url{};
  std::string_view method = "GET";  ///< the HTTP method of the request, case-sensitive
  /// The headers received (any order, any case; a repeated name is joined with ',' as HTTP
  /// folds it). Only those named in X-Amz-SignedHeaders are used. `host` is taken from the
  /// URL's authority unless a Host header is given here.
  std::span<const http_header> headers{};
  std::int64_t now = 0;                             ///< unix seconds
  std::int64_t max_skew = default_max_clock_skew;   ///< seconds a URL may be dated ahead of now
  std::string_view region{};                        ///< the region this server answers for
  std::string_view service = "s3";                  ///< the service this server answers for
  std::int64_t max_expiry = default_max_expiry;     ///< X-Amz-Expires ceiling (S3: 604800), up to max_expiry_limit
};

/// A URL that verified: who signed it and when it stops being valid.
class verified_url {
 public:
  /// The access key id from X-Amz-Credential (decoded). The view points into this object.
  [[nodiscard]] constexpr std::string_view access_key_id() const noexcept {
    return {akid_.data(), akid_size_};
  }
  std::int64_t signed_at = 0;   ///< X-Amz-Date, unix seconds
  std::int64_t expires_at = 0;  ///< signed_at + X-Amz-Expires: the last second it is valid
  bool has_session_token = false;  ///< the URL carries X-Amz-Security-Token

  /// Sets the access key id (at most max_access_key_id_size bytes; longer is cut). constexpr.
  constexpr void set_access_key_id(std::string_view akid) noexcept {
    akid_size_ = akid.size() < akid_.size() ? akid.size() : akid_.size();
    for (std::size_t i = 0; i < akid_size_; ++i) akid_[i] = akid[i];
  }

  // --- The request the signature covers, decoded. A server acts on these bytes, never on its
  // own decoding of the URL. The views point into the caller's work area and into the
  // verify_request's url and headers: valid while those live unchanged. The overload with a
  // work area on the stack cannot return them (its work area is gone): has_request() false.

  /// True when path(), query(), signed_headers() and host() describe the request.
  [[nodiscard]] constexpr bool has_request() const noexcept { return has_request_; }
  /// The host signed: the Host header if one was received, else the URL's authority.
  [[nodiscard]] constexpr std::string_view host() const noexcept { return host_; }
  /// The path signed, decoded: "/bucket/key" (path style) or "/key" (virtual-hosted), "/"
  /// for none. Never normalised: dot segments and repeated slashes are the object's key.
  [[nodiscard]] constexpr std::string_view path() const noexcept { return path_; }
  /// The signed query parameters other than the X-Amz-* authentication ones, decoded, in
  /// wire order (a value without '=' is empty).
  [[nodiscard]] constexpr std::span<const query_param> query() const noexcept {
    return {query_.data(), query_count_};
  }
  /// The signed headers other than host, by lowercase name in ascending order; the value as
  /// received (repeated fields joined with ','), trimmed at both ends. The signature covers
  /// it with inner runs of blanks collapsed (SigV4 canonical headers).
  [[nodiscard]] constexpr std::span<const http_header> signed_headers() const noexcept {
    return {headers_.data(), header_count_};
  }
  /// Records the decoded request (at most max_query_parameters parameters and
  /// max_signed_headers headers; more are cut). constexpr.
  constexpr void set_request(std::string_view host, std::string_view path,
                             std::span<const query_param> query,
                             std::span<const http_header> headers) noexcept {
    host_ = host;
    path_ = path;
    query_count_ = query.size() < query_.size() ? query.size() : query_.size();
    for (std::size_t i = 0; i < query_count_; ++i) query_[i] = query[i];
    header_count_ = headers.size() < headers_.size() ? headers.size() : headers_.size();
    for (std::size_t i = 0; i < header_count_; ++i) headers_[i] = headers[i];
    has_request_ = true;
  }
  /// Drops the decoded request (has_request() false, all views empty). constexpr.
  constexpr void forget_request() noexcept {
    host_ = {};
    path_ = {};
    query_count_ = 0;
    header_count_ = 0;
    has_request_ = false;
  }

 private:
  std::array<char, max_access_key_id_size> akid_{};
  std::size_t akid_size_ = 0;
  std::string_view host_{};
  std::string_view path_{};
  std::array<query_param, max_query_parameters> query_{};
  std::size_t query_count_ = 0;
  std::array<http_header, max_signed_headers> headers_{};
  std::size_t header_count_ = 0;
  bool has_request_ = false;
};

namespace detail {

/// What a secret lookup may return: anything testable for presence that dereferences to the
/// secret (std::optional<std::string>, presign::result<std::string_view>, const T*, ...).
template <class R>
concept secret_lookup_result = requires(const R& r) {
  static_cast<bool>(r);
  { *r } -> std::convertible_to<std::string_view>;
};

}  // namespace detail

/// A secret lookup: called with the access key id (decoded from X-Amz-Credential), it returns
/// a secret_lookup_result, empty for an unknown key. A lookup that also takes the session
/// token, `(access_key_id, session_token)` (empty when the URL has none), is called that way,
/// so servers that issue temporary credentials can check the token belongs to the key.
template <class F>
concept secret_lookup =
    (std::invocable<F&, std::string_view> &&
     detail::secret_lookup_result<std::invoke_result_t<F&, std::string_view>>) ||
    (std::invocable<F&, std::string_view, std::string_view> &&
     detail::secret_lookup_result<std::invoke_result_t<F&, std::string_view, std::string_view>>);

/// The simplest lookup: one access key id and its secret (views, not copied). constexpr.
struct single_secret {
  std::string_view access_key_id{};
  std::string_view secret_access_key{};
  /// The secret when `akid` is ours, else errc::unknown_access_key.
  [[nodiscard]] constexpr result<std::string_view> operator()(std::string_view akid) const noexcept {
    if (access_key_id.empty() || akid != access_key_id) return errc::unknown_access_key;
    return secret_access_key;
  }
};
static_assert(secret_lookup<single_secret>);

/// The enumerator's name of `e` ("expired", "signature_mismatch", ...), and "valid" for
/// errc::ok: a stable word for logs and scripts (the presign CLI prints it). constexpr.
[[nodiscard]] constexpr std::string_view verify_reason(errc e) noexcept {
  switch (e) {
    case errc::ok: return "valid";
    case errc::buffer_too_small: return "buffer_too_small";
    case errc::invalid_encoding: return "invalid_encoding";
    case errc::invalid_time: return "invalid_time";
    case errc::invalid_bucket_name: return "invalid_bucket_name";
    case errc::invalid_key: return "invalid_key";
    case errc::invalid_region: return "invalid_region";
    case errc::invalid_service: return "invalid_service";
    case errc::invalid_method: return "invalid_method";
    case errc::invalid_expiry: return "invalid_expiry";
    case errc::invalid_header: return "invalid_header";
    case errc::invalid_query_parameter: return "invalid_query_parameter";
    case errc::invalid_endpoint: return "invalid_endpoint";
    case errc::invalid_option: return "invalid_option";
    case errc::missing_credentials: return "missing_credentials";
    case errc::invalid_credentials: return "invalid_credentials";
    case errc::credentials_expire_too_soon: return "credentials_expire_too_soon";
    case errc::credentials_unavailable: return "credentials_unavailable";
    case errc::malformed_url: return "malformed_url";
    case errc::unsupported_algorithm: return "unsupported_algorithm";
    case errc::invalid_scope: return "invalid_scope";
    case errc::wrong_region: return "wrong_region";
    case errc::wrong_service: return "wrong_service";
    case errc::unknown_access_key: return "unknown_access_key";
    case errc::expired: return "expired";
    case errc::not_yet_valid: return "not_yet_valid";
    case errc::missing_signed_header: return "missing_signed_header";
    case errc::signature_mismatch: return "signature_mismatch";
    case errc::invalid_policy: return "invalid_policy";
    case errc::unexpected_http_status: return "unexpected_http_status";
    case errc::malformed_response: return "malformed_response";
    case errc::missing_field: return "missing_field";
    case errc::wrong_field_type: return "wrong_field_type";
  }
  return "unknown";
}

namespace detail::verification {

// The authentication parameters, by exact (decoded) name. S3 reads them case-sensitively;
// a parameter that matches one only case-insensitively is refused as ambiguous (the signer
// refuses such names too, so the URL could not have come from a SigV4 signer we can redo).
enum auth_param : std::size_t {
  p_algorithm, p_credential, p_date, p_expires, p_signed_headers, p_signature, p_token, p_count
};
inline constexpr std::array<std::string_view, p_count> auth_param_names = {
    "X-Amz-Algorithm",     "X-Amz-Credential", "X-Amz-Date",          "X-Amz-Expires",
    "X-Amz-SignedHeaders", "X-Amz-Signature",  "X-Amz-Security-Token"};

/// A bump allocator over the caller's work area, for decoded strings.
class arena {
 public:
  constexpr explicit arena(std::span<char> buf) noexcept : buf_(buf) {}
  /// Percent-decodes `in` into the arena. Errors: malformed_url (bad %XY),
  /// buffer_too_small (the arena is full).
  constexpr result<std::string_view> decode(std::string_view in) noexcept {
    const auto n = uri_decode(in, buf_.subspan(used_));
    if (!n) return n.error() == errc::buffer_too_small ? errc::buffer_too_small : errc::malformed_url;
    const std::string_view out(buf_.data() + used_, *n);
    used_ += *n;
    return out;
  }
  /// Copies `s` into the arena; false (nothing copied) when it does not fit.
  constexpr bool append(std::string_view s) noexcept {
    if (s.size() > buf_.size() - used_) return false;
    for (std::size_t i = 0; i < s.size(); ++i) buf_[used_ + i] = s[i];
    used_ += s.size();
    return true;
  }
  [[nodiscard]] constexpr std::size_t used() const noexcept { return used_; }
  [[nodiscard]] constexpr std::span<char> rest() const noexcept { return buf_.subspan(used_); }
  [[nodiscard]] constexpr char* at(std::size_t offset) const noexcept { return buf_.data() + offset; }

 private:
  std::span<char> buf_;
  std::size_t used_ = 0;
};

/// Bytes a request target may hold as is: printable ASCII, no space, no '#' (RFC 3986 §3:
/// the fragment never reaches a server; raw non-ASCII or control bytes are not a URI).
[[nodiscard]] constexpr bool is_url_byte(char c) noexcept {
  const auto b = static_cast<unsigned char>(c);
  return b > 0x20 && b < 0x7F && c != '#';
}

/// X-Amz-Expires: plain decimal digits, no sign, no leading zero (the signer writes the
/// canonical form; a different spelling could not be re-signed identically), at most 18.
/// -1 when malformed.
[[nodiscard]] constexpr std::int64_t parse_expires(std::string_view s) noexcept {
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return -1;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// 64 lowercase hex digits: how SigV4 prints a signature. S3 compares the text, so uppercase
/// hex would never match; it is refused as malformed.
[[nodiscard]] constexpr bool is_signature_text(std::string_view s) noexcept {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

/// Compares two equal-length texts in time that depends only on their length.
[[nodiscard]] constexpr bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^
                                  static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

/// Zeroes `bytes` in a way the optimiser keeps (see secure_wipe); a plain loop in constant
/// evaluation.
constexpr void wipe(std::span<char> bytes) noexcept {
  if (std::is_constant_evaluated() || bytes.empty()) {
    for (char& c : bytes) c = '\0';
    return;
  }
#if defined(__GNUC__) || defined(__clang__)
  __builtin_memset(bytes.data(), 0, bytes.size());
  __asm__ __volatile__("" : : "r"(bytes.data()) : "memory");
#else
  volatile char* p = bytes.data();
  for (std::size_t i = 0; i < bytes.size(); ++i) p[i] = '\0';
#endif
}

[[nodiscard]] constexpr std::string_view trim_blanks(std::string_view v) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

/// The signed header names (X-Amz-SignedHeaders, decoded): ';'-separated lowercase tokens,
/// strictly ascending (sorted, no duplicates, as SigV4 requires), `host` among them.
struct signed_header_list {
  std::array<std::string_view, max_signed_headers + 1> names{};
  std::size_t count = 0;
};

[[nodiscard]] constexpr bool parse_signed_headers(std::string_view s,
                                                  signed_header_list& out) noexcept {
  bool has_host = false;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find(';', i);
    if (j == std::string_view::npos) j = s.size();
    const std::string_view name = detail::slice(s, i, j - i);
    if (!is_http_token(name)) return false;
    for (char c : name) {
      if (c >= 'A' && c <= 'Z') return false;
    }
    if (out.count > 0 && !(out.names[out.count - 1] < name)) return false;
    if (out.count == out.names.size()) return false;
    out.names[out.count++] = name;
    if (name == "host") has_host = true;
    i = j + 1;
  }
  return has_host;
}

}  // namespace detail::verification

/// Verifies a presigned URL (SigV4 query authentication, S3 profile: UNSIGNED-PAYLOAD, path
/// encoded once, never normalised) using `work` for decoded strings and the re-signed URL.
///
/// Checks, in this order, each failing with its own errc:
///  - the caller's input: invalid_method, invalid_region / invalid_service (expected ones),
///    invalid_option (max_skew < 0, max_expiry outside 1..max_expiry_limit, the signer's range);
///  - malformed_url: not `http(s)://authority[/path]?query`, bytes outside printable ASCII, a
///    raw `+` (see the top of this file), a fragment, a bad %XY, an empty or ambiguous (case-variant X-Amz-*) or duplicated auth
///    parameter, a missing required one, a bad X-Amz-Date, X-Amz-Expires that is not plain
///    digits, X-Amz-Signature that is not 64 lowercase hex digits, X-Amz-SignedHeaders not
///    sorted lowercase tokens including host, an empty session token, more than
///    max_query_parameters other parameters, a parameter name given twice (decoded; the
///    presigner refuses to sign one), a query name or value decoding to CR, LF or NUL
///    (which the signer refuses to sign);
///  - unsupported_algorithm: X-Amz-Algorithm other than AWS4-HMAC-SHA256 (checked before the
///    other parameters, so SigV4a URLs get this answer);
///  - invalid_scope: X-Amz-Credential not `AKID/YYYYMMDD/region/service/aws4_request` (the
///    key id is everything before the last four '/'), or its date is not X-Amz-Date's day;
///  - wrong_region, wrong_service: the scope names another one than expected;
///  - invalid_expiry: X-Amz-Expires outside 1..max_expiry;
///  - expired: now > X-Amz-Date + X-Amz-Expires. The URL is valid up to and including that
///    second (the AWS documentation gives no finer rule; MinIO agrees, Ceph RGW refuses one
///    second earlier, at now == date + expires);
///  - not_yet_valid: now < X-Amz-Date - max_skew;
///  - missing_signed_header: a signed header other than host was not received;
///    invalid_header: a received signed header value with control characters, or a Host
///    header that is not a host;
///  - unknown_access_key: the lookup knows no such key (or returns an empty secret);
///    credentials_unavailable: the lookup threw (with exceptions on);
///    invalid_credentials: the looked-up secret is malformed;
///  - signature_mismatch: the signature recomputed from the decoded path, the query (all but
///    X-Amz-Signature), the method and the signed headers differs (constant-time compare).
/// buffer_too_small: `work` is too small; required_size() is a size that suffices
/// (verify_work_size). constexpr; no heap; nothing is written past `work`; the re-signed URL
/// (which holds the right signature) is wiped from `work` before returning. Thread-safe if
/// the lookup is.
template <secret_lookup SecretLookup>
[[nodiscard]] constexpr result<verified_url> verify_presigned_url(
    const verify_request& request, SecretLookup&& lookup, std::span<char> work) noexcept {
  namespace v = detail::verification;
  // --- The caller's own input.
  if (validate_http_method(request.method) != errc::ok) return errc::invalid_method;
  if (const errc e = validate_region(request.region); e != errc::ok) return e;
  if (const errc e = validate_service(request.service); e != errc::ok) return e;
  if (request.max_skew < 0 || request.max_expiry < 1 || request.max_expiry > max_expiry_limit)
    return errc::invalid_option;

  std::size_t headers_size = 0;
  for (const http_header& h : request.headers) headers_size += h.name.size() + h.value.size() + 1;
  const std::size_t enough = verify_work_size(request.url.size(), headers_size);

  v::arena arena(work);

  // --- scheme://authority[/path]?query
  const std::string_view url = request.url;
  for (char c : url) {
    // '+': no single meaning (see the top of this file).
    if (!v::is_url_byte(c) || c == '+') return errc::malformed_url;
  }
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return errc::malformed_url;
  const std::string_view scheme_text = detail::slice(url, 0, scheme_end);
  std::string_view scheme;
  if (detail::iequals(scheme_text, "https")) {
    scheme = "https";
  } else if (detail::iequals(scheme_text, "http")) {
    scheme = "http";
  } else {
    return errc::malformed_url;
  }
  const std::string_view after_scheme = detail::slice(url, scheme_end + 3);
  const std::size_t authority_end = after_scheme.find_first_of("/?");
  if (authority_end == std::string_view::npos || authority_end == 0) return errc::malformed_url;
  const std::string_view authority = detail::slice(after_scheme, 0, authority_end);
  if (!detail::is_valid_host(authority)) return errc::malformed_url;
  const std::string_view rest = detail::slice(after_scheme, authority_end);
  const std::size_t query_start = rest.find('?');
  if (query_start == std::string_view::npos) return errc::malformed_url;
  // An empty path is "/" on the wire (RFC 9112 §3.2.1), and in the canonical request.
  const std::string_view wire_path = query_start == 0 ? std::string_view("/") : detail::slice(rest, 0, query_start);
  const std::string_view wire_query = detail::slice(rest, query_start + 1);

  const auto path = arena.decode(wire_path);
  if (!path) return path.error() == errc::buffer_too_small ? result<verified_url>{errc::buffer_too_small, enough} : path.error();

  // --- The query: auth parameters by name, the others kept for re-signing.
  std::array<std::string_view, v::p_count> auth{};
  std::array<bool, v::p_count> seen{};
  std::array<query_param, max_query_parameters> params{};
  std::size_t param_count = 0;
  bool malformed = false;
  for (std::size_t i = 0; i <= wire_query.size();) {
    std::size_t j = wire_query.find('&', i);
    if (j == std::string_view::npos) j = wire_query.size();
    const std::string_view segment = detail::slice(wire_query, i, j - i);
    i = j + 1;
    if (segment.empty()) {
      malformed = true;  // "a&&b", a trailing '&' or an empty query
      continue;
    }
    const std::size_t eq = segment.find('=');
    const auto name = arena.decode(detail::slice(segment, 0, eq));
    const auto value = arena.decode(eq == std::string_view::npos ? std::string_view{}
                                                                 : detail::slice(segment, eq + 1));
    if (!name || !value) {
      if (name.error() == errc::buffer_too_small || value.error() == errc::buffer_too_small)
        return {errc::buffer_too_small, enough};
      malformed = true;
      continue;
    }
    bool is_auth = false;
    for (std::size_t k = 0; k < v::p_count; ++k) {
      if (*name == v::auth_param_names[k]) {
        is_auth = true;
        if (seen[k]) malformed = true;
        seen[k] = true;
        auth[k] = *value;
      }
    }
    if (is_auth) continue;
    if (name->empty() || detail::is_reserved_query_name(*name) ||
        validate_query_value(*name) != errc::ok || validate_query_value(*value) != errc::ok ||
        param_count == params.size()) {
      malformed = true;
      continue;
    }
    // A name given twice: SigV4 signs both values (sorted, so in either order), but which one
    // a server uses is its own choice (RGW 16.2 refuses the URL); the presigner refuses to
    // sign it. O(n^2) over at most max_query_parameters names.
    for (std::size_t k = 0; k < param_count; ++k) {
      if (params[k].name == *name) malformed = true;
    }
    params[param_count++] = {*name, *value};
  }
  // The algorithm first: a URL signed another way (SigV4a, ...) has other parameters.
  if (seen[v::p_algorithm] && auth[v::p_algorithm] != sigv4_algorithm)
    return errc::unsupported_algorithm;
  if (malformed) return errc::malformed_url;
  for (std::size_t k = 0; k < v::p_token; ++k) {
    if (!seen[k]) return errc::malformed_url;
  }

  // --- Parameter formats.
  const auto signed_at = parse_amz_timestamp(auth[v::p_date]);
  if (!signed_at) return errc::malformed_url;
  const std::int64_t expires_in = v::parse_expires(auth[v::p_expires]);
  if (expires_in < 0) return errc::malformed_url;
  if (!v::is_signature_text(auth[v::p_signature])) return errc::malformed_url;
  const std::string_view token = auth[v::p_token];
  if (seen[v::p_token] && (token.empty() || !detail::session_token_bytes_ok(token)))
    return errc::malformed_url;
  v::signed_header_list signed_headers;
  if (!v::parse_signed_headers(auth[v::p_signed_headers], signed_headers))
    return errc::malformed_url;

  // --- Credential scope: AKID/YYYYMMDD/region/service/aws4_request, split from the right so
  // an access key id containing '/' still parses.
  std::string_view credential = auth[v::p_credential];
  std::array<std::string_view, 4> scope{};  // date, region, service, terminator
  for (std::size_t k = 4; k-- > 0;) {
    const std::size_t slash = credential.rfind('/');
    if (slash == std::string_view::npos) return errc::invalid_scope;
    scope[k] = detail::slice(credential, slash + 1);
    credential = detail::slice(credential, 0, slash);
  }
  const std::string_view akid = credential;
  if (scope[3] != "aws4_request" || scope[0] != detail::slice(auth[v::p_date], 0, 8) ||
      validate_region(scope[1]) != errc::ok || validate_service(scope[2]) != errc::ok ||
      akid.empty() || akid.size() > max_access_key_id_size ||
      !detail::credential_key_bytes_ok(akid)) {
    return errc::invalid_scope;
  }
  if (scope[1] != request.region) return errc::wrong_region;
  if (scope[2] != request.service) return errc::wrong_service;

  // --- The validity window.
  if (expires_in < 1 || expires_in > request.max_expiry) return errc::invalid_expiry;
  const std::int64_t expires_at = *signed_at + expires_in;  // < 2^63: both are bounded
  if (request.now > expires_at) return errc::expired;
  if (request.now < *signed_at - request.max_skew) return errc::not_yet_valid;

  // --- Signed headers, from what was received.
  std::string_view host = authority;
  bool host_from_header = false;
  std::array<http_header, max_signed_headers> headers{};
  std::size_t header_count = 0;
  for (std::size_t s = 0; s < signed_headers.count; ++s) {
    const std::string_view name = signed_headers.names[s];
    // Join repeated fields with ',' (RFC 9110 §5.3), each value trimmed (SigV4 canonical
    // headers). A single field is used as is: no copy.
    std::string_view value{};
    std::size_t found = 0;
    std::size_t joined_at = 0;
    for (const http_header& h : request.headers) {
      if (!detail::iequals(h.name, name)) continue;
      if (found == 0) {
        value = h.value;
      } else {
        if (found == 1) {
          joined_at = arena.used();
          if (!arena.append(v::trim_blanks(value))) return {errc::buffer_too_small, enough};
        }
        if (!arena.append(",") || !arena.append(v::trim_blanks(h.value)))
          return {errc::buffer_too_small, enough};
        value = std::string_view(arena.at(joined_at), arena.used() - joined_at);
      }
      ++found;
    }
    if (name == "host") {
      if (found > 0) {
        host = v::trim_blanks(value);
        host_from_header = true;
      }
      continue;
    }
    if (found == 0) return errc::missing_signed_header;
    if (validate_header_value(value) != errc::ok) return errc::invalid_header;
    headers[header_count++] = {name, v::trim_blanks(value)};
  }
  if (host_from_header && !detail::is_valid_host(host)) return errc::invalid_header;

  // --- Re-sign the decoded request through the signer's own canonicaliser.
  const auto resign = [&](std::string_view secret) noexcept -> result<verified_url> {
    const std::array<std::string_view, 1> path_pieces = {*path};
    sigv4_query_request sreq;
    sreq.method = request.method;
    sreq.scheme = scheme;
    sreq.host = host;
    sreq.path = path_pieces;
    sreq.query = std::span<const query_param>(params.data(), param_count);
    sreq.headers = std::span<const http_header>(headers.data(), header_count);
    sreq.region = scope[1];
    sreq.signing_time = *signed_at;
    sreq.expires_in = expires_in;
    sigv4_options options;
    options.service = scope[2];
    options.max_expiry = request.max_expiry;
    const credentials_view creds{akid, secret, token, no_expiration};
    const std::size_t signer_at = arena.used();
    const auto resigned = sigv4_presign(sreq, creds, options, arena.rest());
    if (!resigned) {
      switch (resigned.error()) {
        case errc::buffer_too_small:
          return {errc::buffer_too_small, signer_at + resigned.required_size()};
        case errc::missing_credentials:
        case errc::invalid_credentials:
          return errc::invalid_credentials;  // the secret: the key id and token were checked
        case errc::invalid_header:
          return errc::invalid_header;
        default:
          return errc::malformed_url;
      }
    }
    const bool match = v::constant_time_equal(resigned->signature, auth[v::p_signature]);
    // The work area now holds the right signature for this request: never leave it behind.
    v::wipe(arena.rest().first(resigned->url.size()));
    if (!match) return errc::signature_mismatch;

    verified_url out;
    out.set_access_key_id(akid);
    out.signed_at = *signed_at;
    out.expires_at = expires_at;
    out.has_session_token = seen[v::p_token];
    out.set_request(host, *path, sreq.query, sreq.headers);
    return out;
  };

  // --- The secret. The lookup is the caller's code: one that throws (or whose result throws
  // when tested or read) gives credentials_unavailable, never std::terminate.
  //
  // An unknown key costs the same work as a known one with a wrong signature: the request is
  // re-signed with a stand-in secret (same derivation, same work-area bytes written and
  // wiped), so the answer time does not tell a server's hidden reason apart (key existence).
  const auto unknown_key = [&]() noexcept -> result<verified_url> {
    const auto dummy = resign("presign-stand-in-secret-for-unknown-keys");
    if (dummy.error() == errc::buffer_too_small) return dummy;  // as a known key would answer
    return errc::unknown_access_key;
  };
  result<verified_url> verdict{errc::unknown_access_key};
  const bool completed = detail::call_completes([&]() {
    auto found = [&]() {
      if constexpr (std::invocable<SecretLookup&, std::string_view, std::string_view>) {
        return lookup(akid, token);
      } else {
        return lookup(akid);
      }
    }();
    if (!static_cast<bool>(found)) {
      verdict = unknown_key();
      return;
    }
    const std::string_view secret = *found;
    verdict = secret.empty() ? unknown_key() : resign(secret);
  });
  if (!completed) return errc::credentials_unavailable;
  return verdict;
}

/// verify_presigned_url with a work area on the stack (default_verify_work_size, ~41 KiB):
/// URLs over max_verified_url_size bytes are malformed_url, and so is a URL plus headers that
/// does not fit (never with headers up to max_verified_headers_size). Otherwise the same
/// verdicts, but without the decoded request (has_request() false: it lived in the work
/// area); a server that acts on the request uses the overload above. constexpr; no heap.
template <secret_lookup SecretLookup>
[[nodiscard]] constexpr result<verified_url> verify_presigned_url(const verify_request& request,
                                                                  SecretLookup&& lookup) noexcept {
  if (request.url.size() > max_verified_url_size) return errc::malformed_url;
  std::array<char, default_verify_work_size> work{};
  auto r = verify_presigned_url(request, lookup, std::span<char>(work));
  if (r.error() == errc::buffer_too_small) return errc::malformed_url;
  if (r) r->forget_request();  // its views point into `work`, gone on return
  return r;
}

}  // namespace presign::inline v0
