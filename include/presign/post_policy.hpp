// SPDX-License-Identifier: MIT
// presign: presigned POST (browser form uploads): policy JSON, base64, signature, form fields.
#pragma once

// How a presigned POST works (AWS S3 API Reference, "Authenticating Requests in Browser-Based
// Uploads Using POST (AWS Signature Version 4)", and "Creating a POST Policy"):
// - The policy is a JSON document: an "expiration" (ISO 8601 UTC) and "conditions" that every
//   form field must satisfy (exact match, starts-with, content-length-range).
// - The string to sign is the policy's base64; the signature is
//   hex(HMAC(kSigning, base64(policy))) with the usual SigV4 key for DATE/REGION/s3.
// - The form is POSTed as multipart/form-data to the bucket root, with the fields (key, the
//   caller's fields, policy, x-amz-algorithm, x-amz-credential, x-amz-date,
//   x-amz-security-token, x-amz-signature) and the file last: S3 ignores fields after it.
//
// The policy this header writes has the layout of botocore's generate_presigned_post
// (json.dumps: `{"expiration": "...", "conditions": [...]}` with ", " and ": " separators,
// the conditions in botocore's order), so the two decode to the same JSON. Two differences:
// "expiration" carries milliseconds (`2015-12-30T12:00:00.000Z`) as the AWS documentation's
// example does, and non-ASCII characters are copied as UTF-8 (json.dumps(ensure_ascii=False),
// JSON.stringify) where botocore writes \u escapes: both are valid JSON that S3 accepts, and
// Ceph RGW decodes only the former right for characters outside the BMP (see put_json_string).
//
// Usage:
//   presign::presigner_options options;
//   options.region = "eu-west-1";
//   const presign::basic_post_signer signer(presign::environment_credentials(),
//                                           presign::system_clock{}, options);
//   const presign::post_field fields[] = {{"success_action_status", "201"},
//                                         {"Content-Type", "image/png", false}};
//   const presign::post_condition conditions[] = {
//       presign::post_condition::starts_with("Content-Type", "image/"),
//       presign::post_condition::content_length_range(1, 10 << 20)};
//   presign::post_request request;
//   request.bucket = "my-bucket";
//   request.key = "uploads/${filename}";
//   request.fields = fields;
//   request.conditions = conditions;
//   request.expires_in = 600;
//   std::array<char, 4096> buffer;
//   auto form = signer.presign_post(request, buffer);   // errc::buffer_too_small says how much
//   // form->url, then each of form->fields() as a form field, then the file as "file".
//
// To sign a policy written by hand: sign_post_policy() (scope and secret given), or
// basic_post_signer::sign_policy() (credentials and clock as above, form fields returned).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "presign/detail/slice.hpp"
#include "presign/amz_time.hpp"
#include "presign/base64.hpp"
#include "presign/clock.hpp"
#include "presign/credentials.hpp"
#include "presign/detail/buffer_writer.hpp"
#include "presign/detail/fixed_string.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/detail/signing_key_cache.hpp"
#include "presign/detail/utf8.hpp"
#include "presign/error.hpp"
#include "presign/hex.hpp"
#include "presign/hmac.hpp"
#include "presign/presigner.hpp"
#include "presign/s3_endpoint.hpp"
#include "presign/sigv4.hpp"
#include "presign/validate.hpp"

namespace presign::inline v0 {

/// The name of the form field that carries the file. It must be the last field of the form:
/// S3 ignores every field after it.
inline constexpr std::string_view post_file_field = "file";

/// The most caller fields (besides key and the signature fields) one POST form may carry.
inline constexpr std::size_t max_post_fields = 32;

/// The kinds of POST policy condition (S3 API Reference, "Creating a POST Policy").
enum class post_condition_kind : std::uint8_t {
  exact,                 ///< `{"field": "value"}`
  eq,                    ///< `["eq", "$field", "value"]` (the same test, array form)
  starts_with,           ///< `["starts-with", "$field", "prefix"]`; an empty prefix allows anything
  content_length_range,  ///< `["content-length-range", min, max]`, the file's size in bytes
};

/// One condition of a POST policy. Views: they must outlive the call only. `field` is the
/// form field name ("key", "Content-Type", "x-amz-meta-uuid", ...): an HTTP token without '$',
/// optionally preceded by the one '$' the array forms write before it; `value` any valid
/// UTF-8 (escaped in the JSON). Build with the static functions.
struct post_condition {
  post_condition_kind kind = post_condition_kind::exact;
  std::string_view field{};
  std::string_view value{};
  std::int64_t min = 0;  ///< content_length_range only
  std::int64_t max = 0;  ///< content_length_range only

  /// `{"field": "value"}`. constexpr, noexcept.
  [[nodiscard]] static constexpr post_condition exact(std::string_view field,
                                                      std::string_view value) noexcept {
    return {post_condition_kind::exact, field, value, 0, 0};
  }
  /// `["eq", "$field", "value"]`. constexpr, noexcept.
  [[nodiscard]] static constexpr post_condition eq(std::string_view field,
                                                   std::string_view value) noexcept {
    return {post_condition_kind::eq, field, value, 0, 0};
  }
  /// `["starts-with", "$field", "prefix"]`; "" allows any value. constexpr, noexcept.
  [[nodiscard]] static constexpr post_condition starts_with(std::string_view field,
                                                            std::string_view prefix) noexcept {
    return {post_condition_kind::starts_with, field, prefix, 0, 0};
  }
  /// `["content-length-range", min, max]`: 0 <= min <= max bytes. constexpr, noexcept.
  [[nodiscard]] static constexpr post_condition content_length_range(std::int64_t min,
                                                                     std::int64_t max) noexcept {
    return {post_condition_kind::content_length_range, {}, {}, min, max};
  }
};

/// A form field the caller wants sent: acl, Content-Type, Cache-Control, Content-Disposition,
/// Content-Encoding, Expires, success_action_status, success_action_redirect, redirect,
/// x-amz-meta-*, x-amz-server-side-encryption[-*], x-amz-storage-class, tagging (its XML
/// value), x-ignore-* ... S3 refuses a form with a field no condition names (except
/// x-ignore-*): by default the field gets the exact-match condition `{"name": "value"}`; set
/// `add_condition = false` when a post_condition (a starts-with, say) covers it instead.
struct post_field {
  /// An HTTP token without '$', not a name presign writes itself (key, policy, file,
  /// x-amz-algorithm, x-amz-credential, x-amz-date, x-amz-security-token, x-amz-signature).
  std::string_view name{};
  std::string_view value{};  ///< sent verbatim; valid UTF-8
  bool add_condition = true;
};

/// Which condition the policy puts on the object key.
enum class post_key_rule : std::uint8_t {
  /// `{"key": KEY}`, unless KEY contains `${filename}` (which S3 replaces with the uploaded
  /// file's name): then `["starts-with", "$key", <KEY up to ${filename}>]`, as botocore does.
  automatic,
  exact,   ///< always `{"key": KEY}`
  prefix,  ///< `["starts-with", "$key", key_prefix]`: the browser may change the key within it
};

/// One presigned POST to build. All views must outlive the call only.
struct post_request {
  std::string_view bucket{};
  /// The `key` form field: 1..1024 bytes of UTF-8 (errc::invalid_key), may contain
  /// `${filename}`.
  std::string_view key{};
  post_key_rule key_rule = post_key_rule::automatic;
  /// For post_key_rule::prefix: the key must start with it (else errc::invalid_policy); ""
  /// allows any key.
  std::string_view key_prefix{};
  std::span<const post_field> fields{};          ///< at most max_post_fields, distinct names
  std::span<const post_condition> conditions{};  ///< besides those of fields, bucket and key
  std::int64_t expires_in = 3600;  ///< seconds from the clock's now, 1..max_expiry
  std::string_view region{};       ///< overrides the signer's region when not empty
};

/// One form field to send: a name and its value (views).
struct form_field {
  std::string_view name{};
  std::string_view value{};
};

/// A presigned POST form. `url`, the policy, its base64, the signature and the credential,
/// date and token values are views into the caller's buffer; the key and the caller's field
/// values are views of the request's strings.
struct presigned_post {
  std::string_view url{};          ///< where to POST the form: the bucket root, ends with '/'
  std::string_view policy_json{};  ///< the policy document (what `policy` encodes)
  std::string_view policy{};       ///< base64 of policy_json: the string to sign
  std::string_view signature{};    ///< 64 lowercase hex digits
  std::int64_t signed_at = 0;      ///< unix seconds (x-amz-date)
  std::int64_t expires_at = 0;     ///< unix seconds (the expiration); 0 for a caller's policy
  std::array<form_field, max_post_fields + 7> field_storage{};
  std::size_t field_count = 0;

  /// The fields to send, in order: key, the caller's fields, policy, x-amz-algorithm,
  /// x-amz-credential, x-amz-date, x-amz-security-token (when there is a session token),
  /// x-amz-signature. Then the file, last, as post_file_field. constexpr, noexcept.
  [[nodiscard]] constexpr std::span<const form_field> fields() const noexcept {
    return {field_storage.data(), field_count};
  }
  /// The value of the field named exactly `name`, or "" when there is none. constexpr.
  [[nodiscard]] constexpr std::string_view field(std::string_view name) const noexcept {
    for (const form_field& f : fields()) {
      if (f.name == name) return f.value;
    }
    return {};
  }
};

namespace detail {

/// Writes `s` (valid UTF-8: checked by the caller) as a JSON string (RFC 8259 §7) the way
/// json.dumps(ensure_ascii=False) and JavaScript's JSON.stringify do: '"' and '\\' escaped,
/// \b \f \n \r \t, the other control characters U+0000..U+001F as \u00xx, everything else,
/// non-ASCII UTF-8 included, copied. Copying UTF-8 rather than writing \u escapes is what the
/// AWS SDK for JavaScript's createPresignedPost sends to S3, and Ceph RGW mis-decodes \u
/// surrogate pairs (an emoji in a key or x-amz-meta-* value then fails its condition).
constexpr void put_json_string(buffer_writer& w, std::string_view s) noexcept {
  w.put('"');
  std::size_t run = 0;  // start of a stretch of bytes copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b != '"' && b != '\\') continue;
    if (i > run) w.put(detail::slice(s, run, i - run));
    run = i + 1;
    switch (b) {
      case '"': w.put("\\\""); break;
      case '\\': w.put("\\\\"); break;
      case '\b': w.put("\\b"); break;
      case '\f': w.put("\\f"); break;
      case '\n': w.put("\\n"); break;
      case '\r': w.put("\\r"); break;
      case '\t': w.put("\\t"); break;
      default:
        w.put("\\u00");
        w.put(hex_lower_digits[b >> 4]);
        w.put(hex_lower_digits[b & 0xFu]);
        break;
    }
  }
  if (s.size() > run) w.put(detail::slice(s, run));
  w.put('"');
}

/// `{"name": "value"}`
constexpr void put_json_exact(buffer_writer& w, std::string_view name,
                              std::string_view value) noexcept {
  w.put('{');
  put_json_string(w, name);
  w.put(": ");
  put_json_string(w, value);
  w.put('}');
}

/// `["op", "$name", "value"]`
constexpr void put_json_triple(buffer_writer& w, std::string_view op, std::string_view name,
                               std::string_view value) noexcept {
  w.put("[\"");
  w.put(op);
  w.put("\", \"$");
  w.put(name);  // an HTTP token (validated): no '"', '\\' or control characters to escape
  w.put("\", ");
  put_json_string(w, value);
  w.put(']');
}

constexpr char post_ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality (form field names are compared so by S3).
constexpr bool post_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (post_ascii_lower(a[i]) != post_ascii_lower(b[i])) return false;
  }
  return true;
}

/// Writes a non-negative integer in decimal.
constexpr void put_post_decimal(buffer_writer& w, std::int64_t v) noexcept {
  std::array<char, 20> digits{};
  std::size_t n = 0;
  auto u = static_cast<std::uint64_t>(v < 0 ? 0 : v);
  do {
    digits[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n > 0) w.put(digits[--n]);
}

/// Form field names presign writes itself; a caller's field may not take them.
constexpr bool is_reserved_post_field(std::string_view name) noexcept {
  constexpr std::array<std::string_view, 8> reserved = {
      "key", "policy", "file", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
      "x-amz-security-token", "x-amz-signature"};
  for (std::string_view r : reserved) {
    if (post_iequals(name, r)) return true;
  }
  return false;
}

constexpr bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && post_iequals(detail::slice(s, 0, prefix.size()), prefix);
}

/// A form field name: an HTTP token without '$' (which the policy puts before names).
constexpr bool is_post_field_name(std::string_view name) noexcept {
  return is_http_token(name) && name.find('$') == std::string_view::npos;
}

/// A condition's field name without the optional leading '$'.
constexpr std::string_view condition_field(const post_condition& c) noexcept {
  return c.field.starts_with('$') ? detail::slice(c.field, 1) : c.field;
}

/// The key condition a request asks for: whether it is a starts-with, and its value.
struct key_condition {
  bool prefix = false;
  std::string_view value{};
};

constexpr key_condition key_condition_of(const post_request& r) noexcept {
  switch (r.key_rule) {
    case post_key_rule::exact: return {false, r.key};
    case post_key_rule::prefix: return {true, r.key_prefix};
    case post_key_rule::automatic: break;
  }
  const std::size_t at = r.key.find("${filename}");
  if (at == std::string_view::npos) return {false, r.key};
  return {true, detail::slice(r.key, 0, at)};
}

/// Checks a request's policy inputs (not the bucket, region or key bytes, checked elsewhere).
constexpr errc validate_post_policy_inputs(const post_request& r) noexcept {
  if (r.fields.size() > max_post_fields) return errc::invalid_policy;
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    const post_field& f = r.fields[i];
    if (!is_post_field_name(f.name) || is_reserved_post_field(f.name)) return errc::invalid_policy;
    if (!is_valid_utf8(f.value)) return errc::invalid_policy;
    for (std::size_t j = 0; j < i; ++j) {
      if (post_iequals(r.fields[j].name, f.name)) return errc::invalid_policy;  // one value each
    }
  }
  for (const post_condition& c : r.conditions) {
    if (c.kind == post_condition_kind::content_length_range) {
      if (c.min < 0 || c.max < c.min) return errc::invalid_policy;
      continue;
    }
    if (c.kind != post_condition_kind::exact && c.kind != post_condition_kind::eq &&
        c.kind != post_condition_kind::starts_with)
      return errc::invalid_policy;
    if (!is_post_field_name(condition_field(c)) || !is_valid_utf8(c.value))
      return errc::invalid_policy;
  }
  // A field sent without its own condition must be named by one (S3 refuses "extra input
  // fields"), except x-ignore-* which S3 ignores.
  for (const post_field& f : r.fields) {
    if (f.add_condition || starts_with_ci(f.name, "x-ignore-")) continue;
    bool covered = false;
    for (const post_condition& c : r.conditions) {
      covered = covered || (c.kind != post_condition_kind::content_length_range &&
                            post_iequals(condition_field(c), f.name));
    }
    if (!covered) return errc::invalid_policy;
  }
  if (r.key_rule == post_key_rule::prefix &&
      (!r.key.starts_with(r.key_prefix) || !is_valid_utf8(r.key_prefix)))
    return errc::invalid_policy;
  return errc::ok;
}

/// The values the signature fields take (views, valid while the call runs).
struct post_signature_values {
  std::string_view bucket{};
  std::string_view credential{};
  std::string_view date{};
  std::string_view token{};
  std::string_view expiration{};
};

/// Writes the policy document, conditions in botocore's order: the caller's fields' exact
/// matches, the caller's conditions, bucket, key, x-amz-algorithm, x-amz-credential,
/// x-amz-date, x-amz-security-token.
constexpr void put_post_policy(buffer_writer& w, const post_request& r,
                               const post_signature_values& v) noexcept {
  w.put("{\"expiration\": ");
  put_json_string(w, v.expiration);
  w.put(", \"conditions\": [");
  bool first = true;
  const auto next = [&] {
    if (!first) w.put(", ");
    first = false;
  };
  for (const post_field& f : r.fields) {
    if (!f.add_condition) continue;
    next();
    put_json_exact(w, f.name, f.value);
  }
  for (const post_condition& c : r.conditions) {
    next();
    switch (c.kind) {
      case post_condition_kind::exact: put_json_exact(w, condition_field(c), c.value); break;
      case post_condition_kind::eq: put_json_triple(w, "eq", condition_field(c), c.value); break;
      case post_condition_kind::starts_with:
        put_json_triple(w, "starts-with", condition_field(c), c.value);
        break;
      case post_condition_kind::content_length_range:
        w.put("[\"content-length-range\", ");
        put_post_decimal(w, c.min);
        w.put(", ");
        put_post_decimal(w, c.max);
        w.put(']');
        break;
    }
  }
  next();
  put_json_exact(w, "bucket", v.bucket);
  next();
  const key_condition k = key_condition_of(r);
  if (k.prefix) {
    put_json_triple(w, "starts-with", "key", k.value);
  } else {
    put_json_exact(w, "key", k.value);
  }
  next();
  put_json_exact(w, "x-amz-algorithm", sigv4_algorithm);
  next();
  put_json_exact(w, "x-amz-credential", v.credential);
  next();
  put_json_exact(w, "x-amz-date", v.date);
  if (!v.token.empty()) {
    next();
    put_json_exact(w, "x-amz-security-token", v.token);
  }
  w.put("]}");
}

}  // namespace detail

/// The signature of a POST policy: lowercase hex of HMAC(signing_key, policy_base64), where
/// signing_key is kSigning for the credential scope (derive_signing_key(secret, date, region,
/// "s3")) and policy_base64 the exact base64 text sent as the `policy` field. constexpr,
/// noexcept, no allocation.
[[nodiscard]] constexpr std::array<char, 64> post_policy_signature(
    const hmac_sha256& signing_key, std::string_view policy_base64) noexcept {
  return to_hex(signing_key.sign(policy_base64));
}

/// A caller's policy, encoded and signed: views into the caller's buffer.
struct signed_post_policy {
  std::string_view policy{};     ///< base64 of the policy text: the `policy` field
  std::string_view signature{};  ///< 64 lowercase hex digits: the `x-amz-signature` field
};

/// Signs a policy document written by the caller, used verbatim (its bytes, line ends and
/// spacing are what gets encoded): writes its base64 and then the signature into `out`
/// (base64_encoded_size(policy_json.size()) + 64 chars). The scope is
/// DATE/REGION/s3/aws4_request; `date` is YYYYMMDD and must be the day of the x-amz-date the
/// policy names. Errors: invalid_policy (empty or not valid UTF-8), invalid_time (date),
/// invalid_region, missing_credentials (empty secret), buffer_too_small with required_size().
/// constexpr, noexcept, no allocation; nothing is written past `out`.
[[nodiscard]] constexpr result<signed_post_policy> sign_post_policy(
    std::string_view policy_json, std::string_view secret_access_key, std::string_view date,
    std::string_view region, std::span<char> out) noexcept {
  if (policy_json.empty() || !detail::is_valid_utf8(policy_json)) return errc::invalid_policy;
  if (!parse_amz_date(date)) return errc::invalid_time;
  if (const errc e = validate_region(region); e != errc::ok) return e;
  if (secret_access_key.empty()) return errc::missing_credentials;
  const std::size_t b64 = base64_encoded_size(policy_json.size());
  if (out.size() < b64 + 64) return {errc::buffer_too_small, b64 + 64};
  detail::base64_encode_unchecked(policy_json.data(), policy_json.size(), out.data());
  const std::string_view policy(out.data(), b64);
  const auto sig = post_policy_signature(
      derive_signing_key(secret_access_key, date, region, "s3"), policy);
  for (std::size_t i = 0; i < sig.size(); ++i) out[b64 + i] = sig[i];
  return signed_post_policy{policy, std::string_view(out.data() + b64, 64)};
}

/// Presigned POST forms with credentials from `Credentials` and time from `Clock`, set up
/// like basic_presigner (presigner_options: region, endpoint and addressing style, expiry
/// ceiling, what to do with credentials that expire first). The form's URL follows the same
/// host rules as the presigner (resolve_endpoint) and points at the bucket root:
/// `https://BUCKET.s3.REGION.amazonaws.com/` or, path style, `https://HOST/BUCKET/`.
///
/// Thread-safety: const member functions may be called from many threads at once (the
/// signing-key cache is lock-free for readers) when the policies are thread-safe, as
/// presign's own are. constexpr with static_credentials and fixed_clock. No heap allocation.
template <credentials_source Credentials, clock_source Clock = system_clock>
class basic_post_signer {
 public:
  /// Copies the option strings (an over-long one makes every call fail with
  /// errc::invalid_endpoint). constexpr, noexcept.
  constexpr basic_post_signer(Credentials credentials, Clock clock,
                              const presigner_options& options) noexcept
      : credentials_(std::move(credentials)), clock_(std::move(clock)), config_(options) {
  }

  /// Builds the policy for `request` (expiration = now + expires_in; the conditions of the
  /// fields, the caller's conditions, bucket, key and the signature fields), signs it and
  /// writes URL, policy, base64 and signature values into `out`. Errors: invalid_bucket_name,
  /// invalid_region, invalid_key, invalid_expiry, invalid_endpoint, invalid_option,
  /// invalid_policy (a reserved, duplicate or non-token field name, a field no condition
  /// names, a condition that cannot be written, a value that is not UTF-8), the credentials
  /// source's error, invalid_credentials, credentials_expire_too_soon, invalid_time,
  /// buffer_too_small (required_size() says how much; about 2.4 times the policy plus the
  /// URL, credential and token). constexpr, noexcept, no allocation.
  [[nodiscard]] constexpr result<presigned_post> presign_post(const post_request& request,
                                                              std::span<char> out) const noexcept {
    return make(request, nullptr, out);
  }

  /// Signs `policy_json`, written by the caller, verbatim, and returns the form for
  /// `request`'s bucket, key and fields (its conditions, key rule and expires_in are not used:
  /// the policy says all that). The policy must itself require the bucket, the key, every
  /// field, and the x-amz-algorithm (`AWS4-HMAC-SHA256`), x-amz-credential
  /// (`AKID/YYYYMMDD/REGION/s3/aws4_request`) and x-amz-date values of the clock's now (and
  /// x-amz-security-token with a session token), or S3 refuses the form. expires_at is 0.
  /// Errors as presign_post (invalid_policy: empty or not UTF-8). constexpr, noexcept.
  [[nodiscard]] constexpr result<presigned_post> sign_policy(const post_request& request,
                                                             std::string_view policy_json,
                                                             std::span<char> out) const noexcept {
    return make(request, &policy_json, out);
  }

  [[nodiscard]] constexpr const Credentials& credentials() const noexcept { return credentials_; }
  [[nodiscard]] constexpr const Clock& clock() const noexcept { return clock_; }
  [[nodiscard]] constexpr std::string_view region() const noexcept { return config_.region(); }

 private:
  constexpr result<presigned_post> make(const post_request& request,
                                        const std::string_view* caller_policy,
                                        std::span<char> out) const noexcept {
    if (!config_.ok()) return errc::invalid_endpoint;
    if (config_.max_expiry() > max_expiry_limit) return errc::invalid_option;
    const std::string_view region = request.region.empty() ? config_.region() : request.region;
    if (region.empty()) return errc::invalid_region;
    if (validate_key(request.key) != errc::ok) return errc::invalid_key;
    if (caller_policy == nullptr) {
      if (request.expires_in < 1 || request.expires_in > config_.max_expiry())
        return errc::invalid_expiry;
      if (const errc e = detail::validate_post_policy_inputs(request); e != errc::ok) return e;
    } else {
      if (caller_policy->empty() || !detail::is_valid_utf8(*caller_policy))
        return errc::invalid_policy;
      // The caller's fields are sent as given, but their names must still be usable.
      if (request.fields.size() > max_post_fields) return errc::invalid_policy;
      for (std::size_t i = 0; i < request.fields.size(); ++i) {
        const post_field& f = request.fields[i];
        if (!detail::is_post_field_name(f.name) || detail::is_reserved_post_field(f.name))
          return errc::invalid_policy;
        for (std::size_t j = 0; j < i; ++j) {
          if (detail::post_iequals(request.fields[j].name, f.name)) return errc::invalid_policy;
        }
      }
    }

    const endpoint_options eopts = config_.endpoint();
    const auto endpoint = resolve_endpoint(request.bucket, region, eopts);
    if (!endpoint) return endpoint.error();

    // Credentials and time.
    // User-supplied source and clock may throw: errors, not std::terminate (guarded_call.hpp).
    using held_type = decltype(credentials_.get());
    auto held = detail::call_or<held_type>([this]() { return credentials_.get(); },
                                           errc::credentials_unavailable);
    if (!held) return held.error();
    const credentials_view creds = held->view();
    if (const errc e = validate_credentials(creds); e != errc::ok) return e;
    if (creds.access_key_id.size() > max_access_key_id_size ||
        !detail::is_valid_utf8(creds.access_key_id) || !detail::is_valid_utf8(creds.session_token))
      return errc::invalid_credentials;
    const std::int64_t now =
        detail::call_or<std::int64_t>([this]() { return clock_.now(); }, clock_failure);
    // A caller's own policy carries its own expiration: the credentials must only be alive.
    const auto allowed = detail::expiry_within_credentials(
        creds.expiration, now, caller_policy == nullptr ? request.expires_in : 1,
        config_.credential_expiry());
    if (!allowed) return allowed.error();
    const std::int64_t expires_in = caller_policy == nullptr ? *allowed : request.expires_in;
    const auto time = format_amz_time(now);
    if (!time) return time.error();
    std::array<char, 24> expiration{};
    std::int64_t expires_at = 0;
    if (caller_policy == nullptr) {
      if (now > detail::max_unix_seconds - expires_in) return errc::invalid_time;
      expires_at = now + expires_in;
      const auto e = format_iso8601_ms(expires_at);
      if (!e) return e.error();
      expiration = *e;
    }

    // The buffer: URL, credential, date, token, policy JSON, its base64, the signature.
    detail::buffer_writer w(out);
    w.put(endpoint->scheme());
    w.put("://");
    w.put(endpoint->host.view());
    w.put('/');
    if (!endpoint->bucket_in_path.empty()) {
      w.put(endpoint->bucket_in_path);  // validated bucket name: nothing to encode
      w.put('/');
    }
    const std::size_t url_end = w.size();
    const std::string_view date = time->date_view();
    w.put(creds.access_key_id);
    w.put('/');
    w.put(date);
    w.put('/');
    w.put(region);
    w.put("/s3/aws4_request");
    const std::size_t credential_end = w.size();
    w.put(time->timestamp_view());
    const std::size_t date_end = w.size();
    w.put(creds.session_token);
    const std::size_t token_end = w.size();
    if (caller_policy != nullptr) {
      w.put(*caller_policy);
    } else {
      // The JSON takes the values from the sources (the buffer may be too small to hold them).
      // + date, region (<= 63 characters) and the fixed parts
      detail::fixed_string<max_access_key_id_size + 96> credential;
      (void)(credential.append(creds.access_key_id) && credential.push_back('/') &&
             credential.append(date) && credential.push_back('/') && credential.append(region) &&
             credential.append("/s3/aws4_request"));
      detail::post_signature_values values;
      values.bucket = request.bucket;
      values.credential = credential.view();
      values.date = time->timestamp_view();
      values.token = creds.session_token;
      values.expiration = std::string_view(expiration.data(), expiration.size());
      detail::put_post_policy(w, request, values);
    }
    const std::size_t json_end = w.size();
    const std::size_t json_size = json_end - token_end;
    const std::size_t b64_size = base64_encoded_size(json_size);
    if (w.overflowed()) return {errc::buffer_too_small, w.size() + b64_size + 64};
    char* b64 = w.reserve(b64_size);
    if (b64 != nullptr) detail::base64_encode_unchecked(out.data() + token_end, json_size, b64);
    w.skip(b64_size);
    char* sig = w.reserve(64);
    w.skip(64);
    if (w.overflowed()) return {errc::buffer_too_small, w.size()};

    const std::string_view policy(b64, b64_size);
    const auto signature = post_policy_signature(signing_key(creds.secret_access_key, date, region),
                                                 policy);
    for (std::size_t i = 0; i < signature.size(); ++i) sig[i] = signature[i];

    const std::string_view all(out.data(), w.size());
    presigned_post r;
    r.url = detail::slice(all, 0, url_end);
    r.policy_json = detail::slice(all, token_end, json_size);
    r.policy = policy;
    r.signature = std::string_view(sig, 64);
    r.signed_at = now;
    r.expires_at = expires_at;
    const auto add = [&](std::string_view name, std::string_view value) {
      r.field_storage[r.field_count++] = form_field{name, value};
    };
    add("key", request.key);
    for (const post_field& f : request.fields) add(f.name, f.value);
    add("policy", policy);
    add("x-amz-algorithm", sigv4_algorithm);
    add("x-amz-credential", detail::slice(all, url_end, credential_end - url_end));
    add("x-amz-date", detail::slice(all, credential_end, date_end - credential_end));
    if (token_end > date_end)
      add("x-amz-security-token", detail::slice(all, date_end, token_end - date_end));
    add("x-amz-signature", r.signature);
    return r;
  }

  constexpr hmac_sha256 signing_key(std::string_view secret, std::string_view date,
                                    std::string_view region) const noexcept {
    if (std::is_constant_evaluated()) return derive_signing_key(secret, date, region, "s3");
    detail::fingerprint_builder fb;
    fb.add(secret);
    fb.add(date);
    fb.add(region);
    const detail::key_fingerprint fp = fb.finish();
    hmac_sha256 cached = hmac_sha256::from_midstates({});
    if (cache_.lookup(fp, cached)) return cached;
    const hmac_sha256 key = derive_signing_key(secret, date, region, "s3");
    cache_.store(fp, key, detail::secret_tag(secret));
    return key;
  }

  Credentials credentials_;
  Clock clock_;
  detail::owned_presigner_options config_;
  mutable detail::signing_key_cache cache_;
};

/// The common case: credentials and clock of any policy type, deduced.
template <class Credentials, class Clock>
basic_post_signer(Credentials, Clock, const presigner_options&)
    -> basic_post_signer<Credentials, Clock>;

}  // namespace presign::inline v0
